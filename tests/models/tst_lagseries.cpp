#include "lagseries.h"
#include "testsnapshots.h"

#include <QTest>

#include <cmath>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {

constexpr qint64 kT0 = 1700000000000LL;

PartitionSample lagging(const QString &topicName, qint32 partition, qint64 committed, qint64 hw)
{
    return PartitionSample{{topicName, partition}, committed, hw, 0};
}

PartitionSample produced(const QString &topicName, qint32 partition, qint64 hw)
{
    return PartitionSample{{topicName, partition}, kNoOffset, hw, 0};
}

GroupSample sampleAt(qint64 timeMs, QList<PartitionSample> partitions, const QString &name = QStringLiteral("g"))
{
    GroupSample sample;
    sample.groupId = name;
    sample.timeMs = timeMs;
    sample.state = GroupState::Stable;
    sample.partitions = std::move(partitions);
    return sample;
}

GroupHistory groupHistory(QList<GroupSample> samples)
{
    return GroupHistory{QStringLiteral("g"), HistorySubject::Group, std::move(samples), {}};
}

// A topic of `partitions` partitions over `steps` samples 10 s apart, partition p appending (p + 1) messages a
// second; partition 0 has no HW at sample 2 (its lookup failed).
GroupHistory topicHistory(int partitions, int steps)
{
    GroupHistory history{QStringLiteral("orders"), HistorySubject::Topic, {}, {}};
    for (int s = 0; s < steps; ++s) {
        QList<PartitionSample> parts;
        for (int p = 0; p < partitions; ++p) {
            if (p == 0 && s == 2)
                continue;
            parts.append(produced(QStringLiteral("orders"), p, 1000 + qint64(s) * 10 * (p + 1)));
        }
        history.samples.append(sampleAt(kT0 + s * 10000, parts, QStringLiteral("orders")));
    }
    return history;
}

const ChartSeries *seriesNamed(const LagChartData &chart, const QString &name)
{
    for (const ChartSeries &s : chart.series) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

} // namespace

class TestLagSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void totalLagSumsPositiveLagsAndLeavesGaps()
    {
        const GroupHistory history = groupHistory({
            sampleAt(kT0, {lagging(QStringLiteral("a"), 0, 90, 100), lagging(QStringLiteral("a"), 1, 30, 20)}),
            sampleAt(kT0 + 5000, {PartitionSample{{QStringLiteral("a"), 0}, 95, kNoOffset, 0}}),
        });
        const LagChartData chart = buildLagChart(history, LagChartKind::TotalLag);
        QCOMPARE(chart.series.size(), 1);
        QCOMPARE(chart.series[0].values[0], 10.0);      // the negative lag of a-1 does not cancel a-0's
        QVERIFY(std::isnan(chart.series[0].values[1])); // no HW: unknown, never zero
        QCOMPARE(chart.sampleCount, 2);
        QCOMPARE(chart.newestMs, kT0 + 5000);
    }

    void perPartitionKeepsTheWorstAndSumsTheRest()
    {
        QList<PartitionSample> parts;
        for (int p = 0; p < 5; ++p)
            parts.append(lagging(QStringLiteral("t"), p, 0, 10 * (p + 1))); // lags 10..50
        const LagChartData chart =
            buildLagChart(groupHistory({sampleAt(kT0, parts)}), LagChartKind::LagPerPartition, 2);
        QCOMPARE(chart.series.size(), 3);
        QCOMPARE(chart.series[0].name, QStringLiteral("t-3"));
        QCOMPARE(chart.series[1].name, QStringLiteral("t-4"));
        QCOMPARE(chart.series[2].values[0], 60.0); // 10 + 20 + 30
        QVERIFY(chart.stackable);
        QVERIFY(chart.note.contains(QLatin1String("3 more partitions")));
    }

    void ratesCountBackwardStepsAsZero()
    {
        const GroupHistory history = groupHistory({
            sampleAt(kT0, {lagging(QStringLiteral("a"), 0, 100, 200)}),
            sampleAt(kT0 + 10000, {lagging(QStringLiteral("a"), 0, 150, 400)}),
            sampleAt(kT0 + 20000, {lagging(QStringLiteral("a"), 0, 10, 500)}), // reset backwards
        });
        const LagChartData chart = buildLagChart(history, LagChartKind::Rates);
        QCOMPARE(chart.series.size(), 2);
        QCOMPARE(chart.series[0].values, (QVector<double>{5.0, 0.0}));
        QCOMPARE(chart.series[1].values, (QVector<double>{20.0, 10.0}));
        QCOMPARE(chart.series[0].timesSec.first(), double(kT0 + 10000) / 1000.0);
    }

    void topicProduceRate()
    {
        const LagChartData chart = buildLagChart(topicHistory(3, 4), LagChartKind::ProduceRate);
        QCOMPARE(chart.subject, HistorySubject::Topic);
        QCOMPARE(chart.series.size(), 1);
        // 1 + 2 + 3 messages a second; around sample 2 partition 0 is unknown and adds nothing.
        QCOMPARE(chart.series[0].values, (QVector<double>{6.0, 5.0, 5.0}));
        QCOMPARE(chart.series[0].timesSec.size(), 3);
    }

    void topicProduceRatePerPartition()
    {
        const LagChartData chart = buildLagChart(topicHistory(4, 3), LagChartKind::ProduceRatePerPartition, 2);
        QVERIFY(chart.stackable);
        QCOMPARE(chart.series.size(), 3); // the two busiest (2 and 3) and "other"
        QCOMPARE(chart.series[0].name, QStringLiteral("orders-2"));
        QCOMPARE(chart.series[1].name, QStringLiteral("orders-3"));
        QCOMPARE(chart.series[0].values, (QVector<double>{3.0, 3.0}));
        QCOMPARE(chart.series[1].values, (QVector<double>{4.0, 4.0}));
        // other: partitions 0 and 1 in the first step; only 1 in the second (0 has no HW at sample 2).
        QCOMPARE(chart.series[2].values, (QVector<double>{3.0, 2.0}));
        QVERIFY(chart.note.contains(QLatin1String("2 more partitions")));
    }

    void topicHighWatermarks()
    {
        const LagChartData chart = buildLagChart(topicHistory(4, 3), LagChartKind::HighWatermarks, 3);
        QVERIFY(!chart.stackable);
        QCOMPARE(chart.series.size(), 3); // no "other": HWs of different logs do not add up
        QVERIFY(!seriesNamed(chart, QStringLiteral("orders-0")));
        const ChartSeries *p1 = seriesNamed(chart, QStringLiteral("orders-1"));
        QVERIFY(p1);
        QCOMPARE(p1->values, (QVector<double>{1000.0, 1020.0, 1040.0}));
        QVERIFY(chart.note.contains(QLatin1String("1 more")));
    }

    void aKindOfTheOtherSubjectDrawsNothing()
    {
        const LagChartData topicAsGroup = buildLagChart(topicHistory(2, 3), LagChartKind::TotalLag);
        QVERIFY(topicAsGroup.series.isEmpty());
        QVERIFY(!topicAsGroup.note.isEmpty());
        const LagChartData groupAsTopic = buildLagChart(groupHistory({}), LagChartKind::HighWatermarks);
        QVERIFY(groupAsTopic.series.isEmpty());
        QCOMPARE(chartKindsFor(HistorySubject::Topic).size(), 3);
        QVERIFY(!chartKindsFor(HistorySubject::Group).contains(LagChartKind::ProduceRate));
    }

    void topicSamplesFromASnapshot()
    {
        ClusterSnapshot s = base();
        s.takenAt = QDateTime::fromMSecsSinceEpoch(kT0, Qt::UTC);
        PartitionInfo unknown = partition(2, 0, 0);
        unknown.highWatermark = kNoOffset;
        s.topics = {topic(QStringLiteral("orders"), {partition(0, 5, 100), partition(1, 0, 7), unknown}),
                    topic(QStringLiteral("quiet"), {unknown})};
        const QList<GroupSample> samples = topicSamplesFromSnapshot(s);
        QCOMPARE(samples.size(), 1); // a topic without any known HW has nothing to record
        QCOMPARE(samples[0].groupId, QStringLiteral("orders"));
        QCOMPARE(samples[0].timeMs, kT0);
        QCOMPARE(samples[0].partitions.size(), 2);
        QCOMPARE(samples[0].partitions[0], (PartitionSample{{QStringLiteral("orders"), 0}, kNoOffset, 100, 5}));
    }

    void csvRoundTrip()
    {
        const LagChartData chart = buildLagChart(topicHistory(3, 4), LagChartKind::ProduceRatePerPartition, 1);
        LagChartData back;
        QString error;
        QVERIFY2(chartFromCsv(chartToCsv(chart), &back, &error), qPrintable(error));
        QCOMPARE(back.series.size(), chart.series.size());
        for (qsizetype i = 0; i < chart.series.size(); ++i) {
            QCOMPARE(back.series[i].name, chart.series[i].name);
            QCOMPARE(back.series[i].values, chart.series[i].values);
            QCOMPARE(back.series[i].timesSec, chart.series[i].timesSec);
        }
    }
};

QTEST_GUILESS_MAIN(TestLagSeries)
#include "tst_lagseries.moc"
