#pragma once

#include "jobcontext.h"
#include "offsetwrite.h"

#include <memory>

namespace OffsetLens {

class WriteAccess;

struct OffsetWriteOptions
{
    // Read the committed offsets back after writing, so the report says what the broker holds now.
    bool readBack = true;
    // Whether the cluster may be written now (see WriteAccess), read right before sending. Null: the connection's
    // profile decides, a production profile counting as locked.
    std::shared_ptr<const WriteAccess> access;
};

// The one code path that writes committed offsets (AlterConsumerGroupOffsets, one request per group, all in flight
// at once on the connection's admin client), used by resets and by the demo cluster. Then, unless turned off, it
// reads the written partitions back (OffsetFetch) and reports per partition what became of the write. Never throws;
// every wait honours the job's cancel flag and the request timeout. A write we stopped waiting for may still be
// applied: it is reported as Unknown unless the read-back shows it landed. On a read-only profile, or a production
// one not unlocked, nothing is sent: every group carries the refusal and every partition stays NotSent.
OffsetWriteReport writeCommittedOffsets(const JobContext &context, const QList<GroupOffsetsToWrite> &writes,
                                        const OffsetWriteOptions &options = {});

struct CommittedOffsetsRead
{
    QString groupId;
    QList<CommittedOffset> offsets; // sorted; only real commits and per-partition errors
    QString error;                  // the whole read failed (coordinator unavailable, not authorized, timeout)
};

// Reads one group's committed offsets now, without a full refresh. `partitions` empty: everything the group
// committed (librdkafka's mock cluster cannot answer that and returns nothing: name the partitions there).
CommittedOffsetsRead readCommittedOffsets(const JobContext &context, const QString &groupId,
                                          const QList<TopicPartition> &partitions);

} // namespace OffsetLens
