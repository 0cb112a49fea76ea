#pragma once

#include "jobcontext.h"
#include "snapshot.h"

#include <chrono>

namespace OffsetLens {

// Fills in log start offset, high watermark and last stable offset of every partition in `topics` (leaders must be
// set from metadata). Three lookups run at once: earliest and latest on the connection's read_uncommitted client,
// latest on its read_committed one. Each is a batched ListOffsets per leader broker: librdkafka's offsets_for_times() accepts
// the special "timestamps" RD_KAFKA_OFFSET_BEGINNING (-2) and RD_KAFKA_OFFSET_END (-1) and groups partitions by
// leader. Failures land on the partitions (PartitionInfo::error); values are never made up. Returns refresh-level
// messages, e.g. which broker did not answer.
// Returns promptly when the job is cancelled (the partitions then carry "cancelled" errors).
QStringList fetchWatermarks(const JobContext &context, QList<TopicInfo> &topics, std::chrono::milliseconds timeout);

} // namespace OffsetLens
