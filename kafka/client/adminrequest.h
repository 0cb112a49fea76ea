#pragma once

#include "deadline.h"
#include "rdkafkaptr.h"

#include <functional>

namespace OffsetLens {

// librdkafka 2.0.2 aborts the process ("eonce->refcnt > 0" assertion, confluentinc/librdkafka#3663, #4605; the
// use-after-free behind it is described in #5397) when the librdkafka-side timeout of a coordinator-targeted admin
// request (ListConsumerGroups, DescribeConsumerGroups, ListConsumerGroupOffsets) expires while the coordinator
// goes down or comes back. tst_adminabort reproduces it: with short timeouts a flapping coordinator aborts a plain
// client within seconds, and the fetcher too once this constant is set to 200 ms. Such requests therefore get this
// long timeout, which never expires in practice; we stop waiting for them at our own deadline, drop their late
// results, and send no second request for a group whose first is still pending.
inline constexpr int kCoordinatorRequestTimeoutMs = 3600 * 1000;
AdminOptionsPtr makeCoordinatorAdminOptions(rd_kafka_t *rk, rd_kafka_admin_op_t op, void *opaque = nullptr);

// Polls `queue` in short slices until `expected` result events arrived, the deadline passed or the refresh was
// cancelled; hands each event to `handle` and destroys it afterwards. Returns how many events were handled.
int collectAdminResults(rd_kafka_queue_t *queue, int expected, const Deadline &deadline,
                        const std::atomic_bool &cancelled, const std::function<void(rd_kafka_event_t *)> &handle);

} // namespace OffsetLens
