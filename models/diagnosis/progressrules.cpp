// Rules on a group's progress: Burrow's verdicts, produce vs consume rates from the history, and what the live
// positions say about the commits.
#include "diagnosisdetail.h"
#include "numberformat.h"
#include "rules.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace OffsetLens {

using namespace DiagnosisDetail;

namespace {

bool canMeasureRates(const DiagnosisInput &input, const QString &groupId)
{
    const GroupHistory *history = input.historyFor(groupId);
    return history && history->subject == HistorySubject::Group && history->samples.size() >= 2;
}

Finding stoppedFinding(const GroupInfo &group, QList<FindingPartition> list)
{
    const bool active = isActive(group);
    // A consumer that is there but does not commit is broken; a group nobody runs may be meant to be idle.
    Finding f = makeFinding(FindingRule::ConsumerStopped, active ? FindingSeverity::Error : FindingSeverity::Warning,
                            group.groupId, std::move(list));
    const qint64 lag = f.total(&FindingPartition::latestSkips);
    f.title =
        active
            ? tr("Consumer stopped committing on %1 with %2 behind").arg(partitions(f.partitions.size()), messages(lag))
            : tr("Nobody consumes this group: %1 behind on %2").arg(messages(lag), partitions(f.partitions.size()));
    QStringList explanation;
    explanation.append(tr("Burrow's STOP rule: the last commit is older than the whole window of recent commits, "
                          "while there is lag (%1).")
                           .arg(partitionNames(f.partitions)));
    explanation.append(active ? tr("The group has members, but they do not commit: a consumer that hangs (a blocked "
                                   "call, a long GC), is stuck in processing, or polls without committing.")
                              : tr("The group has no members: nothing reads these partitions."));
    f.explanation = explanation.join(QLatin1Char('\n'));
    f.whatNext = tr("The lag grows with every message produced. A consumer that starts resumes at the committed "
                    "offsets and works through the %1; if retention passes a committed offset first, the messages "
                    "in between are lost (the log start shows how close it is).")
                     .arg(messages(lag));
    if (active)
        f.actions.append(
            {tr("Check the consumers' logs and threads; restart the one that hangs."), std::nullopt, QString()});
    else
        f.actions.append({tr("Start the consumers if the group is still needed, or delete it if not (its offsets "
                             "expire on their own after offsets.retention.minutes)."),
                          std::nullopt, QString()});
    return f;
}

Finding stalledFinding(const DiagnosisInput &input, const GroupInfo &group, QList<FindingPartition> list)
{
    Finding f = makeFinding(FindingRule::ConsumerStalled, FindingSeverity::Error, group.groupId, std::move(list));
    f.title = tr("Consumer stalled on %1: commits keep coming, the offset does not move")
                  .arg(f.partitions.size() == 1 ? partitionName(f.partitions.constFirst().tp)
                                                : partitions(f.partitions.size()));
    f.explanation = tr("Burrow's STALL rule: every recent commit has the same offset while there is lag. The "
                       "consumer is alive (auto-commit keeps committing) but does not get past one message: one it "
                       "cannot process and retries forever, or a paused partition.");
    f.whatNext = tr("Nothing more is processed on %1 and the lag grows until the message at the committed offset is "
                    "processed or skipped.")
                     .arg(partitionNames(f.partitions));
    f.actions.append({tr("Peek at the message at the committed offset to see why it fails."), std::nullopt, QString()});
    f.actions.append(resetAction(input,
                                 tr("To skip it: stop the consumers, then shift the committed offset by +1 on %1.")
                                     .arg(partitionNames(f.partitions)),
                                 [&] {
                                     ResetRequest r = resetRequest(group.groupId, ResetStrategyKind::ShiftBy,
                                                                   partitionsOf(f.partitions), input.effectiveNow());
                                     r.strategy.offset = 1;
                                     return r;
                                 }()));
    return f;
}

Finding rewoundFinding(const GroupInfo &group, QList<FindingPartition> list)
{
    Finding f = makeFinding(FindingRule::ConsumerRewound, FindingSeverity::Warning, group.groupId, std::move(list));
    f.title = tr("Committed offset went back on %1")
                  .arg(f.partitions.size() == 1 ? partitionName(f.partitions.constFirst().tp)
                                                : partitions(f.partitions.size()));
    f.explanation = tr("Burrow's REWIND rule: a commit was lower than the one before it. Someone reset the group, or "
                       "a consumer committed an old offset (after a rebalance handed it a partition with a stale "
                       "position, or a manual commit of the wrong offsets).");
    f.whatNext = tr("The messages between the two offsets are processed again. If nobody reset the group on "
                    "purpose, find the consumer that commits old offsets.");
    return f;
}

Finding warnFinding(const GroupInfo &group, QList<FindingPartition> list)
{
    Finding f = makeFinding(FindingRule::LagGrowing, FindingSeverity::Warning, group.groupId, std::move(list));
    f.title = tr("Lag has not gone down over the recent commits on %1").arg(partitions(f.partitions.size()));
    f.explanation = tr("Burrow's WARN rule: the lag never decreased over the window of recent commits: the consumer "
                       "commits and moves, but slower than messages arrive. (OffsetLens has no history of this "
                       "group yet to measure the rates.)");
    f.whatNext = tr("If it goes on, the lag keeps growing and the consumer never catches up.");
    return f;
}

// Two samples of one partition, for the rates.
struct PartitionPair
{
    PartitionSample older;
    PartitionSample newer;
};

} // namespace

QList<Finding> findUnhealthyConsumers(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    const GroupLagStatus *status = input.lagStatusFor(groupId);
    if (!group || !status)
        return {};
    QList<FindingPartition> stopped;
    QList<FindingPartition> stalled;
    QList<FindingPartition> rewound;
    QList<FindingPartition> warned;
    QString lastReason;
    for (const PartitionHealth &ph : status->health.partitions) {
        const LagHealth health = ph.verdict.health;
        if (health == LagHealth::Ok || health == LagHealth::Err)
            continue;
        // WARN is a trend the history measures better (findLagTrend); use it only where there is none.
        if (health == LagHealth::Warn && canMeasureRates(input, groupId))
            continue;
        FindingPartition p = figures(input.snapshot, group, ph.tp);
        if (p.lag && *p.lag > 0)
            p.latestSkips = *p.lag;
        // Partitions stopped together read alike: one string for a run of equal reasons, not one per partition.
        const QString reason = ph.verdict.reason();
        if (reason != lastReason)
            lastReason = reason;
        p.detail = lastReason;
        (health == LagHealth::Stop     ? stopped
         : health == LagHealth::Stall  ? stalled
         : health == LagHealth::Rewind ? rewound
                                       : warned)
            .append(p);
    }
    QList<Finding> findings;
    if (!stopped.isEmpty())
        findings.append(stoppedFinding(*group, stopped));
    if (!stalled.isEmpty())
        findings.append(stalledFinding(input, *group, stalled));
    if (!rewound.isEmpty())
        findings.append(rewoundFinding(*group, rewound));
    if (!warned.isEmpty())
        findings.append(warnFinding(*group, warned));
    return findings;
}

QList<Finding> findLagTrend(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    // Without members nothing consumes: that is a stop (findUnhealthyConsumers), not a rate problem.
    if (!group || !isActive(*group) || !canMeasureRates(input, groupId))
        return {};
    const QList<GroupSample> &samples = input.historyFor(groupId)->samples;
    const qint64 nowMs = input.effectiveNow().toMSecsSinceEpoch();
    qsizetype newest = samples.size() - 1;
    while (newest >= 0 && samples.at(newest).timeMs > nowMs)
        --newest;
    if (newest < 1)
        return {};
    const qint64 newestMs = samples.at(newest).timeMs;
    qsizetype oldest = newest;
    while (oldest > 0 && samples.at(oldest - 1).timeMs >= newestMs - input.thresholds.rateWindowMs)
        --oldest;
    const qint64 spanMs = newestMs - samples.at(oldest).timeMs;
    if (spanMs < input.thresholds.minRateSpanMs || spanMs <= 0)
        return {};

    // Partitions known at both ends, with a HW that did not go back (a recreated topic has no rate) and a commit
    // that did not rewind (a reset is not consumption).
    QHash<TopicPartition, PartitionSample> before;
    for (const PartitionSample &p : samples.at(oldest).partitions)
        before.insert(p.tp, p);
    QList<PartitionPair> pairs;
    for (const PartitionSample &p : samples.at(newest).partitions) {
        const auto it = before.constFind(p.tp);
        if (it == before.cend() || p.committed < 0 || p.highWatermark < 0 || it->committed < 0 ||
            it->highWatermark < 0 || p.highWatermark < it->highWatermark || p.committed < it->committed)
            continue;
        pairs.append({*it, p});
    }
    if (pairs.isEmpty())
        return {};
    qint64 produced = 0;
    qint64 consumed = 0;
    qint64 lagBefore = 0;
    qint64 lagNow = 0;
    QList<FindingPartition> list;
    for (const PartitionPair &pair : std::as_const(pairs)) {
        produced += pair.newer.highWatermark - pair.older.highWatermark;
        consumed += pair.newer.committed - pair.older.committed;
        lagBefore += std::max<qint64>(0, pair.older.lag());
        lagNow += std::max<qint64>(0, pair.newer.lag());
        FindingPartition p = figures(input.snapshot, group, pair.newer.tp);
        p.detail = tr("produced %1, consumed %2; lag %3 \u2192 %4")
                       .arg(formatCount(pair.newer.highWatermark - pair.older.highWatermark),
                            formatCount(pair.newer.committed - pair.older.committed), formatCount(pair.older.lag()),
                            formatCount(pair.newer.lag()));
        list.append(p);
    }
    const double produceRate = double(produced) * 1000.0 / double(spanMs);
    const double consumeRate = double(consumed) * 1000.0 / double(spanMs);
    const QString window = formatDuration(spanMs);

    const bool clearlyBehind = double(consumed) < double(produced) * (1.0 - input.thresholds.minConsumeDeficit) &&
                               lagNow - lagBefore >= input.thresholds.minLagGrowth;
    if (lagNow > 0 && clearlyBehind) {
        Finding f = makeFinding(FindingRule::LagGrowing, FindingSeverity::Warning, groupId, list);
        f.produceRate = produceRate;
        f.consumeRate = consumeRate;
        f.title = tr("Lag growing: %1 produced, %2 consumed; never catches up at this rate")
                      .arg(rateText(produceRate), rateText(consumeRate));
        f.explanation = tr("Over the last %1 the partitions of group %2 received %3 and the group committed %4: its "
                           "lag grew from %5 to %6.")
                            .arg(window, groupId, messages(produced), messages(consumed), formatCount(lagBefore),
                                 formatCount(lagNow));
        const qint64 perHour = qint64((produceRate - consumeRate) * 3600.0);
        const qsizetype members = group->members.size();
        qsizetype partitionCount = 0;
        for (const GroupMember &m : group->members)
            partitionCount += m.assignment.size();
        if (partitionCount == 0)
            partitionCount = samples.at(newest).partitions.size();
        QStringList next;
        next.append(tr("At this rate the lag grows by about %1 an hour and the consumers never catch up.")
                        .arg(messages(perHour)));
        next.append(members < partitionCount
                        ? tr("More consumers help, up to one per partition: the group has %1 on %2.")
                              .arg(formatCountOf(members, tr("member"), tr("members")), partitions(partitionCount))
                        : tr("More consumers will not help: each partition is read by one member at most, and the "
                             "group already has %1 on %2. Speed up processing, or add partitions.")
                              .arg(formatCountOf(members, tr("member"), tr("members")), partitions(partitionCount)));
        f.whatNext = next.join(QLatin1Char('\n'));
        return {f};
    }
    if (lagNow > 0 && consumed > produced) {
        const double netPerMs = double(consumed - produced) / double(spanMs);
        const qint64 catchUpMs = qint64(double(lagNow) / netPerMs);
        if (catchUpMs <= input.thresholds.slowCatchUpMs)
            return {};
        Finding f = makeFinding(FindingRule::LagCatchingUpSlowly, FindingSeverity::Info, groupId, list);
        f.produceRate = produceRate;
        f.consumeRate = consumeRate;
        f.catchUpMs = catchUpMs;
        f.title = tr("Catching up slowly: lag %1 gone in about %2 at this rate")
                      .arg(formatCount(lagNow), formatDuration(catchUpMs));
        f.explanation =
            tr("Over the last %1 the partitions received %2 (%3) and the group consumed %4 (%5).")
                .arg(window, messages(produced), rateText(produceRate), messages(consumed), rateText(consumeRate));
        f.whatNext = tr("At these rates the lag of %1 is gone in about %2; until then the group reads messages that "
                        "old.")
                         .arg(formatCount(lagNow), formatDuration(catchUpMs));
        return {f};
    }
    return {};
}

QList<Finding> findUncommittedProgress(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (!group || group->positions.isEmpty())
        return {};
    QList<FindingPartition> behind; // committed < position
    QList<FindingPartition> ahead;  // committed > position
    for (auto it = group->positions.cbegin(); it != group->positions.cend(); ++it) {
        FindingPartition p = figures(input.snapshot, group, it.key());
        if (p.committed < 0 || p.position < 0 || p.committed == p.position)
            continue;
        if (p.position > p.committed) {
            p.redelivered = p.position - p.committed;
            p.detail = tr("%1 read since the last commit").arg(messages(p.redelivered));
            behind.append(p);
        } else {
            p.skippedOnCrash = p.committed - p.position;
            p.detail = tr("%1 committed but not read yet").arg(messages(p.skippedOnCrash));
            ahead.append(p);
        }
    }
    QList<Finding> findings;
    if (!ahead.isEmpty()) {
        Finding f = makeFinding(FindingRule::CommittedAheadOfPosition, FindingSeverity::Warning, groupId, ahead);
        const qint64 skipped = f.total(&FindingPartition::skippedOnCrash);
        f.title = tr("Committed ahead of the consumer's position: a crash now skips %1").arg(messages(skipped));
        f.explanation = tr("On %1 the committed offset is beyond where the consumer reads: it committed offsets it "
                           "has not read yet (committing before processing, or an offset computed wrongly), or it "
                           "went back after committing.")
                            .arg(partitionNames(f.partitions));
        f.whatNext = tr("If the consumer crashed now, its replacement would resume at the committed offsets and "
                        "never see these %1.")
                         .arg(messages(skipped));
        findings.append(f);
    }
    if (!behind.isEmpty()) {
        Finding f = makeFinding(FindingRule::RedeliveryOnCrash, FindingSeverity::Info, groupId, behind);
        const qint64 again = f.total(&FindingPartition::redelivered);
        f.title = tr("A crash now delivers %1 again: committed offsets trail the positions").arg(messages(again));
        f.explanation = tr("The consumers have read up to their positions, but commit only every so often "
                           "(auto-commit every auto.commit.interval.ms, or after processing a batch): the committed "
                           "offsets of %1 trail the positions by %2.")
                            .arg(partitionNames(f.partitions), messages(again));
        f.whatNext = tr("If a consumer crashed now, its replacement would resume at the committed offsets and deliver "
                        "these %1 again: processing must tolerate duplicates (at-least-once).")
                         .arg(messages(again));
        findings.append(f);
    }
    return findings;
}

} // namespace OffsetLens
