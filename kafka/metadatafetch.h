#pragma once

#include "snapshot.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>

namespace OffsetLens {

class ClientErrorLog;

struct MetadataResult
{
    bool reached = false; // false: no broker answered; `error` says why
    QString error;
    QString clusterId;
    qint32 controllerId = -1;
    QList<BrokerInfo> brokers; // sorted by id
    QList<TopicInfo> topics;   // sorted by name, partitions sorted; watermarks not filled in yet
};

// One Metadata request for all topics. While no broker is reachable it waits in short slices so a cancelled
// refresh (or a closing window) is not held up by an unreachable bootstrap.
MetadataResult fetchMetadata(rd_kafka_t *rk, const QString &bootstrapServers, ClientErrorLog &errorLog,
                             std::chrono::milliseconds timeout, const std::atomic_bool &cancelled);

// Kafka's own internal topics (the offsets and transaction logs). Metadata has an is_internal flag on the wire,
// but librdkafka 2.0.2 does not pass it on, so we recognise them by the names Kafka reserves.
bool isInternalTopicName(const QString &name);

} // namespace OffsetLens
