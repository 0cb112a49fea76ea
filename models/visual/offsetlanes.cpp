#include "offsetlanes.h"

#include "carryforward.h"
#include "describe.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLanes", text);
}

// The drawn groups: a group subject leads, and a group asked for twice is drawn once (two identical marker rows
// would only hide each other).
QStringList drawnGroups(const LaneRequest &request)
{
    QStringList groups;
    if (request.subject == LaneSubject::Group)
        groups.append(request.name);
    for (const QString &group : request.groups) {
        if (!groups.contains(group))
            groups.append(group);
    }
    return groups;
}

OffsetLane makeLane(const ClusterSnapshot &snapshot, const TopicPartition &tp, const QList<const GroupInfo *> &groups,
                    const QStringList &groupIds)
{
    OffsetLane lane;
    lane.tp = tp;
    if (const PartitionInfo *partition = snapshot.findPartition(tp)) {
        lane.logStartOffset = partition->logStartOffset;
        lane.highWatermark = partition->highWatermark;
        lane.lastStableOffset = partition->lastStableOffset;
        lane.logEndOffset = partition->logEndOffset;
        lane.error = partition->error;
        if (partition->carried != 0)
            lane.carriedFromMs = partition->carriedFromMs;
    } else if (snapshot.findTopic(tp.topic)) {
        // A group can hold commits for a partition the topic no longer has (it was recreated with fewer).
        lane.error = tr("The topic has no partition %1 in this snapshot.").arg(tp.partition);
    } else {
        lane.error = tr("Topic '%1' is not in this snapshot (deleted, or not visible to this client).").arg(tp.topic);
    }
    lane.commits.reserve(groups.size());
    for (qsizetype i = 0; i < groups.size(); ++i) {
        LaneCommit commit;
        commit.groupId = groupIds[i];
        if (const GroupInfo *group = groups[i]) {
            if (const CommittedOffset *committed = group->findOffset(tp)) {
                commit.committed = committed->offset;
                lane.carriedFromMs = oldestCarried(lane.carriedFromMs, committed->carriedFromMs);
            }
            commit.position = group->positions.value(tp, kNoOffset);
        }
        commit.lag = computeLag(commit.committed, lane.logStartOffset, lane.highWatermark);
        lane.commits.append(commit);
    }
    return lane;
}

QList<TopicPartition> topicPartitions(const TopicInfo &topic)
{
    QList<TopicPartition> partitions;
    partitions.reserve(topic.partitions.size());
    for (const PartitionInfo &p : topic.partitions)
        partitions.append({topic.name, p.partition});
    return partitions;
}

// The describe rows' order, each partition once: a partition can appear twice when two members claim it (a
// rebalance in progress), and one lane per partition is what the visualiser draws.
QList<TopicPartition> describedPartitions(const GroupInfo &group)
{
    const QList<DescribedPartition> order = describeOrder(group);
    QList<TopicPartition> partitions;
    partitions.reserve(order.size());
    QSet<TopicPartition> seen;
    seen.reserve(order.size());
    for (const DescribedPartition &p : order) {
        if (!seen.contains(p.tp)) {
            seen.insert(p.tp);
            partitions.append(p.tp);
        }
    }
    return partitions;
}

} // namespace

OffsetLanes buildLanes(const ClusterSnapshot &snapshot, const LaneRequest &request)
{
    OffsetLanes result;
    result.request = request;
    result.groups = drawnGroups(request);

    QList<TopicPartition> partitions;
    if (request.subject == LaneSubject::Topic) {
        const TopicInfo *topic = snapshot.findTopic(request.name);
        if (!topic) {
            result.error = tr("Topic '%1' is not in this snapshot.").arg(request.name);
            return result;
        }
        partitions = topicPartitions(*topic);
    } else {
        const GroupInfo *group = snapshot.findGroup(request.name);
        if (!group) {
            result.error = tr("Group '%1' is not in this snapshot.").arg(request.name);
            return result;
        }
        partitions = describedPartitions(*group);
    }

    // A requested group the snapshot does not know is still drawn, with no commits: saying "nothing committed" is
    // honest, silently dropping the row is not.
    QList<const GroupInfo *> groups;
    groups.reserve(result.groups.size());
    for (const QString &id : std::as_const(result.groups))
        groups.append(snapshot.findGroup(id));

    result.lanes.reserve(partitions.size());
    for (const TopicPartition &tp : std::as_const(partitions))
        result.lanes.append(makeLane(snapshot, tp, groups, result.groups));
    return result;
}

QStringList groupsCommittedTo(const ClusterSnapshot &snapshot, const QString &topic)
{
    struct Candidate
    {
        QString groupId;
        qint64 totalLag = 0;
    };
    QList<Candidate> candidates;
    for (const GroupInfo &group : snapshot.groups) {
        bool committed = false;
        qint64 totalLag = 0;
        for (const CommittedOffset &offset : group.offsetsOf(topic)) {
            if (offset.offset < 0)
                continue;
            committed = true;
            const PartitionInfo *partition = snapshot.findPartition(offset.tp);
            const PartitionLag lag =
                partition ? computeLag(offset.offset, partition->logStartOffset, partition->highWatermark)
                          : PartitionLag{};
            // As the group summary sums it: a negative lag (committed beyond the HW) does not cancel real lag.
            if (lag.lag && *lag.lag > 0)
                totalLag += *lag.lag;
        }
        if (committed)
            candidates.append({group.groupId, totalLag});
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.totalLag != b.totalLag)
            return a.totalLag > b.totalLag;
        return a.groupId < b.groupId;
    });
    QStringList ids;
    ids.reserve(candidates.size());
    for (const Candidate &c : std::as_const(candidates))
        ids.append(c.groupId);
    return ids;
}

} // namespace OffsetLens
