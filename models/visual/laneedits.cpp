#include "laneedits.h"

#include "lanescale.h"

#include <QMap>
#include <QSet>
#include <QtNumeric>

#include <algorithm>
#include <limits>

namespace OffsetLens {

namespace {

// Where a lane's marker of group `groupIndex` stands before this drag: an earlier edit's target wins over the
// committed offset, so a second drag continues from where the first one left the marker.
qint64 startOf(const OffsetLane &lane, qsizetype groupIndex, const QHash<TopicPartition, qint64> &pending)
{
    if (const auto it = pending.constFind(lane.tp); it != pending.cend())
        return *it;
    const LaneCommit *commit = lane.commit(groupIndex);
    return commit && commit->committed >= 0 ? commit->committed : kNoOffset;
}

// start + delta without wrapping around: a far drag saturates, and the clamp to the log brings it back.
qint64 saturatingAdd(qint64 start, qint64 delta)
{
    qint64 sum = 0;
    if (qAddOverflow(start, delta, &sum))
        return delta < 0 ? std::numeric_limits<qint64>::min() : std::numeric_limits<qint64>::max();
    return sum;
}

qint64 span(const OffsetLane &lane)
{
    return lane.highWatermark - lane.logStartOffset;
}

} // namespace

ClampedOffset clampToLog(const OffsetLane &lane, qint64 offset)
{
    if (!lane.knowsRange())
        return {};
    if (offset < lane.logStartOffset)
        return {lane.logStartOffset, ClampEnd::LogStart};
    if (offset > lane.highWatermark)
        return {lane.highWatermark, ClampEnd::HighWatermark};
    return {offset, ClampEnd::None};
}

DragResult planDrag(const QList<OffsetLane> &lanes, qsizetype groupIndex, const TopicPartition &dragged,
                    qint64 rawTarget, DragMode mode, const QHash<TopicPartition, qint64> &pending)
{
    DragResult result;
    const auto draggedIt =
        std::find_if(lanes.cbegin(), lanes.cend(), [&](const OffsetLane &lane) { return lane.tp == dragged; });
    if (draggedIt == lanes.cend() || !draggedIt->knowsRange() || !draggedIt->commit(groupIndex))
        return result;
    const OffsetLane &draggedLane = *draggedIt;

    const qint64 draggedStart = startOf(draggedLane, groupIndex, pending);
    const ClampedOffset target = clampToLog(draggedLane, rawTarget);
    result.clampedAt = target.clampedAt;
    result.delta = draggedStart >= 0 ? target.offset - draggedStart : 0;
    result.edits.append({dragged, draggedStart, target.offset, target.clampedAt});

    // Shift-by needs a start on the dragged lane too: without one there is no delta to spread.
    if (mode == DragMode::Single || (mode == DragMode::ShiftAll && draggedStart < 0))
        return result;

    if (mode == DragMode::SamePosition) {
        // An empty lane offers only its HW, which is the end of the log: the same place on every other lane.
        const qint64 draggedSpan = span(draggedLane);
        result.fraction = draggedSpan == 0 ? 1.0 : double(target.offset - draggedLane.logStartOffset) / draggedSpan;
    }

    const LaneScale normalised{LaneScaleMode::Normalised};
    // The other partitions of the dragged one's topic, by partition (the lanes may be in describe order).
    QMap<TopicPartition, const OffsetLane *> others;
    for (const OffsetLane &lane : lanes) {
        if (lane.tp.topic == dragged.topic && lane.tp != dragged && lane.knowsRange())
            others.insert(lane.tp, &lane);
    }
    for (const OffsetLane *lane : std::as_const(others)) {
        const qint64 start = startOf(*lane, groupIndex, pending);
        if (mode == DragMode::ShiftAll) {
            if (start < 0)
                continue;
            const ClampedOffset shifted = clampToLog(*lane, saturatingAdd(start, result.delta));
            result.edits.append({lane->tp, start, shifted.offset, shifted.clampedAt});
        } else {
            // An explicit target needs no start, so lanes without a commit follow too. The fraction lies in
            // [0, 1], so the target is inside the log without clamping.
            const qint64 to = normalised.toOffset(*lane, result.fraction);
            result.edits.append({lane->tp, start, to, ClampEnd::None});
        }
    }
    return result;
}

void PendingEdits::push(Step step)
{
    // A step that changes nothing would be an undo step that undoes nothing.
    if (step.edits.isEmpty())
        return;
    m_steps.append(std::move(step));
}

void PendingEdits::pushOrMerge(Step step)
{
    if (step.edits.isEmpty())
        return;
    const auto partitionsOf = [](const Step &s) {
        QSet<TopicPartition> set;
        for (const LaneEdit &edit : s.edits)
            set.insert(edit.tp);
        return set;
    };
    if (m_steps.isEmpty() || partitionsOf(m_steps.last()) != partitionsOf(step)) {
        m_steps.append(std::move(step));
        return;
    }
    // One undo of a key-press run goes back to before its first press: keep the first press's starting points.
    QHash<TopicPartition, qint64> firstFrom;
    for (const LaneEdit &edit : std::as_const(m_steps.last().edits))
        firstFrom.insert(edit.tp, edit.from);
    for (LaneEdit &edit : step.edits)
        edit.from = firstFrom.value(edit.tp, edit.from);
    m_steps.last() = std::move(step);
}

bool PendingEdits::undo()
{
    if (m_steps.isEmpty())
        return false;
    m_steps.removeLast();
    return true;
}

void PendingEdits::clear()
{
    m_steps.clear();
}

QHash<TopicPartition, qint64> PendingEdits::targets() const
{
    QHash<TopicPartition, qint64> targets;
    for (const Step &step : m_steps) {
        for (const LaneEdit &edit : step.edits)
            targets.insert(edit.tp, edit.to);
    }
    return targets;
}

std::optional<qint64> PendingEdits::targetFor(const TopicPartition &tp) const
{
    for (auto step = m_steps.crbegin(); step != m_steps.crend(); ++step) {
        for (auto edit = step->edits.crbegin(); edit != step->edits.crend(); ++edit) {
            if (edit->tp == tp)
                return edit->to;
        }
    }
    return std::nullopt;
}

ResetRequest PendingEdits::toResetRequest(const QString &groupId, const QDateTime &now) const
{
    // QMap keeps (topic, partition) order, which is the order the planner and the preview list rows in.
    QMap<TopicPartition, qint64> sorted;
    const QHash<TopicPartition, qint64> latest = targets();
    for (auto it = latest.cbegin(); it != latest.cend(); ++it)
        sorted.insert(it.key(), it.value());

    ResetRequest request;
    request.groupId = groupId;
    request.now = now;
    request.strategy.kind = ResetStrategyKind::Explicit;
    // The planner takes an explicit strategy's partitions from its targets; the scope says the same in the
    // CLI's terms (--topic t:0,1), so a preview or a copied command names exactly the edited partitions.
    request.scope.allTopics = false;
    for (auto it = sorted.cbegin(); it != sorted.cend(); ++it) {
        request.strategy.targets.append({it.key(), it.value(), 0});
        if (request.scope.topics.isEmpty() || request.scope.topics.last().topic != it.key().topic)
            request.scope.topics.append({it.key().topic, {}});
        request.scope.topics.last().partitions.append(it.key().partition);
    }
    return request;
}

} // namespace OffsetLens
