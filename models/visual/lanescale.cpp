#include "lanescale.h"

#include <QtNumeric>

#include <algorithm>
#include <cmath>
#include <limits>

namespace OffsetLens {

namespace {

// Each side of an extent gets this share of its width, so markers at the ends (the HW, the lowest committed
// offset) sit inside the plot rather than on its border, where they would be cut in half.
constexpr double kMarginShare = 0.03;
// Absolute: at least one offset each side, so a single-offset extent still has a width to draw.
constexpr double kMinAbsoluteMargin = 1.0;
// 2^63: a double at or past it does not fit llround's result.
constexpr double kTwoTo63 = 9223372036854775808.0;

std::pair<double, double> withMargin(LaneScaleMode mode, double lo, double hi)
{
    const double share = (hi - lo) * kMarginShare;
    const double margin = mode == LaneScaleMode::Absolute ? std::max(share, kMinAbsoluteMargin) : share;
    return {lo - margin, hi + margin};
}

// Widens [lo, hi] to take in x; NaN (an unknown value) leaves it as it is.
void take(double x, double &lo, double &hi)
{
    if (std::isnan(x))
        return;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
}

// Where a lane draws its own log: its known ends (both, or the one the source gave).
void takeLog(const LaneScale &scale, const OffsetLane &lane, double &lo, double &hi)
{
    if (scale.mode == LaneScaleMode::Normalised) {
        if (lane.knowsRange()) {
            take(0.0, lo, hi);
            take(1.0, lo, hi);
        }
        return;
    }
    for (const qint64 offset : {lane.logStartOffset, lane.highWatermark, lane.lastStableOffset, lane.logEndOffset})
        take(scale.toX(lane, offset), lo, hi);
}

} // namespace

LanePlace placeOf(const OffsetLane &lane, qint64 offset)
{
    if (offset < 0 || !lane.knowsRange())
        return LanePlace::Unknown;
    if (offset < lane.logStartOffset)
        return LanePlace::BelowStart;
    if (offset > lane.highWatermark)
        return LanePlace::AboveEnd;
    return LanePlace::Inside;
}

double LaneScale::toX(const OffsetLane &lane, qint64 offset) const
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (offset < 0)
        return nan;
    if (mode == LaneScaleMode::Absolute)
        return double(offset);
    switch (placeOf(lane, offset)) {
    case LanePlace::Unknown:
        return nan;
    case LanePlace::BelowStart:
        return -kOutside;
    case LanePlace::AboveEnd:
        return 1.0 + kOutside;
    case LanePlace::Inside:
        break;
    }
    const qint64 span = lane.highWatermark - lane.logStartOffset;
    // An empty lane has only one offset inside it (log start == HW), and it is where the next message will go.
    if (span == 0)
        return 1.0;
    return double(offset - lane.logStartOffset) / double(span);
}

qint64 LaneScale::toOffset(const OffsetLane &lane, double x) const
{
    if (!std::isfinite(x))
        return kNoOffset;
    if (mode == LaneScaleMode::Absolute) {
        if (x <= 0)
            return 0;
        return x >= kTwoTo63 ? std::numeric_limits<qint64>::max() : qint64(std::llround(x));
    }
    if (!lane.knowsRange())
        return kNoOffset;
    const qint64 span = lane.highWatermark - lane.logStartOffset;
    const double scaled = std::clamp(x, 0.0, 1.0) * double(span);
    // A span near the int64 limit rounds up as a double: the HW is then the nearest offset there is.
    const qint64 steps = scaled >= kTwoTo63 ? span : std::min(qint64(std::llround(scaled)), span);
    return lane.logStartOffset + steps;
}

std::pair<double, double> LaneScale::extent(const QList<OffsetLane> &lanes) const
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const OffsetLane &lane : lanes) {
        takeLog(*this, lane, lo, hi);
        for (const LaneCommit &commit : lane.commits) {
            // Normalised, a committed offset or position outside the log maps to ±kOutside, which widens the
            // extent just enough to show its break mark.
            take(toX(lane, commit.committed), lo, hi);
            take(toX(lane, commit.position), lo, hi);
        }
    }
    if (lo > hi)
        return {0.0, 1.0};
    return withMargin(mode, lo, hi);
}

std::pair<double, double> LaneScale::lagExtent(const QList<OffsetLane> &lanes, qsizetype groupIndex) const
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const OffsetLane &lane : lanes) {
        const LaneCommit *commit = lane.commit(groupIndex);
        if (!commit || !commit->lag.lag || *commit->lag.lag <= 0)
            continue;
        // A committed offset below the log start is lower than the log start, so starting at it takes in the
        // deleted part of the lag as well as the retained part.
        take(toX(lane, commit->committed), lo, hi);
        take(toX(lane, lane.highWatermark), lo, hi);
    }
    if (lo > hi)
        return extent(lanes);
    return withMargin(mode, lo, hi);
}

} // namespace OffsetLens
