#pragma once

#include "offsetlanes.h"
#include "resetplan.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <optional>

namespace OffsetLens {

// Which end of the retained log a target was clamped to.
enum class ClampEnd
{
    None,
    LogStart,
    HighWatermark,
};

struct ClampedOffset
{
    qint64 offset = kNoOffset;
    ClampEnd clampedAt = ClampEnd::None;
};

// `offset` clamped to [log start, HW] (a reset can only point inside the retained log). kNoOffset when the lane's
// range is unknown.
ClampedOffset clampToLog(const OffsetLane &lane, qint64 offset);

// How a drag of one committed marker spreads to the other partitions of its topic.
enum class DragMode
{
    Single,       // only the dragged partition
    ShiftAll,     // Shift-drag: every partition of the topic moves by the dragged delta (shift-by), each clamped;
                  // partitions with neither a commit nor a pending target are left out (shift-by needs a start)
    SamePosition, // Ctrl-drag: every partition of the topic goes to the same fraction of its own retained log
};

// One partition's pending edit: `from` is where the edited marker stood when the edit was made (the pending target
// of an earlier edit, else the committed offset, kNoOffset without either); `to` the target, always inside the log.
struct LaneEdit
{
    TopicPartition tp;
    qint64 from = kNoOffset;
    qint64 to = kNoOffset;
    ClampEnd clampedAt = ClampEnd::None;

    friend bool operator==(const LaneEdit &, const LaneEdit &) = default;
};

struct DragResult
{
    QList<LaneEdit> edits;               // the dragged partition first, then the others by (topic, partition)
    ClampEnd clampedAt = ClampEnd::None; // where the dragged partition's target was clamped (the visible stop)
    double fraction = 0;                 // SamePosition: the fraction applied (0..1)
    qint64 delta = 0;                    // the dragged partition's target - its start
};

// The edits a drag of group `groupIndex`'s marker on `dragged` to `rawTarget` makes, given the pending targets so
// far (which are where the markers start). Empty when the dragged lane's range is unknown or the group index is out
// of range.
DragResult planDrag(const QList<OffsetLane> &lanes, qsizetype groupIndex, const TopicPartition &dragged,
                    qint64 rawTarget, DragMode mode, const QHash<TopicPartition, qint64> &pending);

// The pending edits of one group: a stack of steps (one drag, one key press run, one typed offset), undone one by
// one. Targets are absolute offsets and survive new snapshots; the reset preview clamps them again on fresh data.
class PendingEdits
{
public:
    struct Step
    {
        QString description; // "orders-2: 1,200 → 800", "Shift-drag orders: −400 on 6 partitions"
        QList<LaneEdit> edits;
    };

    bool isEmpty() const { return m_steps.isEmpty(); }
    qsizetype stepCount() const { return m_steps.size(); }
    const QList<Step> &steps() const { return m_steps; }

    void push(Step step);
    // Replaces the last step when it edits exactly the same partitions (consecutive key presses on one lane make
    // one undo step), else pushes.
    void pushOrMerge(Step step);
    bool undo(); // drops the last step; false when there was none
    void clear();

    // The latest target per partition (later steps win).
    QHash<TopicPartition, qint64> targets() const;
    std::optional<qint64> targetFor(const TopicPartition &tp) const;
    // The targets as the reset issue's explicit strategy for `groupId`: those partitions are the scope.
    ResetRequest toResetRequest(const QString &groupId, const QDateTime &now) const;

private:
    QList<Step> m_steps;
};

} // namespace OffsetLens
