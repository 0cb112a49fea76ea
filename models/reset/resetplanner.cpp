#include "resetplanner.h"

#include "numberformat.h"

#include <QSet>
#include <QtNumeric>

#include <algorithm>
#include <limits>

namespace OffsetLens {

namespace {

// A scope with thousands of bad rows (a file for another cluster) should not bury the message in details.
constexpr qsizetype kMaxDetails = 20;

bool hasCommit(const CommittedOffset &c)
{
    return c.offset != kNoOffset;
}

QSet<TopicPartition> committedPartitions(const GroupInfo *group)
{
    QSet<TopicPartition> set;
    if (group) {
        for (const CommittedOffset &c : group->offsets) {
            if (hasCommit(c))
                set.insert(c.tp);
        }
    }
    return set;
}

qint64 committedOffset(const GroupInfo *group, const TopicPartition &tp)
{
    const CommittedOffset *c = group ? group->findOffset(tp) : nullptr;
    return c ? c->offset : kNoOffset;
}

// Collects the problems that fail a scope: the first becomes the error, all become details (capped).
class ScopeProblems
{
public:
    void add(int line, const QString &problem)
    {
        m_details.append(line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(problem) : problem);
    }
    bool isEmpty() const { return m_details.isEmpty(); }
    void fill(ResolvedScope &scope, const QString &headline) const
    {
        if (m_details.isEmpty())
            return;
        scope.partitions.clear();
        scope.error = m_details.size() == 1 ? m_details.first() : headline.arg(formatCount(m_details.size()));
        scope.errorDetails = m_details.mid(0, kMaxDetails);
        if (m_details.size() > kMaxDetails)
            scope.errorDetails.append(QStringLiteral("… and %1 more").arg(m_details.size() - kMaxDetails));
    }

private:
    QStringList m_details;
};

// The CLI fails the whole command for a partition it cannot look up: a missing topic or partition, or one
// without a leader (its offsets cannot be listed or committed).
void checkPartition(const ClusterSnapshot &snapshot, const TopicPartition &tp, int line, ScopeProblems &problems)
{
    const TopicInfo *topic = snapshot.findTopic(tp.topic);
    if (!topic) {
        problems.add(line, QStringLiteral("unknown topic '%1'").arg(tp.topic));
        return;
    }
    const PartitionInfo *partition = topic->findPartition(tp.partition);
    if (!partition) {
        problems.add(line, QStringLiteral("topic '%1' has no partition %2").arg(tp.topic).arg(tp.partition));
        return;
    }
    if (partition->leader < 0)
        problems.add(line, QStringLiteral("partition %1 has no leader").arg(partitionName(tp)));
}

QList<TopicPartition> sortedUnique(QList<TopicPartition> list)
{
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

ResolvedScope resolveTargets(const ClusterSnapshot &snapshot, const QList<OffsetTarget> &targets)
{
    ResolvedScope scope;
    ScopeProblems problems;
    for (const OffsetTarget &t : targets) {
        checkPartition(snapshot, t.tp, t.line, problems);
        scope.partitions.append(t.tp);
    }
    scope.partitions = sortedUnique(scope.partitions);
    problems.fill(scope, QStringLiteral("%1 rows name partitions that cannot be reset"));
    return scope;
}

ResolvedScope resolveFromGroup(const ClusterSnapshot &snapshot, const ResetRequest &request)
{
    ResolvedScope scope;
    const QString &source = request.strategy.fromGroup;
    const GroupInfo *from = snapshot.findGroup(source);
    const QSet<TopicPartition> fromCommitted = committedPartitions(from);
    if (!from) {
        scope.error = QStringLiteral("source group '%1' is unknown on this cluster").arg(source);
        return scope;
    }
    if (fromCommitted.isEmpty()) {
        scope.error = QStringLiteral("source group '%1' has no committed offsets to copy").arg(source);
        if (!from->error.isEmpty())
            scope.errorDetails.append(from->error);
        return scope;
    }
    QSet<TopicPartition> chosen = fromCommitted;
    if (request.strategy.onlySharedPartitions)
        chosen.intersect(committedPartitions(snapshot.findGroup(request.groupId)));
    ScopeProblems problems;
    for (const TopicPartition &tp : chosen) {
        checkPartition(snapshot, tp, 0, problems);
        scope.partitions.append(tp);
    }
    scope.partitions = sortedUnique(scope.partitions);
    problems.fill(scope, QStringLiteral("%1 partitions of the source group cannot be reset"));
    return scope;
}

ResolvedScope resolveSelection(const ClusterSnapshot &snapshot, const ResetRequest &request)
{
    ResolvedScope scope;
    ScopeProblems problems;
    if (request.scope.allTopics) {
        for (const TopicPartition &tp : committedPartitions(snapshot.findGroup(request.groupId))) {
            checkPartition(snapshot, tp, 0, problems);
            scope.partitions.append(tp);
        }
    } else {
        for (const TopicSelection &selection : request.scope.topics) {
            const TopicInfo *topic = snapshot.findTopic(selection.topic);
            if (!topic) {
                problems.add(0, QStringLiteral("unknown topic '%1'").arg(selection.topic));
                continue;
            }
            if (selection.partitions.isEmpty()) {
                if (topic->partitions.isEmpty())
                    problems.add(0, QStringLiteral("topic '%1' has no partitions known%2")
                                        .arg(selection.topic,
                                             topic->error.isEmpty() ? QString() : QStringLiteral(": ") + topic->error));
                for (const PartitionInfo &p : topic->partitions) {
                    const TopicPartition tp{selection.topic, p.partition};
                    checkPartition(snapshot, tp, 0, problems);
                    scope.partitions.append(tp);
                }
                continue;
            }
            for (const qint32 partition : selection.partitions) {
                const TopicPartition tp{selection.topic, partition};
                checkPartition(snapshot, tp, 0, problems);
                scope.partitions.append(tp);
            }
        }
    }
    scope.partitions = sortedUnique(scope.partitions);
    problems.fill(scope, QStringLiteral("%1 partitions in the scope cannot be reset"));
    return scope;
}

bool isTimeStrategy(ResetStrategyKind kind)
{
    return kind == ResetStrategyKind::ToDateTime || kind == ResetStrategyKind::ByDuration;
}

// These strategies bring their own partitions; the others use the request's scope.
bool partitionsFromStrategy(ResetStrategyKind kind)
{
    return kind == ResetStrategyKind::FromFile || kind == ResetStrategyKind::Explicit ||
           kind == ResetStrategyKind::FromGroup;
}

bool lacksNow(const ResetRequest &request)
{
    return request.strategy.kind == ResetStrategyKind::ByDuration && !request.now.isValid();
}

// Computes one row's target. Returns false with `row.note` set when the row fails.
class RowPlanner
{
public:
    RowPlanner(const ResetRequest &request, const GroupInfo *sourceGroup,
               const QHash<TopicPartition, qint64> &explicitTargets,
               const QHash<TopicPartition, OffsetForTime> &answers, QString partitionError)
        : m_request(request)
        , m_sourceGroup(sourceGroup)
        , m_explicitTargets(explicitTargets)
        , m_answers(answers)
        , m_partitionError(std::move(partitionError))
    {}

    void plan(ResetPlanRow &row) const
    {
        const ResetStrategy &s = m_request.strategy;
        switch (s.kind) {
        case ResetStrategyKind::ToEarliest:
            if (needLogStart(row))
                setTarget(row, row.logStartOffset);
            return;
        case ResetStrategyKind::ToLatest:
            if (needHighWatermark(row))
                setTarget(row, row.highWatermark);
            return;
        case ResetStrategyKind::ToCurrent:
            // The CLI keeps the committed offset as it is, even outside the log; only a missing one becomes latest.
            if (row.committedBefore != kNoOffset) {
                setTarget(row, row.committedBefore);
            } else if (needHighWatermark(row)) {
                setTarget(row, row.highWatermark);
                row.note = QStringLiteral("no committed offset: latest");
            }
            return;
        case ResetStrategyKind::ToOffset:
            setClamped(row, s.offset);
            return;
        case ResetStrategyKind::ShiftBy: {
            if (row.committedBefore == kNoOffset) {
                fail(row, QStringLiteral("no committed offset to shift"));
                return;
            }
            qint64 shifted = 0;
            if (qAddOverflow(row.committedBefore, s.offset, &shifted))
                shifted = s.offset < 0 ? std::numeric_limits<qint64>::min() : std::numeric_limits<qint64>::max();
            setClamped(row, shifted);
            return;
        }
        case ResetStrategyKind::ToDateTime:
        case ResetStrategyKind::ByDuration:
            planFromTime(row);
            return;
        case ResetStrategyKind::FromGroup:
            setClamped(row, committedOffset(m_sourceGroup, row.tp));
            return;
        case ResetStrategyKind::FromFile:
        case ResetStrategyKind::Explicit:
            setClamped(row, m_explicitTargets.value(row.tp, kNoOffset));
            return;
        }
    }

private:
    QString unknownBecause(const QString &what) const
    {
        return m_partitionError.isEmpty() ? what + QStringLiteral(" unknown")
                                          : QStringLiteral("%1 unknown: %2").arg(what, m_partitionError);
    }
    static void fail(ResetPlanRow &row, const QString &note)
    {
        row.status = ResetRowStatus::Failed;
        row.target = kNoOffset;
        row.lagAfter = kNoOffset;
        row.note = note;
    }
    bool needHighWatermark(ResetPlanRow &row) const
    {
        if (row.highWatermark != kNoOffset)
            return true;
        fail(row, unknownBecause(QStringLiteral("high watermark")));
        return false;
    }
    bool needLogStart(ResetPlanRow &row) const
    {
        if (row.logStartOffset != kNoOffset)
            return true;
        fail(row, unknownBecause(QStringLiteral("log start offset")));
        return false;
    }
    static void setTarget(ResetPlanRow &row, qint64 target)
    {
        row.target = target;
        row.status = target == row.committedBefore ? ResetRowStatus::Unchanged : ResetRowStatus::Changed;
        row.lagAfter = row.highWatermark != kNoOffset ? row.highWatermark - target : kNoOffset;
    }
    // Moves `wanted` into [log start, HW] and says so. The CLI warns when it lowers a value to the HW and raises one
    // to the log start silently; both change what the group reads, so both are noted.
    static void clampInto(ResetPlanRow &row, qint64 wanted)
    {
        if (row.highWatermark != kNoOffset && wanted > row.highWatermark) {
            setTarget(row, row.highWatermark);
            row.status = ResetRowStatus::Clamped;
            row.note = QStringLiteral("clamped from %1: above the high watermark").arg(wanted);
        } else if (row.logStartOffset != kNoOffset && wanted < row.logStartOffset) {
            setTarget(row, row.logStartOffset);
            row.status = ResetRowStatus::Clamped;
            row.note = QStringLiteral("clamped from %1: below the log start").arg(wanted);
        } else {
            setTarget(row, wanted);
        }
    }
    void setClamped(ResetPlanRow &row, qint64 wanted) const
    {
        if (wanted == kNoOffset) {
            fail(row, QStringLiteral("no target offset for this partition"));
            return;
        }
        if (needHighWatermark(row) && needLogStart(row))
            clampInto(row, wanted);
    }
    void planFromTime(ResetPlanRow &row) const
    {
        const auto answer = m_answers.constFind(row.tp);
        if (answer == m_answers.cend()) {
            fail(row, QStringLiteral("the look-up by time gave no answer for this partition"));
            return;
        }
        if (!answer->error.isEmpty()) {
            fail(row, answer->error);
            return;
        }
        if (answer->offset == kNoOffset) {
            // No message at or after the time: the CLI's fall-back, in its words.
            if (needHighWatermark(row)) {
                setTarget(row, row.highWatermark);
                row.note = QStringLiteral("Partition %1 from topic %2 is empty. Falling back to latest known offset.")
                               .arg(row.tp.partition)
                               .arg(row.tp.topic);
            }
            return;
        }
        // The broker answers within its log, but the snapshot may be older than the answer: keep within what the
        // snapshot knows, where it knows it.
        clampInto(row, answer->offset);
    }

    const ResetRequest &m_request;
    const GroupInfo *m_sourceGroup;
    const QHash<TopicPartition, qint64> &m_explicitTargets;
    const QHash<TopicPartition, OffsetForTime> &m_answers;
    QString m_partitionError;
};

} // namespace

ResolvedScope resolveResetScope(const ClusterSnapshot &snapshot, const ResetRequest &request)
{
    switch (request.strategy.kind) {
    case ResetStrategyKind::FromFile:
    case ResetStrategyKind::Explicit:
        return resolveTargets(snapshot, request.strategy.targets);
    case ResetStrategyKind::FromGroup:
        return resolveFromGroup(snapshot, request);
    default:
        return resolveSelection(snapshot, request);
    }
}

qint64 resetLookupTimeMs(const ResetRequest &request)
{
    switch (request.strategy.kind) {
    case ResetStrategyKind::ToDateTime:
        return request.strategy.timestampMs;
    case ResetStrategyKind::ByDuration:
        return request.now.toMSecsSinceEpoch() - request.strategy.durationMs;
    default:
        return 0;
    }
}

ResetPlan planReset(const ClusterSnapshot &snapshot, const ResetRequest &request,
                    const QList<OffsetForTime> &timeAnswers)
{
    ResetPlan plan;
    plan.request = request;
    plan.profileId = snapshot.profileId;
    plan.clusterName = snapshot.profileName;
    plan.basedOn = snapshot.takenAt;
    const GroupInfo *group = snapshot.findGroup(request.groupId);
    if (group) {
        plan.groupExists = true;
        plan.groupState = group->state;
        plan.members = group->members;
    }
    if (lacksNow(request)) {
        plan.error = QStringLiteral("the request has no time to count the duration back from");
        return plan;
    }

    const ResolvedScope scope = resolveResetScope(snapshot, request);
    if (!scope.error.isEmpty()) {
        plan.error = scope.error;
        plan.errorDetails = scope.errorDetails;
        return plan;
    }

    // Later targets win over earlier ones for the same partition, as the CLI builds its map from the file.
    QHash<TopicPartition, qint64> explicitTargets;
    for (const OffsetTarget &t : request.strategy.targets)
        explicitTargets.insert(t.tp, t.offset);
    QHash<TopicPartition, OffsetForTime> answers;
    for (const OffsetForTime &a : timeAnswers)
        answers.insert(a.tp, a);
    const GroupInfo *source = request.strategy.kind == ResetStrategyKind::FromGroup
                                  ? snapshot.findGroup(request.strategy.fromGroup)
                                  : nullptr;

    plan.rows.reserve(scope.partitions.size());
    qsizetype withoutCommit = 0;
    for (const TopicPartition &tp : scope.partitions) {
        ResetPlanRow row;
        row.tp = tp;
        row.committedBefore = committedOffset(group, tp);
        const PartitionInfo *partition = snapshot.findPartition(tp);
        if (partition) {
            row.logStartOffset = partition->logStartOffset;
            row.highWatermark = partition->highWatermark;
        }
        if (row.committedBefore != kNoOffset && row.highWatermark != kNoOffset)
            row.lagBefore = row.highWatermark - row.committedBefore;
        const RowPlanner planner(request, source, explicitTargets, answers,
                                 partition ? partition->error : QStringLiteral("partition not in the snapshot"));
        planner.plan(row);
        if (row.writable() && row.committedBefore == kNoOffset)
            ++withoutCommit;
        plan.rows.append(row);
    }

    if (plan.rows.isEmpty() && request.scope.allTopics && !partitionsFromStrategy(request.strategy.kind))
        plan.warnings.append(QStringLiteral("group '%1' has no committed offsets, so --all-topics selects no partition")
                                 .arg(request.groupId));
    if (withoutCommit > 0)
        plan.warnings.append(
            QStringLiteral("%1 had no committed offset before: an undo cannot take the commit this reset creates away")
                .arg(formatCountOf(withoutCommit, QStringLiteral("partition"), QStringLiteral("partitions"))));
    return plan;
}

ResetPlan planReset(const ClusterSnapshot &snapshot, const ResetRequest &request, OffsetTimeSource *times)
{
    if (!isTimeStrategy(request.strategy.kind))
        return planReset(snapshot, request, QList<OffsetForTime>{});
    const ResolvedScope scope = resolveResetScope(snapshot, request);
    if (!scope.error.isEmpty() || scope.partitions.isEmpty() || lacksNow(request))
        return planReset(snapshot, request, QList<OffsetForTime>{});
    if (!times) {
        ResetPlan plan = planReset(snapshot, request, QList<OffsetForTime>{});
        plan.error = QStringLiteral("offsets cannot be looked up by time here");
        plan.rows.clear();
        return plan;
    }
    const qint64 time = resetLookupTimeMs(request);
    QList<OffsetForTime> queries;
    queries.reserve(scope.partitions.size());
    for (const TopicPartition &tp : scope.partitions)
        queries.append({tp, time, kNoOffset, QString()});
    return planReset(snapshot, request, times->offsetsForTimes(queries));
}

ResetRequest undoRequest(const ResetPlan &applied)
{
    ResetRequest undo;
    undo.groupId = applied.request.groupId;
    undo.strategy.kind = ResetStrategyKind::Explicit;
    for (const ResetPlanRow &row : applied.rows) {
        if (row.writable() && row.committedBefore != kNoOffset)
            undo.strategy.targets.append({row.tp, row.committedBefore, 0});
    }
    return undo;
}

} // namespace OffsetLens
