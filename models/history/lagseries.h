#pragma once

#include "lagsample.h"

#include <QList>
#include <QString>
#include <QVector>

namespace OffsetLens {

// What a chart of a group's or a topic's history shows.
enum class LagChartKind
{
    // A group's.
    TotalLag,        // one line: the group's total lag (messages)
    LagPerTopic,     // one series per topic (stackable)
    LagPerPartition, // one series per partition, the ones lagging most; the rest summed as "other" (stackable)
    TimeLag,         // the largest time lag over the group's partitions (seconds), estimated from the HW history
    Rates,           // consume rate (committed offsets per second) against produce rate (HW per second)
           // A topic's.
    ProduceRate,             // one line: messages appended per second over all partitions
    ProduceRatePerPartition, // per partition, the busiest; the rest summed as "other" (stackable)
    HighWatermarks,          // each partition's HW, the highest (not stackable: offsets of different logs)
};
QString lagChartKindName(LagChartKind kind); // "Total lag", "Lag per topic", ...
// The kinds that apply to a subject, in the order a chart offers them.
QList<LagChartKind> chartKindsFor(HistorySubject subject);

struct ChartSeries
{
    QString name;
    QVector<double> timesSec; // seconds since the epoch (UTC), ascending
    QVector<double> values;   // NaN where the value is unknown (a gap, never a zero)

    friend bool operator==(const ChartSeries &, const ChartSeries &) = default;
};

struct LagChartData
{
    QString groupId; // or the topic name
    HistorySubject subject = HistorySubject::Group;
    LagChartKind kind = LagChartKind::TotalLag;
    QString unit;           // "messages", "seconds", "messages/s"
    bool stackable = false; // per topic / per partition: the series add up to the total
    QList<ChartSeries> series;
    QString note; // e.g. "time lag unknown before 2 HW samples", "12 more partitions summed as other"
    // From the history it was built of: how many samples, the newest one's time (0: none), and a reading problem.
    qsizetype sampleCount = 0;
    qint64 newestMs = 0;
    QString error;
};

// The plotted series of a group's or topic's history. `maxSeries` bounds per-partition charts (the rest become
// "other"). A kind that does not apply to the history's subject gives a chart without series, saying so in its note.
// Costs a pass over every partition of every sample: the app runs it on the history thread, never the GUI thread.
LagChartData buildLagChart(const GroupHistory &history, LagChartKind kind, int maxSeries = 12);

// Exactly the plotted series as CSV: "time_utc,<series…>" then one row per sample time, ISO-8601 UTC timestamps with
// milliseconds ("2026-11-23T21:15:00.000Z"), unknown values empty, names quoted where CSV needs it.
QByteArray chartToCsv(const LagChartData &chart);
// Parses what chartToCsv wrote (for tests and re-import); false with *error on malformed input.
bool chartFromCsv(const QByteArray &csv, LagChartData *chart, QString *error);

} // namespace OffsetLens
