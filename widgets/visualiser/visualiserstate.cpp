#include "visualiserstate.h"

namespace OffsetLens {

qsizetype VisualiserState::rowOf(const TopicPartition &tp) const
{
    for (qsizetype row = 0; row < rows.size(); ++row) {
        if (lanes.lanes[rows[row]].tp == tp)
            return row;
    }
    return -1;
}

void LaneDrag::setResult(DragResult r)
{
    result = std::move(r);
    preview.clear();
    for (const LaneEdit &edit : result.edits)
        preview.insert(edit.tp, edit.to);
}

std::optional<qint64> VisualiserState::targetFor(const TopicPartition &tp) const
{
    if (drag.active) {
        if (const auto it = drag.preview.constFind(tp); it != drag.preview.cend())
            return *it;
    }
    if (const auto it = pending.constFind(tp); it != pending.cend())
        return *it;
    return std::nullopt;
}

} // namespace OffsetLens
