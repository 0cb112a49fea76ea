#pragma once

#include "laneedits.h"
#include "lanescale.h"
#include "markerhelp.h"
#include "offsetlanes.h"
#include "visualiserstyle.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>

#include <optional>

namespace OffsetLens {

// A drag of the edited group's committed marker, from press to release. It names its lane by partition, not row, so a
// snapshot or a re-sort arriving in the middle does not lose it.
struct LaneDrag
{
    bool active = false;
    TopicPartition tp;
    DragMode mode = DragMode::Single;
    qint64 rawTarget = kNoOffset; // where the pointer last was, in offsets (snapped to the log ends near them)
    QPointF pressPos;             // a press that never moves a few pixels is a click, not an edit
    bool moved = false;
    DragResult result;                     // the edits a release would make now
    QHash<TopicPartition, qint64> preview; // result's targets by partition, for the painter

    void setResult(DragResult r);
};

// Everything the lane painter draws, owned by the visualiser widget. The painter only reads it.
struct VisualiserState
{
    OffsetLanes lanes;
    QList<qsizetype> rows; // display order: indices into lanes.lanes (the partition table's order and filter)
    QSet<TopicPartition> selected;
    qsizetype currentRow = -1;
    LaneScale scale;
    qsizetype editGroup = -1;              // index into lanes.groups of the group whose marker can be moved; -1: none
    bool editable = false;                 // the edit group may be written (inactive group, writable profile)
    QHash<TopicPartition, qint64> pending; // pending targets of the edit group
    LaneDrag drag;
    VisualiserStyle style;

    qsizetype rowCount() const { return rows.size(); }
    const OffsetLane &laneAt(qsizetype row) const { return lanes.lanes[rows[row]]; }
    qsizetype rowOf(const TopicPartition &tp) const;
    // Where the edit group's marker stands on a lane now: the drag's preview, else the pending target, else nothing.
    std::optional<qint64> targetFor(const TopicPartition &tp) const;
};

// What sits under a point of the plot.
struct LaneHit
{
    qsizetype row = -1; // -1: not on a lane
    std::optional<MarkerKind> kind;
    qsizetype group = -1; // for group markers (committed, position, lag, target)

    bool onLane() const { return row >= 0; }
};

} // namespace OffsetLens
