#pragma once

#include "offsetlanes.h"

#include <QString>

namespace OffsetLens {

// The things the visualiser draws, each with a name and one sentence on what it means.
enum class MarkerKind
{
    LogStart,
    Committed,
    Position,
    LastStable,
    HighWatermark,
    LogEnd,
    Lag,
    DeletedLag,          // the part of a lag that retention already deleted (committed < log start)
    CommittedBelowStart, // the committed marker drawn outside the lane, left
    CommittedAboveEnd,   // the committed marker drawn outside the lane, right
    PendingTarget,       // where an edit will move the committed offset
};

QString markerName(MarkerKind kind); // "Log start", "Committed offset", ...
// One sentence on what the marker means, e.g. "Committed offset: where this group resumes after a restart or
// rebalance." (translatable, no values).
QString markerMeaning(MarkerKind kind);
// The full tooltip text for a marker of `lane`: name (with the group for group markers), value, and meaning; for the
// out-of-range cases also what the consumer will do (offset out of range, auto.offset.reset) with the numbers.
// `pendingTarget` is the value of a PendingTarget marker. Rich text is not used: plain lines joined by "\n".
QString markerToolTip(MarkerKind kind, const OffsetLane &lane, qsizetype groupIndex, const QString &groupId,
                      qint64 pendingTarget = kNoOffset);

} // namespace OffsetLens
