#include "demogroups.h"

#include "demoplan.h"

#include <algorithm>

namespace OffsetLens::Demo {

namespace {

// Same rules a broker would apply to a classic consumer group: no members means Empty; a member that lost its
// partitions or has not been given any yet means the group is rebalancing.
GroupState stateOf(const std::map<int, MemberView> &members)
{
    if (members.empty())
        return GroupState::Empty;
    for (const auto &[slot, view] : members) {
        if (!view.assigned || view.rebalancing || view.memberId.isEmpty())
            return GroupState::PreparingRebalance;
    }
    return GroupState::Stable;
}

} // namespace

void DemoGroupTable::clear()
{
    const std::lock_guard lock(m_mutex);
    m_groups.clear();
    m_slotGroup.clear();
}

void DemoGroupTable::declareGroup(const QString &groupId, const QString &assignor, qint32 coordinatorId,
                                  QList<TopicPartition> committable, std::chrono::milliseconds vanishAfter)
{
    const std::lock_guard lock(m_mutex);
    Group &group = m_groups[groupId];
    group.assignor = assignor;
    group.coordinatorId = coordinatorId;
    group.committable = std::move(committable);
    group.vanishAt.reset();
    if (vanishAfter > std::chrono::milliseconds::zero())
        group.vanishAt = std::chrono::steady_clock::now() + vanishAfter;
}

int DemoGroupTable::addMember(const QString &groupId, const QString &clientId)
{
    const std::lock_guard lock(m_mutex);
    const int slot = m_nextSlot++;
    MemberView view;
    view.clientId = clientId;
    m_groups[groupId].members.emplace(slot, view);
    m_slotGroup.emplace(slot, groupId);
    return slot;
}

void DemoGroupTable::updateMember(int slot, const MemberView &view)
{
    const std::lock_guard lock(m_mutex);
    const auto slotIt = m_slotGroup.find(slot);
    if (slotIt == m_slotGroup.end())
        return;
    const auto groupIt = m_groups.find(slotIt->second);
    if (groupIt == m_groups.end())
        return;
    groupIt->second.members[slot] = view;
}

void DemoGroupTable::removeMember(int slot)
{
    const std::lock_guard lock(m_mutex);
    const auto slotIt = m_slotGroup.find(slot);
    if (slotIt == m_slotGroup.end())
        return;
    if (const auto groupIt = m_groups.find(slotIt->second); groupIt != m_groups.end())
        groupIt->second.members.erase(slot);
    m_slotGroup.erase(slotIt);
}

QStringList DemoGroupTable::groupIds() const
{
    const std::lock_guard lock(m_mutex);
    QStringList ids;
    ids.reserve(static_cast<qsizetype>(m_groups.size()));
    for (const auto &[id, group] : m_groups)
        ids.append(id);
    return ids;
}

GroupSource::Listing DemoGroupTable::listing(const QStringList &pinnedGroups) const
{
    GroupSource::Listing result;
    {
        const std::lock_guard lock(m_mutex);
        result.groups.reserve(static_cast<qsizetype>(m_groups.size()));
        for (const auto &[id, group] : m_groups) {
            GroupInfo info;
            info.groupId = id;
            info.state = stateOf(group.members);
            info.protocolType = QStringLiteral("consumer");
            info.assignor = group.assignor;
            info.coordinatorId = group.coordinatorId;
            info.source = GroupSourceKind::Demo;
            // An empty hint, not a missing one: the session then asks the mock for none of the group's partitions
            // (which still holds the vanished offsets) rather than for all of the cluster's.
            if (group.vanishAt && std::chrono::steady_clock::now() >= *group.vanishAt)
                result.committedPartitions.insert(id, {});
            else if (!group.committable.isEmpty())
                result.committedPartitions.insert(id, group.committable);
            for (const auto &[slot, view] : group.members) {
                for (auto it = view.positions.cbegin(); it != view.positions.cend(); ++it)
                    info.positions.insert(it.key(), it.value());
                if (view.memberId.isEmpty())
                    continue; // still joining: a broker would not list it yet either
                GroupMember member;
                member.memberId = view.memberId;
                member.clientId = view.clientId;
                member.host = QStringLiteral("/127.0.0.1");
                member.assignment = view.assignment;
                std::sort(member.assignment.begin(), member.assignment.end());
                info.members.append(member);
            }
            std::sort(info.members.begin(), info.members.end(),
                      [](const GroupMember &a, const GroupMember &b) { return a.memberId < b.memberId; });
            result.groups.append(info);
        }
    }
    // Pinned ids the demo does not own: report them as the broker-less fallback would.
    for (const QString &pinned : pinnedGroups) {
        const bool known = std::any_of(result.groups.cbegin(), result.groups.cend(),
                                       [&pinned](const GroupInfo &g) { return g.groupId == pinned; });
        if (known)
            continue;
        GroupInfo info;
        info.groupId = pinned;
        info.state = GroupState::Unknown;
        info.source = GroupSourceKind::Pinned;
        result.groups.append(info);
    }
    std::sort(result.groups.begin(), result.groups.end(),
              [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });
    result.complete = true;
    return result;
}

DemoGroupSource::DemoGroupSource(std::shared_ptr<const DemoGroupTable> table)
    : m_table(std::move(table))
{}

GroupSource::Listing DemoGroupSource::fetchGroups(const QStringList &pinnedGroups, std::chrono::milliseconds,
                                                  const std::atomic_bool &)
{
    return m_table->listing(pinnedGroups);
}

std::optional<BrokerSetting> DemoGroupSource::offsetsRetention() const
{
    BrokerSetting setting;
    setting.value = kDemoOffsetsRetentionMinutes;
    setting.final = true;
    return setting;
}

} // namespace OffsetLens::Demo
