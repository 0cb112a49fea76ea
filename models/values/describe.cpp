#include "describe.h"

#include "carryforward.h"
#include "saturating.h"

#include <QSet>

#include <algorithm>

namespace OffsetLens {

namespace {
DescribeRow makeRow(const ClusterSnapshot &snapshot, const GroupInfo &group, const TopicPartition &tp,
                    const GroupMember *member)
{
    DescribeRow row;
    row.group = group.groupId;
    row.tp = tp;
    if (const CommittedOffset *committed = group.findOffset(tp)) {
        row.currentOffset = committed->offset;
        row.metadata = committed->metadata;
        row.carriedFromMs = committed->carriedFromMs;
    }
    if (const PartitionInfo *partition = snapshot.findPartition(tp)) {
        row.logEndOffset = partition->highWatermark;
        row.logStartOffset = partition->logStartOffset;
        if (partition->carried & (CarriedLogStart | CarriedHighWatermark))
            row.carriedFromMs = oldestCarried(row.carriedFromMs, partition->carriedFromMs);
    }
    row.position = group.positions.value(tp, kNoOffset);
    row.lag = computeLag(row.currentOffset, row.logStartOffset, row.logEndOffset);
    if (member) {
        row.consumerId = member->memberId;
        row.host = member->host;
        row.clientId = member->clientId;
    }
    return row;
}
} // namespace

QList<DescribedPartition> describeOrder(const GroupInfo &group)
{
    QList<DescribedPartition> order;
    order.reserve(group.offsets.size());

    QList<const GroupMember *> members;
    members.reserve(group.members.size());
    for (const GroupMember &m : group.members)
        members.append(&m);
    std::stable_sort(members.begin(), members.end(), [](const GroupMember *a, const GroupMember *b) {
        return a->assignment.size() > b->assignment.size();
    });

    QSet<TopicPartition> assigned;
    for (const GroupMember *member : std::as_const(members)) {
        QList<TopicPartition> partitions = member->assignment;
        std::sort(partitions.begin(), partitions.end());
        for (const TopicPartition &tp : std::as_const(partitions)) {
            assigned.insert(tp);
            order.append({tp, member});
        }
    }
    // group.offsets is sorted by (topic, partition), which is the CLI's order for unowned partitions.
    for (const CommittedOffset &committed : group.offsets) {
        if (committed.offset >= 0 && !assigned.contains(committed.tp))
            order.append({committed.tp, nullptr});
    }
    return order;
}

QList<DescribeRow> describeGroup(const ClusterSnapshot &snapshot, const GroupInfo &group)
{
    const QList<DescribedPartition> order = describeOrder(group);
    QList<DescribeRow> rows;
    rows.reserve(order.size());
    for (const DescribedPartition &p : order)
        rows.append(makeRow(snapshot, group, p.tp, p.member));
    return rows;
}

void GroupLagSummary::add(const PartitionLag &lag)
{
    ++partitions;
    switch (lag.status) {
    case OffsetStatus::NoCommit:
        ++withoutCommit;
        break;
    case OffsetStatus::UnknownWatermark:
        complete = false;
        break;
    case OffsetStatus::BelowLogStart:
    case OffsetStatus::AheadOfHighWatermark:
        ++outOfRange;
        break;
    case OffsetStatus::Normal:
        break;
    }
    if (lag.lag && *lag.lag > 0) {
        totalLag = addSaturating(totalLag, *lag.lag);
        maxLag = std::max(maxLag, *lag.lag);
    }
}

GroupLagSummary summarize(const QList<DescribeRow> &rows)
{
    GroupLagSummary summary;
    for (const DescribeRow &row : rows) {
        summary.add(row.lag);
        summary.carriedFromMs = oldestCarried(summary.carriedFromMs, row.carriedFromMs);
    }
    return summary;
}

} // namespace OffsetLens
