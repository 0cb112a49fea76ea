#pragma once

#include "rdkafkaptr.h"

#include <QLoggingCategory>
#include <QString>

#include <string>
#include <utility>
#include <vector>

// Configuration helpers shared by the demo's producers, consumers and admin calls (the owning pointers are kafka/'s).
namespace OffsetLens::Demo {

Q_DECLARE_LOGGING_CATEGORY(lcDemo)

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
ClientPtr createHandle(rd_kafka_type_t type, const Settings &settings, const HandleHooks &hooks, QString *error);

QString errorText(rd_kafka_resp_err_t err);

} // namespace OffsetLens::Demo
