#pragma once

#include "resetplan.h"
#include "snapshot.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace OffsetLens {

// How bad a finding is. Error: data is lost or a consumer will fail or skip data unless someone acts (the CLI's
// `doctor` exits non-zero); Warning: it will go wrong or already costs something; Info: worth knowing.
enum class FindingSeverity
{
    Info,
    Warning,
    Error,
};
QString findingSeverityId(FindingSeverity severity);   // "info", "warning", "error": stable, for JSON and scripts
QString findingSeverityName(FindingSeverity severity); // "Info", "Warning", "Error": translated, for people
std::optional<FindingSeverity> findingSeverityFromId(QStringView id);

// Every rule of the doctor. The order is the tie-breaker when findings of one group share a severity: causes first
// (where the offsets stand), then effects (progress), then the client facts that explain them.
enum class FindingRule
{
    CommittedBelowLogStart,      // "committed-below-log-start": retention deleted unread messages
    CommittedAboveHighWatermark, // "committed-above-high-watermark": topic recreated or log truncated
    NoCommittedOffset,           // "no-committed-offset": auto.offset.reset decides where the group starts
    OffsetsExpiring,             // "offsets-expiring": an Empty group's offsets near offsets.retention.minutes
    OffsetsVanished,             // "offsets-vanished": the history had commits, the cluster has none now
    SharedGroupId,               // "shared-group-id": different applications in one group
    ConsumerStopped,             // "consumer-stopped": Burrow's STOP
    ConsumerStalled,             // "consumer-stalled": Burrow's STALL
    ConsumerRewound,             // "consumer-rewound": Burrow's REWIND
    LagGrowing,                  // "lag-growing": produced faster than consumed; never catches up at this rate
    LagCatchingUpSlowly,         // "lag-catching-up-slowly": catches up, but it takes long
    CommittedAheadOfPosition,    // "committed-ahead-of-position": a crash now skips messages
    RedeliveryOnCrash,           // "redelivery-on-crash": committed trails the position
    ResetPolicy,                 // "client-reset-policy": what auto.offset.reset will do to this group
    CommitMode,                  // "client-commit-mode": what the commit mode means for this group
};
QString findingRuleId(FindingRule rule); // stable string for JSON, e.g. "committed-below-log-start"
std::optional<FindingRule> findingRuleFromId(QStringView id);
QList<FindingRule> allFindingRules();

// What a finding is about. Group findings name a group (and `topic` when all their partitions are in one topic);
// topic and cluster findings have no group.
enum class FindingScope
{
    Cluster,
    Group,
    Topic,
};
QString findingScopeId(FindingScope scope); // "cluster", "group", "topic"

// One partition a finding concerns, with the numbers behind it. Offsets are kNoOffset where unknown; the derived
// counts are kNoOffset where the rule does not use them (they are never negative otherwise).
struct FindingPartition
{
    TopicPartition tp;
    qint64 committed = kNoOffset; // for offsets-vanished: the last committed offset the history saw
    qint64 logStartOffset = kNoOffset;
    qint64 highWatermark = kNoOffset;
    qint64 position = kNoOffset;
    std::optional<qint64> lag; // HW − committed (negative when committed > HW); unset when either is unknown

    qint64 deleted = kNoOffset;         // unread messages retention deleted (log start − committed)
    qint64 earliestReads = kNoOffset;   // messages a reset to earliest (log start) delivers: HW − log start
    qint64 earliestRereads = kNoOffset; // of those, the ones this group had already read (duplicates)
    qint64 latestSkips = kNoOffset;     // retained messages this group has not read that a reset to latest skips
    qint64 redelivered = kNoOffset;     // position − committed: delivered again if the consumer crashed now
    qint64 skippedOnCrash = kNoOffset;  // committed − position: never delivered if the consumer crashed now
    QString detail;                     // one line with this partition's numbers (or the health verdict)

    friend bool operator==(const FindingPartition &, const FindingPartition &) = default;
};

// A fix or a next step. `reset` is a complete request the reset preview opens pre-filled (exactly the affected
// partitions); the preview re-plans it on fresh data and refuses it while the group is active.
struct SuggestedAction
{
    QString text;
    std::optional<ResetRequest> reset;
    // Why the preview would refuse the reset now (the group is active, its state is unknown), from
    // checkResetAllowed; empty when it may be applied. The panel shows it next to a disabled button.
    QString blockedBy;

    friend bool operator==(const SuggestedAction &, const SuggestedAction &) = default;
};

struct Finding
{
    FindingRule rule = FindingRule::CommittedBelowLogStart;
    FindingSeverity severity = FindingSeverity::Info;
    FindingScope scope = FindingScope::Group;
    QString groupId;
    QString topic;                      // set when every partition is in this topic (or for topic scope)
    QList<FindingPartition> partitions; // by (topic, partition)
    QString title;                      // one line, with the headline number
    QString explanation;                // what is wrong and why, in plain words (lines joined by '\n')
    QString whatNext;                   // what happens next, with the numbers (lines joined by '\n')
    QList<SuggestedAction> actions;     // the recommended one first; may be empty

    // Time-bound findings (offsets expiring): when it happens at the latest, UTC; invalid otherwise.
    QDateTime deadline;
    // Rate findings: messages per second over the history window, and the time to catch up (unset: never at this
    // rate, or not a rate finding).
    std::optional<double> produceRate;
    std::optional<double> consumeRate;
    std::optional<qint64> catchUpMs;

    // The topics of the partitions, sorted and without duplicates.
    QStringList topics() const;
    // Sum of one derived count over the partitions, ignoring kNoOffset (e.g. &FindingPartition::deleted).
    qint64 total(qint64 FindingPartition::*count) const;

    friend bool operator==(const Finding &, const Finding &) = default;
};

// The panel's order and the CLI's: severity (errors first), then scope (cluster, group, topic), then group id,
// then rule (causes before effects), then topic. Stable for equal keys.
void sortFindings(QList<Finding> &findings);

// Which findings a view shows: the whole cluster (empty filter), one group, one topic (findings with a partition of
// it, or scoped to it), from a minimum severity on.
struct FindingFilter
{
    QString groupId;
    QString topic;
    FindingSeverity minimum = FindingSeverity::Info;
};
bool findingMatches(const Finding &finding, const FindingFilter &filter);
QList<Finding> filterFindings(const QList<Finding> &findings, const FindingFilter &filter);

// The worst severity per group, for marking groups in the tree and the groups table.
QHash<QString, FindingSeverity> worstSeverityByGroup(const QList<Finding> &findings);
// The worst severity of all findings; unset when there are none. `doctor` exits non-zero on Error.
std::optional<FindingSeverity> worstSeverity(const QList<Finding> &findings);

} // namespace OffsetLens
