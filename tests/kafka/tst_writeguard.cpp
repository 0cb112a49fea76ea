// Read-only and production profiles refused by the write path itself, against librdkafka's mock cluster: the offset
// writer, a reset's apply and the deletes send nothing (an independent consumer reads the committed offsets back
// unchanged); a production profile writes once unlocked for the run, on the same connection, and stops when locked
// again.
#include "background.h"
#include "fakegroupsource.h"
#include "groupadmin.h"
#include "groupdeletion.h"
#include "kafkaconnection.h"
#include "mockcluster.h"
#include "offsetwriter.h"
#include "resetapply.h"
#include "snapshotfetcher.h"
#include "writeaccess.h"

#include <QElapsedTimer>
#include <QTest>

using namespace OffsetLens;
using OffsetLens::Test::FakeGroupSource;
using OffsetLens::Test::MockCluster;
using namespace std::chrono_literals;

namespace {
const QString kTopic = QStringLiteral("orders");

QList<TopicPartition> allPartitions()
{
    return {{kTopic, 0}, {kTopic, 1}};
}

QHash<TopicPartition, qint64> offsets(qint64 p0, qint64 p1)
{
    return {{{kTopic, 0}, p0}, {{kTopic, 1}, p1}};
}

QList<GroupOffsetsToWrite> writeBoth(const QString &group, qint64 p0, qint64 p1)
{
    return {{group, {{{kTopic, 0}, p0, QString()}, {{kTopic, 1}, p1, QString()}}}};
}
} // namespace

class TestWriteGuard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;
    std::shared_ptr<FakeGroupSource> m_source;
    const std::atomic_bool m_never{false};

    ConnectionProfile profile(bool readOnly, bool production) const
    {
        ConnectionProfile p = m_mock->profile(QStringLiteral("guarded"));
        p.readOnly = readOnly;
        p.production = production;
        return p;
    }

    QHash<TopicPartition, qint64> committed(const QString &group) const
    {
        QString error;
        const QHash<TopicPartition, qint64> read = m_mock->committed(group, allPartitions(), &error);
        if (!error.isEmpty())
            qWarning() << "independent read failed:" << error;
        return read;
    }

    bool commit(const QString &group, qint64 p0, qint64 p1)
    {
        return m_mock->commit(group, {{kTopic, 0, p0, {}}, {kTopic, 1, p1, {}}});
    }

    static bool nothingSent(const OffsetWriteReport &report)
    {
        return report.count(WriteOutcome::NotSent) == report.groups.value(0).partitions.size();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(1);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(kTopic, 2, 1));
        QVERIFY(m_mock->produceMany({{kTopic, 0}, {kTopic, 1}}, 20));
        m_source = std::make_shared<FakeGroupSource>(allPartitions());
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        QVERIFY(Background::waitForIdle(15s));
    }

    void refusalTexts()
    {
        QCOMPARE(WriteAccess::refusal(false, false, false), QString());
        QVERIFY(WriteAccess::refusal(true, false, false).startsWith(QStringLiteral("Read-only profile: ")));
        QVERIFY(WriteAccess::refusal(true, true, true).startsWith(QStringLiteral("Read-only profile: "))); // wins
        QCOMPARE(WriteAccess::refusal(false, true, false),
                 QStringLiteral("Production profile: unlock writes for this session first"));
        QCOMPARE(WriteAccess::refusal(false, true, true), QString());

        WriteAccess access(profile(false, true));
        QVERIFY(access.canUnlock());
        access.setUnlocked(true);
        QVERIFY(access.allowsWrites());
        access.setProfileFlags(true, true); // edited to read-only while unlocked: read-only wins
        QVERIFY(!access.allowsWrites());
        QVERIFY(!access.canUnlock());
        access.setProfileFlags(false, false);
        access.setProfileFlags(false, true); // tagged as production again: locked again
        QVERIFY(!access.isUnlocked());
    }

    // The writer itself, called directly as any caller could: nothing committed, whether the refusal comes from the
    // connection's profile (no access given) or from the session's access (the flag edited while open).
    void readOnlyProfileIsRefusedByTheWriter()
    {
        const QString group = QStringLiteral("read-only-group");
        QVERIFY(commit(group, 5, 6));

        const JobContext readOnly(std::make_shared<KafkaConnection>(profile(true, false)), m_never);
        QElapsedTimer timer;
        timer.start();
        const OffsetWriteReport report = writeCommittedOffsets(readOnly, writeBoth(group, 1, 2));
        QVERIFY2(timer.elapsed() < 100, qPrintable(QString::number(timer.elapsed()))); // no request, no wait
        QVERIFY(!report.succeeded());
        QVERIFY(nothingSent(report));
        QVERIFY2(report.groups.at(0).error.startsWith(QStringLiteral("Read-only profile: ")),
                 qPrintable(report.groups.at(0).error));
        QVERIFY2(report.summary().contains(QStringLiteral("Read-only profile")), qPrintable(report.summary()));
        QCOMPARE(committed(group), offsets(5, 6));

        // A writable connection whose profile was made read-only while open: the session's access decides.
        const JobContext writable(std::make_shared<KafkaConnection>(profile(false, false)), m_never);
        auto access = std::make_shared<WriteAccess>(profile(false, false));
        access->setProfileFlags(true, false);
        const OffsetWriteReport edited = writeCommittedOffsets(writable, writeBoth(group, 1, 2), {true, access});
        QVERIFY(nothingSent(edited));
        QCOMPARE(committed(group), offsets(5, 6));

        // The same connection writes once the flag is off again (so the refusals above were the flag's doing).
        access->setProfileFlags(false, false);
        const OffsetWriteReport written = writeCommittedOffsets(writable, writeBoth(group, 1, 2), {true, access});
        QVERIFY2(written.succeeded(), qPrintable(written.summary()));
        QCOMPARE(committed(group), offsets(1, 2));
    }

    void productionProfileWritesOnlyWhenUnlocked()
    {
        const QString group = QStringLiteral("production-group");
        QVERIFY(commit(group, 7, 8));
        const ConnectionProfile production = profile(false, true);
        const JobContext context(std::make_shared<KafkaConnection>(production), m_never);

        // No access given: the connection's profile, production counted as locked (a forgetful caller fails closed).
        const OffsetWriteReport unguarded = writeCommittedOffsets(context, writeBoth(group, 3, 4));
        QVERIFY(nothingSent(unguarded));
        QCOMPARE(unguarded.groups.at(0).error,
                 QStringLiteral("Production profile: unlock writes for this session first"));

        auto access = std::make_shared<WriteAccess>(production);
        const OffsetWriteReport locked = writeCommittedOffsets(context, writeBoth(group, 3, 4), {true, access});
        QVERIFY(nothingSent(locked));
        QCOMPARE(committed(group), offsets(7, 8));

        access->setUnlocked(true); // the same connection: no reconnect
        const OffsetWriteReport unlocked = writeCommittedOffsets(context, writeBoth(group, 3, 4), {true, access});
        QVERIFY2(unlocked.succeeded(), qPrintable(unlocked.summary()));
        QCOMPARE(unlocked.count(WriteOutcome::Confirmed), 2);
        QCOMPARE(committed(group), offsets(3, 4));

        access->setUnlocked(false); // locked again
        const OffsetWriteReport relocked = writeCommittedOffsets(context, writeBoth(group, 9, 9), {true, access});
        QVERIFY(nothingSent(relocked));
        QCOMPARE(committed(group), offsets(3, 4));
    }

    // A reset's apply refuses before re-reading the group, with the reason where the dialog and the CLI show it.
    void resetApplyIsRefusedUntilUnlocked()
    {
        const QString group = QStringLiteral("reset-group");
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, 10, 11));
        const ConnectionProfile production = profile(false, true);
        auto connection = std::make_shared<KafkaConnection>(production);
        SnapshotFetcher fetcher(connection);
        fetcher.setGroupSource(m_source);
        const JobContext context(connection, m_never);

        SnapshotFetcher::Options options;
        options.onlyGroups = {group};
        bool reached = false;
        const ClusterSnapshot snapshot = fetcher.fetch(options, m_never, &reached);
        QVERIFY(reached);
        ResetRequest request;
        request.groupId = group;
        request.strategy.kind = ResetStrategyKind::ToEarliest;
        request.now = QDateTime::currentDateTimeUtc();
        const ResetPlan plan = planReset(snapshot, request, static_cast<OffsetTimeSource *>(nullptr));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));

        auto access = std::make_shared<WriteAccess>(production);
        const ResetApplyResult refused = applyReset(context, fetcher, plan, nullptr, std::nullopt, access);
        QCOMPARE(refused.kind, ResetApplyResult::Kind::Refused);
        QCOMPARE(refused.permission.reason, QStringLiteral("Production profile: unlock writes for this session first"));
        QVERIFY(refused.report.groups.isEmpty());
        QCOMPARE(committed(group), offsets(10, 11));

        access->setUnlocked(true);
        const ResetApplyResult applied = applyReset(context, fetcher, plan, nullptr, std::nullopt, access);
        QVERIFY2(applied.kind == ResetApplyResult::Kind::Applied, qPrintable(applied.summary()));
        QCOMPARE(committed(group), offsets(0, 0));
    }

    // The deletes refuse before their capability probe: the error is the refusal, not the mock's "not supported".
    void deletesAreRefusedBeforeAnythingIsSent()
    {
        const QString group = QStringLiteral("delete-group");
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, 12, 13));
        auto connection = std::make_shared<KafkaConnection>(profile(true, false));
        const JobContext context(connection, m_never);

        const DeleteOffsetsResult offsetsResult = deleteCommittedOffsets(context, {group, allPartitions()});
        QVERIFY2(offsetsResult.error.startsWith(QStringLiteral("Read-only profile: ")),
                 qPrintable(offsetsResult.error));
        QCOMPARE(offsetsResult.partitions.size(), 2);
        QVERIFY(!offsetsResult.partitions.at(0).deleted);
        const DeleteGroupResult groupResult = deleteGroup(context, group);
        QVERIFY(!groupResult.deleted);
        QVERIFY2(groupResult.error.startsWith(QStringLiteral("Read-only profile: ")), qPrintable(groupResult.error));

        // Through the checked path the GUI and the CLI use: refused before the re-read.
        SnapshotFetcher fetcher(connection);
        fetcher.setGroupSource(m_source);
        KafkaGroupAdmin admin(std::make_shared<WriteAccess>(profile(true, false)));
        const DeleteOffsetsResult checked = deleteOffsetsChecked(context, fetcher, {group, allPartitions()}, admin);
        QVERIFY2(checked.error.startsWith(QStringLiteral("Read-only profile: ")), qPrintable(checked.error));
        const DeleteGroupResult checkedGroup = deleteGroupChecked(context, fetcher, group, admin);
        QVERIFY2(checkedGroup.error.startsWith(QStringLiteral("Read-only profile: ")), qPrintable(checkedGroup.error));
        QCOMPARE(committed(group), offsets(12, 13));

        // Unlocked production passes the gate and reaches the cluster, which (the mock) cannot delete offsets.
        auto unlocked = std::make_shared<WriteAccess>(profile(false, true));
        unlocked->setUnlocked(true);
        const JobContext productionContext(std::make_shared<KafkaConnection>(profile(false, true)), m_never);
        const DeleteOffsetsResult reached =
            deleteCommittedOffsets(productionContext, {group, allPartitions()}, unlocked.get());
        QVERIFY2(reached.error.contains(QStringLiteral("not supported by this cluster")), qPrintable(reached.error));
    }
};

QTEST_GUILESS_MAIN(TestWriteGuard)
#include "tst_writeguard.moc"
