#pragma once

#include "lag.h"
#include "snapshot.h"

namespace OffsetLens {

// One row of `kafka-consumer-groups.sh --describe`: a partition a member is assigned, or a partition the group
// has committed offsets for but no member owns (consumer id, host and client id are then empty, printed "-").
struct DescribeRow
{
    QString group;
    TopicPartition tp;
    qint64 currentOffset = kNoOffset; // committed offset
    qint64 logEndOffset = kNoOffset;  // the CLI's LOG-END-OFFSET, which is really the high watermark
    qint64 logStartOffset = kNoOffset;
    qint64 position = kNoOffset; // live consumer position, when the source knows it
    PartitionLag lag;
    QString consumerId;
    QString host;
    QString clientId;
    QString metadata;
    // When the oldest value of this row was read, if an earlier refresh read it (carryForward); 0: all read now.
    qint64 carriedFromMs = 0;

    friend bool operator==(const DescribeRow &, const DescribeRow &) = default;
};

// Rows in the CLI's order: members with more partitions first, each member's partitions by (topic, partition),
// then committed partitions that no member owns, by (topic, partition).
QList<DescribeRow> describeGroup(const ClusterSnapshot &snapshot, const GroupInfo &group);

// The order of describeGroup's rows without their values (the visualiser's lanes need only that): each partition
// with the member that owns it, or null. Pointers into `group`.
struct DescribedPartition
{
    TopicPartition tp;
    const GroupMember *member = nullptr;
};
QList<DescribedPartition> describeOrder(const GroupInfo &group);

struct GroupLagSummary
{
    qint64 totalLag = 0; // sum of known lags (negative lags are not subtracted)
    qint64 maxLag = 0;
    qsizetype partitions = 0; // rows described
    qsizetype withoutCommit = 0;
    qsizetype outOfRange = 0; // BelowLogStart or AheadOfHighWatermark
    bool complete = true;     // false when some row's lag is unknown although it has a commit
    qint64 carriedFromMs = 0; // the oldest value carried over from an earlier refresh (ms since epoch), 0: none

    void add(const PartitionLag &lag); // counts one more partition

    friend bool operator==(const GroupLagSummary &, const GroupLagSummary &) = default;
};
GroupLagSummary summarize(const QList<DescribeRow> &rows);

} // namespace OffsetLens
