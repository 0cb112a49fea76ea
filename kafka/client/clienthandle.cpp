#include "clienthandle.h"

#include "kafkalog.h"

#include <algorithm>

namespace OffsetLens {

namespace {
constexpr qsizetype kMaxErrorMessages = 20;

void logCallback(const rd_kafka_t *rk, int level, const char *facility, const char *message)
{
    // librdkafka logs from its own threads; the category is off by default so a GUI user's console stays quiet.
    qCDebug(lcKafka).nospace().noquote() << rd_kafka_name(rk) << " [" << level << "] " << facility << ": " << message;
}

void errorCallback(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    Q_UNUSED(rk)
    const auto code = static_cast<rd_kafka_resp_err_t>(err);
    qCDebug(lcKafka).noquote() << "client error:" << rd_kafka_err2name(code) << reason;
    if (auto *log = static_cast<ClientErrorLog *>(opaque))
        log->add(code, QString::fromUtf8(reason));
}

bool setProperty(rd_kafka_conf_t *conf, const QByteArray &name, const QByteArray &value, QString *errorMessage)
{
    char errstr[512];
    switch (rd_kafka_conf_set(conf, name.constData(), value.constData(), errstr, sizeof errstr)) {
    case RD_KAFKA_CONF_OK:
        return true;
    case RD_KAFKA_CONF_UNKNOWN:
        *errorMessage = QStringLiteral("Unknown client property \"%1\" in the connection profile: %2")
                            .arg(QString::fromUtf8(name), QString::fromUtf8(errstr));
        return false;
    case RD_KAFKA_CONF_INVALID:
        break;
    }
    *errorMessage = QStringLiteral("Invalid value for client property \"%1\": %2")
                        .arg(QString::fromUtf8(name), QString::fromUtf8(errstr));
    return false;
}
} // namespace

void ClientErrorLog::add(rd_kafka_resp_err_t err, const QString &reason)
{
    Q_UNUSED(err)
    const QMutexLocker lock(&m_mutex);
    m_lastReason = reason;
    if (!m_messages.contains(reason) && m_messages.size() < kMaxErrorMessages)
        m_messages.append(reason);
}

void ClientErrorLog::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_messages.clear();
    m_lastReason.clear();
}

QStringList ClientErrorLog::messages() const
{
    const QMutexLocker lock(&m_mutex);
    return m_messages;
}

QString ClientErrorLog::lastReason() const
{
    const QMutexLocker lock(&m_mutex);
    return m_lastReason;
}

ClientPtr createClient(rd_kafka_type_t type, const ConnectionProfile &profile, const QList<ClientProperty> &extra,
                       ClientErrorLog *errors, QString *errorMessage)
{
    QString ignored;
    if (!errorMessage)
        errorMessage = &ignored;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();

    QList<ClientProperty> properties{
        {"bootstrap.servers", profile.bootstrapServers.toUtf8()},
        {"client.id", "offsetlens"},
        {"reconnect.backoff.max.ms", "1000"},
    };
    properties += extra;
    for (auto it = profile.clientProperties.cbegin(); it != profile.clientProperties.cend(); ++it)
        properties.append({it.key().toUtf8(), it.value().toUtf8()});

    for (const ClientProperty &property : std::as_const(properties)) {
        if (!setProperty(conf, property.first, property.second, errorMessage)) {
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    }
    rd_kafka_conf_set_log_cb(conf, logCallback);
    rd_kafka_conf_set_error_cb(conf, errorCallback);
    rd_kafka_conf_set_opaque(conf, errors);

    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof errstr); // takes conf on success
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        *errorMessage = QStringLiteral("Could not create a Kafka client: %1").arg(QString::fromUtf8(errstr));
        return nullptr;
    }
    return ClientPtr(rk);
}

QString kafkaErrorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

} // namespace OffsetLens
