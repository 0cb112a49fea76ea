#include "laneedits.h"
#include "resetplanner.h"
#include "resetsnapshots.h"
#include "visualsnapshots.h"

#include <QTest>

#include <limits>

using namespace OffsetLens;
using namespace OffsetLens::VisualTestData;

Q_DECLARE_METATYPE(OffsetLens::DragMode)

namespace {

const QString kOrders = QStringLiteral("orders");
const QString kPayments = QStringLiteral("payments");
constexpr qint64 kMax = std::numeric_limits<qint64>::max();

// "orders-0 400>300", with " start" or " hw" when the target was clamped to that end.
QString editText(const LaneEdit &edit)
{
    QString text = QStringLiteral("%1 %2>%3").arg(tpName(edit.tp), offsetText(edit.from), offsetText(edit.to));
    if (edit.clampedAt == ClampEnd::LogStart)
        text += QStringLiteral(" start");
    else if (edit.clampedAt == ClampEnd::HighWatermark)
        text += QStringLiteral(" hw");
    return text;
}

QStringList editTexts(const QList<LaneEdit> &edits)
{
    QStringList texts;
    for (const LaneEdit &edit : edits)
        texts.append(editText(edit));
    return texts;
}

// Group 0 and group 1 on a topic whose lanes come in describe order, not partition order:
// orders-4 [0, 2000] no commits; orders-0 [100, 1000] 400 / -; payments-0 [0, 300] 100 / 100;
// orders-2 [50, 50] (empty) 50 / -; orders-1 [0, 500] 450 / 10; orders-3 range unknown 7 / -.
QList<OffsetLane> dragLanes()
{
    return {lane(kOrders, 4, 0, 2000, {kNone, kNone}), lane(kOrders, 0, 100, 1000, {400, kNone}),
            lane(kPayments, 0, 0, 300, {100, 100}),    lane(kOrders, 2, 50, 50, {50, kNone}),
            lane(kOrders, 1, 0, 500, {450, 10}),       lane(kOrders, 3, kNone, kNone, {7, kNone})};
}

TopicPartition orders(qint32 partition)
{
    return {kOrders, partition};
}

LaneEdit edit(const TopicPartition &tp, qint64 from, qint64 to)
{
    return {tp, from, to, ClampEnd::None};
}

PendingEdits::Step step(const QString &description, QList<LaneEdit> edits)
{
    return {description, edits};
}

} // namespace

class TestLaneEdits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clamp()
    {
        const OffsetLane l = lane(kOrders, 0, 100, 1000);
        QCOMPARE(clampToLog(l, 500).offset, qint64(500));
        QCOMPARE(clampToLog(l, 500).clampedAt, ClampEnd::None);
        QCOMPARE(clampToLog(l, 100).clampedAt, ClampEnd::None);
        QCOMPARE(clampToLog(l, 1000).clampedAt, ClampEnd::None);
        QCOMPARE(clampToLog(l, 99).offset, qint64(100));
        QCOMPARE(clampToLog(l, 99).clampedAt, ClampEnd::LogStart);
        QCOMPARE(clampToLog(l, kMax).offset, qint64(1000));
        QCOMPARE(clampToLog(l, kMax).clampedAt, ClampEnd::HighWatermark);
        const ClampedOffset unknown = clampToLog(lane(kOrders, 0, kNone, 1000), 500);
        QCOMPARE(unknown.offset, kNone);
        QCOMPARE(unknown.clampedAt, ClampEnd::None);
        QCOMPARE(clampToLog(lane(kOrders, 0, 100, kNone), 500).offset, kNone);
    }

    void drag_data()
    {
        QTest::addColumn<DragMode>("mode");
        QTest::addColumn<qint32>("partition");
        QTest::addColumn<qint64>("raw");
        QTest::addColumn<QStringList>("edits");
        QTest::addColumn<qint64>("delta");

        const DragMode single = DragMode::Single;
        const DragMode shift = DragMode::ShiftAll;
        const DragMode same = DragMode::SamePosition;
        QTest::newRow("single") << single << 0 << qint64(300) << QStringList{QStringLiteral("orders-0 400>300")}
                                << qint64(-100);
        QTest::newRow("single below start")
            << single << 0 << qint64(50) << QStringList{QStringLiteral("orders-0 400>100 start")} << qint64(-300);
        QTest::newRow("single beyond hw")
            << single << 0 << qint64(5000) << QStringList{QStringLiteral("orders-0 400>1000 hw")} << qint64(600);
        QTest::newRow("single without commit")
            << single << 4 << qint64(100) << QStringList{QStringLiteral("orders-4 ->100")} << qint64(0);

        // Each partition of the topic moves by the same delta and is clamped to its own log; the other topic, the
        // partition without a commit and the one with an unknown range are left out.
        QTest::newRow("shift down") << shift << 0 << qint64(300)
                                    << QStringList{QStringLiteral("orders-0 400>300"),
                                                   QStringLiteral("orders-1 450>350"),
                                                   QStringLiteral("orders-2 50>50 start")}
                                    << qint64(-100);
        QTest::newRow("shift up, clamped")
            << shift << 0 << qint64(1100)
            << QStringList{QStringLiteral("orders-0 400>1000 hw"), QStringLiteral("orders-1 450>500 hw"),
                           QStringLiteral("orders-2 50>50 hw")}
            << qint64(600);
        QTest::newRow("shift from the empty lane")
            << shift << 2 << qint64(0)
            << QStringList{QStringLiteral("orders-2 50>50 start"), QStringLiteral("orders-0 400>400"),
                           QStringLiteral("orders-1 450>450")}
            << qint64(0);
        QTest::newRow("shift without a start is a single drag")
            << shift << 4 << qint64(900) << QStringList{QStringLiteral("orders-4 ->900")} << qint64(0);

        // Every partition of the topic with a known range goes to the same fraction of its log, with or without
        // a commit.
        QTest::newRow("same position half")
            << same << 0 << qint64(550)
            << QStringList{QStringLiteral("orders-0 400>550"), QStringLiteral("orders-1 450>250"),
                           QStringLiteral("orders-2 50>50"), QStringLiteral("orders-4 ->1000")}
            << qint64(150);
        QTest::newRow("same position third")
            << same << 0 << qint64(400)
            << QStringList{QStringLiteral("orders-0 400>400"), QStringLiteral("orders-1 450>167"),
                           QStringLiteral("orders-2 50>50"), QStringLiteral("orders-4 ->667")}
            << qint64(0);
        QTest::newRow("same position clamped")
            << same << 0 << qint64(-5)
            << QStringList{QStringLiteral("orders-0 400>100 start"), QStringLiteral("orders-1 450>0"),
                           QStringLiteral("orders-2 50>50"), QStringLiteral("orders-4 ->0")}
            << qint64(-300);
        QTest::newRow("same position from the empty lane")
            << same << 2 << qint64(10)
            << QStringList{QStringLiteral("orders-2 50>50 start"), QStringLiteral("orders-0 400>1000"),
                           QStringLiteral("orders-1 450>500"), QStringLiteral("orders-4 ->2000")}
            << qint64(0);
        QTest::newRow("same position without commit")
            << same << 4 << qint64(500)
            << QStringList{QStringLiteral("orders-4 ->500"), QStringLiteral("orders-0 400>325"),
                           QStringLiteral("orders-1 450>125"), QStringLiteral("orders-2 50>50")}
            << qint64(0);
    }
    void drag()
    {
        QFETCH(DragMode, mode);
        QFETCH(qint32, partition);
        QFETCH(qint64, raw);
        QFETCH(QStringList, edits);
        QFETCH(qint64, delta);
        const DragResult result = planDrag(dragLanes(), 0, orders(partition), raw, mode, {});
        QCOMPARE(editTexts(result.edits), edits);
        QCOMPARE(result.delta, delta);
        QCOMPARE(result.clampedAt, result.edits.first().clampedAt);
    }

    void dragResultFields()
    {
        DragResult r = planDrag(dragLanes(), 0, orders(0), 5000, DragMode::SamePosition, {});
        QCOMPARE(r.clampedAt, ClampEnd::HighWatermark);
        QCOMPARE(r.fraction, 1.0);
        r = planDrag(dragLanes(), 0, orders(0), 550, DragMode::SamePosition, {});
        QCOMPARE(r.fraction, 0.5);
        QCOMPARE(r.clampedAt, ClampEnd::None);
        r = planDrag(dragLanes(), 0, orders(2), 50, DragMode::SamePosition, {});
        QCOMPARE(r.fraction, 1.0);
    }

    // The markers start where earlier edits left them: the pending targets, not the committed offsets.
    void dragFromPendingTargets()
    {
        const QHash<TopicPartition, qint64> pending{{orders(0), 700}, {orders(1), 100}, {orders(4), 1500}};
        DragResult r = planDrag(dragLanes(), 0, orders(0), 300, DragMode::Single, pending);
        QCOMPARE(editTexts(r.edits), QStringList{QStringLiteral("orders-0 700>300")});
        QCOMPARE(r.delta, qint64(-400));
        r = planDrag(dragLanes(), 0, orders(0), 600, DragMode::ShiftAll, pending);
        QCOMPARE(editTexts(r.edits),
                 (QStringList{QStringLiteral("orders-0 700>600"), QStringLiteral("orders-1 100>0"),
                              QStringLiteral("orders-2 50>50 start"), QStringLiteral("orders-4 1500>1400")}));
        r = planDrag(dragLanes(), 0, orders(0), 550, DragMode::SamePosition, pending);
        QCOMPARE(editTexts(r.edits),
                 (QStringList{QStringLiteral("orders-0 700>550"), QStringLiteral("orders-1 100>250"),
                              QStringLiteral("orders-2 50>50"), QStringLiteral("orders-4 1500>1000")}));
    }

    // The group index picks whose commits are the starts.
    void dragOtherGroup()
    {
        const DragResult r = planDrag(dragLanes(), 1, orders(1), 20, DragMode::ShiftAll, {});
        QCOMPARE(editTexts(r.edits), QStringList{QStringLiteral("orders-1 10>20")});
        QCOMPARE(r.delta, qint64(10));
    }

    void dragNothing()
    {
        QVERIFY(planDrag(dragLanes(), 0, orders(3), 5, DragMode::Single, {}).edits.isEmpty());
        QVERIFY(planDrag(dragLanes(), 0, orders(3), 5, DragMode::SamePosition, {}).edits.isEmpty());
        QVERIFY(planDrag(dragLanes(), 0, orders(9), 5, DragMode::Single, {}).edits.isEmpty());
        QVERIFY(planDrag(dragLanes(), 2, orders(0), 5, DragMode::Single, {}).edits.isEmpty());
        QVERIFY(planDrag(dragLanes(), -1, orders(0), 5, DragMode::Single, {}).edits.isEmpty());
    }

    // start + delta past the int64 range saturates and clamps to the HW instead of wrapping to the log start.
    void shiftSaturates()
    {
        const QList<OffsetLane> lanes{lane(kOrders, 0, 0, kMax, {0}), lane(kOrders, 1, 0, kMax, {kMax - 10})};
        const DragResult r = planDrag(lanes, 0, orders(0), kMax, DragMode::ShiftAll, {});
        QCOMPARE(r.delta, kMax);
        QCOMPARE(r.edits.size(), 2);
        QCOMPARE(r.edits[1], (LaneEdit{orders(1), kMax - 10, kMax, ClampEnd::None}));
    }

    // Logs near the int64 limit: the fraction's target stays inside each log.
    void samePositionHugeLogs()
    {
        const QList<OffsetLane> lanes{lane(kOrders, 0, 0, kMax, {0}), lane(kOrders, 1, 1, kMax - 1, {5})};
        const DragResult r = planDrag(lanes, 0, orders(0), kMax, DragMode::SamePosition, {});
        QCOMPARE(r.edits.size(), 2);
        QCOMPARE(r.edits[1], (LaneEdit{orders(1), 5, kMax - 1, ClampEnd::None}));
    }

    void pushUndoTargets()
    {
        PendingEdits edits;
        QVERIFY(edits.isEmpty());
        QVERIFY(!edits.undo());
        edits.push(step(QStringLiteral("a"), {edit(orders(0), 400, 300), edit(orders(1), 450, 350)}));
        edits.push(step(QStringLiteral("b"), {edit(orders(1), 350, 100)}));
        edits.push(step(QStringLiteral("empty"), {}));
        QCOMPARE(edits.stepCount(), 2);
        QCOMPARE(edits.targets(), (QHash<TopicPartition, qint64>{{orders(0), 300}, {orders(1), 100}}));
        QCOMPARE(edits.targetFor(orders(1)), std::optional<qint64>(100));
        QCOMPARE(edits.targetFor(orders(2)), std::optional<qint64>());
        QVERIFY(edits.undo());
        QCOMPARE(edits.targetFor(orders(1)), std::optional<qint64>(350));
        QCOMPARE(edits.steps().last().description, QStringLiteral("a"));
        edits.clear();
        QVERIFY(edits.isEmpty());
        QVERIFY(edits.targets().isEmpty());
    }

    // Key presses on the same partitions make one step whose undo goes back to before the first press.
    void mergeRuns()
    {
        PendingEdits edits;
        edits.pushOrMerge(step(QStringLiteral("orders-0: 400 to 401"), {edit(orders(0), 400, 401)}));
        edits.pushOrMerge(step(QStringLiteral("orders-0: 400 to 402"), {edit(orders(0), 401, 402)}));
        QCOMPARE(edits.stepCount(), 1);
        QCOMPARE(edits.steps().first().description, QStringLiteral("orders-0: 400 to 402"));
        QCOMPARE(edits.steps().first().edits, (QList<LaneEdit>{edit(orders(0), 400, 402)}));

        // Other partitions: a new step; the same set in another order: merged.
        edits.pushOrMerge(step(QStringLiteral("two"), {edit(orders(0), 402, 500), edit(orders(1), 450, 550)}));
        QCOMPARE(edits.stepCount(), 2);
        edits.pushOrMerge(step(QStringLiteral("two again"), {edit(orders(1), 550, 600), edit(orders(0), 500, 550)}));
        QCOMPARE(edits.stepCount(), 2);
        QCOMPARE(edits.steps().last().edits, (QList<LaneEdit>{edit(orders(1), 450, 600), edit(orders(0), 402, 550)}));
        // A subset is not the same set.
        edits.pushOrMerge(step(QStringLiteral("one"), {edit(orders(1), 600, 601)}));
        QCOMPARE(edits.stepCount(), 3);
        QVERIFY(edits.undo());
        QVERIFY(edits.undo());
        QCOMPARE(edits.targets(), (QHash<TopicPartition, qint64>{{orders(0), 402}}));
    }

    void resetRequest()
    {
        PendingEdits edits;
        edits.push(step(QStringLiteral("a"), {edit({kPayments, 0}, 250, 10), edit(orders(3), kNone, 5)}));
        edits.push(step(QStringLiteral("b"), {edit(orders(0), 400, 300)}));
        edits.push(step(QStringLiteral("c"), {edit(orders(0), 300, 200)}));
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
        const ResetRequest request = edits.toResetRequest(QStringLiteral("billing"), now);

        ResetRequest expected;
        expected.groupId = QStringLiteral("billing");
        expected.now = now;
        expected.scope.allTopics = false;
        expected.scope.topics = {{kOrders, {0, 3}}, {kPayments, {0}}};
        expected.strategy.kind = ResetStrategyKind::Explicit;
        expected.strategy.targets = {{orders(0), 200, 0}, {orders(3), 5, 0}, {{kPayments, 0}, 10, 0}};
        QCOMPARE(request, expected);

        // Planned on a fresher snapshot, the targets are the scope and are clamped again on its logs
        // (orders-3's log start moved to 10).
        const ResetPlan plan = planReset(ResetTestData::resetCluster(), request);
        QVERIFY2(plan.isValid(), qPrintable(plan.error));
        QCOMPARE(ResetTestData::rowTexts(plan),
                 (QStringList{QStringLiteral("orders-0 400>200 changed"),
                              QStringLiteral("orders-3 ->10 clamped | clamped from 5: below the log start"),
                              QStringLiteral("payments-0 250>10 changed")}));
    }

    // A drag's edits, pushed and turned into a request, plan exactly the dragged targets.
    void dragToPlan()
    {
        const ClusterSnapshot snapshot = ResetTestData::resetCluster();
        const OffsetLanes lanes = buildLanes(snapshot, {LaneSubject::Topic, kOrders, {QStringLiteral("billing")}});
        const DragResult r = planDrag(lanes.lanes, 0, orders(0), 300, DragMode::ShiftAll, {});
        PendingEdits edits;
        edits.push(step(QStringLiteral("shift"), r.edits));
        const ResetPlan plan = planReset(snapshot, edits.toResetRequest(QStringLiteral("billing"), QDateTime()));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));
        QCOMPARE(ResetTestData::rowTexts(plan),
                 (QStringList{QStringLiteral("orders-0 400>300 changed"), QStringLiteral("orders-1 500>400 changed")}));
    }
};

QTEST_GUILESS_MAIN(TestLaneEdits)
#include "tst_laneedits.moc"
