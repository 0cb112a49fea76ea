#include "timelag.h"

#include <limits>

namespace OffsetLens {

namespace {

// Offsets and times both reach 2^63, so their products need 128 bits (a GCC/Clang extension; -Wpedantic knows).
__extension__ using Wide = __int128;

Wide scaledRounded(Wide factor, Wide numerator, Wide denominator)
{
    const Wide product = factor * numerator;
    return (product + denominator / 2) / denominator;
}

// The time at which the line through `l` and `r` (r.offset > l.offset) reached `committed`.
Wide timeAtOffset(const WatermarkPoint &l, const WatermarkPoint &r, qint64 committed)
{
    const Wide behind = Wide(r.offset) - committed;
    const Wide span = Wide(r.timeMs) - l.timeMs;
    const Wide offsets = Wide(r.offset) - l.offset;
    // behind > 0, span >= 0 (times only grow) and offsets > 0, so adding half the divisor rounds to nearest.
    return Wide(r.timeMs) - scaledRounded(behind, span, offsets);
}

TimeLagEstimate known(Wide lagMs, bool extrapolated)
{
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    TimeLagEstimate estimate;
    // A HW point stamped after the sample would give a negative lag; a nearly flat extrapolation could overflow.
    estimate.ms = lagMs < 0 ? 0 : (lagMs > kMax ? kMax : qint64(lagMs));
    estimate.extrapolated = extrapolated;
    return estimate;
}

TimeLagEstimate unknown(const QString &reason)
{
    TimeLagEstimate estimate;
    estimate.unknownReason = reason;
    return estimate;
}

} // namespace

WatermarkTable::WatermarkTable(int capacity)
    // Two points are the least an estimate needs; a smaller table could never give one.
    : m_capacity(capacity < 2 ? 2 : capacity)
{}

void WatermarkTable::add(qint64 offset, qint64 timeMs)
{
    if (!m_points.isEmpty()) {
        const WatermarkPoint &newest = m_points.constLast();
        if (offset < newest.offset || timeMs < newest.timeMs)
            return;
        if (offset == newest.offset) {
            if (timeMs == newest.timeMs)
                return; // the same refresh seen twice
            const qsizetype n = m_points.size();
            if (n >= 2 && m_points.at(n - 2).offset == offset) {
                // An idle producer: the run only needs its start (when the HW got there) and its latest sighting.
                m_points.last().timeMs = timeMs;
                return;
            }
        }
    }
    m_points.append({offset, timeMs});
    if (m_points.size() > m_capacity)
        m_points.removeFirst();
}

void WatermarkTable::reset()
{
    m_points.clear();
}

TimeLagEstimate estimateTimeLag(const WatermarkTable &table, qint64 committed, qint64 sampleTimeMs)
{
    if (committed < 0)
        return unknown(QStringLiteral("no committed offset"));
    const QList<WatermarkPoint> &points = table.points();
    if (points.isEmpty())
        return unknown(QStringLiteral("no HW samples yet"));
    const WatermarkPoint &newest = points.constLast();
    if (committed >= newest.offset)
        return known(0, false); // caught up: nothing is waiting, however long the producer has been idle
    if (points.size() < 2)
        return unknown(QStringLiteral("only one HW sample so far"));

    // The newest pair with l.offset <= committed <= r.offset. Scanning from the newest end, the first l at or below
    // `committed` has an r strictly above it (the newest point is above it, and every point between was skipped
    // because it was above it too), so the pair's offsets differ and the division is safe; pairs inside a flat run
    // are never chosen.
    for (qsizetype i = points.size() - 1; i >= 1; --i) {
        const WatermarkPoint &l = points.at(i - 1);
        if (l.offset <= committed)
            return known(Wide(sampleTimeMs) - timeAtOffset(l, points.at(i), committed), false);
    }

    // Older than the oldest point: the table's overall produce rate is the best guess left.
    const WatermarkPoint &oldest = points.constFirst();
    if (oldest.offset == newest.offset) {
        // Only a flat run is recorded (possible when the table holds just its two ends): no rate to go by.
        return unknown(QStringLiteral("the HW has not moved since the first HW sample, so there is no produce rate "
                                      "to go back from"));
    }
    return known(Wide(sampleTimeMs) - timeAtOffset(oldest, newest, committed), true);
}

} // namespace OffsetLens
