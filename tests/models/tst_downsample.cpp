#include "downsample.h"

#include <QTest>

#include <algorithm>

using namespace OffsetLens;

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
// A multiple of 10 minutes (2,833,333 × 600,000 ms), so the minute and 5-minute bucket boundaries below are round
// numbers (15-minute ones fall 10 minutes before it).
constexpr qint64 kT0 = 1699999800000LL;

QList<qsizetype> allIndices(qsizetype n)
{
    QList<qsizetype> indices;
    for (qsizetype i = 0; i < n; ++i)
        indices.append(i);
    return indices;
}

QList<qint64> timesAt(const QList<qint64> &times, const QList<qsizetype> &indices)
{
    QList<qint64> picked;
    for (const qsizetype i : indices)
        picked.append(times.at(i));
    return picked;
}

// GCC 12 at -O2 wrongly warns (-Wmaybe-uninitialized, an error in the ci preset) wherever the default tiers'
// initializer list is inlined into a large function; one out-of-line construction keeps it quiet.
Q_NEVER_INLINE RetentionPolicy defaultPolicy()
{
    return RetentionPolicy();
}

} // namespace

class TestDownsample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bucketForTiers_data()
    {
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<qint64>("bucketMs");

        QTest::newRow("now") << qint64(0) << qint64(0);
        QTest::newRow("future") << qint64(-5 * kSecond) << qint64(0);
        QTest::newRow("59 min") << 59 * kMinute << qint64(0);
        QTest::newRow("exactly 1 h: still every sample") << kHour << qint64(0);
        QTest::newRow("1 h + 1 ms") << kHour + 1 << kMinute;
        QTest::newRow("exactly 6 h: still per minute") << 6 * kHour << kMinute;
        QTest::newRow("6 h + 1 ms") << 6 * kHour + 1 << 5 * kMinute;
        QTest::newRow("12 h") << 12 * kHour << 5 * kMinute;
        QTest::newRow("exactly 1 d: still per 5 min") << kDay << 5 * kMinute;
        QTest::newRow("1 d + 1 ms") << kDay + 1 << 15 * kMinute;
        QTest::newRow("exactly 7 d: still kept") << 7 * kDay << 15 * kMinute;
        QTest::newRow("7 d + 1 ms: gone") << 7 * kDay + 1 << qint64(-1);
    }

    void bucketForTiers()
    {
        QFETCH(qint64, ageMs);
        QFETCH(qint64, bucketMs);
        const RetentionPolicy policy = defaultPolicy();
        QCOMPARE(policy.bucketFor(ageMs), bucketMs);

        // The tier with the largest threshold below the age applies, however the list is ordered.
        RetentionPolicy reversed = defaultPolicy();
        std::reverse(reversed.tiers.begin(), reversed.tiers.end());
        QCOMPARE(reversed.bucketFor(ageMs), bucketMs);
    }

    void emptySeries() { QVERIFY(samplesToKeep({}, kT0, defaultPolicy()).isEmpty()); }

    void recentSamplesAllKept()
    {
        QList<qint64> times;
        for (qint64 k = 0; k <= 720; ++k) // the last hour at 5 s steps, both ends included
            times.append(kT0 - kHour + 5 * kSecond * k);
        QCOMPARE(samplesToKeep(times, kT0, defaultPolicy()), allIndices(times.size()));
    }

    void lastSampleOfEachBucketSurvives()
    {
        // Two hours old, so one per minute: buckets [kT0 − 2 h, + 1 min) and the next one.
        const qint64 b = kT0 - 2 * kHour;
        const QList<qint64> times{b, b + 20 * kSecond, b + kMinute - 1, b + kMinute, b + kMinute + 30 * kSecond};
        QCOMPARE(samplesToKeep(times, kT0, defaultPolicy()), (QList<qsizetype>{2, 4}));
    }

    void bucketBoundaryStartsTheNextBucket()
    {
        // A sample exactly on a multiple of the width is the first of its bucket, never the last of the one before:
        // so b − 1 ms survives for the earlier bucket, and b is dropped in favour of b + 59 s.
        const qint64 b = kT0 - 3 * kHour;
        const QList<qint64> times{b - kSecond, b - 1, b, b + 59 * kSecond};
        QCOMPARE(samplesToKeep(times, kT0, defaultPolicy()), (QList<qsizetype>{1, 3}));
    }

    void bucketsStraddlingATier()
    {
        // The minute bucket [b, b + 1 min) straddles the 1 h line at b + 30 s: its older part keeps its last
        // sample, its younger part every sample.
        RetentionPolicy policy = defaultPolicy();
        const qint64 now = kT0 + 30 * kSecond;
        const qint64 b = kT0 - kHour; // a minute boundary, aged 1 h 30 s
        const QList<qint64> times{b + 5 * kSecond, b + 25 * kSecond, b + 30 * kSecond, b + 35 * kSecond,
                                  b + 40 * kSecond};
        // Ages: 1 h 25 s, 1 h 5 s, exactly 1 h (every-sample tier), 59 min 55 s, 59 min 50 s.
        QCOMPARE(samplesToKeep(times, now, policy), (QList<qsizetype>{1, 2, 3, 4}));
    }

    void retentionDropsTheOldest()
    {
        const QList<qint64> times{kT0 - 8 * kDay, kT0 - 7 * kDay - 1, kT0 - 7 * kDay, kT0 - kMinute, kT0};
        QCOMPARE(samplesToKeep(times, kT0, defaultPolicy()), (QList<qsizetype>{2, 3, 4}));

        RetentionPolicy shortRetention = defaultPolicy();
        shortRetention.retentionMs = 30 * kSecond;
        QCOMPARE(samplesToKeep(times, kT0, shortRetention), (QList<qsizetype>{4}));
    }

    void futureSamplesKept()
    {
        // Refreshes stamped ahead of `now` (a clock that moved back) are kept rather than lost.
        const QList<qint64> times{kT0 - kSecond, kT0, kT0 + kSecond, kT0 + 2 * kDay};
        QCOMPARE(samplesToKeep(times, kT0, defaultPolicy()), allIndices(4));
    }

    void bucketsBeforeTheEpochAreFloored()
    {
        // Truncating division would put −61 s and −1 s into adjacent buckets wrongly; flooring gives
        // [−120 s, −60 s) and [−60 s, 0).
        RetentionPolicy policy = defaultPolicy();
        policy.retentionMs = kDay;
        policy.tiers = {{0, kMinute}};
        const QList<qint64> times{-61000, -60001, -60000, -1};
        QCOMPARE(samplesToKeep(times, 0, policy), (QList<qsizetype>{1, 3}));
    }

    void idempotent()
    {
        // Irregular steps (3 s, 7 s, 11 s, 2 min) over 8 days, with `now` off every bucket boundary.
        const qint64 steps[] = {3 * kSecond, 7 * kSecond, 11 * kSecond, 2 * kMinute};
        QList<qint64> times;
        for (qint64 t = kT0 - 8 * kDay, k = 0; t <= kT0; t += steps[k++ % 4])
            times.append(t);
        const qint64 now = kT0 + 17 * kSecond + 1;
        const QList<qint64> kept = timesAt(times, samplesToKeep(times, now, defaultPolicy()));
        QVERIFY(kept.size() < times.size());
        QCOMPARE(samplesToKeep(kept, now, defaultPolicy()), allIndices(kept.size()));
    }

    void sevenDaysAtFiveSeconds()
    {
        // 120,960 samples at 5 s steps, the first 7 days − 5 s old, the last at `now`; kT0 (and so every sample
        // index that is a multiple of 12 or 60) sits on a minute and a 5-minute boundary, and 10 minutes past a
        // 15-minute one. Sample k (1…120,960) is 5·(120,960 − k) s old.
        //   every sample, age ≤ 1 h:         k = 120,240…120,960             →   721 kept
        //   per minute, 1 h < age ≤ 6 h:     k = 116,640…120,239, 12 a bucket →   300 kept
        //   per 5 min, 6 h < age ≤ 1 d:      k = 103,680…116,639, 60 a bucket →   216 kept
        //   per 15 min, 1 d < age ≤ 7 d:     k = 1…103,679, buckets (k + 120) / 180 = 0…576 → 577 kept
        // Total 1,814.
        QList<qint64> times;
        times.reserve(120960);
        for (qint64 k = 1; k <= 120960; ++k)
            times.append(kT0 + 5 * kSecond * k);
        const qint64 now = kT0 + 7 * kDay;
        QCOMPARE(times.constLast(), now);

        const QList<qsizetype> kept = samplesToKeep(times, now, defaultPolicy());
        QCOMPARE(kept.size(), qsizetype(1814));
        // The ends of each tier, by index (k − 1).
        QCOMPARE(kept.constFirst(), qsizetype(58)); // k = 59, the last of the partial bucket 0
        QCOMPARE(kept.at(576), qsizetype(103678));  // k = 103,679, the last of bucket 576
        QCOMPARE(kept.at(577), qsizetype(103738));  // k = 103,739, the last of the first 5 minutes
        QCOMPARE(kept.at(792), qsizetype(116638));  // k = 116,639, the last of the last 5 minutes
        QCOMPARE(kept.at(793), qsizetype(116650));  // k = 116,651, the last of the first minute
        QCOMPARE(kept.at(1092), qsizetype(120238)); // k = 120,239, the last of the last minute
        QCOMPARE(kept.at(1093), qsizetype(120239)); // k = 120,240, exactly 1 h old: every sample
        QCOMPARE(kept.constLast(), qsizetype(120959));

        QCOMPARE(samplesToKeep(timesAt(times, kept), now, defaultPolicy()), allIndices(kept.size()));
    }
};

QTEST_GUILESS_MAIN(TestDownsample)
#include "tst_downsample.moc"
