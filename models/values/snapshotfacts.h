#pragma once

#include "groupsummary.h"
#include "snapshot.h"

#include <memory>

namespace OffsetLens {

// What a broker carries in one snapshot.
struct BrokerLoad
{
    qint64 partitionsLed = 0;
    qint64 replicasHosted = 0;

    friend bool operator==(const BrokerLoad &, const BrokerLoad &) = default;
};

// A topic's figures summed over its partitions.
struct TopicFacts
{
    qint64 messages = 0; // retained messages (HW - log start), where both are known
    qsizetype underReplicated = 0;
    qsizetype leaderless = 0;
    int health = 0; // 0 ok, 1 warning (under-replicated), 2 error (leaderless partitions or a topic error)

    friend bool operator==(const TopicFacts &, const TopicFacts &) = default;
};

// Everything the tree and the tables derive from a snapshot, computed once per snapshot (on the refresh job's
// thread) and shared by every view: group overviews with their lag summaries, per-broker load, per-topic figures.
class SnapshotFacts
{
public:
    SnapshotFacts() = default;
    explicit SnapshotFacts(const ClusterSnapshot &snapshot);

    BrokerLoad broker(qint32 id) const { return m_brokers.value(id); }
    const QList<TopicFacts> &topics() const { return m_topics; }    // parallel to snapshot.topics
    const QList<GroupOverview> &groups() const { return m_groups; } // parallel to snapshot.groups

    qint64 totalLag() const { return m_totalLag; }
    qint64 partitionsOutOfRange() const { return m_outOfRange; }
    qsizetype groupsWithErrors() const { return m_groupsWithErrors; }

private:
    QHash<qint32, BrokerLoad> m_brokers;
    QList<TopicFacts> m_topics;
    QList<GroupOverview> m_groups;
    qint64 m_totalLag = 0;
    qint64 m_outOfRange = 0;
    qsizetype m_groupsWithErrors = 0;
};

// One refresh as the views consume it: the snapshot and its facts, immutable and shared by every copy. Built where
// the snapshot is made, so the GUI thread only applies it.
class AnalyzedSnapshot
{
public:
    AnalyzedSnapshot(); // no snapshot yet
    explicit AnalyzedSnapshot(ClusterSnapshot snapshot);

    // What the views show: this refresh's values, and where it could not read one, the last value read, marked
    // (carryForward).
    const ClusterSnapshot &snapshot() const { return m_data->snapshot; }
    // Only what this refresh read (readByThisRefresh): for whatever records or acts on offsets (lag history, the
    // doctor, reset planning), which must never take an old value for a new one. The same data when nothing was
    // carried.
    const ClusterSnapshot &read() const { return m_data->read; }
    const SnapshotFacts &facts() const { return m_data->facts; }
    bool isValid() const { return m_data->snapshot.isValid(); }
    // The overview of a group of this snapshot, or null.
    const GroupOverview *groupOverview(const QString &groupId) const;

private:
    struct Data
    {
        ClusterSnapshot snapshot;
        ClusterSnapshot read;
        SnapshotFacts facts;
    };
    std::shared_ptr<const Data> m_data;
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::AnalyzedSnapshot)
