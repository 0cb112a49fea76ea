#include "laghealth.h"
#include "lagtracker.h"

#include <QLocale>
#include <QTest>

#include <tuple>

using namespace OffsetLens;

namespace {

constexpr qint64 kT0 = 1700000000000LL;

// What a verdict says: its health and its reason in words.
using Said = std::pair<LagHealth, QString>;
Said said(const HealthVerdict &verdict)
{
    return {verdict.health, verdict.reason()};
}

qint64 at(qint64 seconds)
{
    return kT0 + seconds * 1000;
}

// (offset, seconds after kT0, lag) per commit, oldest first.
QList<CommitEntry> commits(std::initializer_list<std::tuple<qint64, qint64, qint64>> entries)
{
    QList<CommitEntry> window;
    for (const auto &[offset, seconds, lag] : entries)
        window.append({offset, at(seconds), lag});
    return window;
}

// Ten commits 5 s apart (0 s … 45 s), offsets +100 each, lag shrinking from 500 by 50: a consumer catching up.
QList<CommitEntry> catchingUp()
{
    QList<CommitEntry> window;
    for (qint64 k = 0; k < 10; ++k)
        window.append({1000 + 100 * k, at(5 * k), 500 - 50 * k});
    return window;
}

PartitionSample partition(const QString &topic, qint32 number, qint64 committed, qint64 hw)
{
    PartitionSample p;
    p.tp = {topic, number};
    p.committed = committed;
    p.highWatermark = hw;
    return p;
}

GroupSample sample(qint64 seconds, GroupState state, const QList<PartitionSample> &partitions)
{
    GroupSample s;
    s.groupId = QStringLiteral("billing");
    s.timeMs = at(seconds);
    s.state = state;
    s.hasMembers = state == GroupState::Stable;
    s.partitions = partitions;
    return s;
}

const QString kOrders = QStringLiteral("orders");
const QString kPayments = QStringLiteral("payments");

} // namespace

class TestLagHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void namesAndSeverities()
    {
        QCOMPARE(lagHealthName(LagHealth::Ok), QStringLiteral("OK"));
        QCOMPARE(lagHealthName(LagHealth::Warn), QStringLiteral("WARN"));
        QCOMPARE(lagHealthName(LagHealth::Stop), QStringLiteral("STOP"));
        QCOMPARE(lagHealthName(LagHealth::Stall), QStringLiteral("STALL"));
        QCOMPARE(lagHealthName(LagHealth::Rewind), QStringLiteral("REWIND"));
        QCOMPARE(lagHealthName(LagHealth::Err), QStringLiteral("ERR"));
        QCOMPARE(lagHealthSeverity(LagHealth::Ok), 0);
        QCOMPARE(lagHealthSeverity(LagHealth::Warn), 1);
        QCOMPARE(lagHealthSeverity(LagHealth::Stop), 2);
        QCOMPARE(lagHealthSeverity(LagHealth::Stall), 2);
        QCOMPARE(lagHealthSeverity(LagHealth::Rewind), 2);
        QCOMPARE(lagHealthSeverity(LagHealth::Err), 2);
    }

    void notEnoughHistory()
    {
        const Said expected{LagHealth::Ok, QStringLiteral("not enough history yet")};
        QCOMPARE(said(evaluatePartition({}, at(100))), expected);
        // One commit long ago with lag would be STOP with a window; alone it says nothing.
        QCOMPARE(said(evaluatePartition(commits({{1000, 0, 300}}), at(1000))), expected);
    }

    void lagZeroAnywhereIsOk()
    {
        // Rewound, stopped for long and lag 0 once: Burrow's first rule wins over all of them.
        const QList<CommitEntry> window = commits({{1000, 0, 300}, {1200, 5, 0}, {800, 10, 400}, {800, 15, 600}});
        QCOMPARE(said(evaluatePartition(window, at(1000))),
                 (Said{LagHealth::Ok, QStringLiteral("lag reached 0 in the window")}));
    }

    void rewindComesBeforeStop()
    {
        // The offset went back from 1,200 to 800 and nothing was committed for 1,000 s: REWIND, not STOP.
        const QList<CommitEntry> window =
            commits({{1000, 0, 300}, {1100, 5, 250}, {1200, 10, 200}, {800, 15, 650}, {900, 20, 600}});
        QCOMPARE(said(evaluatePartition(window, at(1000))),
                 (Said{LagHealth::Rewind, QStringLiteral("committed offset went back from 1,200 to 800")}));
    }

    void stop()
    {
        const QList<CommitEntry> window = catchingUp(); // spans 45 s, last commit at 45 s
        QCOMPARE(said(evaluatePartition(window, at(45 + 250))),
                 (Said{LagHealth::Stop,
                       QStringLiteral("no commit for 4 min 10 s while the window of 10 commits spans 45 s")}));
        // Silent exactly as long as the window spans: not yet (the rule is "longer than").
        QCOMPARE(evaluatePartition(window, at(90)).health, LagHealth::Ok);
        QCOMPARE(evaluatePartition(window, at(90) + 1).health, LagHealth::Stop);
    }

    void stopReasonDurations_data()
    {
        QTest::addColumn<qint64>("spanMs");
        QTest::addColumn<qint64>("silentMs");
        QTest::addColumn<QString>("reason");

        QTest::newRow("ms") << qint64(200) << qint64(700)
                            << QStringLiteral("no commit for 700 ms while the window of 2 commits spans 200 ms");
        QTest::newRow("whole minutes") << qint64(30000) << qint64(120000)
                                       << QStringLiteral(
                                              "no commit for 2 min while the window of 2 commits spans 30 s");
        QTest::newRow("hours") << qint64(59000) << qint64((2 * 3600 + 5 * 60 + 7) * 1000LL)
                               << QStringLiteral("no commit for 2 h 5 min while the window of 2 commits spans 59 s");
        QTest::newRow("days") << qint64(3600000) << qint64((26 * 3600 + 30) * 1000LL)
                              << QStringLiteral("no commit for 1 d 2 h while the window of 2 commits spans 1 h");
        QTest::newRow("rounded") << qint64(0) << qint64(1499)
                                 << QStringLiteral("no commit for 1 s while the window of 2 commits spans 0 s");
    }

    void stopReasonDurations()
    {
        QFETCH(qint64, spanMs);
        QFETCH(qint64, silentMs);
        QFETCH(QString, reason);
        const QList<CommitEntry> window{{100, kT0, 50}, {200, kT0 + spanMs, 40}};
        QCOMPARE(said(evaluatePartition(window, kT0 + spanMs + silentMs)), (Said{LagHealth::Stop, reason}));
    }

    void stopComesBeforeStall()
    {
        const QList<CommitEntry> window = commits({{1200, 0, 300}, {1200, 5, 300}, {1200, 10, 300}});
        QCOMPARE(evaluatePartition(window, at(10)).health, LagHealth::Stall);
        QCOMPARE(evaluatePartition(window, at(21)).health, LagHealth::Stop);
    }

    void stallComesBeforeWarn()
    {
        // Stuck while the lag grows (the producer goes on): STALL, though the lag never decreased either.
        QList<CommitEntry> window;
        for (qint64 k = 0; k < 10; ++k)
            window.append({1200, at(5 * k), 300 + 10 * k});
        QCOMPARE(said(evaluatePartition(window, at(50))),
                 (Said{LagHealth::Stall, QStringLiteral("offset stuck at 1,200 with lag 390 over 10 commits")}));
    }

    void warn()
    {
        // Lag 100, 100, 200, ..., 900: never down (equal counts as not decreasing).
        QList<CommitEntry> window{{1000, at(0), 100}};
        for (qint64 k = 1; k < 10; ++k)
            window.append({1000 + 50 * k, at(5 * k), 100 * k});
        QCOMPARE(said(evaluatePartition(window, at(45))),
                 (Said{LagHealth::Warn, QStringLiteral("lag grew from 100 to 900 over the last 10 commits")}));

        const QList<CommitEntry> steady = commits({{1000, 0, 300}, {1100, 5, 300}, {1200, 10, 300}});
        QCOMPARE(said(evaluatePartition(steady, at(10))),
                 (Said{LagHealth::Warn, QStringLiteral("lag stayed at 300 over the last 3 commits")}));
    }

    void okWhenLagGoesDown()
    {
        const QList<CommitEntry> window = commits({{1000, 0, 500}, {1100, 5, 600}, {1400, 10, 400}, {1500, 15, 700}});
        QCOMPARE(said(evaluatePartition(window, at(15))),
                 (Said{LagHealth::Ok, QStringLiteral("lag went down from 600 to 400 within the last 4 commits")}));
        QCOMPARE(evaluatePartition(catchingUp(), at(45)).health, LagHealth::Ok);
    }

    void unknownGroup()
    {
        HealthTracker tracker;
        const GroupHealth health = tracker.evaluate(QStringLiteral("nobody"), at(0));
        QCOMPARE(health.groupId, QStringLiteral("nobody"));
        QCOMPARE(health.health, LagHealth::Ok);
        QCOMPARE(health.reason, QStringLiteral("no history for this group yet"));
        QVERIFY(health.partitions.isEmpty());
    }

    // Consuming and catching up for 45 s, then the consumers leave and the offset stays: an Empty group's refreshes
    // add nothing, so the window ages until the silence exceeds its span.
    void emptyGroupStops()
    {
        HealthTracker tracker;
        for (qint64 k = 0; k < 10; ++k)
            tracker.observe(sample(5 * k, GroupState::Stable, {partition(kOrders, 0, 500 + 150 * k, 1000 + 100 * k)}));
        const QList<CommitEntry> before = tracker.window(QStringLiteral("billing"), {kOrders, 0});
        QCOMPARE(before.size(), 10);
        QCOMPARE(before.constLast(), (CommitEntry{1850, at(45), 50}));

        for (qint64 k = 10; k <= 24; ++k)
            tracker.observe(sample(5 * k, GroupState::Empty, {partition(kOrders, 0, 1850, 1000 + 100 * k)}));
        QCOMPARE(tracker.window(QStringLiteral("billing"), {kOrders, 0}), before);

        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(90)).health, LagHealth::Ok);
        const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(120));
        QCOMPARE(health.health, LagHealth::Err);
        QCOMPARE(health.reason,
                 QStringLiteral("orders-0: no commit for 1 min 15 s while the window of 10 commits spans 45 s"));
        QCOMPARE(health.partitions.size(), 1);
        QCOMPARE(health.partitions.constFirst().verdict.health, LagHealth::Stop);
    }

    // Live members commit every refresh though the offset stays: a window of equal offsets with lag.
    void stableGroupStalls()
    {
        HealthTracker tracker;
        for (qint64 k = 0; k < 12; ++k)
            tracker.observe(sample(5 * k, GroupState::Stable, {partition(kOrders, 3, 1200, 1500)}));
        const QList<CommitEntry> window = tracker.window(QStringLiteral("billing"), {kOrders, 3});
        QCOMPARE(window.size(), 10); // the oldest two fell out
        QCOMPARE(window.constFirst(), (CommitEntry{1200, at(10), 300}));
        QCOMPARE(window.constLast(), (CommitEntry{1200, at(55), 300}));

        const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(55));
        QCOMPARE(health.health, LagHealth::Err);
        QCOMPARE(health.reason, QStringLiteral("orders-3: offset stuck at 1,200 with lag 300 over 10 commits"));
        QCOMPARE(health.partitions.constFirst().verdict.health, LagHealth::Stall);

        // The same refresh seen twice is not another commit.
        tracker.observe(sample(55, GroupState::Stable, {partition(kOrders, 3, 1200, 1500)}));
        QCOMPARE(tracker.window(QStringLiteral("billing"), {kOrders, 3}), window);
    }

    // Refreshes every second, commits every 3 s: the unchanged offsets in between are not commits of their own, so
    // a consumer that keeps committing is never called stalled; only an offset unchanged for the idle-commit interval
    // (5 s) counts again.
    void refreshesFasterThanCommitsAreNotStalls()
    {
        HealthTracker tracker(5);
        for (qint64 t = 0; t < 30; ++t)
            tracker.observe(sample(t, GroupState::Stable, {partition(kOrders, 0, 1000 + 30 * (t / 3), 1100 + 25 * t)}));
        const QList<CommitEntry> window = tracker.window(QStringLiteral("billing"), {kOrders, 0});
        QCOMPARE(window.size(), 5);
        QCOMPARE(window.constFirst().timeMs, at(15)); // one entry per commit: 15, 18, 21, 24, 27
        QCOMPARE(window.constLast().timeMs, at(27));
        QVERIFY(tracker.evaluate(QStringLiteral("billing"), at(29)).health != LagHealth::Err);

        HealthTracker stuck(3);
        for (qint64 t = 0; t <= 12; ++t)
            stuck.observe(sample(t, GroupState::Stable, {partition(kOrders, 0, 1000, 1100 + t)}));
        const QList<CommitEntry> idle = stuck.window(QStringLiteral("billing"), {kOrders, 0});
        QCOMPARE(idle.size(), 3); // at 0, 5 and 10 s
        QCOMPARE(idle.constLast().timeMs, at(10));
        QCOMPARE(stuck.evaluate(QStringLiteral("billing"), at(12)).partitions.constFirst().verdict.health,
                 LagHealth::Stall);
    }

    // Stopped before observation began: one commit, then refreshes without members and the offset unmoved.
    void alreadyStoppedGroupStops()
    {
        HealthTracker tracker;
        tracker.observe(sample(0, GroupState::Empty, {partition(kOrders, 0, 500, 900)}));
        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(0)).health, LagHealth::Ok); // seen once: too early
        // Consumers starting up have no members for a few seconds: not a stop yet...
        tracker.observe(sample(2, GroupState::Empty, {partition(kOrders, 0, 500, 950)}));
        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(2)).health, LagHealth::Ok);
        tracker.observe(sample(9, GroupState::Empty, {partition(kOrders, 0, 500, 960)}));
        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(9)).health, LagHealth::Ok);
        // ...but no member and no commit for two commit intervals (2 x 5 s) is.
        tracker.observe(sample(10, GroupState::Empty, {partition(kOrders, 0, 500, 970)}));
        const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(10));
        QCOMPARE(health.health, LagHealth::Err);
        QCOMPARE(health.partitions.constFirst().verdict.health, LagHealth::Stop);
        QCOMPARE(health.reason, QStringLiteral("orders-0: no consumer and no commit since observation began 10 s ago"));
        // The lag is kept with the verdict (the text leaves it out, so that a group's partitions read alike).
        QCOMPARE(health.partitions.constFirst().verdict.second, 400);
        // Without an idle-commit interval, one refresh is still too early to call a stop.
        HealthTracker eager(10, 0);
        eager.observe(sample(0, GroupState::Empty, {partition(kOrders, 0, 500, 900)}));
        QCOMPARE(eager.evaluate(QStringLiteral("billing"), at(0)).health, LagHealth::Ok);
        // Caught up (no lag): nothing to judge.
        HealthTracker idle;
        idle.observe(sample(0, GroupState::Empty, {partition(kOrders, 0, 900, 900)}));
        idle.observe(sample(20, GroupState::Empty, {partition(kOrders, 0, 900, 900)}));
        QCOMPARE(idle.evaluate(QStringLiteral("billing"), at(20)).health, LagHealth::Ok);
    }

    void growingLagWarns()
    {
        HealthTracker tracker;
        for (qint64 k = 0; k < 10; ++k)
            tracker.observe(sample(5 * k, GroupState::Stable, {partition(kOrders, 1, 1000 + 50 * k, 1100 + 100 * k)}));
        const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(45));
        QCOMPARE(health.health, LagHealth::Warn);
        QCOMPARE(health.reason, QStringLiteral("orders-1: lag grew from 100 to 550 over the last 10 commits"));
    }

    void healthyGroupStaysOk()
    {
        HealthTracker tracker;
        // The consumer keeps up: lag swings between 20 and 80 and touches 0 once.
        const qint64 lags[] = {80, 40, 60, 20, 0, 50, 30, 70, 20, 40, 60, 30};
        for (qint64 k = 0; k < 12; ++k) {
            const qint64 hw = 1000 + 100 * k;
            tracker.observe(sample(5 * k, GroupState::Stable, {partition(kOrders, 0, hw - lags[k], hw)}));
            const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(5 * k));
            QCOMPARE(health.health, LagHealth::Ok);
            QCOMPARE(health.reason, QString());
        }
        // The 0 at 20 s is still in the window (the last 10 commits start at 10 s).
        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(55)).partitions.constFirst().verdict.reason(),
                 QStringLiteral("lag reached 0 in the window"));
    }

    void resetBackwardsRewinds()
    {
        // An Empty group moved forward by hand twice, then reset back to 50: entries on each change only.
        HealthTracker tracker;
        tracker.observe(sample(0, GroupState::Empty, {partition(kOrders, 0, 100, 1000)}));
        tracker.observe(sample(5, GroupState::Empty, {partition(kOrders, 0, 200, 1000)}));
        tracker.observe(sample(10, GroupState::Empty, {partition(kOrders, 0, 300, 1000)}));
        tracker.observe(sample(12, GroupState::Empty, {partition(kOrders, 0, 300, 1000)}));
        tracker.observe(sample(15, GroupState::Empty, {partition(kOrders, 0, 50, 1000)}));
        QCOMPARE(tracker.window(QStringLiteral("billing"), {kOrders, 0}).size(), 4);
        const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(15));
        QCOMPARE(health.health, LagHealth::Err);
        QCOMPARE(health.reason, QStringLiteral("orders-0: committed offset went back from 300 to 50"));
        QCOMPARE(health.partitions.constFirst().verdict.health, LagHealth::Rewind);
    }

    // A trend needs a full window: two commits with growing lag are not yet WARN.
    void trendsNeedAFullWindow()
    {
        HealthTracker tracker(4);
        for (qint64 k = 0; k < 3; ++k)
            tracker.observe(sample(5 * k, GroupState::Stable, {partition(kOrders, 0, 1000 + 10 * k, 1100 + 50 * k)}));
        const GroupHealth early = tracker.evaluate(QStringLiteral("billing"), at(10));
        QCOMPARE(early.health, LagHealth::Ok);
        QCOMPARE(early.partitions.constFirst().verdict.reason(),
                 QStringLiteral("3 of 4 commits seen: too few to judge a trend yet"));
        tracker.observe(sample(15, GroupState::Stable, {partition(kOrders, 0, 1030, 1250)}));
        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(15)).health, LagHealth::Warn);
    }

    // The tracker forgets groups and partitions that are gone: a group deleted and recreated under the same id,
    // starting lower, is not a REWIND, and its old commits are not kept forever.
    void trackerForgetsWhatIsGone()
    {
        LagTracker tracker(4);
        for (qint64 k = 0; k < 4; ++k)
            tracker.observe({sample(5 * k, GroupState::Stable, {partition(kOrders, 0, 5000 + 10 * k, 6000)})},
                            at(5 * k));
        tracker.observe({}, at(20)); // the group is gone (deleted, or its offsets expired)
        const ClusterLagStatus status =
            tracker.observe({sample(25, GroupState::Stable, {partition(kOrders, 0, 100, 6000)})}, at(25));
        QCOMPARE(status.groups.value(QStringLiteral("billing")).health.health, LagHealth::Ok);
        QVERIFY(status.groups.value(QStringLiteral("billing")).health.reason.isEmpty());
    }

    void groupIsTheWorstPartition()
    {
        // payments-0 WARN (lag grows), orders-5 STALL, orders-3 REWIND, orders-1 OK; listed out of order. A window of
        // four, so that four refreshes fill it (WARN and STALL are judged on full windows only).
        HealthTracker tracker(4);
        for (qint64 k = 0; k < 4; ++k) {
            const qint64 hw = 2000 + 100 * k;
            const qint64 rewound = k == 3 ? 100 : 500 + 100 * k;
            tracker.observe(sample(5 * k, GroupState::Stable,
                                   {partition(kPayments, 0, 1000 + 10 * k, hw), partition(kOrders, 5, 700, hw),
                                    partition(kOrders, 3, rewound, hw), partition(kOrders, 1, hw - (k % 2), hw)}));
        }
        const GroupHealth health = tracker.evaluate(QStringLiteral("billing"), at(15));
        QCOMPARE(health.partitions.size(), 4);
        const QList<TopicPartition> order{{kOrders, 1}, {kOrders, 3}, {kOrders, 5}, {kPayments, 0}};
        const QList<LagHealth> verdicts{LagHealth::Ok, LagHealth::Rewind, LagHealth::Stall, LagHealth::Warn};
        for (qsizetype i = 0; i < order.size(); ++i) {
            QCOMPARE(health.partitions.at(i).tp, order.at(i));
            QCOMPARE(health.partitions.at(i).verdict.health, verdicts.at(i));
        }
        // REWIND and STALL tie at the top: the first in (topic, partition) order names the group, shown as ERR.
        QCOMPARE(health.health, LagHealth::Err);
        QCOMPARE(health.reason, QStringLiteral("orders-3: committed offset went back from 700 to 100"));

        // Without the ERR partitions the WARN one is the worst, and WARN stays WARN at group level.
        for (qint64 k = 4; k < 6; ++k) {
            const qint64 hw = 2000 + 100 * k;
            tracker.observe(sample(5 * k, GroupState::Stable,
                                   {partition(kPayments, 0, 1000 + 10 * k, hw), partition(kOrders, 1, hw - 1, hw)}));
        }
        const GroupHealth warned = tracker.evaluate(QStringLiteral("billing"), at(25));
        QCOMPARE(warned.partitions.size(), 2); // the partitions gone from the sample are gone from the windows
        QVERIFY(tracker.window(QStringLiteral("billing"), {kOrders, 3}).isEmpty());
        QCOMPARE(warned.health, LagHealth::Warn);
        QCOMPARE(warned.reason, QStringLiteral("payments-0: lag grew from 1,180 to 1,450 over the last 4 commits"));

        tracker.forget(QStringLiteral("billing"));
        QCOMPARE(tracker.evaluate(QStringLiteral("billing"), at(25)).reason,
                 QStringLiteral("no history for this group yet"));
    }

    void unknownHighWatermarkAddsNothing()
    {
        HealthTracker tracker(3);
        tracker.observe(sample(0, GroupState::Stable, {partition(kOrders, 0, 100, 400)}));
        tracker.observe(sample(5, GroupState::Stable, {partition(kOrders, 0, 150, kNoOffset)}));
        // Still in the sample, so its window stays; the entry without a lag is skipped.
        QCOMPARE(tracker.window(QStringLiteral("billing"), {kOrders, 0}), (QList<CommitEntry>{{100, at(0), 300}}));
        for (qint64 k = 2; k < 6; ++k)
            tracker.observe(sample(5 * k, GroupState::Stable, {partition(kOrders, 0, 100 + k, 400)}));
        QCOMPARE(tracker.window(QStringLiteral("billing"), {kOrders, 0}),
                 (QList<CommitEntry>{{103, at(15), 297}, {104, at(20), 296}, {105, at(25), 295}}));
    }
};

QTEST_GUILESS_MAIN(TestLagHealth)
#include "tst_laghealth.moc"
