// Deleting committed offsets and groups. librdkafka's mock cluster serves neither OffsetDelete nor DeleteGroups,
// and librdkafka 2.0.2 aborts the process when asked for them there: the real deletes are tested for saying "not
// supported" in words, in time and honouring cancel, without crashing; the state checks in front of them are tested
// with a fake GroupAdmin over a real re-read of the group.
#include "background.h"
#include "fakegroupsource.h"
#include "groupdeletion.h"
#include "groupsource.h"
#include "kafkaconnection.h"
#include "mockcluster.h"
#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>

#include <thread>

using namespace OffsetLens;
using OffsetLens::Test::FakeGroupSource;
using OffsetLens::Test::MockCluster;
using namespace std::chrono_literals;

namespace {
const QString kTopic = QStringLiteral("orders");

QList<TopicPartition> allPartitions()
{
    return {{kTopic, 0}, {kTopic, 1}, {kTopic, 2}};
}

// Records what reaches it and answers as a broker that deletes would.
class FakeGroupAdmin : public GroupAdmin
{
public:
    QList<DeleteOffsetsRequest> offsetRequests;
    QStringList groupRequests;

    DeleteOffsetsResult deleteOffsets(const JobContext &, const DeleteOffsetsRequest &request) override
    {
        offsetRequests.append(request);
        DeleteOffsetsResult result;
        result.groupId = request.groupId;
        for (const TopicPartition &tp : request.partitions)
            result.partitions.append({tp, kNoOffset, true, {}});
        return result;
    }

    DeleteGroupResult deleteGroup(const JobContext &, const QString &groupId) override
    {
        groupRequests.append(groupId);
        return {groupId, true, {}};
    }
};

GroupMember liveMember()
{
    GroupMember member;
    member.memberId = QStringLiteral("consumer-1-abc");
    member.clientId = QStringLiteral("billing-worker");
    member.host = QStringLiteral("/10.0.0.7");
    member.assignment = allPartitions();
    return member;
}
} // namespace

class TestGroupDelete : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;
    std::shared_ptr<FakeGroupSource> m_source;
    std::shared_ptr<KafkaConnection> m_connection;
    std::unique_ptr<SnapshotFetcher> m_fetcher;
    const std::atomic_bool m_never{false};

    std::shared_ptr<KafkaConnection> connection(int timeoutMs) const
    {
        return std::make_shared<KafkaConnection>(m_mock->profile(QStringLiteral("mock"), timeoutMs));
    }

    bool commit(const QString &group, const QList<qint64> &offsets)
    {
        QList<MockCluster::Commit> commits;
        for (int p = 0; p < offsets.size(); ++p)
            commits.append({kTopic, p, offsets[p], {}});
        return m_mock->commit(group, commits);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(kTopic, 3));
        QVERIFY(m_mock->produceMany({{kTopic, 0}, {kTopic, 1}, {kTopic, 2}}, 20));
        m_source = std::make_shared<FakeGroupSource>(allPartitions());
        m_connection = connection(5000);
        m_fetcher = std::make_unique<SnapshotFetcher>(m_connection);
        m_fetcher->setGroupSource(m_source);
    }

    void cleanupTestCase()
    {
        m_fetcher.reset();
        m_connection.reset();
        m_mock.reset();
        QVERIFY(Background::waitForIdle(15s));
    }

    // The mock answers neither request: both say so in words at once, send nothing (sending would abort the
    // process in librdkafka 2.0.2) and leave the offsets alone.
    void unsupportedDeletesAreReportedInWords()
    {
        const QString group = QStringLiteral("kept");
        QVERIFY(commit(group, {5, 10, 15}));
        const JobContext context(connection(3000), m_never);

        QElapsedTimer timer;
        timer.start();
        const DeleteOffsetsResult offsets = deleteCommittedOffsets(context, {group, {{kTopic, 0}, {kTopic, 1}}});
        qInfo() << "delete offsets:" << offsets.error << "after" << timer.elapsed() << "ms";
        QVERIFY2(offsets.error.contains(QStringLiteral("not supported by this cluster")), qPrintable(offsets.error));
        QVERIFY(!offsets.succeeded());
        QCOMPARE(offsets.partitions.size(), 2);
        for (const PartitionDeleteResult &p : offsets.partitions)
            QVERIFY(!p.deleted);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));

        timer.restart();
        const DeleteGroupResult deleted = deleteGroup(context, group);
        qInfo() << "delete group:" << deleted.error << "after" << timer.elapsed() << "ms";
        QVERIFY(!deleted.deleted);
        QVERIFY2(deleted.error.contains(QStringLiteral("not supported by this cluster")), qPrintable(deleted.error));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));

        const QHash<TopicPartition, qint64> after = m_mock->committed(group, allPartitions());
        QCOMPARE(after.value({kTopic, 0}), 5);
        QCOMPARE(after.value({kTopic, 2}), 15);
    }

    // The check reads the brokers' API versions: the mock serves OffsetCommit (8) but not OffsetDelete (47).
    void apiSupportIsReadFromTheBrokers()
    {
        const JobContext context(m_connection, m_never);
        const ApiSupport commit = probeApiSupport(context, 8);
        QVERIFY2(commit.answer == ApiSupport::Answer::Supported, qPrintable(commit.detail));
        QVERIFY(probeApiSupport(context, 47).answer == ApiSupport::Answer::NotSupported);
        QVERIFY(probeApiSupport(context, 42).answer == ApiSupport::Answer::NotSupported);
    }

    // Brokers that do not answer within the request timeout: the check gives up in time, and a cancel ends it at
    // once; nothing is sent either way.
    void timeoutAndCancelAreHonoured()
    {
        for (int broker = 1; broker <= 3; ++broker)
            m_mock->setRtt(broker, 4000);
        const auto restore = qScopeGuard([this] {
            for (int broker = 1; broker <= 3; ++broker)
                m_mock->setRtt(broker, 0);
        });

        QElapsedTimer timer;
        timer.start();
        const DeleteGroupResult timedOut = deleteGroup(JobContext(connection(800), m_never), QStringLiteral("slow"));
        const qint64 timedOutMs = timer.elapsed();
        qInfo() << "timed out:" << timedOut.error << "after" << timedOutMs << "ms";
        QVERIFY(!timedOut.deleted);
        QVERIFY2(timedOut.error.contains(QStringLiteral("nothing was sent")), qPrintable(timedOut.error));
        QVERIFY2(timedOutMs >= 700 && timedOutMs < 800 + 700, qPrintable(QString::number(timedOutMs)));

        std::atomic_bool cancelled{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(200ms);
            cancelled = true;
        });
        timer.restart();
        const DeleteOffsetsResult cancelledResult =
            deleteCommittedOffsets(JobContext(connection(5000), cancelled), {QStringLiteral("slow"), {{kTopic, 0}}});
        const qint64 cancelledMs = timer.elapsed();
        canceller.join();
        qInfo() << "cancelled:" << cancelledResult.error << "after" << cancelledMs << "ms";
        QVERIFY2(cancelledResult.error.contains(QStringLiteral("cancelled")), qPrintable(cancelledResult.error));
        QVERIFY(!cancelledResult.partitions.at(0).deleted);
        QVERIFY2(cancelledMs < 200 + 600, qPrintable(QString::number(cancelledMs)));
    }

    void invalidRequestsAreNotSent()
    {
        const JobContext context(m_connection, m_never);
        QCOMPARE(deleteCommittedOffsets(context, {QString(), {{kTopic, 0}}}).error, QStringLiteral("no group id"));
        QCOMPARE(deleteCommittedOffsets(context, {QStringLiteral("g"), {}}).error,
                 QStringLiteral("no partitions to delete offsets of"));
        const DeleteOffsetsResult twice =
            deleteCommittedOffsets(context, {QStringLiteral("g"), {{kTopic, 0}, {kTopic, 0}}});
        QCOMPARE(twice.partitions.at(1).error, QStringLiteral("named twice"));
        QVERIFY(!twice.partitions.at(0).deleted);
        QCOMPARE(deleteGroup(context, QString()).error, QStringLiteral("no group id"));
    }

    // An Empty group: re-read, then deleted through the admin; what each partition held before is recorded.
    void checkedDeleteOfAnEmptyGroup()
    {
        const QString group = QStringLiteral("idle");
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, {5, 10}));
        FakeGroupAdmin admin;
        const JobContext context(m_connection, m_never);
        const DeleteOffsetsResult result =
            deleteOffsetsChecked(context, *m_fetcher, {group, {{kTopic, 0}, {kTopic, 1}, {kTopic, 2}}}, admin);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(admin.offsetRequests.size(), 1);
        QCOMPARE(admin.offsetRequests.at(0).partitions.size(), 3);
        QCOMPARE(result.partitions.size(), 3);
        QCOMPARE(result.partitions.at(0).committedBefore, 5);
        QCOMPARE(result.partitions.at(1).committedBefore, 10);
        QCOMPARE(result.partitions.at(2).committedBefore, kNoOffset); // never committed there
        QVERIFY(result.partitions.at(0).deleted);

        const DeleteGroupResult deleted = deleteGroupChecked(context, *m_fetcher, group, admin);
        QVERIFY2(deleted.deleted, qPrintable(deleted.error));
        QCOMPARE(admin.groupRequests, QStringList{group});
    }

    // An active group: refused with the reason in words; the admin is never asked.
    void checkedDeleteRefusesAnActiveGroup()
    {
        const QString group = QStringLiteral("working");
        m_source->setGroup(group, GroupState::Stable, {liveMember()});
        QVERIFY(commit(group, {5, 10, 15}));
        FakeGroupAdmin admin;
        const JobContext context(m_connection, m_never);
        const QString reason = QStringLiteral(
            "Assignments can only be reset if the group 'working' is inactive, but the current state is Stable.");

        const DeleteOffsetsResult offsets = deleteOffsetsChecked(context, *m_fetcher, {group, {{kTopic, 1}}}, admin);
        QCOMPARE(offsets.error, reason);
        QCOMPARE(offsets.partitions.size(), 1);
        QVERIFY(!offsets.partitions.at(0).deleted);
        QCOMPARE(offsets.partitions.at(0).committedBefore, 10);

        const DeleteGroupResult deleted = deleteGroupChecked(context, *m_fetcher, group, admin);
        QVERIFY(!deleted.deleted);
        QCOMPARE(deleted.error, reason);
        QVERIFY(admin.offsetRequests.isEmpty());
        QVERIFY(admin.groupRequests.isEmpty());
    }

    void checkedDeleteHonoursCancel()
    {
        const QString group = QStringLiteral("idle-cancelled");
        m_source->setGroup(group, GroupState::Empty);
        FakeGroupAdmin admin;
        const std::atomic_bool cancelled{true};
        const JobContext context(m_connection, cancelled);
        const DeleteOffsetsResult offsets = deleteOffsetsChecked(context, *m_fetcher, {group, {{kTopic, 0}}}, admin);
        QVERIFY2(offsets.error.contains(QStringLiteral("cancelled")), qPrintable(offsets.error));
        QVERIFY(!deleteGroupChecked(context, *m_fetcher, group, admin).deleted);
        QVERIFY(admin.offsetRequests.isEmpty());
        QVERIFY(admin.groupRequests.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGroupDelete)
#include "tst_groupdelete.moc"
