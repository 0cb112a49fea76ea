#include "lagtracker.h"

#include <QCoreApplication>
#include <QSet>

namespace OffsetLens {

LagTracker::LagTracker(int healthWindow, int watermarkPoints)
    : m_health(healthWindow)
    , m_watermarkPoints(watermarkPoints)
{}

ClusterLagStatus LagTracker::observe(const ClusterSnapshot &snapshot)
{
    ClusterLagStatus status = observe(samplesFromSnapshot(snapshot), snapshot.takenAt.toMSecsSinceEpoch());
    status.profileId = snapshot.profileId;
    status.sequence = snapshot.sequence;
    return status;
}

ClusterLagStatus LagTracker::observe(const QList<GroupSample> &samples, qint64 timeMs)
{
    ClusterLagStatus status;
    status.timeMs = timeMs;
    // One HW point per partition and refresh, however many groups read the partition.
    QSet<TopicPartition> added;
    for (const GroupSample &sample : samples) {
        for (const PartitionSample &p : sample.partitions) {
            if (p.highWatermark < 0 || added.contains(p.tp))
                continue;
            added.insert(p.tp);
            auto it = m_watermarks.find(p.tp);
            if (it == m_watermarks.end())
                it = m_watermarks.insert(p.tp, WatermarkTable(m_watermarkPoints));
            // A HW below the table's newest means the partition was recreated: its old history says nothing.
            if (!it->points().isEmpty() && p.highWatermark < it->points().back().offset)
                it->reset();
            it->add(p.highWatermark, sample.timeMs);
        }
    }
    QSet<QString> seen;
    for (const GroupSample &sample : samples) {
        seen.insert(sample.groupId);
        m_health.observe(sample);
        GroupLagStatus group;
        group.health = m_health.evaluate(sample.groupId, timeMs);
        qsizetype unknown = 0;
        QString firstReason;
        for (const PartitionSample &p : sample.partitions) {
            const auto table = m_watermarks.constFind(p.tp);
            TimeLagEstimate estimate;
            if (table == m_watermarks.cend()) {
                estimate.unknownReason = QCoreApplication::translate("LagTracker", "the HW is not known");
            } else {
                estimate = estimateTimeLag(*table, p.committed, sample.timeMs);
            }
            if (estimate.ms) {
                if (!group.maxTimeLagMs || *estimate.ms > *group.maxTimeLagMs) {
                    group.maxTimeLagMs = estimate.ms;
                    group.maxTimeLagPartition = p.tp;
                }
            } else {
                ++unknown;
                if (firstReason.isEmpty())
                    firstReason = estimate.unknownReason;
            }
        }
        if (unknown > 0) {
            group.timeLagNote =
                unknown == sample.partitions.size()
                    ? QCoreApplication::translate("LagTracker", "time lag unknown: %1").arg(firstReason)
                    : QCoreApplication::translate("LagTracker", "time lag unknown for %1 of %2 partitions: %3")
                          .arg(unknown)
                          .arg(sample.partitions.size())
                          .arg(firstReason);
        }
        status.groups.insert(sample.groupId, group);
    }
    // Groups and partitions that are gone (deleted, expired, no longer committed) leave nothing behind: memory stays
    // bounded, and a group recreated under the same id starts afresh instead of "rewinding".
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        if (seen.contains(*it)) {
            ++it;
        } else {
            m_health.forget(*it);
            it = m_groups.erase(it);
        }
    }
    for (const QString &id : std::as_const(seen))
        m_groups.insert(id);
    for (auto it = m_watermarks.begin(); it != m_watermarks.end();) {
        if (added.contains(it.key()))
            ++it;
        else
            it = m_watermarks.erase(it);
    }
    return status;
}

} // namespace OffsetLens
