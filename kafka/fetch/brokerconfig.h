#pragma once

#include "deadline.h"
#include "groupsource.h"

#include <librdkafka/rdkafka.h>

#include <atomic>

namespace OffsetLens {

// Reads offsets.retention.minutes from broker `brokerId` with DescribeConfigs (a broker resource is answered by
// that broker itself). Waits at most until `deadline`; a request still in flight then is abandoned (librdkafka
// keeps it until the client goes, see kCoordinatorRequestTimeoutMs for why it gets a long timeout of its own).
BrokerSetting describeOffsetsRetention(rd_kafka_t *client, qint32 brokerId, const Deadline &deadline,
                                       const std::atomic_bool &cancelled);

} // namespace OffsetLens
