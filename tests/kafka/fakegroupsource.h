#pragma once

#include "groupsource.h"

#include <QHash>
#include <QMutex>

namespace OffsetLens::Test {

// The mock cluster cannot list or describe groups: this reports the states a test sets, as the demo's source does,
// and names the partitions each group may have commits for (the mock answers OffsetFetch only for partitions asked
// for). Thread-safe: refreshes call it on their job threads.
class FakeGroupSource final : public GroupSource
{
public:
    explicit FakeGroupSource(QList<TopicPartition> committable)
        : m_committable(std::move(committable))
    {}

    void setGroup(const QString &groupId, GroupState state, const QList<GroupMember> &members = {})
    {
        const QMutexLocker lock(&m_mutex);
        GroupInfo group;
        group.groupId = groupId;
        group.state = state;
        group.protocolType = QStringLiteral("consumer");
        group.source = GroupSourceKind::Demo;
        group.members = members;
        m_groups.insert(groupId, group);
    }

    Listing fetchGroups(const QStringList &, std::chrono::milliseconds, const std::atomic_bool &) override
    {
        const QMutexLocker lock(&m_mutex);
        Listing listing;
        listing.groups = m_groups.values();
        for (const GroupInfo &group : std::as_const(listing.groups))
            listing.committedPartitions.insert(group.groupId, m_committable);
        return listing;
    }

private:
    const QList<TopicPartition> m_committable;
    QMutex m_mutex;
    QHash<QString, GroupInfo> m_groups;
};

} // namespace OffsetLens::Test
