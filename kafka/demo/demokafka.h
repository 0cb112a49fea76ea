#pragma once

#include <QLoggingCategory>
#include <QString>

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

// Small RAII and configuration helpers shared by the demo's producers, consumers and admin calls.
namespace OffsetLens::Demo {

Q_DECLARE_LOGGING_CATEGORY(lcDemo)

struct HandleDeleter
{
    void operator()(rd_kafka_t *rk) const
    {
        if (rk)
            rd_kafka_destroy(rk);
    }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, HandleDeleter>;

struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t *list) const
    {
        if (list)
            rd_kafka_topic_partition_list_destroy(list);
    }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

using Settings = std::vector<std::pair<std::string, std::string>>;

// Settings every demo client shares: tuned for a loopback cluster and a small CPU budget.
Settings commonClientSettings(const std::string &bootstrap);

// Hooks a consumer may install; all optional.
struct HandleHooks
{
    void *opaque = nullptr;
    void (*rebalance)(rd_kafka_t *, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t *, void *) = nullptr;
};

// Creates a client. Logs and errors go to the lcDemo category instead of stderr, so the headless
// `--demo-broker` mode and the tests stay quiet. Returns null and fills `error` on failure.
KafkaHandle createHandle(rd_kafka_type_t type, const Settings &settings, const HandleHooks &hooks, QString *error);

QString errorText(rd_kafka_resp_err_t err);

} // namespace OffsetLens::Demo
