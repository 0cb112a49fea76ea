// The one offset writer against librdkafka's mock cluster: what it writes is what a read-back (and an independent
// consumer) sees; refusals and invalid requests are reported per partition; it never waits past the timeout.
#include "background.h"
#include "kafkaconnection.h"
#include "mockcluster.h"
#include "offsetwriter.h"

#include <QElapsedTimer>
#include <QTest>

using namespace OffsetLens;
using OffsetLens::Test::MockCluster;
using namespace std::chrono_literals;

namespace {
const QString kTopic = QStringLiteral("orders");
const QString kOther = QStringLiteral("audit");

OffsetToWrite write(const QString &topic, qint32 partition, qint64 offset, const QString &metadata = {})
{
    return {{topic, partition}, offset, metadata};
}
} // namespace

class TestOffsetWriter : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;

    std::shared_ptr<KafkaConnection> connection(int timeoutMs = 5000) const
    {
        return std::make_shared<KafkaConnection>(m_mock->profile(QStringLiteral("mock"), timeoutMs));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(kTopic, 3));
        QVERIFY(m_mock->createTopic(kOther, 1));
        QVERIFY(m_mock->produceMany({{kTopic, 0}, {kTopic, 1}, {kTopic, 2}, {kOther, 0}}, 20));
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        QVERIFY(Background::waitForIdle(15s));
    }

    void writesAreConfirmedByReadingBack()
    {
        const std::atomic_bool never{false};
        const JobContext context(connection(), never);
        const OffsetWriteReport report = writeCommittedOffsets(
            context,
            {{QStringLiteral("billing"),
              {write(kTopic, 0, 3, QStringLiteral("reset by test")), write(kTopic, 2, 17), write(kOther, 0, 0)}},
             {QStringLiteral("audit-readers"), {write(kOther, 0, 20)}}});
        QVERIFY2(report.succeeded(), qPrintable(report.summary()));
        QVERIFY(report.readBack);
        QCOMPARE(report.groups.size(), 2);
        QCOMPARE(report.count(WriteOutcome::Confirmed), 4);
        const GroupWriteResult &billing = report.groups.at(0);
        QCOMPARE(billing.groupId, QStringLiteral("billing"));
        QCOMPARE(billing.partitions.at(1).tp, (TopicPartition{kTopic, 2}));
        QCOMPARE(billing.partitions.at(1).readBack, 17);
        QCOMPARE(report.summary(), QStringLiteral("4 partitions written and confirmed"));

        // A separate read (the operation a one-group re-read job runs) sees the commits, metadata included.
        const CommittedOffsetsRead read =
            readCommittedOffsets(context, QStringLiteral("billing"), {{kTopic, 0}, {kTopic, 1}, {kTopic, 2}});
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.offsets.size(), 2); // partition 1 has no commit
        QCOMPARE(read.offsets.at(0).offset, 3);
        QCOMPARE(read.offsets.at(0).metadata, QStringLiteral("reset by test"));
        QCOMPARE(read.offsets.at(1).tp.partition, 2);

        // Writing again moves them.
        const OffsetWriteReport again =
            writeCommittedOffsets(context, {{QStringLiteral("billing"), {write(kTopic, 0, 11)}}});
        QVERIFY(again.succeeded());
        QCOMPARE(again.groups.at(0).partitions.at(0).readBack, 11);
    }

    void invalidRequestsAreNotSent()
    {
        const std::atomic_bool never{false};
        const JobContext context(connection(), never);
        const OffsetWriteReport report = writeCommittedOffsets(
            context, {{QStringLiteral("bad"), {write(kTopic, 0, 5), write(kTopic, 0, 6)}}, // twice
                      {QStringLiteral("negative"), {write(kTopic, 1, -3)}},
                      {QString(), {write(kTopic, 1, 1)}},
                      {QStringLiteral("empty"), {}},
                      {QStringLiteral("fine"), {write(kTopic, 1, 4)}}});
        QVERIFY(!report.succeeded());
        QCOMPARE(report.groups.at(0).count(WriteOutcome::NotSent), 2);
        QCOMPARE(report.groups.at(0).partitions.at(1).error, QStringLiteral("named twice"));
        QCOMPARE(report.groups.at(1).partitions.at(0).outcome, WriteOutcome::NotSent);
        QVERIFY(report.groups.at(1).partitions.at(0).error.contains(QStringLiteral("-3")));
        QCOMPARE(report.groups.at(2).error, QStringLiteral("no group id"));
        QCOMPARE(report.groups.at(3).error, QStringLiteral("no offsets to write"));
        // The valid group in the same call is written.
        QVERIFY(report.groups.at(4).succeeded());
        QCOMPARE(report.groups.at(4).partitions.at(0).outcome, WriteOutcome::Confirmed);
        // Nothing of "bad" reached the broker.
        const CommittedOffsetsRead read = readCommittedOffsets(context, QStringLiteral("bad"), {{kTopic, 0}});
        QVERIFY(read.offsets.isEmpty());
        QVERIFY2(report.summary().startsWith(QStringLiteral("1 of 5 partitions written; 4 not sent")),
                 qPrintable(report.summary()));
    }

    void unknownPartitionIsRejected()
    {
        const std::atomic_bool never{false};
        const JobContext context(connection(), never);
        const OffsetWriteReport report = writeCommittedOffsets(
            context, {{QStringLiteral("mixed"), {write(kTopic, 1, 2), write(QStringLiteral("no-such-topic"), 0, 1)}}});
        QVERIFY(!report.succeeded());
        const PartitionWriteResult &missing = report.groups.at(0).partitions.at(1);
        QCOMPARE(missing.outcome, WriteOutcome::Rejected);
        QVERIFY2(!missing.error.isEmpty(), "the broker's reason is passed on");
        qInfo() << "unknown partition:" << missing.error << "/" << report.summary();
    }

    void cancelledBeforeSendingWritesNothing()
    {
        const std::atomic_bool cancelled{true};
        const JobContext context(connection(), cancelled);
        const OffsetWriteReport report =
            writeCommittedOffsets(context, {{QStringLiteral("cancelled"), {write(kTopic, 2, 9)}}});
        QCOMPARE(report.groups.at(0).partitions.at(0).outcome, WriteOutcome::NotSent);
        QCOMPARE(report.groups.at(0).error, QStringLiteral("cancelled before it was sent"));
        const std::atomic_bool never{false};
        const CommittedOffsetsRead read =
            readCommittedOffsets(JobContext(connection(), never), QStringLiteral("cancelled"), {{kTopic, 2}});
        QVERIFY(read.offsets.isEmpty());
    }

    // Cancelled after every write was acknowledged but before reading back: the report says "written", never
    // "confirmed".
    void cancelledBeforeReadBackIsNotConfirmed()
    {
        std::atomic_bool cancelled{false};
        const JobContext context(connection(), cancelled, [&](const JobProgress &p) {
            if (p.step == QLatin1String("Writing offsets") && p.total > 0 && p.done == p.total)
                cancelled = true;
        });
        const OffsetWriteReport report =
            writeCommittedOffsets(context, {{QStringLiteral("unconfirmed"), {write(kTopic, 2, 6)}}});
        QVERIFY(!report.readBack);
        QCOMPARE(report.groups.at(0).partitions.at(0).outcome, WriteOutcome::Accepted);
        QCOMPARE(report.summary(), QStringLiteral("1 partition written (not read back)"));
    }

    // What summary() says for the mixes a user can meet; "confirmed" only for what was read back.
    void summaryWords()
    {
        const auto report = [](bool readBack, QList<std::pair<WriteOutcome, QString>> outcomes) {
            OffsetWriteReport r;
            r.readBack = readBack;
            GroupWriteResult g;
            g.groupId = QStringLiteral("g");
            for (qsizetype i = 0; i < outcomes.size(); ++i)
                g.partitions.append(
                    {{QStringLiteral("t"), qint32(i)}, 1, outcomes[i].first, kNoOffset, outcomes[i].second});
            r.groups = {g};
            return r;
        };
        QCOMPARE(report(true, {{WriteOutcome::Confirmed, {}}, {WriteOutcome::Confirmed, {}}}).summary(),
                 QStringLiteral("2 partitions written and confirmed"));
        const OffsetWriteReport unverified =
            report(true, {{WriteOutcome::Confirmed, {}}, {WriteOutcome::Accepted, QStringLiteral("not confirmed: x")}});
        QVERIFY(!unverified.succeeded());
        QCOMPARE(unverified.summary(),
                 QStringLiteral("2 of 2 partitions written; 1 not confirmed (g t[1]: not confirmed: x)"));
        QCOMPARE(report(true, {{WriteOutcome::Rejected, QStringLiteral("GROUP_NOT_EMPTY")}}).summary(),
                 QStringLiteral("0 of 1 partition written; 1 rejected (g t[0]: GROUP_NOT_EMPTY)"));
        QVERIFY(report(false, {{WriteOutcome::Accepted, {}}}).succeeded());
    }

    // The group's coordinator is down: the write cannot be answered. It is reported as Unknown (it may still be
    // applied) within the request timeout, never as written.
    void coordinatorDownIsReportedWithinTheTimeout()
    {
        const QString group = QStringLiteral("stranded");
        rd_kafka_mock_coordinator_set(m_mock->handle(), "group", group.toUtf8().constData(), 3);
        m_mock->setBrokerDown(3);
        const std::atomic_bool never{false};
        const JobContext context(connection(1500), never);
        QElapsedTimer timer;
        timer.start();
        const OffsetWriteReport report = writeCommittedOffsets(context, {{group, {write(kTopic, 0, 1)}}});
        const qint64 ms = timer.elapsed();
        m_mock->setBrokerUp(3);
        qInfo() << "coordinator down:" << report.summary() << "after" << ms << "ms";
        QVERIFY(!report.succeeded());
        const WriteOutcome outcome = report.groups.at(0).partitions.at(0).outcome;
        QVERIFY2(outcome == WriteOutcome::Unknown || outcome == WriteOutcome::Rejected,
                 qPrintable(writeOutcomeName(outcome)));
        // Write and read-back each get one request timeout.
        QVERIFY2(ms < 2 * 1500 + 1000, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestOffsetWriter)
#include "tst_offsetwriter.moc"
