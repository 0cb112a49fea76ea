#include "lanescale.h"
#include "markerhelp.h"
#include "offsetlanes.h"
#include "visualsnapshots.h"

#include <QLocale>
#include <QTest>

#include <cmath>
#include <limits>

using namespace OffsetLens;
using namespace OffsetLens::VisualTestData;

namespace {

const QString kOrders = QStringLiteral("orders");
const QString kPayments = QStringLiteral("payments");

LaneRequest topicRequest(const QString &topic, QStringList groups)
{
    return {LaneSubject::Topic, topic, groups};
}

LaneRequest groupRequest(const QString &group, QStringList groups = {})
{
    return {LaneSubject::Group, group, groups};
}

// One string per lane: its commits joined, so a lane's whole row compares at once.
QStringList commitTexts(const QList<OffsetLane> &lanes)
{
    QStringList rows;
    for (const OffsetLane &lane : lanes) {
        QStringList commits;
        for (const LaneCommit &commit : lane.commits)
            commits.append(commitText(commit));
        rows.append(commits.join(QStringLiteral(" | ")));
    }
    return rows;
}

LaneScale scale(LaneScaleMode mode)
{
    LaneScale s;
    s.mode = mode;
    return s;
}

OffsetLane withPosition(OffsetLane lane, qint64 position)
{
    lane.commits[0].position = position;
    return lane;
}

} // namespace

class TestOffsetLanes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    // A topic: every partition in partition order, the requested groups in the requested order, each once; the
    // partition's values as they are (LSO and LEO not filled in from the HW), its error, positions where known.
    void topicLanes()
    {
        const OffsetLanes lanes =
            buildLanes(visualCluster(), topicRequest(kOrders, {QStringLiteral("audit"), QStringLiteral("billing"),
                                                               QStringLiteral("ghost"), QStringLiteral("audit")}));
        QVERIFY(lanes.error.isEmpty());
        QCOMPARE(lanes.groups,
                 (QStringList{QStringLiteral("audit"), QStringLiteral("billing"), QStringLiteral("ghost")}));
        QCOMPARE(laneTexts(lanes.lanes), (QStringList{
                                             QStringLiteral("orders-0 [100,1000] lso 950 leo -"),
                                             QStringLiteral("orders-1 [0,500] lso 500 leo 520"),
                                             QStringLiteral("orders-2 [50,50] lso 50 leo -"),
                                             QStringLiteral("orders-3 [-,-] lso - leo - error leader not available"),
                                         }));
        QCOMPARE(commitTexts(lanes.lanes),
                 (QStringList{
                     QStringLiteral("audit 100 pos - lag 900 normal | billing 400 pos 450 lag 600 normal | "
                                    "ghost - pos - lag - none"),
                     QStringLiteral("audit 0 pos - lag 500 normal | billing 500 pos - lag 0 normal | "
                                    "ghost - pos - lag - none"),
                     QStringLiteral("audit - pos - lag - none | billing 50 pos - lag 0 normal | "
                                    "ghost - pos - lag - none"),
                     QStringLiteral("audit - pos - lag - none | billing - pos - lag - none | "
                                    "ghost - pos - lag - none"),
                 }));
        QCOMPARE(lanes.lanes[0].commit(1)->groupId, QStringLiteral("billing"));
        QCOMPARE(lanes.lanes[0].commit(3), nullptr);
    }

    // Out-of-range commits keep their lag (HW - committed) and say which way they are out.
    void outOfRangeCommits()
    {
        const OffsetLanes lanes = buildLanes(visualCluster(), topicRequest(kOrders, {QStringLiteral("replay")}));
        QCOMPARE(commitTexts(lanes.lanes).mid(0, 2), (QStringList{
                                                         QStringLiteral("replay 20 pos - lag 980 below80"),
                                                         QStringLiteral("replay 1100 pos - lag -600 ahead"),
                                                     }));
    }

    // A group: its describe rows' partitions in the CLI's order (members with more partitions first, then the
    // partitions no member owns), each once although two members claim orders-0; the group leads the groups.
    void groupLanes()
    {
        const OffsetLanes lanes =
            buildLanes(visualCluster(),
                       groupRequest(QStringLiteral("billing"), {QStringLiteral("audit"), QStringLiteral("billing")}));
        QVERIFY(lanes.error.isEmpty());
        QCOMPARE(lanes.groups, (QStringList{QStringLiteral("billing"), QStringLiteral("audit")}));
        QCOMPARE(laneTexts(lanes.lanes), (QStringList{
                                             QStringLiteral("orders-0 [100,1000] lso 950 leo -"),
                                             QStringLiteral("orders-1 [0,500] lso 500 leo 520"),
                                             QStringLiteral("payments-1 [200,400] lso 400 leo -"),
                                             QStringLiteral("payments-0 [0,300] lso 300 leo -"),
                                             QStringLiteral("orders-2 [50,50] lso 50 leo -"),
                                         }));
        QCOMPARE(commitTexts(lanes.lanes), (QStringList{
                                               QStringLiteral("billing 400 pos 450 lag 600 normal | "
                                                              "audit 100 pos - lag 900 normal"),
                                               QStringLiteral("billing 500 pos - lag 0 normal | "
                                                              "audit 0 pos - lag 500 normal"),
                                               QStringLiteral("billing 150 pos - lag 250 below50 | "
                                                              "audit - pos - lag - none"),
                                               QStringLiteral("billing 250 pos - lag 50 normal | "
                                                              "audit - pos - lag - none"),
                                               QStringLiteral("billing 50 pos - lag 0 normal | "
                                                              "audit - pos - lag - none"),
                                           }));
    }

    // A group's commit on a topic the snapshot no longer has is still a lane: unknown range, and a reason.
    void groupLaneOnDeletedTopic()
    {
        ClusterSnapshot s = visualCluster();
        s.groups.append(group(QStringLiteral("zz-stale"), GroupState::Empty,
                              {committed(QStringLiteral("gone"), 0, 7), committed(kOrders, 9, 3)}));
        const OffsetLanes lanes = buildLanes(s, groupRequest(QStringLiteral("zz-stale")));
        QCOMPARE(lanes.lanes.size(), 2);
        QCOMPARE(lanes.lanes[0].tp, (TopicPartition{QStringLiteral("gone"), 0}));
        QVERIFY(!lanes.lanes[0].knowsRange());
        QVERIFY(lanes.lanes[0].error.contains(QStringLiteral("gone")));
        QCOMPARE(commitTexts(lanes.lanes)[0], QStringLiteral("zz-stale 7 pos - lag - nohw"));
        QVERIFY(lanes.lanes[1].error.contains(QStringLiteral("9")));
    }

    void missingSubject()
    {
        const OffsetLanes noTopic = buildLanes(visualCluster(), topicRequest(QStringLiteral("nope"), {}));
        QVERIFY(noTopic.lanes.isEmpty());
        QVERIFY(noTopic.error.contains(QStringLiteral("nope")));
        const OffsetLanes noGroup = buildLanes(visualCluster(), groupRequest(QStringLiteral("nope")));
        QVERIFY(noGroup.lanes.isEmpty());
        QVERIFY(noGroup.error.contains(QStringLiteral("nope")));
        QCOMPARE(noGroup.request, groupRequest(QStringLiteral("nope")));
    }

    // Most lag first (a negative lag does not cancel real lag), ties by id; a "no commit" record is no commit.
    void groupsCommittedToOrder()
    {
        QCOMPARE(groupsCommittedTo(visualCluster(), kOrders),
                 (QStringList{QStringLiteral("audit"), QStringLiteral("replay"), QStringLiteral("billing"),
                              QStringLiteral("tie-a"), QStringLiteral("tie-b")}));
        QCOMPARE(groupsCommittedTo(visualCluster(), kPayments),
                 (QStringList{QStringLiteral("billing"), QStringLiteral("other")}));
        QVERIFY(groupsCommittedTo(visualCluster(), QStringLiteral("nope")).isEmpty());
    }

    void placeOfOffsets()
    {
        const OffsetLane l = lane(kOrders, 0, 100, 1000);
        QCOMPARE(placeOf(l, 99), LanePlace::BelowStart);
        QCOMPARE(placeOf(l, 100), LanePlace::Inside);
        QCOMPARE(placeOf(l, 1000), LanePlace::Inside);
        QCOMPARE(placeOf(l, 1001), LanePlace::AboveEnd);
        QCOMPARE(placeOf(l, kNone), LanePlace::Unknown);
        QCOMPARE(placeOf(lane(kOrders, 0, kNone, 1000), 500), LanePlace::Unknown);
    }

    void absoluteScale()
    {
        const LaneScale s = scale(LaneScaleMode::Absolute);
        const OffsetLane l = lane(kOrders, 0, 100, 1000);
        QCOMPARE(s.toX(l, 0), 0.0);
        QCOMPARE(s.toX(l, 1234), 1234.0); // outside the log it still sits at its true value
        QVERIFY(std::isnan(s.toX(l, kNone)));
        QCOMPARE(s.toOffset(l, 41.6), qint64(42));
        QCOMPARE(s.toOffset(l, 41.4), qint64(41));
        QCOMPARE(s.toOffset(l, -3.0), qint64(0));
        QCOMPARE(s.toOffset(l, 1e30), std::numeric_limits<qint64>::max());
        QCOMPARE(s.toOffset(l, std::numeric_limits<double>::quiet_NaN()), kNone);
        // The range does not matter on the absolute axis.
        QCOMPARE(s.toOffset(lane(kOrders, 0, kNone, kNone), 7.0), qint64(7));
        for (const qint64 offset : {qint64(0), qint64(99), qint64(100), qint64(555), qint64(5000000000)})
            QCOMPARE(s.toOffset(l, s.toX(l, offset)), offset);
    }

    void normalisedToX_data()
    {
        QTest::addColumn<qint64>("logStart");
        QTest::addColumn<qint64>("hw");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<double>("x");
        const double out = LaneScale::kOutside;
        QTest::newRow("log start") << qint64(100) << qint64(1000) << qint64(100) << 0.0;
        QTest::newRow("hw") << qint64(100) << qint64(1000) << qint64(1000) << 1.0;
        QTest::newRow("middle") << qint64(100) << qint64(1000) << qint64(550) << 0.5;
        QTest::newRow("third") << qint64(100) << qint64(1000) << qint64(400) << 1.0 / 3.0;
        QTest::newRow("below start") << qint64(100) << qint64(1000) << qint64(99) << -out;
        QTest::newRow("far below start") << qint64(100) << qint64(1000) << qint64(0) << -out;
        QTest::newRow("above hw") << qint64(100) << qint64(1000) << qint64(1001) << 1.0 + out;
        QTest::newRow("empty lane at hw") << qint64(50) << qint64(50) << qint64(50) << 1.0;
        QTest::newRow("empty lane below") << qint64(50) << qint64(50) << qint64(49) << -out;
        QTest::newRow("empty lane above") << qint64(50) << qint64(50) << qint64(51) << 1.0 + out;
    }
    void normalisedToX()
    {
        QFETCH(qint64, logStart);
        QFETCH(qint64, hw);
        QFETCH(qint64, offset);
        QFETCH(double, x);
        QCOMPARE(scale(LaneScaleMode::Normalised).toX(lane(kOrders, 0, logStart, hw), offset), x);
    }

    void normalisedUnknown()
    {
        const LaneScale s = scale(LaneScaleMode::Normalised);
        QVERIFY(std::isnan(s.toX(lane(kOrders, 0, 100, 1000), kNone)));
        QVERIFY(std::isnan(s.toX(lane(kOrders, 0, kNone, 1000), 500)));
        QVERIFY(std::isnan(s.toX(lane(kOrders, 0, 100, kNone), 500)));
        QCOMPARE(s.toOffset(lane(kOrders, 0, kNone, 1000), 0.5), kNone);
        QCOMPARE(s.toOffset(lane(kOrders, 0, 100, 1000), std::numeric_limits<double>::infinity()), kNone);
    }

    void normalisedToOffset()
    {
        const LaneScale s = scale(LaneScaleMode::Normalised);
        const OffsetLane l = lane(kOrders, 0, 100, 1000);
        QCOMPARE(s.toOffset(l, 0.5), qint64(550));
        QCOMPARE(s.toOffset(l, 0.0), qint64(100));
        QCOMPARE(s.toOffset(l, 1.0), qint64(1000));
        QCOMPARE(s.toOffset(l, -LaneScale::kOutside), qint64(100)); // outside: the nearer end
        QCOMPARE(s.toOffset(l, 2.0), qint64(1000));
        QCOMPARE(s.toOffset(lane(kOrders, 0, 50, 50), 0.3), qint64(50));
        for (qint64 offset = 100; offset <= 1000; offset += 7)
            QCOMPARE(s.toOffset(l, s.toX(l, offset)), offset);
        // A span too large for a double to hold exactly still ends inside the log.
        const qint64 big = std::numeric_limits<qint64>::max() - 1;
        const OffsetLane huge = lane(kOrders, 0, 1, big);
        QCOMPARE(s.toOffset(huge, 1.0), big);
        QCOMPARE(s.toOffset(huge, 0.0), qint64(1));
    }

    // The logs, every drawn committed offset and position and a known LEO, with 3 % (at least 1 offset) each side.
    void absoluteExtent()
    {
        const LaneScale s = scale(LaneScaleMode::Absolute);
        OffsetLane withLeo = lane(kOrders, 1, 0, 100, {50});
        withLeo.logEndOffset = 200;
        auto e = s.extent({lane(kOrders, 0, 100, 150, {120}), withLeo});
        QCOMPARE(e.first, -6.0);
        QCOMPARE(e.second, 206.0);
        // A committed offset below the log start and a position are drawn, so they widen it.
        e = s.extent({lane(kOrders, 0, 100, 1000, {20})});
        QCOMPARE(e.first, 20.0 - 29.4);
        QCOMPARE(e.second, 1000.0 + 29.4);
        e = s.extent({withPosition(lane(kOrders, 0, 100, 1000, {kNone}), 1100)});
        QCOMPARE(e.first, 100.0 - 30.0);
        QCOMPARE(e.second, 1100.0 + 30.0);
        e = s.extent({lane(kOrders, 0, 5, 5)});
        QCOMPARE(e.first, 4.0);
        QCOMPARE(e.second, 6.0);
        e = s.extent({lane(kOrders, 0, kNone, kNone, {kNone})});
        QCOMPARE(e.first, 0.0);
        QCOMPARE(e.second, 1.0);
        QCOMPARE(s.extent({}), (std::pair<double, double>(0.0, 1.0)));
    }

    void normalisedExtent()
    {
        const LaneScale s = scale(LaneScaleMode::Normalised);
        const double out = LaneScale::kOutside;
        auto e = s.extent({lane(kOrders, 0, 100, 1000, {400}), lane(kOrders, 1, 0, 10, {10})});
        QCOMPARE(e.first, -0.03);
        QCOMPARE(e.second, 1.03);
        e = s.extent({lane(kOrders, 0, 100, 1000, {20}), lane(kOrders, 1, 0, 10, {5})});
        QCOMPARE(e.first, -out - 0.03 * (1 + out));
        QCOMPARE(e.second, 1 + 0.03 * (1 + out));
        e = s.extent({lane(kOrders, 0, 100, 1000, {20}), lane(kOrders, 1, 0, 10, {11})});
        QCOMPARE(e.first, -out - 0.03 * (1 + 2 * out));
        QCOMPARE(e.second, 1 + out + 0.03 * (1 + 2 * out));
        QCOMPARE(s.extent({lane(kOrders, 0, kNone, 1000, {20})}), (std::pair<double, double>(0.0, 1.0)));
    }

    // From the group's lowest committed offset (a deleted part included) to the HW; extent() without lag.
    void lagExtents()
    {
        const LaneScale s = scale(LaneScaleMode::Absolute);
        const QList<OffsetLane> lanes{lane(kOrders, 0, 100, 1000, {400, 1000}), lane(kOrders, 1, 0, 500, {450, kNone}),
                                      lane(kOrders, 2, 0, 2000, {2500, kNone})};
        auto e = s.lagExtent(lanes, 0);
        // orders-2's commit is beyond the HW: a negative lag is no lag to show.
        QCOMPARE(e.first, 400.0 - 18.0);
        QCOMPARE(e.second, 1000.0 + 18.0);
        QCOMPARE(s.lagExtent(lanes, 1), s.extent(lanes));
        QCOMPARE(s.lagExtent(lanes, 7), s.extent(lanes));
        e = s.lagExtent({lane(kOrders, 0, 100, 1000, {20})}, 0);
        QCOMPARE(e.first, 20.0 - 29.4);
        QCOMPARE(e.second, 1000.0 + 29.4);

        const LaneScale n = scale(LaneScaleMode::Normalised);
        e = n.lagExtent(lanes, 0);
        QCOMPARE(e.first, 1.0 / 3.0 - 0.02);
        QCOMPARE(e.second, 1.02);
        e = n.lagExtent({lane(kOrders, 0, 100, 1000, {20})}, 0);
        QCOMPARE(e.first, -LaneScale::kOutside - 0.03 * (1 + LaneScale::kOutside));
    }

    void markerTexts()
    {
        QSet<QString> names;
        QSet<QString> meanings;
        for (int k = int(MarkerKind::LogStart); k <= int(MarkerKind::PendingTarget); ++k) {
            names.insert(markerName(MarkerKind(k)));
            meanings.insert(markerMeaning(MarkerKind(k)));
        }
        QCOMPARE(names.size(), int(MarkerKind::PendingTarget) + 1);
        QCOMPARE(meanings.size(), int(MarkerKind::PendingTarget) + 1);
        QVERIFY(!names.contains(QString()));
        QVERIFY(markerMeaning(MarkerKind::Committed).contains(QStringLiteral("restart or rebalance")));
    }

    void plainToolTips()
    {
        OffsetLane l = withPosition(lane(kOrders, 0, 1000, 12000, {3000}), 3400);
        l.lastStableOffset = 11500;
        QCOMPARE(markerToolTip(MarkerKind::HighWatermark, l, 0, QStringLiteral("billing")),
                 QStringLiteral("High watermark (HW)\nOffset: 12,000\n") + markerMeaning(MarkerKind::HighWatermark));
        QCOMPARE(markerToolTip(MarkerKind::Committed, l, 0, QStringLiteral("billing")),
                 QStringLiteral("Committed offset (group billing)\nOffset: 3,000\n") +
                     markerMeaning(MarkerKind::Committed));
        QVERIFY(markerToolTip(MarkerKind::LastStable, l, 0, {}).contains(QStringLiteral("Offset: 11,500")));
        QVERIFY(markerToolTip(MarkerKind::LogEnd, l, 0, {}).contains(QStringLiteral("Offset: unknown")));
        const QString position = markerToolTip(MarkerKind::Position, l, 0, QStringLiteral("billing"));
        QVERIFY2(position.contains(QStringLiteral("Offset: 3,400")), qPrintable(position));
        QVERIFY2(position.contains(QStringLiteral("400 messages past the committed offset")), qPrintable(position));
        const QString lag = markerToolTip(MarkerKind::Lag, l, 0, QStringLiteral("billing"));
        QVERIFY2(lag.startsWith(QStringLiteral("Lag (group billing)\n9,000 messages between the committed offset "
                                               "and the HW\n")),
                 qPrintable(lag));
        QVERIFY(markerToolTip(MarkerKind::Lag, l, 3, QStringLiteral("x")).contains(QStringLiteral("unknown")));
    }

    // The numbers the user needs to decide: how many messages are gone, where each reset policy resumes, and how
    // many more "latest" skips.
    void belowStartToolTip()
    {
        const OffsetLane l = lane(kOrders, 0, 5000, 12000, {3000});
        const QString tip = markerToolTip(MarkerKind::CommittedBelowStart, l, 0, QStringLiteral("billing"));
        const QStringList lines = tip.split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), QStringLiteral("Committed offset below the log start (group billing)"));
        QCOMPARE(lines.value(1), QStringLiteral("Offset: 3,000"));
        QVERIFY2(tip.contains(QStringLiteral("Retention deleted 2,000 messages this group never read.")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("offset out of range")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral(
                     "earliest: resumes at the log start, 5,000; nothing is skipped beyond the 2,000 deleted")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("resumes at the HW, 12,000, skipping 7,000 more messages")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("none: the consumer fails")), qPrintable(tip));
        const QString deleted = markerToolTip(MarkerKind::DeletedLag, l, 0, QStringLiteral("billing"));
        QVERIFY2(deleted.contains(QStringLiteral("2,000 messages deleted")), qPrintable(deleted));
    }

    void aboveEndToolTip()
    {
        const OffsetLane l = lane(kOrders, 0, 200, 1000, {1500});
        const QString tip = markerToolTip(MarkerKind::CommittedAboveEnd, l, 0, QStringLiteral("billing"));
        QVERIFY2(tip.startsWith(QStringLiteral("Committed offset beyond the HW (group billing)\nOffset: 1,500\n")),
                 qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("500 offsets beyond the HW (1,000)")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("deleted and recreated")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("offset out of range")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("earliest to the log start, 200; latest to the HW, 1,000")),
                 qPrintable(tip));
    }

    void pendingToolTip()
    {
        const OffsetLane l = lane(kOrders, 0, 0, 5000, {1200, kNone});
        QCOMPARE(markerToolTip(MarkerKind::PendingTarget, l, 0, QStringLiteral("billing"), 800),
                 QStringLiteral("Pending target (group billing)\nOffset: 800 (new \u2212 old: \u2212400)\n") +
                     markerMeaning(MarkerKind::PendingTarget));
        QVERIFY(markerToolTip(MarkerKind::PendingTarget, l, 0, QStringLiteral("billing"), 1300)
                    .contains(QStringLiteral("(new \u2212 old: +100)")));
        QVERIFY(markerToolTip(MarkerKind::PendingTarget, l, 1, QStringLiteral("g1"), 1300)
                    .contains(QStringLiteral("Offset: 1,300 (no committed offset before)")));
        QVERIFY(markerMeaning(MarkerKind::PendingTarget).contains(QStringLiteral("Review & apply")));
    }
};

QTEST_GUILESS_MAIN(TestOffsetLanes)
#include "tst_offsetlanes.moc"
