#include "demokafka.h"

namespace OffsetLens::Demo {

Q_LOGGING_CATEGORY(lcDemo, "offsetlens.demo", QtWarningMsg)

namespace {

void logToCategory(const rd_kafka_t *, int level, const char *facility, const char *message)
{
    // syslog levels: 0..3 are errors, 4 warnings, the rest chatter.
    if (level <= 3)
        qCWarning(lcDemo, "librdkafka %s: %s", facility, message);
    else
        qCDebug(lcDemo, "librdkafka %s: %s", facility, message);
}

void errorToCategory(rd_kafka_t *, int err, const char *reason, void *)
{
    // Transport hiccups are expected while the demo shuts down; keep them out of the user's terminal.
    qCDebug(lcDemo, "librdkafka error %s: %s", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)), reason);
}

} // namespace

Settings commonClientSettings(const std::string &bootstrap)
{
    return {
        {"bootstrap.servers", bootstrap},
        {"broker.address.family", "v4"},
        {"statistics.interval.ms", "0"},
        {"log.connection.close", "false"},
        {"socket.nagle.disable", "true"},
        // Connect to all three brokers at once instead of on first need: the lazy path waits for librdkafka's 1 s
        // timer, which would add a second to start() for every new client.
        {"enable.sparse.connections", "false"},
        // The demo's topics never change after start(); fewer metadata refreshes, fewer wakeups.
        {"topic.metadata.refresh.interval.ms", "60000"},
    };
}

ClientPtr createHandle(rd_kafka_type_t type, const Settings &settings, const HandleHooks &hooks, QString *error)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char errstr[512] = {};
    for (const auto &[key, value] : settings) {
        if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            if (error)
                *error =
                    QStringLiteral("%1=%2: %3")
                        .arg(QString::fromStdString(key), QString::fromStdString(value), QString::fromUtf8(errstr));
            rd_kafka_conf_destroy(conf);
            return {};
        }
    }
    // Troubleshooting aid: OFFSETLENS_DEMO_RDKAFKA_DEBUG=broker,cgrp,... turns on librdkafka's debug contexts
    // (shown with QT_LOGGING_RULES=offsetlens.demo.debug=true).
    if (const QByteArray contexts = qgetenv("OFFSETLENS_DEMO_RDKAFKA_DEBUG"); !contexts.isEmpty())
        rd_kafka_conf_set(conf, "debug", contexts.constData(), errstr, sizeof errstr);
    rd_kafka_conf_set_log_cb(conf, logToCategory);
    rd_kafka_conf_set_error_cb(conf, errorToCategory);
    if (hooks.opaque)
        rd_kafka_conf_set_opaque(conf, hooks.opaque);
    if (hooks.rebalance)
        rd_kafka_conf_set_rebalance_cb(conf, hooks.rebalance);

    rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof errstr); // takes ownership of conf on success
    if (!rk) {
        if (error)
            *error = QString::fromUtf8(errstr);
        rd_kafka_conf_destroy(conf);
        return {};
    }
    return ClientPtr(rk);
}

QString errorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

} // namespace OffsetLens::Demo
