#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <compare>
#include <optional>
#include <span>

namespace OffsetLens {

// The value our types use for "no offset known". Kafka itself uses -1 for "no committed offset" in OffsetFetch.
inline constexpr qint64 kNoOffset = -1;

struct TopicPartition
{
    QString topic;
    qint32 partition = -1;

    friend bool operator==(const TopicPartition &, const TopicPartition &) = default;
    friend auto operator<=>(const TopicPartition &a, const TopicPartition &b)
    {
        if (const int c = QString::compare(a.topic, b.topic); c != 0)
            return c <=> 0;
        return a.partition <=> b.partition;
    }
};

// "orders-3", as Kafka names a partition in logs and tools. Concatenated, not arg()-built: a topic name may itself
// contain "%1".
QString partitionName(const TopicPartition &tp);

inline size_t qHash(const TopicPartition &tp, size_t seed = 0) noexcept
{
    return qHashMulti(seed, tp.topic, tp.partition);
}

struct BrokerInfo
{
    qint32 id = -1;
    QString host;
    quint16 port = 0;
    QString rack; // empty: unknown (librdkafka 2.0.2 does not expose the rack to clients)
    bool isController = false;

    friend bool operator==(const BrokerInfo &, const BrokerInfo &) = default;
};

// Which of a partition's offsets a refresh carried over from an earlier one (PartitionInfo::carried).
enum CarriedOffset : quint8
{
    CarriedLogStart = 1,
    CarriedHighWatermark = 2,
    CarriedLastStable = 4,
};

struct PartitionInfo
{
    qint32 partition = -1;
    qint32 leader = -1; // -1: leaderless
    QList<qint32> replicas;
    QList<qint32> isr;
    QList<qint32> offlineReplicas;
    qint64 logStartOffset = kNoOffset;   // ListOffsets earliest
    qint64 highWatermark = kNoOffset;    // ListOffsets latest, read_uncommitted
    qint64 lastStableOffset = kNoOffset; // ListOffsets latest, read_committed
    // The leader's log end offset. Brokers do not report it to clients, so this stays kNoOffset unless a source
    // that really knows it (JMX, an exporter) filled it in. Never derive it from the HW.
    qint64 logEndOffset = kNoOffset;
    QString error; // metadata or offset-lookup error for this partition, empty when fine
    // Offsets this refresh could not read, shown as the last refresh that did read them saw them (carryForward):
    // which ones (CarriedOffset flags) and when they were read (ms since the epoch). 0: all read by this refresh.
    quint8 carried = 0;
    qint64 carriedFromMs = 0;

    bool isUnderReplicated() const { return isr.size() < replicas.size(); }
    // Messages currently retained (HW - log start), or kNoOffset when either end is unknown.
    qint64 messageCount() const
    {
        return (logStartOffset >= 0 && highWatermark >= 0) ? highWatermark - logStartOffset : kNoOffset;
    }

    friend bool operator==(const PartitionInfo &, const PartitionInfo &) = default;
};

struct TopicInfo
{
    QString name;
    bool isInternal = false;
    qint32 replicationFactor = 0;
    QList<PartitionInfo> partitions; // sorted by partition id
    QString error;

    qsizetype partitionCount() const { return partitions.size(); }
    const PartitionInfo *findPartition(qint32 partition) const;

    friend bool operator==(const TopicInfo &, const TopicInfo &) = default;
};

// Values and order follow Kafka's ConsumerGroupState (and librdkafka's rd_kafka_consumer_group_state_t).
enum class GroupState
{
    Unknown,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
    Empty,
};
QString groupStateName(GroupState state); // "Stable", "Empty", ... as the Kafka CLI prints them

// Where a group's listing/description came from. Committed offsets always come from the broker (OffsetFetch).
enum class GroupSourceKind
{
    Broker, // ListGroups / DescribeGroups
    Pinned, // a group id from the profile; the broker could not list or describe it, so its state is unknown
    Demo,   // reported by the embedded demo cluster, which knows its own consumers
};

struct GroupMember
{
    QString memberId;
    QString groupInstanceId;
    QString clientId;
    QString host;
    QList<TopicPartition> assignment;

    friend bool operator==(const GroupMember &, const GroupMember &) = default;
};

struct CommittedOffset
{
    TopicPartition tp;
    qint64 offset = kNoOffset; // kNoOffset: the group has no commit for this partition
    QString metadata;
    qint32 leaderEpoch = -1; // -1: unknown (librdkafka 2.0.2 does not expose it)
    QString error;
    // Not read by this refresh: the commit an earlier refresh read, at this time (ms since the epoch); 0: read now.
    qint64 carriedFromMs = 0;

    friend bool operator==(const CommittedOffset &, const CommittedOffset &) = default;
};

struct GroupInfo
{
    QString groupId;
    GroupState state = GroupState::Unknown;
    QString protocolType; // "consumer", or empty for simple (assign()-based) groups
    QString assignor;     // partition assignment strategy, e.g. "range"
    qint32 coordinatorId = -1;
    bool isSimple = false;
    GroupSourceKind source = GroupSourceKind::Broker;
    QList<GroupMember> members;
    QList<CommittedOffset> offsets; // sorted by (topic, partition)
    // Live consumer positions, only where the source knows them (the demo's own consumers). Keyed by partition.
    QHash<TopicPartition, qint64> positions;
    QString error; // e.g. coordinator not available, group authorization failed
    // Some or all of the committed offsets could not be read (the error says why): a partition without a commit
    // here may have one.
    bool offsetsIncomplete = false;
    // Not listed by this refresh (some brokers did not answer ListGroups): state and members are those an earlier
    // refresh read at this time (ms since the epoch); the committed offsets are still read afresh. 0: listed now.
    qint64 listedAtMs = 0;

    const CommittedOffset *findOffset(const TopicPartition &tp) const;
    // The entries of one topic: a binary search in the sorted offsets, not a walk through all of them.
    std::span<const CommittedOffset> offsetsOf(const QString &topic) const;
    const GroupMember *memberFor(const TopicPartition &tp) const;

    friend bool operator==(const GroupInfo &, const GroupInfo &) = default;
};

// One immutable picture of a cluster, as one refresh saw it. Copies are cheap (implicitly shared containers).
struct ClusterSnapshot
{
    QString profileId; // the connection profile's stable id: which open cluster this snapshot belongs to
    QString profileName;
    QString bootstrapServers;
    QString clusterId;
    qint32 controllerId = -1;
    quint64 sequence = 0; // increases with every refresh of a session; lets receivers drop stale results
    QDateTime takenAt;    // when the refresh started (UTC)
    qint64 durationMs = 0;
    QList<BrokerInfo> brokers;         // sorted by id
    QList<TopicInfo> topics;           // sorted by name
    QList<GroupInfo> groups;           // sorted by group id
    bool groupsListedByBroker = false; // false: ListGroups was unsupported/denied and groups are pinned or demo ones
    QStringList errors; // refresh-level problems (a broker down, a request timed out); per-item errors sit on items
    // The brokers' offsets.retention.minutes (DescribeConfigs); unset when it could not be read, with the reason in
    // offsetsRetentionNote. The offset doctor then assumes Kafka's default and says so.
    std::optional<qint64> offsetsRetentionMinutes;
    QString offsetsRetentionNote;
    // How many offsets (partition offsets and commits) are carried over from earlier refreshes (carryForward).
    qsizetype carriedValues = 0;

    bool isValid() const { return !takenAt.isNull(); }
    const TopicInfo *findTopic(const QString &name) const;
    const PartitionInfo *findPartition(const TopicPartition &tp) const;
    const GroupInfo *findGroup(const QString &groupId) const;
    const BrokerInfo *findBroker(qint32 id) const;
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::ClusterSnapshot)
