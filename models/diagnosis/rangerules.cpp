// Rules on where a group's committed offsets stand in the retained log: below the log start, beyond the HW, or
// missing where the group consumes.
#include "diagnosisdetail.h"
#include "lag.h"
#include "numberformat.h"
#include "outofrange.h"
#include "rules.h"

#include <QSet>

namespace OffsetLens {

using namespace DiagnosisDetail;

namespace {

// The one outcome the user told us about, said first; the others follow in the shared lines anyway.
QString assumedOutcome(ResetPolicy policy, qint64 earliestReads, qint64 latestSkips)
{
    switch (policy) {
    case ResetPolicy::Earliest:
        return tr("Your consumers use earliest (your setting): they will read %1.").arg(messages(earliestReads));
    case ResetPolicy::Latest:
        return tr("Your consumers use latest (your setting): they will skip %1.").arg(messages(latestSkips));
    case ResetPolicy::None:
        return tr("Your consumers use none (your setting): they will stop with an error until the offsets are reset.");
    case ResetPolicy::Unknown:
        break;
    }
    return QString();
}

// A member currently owns one of the partitions: it meets the problem on its next fetch, not at a restart.
bool ownedByMember(const GroupInfo &group, const QList<FindingPartition> &list)
{
    for (const FindingPartition &p : list) {
        if (group.memberFor(p.tp))
            return true;
    }
    return false;
}

} // namespace

QList<Finding> findCommittedBelowLogStart(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (!group)
        return {};
    QList<FindingPartition> affected;
    QList<CommittedInLog> logs;
    for (const CommittedOffset &c : group->offsets) {
        if (c.offset < 0)
            continue;
        FindingPartition p = figures(input.snapshot, group, c.tp);
        // computeLag says BelowLogStart only when the log start and the HW are both known.
        const PartitionLag lag = computeLag(p.committed, p.logStartOffset, p.highWatermark);
        if (lag.status != OffsetStatus::BelowLogStart)
            continue;
        p.deleted = lag.deletedMessages;
        p.earliestReads = p.highWatermark - p.logStartOffset;
        p.earliestRereads = 0;
        p.latestSkips = p.highWatermark - p.logStartOffset;
        p.detail = tr("%1 deleted unread; earliest resumes at %2, latest at %3 (skipping %4)")
                       .arg(formatCount(p.deleted), formatCount(p.logStartOffset), formatCount(p.highWatermark),
                            formatCount(p.latestSkips));
        affected.append(p);
        logs.append({p.committed, p.logStartOffset, p.highWatermark});
    }
    if (affected.isEmpty())
        return {};

    Finding f = makeFinding(FindingRule::CommittedBelowLogStart, FindingSeverity::Error, groupId, affected);
    const qint64 deleted = f.total(&FindingPartition::deleted);
    const qint64 retained = f.total(&FindingPartition::latestSkips);
    f.title = affected.size() == 1 ? tr("Committed offset below the log start on %1: %2 deleted unread")
                                         .arg(partitionName(affected.constFirst().tp), messages(deleted))
                                   : tr("Committed offsets below the log start on %1: %2 deleted unread")
                                         .arg(partitions(affected.size()), messages(deleted));
    // The shared wording (the visualiser's tooltip says the same): its first line is the loss, the rest the
    // outcomes per auto.offset.reset.
    const QStringList lines = committedBelowLogStartLines(logs);
    QStringList explanation{lines.value(0)};
    explanation.append(tr("The log start of %1 moved past the group's committed offset: the group did not read "
                          "these partitions before time or size retention deleted their oldest segments. "
                          "kafka-consumer-groups still counts the deleted messages in LAG (HW \u2212 committed).")
                           .arg(partitionNames(f.partitions)));
    f.explanation = explanation.join(QLatin1Char('\n'));
    QStringList next = lines.mid(1);
    if (ownedByMember(*group, f.partitions))
        next.prepend(tr("A member is assigned some of these partitions: it meets the error on its next fetch, not "
                        "only at a restart."));
    if (const QString assumed = assumedOutcome(input.clientFor(groupId).resetPolicy, retained, retained);
        !assumed.isEmpty())
        next.append(assumed);
    f.whatNext = next.join(QLatin1Char('\n'));

    const QList<TopicPartition> tps = partitionsOf(f.partitions);
    const QDateTime now = input.effectiveNow();
    f.actions.append(resetAction(input,
                                 tr("Reset to earliest on %1: resume at the log start and read the %2 still "
                                    "retained (the %3 deleted are lost either way).")
                                     .arg(partitionNames(f.partitions), messages(retained), formatCount(deleted)),
                                 resetRequest(groupId, ResetStrategyKind::ToEarliest, tps, now)));
    f.actions.append(resetAction(
        input,
        tr("Reset to latest instead: skip the %1 still retained and read only new ones.").arg(messages(retained)),
        resetRequest(groupId, ResetStrategyKind::ToLatest, tps, now)));
    return {f};
}

QList<Finding> findCommittedAboveHighWatermark(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (!group)
        return {};
    QList<FindingPartition> affected;
    bool withinLogEnd = true; // every commit is at or below a known log end: replication only
    for (const CommittedOffset &c : group->offsets) {
        if (c.offset < 0)
            continue;
        FindingPartition p = figures(input.snapshot, group, c.tp);
        if (computeLag(p.committed, p.logStartOffset, p.highWatermark).status != OffsetStatus::AheadOfHighWatermark)
            continue;
        const PartitionInfo *info = input.snapshot.findPartition(c.tp);
        const qint64 logEnd = info ? info->logEndOffset : kNoOffset;
        if (logEnd < 0 || p.committed > logEnd)
            withinLogEnd = false;
        if (p.logStartOffset >= 0) {
            p.earliestReads = p.highWatermark - p.logStartOffset;
            p.latestSkips = p.highWatermark - p.logStartOffset;
        }
        p.detail = tr("%1 offsets beyond the HW").arg(formatCount(p.committed - p.highWatermark));
        affected.append(p);
    }
    if (affected.isEmpty())
        return {};

    // A commit within the leader's log end only waits for followers to catch up; beyond it (or with the log end
    // unknown, as it nearly always is) the fetch fails.
    Finding f = makeFinding(FindingRule::CommittedAboveHighWatermark,
                            withinLogEnd ? FindingSeverity::Warning : FindingSeverity::Error, groupId, affected);
    const FindingPartition &first = f.partitions.constFirst();
    const qint64 retained = f.total(&FindingPartition::earliestReads);
    f.title = affected.size() == 1
                  ? tr("Committed offset of %1 is %2 beyond the HW")
                        .arg(partitionName(first.tp), formatCount(first.committed - first.highWatermark))
                  : tr("Committed offsets beyond the HW on %1").arg(partitions(affected.size()));
    QStringList explanation;
    if (affected.size() == 1) {
        const QStringList lines =
            committedAboveHighWatermarkLines(first.committed, first.logStartOffset, first.highWatermark);
        explanation = lines.mid(0, lines.size() - 1);
        f.whatNext = lines.constLast();
    } else {
        explanation.append(tr("%1 point past the end of their logs.").arg(partitionNames(f.partitions)));
        explanation.append(committedAboveHighWatermarkLines(kNoOffset, kNoOffset, kNoOffset).value(0));
        f.whatNext = tr("The consumer gets \"offset out of range\" on each of them and resets per "
                        "auto.offset.reset: earliest to the log start (reading %1 in all); latest to the HW "
                        "(skipping them); none fails with an error.")
                         .arg(messages(retained));
    }
    explanation.append(tr("A consumer reads only up to the HW, so it never commits beyond it: the log this group "
                          "read has been replaced (recreated) or cut back (truncated) since."));
    explanation.append(tr("Clients that store the leader epoch with their commits (Java 2.1 and later) detect a "
                          "truncation and resume where the logs diverged instead."));
    if (withinLogEnd)
        explanation.append(tr("The leader's log end is known and the commits are within it: the HW only waits for "
                              "the followers, and the consumer resumes once it passes them."));
    f.explanation = explanation.join(QLatin1Char('\n'));

    const QList<TopicPartition> tps = partitionsOf(f.partitions);
    const QDateTime now = input.effectiveNow();
    f.actions.append(resetAction(input,
                                 tr("If the topic was recreated, reset to earliest: the group has read none of the "
                                    "%1 now in these partitions.")
                                     .arg(messages(retained)),
                                 resetRequest(groupId, ResetStrategyKind::ToEarliest, tps, now)));
    f.actions.append(resetAction(input,
                                 tr("If the log was truncated and re-reading is worse than skipping, reset to latest "
                                    "(or to a chosen offset in the preview)."),
                                 resetRequest(groupId, ResetStrategyKind::ToLatest, tps, now)));
    return {f};
}

QList<Finding> findPartitionsWithoutCommit(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (!group)
        return {};
    const bool active = isActive(*group);

    // The partitions the group consumes: with members, what they are assigned (the subscription as it stands);
    // without, every partition of the topics it commits to, when it subscribes (subscribe() takes whole topics; an
    // assign()-based "simple" group may well read only some partitions).
    QSet<TopicPartition> consumed;
    if (!group->members.isEmpty()) {
        for (const GroupMember &m : group->members) {
            for (const TopicPartition &tp : m.assignment)
                consumed.insert(tp);
        }
    } else if (!active && !group->isSimple && group->protocolType == QStringLiteral("consumer")) {
        QSet<QString> topics;
        for (const CommittedOffset &c : group->offsets) {
            if (c.offset >= 0)
                topics.insert(c.tp.topic);
        }
        for (const QString &name : std::as_const(topics)) {
            if (const TopicInfo *topic = input.snapshot.findTopic(name)) {
                for (const PartitionInfo &p : topic->partitions)
                    consumed.insert({name, p.partition});
            }
        }
    }

    QList<FindingPartition> affected;
    for (const TopicPartition &tp : std::as_const(consumed)) {
        FindingPartition p = figures(input.snapshot, group, tp);
        if (p.committed >= 0)
            continue;
        // No claim without both ends; and an empty partition starts at the same offset under either policy.
        if (p.logStartOffset < 0 || p.highWatermark <= p.logStartOffset)
            continue;
        p.earliestReads = p.highWatermark - p.logStartOffset;
        p.earliestRereads = 0;
        p.latestSkips = p.earliestReads;
        p.detail = tr("no commit; %1 retained").arg(messages(p.earliestReads));
        affected.append(p);
    }
    if (affected.isEmpty())
        return {};

    const ResetPolicy policy = input.clientFor(groupId).resetPolicy;
    const FindingSeverity severity = policy == ResetPolicy::Earliest ? FindingSeverity::Info
                                     : policy == ResetPolicy::None   ? FindingSeverity::Error
                                                                     : FindingSeverity::Warning;
    Finding f = makeFinding(FindingRule::NoCommittedOffset, severity, groupId, affected);
    const qint64 retained = f.total(&FindingPartition::earliestReads);
    f.title = tr("No committed offset on %1 holding %2: auto.offset.reset decides where the group starts")
                  .arg(affected.size() == 1 ? partitionName(f.partitions.constFirst().tp) : partitions(affected.size()),
                       messages(retained));
    QStringList explanation;
    if (!group->members.isEmpty()) {
        explanation.append(tr("Members are assigned %1, but the group has no committed offset there: the consumers "
                              "have not committed yet, or never do.")
                               .arg(partitionNames(f.partitions)));
        explanation.append(tr("librdkafka-based clients (confluent-kafka, kcat, ...) commit a partition only after "
                              "consuming a message from it, so a partition that got nothing new since they started "
                              "stays without a commit."));
    } else {
        explanation.append(tr("The group commits to %1 but has no committed offset for %2: partitions added to the "
                              "topic later, or never consumed.")
                               .arg(f.topics().join(QStringLiteral(", ")), partitionNames(f.partitions)));
    }
    f.explanation = explanation.join(QLatin1Char('\n'));
    QStringList next;
    next.append(group->members.isEmpty()
                    ? tr("When a consumer of the group starts on them, auto.offset.reset decides where:")
                    : tr("At the next restart or rebalance, auto.offset.reset decides again where they start:"));
    next.append(tr("earliest: reads the %1 retained.").arg(messages(retained)));
    next.append(tr("latest (the default of most clients): skips those %1 and reads only what is produced after "
                   "it starts; with producers writing to a new partition before the consumers notice it, that is "
                   "data lost.")
                    .arg(messages(retained)));
    next.append(tr("none: the consumer fails with an error."));
    if (const QString assumed = assumedOutcome(policy, retained, retained); !assumed.isEmpty())
        next.append(assumed);
    f.whatNext = next.join(QLatin1Char('\n'));

    const QList<TopicPartition> tps = partitionsOf(f.partitions);
    const QDateTime now = input.effectiveNow();
    f.actions.append(resetAction(input,
                                 tr("Commit a starting point now instead of leaving it to the client: to earliest "
                                    "(read the %1).")
                                     .arg(messages(retained)),
                                 resetRequest(groupId, ResetStrategyKind::ToEarliest, tps, now)));
    f.actions.append(resetAction(input, tr("Commit latest instead (skip them, on purpose)."),
                                 resetRequest(groupId, ResetStrategyKind::ToLatest, tps, now)));
    return {f};
}

} // namespace OffsetLens
