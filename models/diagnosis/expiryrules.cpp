// Rules on the life of committed offsets in __consumer_offsets: an Empty group's offsets expiring, and offsets the
// history saw that the cluster no longer has.
#include "diagnosisdetail.h"
#include "numberformat.h"
#include "rules.h"

#include <algorithm>

namespace OffsetLens {

using namespace DiagnosisDetail;

namespace {

// When the expiry clock started, as far as the samples tell: after `afterMs` (unset: no earlier bound) and at or
// before `byMs`. Samples are refreshes, so a start is only ever known to lie between two of them.
struct ClockStart
{
    std::optional<qint64> afterMs;
    qint64 byMs = 0;
};

// The group's recorded samples before the snapshot, then the snapshot itself as the newest sample.
QList<GroupSample> timeline(const DiagnosisInput &input, const GroupInfo &group)
{
    QList<GroupSample> list;
    const qint64 snapshotMs = input.snapshot.takenAt.toMSecsSinceEpoch();
    if (const GroupHistory *history = input.historyFor(group.groupId);
        history && history->subject == HistorySubject::Group) {
        for (const GroupSample &s : history->samples) {
            if (s.timeMs < snapshotMs)
                list.append(s);
        }
    }
    GroupSample current;
    current.groupId = group.groupId;
    current.timeMs = snapshotMs;
    current.state = group.state;
    current.hasMembers = !group.members.isEmpty();
    for (const CommittedOffset &c : group.offsets) {
        if (c.offset >= 0)
            current.partitions.append({c.tp, c.offset, kNoOffset, kNoOffset});
    }
    list.append(current);
    return list;
}

qint64 committedIn(const GroupSample &sample, const TopicPartition &tp)
{
    for (const PartitionSample &p : sample.partitions) {
        if (p.tp == tp)
            return p.committed;
    }
    return kNoOffset;
}

// A group that joined with a protocol: its clock starts when it became Empty (the start of the trailing idle run).
ClockStart becameEmpty(const QList<GroupSample> &samples)
{
    qsizetype k = samples.size() - 1;
    while (k > 0 && !isActive(samples.at(k - 1)))
        --k;
    ClockStart start;
    start.byMs = samples.at(k).timeMs;
    if (k > 0)
        start.afterMs = samples.at(k - 1).timeMs;
    return start;
}

// A group without a protocol (assign() consumers that only store offsets): each offset's clock starts at its own
// last commit, seen as the last change of the value.
ClockStart lastCommit(const QList<GroupSample> &samples, const TopicPartition &tp)
{
    qsizetype j = samples.size() - 1;
    while (j > 0 && committedIn(samples.at(j - 1), tp) == committedIn(samples.at(j), tp))
        --j;
    ClockStart start;
    start.byMs = samples.at(j).timeMs;
    if (j > 0)
        start.afterMs = samples.at(j - 1).timeMs;
    return start;
}

QString retentionText(const DiagnosisInput &input)
{
    const qint64 minutes = input.retentionMinutes();
    const QString duration = formatDuration(minutes * 60 * 1000);
    if (input.knowsRetention())
        return tr("offsets.retention.minutes is %1 (%2), as read from the cluster.")
            .arg(formatCount(minutes), duration);
    const QString why = input.snapshot.offsetsRetentionNote;
    if (why.isEmpty())
        return tr("offsets.retention.minutes could not be read from the cluster: Kafka's default since 2.0, %1 (%2), "
                  "is assumed.")
            .arg(formatCount(minutes), duration);
    return tr("offsets.retention.minutes could not be read from the cluster (%1): Kafka's default since 2.0, %2 "
              "(%3), is assumed.")
        .arg(why, formatCount(minutes), duration);
}

// The numbers of a group that has lost (or will lose) its commits: where earliest and latest would then start.
void fillRestartFigures(FindingPartition &p)
{
    if (p.committed < 0 || p.logStartOffset < 0 || p.highWatermark < p.logStartOffset)
        return;
    p.earliestReads = p.highWatermark - p.logStartOffset;
    p.earliestRereads = std::clamp(p.committed - p.logStartOffset, qint64(0), p.earliestReads);
    p.latestSkips = std::max<qint64>(0, p.highWatermark - std::max(p.committed, p.logStartOffset));
}

QString restartLines(const Finding &f)
{
    QStringList next;
    next.append(tr("Its consumers then start per auto.offset.reset:"));
    next.append(tr("earliest: they read %1 from the log start, %2 of which this group had already processed.")
                    .arg(messages(f.total(&FindingPartition::earliestReads)),
                         formatCount(f.total(&FindingPartition::earliestRereads))));
    next.append(tr("latest (the default of most clients): they skip the %1 not yet read, and whatever is produced "
                   "until they start.")
                    .arg(messages(f.total(&FindingPartition::latestSkips))));
    next.append(tr("none: they fail with an error until the offsets are reset."));
    return next.join(QLatin1Char('\n'));
}

} // namespace

QList<Finding> findExpiringOffsets(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (!group || group->state != GroupState::Empty || !group->members.isEmpty())
        return {};
    QList<FindingPartition> committed;
    for (const CommittedOffset &c : group->offsets) {
        if (c.offset < 0)
            continue;
        FindingPartition p = figures(input.snapshot, group, c.tp);
        fillRestartFigures(p);
        committed.append(p);
    }
    if (committed.isEmpty())
        return {};

    const QList<GroupSample> samples = timeline(input, *group);
    const bool simple = group->isSimple || group->protocolType.isEmpty();
    const qint64 retentionMs = input.retentionMinutes() * 60 * 1000;
    const QDateTime now = input.effectiveNow();
    const bool known = samples.size() >= 2; // the snapshot alone says nothing about when the clock started

    std::optional<ClockStart> start;
    if (known) {
        if (simple) {
            // The partition whose last commit is oldest expires first.
            for (FindingPartition &p : committed) {
                const ClockStart s = lastCommit(samples, p.tp);
                p.detail =
                    tr("expires by %1").arg(utcText(QDateTime::fromMSecsSinceEpoch(s.byMs + retentionMs, Qt::UTC)));
                if (!start || s.byMs < start->byMs)
                    start = s;
            }
        } else {
            start = becameEmpty(samples);
        }
    }

    FindingSeverity severity = FindingSeverity::Info;
    QDateTime deadline;
    if (start) {
        deadline = QDateTime::fromMSecsSinceEpoch(start->byMs + retentionMs, Qt::UTC);
        const qint64 remaining = now.msecsTo(deadline);
        if (remaining <= input.thresholds.expiryErrorMs)
            severity = FindingSeverity::Error;
        else if (remaining <= input.thresholds.expiryWarningMs)
            severity = FindingSeverity::Warning;
        else
            return {}; // far enough away: nothing to act on yet
    }

    Finding f = makeFinding(FindingRule::OffsetsExpiring, severity, groupId, committed);
    f.deadline = deadline;
    const QString retention = formatDuration(retentionMs);
    if (!start) {
        f.title =
            tr("Offsets of this Empty group expire %1 after it became Empty; when that was is unknown").arg(retention);
    } else if (now >= deadline) {
        f.title = tr("Offsets of this Empty group are due to expire now (by %1 at the latest)").arg(utcText(deadline));
    } else {
        f.title = tr("Offsets of this Empty group expire by %1 (in %2)")
                      .arg(utcText(deadline), formatDuration(now.msecsTo(deadline)));
    }

    QStringList explanation;
    explanation.append(
        tr("Group %1 has no members. Kafka deletes the committed offsets of an Empty group offsets.retention.minutes "
           "after it became Empty (2.1 and later; older brokers, and groups that only store offsets without "
           "joining, count from each offset's last commit). Brokers do not report when that was.")
            .arg(groupId));
    explanation.append(retentionText(input));
    if (!start) {
        explanation.append(tr("OffsetLens has no history of this group, so it cannot tell when the clock started: "
                              "keep OffsetLens watching the cluster to get a date."));
    } else if (simple) {
        explanation.append(
            start->afterMs
                ? tr("The group has no protocol, so each offset counts from its own last commit; the oldest "
                     "changed between %1 and %2.")
                      .arg(utcText(QDateTime::fromMSecsSinceEpoch(*start->afterMs, Qt::UTC)),
                           utcText(QDateTime::fromMSecsSinceEpoch(start->byMs, Qt::UTC)))
                : tr("The group has no protocol, so each offset counts from its own last commit; the oldest has not "
                     "changed since OffsetLens's history begins (%1), so it may expire sooner.")
                      .arg(utcText(QDateTime::fromMSecsSinceEpoch(start->byMs, Qt::UTC))));
    } else {
        explanation.append(
            start->afterMs
                ? tr("OffsetLens last saw the group active at %1 and Empty at %2: the clock started in between.")
                      .arg(utcText(QDateTime::fromMSecsSinceEpoch(*start->afterMs, Qt::UTC)),
                           utcText(QDateTime::fromMSecsSinceEpoch(start->byMs, Qt::UTC)))
                : tr("The group was already Empty when OffsetLens's history of it begins (%1): the clock started "
                     "then or earlier, so the offsets may expire sooner.")
                      .arg(utcText(QDateTime::fromMSecsSinceEpoch(start->byMs, Qt::UTC))));
    }
    if (start)
        explanation.append(tr("(A consumer that joined while OffsetLens was not watching restarted the clock: "
                              "then they last longer.)"));
    f.explanation = explanation.join(QLatin1Char('\n'));
    f.whatNext = tr("When they expire, the group has no committed offsets on %1.").arg(partitions(committed.size())) +
                 QLatin1Char('\n') + restartLines(f);

    f.actions.append({tr("Start a consumer of the group if it is still needed: while it has members, its offsets do "
                         "not expire."),
                      std::nullopt, QString()});
    const QList<TopicPartition> tps = partitionsOf(f.partitions);
    f.actions.append(resetAction(
        input,
        simple ? tr("Re-commit the same offsets (preview \"to current\", apply): each commit restarts that offset's "
                    "clock.")
               : tr("Keep a copy to restore later: open the preview \"to current\" and export the offsets. Applying "
                    "it does not postpone the expiry: the clock runs from when the group became Empty."),
        resetRequest(groupId, ResetStrategyKind::ToCurrent, tps, now)));
    return {f};
}

QList<Finding> findVanishedOffsets(const DiagnosisInput &input, const QString &groupId)
{
    const GroupHistory *history = input.historyFor(groupId);
    if (!history || history->subject != HistorySubject::Group)
        return {};
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (group) {
        const bool hasCommits = std::any_of(group->offsets.cbegin(), group->offsets.cend(),
                                            [](const CommittedOffset &c) { return c.offset >= 0; });
        // A group whose offsets could not be read (an error) has not lost them.
        if (hasCommits || !group->error.isEmpty())
            return {};
    } else if (!input.snapshot.groupsListedByBroker) {
        return {}; // absent only because the cluster cannot list groups
    }

    // The newest sample with commits, and the one after it (when the history saw them gone).
    const qint64 snapshotMs = input.snapshot.takenAt.toMSecsSinceEpoch();
    qsizetype last = -1;
    for (qsizetype i = 0; i < history->samples.size(); ++i) {
        const GroupSample &s = history->samples.at(i);
        if (s.timeMs < snapshotMs && !s.partitions.isEmpty())
            last = i;
    }
    if (last < 0)
        return {};
    const GroupSample &seen = history->samples.at(last);
    const qint64 goneByMs = last + 1 < history->samples.size() && history->samples.at(last + 1).timeMs < snapshotMs
                                ? history->samples.at(last + 1).timeMs
                                : snapshotMs;

    QList<FindingPartition> lost;
    QList<OffsetTarget> targets;
    for (const PartitionSample &s : seen.partitions) {
        if (s.committed < 0)
            continue;
        FindingPartition p = figures(input.snapshot, group, s.tp);
        p.committed = s.committed;
        p.lag = std::nullopt;
        fillRestartFigures(p);
        p.detail = tr("last committed %1").arg(formatCount(s.committed));
        lost.append(p);
        targets.append({s.tp, s.committed, 0});
    }
    if (lost.isEmpty())
        return {};

    Finding f = makeFinding(FindingRule::OffsetsVanished, FindingSeverity::Warning, groupId, lost);
    const QDateTime seenAt = QDateTime::fromMSecsSinceEpoch(seen.timeMs, Qt::UTC);
    const QDateTime goneBy = QDateTime::fromMSecsSinceEpoch(goneByMs, Qt::UTC);
    f.title = tr("Committed offsets on %1 are gone (seen until %2)").arg(partitions(lost.size()), utcText(seenAt));
    QStringList explanation;
    explanation.append(tr("OffsetLens saw group %1 commit to %2 until %3; by %4 the cluster had none.")
                           .arg(groupId, partitionNames(f.partitions), utcText(seenAt), utcText(goneBy)));
    explanation.append(isActive(seen)
                           ? tr("The group had members when last seen with commits, so they were probably deleted "
                                "(kafka-consumer-groups --delete or --delete-offsets, or a tool) rather than expired.")
                           : tr("The group was Empty when last seen with commits: they most likely expired "
                                "(offsets.retention.minutes after the group became Empty), or someone deleted them."));
    f.explanation = explanation.join(QLatin1Char('\n'));
    f.whatNext = tr("The group has no committed offsets now.") + QLatin1Char('\n') + restartLines(f);

    ResetRequest restore =
        resetRequest(groupId, ResetStrategyKind::Explicit, partitionsOf(f.partitions), input.effectiveNow());
    restore.strategy.targets = targets;
    std::sort(restore.strategy.targets.begin(), restore.strategy.targets.end(),
              [](const OffsetTarget &a, const OffsetTarget &b) { return a.tp < b.tp; });
    f.actions.append(resetAction(input,
                                 tr("Restore the offsets OffsetLens last saw (%1) before the consumers start; the "
                                    "preview moves those below the log start up to it.")
                                     .arg(utcText(seenAt)),
                                 restore));
    return {f};
}

} // namespace OffsetLens
