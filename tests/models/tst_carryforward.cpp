// carryForward: what a refresh could not read is shown from the last one that did, marked with when it was read;
// what it read, or what the cluster says is gone, is never overwritten; readByThisRefresh takes it all out again.
#include "carryforward.h"
#include "describe.h"
#include "groupoffsetsmodel.h"
#include "groupstablemodel.h"
#include "partitiontablemodel.h"
#include "testsnapshots.h"

#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {
const QString kTopic = QStringLiteral("orders");

// Refresh 1 read everything: three partitions, a group committed on all of them.
ClusterSnapshot first()
{
    ClusterSnapshot s = base(1);
    s.topics = {topic(kTopic, {partition(0, 0, 100), partition(1, 5, 200), partition(2, 0, 300)})};
    s.groups = {group(QStringLiteral("billing"), GroupState::Empty,
                      {committed(kTopic, 0, 90), committed(kTopic, 1, 150), committed(kTopic, 2, 300)})};
    return s;
}

// Refresh 2: partition 1's leader did not answer (explained on the partition), the group's commits timed out.
ClusterSnapshot secondWithGaps()
{
    ClusterSnapshot s = base(2);
    PartitionInfo unread = partition(1, kNoOffset, kNoOffset);
    unread.lastStableOffset = kNoOffset;
    unread.error = QStringLiteral("Request timed out");
    s.topics = {topic(kTopic, {partition(0, 0, 110), unread, partition(2, 0, 320)})};
    GroupInfo g = group(QStringLiteral("billing"), GroupState::Empty, {committed(kTopic, 0, 95)});
    g.offsetsIncomplete = true;
    g.error = QStringLiteral("Committed offsets: no answer within the timeout");
    s.groups = {g};
    s.errors = {QStringLiteral("Broker 2 did not return the high watermark of 1 partition")};
    return s;
}

qint64 msOf(const ClusterSnapshot &s)
{
    return s.takenAt.toMSecsSinceEpoch();
}
} // namespace

class TestCarryForward : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unreadValuesAreCarriedAndMarked()
    {
        const ClusterSnapshot previous = first();
        ClusterSnapshot current = secondWithGaps();
        carryForward(previous, current);

        const PartitionInfo &p1 = current.topics[0].partitions[1];
        QCOMPARE(p1.highWatermark, 200);
        QCOMPARE(p1.logStartOffset, 5);
        QCOMPARE(p1.lastStableOffset, 200);
        QCOMPARE(int(p1.carried), int(CarriedLogStart | CarriedHighWatermark | CarriedLastStable));
        QCOMPARE(p1.carriedFromMs, msOf(previous));
        QCOMPARE(p1.error, QStringLiteral("Request timed out")); // still says why

        // What this refresh read stays, unmarked.
        const PartitionInfo &p0 = current.topics[0].partitions[0];
        QCOMPARE(p0.highWatermark, 110);
        QCOMPARE(int(p0.carried), 0);

        const GroupInfo &g = current.groups[0];
        QCOMPARE(g.offsets.size(), 3);
        QCOMPARE(g.offsets[0].offset, 95); // read now: kept, not replaced by the older 90
        QCOMPARE(g.offsets[0].carriedFromMs, 0);
        QCOMPARE(g.offsets[1].offset, 150);
        QCOMPARE(g.offsets[1].carriedFromMs, msOf(previous));
        QCOMPARE(g.offsets[2].tp.partition, 2); // sorted
        QCOMPARE(g.offsets[2].offset, 300);
        QCOMPARE(current.carriedValues, 3 + 2);
    }

    // Carried twice, a value keeps the time it was read, not the time of the refresh that carried it.
    void carriedValuesKeepTheirFirstTime()
    {
        const ClusterSnapshot one = first();
        ClusterSnapshot two = secondWithGaps();
        carryForward(one, two);
        ClusterSnapshot three = secondWithGaps();
        three.sequence = 3;
        three.takenAt = two.takenAt.addSecs(5);
        carryForward(two, three);
        QCOMPARE(three.topics[0].partitions[1].highWatermark, 200);
        QCOMPARE(three.topics[0].partitions[1].carriedFromMs, msOf(one));
        QCOMPARE(three.groups[0].findOffset({kTopic, 1})->carriedFromMs, msOf(one));
    }

    // Only a failure to read is filled in: an answer that there is nothing stays nothing.
    void answersAreNotOverwritten_data()
    {
        QTest::addColumn<int>("change");
        QTest::newRow("gap without an error") << 0;
        QTest::newRow("group read completely") << 1;
        QTest::newRow("another cluster") << 2;
        QTest::newRow("no previous refresh") << 3;
    }
    void answersAreNotOverwritten()
    {
        QFETCH(int, change);
        ClusterSnapshot previous = first();
        ClusterSnapshot current = secondWithGaps();
        if (change == 0) {
            current.topics[0].partitions[1].error.clear(); // e.g. a partition that has no HW yet, said so nowhere
            current.groups[0].offsetsIncomplete = false;
        } else if (change == 1) {
            current.groups[0].offsetsIncomplete = false; // the group's commits on 1 and 2 were deleted
            current.groups[0].error.clear();
            current.topics[0].partitions[1].error.clear();
        } else if (change == 2) {
            previous.profileId = QStringLiteral("other");
        } else {
            previous = ClusterSnapshot();
        }
        const ClusterSnapshot before = current;
        carryForward(previous, current);
        QCOMPARE(current.carriedValues, 0);
        QCOMPARE(current.topics[0].partitions[1].highWatermark, kNoOffset);
        QCOMPARE(current.groups[0].offsets.size(), 1);
        QCOMPARE(current.topics, before.topics);
        QCOMPARE(current.groups, before.groups);
    }

    // A topic the previous refresh did not have, or a partition added since: nothing to carry, no crash.
    void newTopicsAndPartitions()
    {
        ClusterSnapshot previous = first();
        ClusterSnapshot current = secondWithGaps();
        PartitionInfo added = partition(3, kNoOffset, kNoOffset);
        added.error = QStringLiteral("Leader not available");
        current.topics[0].partitions.append(added);
        PartitionInfo unreadNew = partition(0, kNoOffset, kNoOffset);
        unreadNew.error = QStringLiteral("Request timed out");
        current.topics.prepend(topic(QStringLiteral("audit"), {unreadNew}));
        carryForward(previous, current);
        QCOMPARE(current.findPartition({QStringLiteral("audit"), 0})->highWatermark, kNoOffset);
        QCOMPARE(current.findPartition({kTopic, 3})->highWatermark, kNoOffset);
        QCOMPARE(current.findPartition({kTopic, 1})->highWatermark, 200);
    }

    void readByThisRefreshTakesThemOut()
    {
        ClusterSnapshot current = secondWithGaps();
        const ClusterSnapshot read = current;
        carryForward(first(), current);
        const ClusterSnapshot stripped = readByThisRefresh(current);
        QCOMPARE(stripped.carriedValues, 0);
        QCOMPARE(stripped.topics, read.topics);
        QCOMPARE(stripped.groups[0].offsets, read.groups[0].offsets);
        // The analysed snapshot offers both.
        const AnalyzedSnapshot analyzed(current);
        QCOMPARE(analyzed.snapshot().findPartition({kTopic, 1})->highWatermark, 200);
        QCOMPARE(analyzed.read().findPartition({kTopic, 1})->highWatermark, kNoOffset);
    }

    // A group a partial listing missed (kept with its earlier state and members) is not read by this refresh for
    // history and the doctor, even when no value was carried.
    void groupsListedEarlierAreNotRead()
    {
        ClusterSnapshot s = first();
        GroupInfo kept = group(QStringLiteral("ledger"), GroupState::Stable, {committed(kTopic, 0, 10)});
        kept.listedAtMs = msOf(s) - 5000;
        s.groups.append(kept);
        QCOMPARE(s.carriedValues, 0);
        const ClusterSnapshot read = readByThisRefresh(s);
        QCOMPARE(read.groups.size(), 1);
        QCOMPARE(read.groups.constFirst().groupId, QStringLiteral("billing"));
        QCOMPARE(s.groups.size(), 2); // the window still shows it
    }

    // Another cluster behind the same profile (its id changed): nothing of the old one is carried.
    void anotherClusterCarriesNothing()
    {
        ClusterSnapshot previous = first();
        previous.clusterId = QStringLiteral("old-cluster");
        ClusterSnapshot current = secondWithGaps();
        current.clusterId = QStringLiteral("new-cluster");
        carryForward(previous, current);
        QCOMPARE(current.carriedValues, 0);
        QCOMPARE(current.findPartition({kTopic, 1})->highWatermark, kNoOffset);
    }

    // The lag built from a carried value says so, in describeGroup's rows, the group's summary and the tables.
    void lagFromCarriedValuesIsMarked()
    {
        const ClusterSnapshot previous = first();
        ClusterSnapshot current = secondWithGaps();
        carryForward(previous, current);
        const AnalyzedSnapshot analyzed(current);
        const QList<DescribeRow> rows = describeGroup(current, current.groups[0]);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].carriedFromMs, 0);
        QCOMPARE(rows[1].carriedFromMs, msOf(previous));
        QCOMPARE(*rows[1].lag.lag, 50);
        QCOMPARE(rows[2].carriedFromMs, msOf(previous)); // the commit was carried, the HW read now
        QCOMPARE(*rows[2].lag.lag, 20);
        QCOMPARE(analyzed.facts().groups()[0].summary.carriedFromMs, msOf(previous));
        QCOMPARE(summarize(rows).carriedFromMs, msOf(previous));

        PartitionTableModel partitions;
        partitions.setTopic(kTopic);
        partitions.applySnapshot(analyzed);
        QCOMPARE(partitions.index(1, PartitionTableModel::HighWatermarkColumn)
                     .data(KeyedTableModel::CarriedFromRole)
                     .toLongLong(),
                 msOf(previous));
        QVERIFY(partitions.index(1, PartitionTableModel::HighWatermarkColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("Stale:")));
        QCOMPARE(partitions.index(0, PartitionTableModel::HighWatermarkColumn)
                     .data(KeyedTableModel::CarriedFromRole)
                     .toLongLong(),
                 0);
        QCOMPARE(partitions.index(1, PartitionTableModel::LeaderColumn).data(KeyedTableModel::CarriedFromRole),
                 QVariant(qint64(0)));

        GroupOffsetsModel offsets;
        offsets.setGroup(QStringLiteral("billing"));
        offsets.applySnapshot(analyzed);
        QCOMPARE(offsets.index(1, GroupOffsetsModel::LagColumn).data(KeyedTableModel::CarriedFromRole).toLongLong(),
                 msOf(previous));
        QCOMPARE(offsets.index(0, GroupOffsetsModel::LagColumn).data(KeyedTableModel::CarriedFromRole).toLongLong(), 0);
        QCOMPARE(offsets.index(1, GroupOffsetsModel::TopicColumn).data(KeyedTableModel::CarriedFromRole).toLongLong(),
                 0);

        GroupsTableModel groups;
        groups.applySnapshot(analyzed);
        QCOMPARE(groups.index(0, GroupsTableModel::TotalLagColumn).data(KeyedTableModel::CarriedFromRole).toLongLong(),
                 msOf(previous));
    }
};

QTEST_GUILESS_MAIN(TestCarryForward)
#include "tst_carryforward.moc"
