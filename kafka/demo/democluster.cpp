#include "democluster.h"

#include "democommit.h"
#include "democonsumer.h"
#include "demogroups.h"
#include "demokafka.h"
#include "demomock.h"
#include "demoplan.h"
#include "demoproducer.h"
#include "demoscale.h"
#include "stopsignal.h"

#include <QElapsedTimer>

#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <random>

namespace OffsetLens {

using namespace std::chrono_literals;
using namespace Demo;

namespace {

// The traffic-mode scenario's groups: which consumers they run (if any) and the offsets they start from.
struct GroupPlan
{
    std::string groupId;
    std::string assignor;
    std::vector<OffsetToCommit> startOffsets;
    std::vector<DemoConsumer::Config> members; // empty: a stopped group
    // Partitions the group may commit beyond its start offsets. The session reads only the partitions the demo
    // declares, so one left out here would look uncommitted whatever the consumer did.
    std::vector<OffsetToCommit> laterCommits;
    std::chrono::milliseconds vanishAfter{0}; // see DemoGroupTable::declareGroup

    // Starts every partition of `topic` between lo and hi messages behind its history (drawn from the seed).
    void startBehind(const DemoProducer &producer, const std::string &topic, std::int32_t partitions,
                     std::uint64_t seed, std::uint64_t salt, int lo, int hi)
    {
        for (std::int32_t p = 0; p < partitions; ++p) {
            const std::uint64_t h = mix64(seed, salt + static_cast<std::uint64_t>(p));
            const std::int64_t history = producer.historyCount(topic, p);
            startOffsets.push_back(
                {topic, p,
                 std::max<std::int64_t>(
                     0, history - lo - static_cast<std::int64_t>(h % static_cast<std::uint64_t>(hi - lo + 1)))});
        }
    }

    // A member of this group consuming `topic`; the caller sets what differs between the scenarios.
    DemoConsumer::Config &addMember(std::string clientId, const std::string &topic, DemoConsumer::Style style)
    {
        DemoConsumer::Config c;
        c.groupId = groupId;
        c.clientId = std::move(clientId);
        c.topics = {topic};
        c.assignor = assignor;
        c.style = style;
        members.push_back(c);
        return members.back();
    }
};

std::vector<GroupPlan> scenarioGroups(const DemoProducer &producer, std::uint64_t seed)
{
    std::vector<GroupPlan> plans;
    std::vector<std::string> scheduleTopics(kScheduleTopics.begin(), kScheduleTopics.end());

    // Two members sharing sol-trades, auto-committing every 5 s: committed trails position by up to 5 s of data.
    GroupPlan dataFlow{kDataFlowGroup, "range", {}, {}};
    dataFlow.startBehind(producer, kSolTrades, kSolTradesPartitions, seed, 100, 5, 20);
    for (int m = 1; m <= 2; ++m) {
        dataFlow
            .addMember(std::string("consumer-") + kDataFlowGroup + '-' + std::to_string(m), kSolTrades,
                       DemoConsumer::Style::KeepUp)
            .autoCommitIntervalMs = 5000;
    }
    plans.push_back(dataFlow);

    // Same topic, independent offsets, a slower (throttled, periodically stalling) consumer.
    GroupPlan kline{kKlineGroup, "roundrobin", {}, {}};
    kline.startBehind(producer, kSolTrades, kSolTradesPartitions, seed, 200, 40, 80);
    {
        DemoConsumer::Config &c = kline.addMember("kline-api-aggregator", kSolTrades, DemoConsumer::Style::Throttled);
        c.autoCommitIntervalMs = 3000;
        c.maxMessagesPerSecond = 14;
        c.seed = mix64(seed, 201);
    }
    plans.push_back(kline);

    // At-least-once with retries: commits only after success; failures are retried with backoff.
    GroupPlan payments{kPaymentsGroup, "range", {}, {}};
    payments.startBehind(producer, kPayments, kPaymentsPartitions, seed, 300, 10, 25);
    payments.addMember("payments-settlement-worker-1", kPayments, DemoConsumer::Style::Retrying).seed =
        mix64(seed, 301);
    plans.push_back(payments);

    // Stopped long ago, ready to be reset.
    GroupPlan billing{kBillingReplayGroup, "range", {}, {}};
    billing.startBehind(producer, kPayments, kPaymentsPartitions, seed, 400, 50, 90);
    plans.push_back(billing);

    // Stopped group with early commits on the SCHEDULE topics: retention will overtake them.
    GroupPlan stackCharge{kStackChargeGroup, "range", {}, {}};
    for (const std::string &topic : scheduleTopics)
        stackCharge.startOffsets.push_back({topic, 0, kStackChargeCommitted});
    plans.push_back(stackCharge);

    // ...next to per-topic groups that keep up.
    for (const std::string &topic : scheduleTopics) {
        GroupPlan perTopic{stackChargeTopicGroup(topic), "range", {{topic, 0, producer.historyCount(topic, 0)}}, {}};
        DemoConsumer::Config &c = perTopic.addMember(
            "tcp-command-" + QString::fromStdString(topic).toLower().toStdString(), topic, DemoConsumer::Style::KeepUp);
        c.autoCommitIntervalMs = 1000;
        c.queuedMaxKBytes = 2048;
        plans.push_back(perTopic);
    }

    // One group id, two applications: order-api reads payments, inventory-sync reads inventory-events. The range
    // assignor then puts partition 0 of each topic on a different member, which one subscription never would.
    GroupPlan shared{kSharedGroup, "range", {}, {}};
    for (std::int32_t p = 0; p < kPaymentsPartitions; ++p)
        shared.startOffsets.push_back({kPayments, p, producer.historyCount(kPayments, p)});
    for (std::int32_t p = 0; p < kInventoryPartitions; ++p)
        shared.startOffsets.push_back({kInventory, p, kInventoryHistory});
    shared.addMember(kSharedGroupPaymentsClient, kPayments, DemoConsumer::Style::KeepUp).autoCommitIntervalMs = 1000;
    shared.addMember(kSharedGroupInventoryClient, kInventory, DemoConsumer::Style::KeepUp).autoCommitIntervalMs = 1000;
    plans.push_back(shared);

    // Assigned both partitions, committed only one: the other starts at "latest" and, with nothing new arriving,
    // is never consumed from and so never committed (librdkafka commits a partition only after consuming from it).
    GroupPlan audit{
        kInventoryAuditGroup, "range", {{kInventory, 1 - kInventoryAuditUncommittedPartition, kInventoryHistory}}, {}};
    audit.laterCommits.push_back({kInventory, kInventoryAuditUncommittedPartition, 0});
    {
        DemoConsumer::Config &c = audit.addMember("inventory-audit-1", kInventory, DemoConsumer::Style::KeepUp);
        c.autoOffsetReset = "latest";
        c.autoCommitIntervalMs = 1000;
    }
    plans.push_back(audit);

    // Slower than sol-trades receives: the lag grows for as long as the demo runs.
    GroupPlan archiver{kTradeArchiverGroup, "range", {}, {}};
    archiver.startBehind(producer, kSolTrades, kSolTradesPartitions, seed, 500, 20, 40);
    {
        DemoConsumer::Config &c =
            archiver.addMember("trade-archiver-s3-sink", kSolTrades, DemoConsumer::Style::Throttled);
        c.autoCommitIntervalMs = 2000;
        c.maxMessagesPerSecond = kTradeArchiverRate;
        c.seed = mix64(seed, 501);
    }
    plans.push_back(archiver);

    // A replay job on payments that seeks back and commits lower offsets every half minute.
    GroupPlan replay{kLedgerReplayGroup, "range", {}, {}};
    replay.startBehind(producer, kPayments, kPaymentsPartitions, seed, 600, 5, 15);
    {
        DemoConsumer::Config &c = replay.addMember("ledger-replay-job", kPayments, DemoConsumer::Style::Rewinding);
        c.autoCommitIntervalMs = 1000;
        c.rewindEveryMs = kLedgerReplayRewindEveryMs;
        c.rewindBy = kLedgerReplayRewindBy;
        c.maxMessagesPerSecond = 12; // payments receives about 5 a second: it catches up between rewinds
    }
    plans.push_back(replay);

    // A consumer that hangs on a message a few seconds in and stays in its group: its offset stalls.
    GroupPlan invoices{kInvoiceRendererGroup, "range", {}, {}};
    invoices.startBehind(producer, kPayments, kPaymentsPartitions, seed, 800, 0, 5);
    {
        DemoConsumer::Config &c = invoices.addMember("invoice-renderer-1", kPayments, DemoConsumer::Style::Stuck);
        c.autoCommitIntervalMs = 1000;
        c.stuckAfterMs = 10000;
    }
    plans.push_back(invoices);

    // An idle group whose offsets vanish shortly after start.
    GroupPlan nightly{kNightlyReportGroup, "range", {}, {}};
    nightly.startBehind(producer, kPayments, kPaymentsPartitions, seed, 700, 30, 60);
    nightly.vanishAfter = std::chrono::milliseconds(kNightlyReportVanishAfterMs);
    plans.push_back(nightly);

    // Rebuilding a search index from offset 0: steady, faster than the topic receives (nothing), yet hours to go.
    GroupPlan reindex{kSearchReindexGroup, "range", {{kCustomerProfiles, 0, 0}}, {}};
    {
        DemoConsumer::Config &c =
            reindex.addMember("search-indexer-rebuild", kCustomerProfiles, DemoConsumer::Style::KeepUp);
        c.autoCommitIntervalMs = 1000;
        c.maxMessagesPerSecond = kSearchReindexRate;
    }
    plans.push_back(reindex);

    // Stopped, with a commit far beyond the HW, as after the topic was deleted and recreated.
    plans.push_back({kInventoryRebuildGroup,
                     "range",
                     {{kInventory, 0, kInventoryRebuildCommitted}, {kInventory, 1, kInventoryHistory}},
                     {}});
    return plans;
}

} // namespace

struct DemoCluster::Private
{
    Options options;
    quint64 seed = 0;
    std::shared_ptr<DemoGroupTable> table = std::make_shared<DemoGroupTable>();
    std::shared_ptr<DemoGroupSource> source = std::make_shared<DemoGroupSource>(table);
    ClientPtr helper; // owns the mock cluster (librdkafka ties a mock cluster to a client instance)
    rd_kafka_mock_cluster_t *cluster = nullptr;
    QString bootstrap;
    StopSignal stop;
    std::unique_ptr<DemoProducer> producer;
    std::vector<std::unique_ptr<DemoConsumer>> consumers;
    bool running = false;

    bool startScenario(QString *error);
    void teardown();
};

DemoCluster::DemoCluster(QObject *parent)
    : DemoCluster(Options(), parent)
{}

DemoCluster::DemoCluster(Options options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->options = options;
}

DemoCluster::~DemoCluster()
{
    stop();
}

bool DemoCluster::start(QString *errorMessage)
{
    if (d->running)
        return true;
    QElapsedTimer timer;
    timer.start();
    d->seed = d->options.seed;
    while (d->seed == 0)
        d->seed = mix64(std::random_device()(),
                        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    d->table->clear();
    d->stop.reset();

    QString error;
    d->helper = createHandle(RD_KAFKA_PRODUCER, {{"client.id", "offsetlens-demo-mock"}}, {}, &error);
    if (d->helper)
        d->cluster = rd_kafka_mock_cluster_new(d->helper.get(), kBrokerCount);
    if (!d->cluster) {
        if (error.isEmpty())
            error = QStringLiteral("could not create librdkafka's mock cluster");
    } else {
        d->bootstrap = QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(d->cluster));
        const bool ok = d->options.scale.topics > 0 ? setUpScale(d->cluster, d->bootstrap.toStdString(),
                                                                 d->options.scale, d->seed, *d->table, &error)
                                                    : d->startScenario(&error);
        if (ok) {
            d->running = true;
            qCDebug(lcDemo, "demo cluster up on %s in %lld ms (seed %llu)", qUtf8Printable(d->bootstrap),
                    static_cast<long long>(timer.elapsed()), static_cast<unsigned long long>(d->seed));
            return true;
        }
    }
    d->teardown();
    if (errorMessage)
        *errorMessage = QStringLiteral("Demo cluster: %1").arg(error);
    return false;
}

bool DemoCluster::Private::startScenario(QString *error)
{
    const std::string servers = bootstrap.toStdString();
    auto createTopic = [&](const char *name, int partitions) {
        if (const rd_kafka_resp_err_t err = createMockTopic(cluster, name, partitions, kReplicationFactor)) {
            *error = QStringLiteral("creating %1: %2").arg(QString::fromUtf8(name), errorText(err));
            return false;
        }
        return true;
    };
    if (!createTopic(kSolTrades, kSolTradesPartitions) || !createTopic(kPayments, kPaymentsPartitions))
        return false;
    for (const char *topic : kScheduleTopics) {
        if (!createTopic(topic, 1))
            return false;
    }
    if (!createTopic(kInventory, kInventoryPartitions) || !createTopic(kCustomerProfiles, 1))
        return false;

    // Coordinators are pinned so that the demo can report them (the mock has no DescribeGroups).
    for (const char *groupId : {kDataFlowGroup, kKlineGroup, kPaymentsGroup, kBillingReplayGroup, kStackChargeGroup,
                                kSharedGroup, kInventoryAuditGroup, kInventoryRebuildGroup, kTradeArchiverGroup,
                                kLedgerReplayGroup, kNightlyReportGroup, kInvoiceRendererGroup, kSearchReindexGroup})
        pinMockCoordinator(cluster, groupId, coordinatorFor(groupId));
    for (const char *topic : kScheduleTopics) {
        const std::string groupId = stackChargeTopicGroup(topic);
        pinMockCoordinator(cluster, groupId, coordinatorFor(groupId));
    }

    producer = std::make_unique<DemoProducer>(seed, stop);
    if (!producer->create(servers, error) || !producer->produceHistory(error) ||
        !producer->produceFixed(kInventory, kInventoryPartitions, kInventoryHistory, error) ||
        !producer->produceFixed(kCustomerProfiles, 1, kCustomerProfilesHistory, error))
        return false;

    // Every group starts from committed offsets, written before any consumer joins (the mock refuses member-less
    // commits for a group that has members).
    const std::vector<GroupPlan> plans = scenarioGroups(*producer, seed);
    std::vector<GroupCommit> commits;
    for (const GroupPlan &plan : plans) {
        GroupCommit commit{plan.groupId, plan.startOffsets};
        QList<TopicPartition> committable = commit.partitions();
        committable += GroupCommit{plan.groupId, plan.laterCommits}.partitions();
        table->declareGroup(QString::fromStdString(plan.groupId), QString::fromStdString(plan.assignor),
                            coordinatorFor(plan.groupId), committable, plan.vanishAfter);
        commits.push_back(std::move(commit));
    }
    if (!commitGroupOffsets(servers, commits, 10s, error))
        return false;

    if (!options.traffic)
        return true;
    for (const GroupPlan &plan : plans) {
        for (const DemoConsumer::Config &config : plan.members) {
            auto consumer = std::make_unique<DemoConsumer>(config, table, stop);
            if (!consumer->start(servers, error))
                return false;
            consumers.push_back(std::move(consumer));
        }
    }
    producer->startTraffic();
    return true;
}

void DemoCluster::Private::teardown()
{
    // Clients first (consumers leave their groups while the brokers still answer), then the mock, then its owner.
    stop.request();
    for (const auto &consumer : consumers)
        consumer->join();
    consumers.clear();
    if (producer)
        producer->destroy();
    producer.reset();
    if (cluster)
        destroyMockCluster(cluster);
    cluster = nullptr;
    helper.reset();
    bootstrap.clear();
    running = false;
}

void DemoCluster::stop()
{
    if (d->running || d->helper)
        d->teardown();
}

bool DemoCluster::isRunning() const
{
    return d->running;
}

QString DemoCluster::bootstrapServers() const
{
    return d->bootstrap;
}

quint64 DemoCluster::seed() const
{
    return d->seed;
}

const DemoCluster::Options &DemoCluster::options() const
{
    return d->options;
}

std::shared_ptr<GroupSource> DemoCluster::groupSource() const
{
    return d->source;
}

std::shared_ptr<GroupSource> DemoCluster::scaleGroupSource(const ScaleOptions &scale, quint64 seed)
{
    auto table = std::make_shared<Demo::DemoGroupTable>();
    Demo::declareScaleGroups(Demo::scaleGroupCommits(scale, seed), *table);
    return std::make_shared<Demo::DemoGroupSource>(table);
}

} // namespace OffsetLens
