#include "clustertreemodel.h"
#include "testsnapshots.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;
using Kind = ClusterTreeModel::NodeKind;

namespace {
const QString kId = QStringLiteral("test-id"); // base()'s profile id

ClusterSnapshot first()
{
    ClusterSnapshot s = base(1);
    s.topics = {topic(QStringLiteral("alpha"), {partition(0, 0, 100), partition(1, 0, 50)}),
                topic(QStringLiteral("beta"), {partition(0, 10, 1234)})};
    s.groups = {group(QStringLiteral("g1"), GroupState::Stable,
                      {committed(QStringLiteral("alpha"), 0, 90), committed(QStringLiteral("alpha"), 1, 50)},
                      {member(QStringLiteral("m1"), QStringLiteral("c1"), QStringLiteral("/h1"),
                              {{QStringLiteral("alpha"), 0}, {QStringLiteral("alpha"), 1}})}),
                group(QStringLiteral("g2"), GroupState::Empty, {committed(QStringLiteral("beta"), 0, 5)})};
    return s;
}

// alpha grows a partition, "amber" appears between alpha and beta, beta's HW moves, g1 goes, g3 comes.
ClusterSnapshot second()
{
    ClusterSnapshot s = first();
    s.sequence = 2;
    s.topics[0].partitions.append(partition(2, 0, 7));
    s.topics.insert(1, topic(QStringLiteral("amber"), {partition(0, 0, 1)}));
    s.topics[2].partitions[0].highWatermark = 1300;
    s.groups.removeFirst();
    s.groups.append(group(QStringLiteral("g3"), GroupState::Empty, {committed(QStringLiteral("amber"), 0, 1)}));
    return s;
}

// "kind:name" of every row a dataChanged emission covered.
QStringList changedRows(const QSignalSpy &spy)
{
    QStringList rows;
    for (const QList<QVariant> &args : spy) {
        const auto topLeft = args.at(0).value<QModelIndex>();
        const auto bottomRight = args.at(1).value<QModelIndex>();
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
            const QModelIndex i = topLeft.siblingAtRow(r);
            QString name = i.data().toString();
            if (ClusterTreeModel::nodeKind(i) == Kind::Partition)
                name = i.data(ClusterTreeModel::TopicNameRole).toString() + QLatin1Char('/') + name;
            rows.append(name);
        }
    }
    rows.sort();
    return rows;
}
} // namespace

class TestClusterTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void structureAndData()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0); // no cluster open
        model.addCluster(kId, QStringLiteral("test"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowCount(model.clusterIndex(kId)), 3);
        QCOMPARE(ClusterTreeModel::profileId(model.categoryIndex(kId, Kind::TopicsCategory)), kId);
        QCOMPARE(model.categoryIndex(kId, Kind::TopicsCategory).data().toString(), QStringLiteral("Topics (0)"));

        model.setClusterName(kId, QStringLiteral("prod"));
        model.setConnectionState(kId, QStringLiteral("Connected"));
        model.applySnapshot(analyzed(first()));

        const QModelIndex cluster = model.clusterIndex(kId);
        QCOMPARE(cluster.data().toString(), QStringLiteral("prod"));
        QCOMPARE(cluster.siblingAtColumn(1).data().toString(), QStringLiteral("Connected"));
        QCOMPARE(ClusterTreeModel::nodeKind(cluster), Kind::Cluster);

        const QModelIndex brokers = model.categoryIndex(kId, Kind::BrokersCategory);
        QCOMPARE(brokers.data().toString(), QStringLiteral("Brokers (3)"));
        QCOMPARE(model.categoryIndex(kId, Kind::TopicsCategory).data().toString(), QStringLiteral("Topics (2)"));
        QCOMPARE(model.categoryIndex(kId, Kind::GroupsCategory).data().toString(),
                 QStringLiteral("Consumer groups (2)"));

        const QModelIndex b1 = model.index(0, 0, brokers);
        QCOMPARE(b1.data().toString(), QStringLiteral("1 (controller) broker1.local:9092"));
        QCOMPARE(model.index(1, 0, brokers).data().toString(), QStringLiteral("2 broker2.local:9093"));
        QCOMPARE(b1.data(ClusterTreeModel::BrokerIdRole).toInt(), 1);
        QCOMPARE(ClusterTreeModel::nodeKind(b1), Kind::Broker);

        const QModelIndex alpha = model.topicIndex(kId, QStringLiteral("alpha"));
        QCOMPARE(alpha.data().toString(), QStringLiteral("alpha"));
        QCOMPARE(alpha.siblingAtColumn(1).data().toString(), QStringLiteral("2 partitions · 150 msgs"));
        QCOMPARE(model.rowCount(alpha), 2);
        const QModelIndex beta0 = model.partitionIndex(kId, QStringLiteral("beta"), 0);
        QCOMPARE(beta0.data().toString(), QStringLiteral("Partition 0"));
        QCOMPARE(beta0.siblingAtColumn(1).data().toString(), QStringLiteral("HW 1,234"));
        QCOMPARE(beta0.data(ClusterTreeModel::TopicNameRole).toString(), QStringLiteral("beta"));
        QCOMPARE(beta0.data(ClusterTreeModel::PartitionRole).toInt(), 0);
        QCOMPARE(beta0.parent(), model.topicIndex(kId, QStringLiteral("beta")));

        const QModelIndex g1 = model.groupIndex(kId, QStringLiteral("g1"));
        QCOMPARE(g1.siblingAtColumn(1).data().toString(), QStringLiteral("Stable · lag 10"));
        QCOMPARE(g1.data(ClusterTreeModel::GroupIdRole).toString(), QStringLiteral("g1"));
        QCOMPARE(g1.data(ClusterTreeModel::HealthRole).toInt(), 0);
        QCOMPARE(model.groupIndex(kId, QStringLiteral("g2")).siblingAtColumn(1).data().toString(),
                 QStringLiteral("Empty · lag 1,229 · 1 out of range"));
        QCOMPARE(model.groupIndex(kId, QStringLiteral("g2")).data(ClusterTreeModel::HealthRole).toInt(), 1);
        QCOMPARE(model.categoryIndex(kId, Kind::GroupsCategory).data(ClusterTreeModel::HealthRole).toInt(), 1);
        QCOMPARE(model.partitionIndex(kId, QStringLiteral("beta"), 0).data(ClusterTreeModel::SortRole).toInt(), 0);
    }

    void incrementalUpdate()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(analyzed(first()));

        const QPersistentModelIndex beta = model.topicIndex(kId, QStringLiteral("beta"));
        const QPersistentModelIndex beta0 = model.partitionIndex(kId, QStringLiteral("beta"), 0);
        const QPersistentModelIndex alpha1 = model.partitionIndex(kId, QStringLiteral("alpha"), 1);
        const QPersistentModelIndex g2 = model.groupIndex(kId, QStringLiteral("g2"));
        const QPersistentModelIndex g1 = model.groupIndex(kId, QStringLiteral("g1"));
        QCOMPARE(g2.row(), 1);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.applySnapshot(analyzed(second()));

        QCOMPARE(reset.size(), 0);
        // amber with its partition (in one insertion: a filter proxy would otherwise map every new topic's
        // partitions to announce them on), alpha/2, g3.
        QCOMPARE(inserted.size(), 3);
        const QModelIndex amber = model.topicIndex(kId, QStringLiteral("amber"));
        QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), model.categoryIndex(kId, Kind::TopicsCategory));
        QCOMPARE(model.rowCount(amber), 1);
        QCOMPARE(model.partitionIndex(kId, QStringLiteral("amber"), 0).data(ClusterTreeModel::TopicNameRole).toString(),
                 QStringLiteral("amber"));
        QCOMPARE(removed.size(), 1); // g1
        QVERIFY(!g1.isValid());
        QVERIFY(beta.isValid());
        QCOMPARE(beta.data().toString(), QStringLiteral("beta"));
        QCOMPARE(beta.row(), 2);
        QCOMPARE(beta0.data(ClusterTreeModel::TopicNameRole).toString(), QStringLiteral("beta"));
        QCOMPARE(QModelIndex(beta0).siblingAtColumn(1).data().toString(), QStringLiteral("HW 1,300"));
        QCOMPARE(alpha1.data(ClusterTreeModel::PartitionRole).toInt(), 1);
        QCOMPARE(g2.data(ClusterTreeModel::GroupIdRole).toString(), QStringLiteral("g2"));
        QCOMPARE(g2.row(), 0);
        QCOMPARE(model.rowCount(model.topicIndex(kId, QStringLiteral("alpha"))), 3);

        // Only rows whose values changed: alpha (3 partitions now), beta and beta/0 (HW), the topics label.
        // Broker 1 leads the two new partitions; g2's lag follows beta's HW.
        QCOMPARE(changedRows(changed),
                 (QStringList{QStringLiteral("1 (controller) broker1.local:9092"), QStringLiteral("Topics (3)"),
                              QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("beta/Partition 0"),
                              QStringLiteral("g2")}));

        // The same snapshot again changes nothing at all.
        changed.clear();
        inserted.clear();
        removed.clear();
        ClusterSnapshot again = second();
        again.sequence = 3;
        model.applySnapshot(analyzed(again));
        QCOMPARE(changed.size(), 0);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(removed.size(), 0);

        // Everything gone, then everything back.
        ClusterSnapshot empty = base(4);
        empty.brokers.clear();
        model.applySnapshot(analyzed(empty));
        QCOMPARE(model.rowCount(model.categoryIndex(kId, Kind::TopicsCategory)), 0);
        QCOMPARE(model.rowCount(model.categoryIndex(kId, Kind::GroupsCategory)), 0);
        QCOMPARE(model.rowCount(model.categoryIndex(kId, Kind::BrokersCategory)), 0);
        QVERIFY(!beta0.isValid());
        model.applySnapshot(analyzed(first()));
        QCOMPARE(model.rowCount(model.categoryIndex(kId, Kind::TopicsCategory)), 2);
        QCOMPARE(model.rowCount(model.partitionIndex(kId, QStringLiteral("alpha"), 0)), 0);
    }

    // The lag monitor's badges: a group's health word in its details, the reason in its tooltip, its colour raised;
    // only the rows whose badge changed are announced.
    void badgesMarkGroups()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(analyzed(first()));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        ClusterBadges badges{kId, {}};
        badges.groups.insert(QStringLiteral("g1"), GroupBadge{LagHealth::Warn, QStringLiteral("lag grew from 1 to 9"),
                                                              std::nullopt, QString(), false, QString()});
        badges.groups.insert(QStringLiteral("g2"), GroupBadge{});
        model.setBadges(badges);
        const QModelIndex g1 = model.groupIndex(kId, QStringLiteral("g1"));
        const QModelIndex g2 = model.groupIndex(kId, QStringLiteral("g2"));
        QCOMPARE(g2.row(), g1.row() + 1);
        QCOMPARE(changed.size(), 1); // neighbouring rows in one signal
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), g1);
        QCOMPARE(changed.first().at(1).value<QModelIndex>(), g2.siblingAtColumn(ClusterTreeModel::DetailsColumn));
        QCOMPARE(g1.siblingAtColumn(1).data().toString(), QStringLiteral("Stable · lag 10 · WARN"));
        QVERIFY(g1.data(Qt::ToolTipRole).toString().contains(QStringLiteral("lag grew from 1 to 9")));
        QCOMPARE(g1.data(ClusterTreeModel::HealthRole).toInt(), 1);
        QCOMPARE(model.groupIndex(kId, QStringLiteral("g2")).siblingAtColumn(1).data().toString(),
                 QStringLiteral("Empty · lag 1,229 · 1 out of range")); // OK adds no word

        changed.clear();
        badges.groups[QStringLiteral("g1")].alert = true;
        badges.groups[QStringLiteral("g1")].alertText = QStringLiteral("total lag 10 is above 5");
        model.setBadges(badges);
        QCOMPARE(changed.size(), 1); // g1 only
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), g1);
        QCOMPARE(g1.siblingAtColumn(1).data().toString(), QStringLiteral("Stable · lag 10 · WARN · alert"));
        model.setBadges(badges);
        QCOMPARE(changed.size(), 1); // nothing changed, nothing announced
        model.setBadges(ClusterBadges{QStringLiteral("no such cluster"), badges.groups});
        QCOMPARE(changed.size(), 1);

        // Rows apart are announced apart: g1 and g3 change, g2 between them does not.
        ClusterSnapshot three = first();
        three.groups.append(group(QStringLiteral("g3"), GroupState::Empty, {committed(QStringLiteral("beta"), 0, 1)}));
        model.applySnapshot(analyzed(three));
        changed.clear();
        badges.groups[QStringLiteral("g1")].alert = false;
        badges.groups.insert(QStringLiteral("g3"), GroupBadge{LagHealth::Stop, QStringLiteral("stopped"), std::nullopt,
                                                              QString(), false, QString()});
        model.setBadges(badges);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), g1);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), model.groupIndex(kId, QStringLiteral("g3")));
    }

    void connectionStateTouchesOnlyTheClusterRow()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(analyzed(first()));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setConnectionState(kId, QStringLiteral("Reconnecting…"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.clusterIndex(kId));
        model.setConnectionState(kId, QStringLiteral("Reconnecting…"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.clusterIndex(kId).data().toString(), QStringLiteral("test")); // the profile name
    }

    // Each open cluster has its own root, keyed by profile id. A refresh of one cluster touches only its own rows;
    // closing one leaves the other's rows (and the views' persistent indexes into them) untouched.
    void severalClustersAreIndependent()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString other = QStringLiteral("other-id");
        model.addCluster(other, QStringLiteral("staging"));
        model.applySnapshot(analyzed(first())); // test-id, added after "other"
        QCOMPARE(model.clusterIds(), (QStringList{other, kId}));
        QCOMPARE(model.rowCount(model.categoryIndex(other, Kind::TopicsCategory)), 0);

        ClusterSnapshot staging = second();
        staging.profileId = other;
        staging.profileName = QStringLiteral("staging");
        model.applySnapshot(analyzed(staging));
        QCOMPARE(model.rowCount(model.categoryIndex(other, Kind::TopicsCategory)), 3);
        QCOMPARE(model.rowCount(model.categoryIndex(kId, Kind::TopicsCategory)), 2);
        QVERIFY(model.groupIndex(other, QStringLiteral("g3")).isValid());
        QVERIFY(!model.groupIndex(kId, QStringLiteral("g3")).isValid());
        QCOMPARE(ClusterTreeModel::profileId(model.partitionIndex(other, QStringLiteral("amber"), 0)), other);
        QCOMPARE(ClusterTreeModel::profileId(model.partitionIndex(kId, QStringLiteral("beta"), 0)), kId);

        // A refresh of "test-id" that changes beta's HW: no signal names a row of "other".
        const QPersistentModelIndex otherBeta0 = model.partitionIndex(other, QStringLiteral("beta"), 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        ClusterSnapshot moved = first();
        moved.sequence = 5;
        moved.topics[1].partitions[0].highWatermark = 2000;
        model.applySnapshot(analyzed(moved));
        QVERIFY(!changed.isEmpty());
        for (const QList<QVariant> &args : std::as_const(changed))
            QCOMPARE(ClusterTreeModel::profileId(args.at(0).value<QModelIndex>()), kId);

        model.removeCluster(kId);
        QCOMPARE(model.clusterIds(), QStringList{other});
        QVERIFY(otherBeta0.isValid());
        QCOMPARE(QModelIndex(otherBeta0).siblingAtColumn(1).data().toString(), QStringLiteral("HW 1,300"));
        QVERIFY(!model.clusterIndex(kId).isValid());
        model.removeCluster(kId); // twice is harmless
        QCOMPARE(model.rowCount(), 1);
    }

    // Random snapshots in sequence (topics and groups from a pool, partition counts and offsets varying): after
    // every apply the tree mirrors the snapshot exactly, and the tester saw consistent signals.
    void randomSequence()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QRandomGenerator rng(7);
        for (int round = 0; round < 60; ++round) {
            ClusterSnapshot s = base(quint64(round + 1));
            for (int t = 0; t < 12; ++t) {
                if (rng.bounded(3) == 0)
                    continue;
                QList<PartitionInfo> partitions;
                const int count = 1 + int(rng.bounded(5));
                for (int p = 0; p < count; ++p)
                    partitions.append(partition(p, 0, rng.bounded(1000)));
                s.topics.append(topic(QStringLiteral("t%1").arg(t, 2, 10, QLatin1Char('0')), partitions));
            }
            for (int g = 0; g < 8; ++g) {
                if (rng.bounded(2) == 0 || s.topics.isEmpty())
                    continue;
                s.groups.append(group(QStringLiteral("g%1").arg(g), GroupState::Empty,
                                      {committed(s.topics.first().name, 0, rng.bounded(1000))}));
            }
            model.applySnapshot(analyzed(s));

            const QModelIndex topics = model.categoryIndex(kId, Kind::TopicsCategory);
            QCOMPARE(model.rowCount(topics), int(s.topics.size()));
            for (int t = 0; t < s.topics.size(); ++t) {
                const QModelIndex topicIndex = model.index(t, 0, topics);
                QCOMPARE(topicIndex.data().toString(), s.topics[t].name);
                QCOMPARE(model.rowCount(topicIndex), int(s.topics[t].partitions.size()));
                for (int p = 0; p < s.topics[t].partitions.size(); ++p) {
                    const QModelIndex partitionIndex = model.index(p, 1, topicIndex);
                    QCOMPARE(partitionIndex.parent(), topicIndex);
                    QCOMPARE(partitionIndex.data().toString(),
                             QStringLiteral("HW %1").arg(QLocale().toString(s.topics[t].partitions[p].highWatermark)));
                }
            }
            const QModelIndex groups = model.categoryIndex(kId, Kind::GroupsCategory);
            QCOMPARE(model.rowCount(groups), int(s.groups.size()));
            for (int g = 0; g < s.groups.size(); ++g)
                QCOMPARE(model.index(g, 0, groups).data(ClusterTreeModel::GroupIdRole).toString(), s.groups[g].groupId);
        }
    }

    void healthOfPartitions()
    {
        ClusterTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ClusterSnapshot s = first();
        s.topics[0].partitions[0].isr = {1, 2};
        s.topics[1].partitions[0].leader = -1;
        model.applySnapshot(analyzed(s));
        QCOMPARE(model.partitionIndex(kId, QStringLiteral("alpha"), 0).data(ClusterTreeModel::HealthRole).toInt(), 1);
        QCOMPARE(model.topicIndex(kId, QStringLiteral("alpha")).data(ClusterTreeModel::HealthRole).toInt(), 1);
        QCOMPARE(model.partitionIndex(kId, QStringLiteral("beta"), 0).data(ClusterTreeModel::HealthRole).toInt(), 2);
        QCOMPARE(model.topicIndex(kId, QStringLiteral("beta")).data(ClusterTreeModel::HealthRole).toInt(), 2);
        QCOMPARE(model.clusterIndex(kId).data(ClusterTreeModel::HealthRole).toInt(), 2);
        QVERIFY(model.topicIndex(kId, QStringLiteral("beta"))
                    .siblingAtColumn(1)
                    .data()
                    .toString()
                    .contains(QStringLiteral("1 leaderless")));
    }
};

QTEST_GUILESS_MAIN(TestClusterTreeModel)
#include "tst_clustertreemodel.moc"
