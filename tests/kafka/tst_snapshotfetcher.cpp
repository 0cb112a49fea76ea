#include "describe.h"
#include "groupsource.h"
#include "kafkaconnection.h"
#include "mockcluster.h"
#include "silentlistener.h"
#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QtTest>

using namespace OffsetLens;
using OffsetLens::Test::MockCluster;

namespace {
// Counts librdkafka's "Sent <Request>" debug lines, which reach Qt's logging through the offsetlens.kafka category.
QMutex g_logMutex;
QStringList g_sentRequests;
QtMessageHandler g_previousHandler = nullptr;

void captureHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "offsetlens.kafka") == 0) {
        const qsizetype at = message.indexOf(QLatin1StringView("Sent "));
        if (at >= 0) {
            const QMutexLocker lock(&g_logMutex);
            g_sentRequests.append(message.mid(at + 5).section(QLatin1Char(' '), 0, 0));
        }
        return;
    }
    g_previousHandler(type, context, message);
}

qsizetype sentCount(const QString &request)
{
    const QMutexLocker lock(&g_logMutex);
    return g_sentRequests.count(request);
}

void resetSent()
{
    const QMutexLocker lock(&g_logMutex);
    g_sentRequests.clear();
}

// Reports groups the way the demo cluster does: it knows its consumers, the broker does not.
class FakeGroupSource : public GroupSource
{
public:
    Listing listing;
    QStringList lastPinned;
    Listing fetchGroups(const QStringList &pinnedGroups, std::chrono::milliseconds, const std::atomic_bool &) override
    {
        lastPinned = pinnedGroups;
        return listing;
    }
};

const DescribeRow *findRow(const QList<DescribeRow> &rows, const QString &topic, int partition)
{
    for (const DescribeRow &row : rows) {
        if (row.tp.topic == topic && row.tp.partition == partition)
            return &row;
    }
    return nullptr;
}
} // namespace

class TestSnapshotFetcher : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;

    ConnectionProfile profile() const
    {
        ConnectionProfile p;
        p.name = QStringLiteral("mock");
        p.bootstrapServers = m_mock->bootstrapServers();
        p.pinnedGroups = {QStringLiteral("billing"), QStringLiteral("ghost")};
        p.requestTimeoutMs = 5000;
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        g_previousHandler = qInstallMessageHandler(captureHandler);
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(QStringLiteral("orders"), 3));
        QVERIFY(m_mock->createTopic(QStringLiteral("payments"), 2));
        QVERIFY(m_mock->createTopic(QStringLiteral("audit"), 1, 2));
        QVERIFY(m_mock->createTopic(QStringLiteral("wide"), 30));
        QVERIFY(m_mock->createTopic(QStringLiteral("__consumer_offsets"), 2));
        QVERIFY(m_mock->produce(QStringLiteral("orders"), 0, 5));
        QVERIFY(m_mock->produce(QStringLiteral("orders"), 1, 3));
        QVERIFY(m_mock->produce(QStringLiteral("payments"), 0, 7));
        QVERIFY(m_mock->produce(QStringLiteral("payments"), 1, 2));
        QVERIFY(m_mock->produce(QStringLiteral("audit"), 0, 4));
        QString error;
        QVERIFY2(m_mock->commit(QStringLiteral("billing"),
                                {{QStringLiteral("orders"), 0, 2, QStringLiteral("m1")},
                                 {QStringLiteral("orders"), 1, 3, QString()},
                                 {QStringLiteral("payments"), 0, 7, QString()}},
                                &error),
                 qPrintable(error));
        QVERIFY2(m_mock->commit(QStringLiteral("shipping"), {{QStringLiteral("audit"), 0, 1, QString()}}, &error),
                 qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        qInstallMessageHandler(g_previousHandler);
    }

    void reportsExactWatermarksAndCommits()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY2(ok, qPrintable(s.errors.join(QLatin1Char('\n'))));
        QVERIFY(s.isValid());
        QCOMPARE(s.takenAt.timeSpec(), Qt::UTC);
        QVERIFY(s.takenAt >= before.addMSecs(-1));
        QVERIFY(s.durationMs >= 0);
        QCOMPARE(s.profileName, QStringLiteral("mock"));
        QCOMPARE(s.bootstrapServers, m_mock->bootstrapServers());
        QCOMPARE(s.sequence, quint64(0)); // the session numbers snapshots, not the fetcher
        QVERIFY(!s.clusterId.isEmpty());

        // The controller is a live broker or unknown, never an id no broker has (the mock reports 0).
        QVERIFY2(s.controllerId == -1 || s.findBroker(s.controllerId), qPrintable(QString::number(s.controllerId)));
        for (const BrokerInfo &b : s.brokers)
            QCOMPARE(b.isController, b.id == s.controllerId);

        // Brokers: ids 1..3 at the addresses the mock listens on.
        QCOMPARE(s.brokers.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(s.brokers.at(i).id, i + 1);
            QCOMPARE(s.brokers.at(i).host, QStringLiteral("127.0.0.1"));
            QVERIFY(m_mock->bootstrapServers().contains(QStringLiteral(":%1").arg(s.brokers.at(i).port)));
            QVERIFY(s.brokers.at(i).rack.isEmpty());
        }

        // Topics sorted by name, partitions sorted, exact watermarks.
        QStringList names;
        for (const TopicInfo &t : s.topics)
            names.append(t.name);
        QCOMPARE(names, (QStringList{QStringLiteral("__consumer_offsets"), QStringLiteral("audit"),
                                     QStringLiteral("orders"), QStringLiteral("payments"), QStringLiteral("wide")}));
        QVERIFY(s.findTopic(QStringLiteral("__consumer_offsets"))->isInternal);
        QVERIFY(!s.findTopic(QStringLiteral("orders"))->isInternal);
        const TopicInfo *orders = s.findTopic(QStringLiteral("orders"));
        QCOMPARE(orders->partitionCount(), 3);
        QCOMPARE(orders->replicationFactor, 3);
        QCOMPARE(s.findTopic(QStringLiteral("audit"))->replicationFactor,
                 s.findTopic(QStringLiteral("audit"))->partitions.at(0).replicas.size());
        const QList<std::tuple<QString, int, qint64>> expectedHw{
            {QStringLiteral("orders"), 0, 5},   {QStringLiteral("orders"), 1, 3},   {QStringLiteral("orders"), 2, 0},
            {QStringLiteral("payments"), 0, 7}, {QStringLiteral("payments"), 1, 2}, {QStringLiteral("audit"), 0, 4},
        };
        for (const auto &[topic, partition, hw] : expectedHw) {
            const PartitionInfo *p = s.findPartition({topic, partition});
            QVERIFY(p);
            QCOMPARE(p->partition, partition);
            QVERIFY2(p->error.isEmpty(), qPrintable(p->error));
            QCOMPARE(p->logStartOffset, 0);
            QCOMPARE(p->highWatermark, hw);
            QCOMPARE(p->lastStableOffset, hw);    // no transactions: LSO == HW
            QCOMPARE(p->logEndOffset, kNoOffset); // never invented
            QVERIFY(p->leader >= 1 && p->leader <= 3);
            QVERIFY(p->replicas.contains(p->leader));
            QCOMPARE(p->isr, p->replicas);
            QVERIFY(p->offlineReplicas.isEmpty());
        }

        // The mock cannot list groups: the pinned ones are shown, with the reason.
        QVERIFY(!s.groupsListedByBroker);
        QVERIFY2(s.errors.join(QLatin1Char('\n')).contains(QStringLiteral("did not answer ListGroups")),
                 qPrintable(s.errors.join(QLatin1Char('\n'))));
        QVERIFY(s.errors.join(QLatin1Char('\n')).contains(QStringLiteral("showing pinned groups only")));
        QCOMPARE(s.groups.size(), 2);
        QCOMPARE(s.groups.at(0).groupId, QStringLiteral("billing"));
        QCOMPARE(s.groups.at(1).groupId, QStringLiteral("ghost"));
        const GroupInfo *billing = s.findGroup(QStringLiteral("billing"));
        QCOMPARE(billing->source, GroupSourceKind::Pinned);
        QCOMPARE(billing->state, GroupState::Unknown);
        QVERIFY2(billing->error.isEmpty(), qPrintable(billing->error));
        QCOMPARE(billing->offsets.size(), 3);
        QCOMPARE(billing->offsets.at(0).tp, (TopicPartition{QStringLiteral("orders"), 0}));
        QCOMPARE(billing->offsets.at(0).offset, 2);
        QCOMPARE(billing->offsets.at(0).metadata, QStringLiteral("m1"));
        QCOMPARE(billing->offsets.at(0).leaderEpoch, -1);
        QCOMPARE(billing->offsets.at(1).tp, (TopicPartition{QStringLiteral("orders"), 1}));
        QCOMPARE(billing->offsets.at(1).offset, 3);
        QCOMPARE(billing->offsets.at(2).tp, (TopicPartition{QStringLiteral("payments"), 0}));
        QCOMPARE(billing->offsets.at(2).offset, 7);
        QVERIFY(s.findGroup(QStringLiteral("ghost"))->offsets.isEmpty());

        // Lag as kafka-consumer-groups --describe computes it.
        const QList<DescribeRow> rows = describeGroup(s, *billing);
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).tp, (TopicPartition{QStringLiteral("orders"), 0}));
        QCOMPARE(rows.at(0).currentOffset, 2);
        QCOMPARE(rows.at(0).logEndOffset, 5);
        QCOMPARE(rows.at(0).lag.lag, std::optional<qint64>(3));
        QCOMPARE(rows.at(1).lag.lag, std::optional<qint64>(0));
        QCOMPARE(rows.at(2).lag.lag, std::optional<qint64>(0));
        QCOMPARE(summarize(rows).totalLag, 3);

        // A second refresh reuses the clients and gives the same answer.
        bool ok2 = false;
        const ClusterSnapshot again = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok2);
        QVERIFY(ok2);
        QCOMPARE(again.findGroup(QStringLiteral("billing"))->offsets, billing->offsets);
        QCOMPARE(again.topics, s.topics);
    }

    void requestsAreBatched()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("offsetlens.kafka.debug=true"));
        ConnectionProfile p = profile();
        p.clientProperties.insert(QStringLiteral("debug"), QStringLiteral("protocol"));
        SnapshotFetcher fetcher(p);
        const std::atomic_bool cancelled{false};
        bool ok = false;
        fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok); // warm-up: connections, learning
        resetSent();
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QLoggingCategory::setFilterRules(QStringLiteral("offsetlens.kafka.debug=false"));
        QVERIFY(ok);
        qsizetype partitions = 0;
        for (const TopicInfo &t : s.topics)
            partitions += t.partitionCount();
        QCOMPARE(partitions, 38);
        // 3 lookups (earliest, latest, latest read_committed) x 3 leaders at most, instead of 3 x 38.
        const qsizetype listOffsets = sentCount(QStringLiteral("ListOffsetsRequest"));
        QVERIFY2(listOffsets >= 3 && listOffsets <= 9, qPrintable(QString::number(listOffsets)));
        // One OffsetFetch per group (the mock needs the explicit list, learnt in the warm-up).
        QCOMPARE(sentCount(QStringLiteral("OffsetFetchRequest")), 2);
        QCOMPARE(sentCount(QStringLiteral("MetadataRequest")) >= 1, true);
    }

    void fakeGroupSourceMembersAppear()
    {
        auto source = std::make_shared<FakeGroupSource>();
        GroupInfo billing;
        billing.groupId = QStringLiteral("billing");
        billing.state = GroupState::Stable;
        billing.protocolType = QStringLiteral("consumer");
        billing.assignor = QStringLiteral("range");
        billing.coordinatorId = 2;
        billing.source = GroupSourceKind::Demo;
        GroupMember member;
        member.memberId = QStringLiteral("consumer-1-abc");
        member.clientId = QStringLiteral("consumer-1");
        member.host = QStringLiteral("/10.0.0.7");
        member.assignment = {{QStringLiteral("orders"), 0}, {QStringLiteral("orders"), 2}};
        billing.members = {member};
        billing.positions.insert({QStringLiteral("orders"), 0}, 4);
        GroupInfo idle;
        idle.groupId = QStringLiteral("idle");
        idle.state = GroupState::Empty;
        idle.source = GroupSourceKind::Demo;
        source->listing.groups = {idle, billing};
        source->listing.complete = true;

        ConnectionProfile p = profile();
        SnapshotFetcher fetcher(p);
        fetcher.setGroupSource(source);
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(ok);
        QCOMPARE(source->lastPinned, p.pinnedGroups);
        QVERIFY(!s.groupsListedByBroker); // not the broker's list
        QCOMPARE(s.groups.size(), 2);
        QCOMPARE(s.groups.at(0).groupId, QStringLiteral("billing")); // sorted
        const GroupInfo *g = s.findGroup(QStringLiteral("billing"));
        QCOMPARE(g->state, GroupState::Stable);
        QCOMPARE(g->source, GroupSourceKind::Demo);
        QCOMPARE(g->assignor, QStringLiteral("range"));
        QCOMPARE(g->coordinatorId, 2);
        QCOMPARE(g->members.size(), 1);
        QCOMPARE(g->offsets.size(), 3); // committed offsets still come from the broker

        const QList<DescribeRow> rows = describeGroup(s, *g);
        QCOMPARE(rows.size(), 4); // 2 assigned + 2 committed without owner
        QCOMPARE(rows.at(0).tp, (TopicPartition{QStringLiteral("orders"), 0}));
        QCOMPARE(rows.at(0).consumerId, QStringLiteral("consumer-1-abc"));
        QCOMPARE(rows.at(0).clientId, QStringLiteral("consumer-1"));
        QCOMPARE(rows.at(0).host, QStringLiteral("/10.0.0.7"));
        QCOMPARE(rows.at(0).position, 4);
        QCOMPARE(rows.at(0).lag.lag, std::optional<qint64>(3));
        // Assigned but never committed: no lag value.
        QCOMPARE(rows.at(1).tp, (TopicPartition{QStringLiteral("orders"), 2}));
        QCOMPARE(rows.at(1).currentOffset, kNoOffset);
        QVERIFY(!rows.at(1).lag.lag.has_value());
        QCOMPARE(rows.at(1).lag.status, OffsetStatus::NoCommit);
        QVERIFY(findRow(rows, QStringLiteral("payments"), 0));
        QVERIFY(findRow(rows, QStringLiteral("payments"), 0)->consumerId.isEmpty());
        QVERIFY(!findRow(rows, QStringLiteral("payments"), 1)); // neither assigned nor committed
        QVERIFY(s.findGroup(QStringLiteral("idle"))->offsets.isEmpty());
    }

    // A listing that missed part of the cluster keeps the groups the last refresh had, their commits read afresh
    // and their state marked with when it was read; a complete listing without them lets them go.
    void groupsMissingFromAPartialListingStay()
    {
        auto source = std::make_shared<FakeGroupSource>();
        GroupInfo billing;
        billing.groupId = QStringLiteral("billing");
        billing.state = GroupState::Stable;
        billing.source = GroupSourceKind::Demo;
        GroupInfo idle;
        idle.groupId = QStringLiteral("idle");
        idle.state = GroupState::Empty;
        idle.source = GroupSourceKind::Demo;
        GroupInfo gone; // no commits: deleted by the time the listing misses it
        gone.groupId = QStringLiteral("gone");
        gone.state = GroupState::Empty;
        gone.source = GroupSourceKind::Demo;
        source->listing.groups = {idle, billing, gone};
        source->listing.complete = true;
        SnapshotFetcher fetcher(profile());
        fetcher.setGroupSource(source);
        SnapshotFetcher::Options options;
        options.carryForward = true;
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot first = fetcher.fetch(options, cancelled, &ok);
        QVERIFY(ok);
        QCOMPARE(first.findGroup(QStringLiteral("billing"))->offsets.size(), 3);

        source->listing.groups = {idle};
        source->listing.complete = false;
        source->listing.errors = {QStringLiteral("Some brokers did not answer ListGroups")};
        const ClusterSnapshot second = fetcher.fetch(options, cancelled, &ok);
        const GroupInfo *kept = second.findGroup(QStringLiteral("billing"));
        QVERIFY(kept);
        QCOMPARE(kept->state, GroupState::Stable);
        QCOMPARE(kept->listedAtMs, first.takenAt.toMSecsSinceEpoch());
        QVERIFY2(kept->error.startsWith(QStringLiteral("Not listed by this refresh")), qPrintable(kept->error));
        QCOMPARE(kept->offsets.size(), 3); // read by this refresh, not carried
        for (const CommittedOffset &o : kept->offsets)
            QCOMPARE(o.carriedFromMs, 0);
        QCOMPARE(second.findGroup(QStringLiteral("idle"))->listedAtMs, 0);
        // Not listed and without a commit read now: deleted meanwhile, not carried.
        QVERIFY(first.findGroup(QStringLiteral("gone")));
        QVERIFY(!second.findGroup(QStringLiteral("gone")));

        // Still missing: it keeps the time it was last listed.
        const ClusterSnapshot third = fetcher.fetch(options, cancelled, &ok);
        QCOMPARE(third.findGroup(QStringLiteral("billing"))->listedAtMs, first.takenAt.toMSecsSinceEpoch());

        // A complete listing without it: the group is gone.
        source->listing.complete = true;
        source->listing.errors.clear();
        const ClusterSnapshot fourth = fetcher.fetch(options, cancelled, &ok);
        QVERIFY(!fourth.findGroup(QStringLiteral("billing")));
    }

    // offsets.retention.minutes: the mock's brokers do not serve DescribeConfigs, so the snapshot says why it is
    // unknown (and the refresh is not held up by asking); a source that stands in for the brokers gives its own.
    void offsetsRetentionReadOrExplained()
    {
        SnapshotFetcher fetcher(profile());
        const std::atomic_bool cancelled{false};
        bool ok = false;
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(ok);
        QVERIFY(!s.offsetsRetentionMinutes);
        QVERIFY2(!s.offsetsRetentionNote.isEmpty(), "no reason given");
        qInfo() << "retention unknown:" << s.offsetsRetentionNote << "; refresh took" << timer.elapsed() << "ms";
        const ClusterSnapshot again = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QCOMPARE(again.offsetsRetentionNote, s.offsetsRetentionNote); // kept, not asked for at every refresh

        struct OwnRetention final : FakeGroupSource
        {
            std::optional<BrokerSetting> offsetsRetention() const override
            {
                BrokerSetting setting;
                setting.value = 1440;
                setting.final = true;
                return setting;
            }
        };
        SnapshotFetcher demoLike(profile());
        demoLike.setGroupSource(std::make_shared<OwnRetention>());
        const ClusterSnapshot own = demoLike.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(ok);
        QCOMPARE(own.offsetsRetentionMinutes, std::optional<qint64>(1440));
        QVERIFY(own.offsetsRetentionNote.isEmpty());
    }

    void onlyGroupsRestricts()
    {
        SnapshotFetcher fetcher(profile());
        SnapshotFetcher::Options options;
        options.onlyGroups = {QStringLiteral("shipping")}; // not pinned: asked for by name
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot s = fetcher.fetch(options, cancelled, &ok);
        QVERIFY(ok);
        QCOMPARE(s.groups.size(), 1);
        QCOMPARE(s.groups.at(0).groupId, QStringLiteral("shipping"));
        QCOMPARE(s.groups.at(0).offsets.size(), 1);
        QCOMPARE(s.groups.at(0).offsets.at(0).offset, 1);
        QCOMPARE(s.groups.at(0).offsets.at(0).tp, (TopicPartition{QStringLiteral("audit"), 0}));

        options.includeGroups = false;
        options.includeInternalTopics = false;
        const ClusterSnapshot noGroups = fetcher.fetch(options, cancelled, &ok);
        QVERIFY(ok);
        QVERIFY(noGroups.groups.isEmpty());
        QVERIFY(!noGroups.findTopic(QStringLiteral("__consumer_offsets")));
        QVERIFY(noGroups.findTopic(QStringLiteral("orders")));
    }

    void committedPartitionHintsAreUsed()
    {
        // A source that knows where its group commits spares the fetcher asking for every partition on the mock.
        auto source = std::make_shared<FakeGroupSource>();
        GroupInfo billing;
        billing.groupId = QStringLiteral("billing");
        source->listing.groups = {billing};
        source->listing.committedPartitions.insert(QStringLiteral("billing"), {{QStringLiteral("orders"), 0}});
        SnapshotFetcher fetcher(profile());
        fetcher.setGroupSource(source);
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(ok);
        const GroupInfo *g = s.findGroup(QStringLiteral("billing"));
        QVERIFY(g);
        QCOMPARE(g->offsets.size(), 1);
        QCOMPARE(g->offsets.at(0).offset, 2);
    }

    void oneGroupsCoordinatorFailingSpoilsOnlyThatGroup()
    {
        // billing and shipping on different coordinators; shipping's refuses the next OffsetFetch.
        QCOMPARE(rd_kafka_mock_coordinator_set(m_mock->handle(), "group", "billing", 1), RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(rd_kafka_mock_coordinator_set(m_mock->handle(), "group", "shipping", 2), RD_KAFKA_RESP_ERR_NO_ERROR);
        QCOMPARE(rd_kafka_mock_broker_push_request_error_rtts(m_mock->handle(), 2, 9 /* OffsetFetch */, 1,
                                                              RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED, 0),
                 RD_KAFKA_RESP_ERR_NO_ERROR);
        ConnectionProfile p = profile();
        p.pinnedGroups = {QStringLiteral("billing"), QStringLiteral("shipping")};
        SnapshotFetcher fetcher(p);
        const std::atomic_bool cancelled{false};
        bool ok = false;
        ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY2(ok, qPrintable(s.errors.join(QLatin1Char('\n'))));

        const GroupInfo *billing = s.findGroup(QStringLiteral("billing"));
        QVERIFY(billing);
        QVERIFY2(billing->error.isEmpty(), qPrintable(billing->error));
        QVERIFY(billing->findOffset({QStringLiteral("orders"), 0}));
        QCOMPARE(billing->findOffset({QStringLiteral("orders"), 0})->offset, 2);

        const GroupInfo *shipping = s.findGroup(QStringLiteral("shipping"));
        QVERIFY(shipping);
        QString shippingProblems = shipping->error;
        for (const CommittedOffset &o : shipping->offsets)
            shippingProblems += o.error;
        QVERIFY2(shippingProblems.contains(QStringLiteral("uthoriz")), qPrintable(shippingProblems));
        // Never a made-up commit: a failed fetch does not report offsets as if they were read.
        for (const CommittedOffset &o : shipping->offsets)
            QVERIFY(o.offset < 0 || o.error.isEmpty());

        // The error was one-off: the next refresh reads shipping's commit again.
        s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        shipping = s.findGroup(QStringLiteral("shipping"));
        QVERIFY(shipping && shipping->error.isEmpty());
        QVERIFY(shipping->findOffset({QStringLiteral("audit"), 0}));
        QCOMPARE(shipping->findOffset({QStringLiteral("audit"), 0})->offset, 1);
    }

    void unknownClientPropertyIsRejected()
    {
        ConnectionProfile p = profile();
        p.clientProperties.insert(QStringLiteral("no.such.property"), QStringLiteral("1"));
        SnapshotFetcher fetcher(p);
        const std::atomic_bool cancelled{false};
        bool ok = true;
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(!ok);
        QCOMPARE(s.errors.size(), 1);
        QVERIFY2(s.errors.at(0).contains(QStringLiteral("no.such.property")), qPrintable(s.errors.at(0)));
        QVERIFY(s.brokers.isEmpty());
    }

    void unreachableBootstrapFailsWithinTimeout()
    {
        ConnectionProfile p;
        p.name = QStringLiteral("nowhere");
        p.bootstrapServers = QStringLiteral("127.0.0.1:1");
        p.requestTimeoutMs = 2000;
        SnapshotFetcher fetcher(p);
        const std::atomic_bool cancelled{false};
        bool ok = true;
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        const qint64 elapsed = timer.elapsed();
        qInfo() << "unreachable bootstrap answered after" << elapsed << "ms:" << s.errors;
        QVERIFY(!ok);
        QVERIFY(elapsed < 1500); // a refused port is known at once: no waiting for the request timeout
        QVERIFY(s.brokers.isEmpty());
        QCOMPARE(s.errors.size(), 1);
        QCOMPARE(s.errors.at(0), QStringLiteral("Could not reach any broker at 127.0.0.1:1: connection refused: "
                                                "nothing listens on 127.0.0.1:1"));
        QVERIFY(s.isValid());
    }

    void cancelledFetchReturnsPromptly()
    {
        const OffsetLens::Test::SilentListener silent; // a refused port would fail before the cancel
        ConnectionProfile p;
        p.bootstrapServers = silent.bootstrapServers();
        p.requestTimeoutMs = 10000;
        SnapshotFetcher fetcher(p);
        std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        std::thread canceller([&]() {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancelled = true;
        });
        bool ok = true;
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        canceller.join();
        QVERIFY(!ok);
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(s.errors.join(QLatin1Char(' ')).contains(QStringLiteral("cancelled")));
    }

    // Cancel reaches every wait of a refresh, also those librdkafka would otherwise hold for the whole request
    // timeout: ListOffsets in flight when a broker goes down (the others answer slowly, so the phase is certainly
    // still waiting), and a metadata request slow brokers have not answered yet. Each case takes 6-8 s when the wait
    // ignores cancel: measured by removing the cancel checks.
    void cancelReachesEveryPhase_data()
    {
        QTest::addColumn<QString>("phase");
        QTest::newRow("watermarks, a broker going down") << QStringLiteral("watermarks");
        QTest::newRow("metadata, slow answer") << QStringLiteral("metadata");
    }

    void cancelReachesEveryPhase()
    {
        QFETCH(QString, phase);
        MockCluster mock(3); // of its own: brokers go down and slow here
        QVERIFY(mock.createTopic(QStringLiteral("events"), 6));
        for (int p = 0; p < 6; ++p) // broker 2, taken down below, leads partitions 1 and 4
            QVERIFY(mock.setLeader(QStringLiteral("events"), p, p % 3 + 1));
        ConnectionProfile p;
        p.bootstrapServers = mock.bootstrapServers();
        p.requestTimeoutMs = 8000;
        auto connection = std::make_shared<KafkaConnection>(p);
        SnapshotFetcher fetcher(connection);
        std::atomic_bool cancelled{false};
        bool ok = false;
        fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok); // connected and warm
        QVERIFY(ok);

        std::atomic_bool inPhase{false};
        const bool watermarks = phase == QLatin1String("watermarks");
        // Runs on the fetch's thread as the phase begins, before any of its requests is sent.
        const JobContext context(connection, cancelled, [&](const JobProgress &progress) {
            if (!progress.step.contains(phase, Qt::CaseInsensitive))
                return;
            if (watermarks) {
                mock.setRtt(-1, 6000); // every ListOffsets answer takes 6 s...
                mock.setBrokerDown(2); // ...and broker 2 goes down on top
            }
            inPhase = true;
        });
        if (!watermarks)
            mock.setRtt(-1, 6000); // every broker takes 6 s to answer metadata
        QElapsedTimer sinceCancel; // how long the fetch went on after cancel: the claim under test
        std::thread canceller([&] {
            while (!inPhase)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            sinceCancel.start();
            cancelled = true;
        });
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), context, &ok);
        canceller.join();
        const qint64 ms = sinceCancel.elapsed();
        mock.setBrokerUp(2);
        mock.setRtt(-1, 0);
        qInfo() << phase << "phase: the fetch returned" << ms << "ms after cancel";
        QVERIFY(!ok);
        QVERIFY(s.errors.join(QLatin1Char(' ')).contains(QStringLiteral("cancelled")));
        QVERIFY2(ms < 500, qPrintable(QString::number(ms)));
    }

    void brokerDownYieldsPartialSnapshot()
    {
        // A cluster of its own: taking a broker down must not disturb the other tests.
        MockCluster mock(3);
        QVERIFY(mock.createTopic(QStringLiteral("events"), 6));
        QList<std::pair<QString, int>> all;
        for (int p = 0; p < 6; ++p) {
            // Spread the leaders: the mock picks them at random, and now and then all six landed on one broker.
            QVERIFY(mock.setLeader(QStringLiteral("events"), p, p % 3 + 1));
            all.append({QStringLiteral("events"), p});
        }
        QVERIFY(mock.produceMany(all, 4));
        QVERIFY(mock.commit(QStringLiteral("readers"), {{QStringLiteral("events"), 0, 1, QString()},
                                                        {QStringLiteral("events"), 3, 2, QString()}}));
        ConnectionProfile p;
        p.name = QStringLiteral("flaky");
        p.bootstrapServers = mock.bootstrapServers();
        p.pinnedGroups = {QStringLiteral("readers")};
        p.requestTimeoutMs = 2000;
        SnapshotFetcher fetcher(p);
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot first = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        QVERIFY(ok);
        for (const PartitionInfo &partition : first.findTopic(QStringLiteral("events"))->partitions)
            QCOMPARE(partition.highWatermark, 4);

        // Take down the leader of partition 0.
        const qint32 down = first.findPartition({QStringLiteral("events"), 0})->leader;
        mock.setBrokerDown(down);
        QElapsedTimer timer;
        timer.start();
        const ClusterSnapshot second = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        qInfo() << "with broker" << down << "down the refresh took" << timer.elapsed()
                << "ms; errors:" << second.errors;
        QVERIFY(ok); // the cluster was reached
        QVERIFY(timer.elapsed() < 3 * p.requestTimeoutMs + 3000);
        QVERIFY(!second.errors.isEmpty());
        int withWatermark = 0;
        int withError = 0;
        for (const PartitionInfo &partition : second.findTopic(QStringLiteral("events"))->partitions) {
            if (partition.leader == down) {
                QCOMPARE(partition.highWatermark, kNoOffset); // not invented
                QVERIFY(!partition.error.isEmpty());
                ++withError;
            } else {
                QCOMPARE(partition.highWatermark, 4);
                QCOMPARE(partition.logStartOffset, 0);
                QVERIFY2(partition.error.isEmpty(), qPrintable(partition.error));
                ++withWatermark;
            }
        }
        QVERIFY(withError > 0);
        QVERIFY(withWatermark > 0);
        QVERIFY(second.errors.join(QLatin1Char('\n')).contains(QStringLiteral("Broker %1").arg(down)));
        mock.setBrokerUp(down);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotFetcher)
#include "tst_snapshotfetcher.moc"
