#include "carryforward.h"

#include <QCoreApplication>

#include <algorithm>

namespace OffsetLens {

namespace {
qint64 readAtMs(const ClusterSnapshot &snapshot)
{
    return snapshot.takenAt.isValid() ? snapshot.takenAt.toMSecsSinceEpoch() : 0;
}

// One offset of a partition: carried when this refresh lacks it and the previous one had it.
void carryOffset(qint64 &now, qint64 before, quint8 flag, const PartitionInfo &previous, PartitionInfo &current,
                 qint64 previousReadAt, qsizetype &count)
{
    if (now != kNoOffset || before == kNoOffset)
        return;
    now = before;
    current.carried |= flag;
    const qint64 readAt = (previous.carried & flag) ? previous.carriedFromMs : previousReadAt;
    current.carriedFromMs = oldestCarried(current.carriedFromMs, readAt);
    ++count;
}

void carryPartitions(const TopicInfo &previous, TopicInfo &current, qint64 readAt, qsizetype &count)
{
    // Both lists are sorted by partition id: walk them side by side.
    auto before = previous.partitions.cbegin();
    for (PartitionInfo &partition : current.partitions) {
        const bool missing = partition.highWatermark == kNoOffset || partition.logStartOffset == kNoOffset ||
                             partition.lastStableOffset == kNoOffset;
        if (!missing)
            continue;
        // Only a failure to read is filled in (the partition's error names it), never an answer that there is
        // nothing.
        if (partition.error.isEmpty())
            continue;
        before = std::lower_bound(before, previous.partitions.cend(), partition.partition,
                                  [](const PartitionInfo &p, qint32 id) { return p.partition < id; });
        if (before == previous.partitions.cend())
            break;
        if (before->partition != partition.partition)
            continue;
        carryOffset(partition.logStartOffset, before->logStartOffset, CarriedLogStart, *before, partition, readAt,
                    count);
        carryOffset(partition.highWatermark, before->highWatermark, CarriedHighWatermark, *before, partition, readAt,
                    count);
        carryOffset(partition.lastStableOffset, before->lastStableOffset, CarriedLastStable, *before, partition, readAt,
                    count);
    }
}

void carryCommits(const GroupInfo &previous, GroupInfo &current, qint64 readAt, qsizetype &count)
{
    QList<CommittedOffset> added;
    for (const CommittedOffset &before : previous.offsets) {
        if (before.offset < 0)
            continue;
        const CommittedOffset *now = current.findOffset(before.tp);
        if (now && now->offset >= 0)
            continue;
        CommittedOffset carried = before;
        carried.error.clear();
        if (carried.carriedFromMs == 0)
            carried.carriedFromMs = readAt;
        added.append(carried);
    }
    if (added.isEmpty())
        return;
    count += added.size();
    // Replace the entries without a commit, keep the list sorted by (topic, partition).
    QList<CommittedOffset> merged;
    merged.reserve(current.offsets.size() + added.size());
    auto a = added.cbegin();
    for (const CommittedOffset &offset : std::as_const(current.offsets)) {
        while (a != added.cend() && a->tp < offset.tp)
            merged.append(*a++);
        if (a != added.cend() && a->tp == offset.tp)
            merged.append(*a++); // the carried commit replaces the failed entry
        else
            merged.append(offset);
    }
    while (a != added.cend())
        merged.append(*a++);
    current.offsets = std::move(merged);
}
} // namespace

QString carriedNote(qint64 fromMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC).toLocalTime();
    const bool today = at.date() == QDate::currentDate();
    const QString when = at.toString(today ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return QCoreApplication::translate("OffsetLens::CarryForward",
                                       "Stale: the last refresh could not read this value; shown as read at %1.")
        .arg(when);
}

qint64 oldestCarried(qint64 a, qint64 b)
{
    if (a == 0)
        return b;
    if (b == 0)
        return a;
    return std::min(a, b);
}

void carryForward(const ClusterSnapshot &previous, ClusterSnapshot &current)
{
    // Another cluster behind the same profile (rebuilt, or the address now leads elsewhere) has nothing to carry.
    if (!previous.isValid() || previous.profileId != current.profileId ||
        (!previous.clusterId.isEmpty() && !current.clusterId.isEmpty() && previous.clusterId != current.clusterId))
        return;
    const qint64 readAt = readAtMs(previous);
    qsizetype count = 0;

    auto before = previous.topics.cbegin();
    for (TopicInfo &topic : current.topics) {
        before = std::lower_bound(before, previous.topics.cend(), topic.name,
                                  [](const TopicInfo &t, const QString &name) { return t.name < name; });
        if (before == previous.topics.cend())
            break;
        if (before->name == topic.name)
            carryPartitions(*before, topic, readAt, count);
    }

    for (GroupInfo &group : current.groups) {
        if (!group.offsetsIncomplete)
            continue;
        if (const GroupInfo *old = previous.findGroup(group.groupId))
            carryCommits(*old, group, readAt, count);
    }
    current.carriedValues = count;
}

ClusterSnapshot readByThisRefresh(const ClusterSnapshot &snapshot)
{
    const auto listedEarlier = [](const GroupInfo &g) {
        return g.listedAtMs != 0;
    };
    const bool carriedGroups = std::any_of(snapshot.groups.cbegin(), snapshot.groups.cend(), listedEarlier);
    if (snapshot.carriedValues == 0 && !carriedGroups)
        return snapshot;
    ClusterSnapshot read = snapshot;
    read.carriedValues = 0;
    // A group this refresh did not list has its state and members from an earlier one: history and the doctor
    // would take them as current (a consumer that died meanwhile would still have members), so they do not see it,
    // as they did not before groups were carried.
    if (carriedGroups)
        read.groups.removeIf(listedEarlier);
    for (TopicInfo &topic : read.topics) {
        const bool any = std::any_of(topic.partitions.cbegin(), topic.partitions.cend(),
                                     [](const PartitionInfo &p) { return p.carried != 0; });
        if (!any)
            continue; // untouched: stays shared with the snapshot
        for (PartitionInfo &partition : topic.partitions) {
            if (partition.carried & CarriedLogStart)
                partition.logStartOffset = kNoOffset;
            if (partition.carried & CarriedHighWatermark)
                partition.highWatermark = kNoOffset;
            if (partition.carried & CarriedLastStable)
                partition.lastStableOffset = kNoOffset;
            partition.carried = 0;
            partition.carriedFromMs = 0;
        }
    }
    for (GroupInfo &group : read.groups) {
        const bool any = std::any_of(group.offsets.cbegin(), group.offsets.cend(),
                                     [](const CommittedOffset &o) { return o.carriedFromMs != 0; });
        if (any)
            group.offsets.removeIf([](const CommittedOffset &o) { return o.carriedFromMs != 0; });
    }
    return read;
}

} // namespace OffsetLens
