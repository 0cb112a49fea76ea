#pragma once

#include "groupsource.h"
#include "snapshot.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace OffsetLens::Demo {

// What one of the demo's consumers last published about itself (from its own thread, after a poll).
struct MemberView
{
    QString memberId; // empty until the first JoinGroup succeeded
    QString clientId;
    QList<TopicPartition> assignment;
    QHash<TopicPartition, qint64> positions; // only partitions with a known position
    bool assigned = false;                   // has received an assignment (possibly empty) for the current generation
    bool rebalancing = false;                // partitions revoked, waiting for the next assignment
};

// The demo's knowledge of its own groups. Written by the consumer threads, read by GroupSource::fetchGroups on the
// refresh job's thread; everything is guarded by one mutex and copied out, so readers never see a torn entry.
class DemoGroupTable
{
public:
    void clear();
    // A group the demo owns. Groups without running members report Empty. `committable` is every partition the
    // group commits offsets for; the session uses it to ask the mock broker for just those (see
    // GroupSource::Listing::committedPartitions).
    // `vanishAfter` > 0: from that long after now the group's offsets are gone (librdkafka's mock can neither
    // expire nor delete offsets; this table stands in for the brokers' group metadata, so it stops reporting them,
    // which is what a refresh sees after an expiry or a `--delete-offsets`).
    void declareGroup(const QString &groupId, const QString &assignor, qint32 coordinatorId,
                      QList<TopicPartition> committable,
                      std::chrono::milliseconds vanishAfter = std::chrono::milliseconds::zero());
    // Registers a live member and returns its slot; the member then publishes updates through that slot.
    int addMember(const QString &groupId, const QString &clientId);
    void updateMember(int slot, const MemberView &view);
    void removeMember(int slot); // the consumer left the group

    GroupSource::Listing listing(const QStringList &pinnedGroups) const;
    QStringList groupIds() const;

private:
    struct Group
    {
        QString assignor;
        qint32 coordinatorId = -1;
        QList<TopicPartition> committable;
        std::optional<std::chrono::steady_clock::time_point> vanishAt;
        std::map<int, MemberView> members; // slot -> view
    };

    mutable std::mutex m_mutex;
    std::map<QString, Group> m_groups;
    std::map<int, QString> m_slotGroup;
    int m_nextSlot = 0;
};

// GroupSource over a DemoGroupTable. Cheap and non-blocking: it never touches the network.
class DemoGroupSource final : public GroupSource
{
public:
    explicit DemoGroupSource(std::shared_ptr<const DemoGroupTable> table);
    Listing fetchGroups(const QStringList &pinnedGroups, std::chrono::milliseconds timeout,
                        const std::atomic_bool &cancelled) override;
    std::optional<BrokerSetting> offsetsRetention() const override; // kDemoOffsetsRetentionMinutes

private:
    std::shared_ptr<const DemoGroupTable> m_table;
};

} // namespace OffsetLens::Demo
