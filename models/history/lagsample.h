#pragma once

#include "snapshot.h"

#include <QList>
#include <QString>

namespace OffsetLens {

// One committed partition of one group at one refresh: what the lag history records. Lag is derived (HW −
// committed), never stored, so it always agrees with the offsets beside it.
struct PartitionSample
{
    TopicPartition tp;
    qint64 committed = kNoOffset;
    qint64 highWatermark = kNoOffset;
    qint64 logStartOffset = kNoOffset;

    // HW − committed where both are known (negative when committed > HW), else kNoOffset.
    qint64 lag() const { return committed >= 0 && highWatermark >= 0 ? highWatermark - committed : kNoOffset; }
    friend bool operator==(const PartitionSample &, const PartitionSample &) = default;
};

// One group at one refresh. The same shape carries a topic's samples (see topicSamplesFromSnapshot): groupId then
// holds the topic name and every partition's committed offset stays kNoOffset, so the store and its codec treat both
// alike.
struct GroupSample
{
    QString groupId;
    qint64 timeMs = 0; // the snapshot's takenAt, ms since the epoch (UTC)
    GroupState state = GroupState::Unknown;
    bool hasMembers = false;           // members were listed (they commit, even when nothing moves)
    QList<PartitionSample> partitions; // by (topic, partition); only partitions with a committed offset

    // Sum of the known positive lags (a negative lag does not cancel real lag), as the group summary sums it.
    qint64 totalLag() const;
    friend bool operator==(const GroupSample &, const GroupSample &) = default;
};

// Whose history: a consumer group's (its committed partitions) or a topic's (every partition's HW and log start).
enum class HistorySubject
{
    Group,
    Topic,
};

// A group's (or a topic's) recorded samples over a time range, as the history store hands them to the charts.
struct GroupHistory
{
    QString groupId; // the topic name when subject is Topic
    HistorySubject subject = HistorySubject::Group;
    QList<GroupSample> samples; // ascending by time
    QString error;              // reading failed in part (the samples read are kept), e.g. damaged rows skipped
};

// The samples of every group with at least one committed offset in a snapshot.
QList<GroupSample> samplesFromSnapshot(const ClusterSnapshot &snapshot);
// The samples of every topic with at least one partition whose HW is known: per partition HW and log start (what the
// topic charts draw: produce rate and HW per partition, for topics no group reads too).
QList<GroupSample> topicSamplesFromSnapshot(const ClusterSnapshot &snapshot);

// Compact binary form of one GroupSample's partitions, the way the store keeps them: the partition list ("layout")
// is stored once per distinct list and referred to by its hash, the values per sample as zig-zag varints relative
// to the previous partition's values, so 40,000 partitions take a few bytes each. Decoding checks every length and
// never trusts the input (a corrupt row decodes to an error, never to a crash).
struct SampleLayout
{
    QList<TopicPartition> partitions;
    QByteArray encode() const;
    static bool decode(const QByteArray &data, SampleLayout *out);
    quint64 hash() const; // stable across runs and platforms (not qHash, which is seeded)
};
QByteArray encodeSampleValues(const QList<PartitionSample> &partitions); // in layout order
// Fills the values of `partitions` (whose tp are the layout's, in order); false if the data does not fit them.
bool decodeSampleValues(const QByteArray &data, QList<PartitionSample> *partitions);

} // namespace OffsetLens
