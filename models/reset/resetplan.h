#pragma once

#include "offsetwrite.h"
#include "snapshot.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// Which partitions a reset touches, as kafka-consumer-groups' scope options say it.
struct TopicSelection
{
    QString topic;
    QList<qint32> partitions; // empty: every partition of the topic (`--topic t`); else `--topic t:0,1`

    friend bool operator==(const TopicSelection &, const TopicSelection &) = default;
};

struct ResetScope
{
    // `--all-topics`: every partition the group has committed offsets for (not every topic of the cluster).
    bool allTopics = true;
    QList<TopicSelection> topics; // used when !allTopics

    friend bool operator==(const ResetScope &, const ResetScope &) = default;
};

enum class ResetStrategyKind
{
    ToEarliest, // log start
    ToLatest,   // HW
    ToCurrent,  // committed; latest where there is none
    ToOffset,   // N, clamped to [log start, HW]
    ShiftBy,    // committed + N, clamped; no commit: the row fails
    ToDateTime, // first offset with timestamp >= T; no such message: latest, with the CLI's note
    ByDuration, // ToDateTime with T = now - duration
    FromFile,   // the CLI's CSV (see resetfile.h), clamped; the file's partitions are the scope
    FromGroup,  // another group's committed offsets, clamped
    Explicit,   // per-partition targets (the visualiser's drag edits), clamped; those partitions are the scope
};

// One row of a file or of explicit targets: where a partition should go.
struct OffsetTarget
{
    TopicPartition tp;
    qint64 offset = kNoOffset;
    int line = 0; // line in the file it came from (1-based), 0 when not from a file

    friend bool operator==(const OffsetTarget &, const OffsetTarget &) = default;
};

struct ResetStrategy
{
    ResetStrategyKind kind = ResetStrategyKind::ToLatest;
    qint64 offset = 0;                 // ToOffset: the offset; ShiftBy: the signed delta
    qint64 timestampMs = 0;            // ToDateTime: ms since the epoch, UTC (the zone was resolved when parsing)
    qint64 durationMs = 0;             // ByDuration: how far back from `now` (see ResetRequest::now)
    QString fromGroup;                 // FromGroup
    bool onlySharedPartitions = false; // FromGroup: only partitions both groups have commits for
    QList<OffsetTarget> targets;       // FromFile (after parsing) and Explicit

    friend bool operator==(const ResetStrategy &, const ResetStrategy &) = default;
};

// Everything a plan is made from, besides the snapshot. Plans are compared by re-planning the same request on
// fresher data, so it must hold everything the user chose.
struct ResetRequest
{
    QString groupId;
    ResetScope scope;
    ResetStrategy strategy;
    QDateTime now; // ByDuration's "now" (UTC); fixed when the request is made so that a re-plan gives the same T

    friend bool operator==(const ResetRequest &, const ResetRequest &) = default;
};

enum class ResetRowStatus
{
    Changed,   // target differs from the committed offset (or there was no commit)
    Unchanged, // target equals the committed offset: nothing to write (it is still written, as the CLI does)
    Clamped,   // the strategy's value lay outside [log start, HW] and was moved to the nearer end (note says so)
    Failed,    // no target (shift-by without a commit, no HW known...): note says why; not written
};

struct ResetPlanRow
{
    TopicPartition tp;
    qint64 committedBefore = kNoOffset; // kNoOffset: no commit
    qint64 target = kNoOffset;          // kNoOffset only when Failed
    qint64 logStartOffset = kNoOffset;
    qint64 highWatermark = kNoOffset;
    qint64 lagBefore = kNoOffset; // HW - committed; kNoOffset without a commit or HW
    qint64 lagAfter = kNoOffset;  // HW - target
    ResetRowStatus status = ResetRowStatus::Changed;
    QString note; // "clamped from 120", "no committed offset to shift", "Partition … is empty. Falling back …"

    bool writable() const { return status != ResetRowStatus::Failed; }
    friend bool operator==(const ResetPlanRow &, const ResetPlanRow &) = default;
};

struct ResetPlanSummary
{
    qsizetype partitions = 0; // rows
    qsizetype changed = 0;    // writable rows whose target differs from the committed offset (or had none)
    qsizetype clamped = 0;
    qsizetype failed = 0;
    qint64 lagBefore = 0;              // sum of known lagBefore
    qint64 lagAfter = 0;               // sum of known lagAfter over writable rows (failed rows keep their lagBefore)
    qint64 reconsumed = 0;             // sum of committed - target where the target is earlier: messages read again
    qint64 skipped = 0;                // sum of target - committed where the target is later: messages never read
    qsizetype withoutCommitBefore = 0; // writable rows that had no commit (neither re-consumed nor skipped)

    friend bool operator==(const ResetPlanSummary &, const ResetPlanSummary &) = default;
};

// The outcome of planning: one row per partition in (topic, partition) order, or a reason the whole plan fails
// (a missing or leaderless partition in the scope, an unknown source group, errors in the file), as the CLI
// refuses the whole command in those cases.
struct ResetPlan
{
    ResetRequest request;
    QString profileId;
    QString clusterName;
    QDateTime basedOn; // the snapshot's takenAt
    GroupState groupState = GroupState::Unknown;
    bool groupExists = false; // the snapshot knows the group (listed, or with commits)
    QList<GroupMember> members;
    QList<ResetPlanRow> rows;
    QString error;            // non-empty: the plan failed as a whole; rows may be empty
    QStringList errorDetails; // e.g. one line per malformed file row, "line 4: unknown topic 'x'"
    QStringList warnings;     // plan-level notes that do not fail it (e.g. file rows of other groups ignored)

    bool isValid() const { return error.isEmpty(); }
    ResetPlanSummary summary() const;
    // The writable rows as one group's write (what the one offset writer takes).
    GroupOffsetsToWrite toWrite() const;
    // The re-check before writing: true when `other` (the same request planned on fresher data) changes the same
    // partitions from the same committed offsets, with no row failing in one and not the other, and, for
    // strategies with fixed targets (to offset, shift by, to current, file, explicit), the same targets. For
    // earliest, latest, date-time, duration and copy-from-group the targets follow the live log (a HW that grew
    // under traffic is what "to latest" means); the write uses the fresh plan and the result shows its targets.
    bool sameEffectAs(const ResetPlan &other) const;
};

QString resetRowStatusName(ResetRowStatus status); // "changed", "unchanged", "clamped", "failed"
QString resetStrategyName(ResetStrategyKind kind); // "to earliest", "shift by", ...

} // namespace OffsetLens
