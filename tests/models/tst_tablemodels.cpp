#include "brokertablemodel.h"
#include "groupoffsetsmodel.h"
#include "groupstablemodel.h"
#include "lagsample.h"
#include "partitiontablemodel.h"
#include "testsnapshots.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {
const QString kOrders = QStringLiteral("orders");
const QString kAudit = QStringLiteral("audit");

ClusterSnapshot first()
{
    ClusterSnapshot s = base(1);
    s.topics = {
        topic(kAudit, {partition(0, 0, 10)}),
        topic(kOrders, {partition(0, 0, 100), partition(1, 40, 200, 2, {2, 3, 1}, {2, 3}), partition(2, 0, 300, -1)})};
    s.groups = {group(QStringLiteral("billing"), GroupState::Stable,
                      {committed(kOrders, 0, 90), committed(kOrders, 1, 10), committed(kOrders, 2, 300)},
                      {member(QStringLiteral("consumer-1"), QStringLiteral("billing-client"),
                              QStringLiteral("/10.0.0.7"), {{kOrders, 0}, {kOrders, 1}})}),
                group(QStringLiteral("reports"), GroupState::Empty, {committed(kAudit, 0, 4)})};
    return s;
}

// The rows (by first column) covered by the dataChanged emissions of spy.
QStringList changedRows(const QSignalSpy &spy)
{
    QStringList rows;
    for (const QList<QVariant> &args : spy) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        // Whole rows: a marker the comparison in the test will show if a partial range ever appears.
        if (topLeft.column() != 0 || bottomRight.column() != topLeft.model()->columnCount() - 1)
            rows.append(QStringLiteral("<partial row>"));
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r)
            rows.append(topLeft.siblingAtRow(r).data().toString());
    }
    return rows;
}

QStringList column(const QAbstractItemModel &model, int col, int role = Qt::DisplayRole)
{
    QStringList values;
    for (int r = 0; r < model.rowCount(); ++r)
        values.append(model.index(r, col).data(role).toString());
    return values;
}

QStringList headers(const QAbstractItemModel &model)
{
    QStringList values;
    for (int c = 0; c < model.columnCount(); ++c)
        values.append(model.headerData(c, Qt::Horizontal).toString());
    return values;
}
} // namespace

class TestTableModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void brokers()
    {
        BrokerTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(analyzed(first()));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(headers(model), (QStringList{QStringLiteral("ID"), QStringLiteral("Host"), QStringLiteral("Port"),
                                              QStringLiteral("Rack"), QStringLiteral("Controller"),
                                              QStringLiteral("Partitions led"), QStringLiteral("Replicas hosted")}));
        QCOMPARE(column(model, BrokerTableModel::RackColumn),
                 (QStringList{QStringLiteral("—"), QStringLiteral("—"), QStringLiteral("—")}));
        QCOMPARE(column(model, BrokerTableModel::ControllerColumn),
                 (QStringList{QStringLiteral("yes"), QString(), QString()}));
        // Leaders: audit/0 -> 1, orders/0 -> 1, orders/1 -> 2, orders/2 leaderless.
        QCOMPARE(column(model, BrokerTableModel::LeaderColumn),
                 (QStringList{QStringLiteral("2"), QStringLiteral("1"), QStringLiteral("0")}));
        QCOMPARE(column(model, BrokerTableModel::ReplicasColumn),
                 (QStringList{QStringLiteral("4"), QStringLiteral("4"), QStringLiteral("4")}));
        QCOMPARE(model.index(1, BrokerTableModel::PortColumn).data(BrokerTableModel::SortRole).toInt(), 9093);
        QCOMPARE(model.rowForBroker(3), 2);

        const QPersistentModelIndex b3 = model.index(2, 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        ClusterSnapshot s = first();
        s.brokers.removeAt(1);
        s.brokers[0].rack = QStringLiteral("eu-1a");
        model.applySnapshot(analyzed(s));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(b3.row(), 1);
        QCOMPARE(b3.data().toString(), QStringLiteral("3"));
        QCOMPARE(changedRows(changed), QStringList{QStringLiteral("1")});
        QCOMPARE(model.index(0, BrokerTableModel::RackColumn).data().toString(), QStringLiteral("eu-1a"));
    }

    // The panels show one cluster at a time: a snapshot of another cluster replaces every row (a reset, so no
    // selection is carried over to a different cluster's rows), a refresh of the same cluster never does.
    void otherClusterResetsTheTables()
    {
        GroupsTableModel groups;
        BrokerTableModel brokers;
        GroupOffsetsModel offsets;
        PartitionTableModel partitions;
        offsets.setGroup(first().groups.constFirst().groupId);
        partitions.setTopic(first().topics.constFirst().name);
        QList<QAbstractItemModel *> models{&groups, &brokers, &offsets, &partitions};
        QList<std::shared_ptr<QSignalSpy>> resets;
        for (QAbstractItemModel *m : models)
            resets.append(std::make_shared<QSignalSpy>(m, &QAbstractItemModel::modelReset));
        const auto applyAll = [&](const ClusterSnapshot &raw) {
            const AnalyzedSnapshot s = analyzed(raw);
            groups.applySnapshot(s);
            brokers.applySnapshot(s);
            offsets.applySnapshot(s);
            partitions.applySnapshot(s);
        };
        applyAll(first()); // the first cluster: from nothing to something
        for (const auto &spy : std::as_const(resets))
            spy->clear();
        ClusterSnapshot again = first();
        again.sequence = 2;
        applyAll(again);
        for (const auto &spy : std::as_const(resets))
            QCOMPARE(spy->size(), 0);
        ClusterSnapshot other = first();
        other.profileId = QStringLiteral("other-id");
        applyAll(other);
        for (const auto &spy : std::as_const(resets))
            QCOMPARE(spy->size(), 1);
        QCOMPARE(groups.rowCount(), int(other.groups.size()));
    }

    void partitions()
    {
        PartitionTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTopic(kOrders);
        QCOMPARE(model.rowCount(), 0);
        model.applySnapshot(analyzed(first()));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(headers(model),
                 (QStringList{QStringLiteral("Partition"), QStringLiteral("Leader"), QStringLiteral("Replicas"),
                              QStringLiteral("ISR"), QStringLiteral("Offline"), QStringLiteral("Log start"),
                              QStringLiteral("High watermark"), QStringLiteral("Last stable"),
                              QStringLiteral("Messages"), QStringLiteral("Error")}));
        QCOMPARE(model.index(1, PartitionTableModel::ReplicasColumn).data().toString(), QStringLiteral("2, 3, 1"));
        QCOMPARE(model.index(1, PartitionTableModel::IsrColumn).data().toString(), QStringLiteral("2, 3"));
        QCOMPARE(model.index(1, PartitionTableModel::MessagesColumn).data().toString(), QStringLiteral("160"));
        QCOMPARE(model.index(2, PartitionTableModel::LeaderColumn).data().toString(), QStringLiteral("none"));
        QCOMPARE(model.index(1, 0).data(PartitionTableModel::UnderReplicatedRole).toBool(), true);
        QCOMPARE(model.index(0, 0).data(PartitionTableModel::UnderReplicatedRole).toBool(), false);
        QCOMPARE(model.index(2, 0).data(PartitionTableModel::LeaderlessRole).toBool(), true);
        QCOMPARE(model.index(2, 0).data(PartitionTableModel::HealthRole).toInt(), 2);
        QCOMPARE(model.index(1, 0).data(PartitionTableModel::HealthRole).toInt(), 1);
        const QVariant sortHw =
            model.index(1, PartitionTableModel::HighWatermarkColumn).data(PartitionTableModel::SortRole);
        QCOMPARE(sortHw.metaType(), QMetaType::fromType<qint64>());
        QCOMPARE(sortHw.toLongLong(), 200);
        QCOMPARE(model.index(0, PartitionTableModel::HighWatermarkColumn).data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));

        // Partitions grow and one HW moves: one insert, one changed row.
        const QPersistentModelIndex p1 = model.index(1, 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        ClusterSnapshot s = first();
        s.topics[1].partitions[0].highWatermark = 150;
        s.topics[1].partitions.append(partition(3, 0, 5));
        model.applySnapshot(analyzed(s));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changedRows(changed), QStringList{QStringLiteral("0")});
        QCOMPARE(p1.data().toString(), QStringLiteral("1"));

        // Another topic: a reset, the rows are different items.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setTopic(kAudit);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        model.setTopic(QStringLiteral("missing"));
        QCOMPARE(model.rowCount(), 0);
    }

    void groupOffsets()
    {
        GroupOffsetsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(analyzed(first()));
        QCOMPARE(model.rowCount(), 0);
        model.setGroup(QStringLiteral("billing"));
        QCOMPARE(
            headers(model),
            (QStringList{QStringLiteral("TOPIC"), QStringLiteral("PARTITION"), QStringLiteral("CURRENT-OFFSET"),
                         QStringLiteral("LOG-END-OFFSET (HW)"), QStringLiteral("LAG"), QStringLiteral("CONSUMER-ID"),
                         QStringLiteral("HOST"), QStringLiteral("CLIENT-ID"), QStringLiteral("LOG-START"),
                         QStringLiteral("POSITION"), QStringLiteral("STATUS"), QStringLiteral("METADATA")}));
        QCOMPARE(model.rowCount(), 3);
        // Member partitions first, the unowned committed partition last with "-" for the consumer.
        QCOMPARE(column(model, GroupOffsetsModel::PartitionColumn),
                 (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")}));
        QCOMPARE(column(model, GroupOffsetsModel::ConsumerIdColumn),
                 (QStringList{QStringLiteral("consumer-1"), QStringLiteral("consumer-1"), QStringLiteral("-")}));
        QCOMPARE(column(model, GroupOffsetsModel::LagColumn),
                 (QStringList{QStringLiteral("10"), QStringLiteral("190"), QStringLiteral("0")}));
        QCOMPARE(column(model, GroupOffsetsModel::PositionColumn),
                 (QStringList{QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-")}));

        // orders/1: committed 10 < log start 40.
        const QModelIndex outOfRange = model.index(1, GroupOffsetsModel::LagColumn);
        QCOMPARE(OffsetStatus(outOfRange.data(GroupOffsetsModel::OffsetStatusRole).toInt()),
                 OffsetStatus::BelowLogStart);
        QCOMPARE(outOfRange.data(GroupOffsetsModel::HealthRole).toInt(), 1);
        QCOMPARE(outOfRange.data(GroupOffsetsModel::DeletedMessagesRole).toLongLong(), 30);
        QVERIFY(outOfRange.data(Qt::ToolTipRole).toString().contains(QStringLiteral("below the log start")));
        QVERIFY(outOfRange.data(Qt::ToolTipRole).toString().contains(QStringLiteral("30")));
        QCOMPARE(model.index(1, GroupOffsetsModel::StatusColumn).data().toString(),
                 offsetStatusText(OffsetStatus::BelowLogStart));
        QVERIFY(model.index(0, GroupOffsetsModel::LogEndOffsetColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("LOG-END-OFFSET here is the high watermark")));
        QVERIFY(model.headerData(GroupOffsetsModel::LogEndOffsetColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("high watermark")));
        QCOMPARE(model.index(0, GroupOffsetsModel::LagColumn).data(GroupOffsetsModel::SortRole).toLongLong(), 10);
        QCOMPARE(model.index(0, 0).data(GroupOffsetsModel::OffsetStatusRole).toInt(), int(OffsetStatus::Normal));

        // Offsets move on one partition, a member takes over the unowned partition (it moves in the CLI order).
        const QPersistentModelIndex row0 = model.index(0, 0);
        const QPersistentModelIndex row1 = model.index(1, 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        ClusterSnapshot s = first();
        s.groups[0].offsets[1].offset = 45;
        model.applySnapshot(analyzed(s));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(OffsetStatus(model.index(1, 0).data(GroupOffsetsModel::OffsetStatusRole).toInt()),
                 OffsetStatus::Normal);
        QCOMPARE(row1.row(), 1);

        changed.clear();
        s.groups[0].members[0].assignment.append({kOrders, 2});
        model.applySnapshot(analyzed(s));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(
            column(model, GroupOffsetsModel::ConsumerIdColumn),
            (QStringList{QStringLiteral("consumer-1"), QStringLiteral("consumer-1"), QStringLiteral("consumer-1")}));
        QCOMPARE(row0.row(), 0);
        QCOMPARE(changedRows(changed), QStringList{kOrders});

        // The group disappears: rows removed, not reset.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        s.groups.removeFirst();
        model.applySnapshot(analyzed(s));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(removed.size(), 1);
        QVERIFY(!row0.isValid());
    }

    // Rebalances in sequence: members come and go and take random partitions, so the CLI order changes and rows
    // move (the unsorted diff path). The model always equals describeGroup() of the snapshot.
    void groupOffsetsShowCommitMetadata()
    {
        ClusterSnapshot s = first();
        GroupInfo *billing = nullptr;
        for (GroupInfo &g : s.groups) {
            if (g.groupId == QStringLiteral("billing"))
                billing = &g;
        }
        QVERIFY(billing && !billing->offsets.isEmpty());
        billing->offsets.last().metadata = QStringLiteral("checkpoint=42");
        GroupOffsetsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroup(QStringLiteral("billing"));
        model.applySnapshot(analyzed(s));
        QStringList metadata;
        for (int row = 0; row < model.rowCount(); ++row)
            metadata.append(model.index(row, GroupOffsetsModel::MetadataColumn).data().toString());
        QVERIFY2(metadata.contains(QStringLiteral("checkpoint=42")), qPrintable(metadata.join(QLatin1Char('|'))));
    }

    void groupOffsetsRandomRebalances()
    {
        GroupOffsetsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGroup(QStringLiteral("g"));
        QRandomGenerator rng(11);
        for (int round = 0; round < 80; ++round) {
            ClusterSnapshot s = base(quint64(round + 1));
            QList<PartitionInfo> partitions;
            for (int p = 0; p < 8; ++p)
                partitions.append(partition(p, 0, 1000));
            s.topics = {topic(kAudit, partitions), topic(kOrders, partitions)};
            QList<CommittedOffset> offsets;
            QList<GroupMember> members;
            const int memberCount = int(rng.bounded(4));
            for (int m = 0; m < memberCount; ++m)
                members.append(member(QStringLiteral("m%1").arg(m), QStringLiteral("c"), QStringLiteral("/h"), {}));
            for (const QString &t : {kAudit, kOrders}) {
                for (int p = 0; p < 8; ++p) {
                    if (rng.bounded(4) != 0)
                        offsets.append(committed(t, p, rng.bounded(1000)));
                    if (memberCount > 0 && rng.bounded(2) == 0)
                        members[int(rng.bounded(memberCount))].assignment.append({t, p});
                }
            }
            s.groups = {group(QStringLiteral("g"), GroupState::Stable, offsets, members)};
            model.applySnapshot(analyzed(s));

            const QList<DescribeRow> expected = describeGroup(s, s.groups.first());
            QCOMPARE(model.rowCount(), int(expected.size()));
            for (int r = 0; r < expected.size(); ++r) {
                QCOMPARE(model.index(r, 0).data(GroupOffsetsModel::TopicNameRole).toString(), expected[r].tp.topic);
                QCOMPARE(model.index(r, 0).data(GroupOffsetsModel::PartitionRole).toInt(), expected[r].tp.partition);
                QCOMPARE(model.index(r, GroupOffsetsModel::CurrentOffsetColumn)
                             .data(GroupOffsetsModel::SortRole)
                             .toLongLong(),
                         expected[r].currentOffset);
                QCOMPARE(
                    model.index(r, GroupOffsetsModel::ConsumerIdColumn).data(GroupOffsetsModel::SortRole).toString(),
                    expected[r].consumerId);
            }
        }
    }

    // Offsets as large as a broken or hostile broker may send: totals stop at the largest value, never wrap to a
    // negative count (the item-model fuzzer's find; UBSan in the sanitizer build checks no sum overflows).
    void hugeOffsetsSaturateTotals()
    {
        constexpr qint64 kHuge = std::numeric_limits<qint64>::max() - 10;
        ClusterSnapshot s = base(1);
        s.topics = {topic(QStringLiteral("t"), {partition(0, 0, kHuge), partition(1, 0, kHuge)})};
        s.groups = {group(QStringLiteral("g"), GroupState::Empty,
                          {committed(QStringLiteral("t"), 0, 0), committed(QStringLiteral("t"), 1, 0)})};
        const AnalyzedSnapshot a = analyzed(s);
        QCOMPARE(a.facts().topics().at(0).messages, std::numeric_limits<qint64>::max());
        QCOMPARE(a.facts().groups().at(0).summary.totalLag, std::numeric_limits<qint64>::max());
        QCOMPARE(a.facts().totalLag(), std::numeric_limits<qint64>::max());
        QCOMPARE(samplesFromSnapshot(s).at(0).totalLag(), std::numeric_limits<qint64>::max());
    }

    void groupsOverview()
    {
        GroupsTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(analyzed(first()));
        QCOMPARE(headers(model),
                 (QStringList{QStringLiteral("Group"), QStringLiteral("State"), QStringLiteral("Members"),
                              QStringLiteral("Partitions"), QStringLiteral("Total lag"), QStringLiteral("Lag health"),
                              QStringLiteral("Time lag"), QStringLiteral("Doctor"), QStringLiteral("Source"),
                              QStringLiteral("Error")}));
        QCOMPARE(column(model, GroupsTableModel::GroupColumn),
                 (QStringList{QStringLiteral("billing"), QStringLiteral("reports")}));
        QCOMPARE(column(model, GroupsTableModel::StateColumn),
                 (QStringList{QStringLiteral("Stable"), QStringLiteral("Empty")}));
        QCOMPARE(column(model, GroupsTableModel::MembersColumn),
                 (QStringList{QStringLiteral("1"), QStringLiteral("0")}));
        QCOMPARE(column(model, GroupsTableModel::PartitionsColumn),
                 (QStringList{QStringLiteral("3"), QStringLiteral("1")}));
        QCOMPARE(column(model, GroupsTableModel::TotalLagColumn),
                 (QStringList{QStringLiteral("200"), QStringLiteral("6")}));
        QCOMPARE(column(model, GroupsTableModel::SourceColumn),
                 (QStringList{QStringLiteral("Broker"), QStringLiteral("Broker")}));
        QCOMPARE(model.index(0, 0).data(GroupsTableModel::HealthRole).toInt(), 1); // orders/1 out of range

        // The lag monitor's badges: shown in their columns, raising the row's health; another cluster's are ignored.
        QCOMPARE(column(model, GroupsTableModel::LagHealthColumn),
                 (QStringList{QStringLiteral("-"), QStringLiteral("-")}));
        ClusterBadges badges;
        badges.profileId = QStringLiteral("elsewhere");
        badges.groups.insert(QStringLiteral("reports"), GroupBadge{LagHealth::Err, QStringLiteral("orders-0: stuck"),
                                                                   42000, QString(), true, QStringLiteral("too far")});
        model.setBadges(badges);
        QCOMPARE(column(model, GroupsTableModel::LagHealthColumn),
                 (QStringList{QStringLiteral("-"), QStringLiteral("-")}));
        badges.profileId = first().profileId;
        model.setBadges(badges);
        QCOMPARE(column(model, GroupsTableModel::LagHealthColumn),
                 (QStringList{QStringLiteral("-"), QStringLiteral("ERR · alert")}));
        QCOMPARE(column(model, GroupsTableModel::TimeLagColumn),
                 (QStringList{QStringLiteral("-"), QStringLiteral("42 s")}));
        QCOMPARE(model.index(1, 0).data(GroupsTableModel::HealthRole).toInt(), 2);
        QVERIFY(model.index(1, GroupsTableModel::LagHealthColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("too far")));
        // The doctor's findings: the worst severity and how many, their titles on hover, errors sorted first.
        QCOMPARE(column(model, GroupsTableModel::DoctorColumn), (QStringList{QString(), QString()}));
        GroupBadge doctor;
        doctor.findings = 2;
        doctor.worstFinding = FindingSeverity::Error;
        doctor.findingTitles = {QStringLiteral("Committed offset below the log start"), QStringLiteral("Lag growing")};
        badges.groups.insert(QStringLiteral("billing"), doctor);
        model.setBadges(badges);
        QCOMPARE(column(model, GroupsTableModel::DoctorColumn), (QStringList{QStringLiteral("Error · 2"), QString()}));
        QCOMPARE(model.index(0, GroupsTableModel::DoctorColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Committed offset below the log start\nLag growing"));
        QCOMPARE(model.index(0, 0).data(GroupsTableModel::HealthRole).toInt(), 2);
        QVERIFY(model.index(0, GroupsTableModel::DoctorColumn).data(GroupsTableModel::SortRole).toLongLong() >
                model.index(1, GroupsTableModel::DoctorColumn).data(GroupsTableModel::SortRole).toLongLong());
        QCOMPARE(model.index(0, GroupsTableModel::LagHealthColumn).data().toString(), QStringLiteral("OK"));
        model.setBadges(ClusterBadges{first().profileId, {}, {}});
        QCOMPARE(column(model, GroupsTableModel::LagHealthColumn),
                 (QStringList{QStringLiteral("-"), QStringLiteral("-")}));
        QCOMPARE(model.index(0, 0).data(GroupsTableModel::OutOfRangeRole).toLongLong(), 1);
        QCOMPARE(model.index(1, 0).data(GroupsTableModel::HealthRole).toInt(), 0);

        const QPersistentModelIndex reports = model.index(1, 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        ClusterSnapshot s = first();
        s.groups.removeFirst();
        s.groups.prepend(group(QStringLiteral("analytics"), GroupState::Unknown, {committed(kAudit, 0, 1)}, {},
                               GroupSourceKind::Pinned));
        s.groups.last().error = QStringLiteral("GROUP_AUTHORIZATION_FAILED");
        model.applySnapshot(analyzed(s));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(changedRows(changed), QStringList{QStringLiteral("reports")});
        QCOMPARE(reports.row(), 1);
        QCOMPARE(model.index(0, GroupsTableModel::SourceColumn).data().toString(), QStringLiteral("Pinned"));
        QCOMPARE(model.index(0, GroupsTableModel::MembersColumn).data().toString(), QStringLiteral("-"));
        QCOMPARE(model.index(1, 0).data(GroupsTableModel::HealthRole).toInt(), 2);
        QCOMPARE(model.rowForGroup(QStringLiteral("reports")), 1);
    }
};

QTEST_GUILESS_MAIN(TestTableModels)
#include "tst_tablemodels.moc"
