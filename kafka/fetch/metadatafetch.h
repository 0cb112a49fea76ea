#pragma once

#include "jobcontext.h"
#include "snapshot.h"

#include <librdkafka/rdkafka.h>

#include <chrono>

namespace OffsetLens {

struct MetadataResult
{
    bool reached = false; // false: no broker answered; `error` says why
    QString error;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR; // why not, as librdkafka put it
    QString clusterId;
    qint32 controllerId = -1;
    QList<BrokerInfo> brokers; // sorted by id
    QList<TopicInfo> topics;   // sorted by name, partitions sorted; watermarks not filled in yet
};

// One Metadata request for all topics on the connection's admin client `rk`, given the whole budget (a slow broker
// gets all of it) and awaited on a background thread, so cancel ends the wait at once. If the broker it went to
// stays silent for a while (it may have gone down under the request), one more request goes out beside it. While no
// broker is reachable at all it asks again after a short pause.
MetadataResult fetchMetadata(const JobContext &context, rd_kafka_t *rk, std::chrono::milliseconds timeout);

// Kafka's own internal topics (the offsets and transaction logs). Metadata has an is_internal flag on the wire,
// but librdkafka 2.0.2 does not pass it on, so we recognise them by the names Kafka reserves.
bool isInternalTopicName(const QString &name);

} // namespace OffsetLens
