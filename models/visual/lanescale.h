#pragma once

#include "offsetlanes.h"

namespace OffsetLens {

// How offsets map to the visualiser's x axis.
enum class LaneScaleMode
{
    Absolute,   // x is the offset itself: lanes share one axis, so sizes compare across partitions
    Normalised, // x is the fraction of each lane's own retained log: 0 at its log start, 1 at its HW
};

// Where an offset sits relative to a lane's retained log.
enum class LanePlace
{
    Unknown,    // the lane's log start or HW is unknown (or the offset is kNoOffset)
    BelowStart, // deleted by retention: drawn outside the lane, left of it
    Inside,     // log start <= offset <= HW
    AboveEnd,   // beyond the HW: drawn outside the lane, right of it
};

LanePlace placeOf(const OffsetLane &lane, qint64 offset);

// The mapping for one scale mode. In the normalised mode an offset outside a lane's log has no place on the lane's
// own scale, so it is drawn a fixed distance outside it (kOutside) with a break mark; in the absolute mode it sits
// at its true value.
struct LaneScale
{
    static constexpr double kOutside = 0.06;

    LaneScaleMode mode = LaneScaleMode::Absolute;

    // x for an offset on this lane; NaN when it cannot be placed (unknown offset or, normalised, unknown range).
    // Normalised, an empty lane (log start == HW) puts everything at 1.
    double toX(const OffsetLane &lane, qint64 offset) const;
    // The whole offset nearest to x on this lane (the inverse of toX inside the lane; outside it, normalised, the
    // nearer end). kNoOffset when the lane's range is unknown (normalised) or x is not finite.
    qint64 toOffset(const OffsetLane &lane, double x) const;
    // The x range the lanes' logs cover (min log start .. max HW absolute, 0..1 normalised), widened to take in
    // every drawn committed offset and position; {0, 1} when nothing is known.
    std::pair<double, double> extent(const QList<OffsetLane> &lanes) const;
    // The x range that shows the lag of group `groupIndex` on the given lanes (from the lowest committed offset to
    // the HW, with a margin); extent() when there is no lag.
    std::pair<double, double> lagExtent(const QList<OffsetLane> &lanes, qsizetype groupIndex) const;
};

} // namespace OffsetLens
