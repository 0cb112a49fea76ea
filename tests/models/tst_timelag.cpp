#include "timelag.h"

#include <QTest>

#include <limits>

using namespace OffsetLens;

namespace {

constexpr qint64 kT0 = 1700000000000LL; // a fixed wall clock, so every expected time is exact

qint64 at(qint64 seconds)
{
    return kT0 + seconds * 1000;
}

// A producer writing 100 messages a second since kT0: HW 1,000 at 0 s, 1,100 at 1 s, ... 1,900 at 9 s.
WatermarkTable steadyProducer()
{
    WatermarkTable table;
    for (qint64 k = 0; k < 10; ++k)
        table.add(1000 + 100 * k, at(k));
    return table;
}

QList<WatermarkPoint> points(std::initializer_list<std::pair<qint64, qint64>> offsetsAtSeconds)
{
    QList<WatermarkPoint> list;
    for (const auto &[offset, seconds] : offsetsAtSeconds)
        list.append({offset, at(seconds)});
    return list;
}

} // namespace

class TestTimeLag : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void steadyProducerGivesExactSeconds()
    {
        const WatermarkTable table = steadyProducer();
        QCOMPARE(table.points().size(), 10);

        // The HW passed 1,350 half-way between 3 s and 4 s; at 9 s that is 5.5 s ago.
        TimeLagEstimate e = estimateTimeLag(table, 1350, at(9));
        QCOMPARE(e.ms, std::optional<qint64>(5500));
        QVERIFY(!e.extrapolated);
        QVERIFY(e.unknownReason.isEmpty());

        // On a point exactly: 1,200 was the HW at 2 s.
        QCOMPARE(estimateTimeLag(table, 1200, at(9)).ms, std::optional<qint64>(7000));
        // The oldest point still brackets: no extrapolation.
        e = estimateTimeLag(table, 1000, at(9));
        QCOMPARE(e.ms, std::optional<qint64>(9000));
        QVERIFY(!e.extrapolated);
        // Read later, the same offset is further behind.
        QCOMPARE(estimateTimeLag(table, 1350, at(12)).ms, std::optional<qint64>(8500));
    }

    void roundsToTheNearestMillisecond()
    {
        // 3 messages in 1 s: offset 1 was the HW at 333.3 ms, so at 1 s it is 666.7 ms behind, shown as 667.
        WatermarkTable table;
        table.add(0, at(0));
        table.add(3, at(1));
        QCOMPARE(estimateTimeLag(table, 1, at(1)).ms, std::optional<qint64>(667));
        QCOMPARE(estimateTimeLag(table, 2, at(1)).ms, std::optional<qint64>(333));
    }

    void caughtUpIsZero()
    {
        const WatermarkTable table = steadyProducer();
        QCOMPARE(estimateTimeLag(table, 1900, at(9)).ms, std::optional<qint64>(0));
        // Above the HW (a commit read after a newer HW than the table has): still nothing waiting.
        QCOMPARE(estimateTimeLag(table, 2500, at(9)).ms, std::optional<qint64>(0));
    }

    void idleProducer()
    {
        // 1,000 messages in the first 10 s, then nothing for 50 s.
        WatermarkTable table;
        table.add(1000, at(0));
        table.add(2000, at(10));
        for (qint64 s = 20; s <= 60; s += 10)
            table.add(2000, at(s));
        QCOMPARE(table.points(), points({{1000, 0}, {2000, 10}, {2000, 60}}));

        // Caught up with an idle producer: 0, however long ago the HW last moved.
        QCOMPARE(estimateTimeLag(table, 2000, at(60)).ms, std::optional<qint64>(0));
        // Below it: the HW passed 1,500 at 5 s; the flat run (equal offsets) is never the pair read from.
        const TimeLagEstimate e = estimateTimeLag(table, 1500, at(60));
        QCOMPARE(e.ms, std::optional<qint64>(55000));
        QVERIFY(!e.extrapolated);
    }

    void burstsUseTheNewestBracketingPair()
    {
        // A burst to 500 by 10 s, idle until 40 s, a burst to 900 by 50 s. 500 is bracketed by three pairs: the
        // first burst's (giving 10 s), the flat run (no slope at all) and the second burst's (giving 40 s). The
        // newest one counts: the HW stood at 500 until 40 s.
        WatermarkTable table;
        table.add(0, at(0));
        table.add(500, at(10));
        table.add(500, at(40));
        table.add(900, at(50));
        QCOMPARE(table.points(), points({{0, 0}, {500, 10}, {500, 40}, {900, 50}}));

        QCOMPARE(estimateTimeLag(table, 500, at(60)).ms, std::optional<qint64>(20000));
        // Inside the second burst: 700 was reached at 45 s.
        QCOMPARE(estimateTimeLag(table, 700, at(60)).ms, std::optional<qint64>(15000));
        // Inside the first burst: 250 was reached at 5 s.
        QCOMPARE(estimateTimeLag(table, 250, at(60)).ms, std::optional<qint64>(55000));
    }

    void unknownCases()
    {
        WatermarkTable table;
        TimeLagEstimate e = estimateTimeLag(table, 100, at(0));
        QVERIFY(!e.ms.has_value());
        QCOMPARE(e.unknownReason, QStringLiteral("no HW samples yet"));

        table.add(1000, at(0));
        e = estimateTimeLag(table, 900, at(5));
        QVERIFY(!e.ms.has_value());
        QCOMPARE(e.unknownReason, QStringLiteral("only one HW sample so far"));
        // One point is enough to know a consumer is caught up.
        QCOMPARE(estimateTimeLag(table, 1000, at(5)).ms, std::optional<qint64>(0));

        table.add(1100, at(1));
        e = estimateTimeLag(table, -1, at(5));
        QVERIFY(!e.ms.has_value());
        QCOMPARE(e.unknownReason, QStringLiteral("no committed offset"));
    }

    void extrapolatesOlderOffsets()
    {
        // The table starts at 10 s with HW 1,000; 500 is older than every point. Oldest → newest: 1,000 messages in
        // 10 s, so 500 was the HW at 5 s, 15 s before the sample.
        WatermarkTable table;
        table.add(1000, at(10));
        table.add(1100, at(11)); // a faster stretch in between must not change the slope used
        table.add(2000, at(20));
        const TimeLagEstimate e = estimateTimeLag(table, 500, at(20));
        QCOMPARE(e.ms, std::optional<qint64>(15000));
        QVERIFY(e.extrapolated);
        QVERIFY(e.unknownReason.isEmpty());
    }

    void flatTableCannotExtrapolate()
    {
        // With room for two points, an idle producer leaves only its flat run: there is no slope to go back along.
        WatermarkTable table(2);
        table.add(100, at(0));
        table.add(200, at(10));
        table.add(200, at(20));
        QCOMPARE(table.points(), points({{200, 10}, {200, 20}}));
        const TimeLagEstimate e = estimateTimeLag(table, 150, at(20));
        QVERIFY(!e.ms.has_value());
        QVERIFY(e.unknownReason.contains(QStringLiteral("has not moved")));
    }

    void neverNegativeAndInt64Safe()
    {
        // A sample time before the HW point it reads (clock skew between refresh and table): 0, not negative.
        WatermarkTable skewed;
        skewed.add(0, at(10));
        skewed.add(1000, at(20));
        QCOMPARE(estimateTimeLag(skewed, 500, at(5)).ms, std::optional<qint64>(0));

        // Offsets near 2^62 and a span of 10^12 ms: the product overflows 64 bits, the answer does not.
        constexpr qint64 big = 4000000000000000000LL;
        WatermarkTable huge;
        huge.add(0, kT0);
        huge.add(big, kT0 + 1000000000000LL);
        QCOMPARE(estimateTimeLag(huge, big / 4, kT0 + 1000000000000LL).ms, std::optional<qint64>(750000000000LL));

        // Extrapolating far back along a nearly flat line would exceed 64 bits: clamped to the largest value.
        WatermarkTable steep;
        steep.add(big, 0);
        steep.add(big + 1, 1000000000000LL);
        QCOMPARE(estimateTimeLag(steep, 0, 1000000000000LL).ms,
                 std::optional<qint64>(std::numeric_limits<qint64>::max()));
    }

    void capacityEvictsTheOldest()
    {
        WatermarkTable table(3);
        QCOMPARE(table.capacity(), 3);
        for (qint64 k = 0; k < 5; ++k)
            table.add(100 * k, at(k));
        QCOMPARE(table.points(), points({{200, 2}, {300, 3}, {400, 4}}));
        QCOMPARE(WatermarkTable().capacity(), 60);
        QCOMPARE(WatermarkTable(0).capacity(), 2); // an estimate needs two points
    }

    void dropsLowerAndEarlierPoints()
    {
        WatermarkTable table;
        table.add(1000, at(10));
        table.add(900, at(11));  // lower offset: dropped
        table.add(1100, at(9));  // earlier time: dropped
        table.add(1000, at(10)); // the same refresh again: nothing new
        QCOMPARE(table.points(), points({{1000, 10}}));
        table.add(1100, at(12));
        QCOMPARE(table.points(), points({{1000, 10}, {1100, 12}}));

        table.reset(); // a recreated topic starts over
        QVERIFY(table.points().isEmpty());
        table.add(5, at(20));
        QCOMPARE(table.points(), points({{5, 20}}));
    }

    void flatRunsKeepFirstAndLast()
    {
        WatermarkTable table;
        table.add(100, at(1));
        table.add(200, at(2));
        for (qint64 s = 3; s <= 5; ++s)
            table.add(200, at(s));
        QCOMPARE(table.points(), points({{100, 1}, {200, 2}, {200, 5}}));
        table.add(300, at(6));
        table.add(300, at(7));
        QCOMPARE(table.points(), points({{100, 1}, {200, 2}, {200, 5}, {300, 6}, {300, 7}}));
        table.add(300, at(8));
        QCOMPARE(table.points(), points({{100, 1}, {200, 2}, {200, 5}, {300, 6}, {300, 8}}));
    }
};

QTEST_GUILESS_MAIN(TestTimeLag)
#include "tst_timelag.moc"
