// Integration tests for the embedded demo cluster: each scenario of issue 3 is checked against the running mock
// cluster, in real time, through plain librdkafka clients (not the demo's own code) and through the group source.
#include "democluster.h"
#include "diagnose.h"
#include "diagnosismemory.h"
#include "groupsource.h"
#include "kafkatestutil.h"
#include "lagtracker.h"
#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>
#include <optional>

using namespace OffsetLens;
using namespace std::chrono_literals;

namespace {

constexpr quint64 kSeed = 1234;
const QString kSolTrades = QStringLiteral("sol-trades");
const QString kPayments = QStringLiteral("payments");
const QString kCarOrder = QStringLiteral("SCHEDULE-CAR-ORDER");
const QString kDataFlow = QStringLiteral("data-flow-default-group-1888");
const QString kPaymentsGroup = QStringLiteral("payments-settlement");
const QString kStackCharge = QStringLiteral("stack-charge-tcp-command-xfy");
const QString kInventory = QStringLiteral("inventory-events");
const QString kSharedGroup = QStringLiteral("order-service");
const QString kInventoryAudit = QStringLiteral("inventory-audit");
const QString kInventoryRebuild = QStringLiteral("inventory-rebuild");

GroupSource::Listing listGroups(DemoCluster &demo, const QStringList &pinned = {})
{
    const std::atomic_bool cancelled = false;
    return demo.groupSource()->fetchGroups(pinned, 1s, cancelled);
}

// A refresh of the demo as the app's session makes it: the demo's profile and its group source.
std::unique_ptr<SnapshotFetcher> fetcherOf(DemoCluster &demo)
{
    ConnectionProfile profile;
    profile.bootstrapServers = demo.bootstrapServers();
    profile.isDemo = true;
    auto fetcher = std::make_unique<SnapshotFetcher>(profile);
    fetcher->setGroupSource(demo.groupSource());
    return fetcher;
}

std::optional<GroupInfo> findGroup(DemoCluster &demo, const QString &groupId)
{
    for (const GroupInfo &g : listGroups(demo).groups) {
        if (g.groupId == groupId)
            return g;
    }
    return std::nullopt;
}

} // namespace

class TestDemoCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void bootstrapIsThreeLoopbackBrokers();
    void topicsExistWithReplication();
    void solTradesHighWatermarkAdvances();
    void dataFlowGroupHasTwoMembersAndCommittedTrailsPosition();
    void paymentsLagGrows();
    void retentionPassesStoppedGroupCommit();
    void stoppedGroupsAreEmptyAndPinnedIdsReported();
    void externalConsumerConsumesAndCommits();
    void snapshotFetcherSeesDemoGroups();
    void doctorScenarioOffsets();
    void doctorFindsTheDemoScenarios();
    void doctorFindsTheLiveScenariosOverTime();

    void sameSeedSameOffsetsWithoutTraffic();
    void startStopAndDestroyAreBounded();
    void scaleModeCreatesExpectedCounts();

private:
    std::unique_ptr<DemoCluster> m_demo;
    std::unique_ptr<TestKafka::Client> m_client;
    qint64 m_startMs = 0;
};

void TestDemoCluster::initTestCase()
{
    DemoCluster::Options options;
    options.seed = kSeed;
    m_demo = std::make_unique<DemoCluster>(options);
    QElapsedTimer timer;
    timer.start();
    QString error;
    QVERIFY2(m_demo->start(&error), qPrintable(error));
    m_startMs = timer.elapsed();
    QVERIFY(m_demo->isRunning());
    QCOMPARE(m_demo->seed(), kSeed);
    m_client = std::make_unique<TestKafka::Client>(m_demo->bootstrapServers());
    QVERIFY(m_client->isValid());
}

void TestDemoCluster::cleanupTestCase()
{
    m_client.reset();
    m_demo.reset();
}

void TestDemoCluster::bootstrapIsThreeLoopbackBrokers()
{
    QVERIFY2(m_startMs < 5000, qPrintable(QString::number(m_startMs)));
    const QStringList servers = m_demo->bootstrapServers().split(QLatin1Char(','));
    QCOMPARE(servers.size(), 3);
    for (const QString &server : servers)
        QVERIFY2(server.startsWith(QLatin1StringView("127.0.0.1:")), qPrintable(server));
}

void TestDemoCluster::topicsExistWithReplication()
{
    const auto topics = m_client->topics();
    auto partitionsOf = [&](const QString &name) {
        for (const auto &[topic, partitions] : topics) {
            if (topic == name)
                return partitions;
        }
        return -1;
    };
    QCOMPARE(partitionsOf(kSolTrades), 3);
    QCOMPARE(partitionsOf(kPayments), 2);
    QCOMPARE(partitionsOf(QStringLiteral("SCHEDULE-DEVICE-STORAGE")), 1);
    QCOMPARE(partitionsOf(kCarOrder), 1);
    QCOMPARE(partitionsOf(QStringLiteral("SCHEDULE-CAR-PRICE")), 1);

    const rd_kafka_metadata_t *md = nullptr;
    QCOMPARE(rd_kafka_metadata(m_client->handle(), 1, nullptr, &md, 5000), RD_KAFKA_RESP_ERR_NO_ERROR);
    QCOMPARE(md->broker_cnt, 3);
    for (int t = 0; t < md->topic_cnt; ++t) {
        for (int p = 0; p < md->topics[t].partition_cnt; ++p)
            QCOMPARE(md->topics[t].partitions[p].replica_cnt, 3);
    }
    rd_kafka_metadata_destroy(md);
}

void TestDemoCluster::solTradesHighWatermarkAdvances()
{
    auto total = [this] {
        std::int64_t sum = 0;
        for (int p = 0; p < 3; ++p)
            sum += m_client->watermarks(kSolTrades, p).high;
        return sum;
    };
    const std::int64_t before = total();
    QVERIFY(before >= 3 * 200); // the history
    QTRY_VERIFY_WITH_TIMEOUT(total() > before + 5, 5000);
}

void TestDemoCluster::dataFlowGroupHasTwoMembersAndCommittedTrailsPosition()
{
    // Real JoinGroup/SyncGroup against the mock: the first join waits ~3 s (group.initial.rebalance.delay).
    QTRY_VERIFY_WITH_TIMEOUT(
        findGroup(*m_demo, kDataFlow) && findGroup(*m_demo, kDataFlow)->state == GroupState::Stable, 15000);
    const GroupInfo group = *findGroup(*m_demo, kDataFlow);
    QCOMPARE(group.source, GroupSourceKind::Demo);
    QCOMPARE(group.protocolType, QStringLiteral("consumer"));
    QCOMPARE(group.assignor, QStringLiteral("range"));
    QCOMPARE(group.members.size(), 2);
    QSet<int> assigned;
    for (const GroupMember &m : group.members) {
        QVERIFY(!m.memberId.isEmpty());
        QVERIFY(m.clientId.startsWith(QLatin1StringView("consumer-data-flow-default-group-1888-")));
        QCOMPARE(m.host, QStringLiteral("/127.0.0.1"));
        QVERIFY(!m.assignment.isEmpty());
        for (const TopicPartition &tp : m.assignment) {
            QCOMPARE(tp.topic, kSolTrades);
            QVERIFY(!assigned.contains(tp.partition));
            assigned.insert(tp.partition);
        }
    }
    QCOMPARE(assigned, QSet<int>({0, 1, 2}));

    // Committed (read first, by an outside client) never passes the live position (read after), and with a 5 s
    // auto-commit interval it visibly trails it.
    TestKafka::Client offsets(m_demo->bootstrapServers(), kDataFlow);
    bool trailing = false;
    QElapsedTimer timer;
    timer.start();
    while (!trailing && timer.elapsed() < 15000) {
        const QList<std::int64_t> committed = offsets.committed(kSolTrades, 3);
        QCOMPARE(committed.size(), 3);
        const GroupInfo now = *findGroup(*m_demo, kDataFlow);
        for (int p = 0; p < 3; ++p) {
            const qint64 position = now.positions.value(TopicPartition{kSolTrades, p}, -1);
            if (position < 0 || committed[p] < 0)
                continue;
            QVERIFY2(committed[p] <= position,
                     qPrintable(QStringLiteral("p%1 committed %2 position %3").arg(p).arg(committed[p]).arg(position)));
            trailing = trailing || committed[p] < position;
        }
        if (!trailing)
            QTest::qWait(300);
    }
    QVERIFY(trailing);
}

void TestDemoCluster::paymentsLagGrows()
{
    TestKafka::Client offsets(m_demo->bootstrapServers(), kPaymentsGroup);
    auto lag = [&]() -> std::int64_t {
        const QList<std::int64_t> committed = offsets.committed(kPayments, 2);
        if (committed.size() != 2)
            return -1;
        std::int64_t sum = 0;
        for (int p = 0; p < 2; ++p)
            sum += m_client->watermarks(kPayments, p).high - committed[p];
        return sum;
    };
    QTRY_VERIFY_WITH_TIMEOUT(findGroup(*m_demo, kPaymentsGroup)->state == GroupState::Stable, 15000);
    const std::int64_t first = lag();
    QVERIFY(first > 0);
    // The producer outpaces a consumer that retries failures with backoff and commits only after success.
    QTRY_VERIFY_WITH_TIMEOUT(lag() > first + 5, 12000);
}

void TestDemoCluster::retentionPassesStoppedGroupCommit()
{
    TestKafka::Client stopped(m_demo->bootstrapServers(), kStackCharge);
    const QList<std::int64_t> committed = stopped.committed(kCarOrder, 1);
    QCOMPARE(committed.size(), 1);
    QVERIFY(committed[0] >= 0);
    // Large messages push the mock's per-partition log past its size limit; the log start moves forward and
    // overtakes the stopped group's commit ("offset out of range").
    QTRY_VERIFY_WITH_TIMEOUT(m_client->watermarks(kCarOrder, 0).low > committed[0], 15000);
    QCOMPARE(stopped.committed(kCarOrder, 1), committed); // stopped: it never moves

    const auto stoppedGroup = findGroup(*m_demo, kStackCharge);
    QVERIFY(stoppedGroup);
    QCOMPARE(stoppedGroup->state, GroupState::Empty);
    QVERIFY(stoppedGroup->members.isEmpty());
    // ...while the per-topic group keeps up.
    const QString perTopic = kStackCharge + QLatin1Char('-') + kCarOrder;
    QTRY_VERIFY_WITH_TIMEOUT(findGroup(*m_demo, perTopic)->state == GroupState::Stable, 10000);
    TestKafka::Client keepsUp(m_demo->bootstrapServers(), perTopic);
    QTRY_VERIFY_WITH_TIMEOUT(keepsUp.committed(kCarOrder, 1).value(0, -1) >= m_client->watermarks(kCarOrder, 0).low,
                             10000);
}

void TestDemoCluster::stoppedGroupsAreEmptyAndPinnedIdsReported()
{
    const QString pinned = QStringLiteral("someone-elses-group");
    const GroupSource::Listing listing = listGroups(*m_demo, {pinned, QStringLiteral("billing-replay")});
    QVERIFY(listing.complete);
    QVERIFY(listing.errors.isEmpty());
    QStringList ids;
    for (const GroupInfo &g : listing.groups)
        ids << g.groupId;
    QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
    QCOMPARE(ids.count(QStringLiteral("billing-replay")), 1); // pinned and known: reported once, as the demo's
    const QStringList expectedIds = {kDataFlow,
                                     QStringLiteral("data-kline-group-api"),
                                     kPaymentsGroup,
                                     QStringLiteral("billing-replay"),
                                     kStackCharge,
                                     kStackCharge + QStringLiteral("-SCHEDULE-DEVICE-STORAGE"),
                                     kStackCharge + QStringLiteral("-SCHEDULE-CAR-ORDER"),
                                     kStackCharge + QStringLiteral("-SCHEDULE-CAR-PRICE"),
                                     kSharedGroup,
                                     kInventoryAudit,
                                     kInventoryRebuild,
                                     pinned};
    for (const QString &expected : expectedIds)
        QVERIFY2(ids.contains(expected), qPrintable(expected));

    for (const GroupInfo &g : listing.groups) {
        QVERIFY(g.offsets.isEmpty()); // the session fills those in from the broker
        if (g.groupId == pinned) {
            QCOMPARE(g.source, GroupSourceKind::Pinned);
            QCOMPARE(g.state, GroupState::Unknown);
            continue;
        }
        QCOMPARE(g.source, GroupSourceKind::Demo);
        QVERIFY(g.coordinatorId >= 1 && g.coordinatorId <= 3);
        if (g.groupId == QLatin1StringView("billing-replay")) {
            QCOMPARE(g.state, GroupState::Empty);
            QVERIFY(g.members.isEmpty());
        }
    }
    TestKafka::Client billing(m_demo->bootstrapServers(), QStringLiteral("billing-replay"));
    const QList<std::int64_t> committed = billing.committed(kPayments, 2);
    QCOMPARE(committed.size(), 2);
    QVERIFY(committed[0] > 0 && committed[1] > 0);
}

void TestDemoCluster::externalConsumerConsumesAndCommits()
{
    // Any Kafka client can use the demo: a standard subscribe/poll/commit consumer in its own group.
    const QString group = QStringLiteral("tst-external-consumer");
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", m_demo->bootstrapServers().toUtf8().constData(), errstr,
                      sizeof errstr);
    rd_kafka_conf_set(conf, "group.id", group.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    QVERIFY2(rk, errstr);
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, "sol-trades", RD_KAFKA_PARTITION_UA);
    QCOMPARE(rd_kafka_subscribe(rk, topics), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_destroy(topics);

    rd_kafka_message_t *message = nullptr;
    QElapsedTimer timer;
    timer.start();
    while (!message && timer.elapsed() < 20000) {
        message = rd_kafka_consumer_poll(rk, 200);
        if (message && message->err) {
            rd_kafka_message_destroy(message);
            message = nullptr;
        }
    }
    QVERIFY(message);
    const int partition = message->partition;
    const std::int64_t offset = message->offset;
    rd_kafka_timestamp_type_t tsType;
    const std::int64_t timestamp = rd_kafka_message_timestamp(message, &tsType);
    QCOMPARE(tsType, RD_KAFKA_TIMESTAMP_CREATE_TIME); // producers set message timestamps
    QVERIFY(timestamp > 0);
    QVERIFY(QByteArray(static_cast<const char *>(message->payload), static_cast<qsizetype>(message->len))
                .startsWith("{\"tradeId\":"));
    QCOMPARE(rd_kafka_commit_message(rk, message, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_message_destroy(message);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);

    TestKafka::Client offsets(m_demo->bootstrapServers(), group);
    QCOMPARE(offsets.committed(kSolTrades, 3).value(partition), offset + 1);
}

void TestDemoCluster::snapshotFetcherSeesDemoGroups()
{
    // The session's path: broker metadata/watermarks/committed offsets, groups and positions from the demo.
    ConnectionProfile profile;
    profile.name = QStringLiteral("Demo cluster (embedded)");
    profile.bootstrapServers = m_demo->bootstrapServers();
    profile.isDemo = true;
    SnapshotFetcher fetcher(profile);
    fetcher.setGroupSource(m_demo->groupSource());
    const std::atomic_bool cancelled = false;
    bool ok = false;
    const ClusterSnapshot snapshot = fetcher.fetch({}, cancelled, &ok);
    QVERIFY2(ok, qPrintable(snapshot.errors.join(QLatin1Char('\n'))));
    QCOMPARE(snapshot.brokers.size(), 3);
    const PartitionInfo *carOrder = snapshot.findPartition(TopicPartition{kCarOrder, 0});
    QVERIFY(carOrder);
    QVERIFY(carOrder->logStartOffset > 0);

    const GroupInfo *dataFlow = snapshot.findGroup(kDataFlow);
    QVERIFY(dataFlow);
    QCOMPARE(dataFlow->source, GroupSourceKind::Demo);
    QCOMPARE(dataFlow->members.size(), 2);
    for (int p = 0; p < 3; ++p) {
        const TopicPartition tp{kSolTrades, p};
        const CommittedOffset *committed = dataFlow->findOffset(tp);
        QVERIFY(committed);
        QVERIFY(committed->offset >= 0);
        QVERIFY(dataFlow->positions.contains(tp));
        QVERIFY(dataFlow->memberFor(tp));
    }
    const GroupInfo *stopped = snapshot.findGroup(kStackCharge);
    QVERIFY(stopped);
    const CommittedOffset *behind = stopped->findOffset(TopicPartition{kCarOrder, 0});
    QVERIFY(behind);
    QVERIFY(behind->offset < carOrder->logStartOffset); // "offset out of range"
}

void TestDemoCluster::doctorScenarioOffsets()
{
    // Read by an outside client: the inventory topic has its history and no traffic; the audit group committed only
    // partition 0; the rebuild group committed 440 beyond partition 0's HW.
    for (int p = 0; p < 2; ++p) {
        const TestKafka::Watermarks w = m_client->watermarks(kInventory, p);
        QCOMPARE(w.low, 0);
        QCOMPARE(w.high, 60);
    }
    const QList<std::int64_t> audit =
        TestKafka::Client(m_demo->bootstrapServers(), kInventoryAudit).committed(kInventory, 2);
    QCOMPARE(audit.size(), 2);
    QCOMPARE(audit.at(0), 60);
    QVERIFY2(audit.at(1) < 0, qPrintable(QString::number(audit.at(1)))); // no commit (librdkafka says -1001)
    QCOMPARE(TestKafka::Client(m_demo->bootstrapServers(), kInventoryRebuild).committed(kInventory, 2),
             QList<std::int64_t>({500, 60}));
}

void TestDemoCluster::doctorFindsTheDemoScenarios()
{
    // The doctor on the session's snapshot, once the shared group's two applications have settled.
    const std::unique_ptr<SnapshotFetcher> demoFetcher = fetcherOf(*m_demo);
    SnapshotFetcher &fetcher = *demoFetcher;
    const std::atomic_bool cancelled = false;
    DiagnosisInput input;
    auto settled = [&] {
        bool ok = false;
        input.snapshot = fetcher.fetch({}, cancelled, &ok);
        const GroupInfo *shared = input.snapshot.findGroup(kSharedGroup);
        const GroupInfo *audit = input.snapshot.findGroup(kInventoryAudit);
        const PartitionInfo *carOrder = input.snapshot.findPartition(TopicPartition{kCarOrder, 0});
        return ok && shared && shared->state == GroupState::Stable && shared->members.size() == 2 && audit &&
               audit->state == GroupState::Stable && carOrder && carOrder->logStartOffset > 1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 20000);
    const QList<Finding> found = diagnose(input);
    auto find = [&found](FindingRule rule, const QString &group) -> const Finding * {
        for (const Finding &f : found) {
            if (f.rule == rule && f.groupId == group)
                return &f;
        }
        return nullptr;
    };

    // One group id, two applications reading different topics.
    const Finding *shared = find(FindingRule::SharedGroupId, kSharedGroup);
    QVERIFY2(shared, qPrintable(findingRuleId(FindingRule::SharedGroupId)));
    QCOMPARE(shared->severity, FindingSeverity::Warning);
    QCOMPARE(shared->topics(), QStringList({kInventory, kPayments}));
    QCOMPARE(shared->partitions.size(), 4);
    QVERIFY2(shared->title.contains(QStringLiteral("order-api")) &&
                 shared->title.contains(QStringLiteral("inventory-sync")),
             qPrintable(shared->title));

    // Assigned inventory-events-1, never committed there: its 60 messages are what auto.offset.reset decides on.
    const Finding *noCommit = find(FindingRule::NoCommittedOffset, kInventoryAudit);
    QVERIFY(noCommit);
    QCOMPARE(noCommit->severity, FindingSeverity::Warning);
    QCOMPARE(noCommit->partitions.size(), 1);
    QCOMPARE(noCommit->partitions.constFirst().tp, (TopicPartition{kInventory, 1}));
    QCOMPARE(noCommit->partitions.constFirst().earliestReads, 60);
    QCOMPARE(noCommit->partitions.constFirst().latestSkips, 60);

    // Committed 500 where the HW is 60.
    const Finding *beyond = find(FindingRule::CommittedAboveHighWatermark, kInventoryRebuild);
    QVERIFY(beyond);
    QCOMPARE(beyond->partitions.size(), 1);
    QCOMPARE(beyond->partitions.constFirst().committed, 500);
    QCOMPARE(beyond->partitions.constFirst().highWatermark, 60);
    QCOMPARE(beyond->partitions.constFirst().lag, std::optional<qint64>(-440));

    // The stopped group retention overtook: deleted unread = log start - its commit of 1, on each SCHEDULE topic.
    const Finding *below = find(FindingRule::CommittedBelowLogStart, kStackCharge);
    QVERIFY(below);
    QCOMPARE(below->severity, FindingSeverity::Error);
    for (const FindingPartition &p : below->partitions)
        QCOMPARE(p.deleted, p.logStartOffset - 1);
    QVERIFY(below->partitions.size() >= 1);

    // The new groups leave the others alone: no shared-group finding elsewhere, no missing commit in the groups
    // that keep up.
    for (const Finding &f : found) {
        if (f.rule == FindingRule::SharedGroupId || f.rule == FindingRule::NoCommittedOffset)
            QVERIFY2(f.groupId == kSharedGroup || f.groupId == kInventoryAudit, qPrintable(f.groupId));
    }
}

void TestDemoCluster::doctorFindsTheLiveScenariosOverTime()
{
    // Refreshes every 2 s for over a minute, through the tracker and the doctor's memory exactly as the app's lag
    // monitor feeds them: the slow archiver's lag grows, the replay job rewinds, the invoice renderer stalls, the
    // nightly report's offsets vanish, and the idle groups' offsets are due to expire under the demo brokers' 3-day
    // retention.
    const std::unique_ptr<SnapshotFetcher> demoFetcher = fetcherOf(*m_demo);
    SnapshotFetcher &fetcher = *demoFetcher;
    const std::atomic_bool cancelled = false;
    LagTracker tracker;
    DiagnosisMemory memory;
    QHash<QString, Finding> seen; // "rule group" -> the latest such finding
    QElapsedTimer timer;
    timer.start();
    const QString growing = QStringLiteral("lag-growing trade-archiver");
    const QString rewound = QStringLiteral("consumer-rewound ledger-replay");
    const QString vanished = QStringLiteral("offsets-vanished nightly-report");
    const QString expiring = QStringLiteral("offsets-expiring billing-replay");
    const QString stalled = QStringLiteral("consumer-stalled invoice-renderer");
    const QString slowly = QStringLiteral("lag-catching-up-slowly search-reindex");
    while (timer.elapsed() < 120000) {
        bool ok = false;
        const ClusterSnapshot s = fetcher.fetch({}, cancelled, &ok);
        QVERIFY(ok);
        QCOMPARE(s.offsetsRetentionMinutes, std::optional<qint64>(3 * 24 * 60));
        const QList<GroupSample> samples = samplesFromSnapshot(s);
        const qint64 timeMs = s.takenAt.toMSecsSinceEpoch();
        DiagnosisInput input;
        input.snapshot = s;
        input.lagStatus = tracker.observe(samples, timeMs).groups;
        memory.observe(samples, timeMs);
        input.history = memory.histories();
        for (const Finding &f : diagnose(input))
            seen.insert(findingRuleId(f.rule) + QLatin1Char(' ') + f.groupId, f);
        if (seen.contains(growing) && seen.contains(rewound) && seen.contains(vanished) && seen.contains(expiring) &&
            seen.contains(stalled) && seen.contains(slowly))
            break;
        QTest::qWait(2000);
    }
    qInfo() << "live scenarios found after" << timer.elapsed() << "ms";
    QStringList keys = seen.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys))
        qInfo().noquote() << findingSeverityId(seen.value(key).severity) << key << "-" << seen.value(key).title;
    for (const QString &key : {growing, rewound, vanished, expiring, stalled, slowly})
        QVERIFY2(seen.contains(key), qPrintable(key + QStringLiteral(" not among ") + keys.join(QStringLiteral(", "))));

    const Finding &grow = seen.value(growing);
    QVERIFY(grow.produceRate && grow.consumeRate && *grow.produceRate > *grow.consumeRate);
    // The reindex reads a topic without traffic at its steady pace: nothing produced, about 4/s consumed, and the
    // rest of its 30,000 messages take well over the hour the rule starts at.
    const Finding &slow = seen.value(slowly);
    QCOMPARE(slow.severity, FindingSeverity::Info);
    QVERIFY(slow.produceRate && slow.consumeRate && slow.catchUpMs);
    QCOMPARE(*slow.produceRate, 0.0);
    QVERIFY2(*slow.consumeRate > 2.0 && *slow.consumeRate < 6.0, qPrintable(QString::number(*slow.consumeRate)));
    QVERIFY2(*slow.catchUpMs > 3600 * 1000, qPrintable(QString::number(*slow.catchUpMs)));
    QCOMPARE(seen.value(vanished).severity, FindingSeverity::Warning);
    QVERIFY(!seen.value(vanished).partitions.isEmpty());
    const Finding &expiry = seen.value(expiring);
    QCOMPARE(expiry.severity, FindingSeverity::Warning);
    QVERIFY2(expiry.explanation.contains(QStringLiteral("as read from the cluster")), qPrintable(expiry.explanation));
}

void TestDemoCluster::sameSeedSameOffsetsWithoutTraffic()
{
    // traffic=false: topics, history and committed offsets, no producers/consumers; all groups are Empty.
    auto startingOffsets = [](quint64 seed) {
        DemoCluster::Options options;
        options.seed = seed;
        options.traffic = false;
        DemoCluster demo(options);
        QList<std::int64_t> offsets;
        if (!demo.start())
            return offsets;
        for (const GroupInfo &g : listGroups(demo).groups) {
            if (g.state != GroupState::Empty || !g.members.isEmpty())
                return QList<std::int64_t>();
        }
        TestKafka::Client dataFlow(demo.bootstrapServers(), kDataFlow);
        TestKafka::Client billing(demo.bootstrapServers(), QStringLiteral("billing-replay"));
        offsets << dataFlow.committed(kSolTrades, 3) << billing.committed(kPayments, 2);
        TestKafka::Client plain(demo.bootstrapServers());
        QTest::qWait(500);
        offsets << plain.watermarks(kSolTrades, 0).high; // no traffic: stays at the history size
        return offsets;
    };
    const QList<std::int64_t> a = startingOffsets(7);
    const QList<std::int64_t> b = startingOffsets(7);
    const QList<std::int64_t> c = startingOffsets(8);
    QCOMPARE(a.size(), 6);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    QCOMPARE(a.last(), 240);
}

void TestDemoCluster::startStopAndDestroyAreBounded()
{
    DemoCluster::Options options;
    options.seed = 99;
    QElapsedTimer timer;
    {
        DemoCluster demo(options);
        timer.start();
        QVERIFY(demo.start());
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QTest::qWait(1500); // consumers mid-join
        timer.restart();
        demo.stop();
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!demo.isRunning());
        QVERIFY(demo.bootstrapServers().isEmpty());
        // After stop the groups are still known, now without members.
        for (const GroupInfo &g : listGroups(demo).groups)
            QCOMPARE(g.state, GroupState::Empty);
        // Restartable.
        QVERIFY(demo.start());
        QVERIFY(demo.isRunning());
        timer.restart();
    } // destructor stops
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
}

void TestDemoCluster::scaleModeCreatesExpectedCounts()
{
    DemoCluster::Options options;
    options.seed = 5;
    options.scale.topics = 4;
    options.scale.partitions = 5;
    options.scale.groups = 6;
    options.scale.partitionsPerGroup = 12;
    options.scale.messagesPerPartition = 10;
    DemoCluster demo(options);
    QString error;
    QVERIFY2(demo.start(&error), qPrintable(error));

    TestKafka::Client client(demo.bootstrapServers());
    int scaleTopics = 0;
    for (const auto &[topic, partitions] : client.topics()) {
        QVERIFY2(topic.startsWith(QLatin1StringView("scale-topic-")), qPrintable(topic)); // no scenario topics
        QCOMPARE(partitions, 5);
        ++scaleTopics;
        for (int p = 0; p < partitions; ++p) {
            const TestKafka::Watermarks w = client.watermarks(topic, p);
            QCOMPARE(w.low, 0);
            QCOMPARE(w.high, 10);
        }
    }
    QCOMPARE(scaleTopics, 4);

    const GroupSource::Listing listing = listGroups(demo);
    QCOMPARE(listing.groups.size(), 6);
    for (const GroupInfo &g : listing.groups) {
        QVERIFY(g.groupId.startsWith(QLatin1StringView("scale-group-")));
        QCOMPARE(g.state, GroupState::Empty);
        QCOMPARE(g.source, GroupSourceKind::Demo);
    }
    // Each group committed 12 distinct partitions, whole topics of 5 (the third in part), with offsets within
    // [0, HW].
    TestKafka::Client group(demo.bootstrapServers(), listing.groups.first().groupId);
    int committedPartitions = 0;
    QSet<QString> topicsTouched;
    for (const auto &[topic, partitions] : client.topics()) {
        for (const std::int64_t offset : group.committed(topic, partitions)) {
            if (offset < 0)
                continue;
            QVERIFY(offset <= 10);
            ++committedPartitions;
            topicsTouched.insert(topic);
        }
    }
    QCOMPARE(committedPartitions, 12);
    QCOMPARE(topicsTouched.size(), 3);
}

QTEST_GUILESS_MAIN(TestDemoCluster)
#include "tst_democluster.moc"
