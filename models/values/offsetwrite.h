#pragma once

#include "snapshot.h"

namespace OffsetLens {

// What to commit for a group: the one offset writer (kafka/) takes these, a reset plan produces them.
struct OffsetToWrite
{
    TopicPartition tp;
    qint64 offset = kNoOffset;
    QString metadata; // stored with the commit, as a consumer's commit would store it

    friend bool operator==(const OffsetToWrite &, const OffsetToWrite &) = default;
};

struct GroupOffsetsToWrite
{
    QString groupId;
    QList<OffsetToWrite> offsets;
};

// What became of one partition's write. The writer reads the committed offsets back after writing, so "written"
// is what the broker says now, not what we hoped.
enum class WriteOutcome
{
    Confirmed, // read back: the committed offset is the one we wrote
    Accepted,  // the broker acknowledged it; not read back (read-back turned off, cancelled, or it failed: then the
               // error says why it is unconfirmed)
    Differs,   // acknowledged, but reading back gave another offset (someone committed meanwhile)
    Rejected,  // the broker refused it; error says why (group not empty, unknown partition, not authorized...)
    Unknown,   // sent, but no answer in time (or cancelled meanwhile): it may still be applied
    NotSent,   // cancelled, invalid or failed before it was sent
};
QString writeOutcomeName(WriteOutcome outcome); // "confirmed", "rejected", ...

struct PartitionWriteResult
{
    TopicPartition tp;
    qint64 requested = kNoOffset;
    WriteOutcome outcome = WriteOutcome::NotSent;
    qint64 readBack = kNoOffset; // the committed offset read back after the write; kNoOffset: none or not read
    QString error;

    friend bool operator==(const PartitionWriteResult &, const PartitionWriteResult &) = default;
};

struct GroupWriteResult
{
    QString groupId;
    QString error; // whole-group problem (coordinator not available, group not empty); partitions say the rest
    QList<PartitionWriteResult> partitions; // in the order they were asked for

    qsizetype count(WriteOutcome outcome) const;
    // Every partition is committed as asked: confirmed, or acknowledged with nothing against it (no read-back).
    bool succeeded() const;
};

struct OffsetWriteReport
{
    QList<GroupWriteResult> groups;
    bool readBack = false; // the committed offsets were read back after writing

    bool succeeded() const;
    qsizetype count(WriteOutcome outcome) const;
    // One line for people: "12 partitions confirmed" or "3 of 12 partitions written; 9 rejected: ...".
    QString summary() const;
};

} // namespace OffsetLens
