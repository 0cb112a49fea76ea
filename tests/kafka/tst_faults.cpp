// The fault suite (ctest label "fault"): each fault librdkafka's mock cluster can inject, during a refresh, with
// what the user must then see. Invariants for every case: the refresh returns within the profile's timeout budget;
// every value it shows is the true one (an offset it could not read is absent, never invented or stale-as-new);
// whatever is missing is named by an error (on the partition, the group, or the refresh); and once the fault is
// gone the next refreshes recover by themselves, with the same fetcher (no restart, no leaked state).
#include "background.h"
#include "kafkaconnection.h"
#include "mockcluster.h"
#include "offsetwriter.h"
#include "snapshotfacts.h"
#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QTest>

#include <librdkafka/rdkafka_mock.h>

using namespace OffsetLens;
using namespace OffsetLens::Test;

namespace {

const QString kTopic = QStringLiteral("events");
const QString kGroup = QStringLiteral("readers");
constexpr int kPartitions = 6;
constexpr qint64 kMessages = 4;
// What the group committed, per partition (the others have no commit).
const QHash<int, qint64> kCommitted{{0, 1}, {3, 2}, {5, 4}};
constexpr int kTimeoutMs = 2000;

// The refresh's budget: metadata, then watermarks and groups side by side, each bounded by the request timeout,
// plus librdkafka's own retries and connection set-up.
constexpr qint64 kBudgetMs = 3 * kTimeoutMs + 3000;

// The refresh's errors apart from the note every refresh of the mock carries (it cannot list groups).
QStringList faultErrors(const ClusterSnapshot &s)
{
    QStringList errors = s.errors;
    errors.removeIf(
        [](const QString &e) { return e.startsWith(QStringLiteral("This cluster did not answer ListGroups")); });
    return errors;
}

struct Check
{
    int partitionsWithHw = 0;
    int partitionsExplained = 0; // no HW, and an error says why
    bool offsetsComplete = false;
    bool groupExplained = false;
};

// Every shown value true, every missing one explained; returns what was shown.
Check checkHonest(const ClusterSnapshot &s)
{
    Check c;
    const TopicInfo *topic = s.findTopic(kTopic);
    // Without metadata no partition can be shown: the refresh must say why. (The group is still checked below.)
    if (!topic && faultErrors(s).isEmpty())
        qWarning() << "topic missing without an error";
    const QList<PartitionInfo> partitions = topic ? topic->partitions : QList<PartitionInfo>();
    for (const PartitionInfo &p : partitions) {
        // A log start that could not be read is absent (and explained), never a guess.
        if (p.logStartOffset != kNoOffset && p.logStartOffset != 0)
            qWarning() << "wrong log start on" << p.partition << p.logStartOffset;
        if (p.logStartOffset == kNoOffset && p.error.isEmpty() && faultErrors(s).isEmpty())
            qWarning() << "partition" << p.partition << "has no log start and no error";
        if (p.highWatermark != kNoOffset) {
            if (p.highWatermark != kMessages)
                qWarning() << "wrong HW on" << p.partition << p.highWatermark;
            else
                ++c.partitionsWithHw;
        } else if (!p.error.isEmpty() || !faultErrors(s).isEmpty()) {
            ++c.partitionsExplained;
        } else {
            qWarning() << "partition" << p.partition << "has no HW and no error";
        }
    }
    const GroupInfo *group = s.findGroup(kGroup);
    if (!group) {
        c.groupExplained = !faultErrors(s).isEmpty();
        return c;
    }
    int right = 0;
    int wrong = 0;
    for (const CommittedOffset &o : group->offsets) {
        if (o.offset < 0)
            continue;
        if (o.tp.topic == kTopic && kCommitted.value(o.tp.partition, -1) == o.offset)
            ++right;
        else
            ++wrong;
    }
    if (wrong > 0)
        qWarning() << "wrong committed offsets:" << wrong;
    c.offsetsComplete = wrong == 0 && right == kCommitted.size();
    c.groupExplained = !group->error.isEmpty() || !faultErrors(s).isEmpty();
    return c;
}

bool allHonestAndExplained(const Check &c, const ClusterSnapshot &s)
{
    const TopicInfo *topic = s.findTopic(kTopic);
    const bool partitionsOk =
        topic ? c.partitionsWithHw + c.partitionsExplained == kPartitions : !faultErrors(s).isEmpty();
    return partitionsOk && (c.offsetsComplete || c.groupExplained);
}

// What a failed check saw, for the failure message.
QString describe(const Check &c, const ClusterSnapshot &s)
{
    QStringList lines{QStringLiteral("HWs %1, explained %2, offsets complete %3, group explained %4")
                          .arg(c.partitionsWithHw)
                          .arg(c.partitionsExplained)
                          .arg(c.offsetsComplete)
                          .arg(c.groupExplained)};
    const GroupInfo *group = s.findGroup(kGroup);
    lines.append(group ? QStringLiteral("group: %1 offsets, error '%2'").arg(group->offsets.size()).arg(group->error)
                       : QStringLiteral("group missing"));
    if (const TopicInfo *topic = s.findTopic(kTopic))
        for (const PartitionInfo &p : topic->partitions)
            lines.append(QStringLiteral("partition %1: error '%2'").arg(p.partition).arg(p.error));
    lines.append(s.errors);
    return lines.join(QLatin1Char('\n'));
}

bool fullyRecovered(const Check &c, const ClusterSnapshot &s)
{
    const TopicInfo *topic = s.findTopic(kTopic);
    const bool logStarts = topic && std::all_of(topic->partitions.cbegin(), topic->partitions.cend(),
                                                [](const PartitionInfo &p) { return p.logStartOffset == 0; });
    return c.partitionsWithHw == kPartitions && logStarts && c.offsetsComplete && faultErrors(s).isEmpty();
}

// Counts the warnings checkHonest raises: any is a dishonest value.
int g_warnings = 0;
QtMessageHandler g_previous = nullptr;
void countWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && context.category && QByteArray(context.category) == "default")
        ++g_warnings;
    g_previous(type, context, message);
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        g_previous = qInstallMessageHandler(countWarnings);
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(kTopic, kPartitions));
        QList<std::pair<QString, int>> all;
        for (int p = 0; p < kPartitions; ++p) {
            QVERIFY(m_mock->setLeader(kTopic, p, p % 3 + 1)); // every broker leads some
            all.append({kTopic, p});
        }
        QVERIFY(m_mock->produceMany(all, int(kMessages)));
        QList<MockCluster::Commit> commits;
        for (auto it = kCommitted.cbegin(); it != kCommitted.cend(); ++it)
            commits.append({kTopic, it.key(), it.value(), QString()});
        QVERIFY(m_mock->commit(kGroup, commits));
    }

    void cleanupTestCase()
    {
        // Metadata refreshes the fetchers started in the background finish before the process does.
        QVERIFY(Background::waitForIdle(std::chrono::seconds(10)));
        m_mock.reset();
        qInstallMessageHandler(g_previous);
    }

    void init() { g_warnings = 0; }

    void pushedRequestErrors_data()
    {
        QTest::addColumn<int>("apiKey");
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("count");
        // Retriable ones, a few in a row (librdkafka retries them, or the refresh names them), then errors that no
        // retry cures.
        QTest::newRow("Metadata, leader not available") << 3 << int(RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE) << 3;
        QTest::newRow("Metadata, cluster authorization")
            << 3 << int(RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED) << 10;
        QTest::newRow("ListOffsets, not leader") << 2 << int(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION) << 3;
        QTest::newRow("ListOffsets, timed out") << 2 << int(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT) << 10;
        QTest::newRow("ListOffsets, topic authorization")
            << 2 << int(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) << 10;
        QTest::newRow("FindCoordinator, not available") << 10 << int(RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE) << 3;
        QTest::newRow("FindCoordinator, group authorization")
            << 10 << int(RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED) << 10;
        QTest::newRow("OffsetFetch, load in progress") << 9 << int(RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS) << 3;
        QTest::newRow("OffsetFetch, not coordinator") << 9 << int(RD_KAFKA_RESP_ERR_NOT_COORDINATOR) << 10;
        QTest::newRow("OffsetFetch, group authorization")
            << 9 << int(RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED) << 10;
    }

    void pushedRequestErrors()
    {
        QFETCH(int, apiKey);
        QFETCH(int, error);
        QFETCH(int, count);
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot before = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(ok);
        const Check baseline = checkHonest(before);
        QVERIFY2(fullyRecovered(baseline, before), qPrintable(QStringLiteral("%1 HWs, commits %2; %3")
                                                                  .arg(baseline.partitionsWithHw)
                                                                  .arg(baseline.offsetsComplete)
                                                                  .arg(before.errors.join(QLatin1Char('\n')))));

        m_mock->pushRequestErrors(apiKey, QList<rd_kafka_resp_err_t>(count, rd_kafka_resp_err_t(error)));
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot faulty = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        const qint64 took = timer.elapsed();
        const Check c = checkHonest(faulty);
        qInfo() << "with" << count << "x" << rd_kafka_err2name(rd_kafka_resp_err_t(error)) << "the refresh took" << took
                << "ms; shown" << c.partitionsWithHw << "HWs," << (c.offsetsComplete ? "all" : "not all")
                << "commits; errors:" << faulty.errors;
        QVERIFY2(took < kBudgetMs, qPrintable(QString::number(took)));
        QCOMPARE(g_warnings, 0); // nothing shown was wrong
        QVERIFY2(allHonestAndExplained(c, faulty), qPrintable(faulty.errors.join(QLatin1Char('\n'))));

        // The fault gone, the same fetcher recovers within a few refreshes.
        m_mock->clearRequestErrors(apiKey);
        QVERIFY(recovers(fetcher));
    }

    // A broker taken down in the middle of the refreshes, then back up.
    void brokerDownThenUp()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot before = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(fullyRecovered(checkHonest(before), before));
        const int down = 2;
        m_mock->setBrokerDown(down);
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot faulty = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        const qint64 took = timer.elapsed();
        const Check c = checkHonest(faulty);
        qInfo() << "broker" << down << "down: the refresh took" << took << "ms; shown" << c.partitionsWithHw << "HWs";
        m_mock->setBrokerUp(down);
        QVERIFY2(took < kBudgetMs, qPrintable(QString::number(took)));
        QCOMPARE(g_warnings, 0);
        QVERIFY2(allHonestAndExplained(c, faulty), qPrintable(describe(c, faulty)));
        QVERIFY2(c.partitionsWithHw < kPartitions, "a down leader's partitions cannot have been read");
        QVERIFY(faulty.errors.join(QLatin1Char('\n')).contains(QStringLiteral("Broker %1").arg(down)));
        QVERIFY(recovers(fetcher));
    }

    // The window's refreshes carry what a down broker's partitions showed, marked with when it was read: the values
    // stay visible and true, never blanked and never passed off as new; once the broker is back they are read anew.
    void brokerDownKeepsLastValuesMarked()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        SnapshotFetcher::Options options;
        options.carryForward = true;
        bool ok = false;
        const ClusterSnapshot before = fetcher.fetch(options, cancelled, &ok);
        QVERIFY(fullyRecovered(checkHonest(before), before));
        QCOMPARE(before.carriedValues, 0);
        const int down = 1;
        m_mock->setBrokerDown(down);
        const ClusterSnapshot faulty = fetcher.fetch(options, cancelled, &ok);
        m_mock->setBrokerUp(down);
        QCOMPARE(g_warnings, 0);
        const TopicInfo *topic = faulty.findTopic(kTopic);
        QVERIFY2(topic, qPrintable(faulty.errors.join(QLatin1Char('\n'))));
        int carried = 0;
        for (const PartitionInfo &p : topic->partitions) {
            QCOMPARE(p.highWatermark, kMessages); // shown: the last value read, which is still the truth
            if (p.carried != 0) {
                ++carried;
                QVERIFY2(!p.error.isEmpty(), "a carried value says why it was not read");
                QVERIFY(p.carried & CarriedHighWatermark);
                QCOMPARE(p.carriedFromMs, before.takenAt.toMSecsSinceEpoch());
            } else {
                QVERIFY(p.error.isEmpty());
            }
        }
        // The down broker led partitions 0 and 3 (p % 3 + 1 == 1): those, and only those, could not be read.
        QCOMPARE(carried, 2);
        QVERIFY(faulty.carriedValues >= 2);
        // What records history sees only this refresh's reads.
        const AnalyzedSnapshot analyzed(faulty);
        QCOMPARE(analyzed.read().findPartition({kTopic, 0})->highWatermark, kNoOffset);
        QCOMPARE(analyzed.read().findPartition({kTopic, 1})->highWatermark, kMessages);

        // Back up: read anew, nothing carried any more.
        bool fresh = false;
        for (int attempt = 0; attempt < 5 && !fresh; ++attempt) {
            const ClusterSnapshot s = fetcher.fetch(options, cancelled, &ok);
            fresh = ok && s.carriedValues == 0 && fullyRecovered(checkHonest(s), s);
            if (!fresh)
                QTest::qWait(500);
        }
        QVERIFY(fresh);
    }

    // An offset write the broker takes in part (one partition it does not have): the report names exactly the
    // partitions written, each confirmed by reading it back, and an independent consumer of the group sees exactly
    // those. Then a write whose answer comes too late: never claimed confirmed unless the read-back saw it, never
    // claimed refused although the broker applied it.
    void partialWriteIsReportedExactly()
    {
        const QString group = QStringLiteral("partly-written");
        QList<OffsetToWrite> writes;
        QList<TopicPartition> partitions;
        for (int p = 0; p < kPartitions; ++p) {
            writes.append({{kTopic, p}, qint64(p % 3), QString()});
            partitions.append({kTopic, p});
        }
        writes.insert(2, {{kTopic, kPartitions + 5}, 1, QString()}); // no such partition
        const std::atomic_bool never{false};
        const JobContext context(std::make_shared<KafkaConnection>(profile()), never);
        const OffsetWriteReport report = writeCommittedOffsets(context, {{group, writes}});
        qInfo() << "partial write:" << report.summary();
        QCOMPARE(report.groups.size(), 1);
        const QList<PartitionWriteResult> &results = report.groups.at(0).partitions;
        QCOMPARE(results.size(), writes.size());
        const QHash<TopicPartition, qint64> seen = m_mock->committed(group, partitions);
        for (qsizetype i = 0; i < results.size(); ++i) {
            const PartitionWriteResult &r = results.at(i);
            QCOMPARE(r.tp, writes.at(i).tp); // in the order asked
            if (r.tp.partition >= kPartitions) {
                QCOMPARE(r.outcome, WriteOutcome::Rejected);
                QVERIFY(!r.error.isEmpty());
            } else {
                QCOMPARE(r.outcome, WriteOutcome::Confirmed);
                QCOMPARE(seen.value(r.tp, kNoOffset), writes.at(i).offset); // what the report claims is true
            }
        }
        QCOMPARE(report.count(WriteOutcome::Confirmed), qsizetype(kPartitions));

        // The coordinator answers after 3 s, the request timeout is 2 s.
        const QString late = QStringLiteral("late-answer");
        rd_kafka_mock_coordinator_set(m_mock->handle(), "group", late.toUtf8().constData(), 2);
        m_mock->setRtt(2, 3000);
        const OffsetWriteReport slow = writeCommittedOffsets(context, {{late, {{{kTopic, 0}, 3, QString()}}}});
        m_mock->setRtt(2, 0);
        const PartitionWriteResult &r = slow.groups.at(0).partitions.at(0);
        qInfo() << "write answered too late:" << slow.summary() << writeOutcomeName(r.outcome) << r.error;
        QTRY_COMPARE_WITH_TIMEOUT(m_mock->committed(late, {{kTopic, 0}}).value({kTopic, 0}, kNoOffset), qint64(3),
                                  10000); // the broker did apply it
        QVERIFY2(r.outcome == WriteOutcome::Unknown || r.outcome == WriteOutcome::Confirmed,
                 qPrintable(writeOutcomeName(r.outcome)));
        QVERIFY(!slow.succeeded() || r.outcome == WriteOutcome::Confirmed);
    }

    // One broker answering only after 3 s, with a 2 s request timeout: its partitions are named, the others shown.
    void slowBroker()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        m_mock->setRtt(3, 3000);
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot slow = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        const qint64 took = timer.elapsed();
        const Check c = checkHonest(slow);
        qInfo() << "broker 3 at 3 s RTT: the refresh took" << took << "ms; shown" << c.partitionsWithHw << "HWs";
        m_mock->setRtt(3, 0);
        QVERIFY2(took < kBudgetMs, qPrintable(QString::number(took)));
        QCOMPARE(g_warnings, 0);
        QVERIFY2(allHonestAndExplained(c, slow), qPrintable(describe(c, slow)));
        QVERIFY(recovers(fetcher));
    }

    // The group's coordinator moves to another broker: the next refreshes find it there.
    void coordinatorMoved()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        for (const int broker : {1, 2, 3}) {
            rd_kafka_mock_coordinator_set(m_mock->handle(), "group", kGroup.toUtf8().constData(), broker);
            const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
            QCOMPARE(g_warnings, 0);
            QVERIFY(allHonestAndExplained(checkHonest(s), s));
            QVERIFY2(recovers(fetcher), qPrintable(QString::number(broker)));
        }
    }

    // A partition's leader moves, or it has none for a while: its HW is never taken from the old leader's answer.
    void leaderMovedOrGone()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(m_mock->setLeader(kTopic, 0, 2));
        const ClusterSnapshot moved = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QCOMPARE(g_warnings, 0);
        QVERIFY(allHonestAndExplained(checkHonest(moved), moved));
        QVERIFY(recovers(fetcher));
        // No leader (-1): the partition is shown without offsets and with a reason until a leader is back.
        rd_kafka_mock_partition_set_leader(m_mock->handle(), kTopic.toUtf8().constData(), 1, -1);
        const ClusterSnapshot leaderless = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QCOMPARE(g_warnings, 0);
        QVERIFY(allHonestAndExplained(checkHonest(leaderless), leaderless));
        QVERIFY(m_mock->setLeader(kTopic, 1, 2));
        QVERIFY(recovers(fetcher));
        QVERIFY(m_mock->setLeader(kTopic, 0, 1));
        QVERIFY(m_mock->setLeader(kTopic, 1, 2));
    }

private:
    ConnectionProfile profile() const
    {
        ConnectionProfile p = m_mock->profile(QStringLiteral("faults"), kTimeoutMs);
        p.pinnedGroups = {kGroup}; // the mock cannot list groups
        return p;
    }

    // Up to five refreshes until everything is shown again, without an error.
    static bool recovers(SnapshotFetcher &fetcher)
    {
        const std::atomic_bool cancelled{false};
        for (int attempt = 0; attempt < 5; ++attempt) {
            bool ok = false;
            const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
            const Check c = checkHonest(s);
            if (ok && fullyRecovered(c, s))
                return true;
            qInfo() << "not recovered yet:" << c.partitionsWithHw << "HWs," << c.offsetsComplete << faultErrors(s);
            QTest::qWait(500);
        }
        return false;
    }

    std::unique_ptr<MockCluster> m_mock;
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
