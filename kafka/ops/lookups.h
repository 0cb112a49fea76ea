#pragma once

#include "jobcontext.h"
#include "kafkaanswers.h"

namespace OffsetLens {

// The offset of the first message at or after each query's time (ListOffsets by timestamp on the connection's
// read_uncommitted client, one batched request per leader). librdkafka's mock cluster does not implement
// timestamps; the reset planner reaches this through an interface so it can be tested with a fake.
QList<OffsetForTime> lookupOffsetsForTimes(const JobContext &context, const QList<OffsetForTime> &queries);

// Reads the message at (or first after) each offset with a consumer of its own that never joins a group. Waits in
// short slices, honouring cancel and the request timeout; partitions that did not answer in time say so.
QList<FetchedMessage> fetchMessages(const JobContext &context, const QList<std::pair<TopicPartition, qint64>> &at,
                                    qsizetype maxBytes = 4096);

} // namespace OffsetLens
