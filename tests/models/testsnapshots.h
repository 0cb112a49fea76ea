#pragma once

#include "snapshotfacts.h"

#include <QDateTime>

// Small helpers to build ClusterSnapshot values by hand in tests and benchmarks (shared by tests/models and
// tests/widgets).
namespace OffsetLens::TestSnapshots {

inline PartitionInfo partition(qint32 id, qint64 logStart, qint64 hw, qint32 leader = 1,
                               QList<qint32> replicas = {1, 2, 3}, QList<qint32> isr = {1, 2, 3})
{
    PartitionInfo p;
    p.partition = id;
    p.leader = leader;
    p.replicas = replicas;
    p.isr = isr;
    p.logStartOffset = logStart;
    p.highWatermark = hw;
    p.lastStableOffset = hw;
    return p;
}

inline TopicInfo topic(const QString &name, QList<PartitionInfo> partitions, bool internal = false)
{
    TopicInfo t;
    t.name = name;
    t.isInternal = internal;
    t.replicationFactor = partitions.isEmpty() ? 0 : qint32(partitions.first().replicas.size());
    t.partitions = partitions;
    return t;
}

inline CommittedOffset committed(const QString &topicName, qint32 partitionId, qint64 offset)
{
    CommittedOffset c;
    c.tp = {topicName, partitionId};
    c.offset = offset;
    return c;
}

inline GroupMember member(const QString &id, const QString &clientId, const QString &host,
                          QList<TopicPartition> assignment)
{
    GroupMember m;
    m.memberId = id;
    m.clientId = clientId;
    m.host = host;
    m.assignment = assignment;
    return m;
}

inline GroupInfo group(const QString &id, GroupState state, QList<CommittedOffset> offsets,
                       QList<GroupMember> members = {}, GroupSourceKind source = GroupSourceKind::Broker)
{
    GroupInfo g;
    g.groupId = id;
    g.state = state;
    g.protocolType = QStringLiteral("consumer");
    g.assignor = members.isEmpty() ? QString() : QStringLiteral("range");
    g.coordinatorId = 1;
    g.source = source;
    g.members = members;
    g.offsets = offsets;
    return g;
}

inline QList<BrokerInfo> threeBrokers()
{
    QList<BrokerInfo> brokers;
    for (qint32 id = 1; id <= 3; ++id) {
        BrokerInfo b;
        b.id = id;
        b.host = QStringLiteral("broker%1.local").arg(id);
        b.port = quint16(9091 + id);
        b.isController = id == 1;
        brokers.append(b);
    }
    return brokers;
}

inline ClusterSnapshot base(quint64 sequence = 1)
{
    ClusterSnapshot s;
    s.profileId = QStringLiteral("test-id");
    s.profileName = QStringLiteral("test");
    s.bootstrapServers = QStringLiteral("broker1.local:9092");
    s.clusterId = QStringLiteral("cluster-1");
    s.controllerId = 1;
    s.sequence = sequence;
    s.takenAt = QDateTime::fromSecsSinceEpoch(1700000000 + qint64(sequence), Qt::UTC);
    s.brokers = threeBrokers();
    s.groupsListedByBroker = true;
    return s;
}

// N topics x P partitions and G groups each committed on every partition of `topicsPerGroup` topics: the scale
// of the benchmark (100 x 100 and 200 groups x 2 topics = 40,000 committed rows).
inline ClusterSnapshot synthetic(int topics, int partitions, int groups, int topicsPerGroup, qint64 offsetBump,
                                 quint64 sequence)
{
    ClusterSnapshot s = base(sequence);
    s.topics.reserve(topics);
    for (int t = 0; t < topics; ++t) {
        TopicInfo info;
        info.name = QStringLiteral("topic-%1").arg(t, 4, 10, QLatin1Char('0'));
        info.replicationFactor = 3;
        info.partitions.reserve(partitions);
        for (int p = 0; p < partitions; ++p) {
            const qint64 hw = 100000 + p * 10 + offsetBump;
            info.partitions.append(partition(p, 1000, hw, 1 + (p % 3)));
        }
        s.topics.append(info);
    }
    s.groups.reserve(groups);
    for (int g = 0; g < groups; ++g) {
        GroupInfo info;
        info.groupId = QStringLiteral("group-%1").arg(g, 4, 10, QLatin1Char('0'));
        info.state = g % 2 ? GroupState::Stable : GroupState::Empty;
        info.coordinatorId = 1 + g % 3;
        QList<TopicPartition> assignment;
        for (int k = 0; k < topicsPerGroup; ++k) {
            const QString &topicName = s.topics[(g + k) % topics].name;
            for (int p = 0; p < partitions; ++p) {
                info.offsets.append(committed(topicName, p, 90000 + p * 10 + (g % 7 == 0 ? offsetBump / 2 : 0)));
                assignment.append({topicName, p});
            }
        }
        std::sort(info.offsets.begin(), info.offsets.end(),
                  [](const CommittedOffset &a, const CommittedOffset &b) { return a.tp < b.tp; });
        if (info.state == GroupState::Stable) {
            // Two members sharing the partitions, so describe has member rows as well.
            const qsizetype half = assignment.size() / 2;
            info.members.append(member(QStringLiteral("consumer-a-%1").arg(g), QStringLiteral("client-a"),
                                       QStringLiteral("/10.0.0.1"), assignment.mid(0, half)));
            info.members.append(member(QStringLiteral("consumer-b-%1").arg(g), QStringLiteral("client-b"),
                                       QStringLiteral("/10.0.0.2"), assignment.mid(half)));
        }
        s.groups.append(info);
    }
    return s;
}

// What a refresh job hands the views: the snapshot with its derived facts.
inline AnalyzedSnapshot analyzed(const ClusterSnapshot &snapshot)
{
    return AnalyzedSnapshot(snapshot);
}

} // namespace OffsetLens::TestSnapshots
