#pragma once

#include "jobcontext.h"
#include "kafkaanswers.h"
#include "peekmessage.h"

namespace OffsetLens {

// The offset of the first message at or after each query's time (ListOffsets by timestamp on the connection's
// read_uncommitted client, one batched request per leader). librdkafka's mock cluster does not implement
// timestamps; the reset planner reaches this through an interface so it can be tested with a fake.
QList<OffsetForTime> lookupOffsetsForTimes(const JobContext &context, const QList<OffsetForTime> &queries);

// Reads the message at (or first after) each offset with a consumer of its own that never joins a group. Waits in
// short slices, honouring cancel and the request timeout; partitions that did not answer in time say so.
QList<FetchedMessage> fetchMessages(const JobContext &context, const QList<std::pair<TopicPartition, qint64>> &at,
                                    qsizetype maxBytes = 4096);

// Message peek: reads the messages around `request.anchor` with the same kind of consumer (no group, never
// commits, never resets), after reading both ends of the log so that an anchor retention deleted, or one beyond
// the end, is answered in plain words (PeekResult::message) rather than with a broker error. Keys, values and
// headers are cut at `request.valueCap`; the read is bounded by the request timeout and by the bytes kept, and
// honours cancel.
PeekResult peekMessages(const JobContext &context, const PeekRequest &request);

} // namespace OffsetLens
