#pragma once

#include "diagnosisinput.h"
#include "finding.h"

namespace OffsetLens {

// The doctor's rules, one function each, so that each can be tested (and its absence of findings too) on its own.
// Each looks at one group of `input.snapshot` (by id) and returns its findings for that group, or none. They never
// claim what the data does not show: an unknown HW, log start or commit time means no finding or one that says it
// is unknown.

// Committed < log start: retention deleted unread messages; both auto.offset.reset outcomes with the numbers.
// Error. Actions: reset to earliest (recommended) or to latest on exactly those partitions.
QList<Finding> findCommittedBelowLogStart(const DiagnosisInput &input, const QString &groupId);

// Committed > HW: the topic was recreated or its log truncated. Error; a warning when the leader's log end is
// known and the commit is within it (the HW only trails replication). Actions: reset to earliest or to latest.
QList<Finding> findCommittedAboveHighWatermark(const DiagnosisInput &input, const QString &groupId);

// A partition the group consumes without a committed offset: assigned to a member, or, for a subscribed group
// without members, a partition of a topic it commits to (e.g. one added later). auto.offset.reset decides where it
// starts; only partitions holding messages matter (with an empty one both policies start at the same offset).
// Warning (info if the assumed policy is earliest, error if it is none).
QList<Finding> findPartitionsWithoutCommit(const DiagnosisInput &input, const QString &groupId);

// An Empty group's offsets near expiry: offsets.retention.minutes after the group became Empty (Kafka 2.1+;
// after the last commit for groups without a protocol), as far as the history shows when that was. Error within
// thresholds.expiryErrorMs, warning within expiryWarningMs; info when the history cannot say when.
QList<Finding> findExpiringOffsets(const DiagnosisInput &input, const QString &groupId);

// The history saw committed offsets that the cluster no longer has (expired while Empty, or deleted). Warning.
// Action: restore the last offsets the history saw (explicit targets, clamped by the preview).
QList<Finding> findVanishedOffsets(const DiagnosisInput &input, const QString &groupId);

// One group id used by different applications: members with different client ids (ignoring the instance number),
// or assignments that an assignor could only have produced from different subscriptions. Warning; info when only
// the topic split suggests it. Actions: copy the offsets into one new group per application.
QList<Finding> findSharedGroupId(const DiagnosisInput &input, const QString &groupId);

// Burrow's verdicts from the tracker: STOP, STALL, REWIND, and WARN (lag growing) when the history cannot measure
// the rates itself.
QList<Finding> findUnhealthyConsumers(const DiagnosisInput &input, const QString &groupId);

// Produce vs consume rate from the history of a group with members: lag growing (never catches up at this rate),
// or catching up slower than thresholds.slowCatchUpMs.
QList<Finding> findLagTrend(const DiagnosisInput &input, const QString &groupId);

// Where live positions are known: committed trailing the position (messages a crash now delivers again; info) or
// ahead of it (messages a crash now skips; warning).
QList<Finding> findUncommittedProgress(const DiagnosisInput &input, const QString &groupId);

// The client facts behind the group's other findings: the reset policy (where a finding depends on it) and the
// commit mode (where one depends on it), with the usual defaults and what they do to this group. Info; nothing
// when no finding needs them.
QList<Finding> findClientDefaults(const DiagnosisInput &input, const QString &groupId,
                                  const QList<Finding> &groupFindings);

} // namespace OffsetLens
