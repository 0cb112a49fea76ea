#pragma once

#include "offsetlanes.h"
#include "testsnapshots.h"

#include <QStringList>

// The cluster the visualiser suites draw, and helpers that turn lanes and edits into short strings for QCOMPARE.
namespace OffsetLens::VisualTestData {

using namespace OffsetLens::TestSnapshots;

inline constexpr qint64 kNone = kNoOffset;

// orders:   0 [100, 1000] LSO 950 (an open transaction)   1 [0, 500] LEO 520 (a source knows it)
//           2 [50, 50] (empty)                              3 leaderless: range unknown, "leader not available"
// payments: 0 [0, 300]   1 [200, 400]
// Groups:
//   billing (Stable): orders-0 400 (position 450), orders-1 500, orders-2 50 (no member owns it),
//            payments-0 250, payments-1 150 (below the log start). Members: m1 {payments-1, orders-1, orders-0},
//            m2 {payments-0}, m3 {orders-0} (a second claim, as during a rebalance).
//   audit (Empty): orders-0 100, orders-1 0                      -> lag on orders 900 + 500 = 1,400
//   replay (Empty): orders-0 20 (below start), orders-1 1100 (beyond the HW) -> 980 (-600 is not subtracted)
//   tie-b, tie-a (Empty): orders-2 50                            -> 0
//   idle (Empty): a "no commit" record on orders-0               -> not committed to orders
//   other (Empty): payments-0 10                                 -> not committed to orders
inline ClusterSnapshot visualCluster()
{
    ClusterSnapshot s = base();
    PartitionInfo p0 = partition(0, 100, 1000);
    p0.lastStableOffset = 950;
    PartitionInfo p1 = partition(1, 0, 500);
    p1.logEndOffset = 520;
    PartitionInfo leaderless = partition(3, kNone, kNone, -1);
    leaderless.lastStableOffset = kNone;
    leaderless.error = QStringLiteral("leader not available");
    s.topics = {
        topic(QStringLiteral("orders"), {p0, p1, partition(2, 50, 50), leaderless}),
        topic(QStringLiteral("payments"), {partition(0, 0, 300), partition(1, 200, 400)}),
    };

    const QString orders = QStringLiteral("orders");
    const QString payments = QStringLiteral("payments");
    GroupInfo billing =
        group(QStringLiteral("billing"), GroupState::Stable,
              {committed(orders, 0, 400), committed(orders, 1, 500), committed(orders, 2, 50),
               committed(payments, 0, 250), committed(payments, 1, 150)},
              {member(QStringLiteral("m1"), QStringLiteral("c1"), QStringLiteral("/10.0.0.1"),
                      {{payments, 1}, {orders, 1}, {orders, 0}}),
               member(QStringLiteral("m2"), QStringLiteral("c2"), QStringLiteral("/10.0.0.2"), {{payments, 0}}),
               member(QStringLiteral("m3"), QStringLiteral("c3"), QStringLiteral("/10.0.0.3"), {{orders, 0}})});
    billing.positions.insert({orders, 0}, 450);
    s.groups = {
        group(QStringLiteral("audit"), GroupState::Empty, {committed(orders, 0, 100), committed(orders, 1, 0)}),
        billing,
        group(QStringLiteral("idle"), GroupState::Empty, {committed(orders, 0, kNone)}),
        group(QStringLiteral("other"), GroupState::Empty, {committed(payments, 0, 10)}),
        group(QStringLiteral("replay"), GroupState::Empty, {committed(orders, 0, 20), committed(orders, 1, 1100)}),
        group(QStringLiteral("tie-a"), GroupState::Empty, {committed(orders, 2, 50)}),
        group(QStringLiteral("tie-b"), GroupState::Empty, {committed(orders, 2, 50)}),
    };
    return s;
}

inline QString offsetText(qint64 offset)
{
    return offset == kNoOffset ? QStringLiteral("-") : QString::number(offset);
}

inline QString tpName(const TopicPartition &tp)
{
    return QStringLiteral("%1-%2").arg(tp.topic).arg(tp.partition);
}

// "orders-0 [100,1000] lso 950 leo -"
inline QString laneText(const OffsetLane &lane)
{
    QString text = QStringLiteral("%1 [%2,%3] lso %4 leo %5")
                       .arg(tpName(lane.tp), offsetText(lane.logStartOffset), offsetText(lane.highWatermark),
                            offsetText(lane.lastStableOffset), offsetText(lane.logEndOffset));
    if (!lane.error.isEmpty())
        text += QStringLiteral(" error ") + lane.error;
    return text;
}

// "billing 400 pos 450 lag 600 normal"; the status as a short word so a data row stays readable.
inline QString commitText(const LaneCommit &commit)
{
    QString status;
    switch (commit.lag.status) {
    case OffsetStatus::Normal:
        status = QStringLiteral("normal");
        break;
    case OffsetStatus::NoCommit:
        status = QStringLiteral("none");
        break;
    case OffsetStatus::UnknownWatermark:
        status = QStringLiteral("nohw");
        break;
    case OffsetStatus::AheadOfHighWatermark:
        status = QStringLiteral("ahead");
        break;
    case OffsetStatus::BelowLogStart:
        status = QStringLiteral("below%1").arg(commit.lag.deletedMessages);
        break;
    }
    return QStringLiteral("%1 %2 pos %3 lag %4 %5")
        .arg(commit.groupId, offsetText(commit.committed), offsetText(commit.position),
             commit.lag.lag ? QString::number(*commit.lag.lag) : QStringLiteral("-"), status);
}

inline QStringList laneTexts(const QList<OffsetLane> &lanes)
{
    QStringList texts;
    for (const OffsetLane &lane : lanes)
        texts.append(laneText(lane));
    return texts;
}

// One lane by hand, for the scale and edit suites.
inline OffsetLane lane(const QString &topic, qint32 partition, qint64 logStart, qint64 hw,
                       QList<qint64> committedOffsets = {})
{
    OffsetLane l;
    l.tp = {topic, partition};
    l.logStartOffset = logStart;
    l.highWatermark = hw;
    l.lastStableOffset = hw;
    for (qsizetype i = 0; i < committedOffsets.size(); ++i) {
        LaneCommit c;
        c.groupId = QStringLiteral("g%1").arg(i);
        c.committed = committedOffsets[i];
        c.lag = computeLag(c.committed, logStart, hw);
        l.commits.append(c);
    }
    return l;
}

} // namespace OffsetLens::VisualTestData
