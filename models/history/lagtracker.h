#pragma once

#include "finding.h"
#include "laghealth.h"
#include "lagsample.h"
#include "timelag.h"

#include <QHash>
#include <QMetaType>
#include <QSet>

#include <optional>

namespace OffsetLens {

// What the live views show about one group beyond its current offsets: Burrow's health over the recent refreshes
// and the time lag estimated from the HW history.
struct GroupLagStatus
{
    GroupHealth health;
    std::optional<qint64> maxTimeLagMs; // the largest time lag over the group's partitions; unset: none known
    TopicPartition maxTimeLagPartition;
    QString timeLagNote; // why the time lag is unknown (or only partly known), in words
};

struct ClusterLagStatus
{
    QString profileId;
    quint64 sequence = 0; // the snapshot it was computed from
    qint64 timeMs = 0;
    QHash<QString, GroupLagStatus> groups;
    // The offset doctor's findings for the same refresh (every group, sorted), when the monitor ran it.
    QList<Finding> findings;
};

// Feeds every refresh's samples to the health tracker and to one HW table per partition, and says how each group
// is doing. Pure and single-threaded: the app runs it off the GUI thread (LagMonitor); tests drive it directly.
class LagTracker
{
public:
    explicit LagTracker(int healthWindow = 10, int watermarkPoints = 60);

    ClusterLagStatus observe(const ClusterSnapshot &snapshot);
    // The same from samples (history replay, tests): `partitions` are the snapshot's HWs per partition.
    ClusterLagStatus observe(const QList<GroupSample> &samples, qint64 timeMs);

private:
    HealthTracker m_health;
    int m_watermarkPoints;
    QHash<TopicPartition, WatermarkTable> m_watermarks;
    QSet<QString> m_groups; // the groups of the last refresh
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::ClusterLagStatus)
