#pragma once

#include "deadline.h"
#include "rdkafkaptr.h"

#include <functional>

namespace OffsetLens {

// librdkafka 2.0.2 can abort the process ("eonce->refcnt > 0" assertion, confluentinc/librdkafka#3663 and #4605)
// when a group admin request (ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets) times out
// while a broker it needs is down. Such requests therefore get this long librdkafka-side timeout; we stop waiting
// for them at our own deadline and drop their late results.
inline constexpr int kCoordinatorRequestTimeoutMs = 3600 * 1000;
AdminOptionsPtr makeCoordinatorAdminOptions(rd_kafka_t *rk, rd_kafka_admin_op_t op, void *opaque = nullptr);

// Polls `queue` in short slices until `expected` result events arrived, the deadline passed or the refresh was
// cancelled; hands each event to `handle` and destroys it afterwards. Returns how many events were handled.
int collectAdminResults(rd_kafka_queue_t *queue, int expected, const Deadline &deadline,
                        const std::atomic_bool &cancelled, const std::function<void(rd_kafka_event_t *)> &handle);

} // namespace OffsetLens
