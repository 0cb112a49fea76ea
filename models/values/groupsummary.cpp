#include "groupsummary.h"

#include "carryforward.h"

#include <algorithm>

namespace OffsetLens {

namespace {
// Offsets are sorted by topic, so consecutive lookups mostly hit the same topic: remember it.
class PartitionLookup
{
public:
    explicit PartitionLookup(const ClusterSnapshot &snapshot)
        : m_snapshot(snapshot)
    {}

    const PartitionInfo *find(const TopicPartition &tp)
    {
        if (!m_topic || m_topic->name != tp.topic)
            m_topic = m_snapshot.findTopic(tp.topic);
        return m_topic ? m_topic->findPartition(tp.partition) : nullptr;
    }

private:
    const ClusterSnapshot &m_snapshot;
    const TopicInfo *m_topic = nullptr;
};

void addRow(GroupLagSummary &summary, PartitionLookup &lookup, const TopicPartition &tp, qint64 committed,
            qint64 commitCarriedFromMs)
{
    const PartitionInfo *partition = lookup.find(tp);
    const PartitionLag lag = computeLag(committed, partition ? partition->logStartOffset : kNoOffset,
                                        partition ? partition->highWatermark : kNoOffset);
    summary.add(lag);
    summary.carriedFromMs = oldestCarried(summary.carriedFromMs, commitCarriedFromMs);
    if (partition && (partition->carried & (CarriedLogStart | CarriedHighWatermark)))
        summary.carriedFromMs = oldestCarried(summary.carriedFromMs, partition->carriedFromMs);
}
} // namespace

GroupLagSummary summarizeGroup(const ClusterSnapshot &snapshot, const GroupInfo &group)
{
    GroupLagSummary summary;
    PartitionLookup lookup(snapshot);
    if (group.members.isEmpty()) {
        for (const CommittedOffset &committed : group.offsets) {
            if (committed.offset >= 0)
                addRow(summary, lookup, committed.tp, committed.offset, committed.carriedFromMs);
        }
        return summary;
    }
    // Merge the sorted assignment with the sorted offsets instead of a lookup per partition: describeGroup's rows
    // are every assigned partition (with or without commit) plus the committed ones nobody owns. The summary does
    // not depend on the row order.
    QList<const TopicPartition *> assigned;
    for (const GroupMember &member : group.members) {
        for (const TopicPartition &tp : member.assignment)
            assigned.append(&tp);
    }
    std::sort(assigned.begin(), assigned.end(),
              [](const TopicPartition *a, const TopicPartition *b) { return *a < *b; });
    auto offset = group.offsets.cbegin();
    const auto offsetsEnd = group.offsets.cend();
    const TopicPartition *previous = nullptr;
    // Adds the committed partitions before limit (all remaining when null) that no member owns.
    const auto addUnowned = [&](const TopicPartition *limit) {
        for (; offset != offsetsEnd && (!limit || offset->tp < *limit); ++offset) {
            const bool owned = previous && offset->tp == *previous;
            if (!owned && offset->offset >= 0)
                addRow(summary, lookup, offset->tp, offset->offset, offset->carriedFromMs);
        }
    };
    for (const TopicPartition *tp : std::as_const(assigned)) {
        addUnowned(tp);
        const bool hasCommit = offset != offsetsEnd && offset->tp == *tp;
        addRow(summary, lookup, *tp, hasCommit ? offset->offset : kNoOffset, hasCommit ? offset->carriedFromMs : 0);
        previous = tp;
    }
    addUnowned(nullptr);
    return summary;
}

size_t offsetsFingerprint(const GroupInfo &group)
{
    size_t seed = 0;
    for (const CommittedOffset &c : group.offsets) {
        if (c.offset != kNoOffset)
            seed = qHashMulti(seed, c.tp, c.offset);
    }
    return seed;
}

GroupOverview GroupOverview::of(const ClusterSnapshot &snapshot, const GroupInfo &group)
{
    return {group.groupId,
            group.state,
            group.source,
            group.members.size(),
            summarizeGroup(snapshot, group),
            group.error,
            OffsetLens::offsetsFingerprint(group)};
}

int GroupOverview::health() const
{
    if (!error.isEmpty())
        return 2;
    return (summary.outOfRange > 0 || !summary.complete) ? 1 : 0;
}

} // namespace OffsetLens
