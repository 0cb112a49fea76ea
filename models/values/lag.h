#pragma once

#include "snapshot.h"

#include <optional>

namespace OffsetLens {

// How a committed offset relates to the partition's retained log. Anything but Normal is shown to the user,
// never hidden: these are the cases operators need to see.
enum class OffsetStatus
{
    Normal,               // log start <= committed <= HW
    NoCommit,             // the group has no committed offset for the partition: no lag value (CLI prints "-")
    UnknownWatermark,     // the HW could not be read (leaderless partition, timeout): no lag value
    AheadOfHighWatermark, // committed > HW: lag is negative (e.g. a topic was deleted and recreated)
    BelowLogStart,        // committed < log start: retention deleted data the group never read; the consumer
                          // will hit OFFSET_OUT_OF_RANGE and reset per auto.offset.reset
};

QString offsetStatusText(OffsetStatus status);

struct PartitionLag
{
    std::optional<qint64> lag; // HW - committed, as kafka-consumer-groups computes it
    OffsetStatus status = OffsetStatus::NoCommit;
    // For BelowLogStart: how many of the lagging messages no longer exist (log start - committed).
    qint64 deletedMessages = 0;

    friend bool operator==(const PartitionLag &, const PartitionLag &) = default;
};

// Lag = HW - committed, with the reference CLI's conventions: no commit -> no lag value; committed above the HW or
// below the log start -> still computed (HW - committed) and flagged.
PartitionLag computeLag(qint64 committed, qint64 logStartOffset, qint64 highWatermark);

} // namespace OffsetLens
