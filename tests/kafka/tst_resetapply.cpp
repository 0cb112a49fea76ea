// Applying a previewed reset against librdkafka's mock cluster: what lands is what the plan said (read back with an
// independent consumer, not our reader); an active group, offsets that moved since the preview, a refused write and
// a cancel leave the committed offsets as they were; undo restores them exactly.
#include "background.h"
#include "fakegroupsource.h"
#include "groupsource.h"
#include "kafkaconnection.h"
#include "mockcluster.h"
#include "resetapply.h"
#include "snapshotfetcher.h"

#include <QMutex>
#include <QTest>

using namespace OffsetLens;
using OffsetLens::Test::FakeGroupSource;
using OffsetLens::Test::MockCluster;
using namespace std::chrono_literals;

namespace {
const QString kTopic = QStringLiteral("orders");
constexpr int kPartitions = 3;
constexpr qint64 kMessages = 20; // per partition: log start 0, HW 20
constexpr int kOffsetCommitApiKey = 8;

QList<TopicPartition> allPartitions()
{
    QList<TopicPartition> partitions;
    for (int p = 0; p < kPartitions; ++p)
        partitions.append({kTopic, p});
    return partitions;
}

QHash<TopicPartition, qint64> offsetsOf(const QList<qint64> &offsets)
{
    QHash<TopicPartition, qint64> byPartition;
    for (int p = 0; p < offsets.size(); ++p)
        byPartition.insert({kTopic, p}, offsets[p]);
    return byPartition;
}

QHash<TopicPartition, qint64> targetsOf(const ResetPlan &plan)
{
    QHash<TopicPartition, qint64> targets;
    for (const ResetPlanRow &row : plan.rows)
        targets.insert(row.tp, row.target);
    return targets;
}

ResetRequest request(const QString &group, ResetStrategyKind kind, qint64 offset = 0)
{
    ResetRequest r;
    r.groupId = group;
    r.strategy.kind = kind;
    r.strategy.offset = offset;
    r.now = QDateTime::currentDateTimeUtc();
    return r;
}

QString describe(const ResetApplyResult &result)
{
    return QStringLiteral("kind %1: %2 / %3 / %4")
        .arg(int(result.kind))
        .arg(result.error, result.permission.reason, result.report.summary());
}
} // namespace

class TestResetApply : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;
    std::shared_ptr<FakeGroupSource> m_source;
    std::shared_ptr<KafkaConnection> m_connection;
    std::unique_ptr<SnapshotFetcher> m_fetcher;
    const std::atomic_bool m_never{false};

    bool commit(const QString &group, const QList<qint64> &offsets)
    {
        QList<MockCluster::Commit> commits;
        for (int p = 0; p < offsets.size(); ++p)
            commits.append({kTopic, p, offsets[p], {}});
        QString error;
        const bool ok = m_mock->commit(group, commits, &error);
        if (!ok)
            qWarning() << "commit failed:" << error;
        return ok;
    }

    QHash<TopicPartition, qint64> committed(const QString &group) const
    {
        QString error;
        const QHash<TopicPartition, qint64> offsets = m_mock->committed(group, allPartitions(), &error);
        if (!error.isEmpty())
            qWarning() << "independent read failed:" << error;
        return offsets;
    }

    // What the dialog does: a snapshot of the group, and the preview planned on it.
    ResetPlan preview(const ResetRequest &r)
    {
        SnapshotFetcher::Options options;
        options.onlyGroups = {r.groupId};
        bool ok = false;
        const ClusterSnapshot snapshot = m_fetcher->fetch(options, m_never, &ok);
        if (!ok)
            qWarning() << "preview snapshot failed:" << snapshot.errors;
        return planReset(snapshot, r, static_cast<OffsetTimeSource *>(nullptr));
    }

    ResetApplyResult apply(const ResetPlan &plan, const std::atomic_bool &cancelled,
                           JobContext::ProgressSink progress = {})
    {
        const JobContext context(m_connection, cancelled, std::move(progress));
        return applyReset(context, *m_fetcher, plan, nullptr, std::nullopt);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(kTopic, kPartitions));
        QVERIFY(m_mock->produceMany({{kTopic, 0}, {kTopic, 1}, {kTopic, 2}}, int(kMessages)));
        m_source = std::make_shared<FakeGroupSource>(allPartitions());
        m_connection = std::make_shared<KafkaConnection>(m_mock->profile());
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

    void resetsAnEmptyGroup_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QList<qint64>>("expected");
        // Committed before: 5, 10, 15; log start 0, HW 20.
        QTest::newRow("to earliest") << int(ResetStrategyKind::ToEarliest) << qint64(0) << QList<qint64>{0, 0, 0};
        QTest::newRow("to latest") << int(ResetStrategyKind::ToLatest) << qint64(0) << QList<qint64>{20, 20, 20};
        QTest::newRow("to offset") << int(ResetStrategyKind::ToOffset) << qint64(7) << QList<qint64>{7, 7, 7};
        QTest::newRow("to offset, clamped")
            << int(ResetStrategyKind::ToOffset) << qint64(500) << QList<qint64>{20, 20, 20};
        QTest::newRow("shift back") << int(ResetStrategyKind::ShiftBy) << qint64(-3) << QList<qint64>{2, 7, 12};
        QTest::newRow("shift, clamped") << int(ResetStrategyKind::ShiftBy) << qint64(8) << QList<qint64>{13, 18, 20};
    }

    void resetsAnEmptyGroup()
    {
        QFETCH(int, kind);
        QFETCH(qint64, value);
        QFETCH(QList<qint64>, expected);
        const QString group = QStringLiteral("empty-%1")
                                  .arg(QString::fromLatin1(QTest::currentDataTag()))
                                  .replace(QLatin1Char(' '), QLatin1Char('-'));
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, {5, 10, 15}));

        const ResetPlan plan = preview(request(group, ResetStrategyKind(kind), value));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));
        QCOMPARE(targetsOf(plan), offsetsOf(expected));

        const ResetApplyResult result = apply(plan, m_never);
        QVERIFY2(result.kind == ResetApplyResult::Kind::Applied, qPrintable(describe(result)));
        QVERIFY(result.report.readBack);
        QCOMPARE(result.report.groups.size(), 1);
        for (const PartitionWriteResult &p : result.report.groups.at(0).partitions)
            QCOMPARE(p.outcome, WriteOutcome::Confirmed);
        QCOMPARE(result.report.count(WriteOutcome::Confirmed), kPartitions);
        // Not our reader: a consumer of the group of its own.
        QCOMPARE(committed(group), offsetsOf(expected));
    }

    void activeGroupIsRefused()
    {
        const QString group = QStringLiteral("busy");
        GroupMember member;
        member.memberId = QStringLiteral("consumer-1-abc");
        member.clientId = QStringLiteral("billing-worker");
        member.host = QStringLiteral("/10.0.0.7");
        member.assignment = allPartitions();
        m_source->setGroup(group, GroupState::Stable, {member});
        QVERIFY(commit(group, {5, 10, 15}));

        const ResetPlan plan = preview(request(group, ResetStrategyKind::ToEarliest));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));
        const ResetApplyResult result = apply(plan, m_never);
        QVERIFY2(result.kind == ResetApplyResult::Kind::Refused, qPrintable(describe(result)));
        QCOMPARE(result.permission.reason,
                 QStringLiteral("Assignments can only be reset if the group 'busy' is inactive, but the current state "
                                "is Stable."));
        QVERIFY(result.report.groups.isEmpty());
        QCOMPARE(committed(group), offsetsOf({5, 10, 15}));
    }

    // Someone committed between the preview and the apply: the new preview comes back, nothing is written.
    void movedOffsetsAreNotOverwritten()
    {
        const QString group = QStringLiteral("moving");
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, {5, 10, 15}));
        const ResetPlan plan = preview(request(group, ResetStrategyKind::ShiftBy, -2));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));

        QVERIFY(commit(group, {6, 10, 15}));
        const ResetApplyResult result = apply(plan, m_never);
        QVERIFY2(result.kind == ResetApplyResult::Kind::Moved, qPrintable(describe(result)));
        QVERIFY(result.report.groups.isEmpty());
        QCOMPARE(result.freshPlan.rows.size(), kPartitions);
        QCOMPARE(result.freshPlan.rows.at(0).committedBefore, 6);
        QCOMPARE(result.freshPlan.rows.at(0).target, 4);
        QCOMPARE(committed(group), offsetsOf({6, 10, 15}));

        // Applying the new preview works.
        const ResetApplyResult again = apply(result.freshPlan, m_never);
        QVERIFY2(again.kind == ResetApplyResult::Kind::Applied, qPrintable(describe(again)));
        QCOMPARE(committed(group), offsetsOf({4, 8, 13}));
    }

    // The broker refuses the write: every partition says so, none is claimed as written, nothing changed.
    void refusedWriteIsReportedPerPartition_data()
    {
        QTest::addColumn<int>("error");
        QTest::newRow("group authorization failed") << int(RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
        QTest::newRow("offset metadata too large") << int(RD_KAFKA_RESP_ERR_OFFSET_METADATA_TOO_LARGE);
    }

    void refusedWriteIsReportedPerPartition()
    {
        QFETCH(int, error);
        const QString group = QStringLiteral("refused-%1").arg(error);
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, {5, 10, 15}));
        const ResetPlan plan = preview(request(group, ResetStrategyKind::ToEarliest));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));

        m_mock->pushRequestErrors(kOffsetCommitApiKey, {rd_kafka_resp_err_t(error)});
        const ResetApplyResult result = apply(plan, m_never);
        m_mock->clearRequestErrors(kOffsetCommitApiKey);
        qInfo() << "refused write:" << result.report.summary();
        QVERIFY2(result.kind == ResetApplyResult::Kind::Applied, qPrintable(describe(result)));
        QVERIFY(!result.report.succeeded());
        QCOMPARE(result.report.groups.size(), 1);
        const QList<PartitionWriteResult> &partitions = result.report.groups.at(0).partitions;
        QCOMPARE(partitions.size(), kPartitions);
        for (const PartitionWriteResult &p : partitions) {
            QCOMPARE(p.outcome, WriteOutcome::Rejected);
            QVERIFY(!p.error.isEmpty());
        }
        QCOMPARE(result.report.count(WriteOutcome::Confirmed) + result.report.count(WriteOutcome::Accepted), 0);
        QCOMPARE(committed(group), offsetsOf({5, 10, 15}));
    }

    void undoRestoresTheOffsetsExactly()
    {
        const QString group = QStringLiteral("undone");
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, {3, 8, 17}));
        const ResetApplyResult applied = apply(preview(request(group, ResetStrategyKind::ToLatest)), m_never);
        QVERIFY2(applied.kind == ResetApplyResult::Kind::Applied, qPrintable(describe(applied)));
        QCOMPARE(committed(group), offsetsOf({20, 20, 20}));

        // "Undo last reset" goes through the same preview.
        const ResetPlan undo = preview(undoRequest(applied.freshPlan));
        QVERIFY2(undo.isValid(), qPrintable(undo.error));
        QCOMPARE(targetsOf(undo), offsetsOf({3, 8, 17}));
        const ResetApplyResult undone = apply(undo, m_never);
        QVERIFY2(undone.kind == ResetApplyResult::Kind::Applied, qPrintable(describe(undone)));
        QCOMPARE(undone.report.count(WriteOutcome::Confirmed), kPartitions);
        QCOMPARE(committed(group), offsetsOf({3, 8, 17}));
    }

    void cancelBeforeTheWriteWritesNothing()
    {
        const QString group = QStringLiteral("cancelled");
        m_source->setGroup(group, GroupState::Empty);
        QVERIFY(commit(group, {5, 10, 15}));
        const ResetPlan plan = preview(request(group, ResetStrategyKind::ToEarliest));
        QVERIFY2(plan.isValid(), qPrintable(plan.error));

        // Cancelled the moment the write is announced, after every check passed.
        std::atomic_bool cancelled{false};
        QStringList steps;
        const ResetApplyResult result = apply(plan, cancelled, [&](const JobProgress &progress) {
            steps.append(progress.step);
            if (progress.step == QLatin1String("Writing offsets of cancelled"))
                cancelled = true;
        });
        QVERIFY2(result.kind == ResetApplyResult::Kind::Cancelled, qPrintable(describe(result)));
        QVERIFY2(steps.contains(QStringLiteral("Re-reading group cancelled")),
                 qPrintable(steps.join(QStringLiteral(", "))));
        QCOMPARE(result.report.count(WriteOutcome::Confirmed) + result.report.count(WriteOutcome::Accepted) +
                     result.report.count(WriteOutcome::Unknown),
                 0);
        QCOMPARE(committed(group), offsetsOf({5, 10, 15}));

        // Cancelled from the start: not even the re-read runs to its end.
        const std::atomic_bool always{true};
        QCOMPARE(apply(plan, always).kind, ResetApplyResult::Kind::Cancelled);
        QCOMPARE(committed(group), offsetsOf({5, 10, 15}));
    }

    // A request that no longer plans (the topic is gone from the cluster) fails with the plan's own reason.
    void invalidPlanFails()
    {
        const QString group = QStringLiteral("lost");
        m_source->setGroup(group, GroupState::Empty);
        ResetRequest r = request(group, ResetStrategyKind::ToEarliest);
        r.scope.allTopics = false;
        r.scope.topics = {{QStringLiteral("no-such-topic"), {}}};
        const ResetPlan plan = preview(r);
        QVERIFY(!plan.isValid());
        const ResetApplyResult result = apply(plan, m_never);
        QVERIFY2(result.kind == ResetApplyResult::Kind::Failed, qPrintable(describe(result)));
        QCOMPARE(result.error, plan.error);
        QVERIFY(result.report.groups.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestResetApply)
#include "tst_resetapply.moc"
