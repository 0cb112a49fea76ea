#include "describe.h"
#include "groupsummary.h"
#include "lag.h"
#include "testsnapshots.h"

#include <QRandomGenerator>
#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

Q_DECLARE_METATYPE(OffsetLens::OffsetStatus)

class TestLag : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A partition's name is built without arg(), so a topic named with "%1" in it stays what it is.
    void partitionNames()
    {
        QCOMPARE(partitionName(TopicPartition{QStringLiteral("orders"), 3}), QStringLiteral("orders-3"));
        QCOMPARE(partitionName(TopicPartition{QStringLiteral("a%1b%2"), 0}), QStringLiteral("a%1b%2-0"));
    }

    void computeLag_data()
    {
        QTest::addColumn<qint64>("committed");
        QTest::addColumn<qint64>("logStart");
        QTest::addColumn<qint64>("hw");
        QTest::addColumn<bool>("hasLag");
        QTest::addColumn<qint64>("lag");
        QTest::addColumn<OffsetStatus>("status");
        QTest::addColumn<qint64>("deleted");

        QTest::newRow("normal") << qint64(90) << qint64(0) << qint64(100) << true << qint64(10) << OffsetStatus::Normal
                                << qint64(0);
        QTest::newRow("caught up") << qint64(100) << qint64(0) << qint64(100) << true << qint64(0)
                                   << OffsetStatus::Normal << qint64(0);
        QTest::newRow("at log start") << qint64(20) << qint64(20) << qint64(100) << true << qint64(80)
                                      << OffsetStatus::Normal << qint64(0);
        QTest::newRow("no commit") << kNoOffset << qint64(0) << qint64(100) << false << qint64(0)
                                   << OffsetStatus::NoCommit << qint64(0);
        QTest::newRow("no commit, no hw")
            << kNoOffset << kNoOffset << kNoOffset << false << qint64(0) << OffsetStatus::NoCommit << qint64(0);
        QTest::newRow("hw unknown") << qint64(5) << qint64(0) << kNoOffset << false << qint64(0)
                                    << OffsetStatus::UnknownWatermark << qint64(0);
        QTest::newRow("ahead of hw") << qint64(150) << qint64(0) << qint64(100) << true << qint64(-50)
                                     << OffsetStatus::AheadOfHighWatermark << qint64(0);
        QTest::newRow("below log start") << qint64(5) << qint64(120) << qint64(200) << true << qint64(195)
                                         << OffsetStatus::BelowLogStart << qint64(115);
        QTest::newRow("log start unknown")
            << qint64(5) << kNoOffset << qint64(200) << true << qint64(195) << OffsetStatus::Normal << qint64(0);
        QTest::newRow("empty partition committed 0")
            << qint64(0) << qint64(0) << qint64(0) << true << qint64(0) << OffsetStatus::Normal << qint64(0);
    }

    void computeLag()
    {
        QFETCH(qint64, committed);
        QFETCH(qint64, logStart);
        QFETCH(qint64, hw);
        QFETCH(bool, hasLag);
        QFETCH(qint64, lag);
        QFETCH(OffsetStatus, status);
        QFETCH(qint64, deleted);

        const PartitionLag result = OffsetLens::computeLag(committed, logStart, hw);
        QCOMPARE(result.lag.has_value(), hasLag);
        if (hasLag)
            QCOMPARE(*result.lag, lag);
        QCOMPARE(result.status, status);
        QCOMPARE(result.deletedMessages, deleted);
        QCOMPARE(offsetStatusText(status).isEmpty(), status == OffsetStatus::Normal);
    }

    // describeGroup: members with more partitions first (each by topic, partition), then committed partitions no
    // member owns, by (topic, partition), with an empty consumer; members' partitions without commits have no lag.
    void describeOrdering()
    {
        ClusterSnapshot s = base();
        s.topics = {topic(QStringLiteral("a"), {partition(0, 0, 100), partition(1, 0, 100), partition(2, 50, 100)}),
                    topic(QStringLiteral("b"), {partition(0, 0, 10), partition(1, 0, 10)})};
        const GroupInfo g = group(
            QStringLiteral("g"), GroupState::Stable,
            {committed(QStringLiteral("a"), 0, 90), committed(QStringLiteral("a"), 1, 100),
             committed(QStringLiteral("a"), 2, 10), committed(QStringLiteral("b"), 0, 12),
             committed(QStringLiteral("b"), 1, 3)},
            {member(QStringLiteral("small"), QStringLiteral("c1"), QStringLiteral("/h1"), {{QStringLiteral("b"), 1}}),
             member(QStringLiteral("big"), QStringLiteral("c2"), QStringLiteral("/h2"),
                    {{QStringLiteral("b"), 0}, {QStringLiteral("a"), 1}, {QStringLiteral("c"), 0}})});
        const QList<DescribeRow> rows = describeGroup(s, g);

        QStringList order;
        for (const DescribeRow &r : rows)
            order.append(QStringLiteral("%1-%2:%3").arg(r.tp.topic).arg(r.tp.partition).arg(r.consumerId));
        QCOMPARE(order, (QStringList{QStringLiteral("a-1:big"), QStringLiteral("b-0:big"), QStringLiteral("c-0:big"),
                                     QStringLiteral("b-1:small"), QStringLiteral("a-0:"), QStringLiteral("a-2:")}));

        QCOMPARE(rows[0].lag.lag, std::optional<qint64>(0));
        QCOMPARE(rows[1].lag.status, OffsetStatus::AheadOfHighWatermark); // committed 12 > HW 10
        QCOMPARE(*rows[1].lag.lag, qint64(-2));
        QCOMPARE(rows[2].lag.status, OffsetStatus::NoCommit); // c-0: assigned, no commit, unknown topic
        QVERIFY(!rows[2].lag.lag.has_value());
        QCOMPARE(rows[2].currentOffset, kNoOffset);
        QCOMPARE(rows[3].host, QStringLiteral("/h1"));
        QCOMPARE(rows[4].consumerId, QString());
        QCOMPARE(rows[4].logEndOffset, qint64(100));
        QCOMPARE(*rows[4].lag.lag, qint64(10));
        QCOMPARE(rows[5].lag.status, OffsetStatus::BelowLogStart); // committed 10 < log start 50
        QCOMPARE(rows[5].lag.deletedMessages, qint64(40));
        QCOMPARE(*rows[5].lag.lag, qint64(90));

        const GroupLagSummary sum = summarize(rows);
        QCOMPARE(sum.partitions, 6);
        QCOMPARE(sum.withoutCommit, 1);
        QCOMPARE(sum.outOfRange, 2);
        QCOMPARE(sum.totalLag, qint64(0 + 7 + 10 + 90)); // negative lag not subtracted
        QCOMPARE(sum.maxLag, qint64(90));
        QVERIFY(sum.complete);

        compareSummaries(s, g);
    }

    void noCommitMeansNoLag()
    {
        ClusterSnapshot s = base();
        s.topics = {topic(QStringLiteral("a"), {partition(0, 0, 100)})};
        const GroupInfo g =
            group(QStringLiteral("g"), GroupState::Empty, {committed(QStringLiteral("a"), 0, kNoOffset)});
        // A group without a commit and without members has nothing to describe.
        QVERIFY(describeGroup(s, g).isEmpty());
        const GroupLagSummary sum = summarizeGroup(s, g);
        QCOMPARE(sum.partitions, 0);
        QCOMPARE(sum.totalLag, qint64(0));
    }

    // summarizeGroup is the fast path of summarize(describeGroup()): they must agree on real data.
    void summaryFastPathAgrees()
    {
        ClusterSnapshot s = synthetic(6, 8, 10, 2, 77, 1);
        s.topics[1].partitions[3].highWatermark = kNoOffset; // unknown HW
        s.topics[2].partitions[0].logStartOffset = 95000;    // below log start for the groups
        s.groups[3].offsets[5].offset = kNoOffset;           // no commit
        for (const GroupInfo &g : std::as_const(s.groups))
            compareSummaries(s, g);
    }

    // Random members, assignments (overlapping ones included) and commits.
    void summaryFastPathAgreesRandomly()
    {
        QRandomGenerator rng(5);
        for (int round = 0; round < 200; ++round) {
            ClusterSnapshot s = base();
            for (const char *name : {"a", "b", "c"}) {
                QList<PartitionInfo> partitions;
                for (int p = 0; p < 4; ++p)
                    partitions.append(partition(p, rng.bounded(50), 50 + rng.bounded(100)));
                s.topics.append(topic(QString::fromLatin1(name), partitions));
            }
            QList<CommittedOffset> offsets;
            QList<GroupMember> members(int(rng.bounded(4)));
            for (const char *name : {"a", "b", "c", "d"}) { // "d" is not in the snapshot
                for (int p = 0; p < 4; ++p) {
                    const TopicPartition tp{QString::fromLatin1(name), p};
                    if (rng.bounded(3) != 0)
                        offsets.append(committed(tp.topic, p, rng.bounded(3) == 0 ? kNoOffset : rng.bounded(200)));
                    for (GroupMember &m : members) {
                        if (rng.bounded(3) == 0)
                            m.assignment.append(tp);
                    }
                }
            }
            for (GroupMember &m : members)
                std::shuffle(m.assignment.begin(), m.assignment.end(), rng);
            compareSummaries(s, group(QStringLiteral("g"), GroupState::Stable, offsets, members));
        }
    }

private:
    static void compareSummaries(const ClusterSnapshot &s, const GroupInfo &g)
    {
        const GroupLagSummary slow = summarize(describeGroup(s, g));
        const GroupLagSummary fast = summarizeGroup(s, g);
        QCOMPARE(fast.totalLag, slow.totalLag);
        QCOMPARE(fast.maxLag, slow.maxLag);
        QCOMPARE(fast.partitions, slow.partitions);
        QCOMPARE(fast.withoutCommit, slow.withoutCommit);
        QCOMPARE(fast.outOfRange, slow.outOfRange);
        QCOMPARE(fast.complete, slow.complete);
    }
};

QTEST_GUILESS_MAIN(TestLag)
#include "tst_lag.moc"
