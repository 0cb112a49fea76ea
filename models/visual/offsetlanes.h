#pragma once

#include "lag.h"
#include "snapshot.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// What the visualiser draws: one lane per partition of a topic, or per partition a group describes.
enum class LaneSubject
{
    Topic, // every partition of the topic, in partition order
    Group, // the partitions of the group's describe rows, in the CLI's row order (the group table's default order)
};

struct LaneRequest
{
    LaneSubject subject = LaneSubject::Topic;
    QString name;       // the topic or the group
    QStringList groups; // the groups whose committed offsets are drawn, in this order (a group subject adds itself
                        // first when missing)

    friend bool operator==(const LaneRequest &, const LaneRequest &) = default;
};

// One group's offsets on one lane.
struct LaneCommit
{
    QString groupId;
    qint64 committed = kNoOffset; // kNoOffset: no commit for this partition
    qint64 position = kNoOffset;  // live consumer position, only where the source knows it (the demo's consumers)
    PartitionLag lag;             // computeLag(committed, log start, HW): status tells out-of-range apart

    friend bool operator==(const LaneCommit &, const LaneCommit &) = default;
};

// One partition as the visualiser draws it. Honest values: anything unknown stays kNoOffset.
struct OffsetLane
{
    TopicPartition tp;
    qint64 logStartOffset = kNoOffset;
    qint64 highWatermark = kNoOffset;
    qint64 lastStableOffset = kNoOffset; // drawn only where it differs from the HW
    qint64 logEndOffset = kNoOffset;     // only where a source really knows it; never derived from the HW
    QList<LaneCommit> commits;           // parallel to the request's groups (with a group subject first)
    QString error;                       // the partition's metadata or offset-lookup error
    // When the oldest value drawn on this lane was read, where the last refresh could not (carryForward); 0: all
    // read by it.
    qint64 carriedFromMs = 0;

    bool knowsRange() const { return logStartOffset >= 0 && highWatermark >= logStartOffset; }
    // The commit of the request's group at `index`, or null.
    const LaneCommit *commit(qsizetype index) const
    {
        return index >= 0 && index < commits.size() ? &commits[index] : nullptr;
    }

    friend bool operator==(const OffsetLane &, const OffsetLane &) = default;
};

struct OffsetLanes
{
    LaneRequest request;
    QStringList groups; // the groups actually drawn (request.groups, with a group subject first)
    QList<OffsetLane> lanes;
    QString error; // non-empty: the topic or group is not in the snapshot (lanes empty)
};

OffsetLanes buildLanes(const ClusterSnapshot &snapshot, const LaneRequest &request);

// The groups with at least one committed offset on `topic`, the ones lagging most first (ties by id): the choices
// a topic's visualiser offers.
QStringList groupsCommittedTo(const ClusterSnapshot &snapshot, const QString &topic);

} // namespace OffsetLens
