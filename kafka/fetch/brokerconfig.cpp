#include "brokerconfig.h"

#include "adminrequest.h"

#include <cstring>

namespace OffsetLens {

namespace {

constexpr char kRetentionKey[] = "offsets.retention.minutes";

struct ConfigResourceDeleter
{
    void operator()(rd_kafka_ConfigResource_t *resource) const { rd_kafka_ConfigResource_destroy(resource); }
};

} // namespace

BrokerSetting describeOffsetsRetention(rd_kafka_t *client, qint32 brokerId, const Deadline &deadline,
                                       const std::atomic_bool &cancelled)
{
    BrokerSetting setting;
    const QByteArray name = QByteArray::number(brokerId);
    std::unique_ptr<rd_kafka_ConfigResource_t, ConfigResourceDeleter> resource(
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, name.constData()));
    rd_kafka_ConfigResource_t *resources[] = {resource.get()};
    const QueuePtr queue(rd_kafka_queue_new(client));
    // The same long librdkafka-side timeout as the group requests: an admin request timing out while its broker is
    // down is what made librdkafka 2.0.2 abort; our own deadline decides how long we wait.
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(client, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
    rd_kafka_DescribeConfigs(client, resources, 1, options.get(), queue.get());

    const int received = collectAdminResults(queue.get(), 1, deadline, cancelled, [&](rd_kafka_event_t *event) {
        if (const rd_kafka_resp_err_t err = rd_kafka_event_error(event)) {
            setting.problem = QString::fromUtf8(rd_kafka_event_error_string(event));
            setting.final = err == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE ||
                            err == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION ||
                            err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
            return;
        }
        const rd_kafka_DescribeConfigs_result_t *result = rd_kafka_event_DescribeConfigs_result(event);
        size_t count = 0;
        const rd_kafka_ConfigResource_t **answered = rd_kafka_DescribeConfigs_result_resources(result, &count);
        for (size_t i = 0; i < count; ++i) {
            if (const rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(answered[i])) {
                const char *text = rd_kafka_ConfigResource_error_string(answered[i]);
                setting.problem = QString::fromUtf8(text ? text : rd_kafka_err2str(err));
                setting.final = err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED ||
                                err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED;
                continue;
            }
            size_t entries = 0;
            const rd_kafka_ConfigEntry_t **configs = rd_kafka_ConfigResource_configs(answered[i], &entries);
            for (size_t e = 0; e < entries; ++e) {
                if (std::strcmp(rd_kafka_ConfigEntry_name(configs[e]), kRetentionKey) != 0)
                    continue;
                const char *value = rd_kafka_ConfigEntry_value(configs[e]);
                bool ok = false;
                const qint64 minutes = value ? QByteArray(value).trimmed().toLongLong(&ok) : 0;
                if (ok && minutes > 0) {
                    setting.value = minutes;
                    setting.final = true;
                } else {
                    setting.problem = QStringLiteral("%1 has no usable value (%2)")
                                          .arg(QLatin1String(kRetentionKey),
                                               value ? QString::fromUtf8(value) : QStringLiteral("hidden"));
                }
            }
        }
        if (!setting.value && setting.problem.isEmpty())
            setting.problem = QStringLiteral("the broker did not report %1").arg(QLatin1String(kRetentionKey));
    });
    if (received == 0)
        setting.problem = isCancelled(cancelled) ? QStringLiteral("cancelled") : QStringLiteral("timed out");
    return setting;
}

} // namespace OffsetLens
