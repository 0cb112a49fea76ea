#include "adminrequest.h"

#include "kafkalog.h"

#include <algorithm>

namespace OffsetLens {

AdminOptionsPtr makeCoordinatorAdminOptions(rd_kafka_t *rk, rd_kafka_admin_op_t op, void *opaque)
{
    AdminOptionsPtr options(rd_kafka_AdminOptions_new(rk, op));
    char errstr[256];
    if (rd_kafka_AdminOptions_set_request_timeout(options.get(), kCoordinatorRequestTimeoutMs, errstr, sizeof errstr))
        qCDebug(lcKafka) << "admin request timeout not set:" << errstr;
    if (opaque)
        rd_kafka_AdminOptions_set_opaque(options.get(), opaque);
    return options;
}

int collectAdminResults(rd_kafka_queue_t *queue, int expected, const Deadline &deadline,
                        const std::atomic_bool &cancelled, const std::function<void(rd_kafka_event_t *)> &handle)
{
    int received = 0;
    while (received < expected && !deadline.expired() && !isCancelled(cancelled)) {
        rd_kafka_event_t *event = rd_kafka_queue_poll(queue, std::max(deadline.sliceMs(), 1));
        if (!event)
            continue;
        handle(event);
        rd_kafka_event_destroy(event);
        ++received;
    }
    return received;
}

} // namespace OffsetLens
