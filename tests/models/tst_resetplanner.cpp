#include "resetplanner.h"
#include "resetsnapshots.h"

#include <QLocale>
#include <QTest>

#include <limits>

using namespace OffsetLens;
using namespace Qt::StringLiterals;
using namespace OffsetLens::ResetTestData;

Q_DECLARE_METATYPE(OffsetLens::ResetRequest)
Q_DECLARE_METATYPE(OffsetLens::OffsetForTime)

namespace {

const QString kOrders = QStringLiteral("orders");
const QString kBilling = QStringLiteral("billing");
const QString kAbove = QStringLiteral("clamped from %1: above the high watermark");
const QString kBelow = QStringLiteral("clamped from %1: below the log start");
const QString kNoShift = QStringLiteral("no committed offset to shift");
const QString kNoAnswer = QStringLiteral("the look-up by time gave no answer for this partition");

ResetRequest ordersRequest(ResetStrategyKind kind, qint64 offset = 0)
{
    ResetRequest r = request(kBilling, kind, {whole(kOrders)});
    r.strategy.offset = offset;
    return r;
}

ResetRequest withTargets(ResetRequest r, QList<OffsetTarget> targets)
{
    r.strategy.targets = targets;
    return r;
}

ResetRequest fromGroup(const QString &source, bool shared)
{
    ResetRequest r = request(kBilling, ResetStrategyKind::FromGroup);
    r.strategy.fromGroup = source;
    r.strategy.onlySharedPartitions = shared;
    return r;
}

QString summaryText(const ResetPlanSummary &s)
{
    return QStringLiteral("partitions %1 changed %2 clamped %3 failed %4 lagBefore %5 lagAfter %6 reconsumed %7 "
                          "skipped %8 withoutCommit %9")
        .arg(s.partitions)
        .arg(s.changed)
        .arg(s.clamped)
        .arg(s.failed)
        .arg(s.lagBefore)
        .arg(s.lagAfter)
        .arg(s.reconsumed)
        .arg(s.skipped)
        .arg(s.withoutCommitBefore);
}

} // namespace

class TestResetPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    // Every strategy row by row on the same partitions: committed and uncommitted, inside and outside the log.
    void strategies_data()
    {
        QTest::addColumn<ResetRequest>("request");
        QTest::addColumn<QList<OffsetForTime>>("answers");
        QTest::addColumn<QStringList>("rows");

        const QString empty1 =
            QStringLiteral("Partition 1 from topic orders is empty. Falling back to latest known offset.");
        const QString empty2 =
            QStringLiteral("Partition 2 from topic orders is empty. Falling back to latest known offset.");
        const QList<OffsetForTime> none;

        QTest::newRow("to earliest") << ordersRequest(ResetStrategyKind::ToEarliest) << none
                                     << QStringList{u"orders-0 400>100 changed"_s, u"orders-1 500>0 changed"_s,
                                                    u"orders-2 ->50 changed"_s, u"orders-3 ->10 changed"_s};
        QTest::newRow("to latest") << ordersRequest(ResetStrategyKind::ToLatest) << none
                                   << QStringList{u"orders-0 400>1000 changed"_s, u"orders-1 500>500 unchanged"_s,
                                                  u"orders-2 ->50 changed"_s, u"orders-3 ->200 changed"_s};
        QTest::newRow("to current") << ordersRequest(ResetStrategyKind::ToCurrent) << none
                                    << QStringList{u"orders-0 400>400 unchanged"_s, u"orders-1 500>500 unchanged"_s,
                                                   u"orders-2 ->50 changed | no committed offset: latest"_s,
                                                   u"orders-3 ->200 changed | no committed offset: latest"_s};
        QTest::newRow("to offset inside") << ordersRequest(ResetStrategyKind::ToOffset, 300) << none
                                          << QStringList{u"orders-0 400>300 changed"_s, u"orders-1 500>300 changed"_s,
                                                         u"orders-2 ->50 clamped | "_s + kAbove.arg(300),
                                                         u"orders-3 ->200 clamped | "_s + kAbove.arg(300)};
        QTest::newRow("to offset below log start")
            << ordersRequest(ResetStrategyKind::ToOffset, 5) << none
            << QStringList{u"orders-0 400>100 clamped | "_s + kBelow.arg(5), u"orders-1 500>5 changed"_s,
                           u"orders-2 ->50 clamped | "_s + kBelow.arg(5),
                           u"orders-3 ->10 clamped | "_s + kBelow.arg(5)};
        QTest::newRow("to offset = committed, = log start, = HW")
            << ordersRequest(ResetStrategyKind::ToOffset, 100) << none
            << QStringList{u"orders-0 400>100 changed"_s, u"orders-1 500>100 changed"_s,
                           u"orders-2 ->50 clamped | "_s + kAbove.arg(100), u"orders-3 ->100 changed"_s};
        QTest::newRow("to offset = committed")
            << ordersRequest(ResetStrategyKind::ToOffset, 400) << none
            << QStringList{u"orders-0 400>400 unchanged"_s, u"orders-1 500>400 changed"_s,
                           u"orders-2 ->50 clamped | "_s + kAbove.arg(400),
                           u"orders-3 ->200 clamped | "_s + kAbove.arg(400)};
        QTest::newRow("to offset negative") << ordersRequest(ResetStrategyKind::ToOffset, -7) << none
                                            << QStringList{u"orders-0 400>100 clamped | "_s + kBelow.arg(-7),
                                                           u"orders-1 500>0 clamped | "_s + kBelow.arg(-7),
                                                           u"orders-2 ->50 clamped | "_s + kBelow.arg(-7),
                                                           u"orders-3 ->10 clamped | "_s + kBelow.arg(-7)};
        QTest::newRow("shift back") << ordersRequest(ResetStrategyKind::ShiftBy, -350) << none
                                    << QStringList{u"orders-0 400>100 clamped | "_s + kBelow.arg(50),
                                                   u"orders-1 500>150 changed"_s,
                                                   u"orders-2 ->- failed | "_s + kNoShift,
                                                   u"orders-3 ->- failed | "_s + kNoShift};
        QTest::newRow("shift forward past HW")
            << ordersRequest(ResetStrategyKind::ShiftBy, 700) << none
            << QStringList{u"orders-0 400>1000 clamped | "_s + kAbove.arg(1100),
                           u"orders-1 500>500 clamped | "_s + kAbove.arg(1200), u"orders-2 ->- failed | "_s + kNoShift,
                           u"orders-3 ->- failed | "_s + kNoShift};
        QTest::newRow("shift by 0") << ordersRequest(ResetStrategyKind::ShiftBy, 0) << none
                                    << QStringList{u"orders-0 400>400 unchanged"_s, u"orders-1 500>500 unchanged"_s,
                                                   u"orders-2 ->- failed | "_s + kNoShift,
                                                   u"orders-3 ->- failed | "_s + kNoShift};
        const qint64 max = std::numeric_limits<qint64>::max();
        QTest::newRow("shift overflow") << ordersRequest(ResetStrategyKind::ShiftBy, max) << none
                                        << QStringList{u"orders-0 400>1000 clamped | "_s + kAbove.arg(max),
                                                       u"orders-1 500>500 clamped | "_s + kAbove.arg(max),
                                                       u"orders-2 ->- failed | "_s + kNoShift,
                                                       u"orders-3 ->- failed | "_s + kNoShift};

        ResetRequest dateTime = ordersRequest(ResetStrategyKind::ToDateTime);
        dateTime.strategy.timestampMs = 1700000000000;
        QTest::newRow("to datetime") << dateTime
                                     << QList<OffsetForTime>{answer(kOrders, 0, 700), answer(kOrders, 1, kNone),
                                                             answer(kOrders, 2, kNone,
                                                                    QStringLiteral("Broker: Not leader for partition")),
                                                             answer(kOrders, 3, 250)}
                                     << QStringList{u"orders-0 400>700 changed"_s,
                                                    u"orders-1 500>500 unchanged | "_s + empty1,
                                                    u"orders-2 ->- failed | Broker: Not leader for partition"_s,
                                                    u"orders-3 ->200 clamped | "_s + kAbove.arg(250)};
        QTest::newRow("to datetime: before the log start, empty partition, missing answers")
            << dateTime << QList<OffsetForTime>{answer(kOrders, 0, 50), answer(kOrders, 2, kNone)}
            << QStringList{u"orders-0 400>100 clamped | "_s + kBelow.arg(50), u"orders-1 500>- failed | "_s + kNoAnswer,
                           u"orders-2 ->50 changed | "_s + empty2, u"orders-3 ->- failed | "_s + kNoAnswer};
        ResetRequest duration = ordersRequest(ResetStrategyKind::ByDuration);
        duration.strategy.durationMs = 3600000;
        QTest::newRow("by duration")
            << duration
            << QList<OffsetForTime>{answer(kOrders, 0, 400), answer(kOrders, 1, 499), answer(kOrders, 2, 50),
                                    answer(kOrders, 3, kNone)}
            << QStringList{u"orders-0 400>400 unchanged"_s, u"orders-1 500>499 changed"_s, u"orders-2 ->50 changed"_s,
                           QStringLiteral("orders-3 ->200 changed | Partition 3 from topic orders is empty. "
                                          "Falling back to latest known offset.")};

        // The file's partitions are the scope, whatever the scope says.
        ResetRequest file = request(kBilling, ResetStrategyKind::FromFile, {whole(QStringLiteral("payments"))});
        QTest::newRow("from file") << withTargets(file, {target(kOrders, 0, 5000, 1), target(kOrders, 1, 20, 2),
                                                         target(kOrders, 3, 0, 3)})
                                   << none
                                   << QStringList{u"orders-0 400>1000 clamped | "_s + kAbove.arg(5000),
                                                  u"orders-1 500>20 changed"_s,
                                                  u"orders-3 ->10 clamped | "_s + kBelow.arg(0)};
        QTest::newRow("from file: a repeated partition, the later line wins")
            << withTargets(file, {target(kOrders, 1, 20, 1), target(kOrders, 1, 30, 2)}) << none
            << QStringList{u"orders-1 500>30 changed"_s};
        QTest::newRow("explicit") << withTargets(request(kBilling, ResetStrategyKind::Explicit),
                                                 {target(kOrders, 3, 15), target(kOrders, 0, 400)})
                                  << none << QStringList{u"orders-0 400>400 unchanged"_s, u"orders-3 ->15 changed"_s};
        QTest::newRow("from group") << fromGroup(QStringLiteral("source"), false) << none
                                    << QStringList{u"orders-0 400>150 changed"_s,
                                                   u"orders-3 ->10 clamped | "_s + kBelow.arg(5),
                                                   u"payments-0 250>300 clamped | "_s + kAbove.arg(999)};
        QTest::newRow("from group, shared partitions only")
            << fromGroup(QStringLiteral("source"), true) << none
            << QStringList{u"orders-0 400>150 changed"_s, u"payments-0 250>300 clamped | "_s + kAbove.arg(999)};

        // --all-topics: the group's committed partitions (orders-2's "no commit" record is not one), with the
        // partition whose HW is unknown.
        const QString noHw = QStringLiteral("events-0 20>- failed | high watermark unknown: timed out");
        QTest::newRow("all topics, to latest")
            << request(kBilling, ResetStrategyKind::ToLatest) << none
            << QStringList{noHw, u"orders-0 400>1000 changed"_s, u"orders-1 500>500 unchanged"_s,
                           u"payments-0 250>300 changed"_s};
        QTest::newRow("all topics, to earliest (no HW needed)")
            << request(kBilling, ResetStrategyKind::ToEarliest) << none
            << QStringList{u"events-0 20>10 changed"_s, u"orders-0 400>100 changed"_s, u"orders-1 500>0 changed"_s,
                           u"payments-0 250>0 changed"_s};
        QTest::newRow("all topics, to current (no HW needed)")
            << request(kBilling, ResetStrategyKind::ToCurrent) << none
            << QStringList{u"events-0 20>20 unchanged"_s, u"orders-0 400>400 unchanged"_s,
                           u"orders-1 500>500 unchanged"_s, u"payments-0 250>250 unchanged"_s};
        ResetRequest allOffset = request(kBilling, ResetStrategyKind::ToOffset);
        allOffset.strategy.offset = 280;
        QTest::newRow("all topics, to offset")
            << allOffset << none
            << QStringList{noHw, u"orders-0 400>280 changed"_s, u"orders-1 500>280 changed"_s,
                           u"payments-0 250>280 changed"_s};
        QTest::newRow("partition list") << request(kBilling, ResetStrategyKind::ToLatest,
                                                   {{kOrders, {3, 0, 3}}, {QStringLiteral("payments"), {0}}})
                                        << none
                                        << QStringList{u"orders-0 400>1000 changed"_s, u"orders-3 ->200 changed"_s,
                                                       u"payments-0 250>300 changed"_s};
        QTest::newRow("group that does not exist yet")
            << request(QStringLiteral("newcomer"), ResetStrategyKind::ToEarliest, {{kOrders, {0, 1}}}) << none
            << QStringList{u"orders-0 ->100 changed"_s, u"orders-1 ->0 changed"_s};
        QTest::newRow("all topics of a group without commits")
            << request(QStringLiteral("nothing"), ResetStrategyKind::ToLatest) << none << QStringList{};
    }
    void strategies()
    {
        QFETCH(ResetRequest, request);
        QFETCH(QList<OffsetForTime>, answers);
        QFETCH(QStringList, rows);
        const ResetPlan plan = planReset(resetCluster(), request, answers);
        QVERIFY2(plan.isValid(), qPrintable(plan.error));
        QCOMPARE(rowTexts(plan), rows);
        for (const ResetPlanRow &row : plan.rows) {
            // Lag columns follow from the row, and a failed row has no target.
            const bool hw = row.highWatermark != kNoOffset;
            QCOMPARE(row.lagBefore,
                     hw && row.committedBefore != kNoOffset ? row.highWatermark - row.committedBefore : kNoOffset);
            QCOMPARE(row.lagAfter, hw && row.writable() ? row.highWatermark - row.target : kNoOffset);
            QCOMPARE(row.target == kNoOffset, !row.writable());
        }
    }

    void wholePlanFails_data()
    {
        QTest::addColumn<ResetRequest>("request");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("details");

        const QString nope = QStringLiteral("nope");
        QTest::newRow("missing topic") << request(kBilling, ResetStrategyKind::ToLatest, {whole(nope)})
                                       << QStringLiteral("unknown topic 'nope'")
                                       << QStringList{QStringLiteral("unknown topic 'nope'")};
        QTest::newRow("missing partition") << request(kBilling, ResetStrategyKind::ToLatest, {{kOrders, {0, 7}}})
                                           << QStringLiteral("topic 'orders' has no partition 7")
                                           << QStringList{QStringLiteral("topic 'orders' has no partition 7")};
        QTest::newRow("leaderless partition in a whole topic")
            << request(kBilling, ResetStrategyKind::ToEarliest, {whole(QStringLiteral("payments"))})
            << QStringLiteral("partition payments-1 has no leader")
            << QStringList{QStringLiteral("partition payments-1 has no leader")};
        QTest::newRow("several problems")
            << request(kBilling, ResetStrategyKind::ToLatest,
                       {whole(nope), {kOrders, {7}}, {QStringLiteral("payments"), {1}}})
            << QStringLiteral("3 partitions in the scope cannot be reset")
            << QStringList{u"unknown topic 'nope'"_s, u"topic 'orders' has no partition 7"_s,
                           u"partition payments-1 has no leader"_s};
        QTest::newRow("all topics with a commit on a deleted topic")
            << request(QStringLiteral("stale"), ResetStrategyKind::ToEarliest) << QStringLiteral("unknown topic 'gone'")
            << QStringList{QStringLiteral("unknown topic 'gone'")};
        QTest::newRow("file rows naming unknown partitions")
            << withTargets(request(kBilling, ResetStrategyKind::FromFile),
                           {target(kOrders, 0, 1, 1), target(QStringLiteral("x"), 0, 1, 3), target(kOrders, 9, 1, 4),
                            target(QStringLiteral("payments"), 1, 1, 6)})
            << QStringLiteral("3 rows name partitions that cannot be reset")
            << QStringList{u"line 3: unknown topic 'x'"_s, u"line 4: topic 'orders' has no partition 9"_s,
                           u"line 6: partition payments-1 has no leader"_s};
        QList<OffsetTarget> many;
        for (int i = 1; i <= 30; ++i)
            many.append(target(QStringLiteral("x%1").arg(i), 0, 1, i));
        QStringList manyDetails;
        for (int i = 1; i <= 20; ++i)
            manyDetails.append(QStringLiteral("line %1: unknown topic 'x%1'").arg(i));
        manyDetails.append(QStringLiteral("… and 10 more"));
        QTest::newRow("30 unknown topics: the first 20 listed")
            << withTargets(request(kBilling, ResetStrategyKind::FromFile), many)
            << QStringLiteral("30 rows name partitions that cannot be reset") << manyDetails;
        QTest::newRow("explicit target on an unknown topic")
            << withTargets(request(kBilling, ResetStrategyKind::Explicit), {target(nope, 0, 1)})
            << QStringLiteral("unknown topic 'nope'") << QStringList{QStringLiteral("unknown topic 'nope'")};
        QTest::newRow("unknown source group")
            << fromGroup(QStringLiteral("ghost"), false)
            << QStringLiteral("source group 'ghost' is unknown on this cluster") << QStringList{};
        QTest::newRow("source group without commits")
            << fromGroup(QStringLiteral("nothing"), true)
            << QStringLiteral("source group 'nothing' has no committed offsets to copy") << QStringList{};
        QTest::newRow("source group with a commit on a deleted topic")
            << fromGroup(QStringLiteral("stale"), false) << QStringLiteral("unknown topic 'gone'")
            << QStringList{QStringLiteral("unknown topic 'gone'")};
        ResetRequest noNow = ordersRequest(ResetStrategyKind::ByDuration);
        noNow.now = QDateTime();
        QTest::newRow("by duration without now")
            << noNow << QStringLiteral("the request has no time to count the duration back from") << QStringList{};
    }
    void wholePlanFails()
    {
        QFETCH(ResetRequest, request);
        QFETCH(QString, error);
        QFETCH(QStringList, details);
        const ResetPlan plan = planReset(resetCluster(), request);
        QVERIFY(!plan.isValid());
        QCOMPARE(plan.error, error);
        QCOMPARE(plan.errorDetails, details);
        QVERIFY(plan.rows.isEmpty());
        QVERIFY(plan.toWrite().offsets.isEmpty());
        // The same answer from the scope alone.
        if (request.strategy.kind != ResetStrategyKind::ByDuration) {
            const ResolvedScope scope = resolveResetScope(resetCluster(), request);
            QCOMPARE(scope.error, error);
            QVERIFY(scope.partitions.isEmpty());
        }
    }

    void scopeOrder()
    {
        const ResolvedScope scope =
            resolveResetScope(resetCluster(), request(kBilling, ResetStrategyKind::ToLatest,
                                                      {{QStringLiteral("payments"), {0}}, {kOrders, {3, 1, 3}}}));
        QVERIFY(scope.error.isEmpty());
        QCOMPARE(scope.partitions,
                 (QList<TopicPartition>{{kOrders, 1}, {kOrders, 3}, {QStringLiteral("payments"), 0}}));
    }

    void planFields()
    {
        const ClusterSnapshot snapshot = resetCluster(5);
        const ResetPlan live = planReset(snapshot, request(QStringLiteral("live"), ResetStrategyKind::ToLatest));
        QCOMPARE(live.profileId, QStringLiteral("test-id"));
        QCOMPARE(live.clusterName, QStringLiteral("test"));
        QCOMPARE(live.basedOn, snapshot.takenAt);
        QCOMPARE(live.groupState, GroupState::Stable);
        QVERIFY(live.groupExists);
        QCOMPARE(live.members.size(), 2);
        QCOMPARE(live.request.groupId, QStringLiteral("live"));

        const ResetPlan fresh =
            planReset(snapshot, request(QStringLiteral("newcomer"), ResetStrategyKind::ToLatest, {whole(kOrders)}));
        QVERIFY(!fresh.groupExists);
        QCOMPARE(fresh.groupState, GroupState::Unknown);
        QVERIFY(fresh.members.isEmpty());
        QCOMPARE(fresh.warnings, QStringList{QStringLiteral(
                                     "4 partitions had no committed offset before: an undo cannot take the commit "
                                     "this reset creates away")});

        const ResetPlan nothing = planReset(snapshot, request(QStringLiteral("nothing"), ResetStrategyKind::ToLatest));
        QVERIFY(nothing.isValid());
        QCOMPARE(nothing.warnings.size(), 1);
        QVERIFY(nothing.warnings.first().contains(QStringLiteral("no committed offsets")));
    }

    void summary_data()
    {
        QTest::addColumn<ResetRequest>("request");
        QTest::addColumn<QList<OffsetForTime>>("answers");
        QTest::addColumn<QString>("summary");

        QTest::newRow("to offset: re-consumed, clamped, without commit")
            << ordersRequest(ResetStrategyKind::ToOffset, 300) << QList<OffsetForTime>{}
            << QStringLiteral("partitions 4 changed 4 clamped 2 failed 0 lagBefore 600 lagAfter 900 reconsumed 300 "
                              "skipped 0 withoutCommit 2");
        QTest::newRow("shift: failed rows")
            << ordersRequest(ResetStrategyKind::ShiftBy, -350) << QList<OffsetForTime>{}
            << QStringLiteral("partitions 4 changed 2 clamped 1 failed 2 lagBefore 600 lagAfter 1250 reconsumed 650 "
                              "skipped 0 withoutCommit 0");
        QTest::newRow("to latest: skipped")
            << ordersRequest(ResetStrategyKind::ToLatest) << QList<OffsetForTime>{}
            << QStringLiteral("partitions 4 changed 3 clamped 0 failed 0 lagBefore 600 lagAfter 0 reconsumed 0 "
                              "skipped 600 withoutCommit 2");
        ResetRequest dateTime = request(kBilling, ResetStrategyKind::ToDateTime, {{kOrders, {0, 1}}});
        QTest::newRow("a failed row keeps its lag")
            << dateTime
            << QList<OffsetForTime>{answer(kOrders, 0, kNone, QStringLiteral("timed out")), answer(kOrders, 1, 100)}
            << QStringLiteral("partitions 2 changed 1 clamped 0 failed 1 lagBefore 600 lagAfter 1000 reconsumed 400 "
                              "skipped 0 withoutCommit 0");
        QTest::newRow("clamped but unchanged is not changed")
            << request(kBilling, ResetStrategyKind::ShiftBy, {{kOrders, {1}}}) << QList<OffsetForTime>{}
            << QStringLiteral("partitions 1 changed 0 clamped 0 failed 0 lagBefore 0 lagAfter 0 reconsumed 0 skipped "
                              "0 withoutCommit 0");
    }
    void summary()
    {
        QFETCH(ResetRequest, request);
        QFETCH(QList<OffsetForTime>, answers);
        QFETCH(QString, summary);
        QCOMPARE(summaryText(planReset(resetCluster(), request, answers).summary()), summary);
    }

    void clampedUnchangedCountsAsClampedNotChanged()
    {
        const ResetPlan plan =
            planReset(resetCluster(), request(kBilling, ResetStrategyKind::ShiftBy, {{kOrders, {1}}}));
        QCOMPARE(rowTexts(plan), QStringList{QStringLiteral("orders-1 500>500 unchanged")});
        ResetRequest up = request(kBilling, ResetStrategyKind::ShiftBy, {{kOrders, {1}}});
        up.strategy.offset = 10;
        const ResetPlan clamped = planReset(resetCluster(), up);
        QCOMPARE(rowTexts(clamped), QStringList{u"orders-1 500>500 clamped | "_s + kAbove.arg(510)});
        QCOMPARE(clamped.summary().clamped, 1);
        QCOMPARE(clamped.summary().changed, 0);
    }

    void toWrite()
    {
        const ResetPlan plan = planReset(resetCluster(), ordersRequest(ResetStrategyKind::ShiftBy, -350));
        const GroupOffsetsToWrite write = plan.toWrite();
        QCOMPARE(write.groupId, kBilling);
        QCOMPARE(write.offsets, (QList<OffsetToWrite>{{{kOrders, 0}, 100, QString()}, {{kOrders, 1}, 150, QString()}}));
    }

    void sameEffect()
    {
        const ResetRequest latest = ordersRequest(ResetStrategyKind::ToLatest);
        const ResetPlan a = planReset(resetCluster(1), latest);
        QVERIFY(a.sameEffectAs(a));
        // A later snapshot with the same numbers: same effect, though based on another refresh.
        const ResetPlan later = planReset(resetCluster(2), latest);
        QVERIFY(later.basedOn != a.basedOn);
        QVERIFY(a.sameEffectAs(later));

        ClusterSnapshot moved = resetCluster(3);
        moved.groups[0].offsets[1].offset = 401; // billing orders-0
        QVERIFY(!a.sameEffectAs(planReset(moved, latest)));

        // Under live traffic the HW grows between preview and write: "to latest" still means the same, a fixed
        // target that was clamped to the old HW does not.
        ClusterSnapshot grown = resetCluster(3);
        grown.topics[1].partitions[0].highWatermark = 1001;
        QVERIFY(a.sameEffectAs(planReset(grown, latest)));
        const ResetRequest beyond = ordersRequest(ResetStrategyKind::ToOffset, 5000);
        QVERIFY(!planReset(resetCluster(1), beyond).sameEffectAs(planReset(grown, beyond)));
        // To current on the committed partitions does not depend on the HW.
        const ResetRequest current = request(kBilling, ResetStrategyKind::ToCurrent, {{kOrders, {0, 1}}});
        QVERIFY(planReset(resetCluster(1), current).sameEffectAs(planReset(grown, current)));

        QVERIFY(!a.sameEffectAs(planReset(resetCluster(1), ordersRequest(ResetStrategyKind::ToEarliest))));
        const ResetPlan invalid =
            planReset(resetCluster(1), request(kBilling, ResetStrategyKind::ToLatest, {whole(QStringLiteral("x"))}));
        QVERIFY(!invalid.sameEffectAs(invalid));
    }

    void undo()
    {
        ResetRequest dateTime = ordersRequest(ResetStrategyKind::ToDateTime);
        const ResetPlan applied = planReset(resetCluster(), dateTime,
                                            {answer(kOrders, 0, 0, QStringLiteral("timed out")), answer(kOrders, 1, 10),
                                             answer(kOrders, 2, 50), answer(kOrders, 3, 100)});
        QCOMPARE(applied.warnings, QStringList{QStringLiteral(
                                       "2 partitions had no committed offset before: an undo cannot take the commit "
                                       "this reset creates away")});
        const ResetRequest undo = undoRequest(applied);
        QCOMPARE(undo.groupId, kBilling);
        QCOMPARE(undo.strategy.kind, ResetStrategyKind::Explicit);
        // orders-0 failed (nothing written), orders-2 and -3 had no commit: only orders-1 goes back.
        QCOMPARE(undo.strategy.targets, QList<OffsetTarget>{target(kOrders, 1, 500)});

        // Planned on the state after the reset, the undo puts the commits back.
        const ResetPlan shifted = planReset(resetCluster(), ordersRequest(ResetStrategyKind::ToOffset, 300));
        ClusterSnapshot after = resetCluster(2);
        after.groups[0].offsets = {committed(kOrders, 0, 300), committed(kOrders, 1, 300), committed(kOrders, 2, 50),
                                   committed(kOrders, 3, 200)};
        const ResetPlan undone = planReset(after, undoRequest(shifted));
        QVERIFY(undone.isValid());
        QCOMPARE(rowTexts(undone), (QStringList{u"orders-0 300>400 changed"_s, u"orders-1 300>500 changed"_s}));
    }

    void timeSource()
    {
        ResetRequest duration = ordersRequest(ResetStrategyKind::ByDuration);
        duration.strategy.durationMs = 90 * 60 * 1000;
        const qint64 expectedTime = duration.now.toMSecsSinceEpoch() - 90 * 60 * 1000;
        QCOMPARE(resetLookupTimeMs(duration), expectedTime);

        FakeTimeSource times({answer(kOrders, 0, 600), answer(kOrders, 1, kNone), answer(kOrders, 3, 20)});
        const ResetPlan plan = planReset(resetCluster(), duration, &times);
        QCOMPARE(times.calls(), 1);
        QCOMPARE(times.queries().size(), 4);
        for (const OffsetForTime &q : times.queries())
            QCOMPARE(q.timestampMs, expectedTime);
        QCOMPARE(rowTexts(plan),
                 (QStringList{u"orders-0 400>600 changed"_s,
                              QStringLiteral("orders-1 500>500 unchanged | Partition 1 from topic orders is "
                                             "empty. Falling back to latest known offset."),
                              u"orders-2 ->- failed | "_s + kNoAnswer, u"orders-3 ->20 changed"_s}));

        ResetRequest dateTime = ordersRequest(ResetStrategyKind::ToDateTime);
        dateTime.strategy.timestampMs = 1234;
        QCOMPARE(resetLookupTimeMs(dateTime), 1234);
        QCOMPARE(resetLookupTimeMs(ordersRequest(ResetStrategyKind::ToLatest)), 0);

        // No source where one is needed fails the plan; where none is needed it is not asked.
        const ResetPlan without = planReset(resetCluster(), dateTime, static_cast<OffsetTimeSource *>(nullptr));
        QCOMPARE(without.error, QStringLiteral("offsets cannot be looked up by time here"));
        QVERIFY(without.rows.isEmpty());
        QVERIFY(planReset(resetCluster(), ordersRequest(ResetStrategyKind::ToLatest),
                          static_cast<OffsetTimeSource *>(nullptr))
                    .isValid());
        FakeTimeSource unused({});
        QVERIFY(planReset(resetCluster(), ordersRequest(ResetStrategyKind::ToEarliest), &unused).isValid());
        ResetRequest badScope = dateTime;
        badScope.scope.topics = {whole(QStringLiteral("nope"))};
        QVERIFY(!planReset(resetCluster(), badScope, &unused).isValid());
        QCOMPARE(unused.calls(), 0);
    }

    void names()
    {
        QCOMPARE(resetRowStatusName(ResetRowStatus::Clamped), QStringLiteral("clamped"));
        QCOMPARE(resetRowStatusName(ResetRowStatus::Failed), QStringLiteral("failed"));
        QCOMPARE(resetStrategyName(ResetStrategyKind::ShiftBy), QStringLiteral("shift by"));
        QCOMPARE(resetStrategyName(ResetStrategyKind::ToEarliest), QStringLiteral("to earliest"));
    }
};

QTEST_GUILESS_MAIN(TestResetPlanner)
#include "tst_resetplanner.moc"
