#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace OffsetLens {

// Time lag as kafka-lag-exporter estimates it: per partition a sliding table of (HW, time) points; the time at
// which the committed offset was the HW, read off that table, is how far behind the group is in seconds.
struct WatermarkPoint
{
    qint64 offset = 0;
    qint64 timeMs = 0;

    friend bool operator==(const WatermarkPoint &, const WatermarkPoint &) = default;
};

class WatermarkTable
{
public:
    explicit WatermarkTable(int capacity = 60);

    // Adds a refresh's HW. A point with a lower offset or an earlier time than the newest is dropped (a HW never
    // goes back; if it did, the topic was recreated: see reset()). A point with the newest offset only moves the
    // newest point's time when the two newest points already share that offset (a flat run is kept as its first and
    // last point). The oldest point goes when the table is full.
    void add(qint64 offset, qint64 timeMs);
    void reset();
    const QList<WatermarkPoint> &points() const { return m_points; }
    int capacity() const { return m_capacity; }

private:
    int m_capacity;
    QList<WatermarkPoint> m_points;
};

struct TimeLagEstimate
{
    std::optional<qint64> ms;  // how far behind, in ms; unset when unknown
    QString unknownReason;     // when unknown, in words: "only one HW sample so far", "no committed offset"
    bool extrapolated = false; // the committed offset was older than the table: read off the oldest→newest line
};

// For committed offset `committed` at `sampleTimeMs`: 0 when committed ≥ the newest HW point; unknown with fewer
// than two points; otherwise the time the HW passed `committed`, interpolated on the newest pair of points that
// brackets it, or extrapolated along the oldest → newest line; time lag = sampleTimeMs − that time (never negative).
TimeLagEstimate estimateTimeLag(const WatermarkTable &table, qint64 committed, qint64 sampleTimeMs);

} // namespace OffsetLens
