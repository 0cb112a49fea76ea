#include "snapshot.h"

#include <algorithm>

namespace OffsetLens {

QString partitionName(const TopicPartition &tp)
{
    return tp.topic + QLatin1Char('-') + QString::number(tp.partition);
}

namespace {
// The lists are sorted by key, so lookups are binary searches: snapshots can hold tens of thousands of rows.
template <typename List, typename Key, typename Proj>
auto findSorted(const List &list, const Key &key, Proj proj) -> decltype(&*list.cbegin())
{
    const auto it = std::lower_bound(list.cbegin(), list.cend(), key,
                                     [&](const auto &item, const Key &k) { return proj(item) < k; });
    return (it != list.cend() && proj(*it) == key) ? &*it : nullptr;
}
} // namespace

QString groupStateName(GroupState state)
{
    switch (state) {
    case GroupState::PreparingRebalance:
        return QStringLiteral("PreparingRebalance");
    case GroupState::CompletingRebalance:
        return QStringLiteral("CompletingRebalance");
    case GroupState::Stable:
        return QStringLiteral("Stable");
    case GroupState::Dead:
        return QStringLiteral("Dead");
    case GroupState::Empty:
        return QStringLiteral("Empty");
    case GroupState::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

const PartitionInfo *TopicInfo::findPartition(qint32 partition) const
{
    return findSorted(partitions, partition, [](const PartitionInfo &p) { return p.partition; });
}

const CommittedOffset *GroupInfo::findOffset(const TopicPartition &tp) const
{
    return findSorted(offsets, tp, [](const CommittedOffset &o) { return o.tp; });
}

std::span<const CommittedOffset> GroupInfo::offsetsOf(const QString &topic) const
{
    const auto begin = std::lower_bound(offsets.cbegin(), offsets.cend(), topic,
                                        [](const CommittedOffset &o, const QString &t) { return o.tp.topic < t; });
    const auto end = std::upper_bound(begin, offsets.cend(), topic,
                                      [](const QString &t, const CommittedOffset &o) { return t < o.tp.topic; });
    return {begin, end};
}

const GroupMember *GroupInfo::memberFor(const TopicPartition &tp) const
{
    for (const GroupMember &m : members) {
        if (m.assignment.contains(tp))
            return &m;
    }
    return nullptr;
}

const TopicInfo *ClusterSnapshot::findTopic(const QString &name) const
{
    return findSorted(topics, name, [](const TopicInfo &t) -> const QString & { return t.name; });
}

const PartitionInfo *ClusterSnapshot::findPartition(const TopicPartition &tp) const
{
    const TopicInfo *topic = findTopic(tp.topic);
    return topic ? topic->findPartition(tp.partition) : nullptr;
}

const GroupInfo *ClusterSnapshot::findGroup(const QString &groupId) const
{
    return findSorted(groups, groupId, [](const GroupInfo &g) -> const QString & { return g.groupId; });
}

const BrokerInfo *ClusterSnapshot::findBroker(qint32 id) const
{
    return findSorted(brokers, id, [](const BrokerInfo &b) { return b.id; });
}

} // namespace OffsetLens
