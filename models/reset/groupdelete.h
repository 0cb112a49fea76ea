#pragma once

#include "snapshot.h"

#include <QStringList>

namespace OffsetLens {

// Deleting a group's committed offsets for some topics (DeleteConsumerGroupOffsets / OffsetDelete) or the whole
// group (DeleteGroups). Both are refused by the broker for a group with active members subscribed to the topics;
// OffsetLens checks the state first, as for resets (resetsafety.h).
struct DeleteOffsetsRequest
{
    QString groupId;
    QList<TopicPartition> partitions; // every partition whose committed offset goes
};

struct PartitionDeleteResult
{
    TopicPartition tp;
    qint64 committedBefore = kNoOffset;
    bool deleted = false;
    QString error; // the broker's error in words, or why it was not sent

    friend bool operator==(const PartitionDeleteResult &, const PartitionDeleteResult &) = default;
};

struct DeleteOffsetsResult
{
    QString groupId;
    QString error; // whole-request problem (coordinator, group not empty, not supported by this cluster)
    QList<PartitionDeleteResult> partitions;

    bool succeeded() const;
    QString summary() const; // "3 partitions deleted" / "1 of 3 deleted; 2 failed: …"
};

struct DeleteGroupResult
{
    QString groupId;
    bool deleted = false;
    QString error;
};

} // namespace OffsetLens
