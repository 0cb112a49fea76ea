#pragma once

#include "snapshot.h"

#include <QList>
#include <QStringList>

namespace OffsetLens {

// One partition's committed offset and the retained log around it.
struct CommittedInLog
{
    qint64 committed = kNoOffset;
    qint64 logStartOffset = kNoOffset;
    qint64 highWatermark = kNoOffset;
};

// What a consumer does when its committed offset is out of range, in plain lines with the numbers: the offset
// doctor and the visualiser's tooltips say it with the same words. Unknown values are said to be unknown, never
// guessed.
//
// Committed below the log start: how many unread messages retention deleted, then where each auto.offset.reset
// value resumes (earliest: the log start, latest: the HW, skipping what is retained; none: an error). Several
// partitions are summed ("on 3 partitions", "each partition's log start").
QStringList committedBelowLogStartLines(const QList<CommittedInLog> &partitions);
inline QStringList committedBelowLogStartLines(qint64 committed, qint64 logStart, qint64 highWatermark)
{
    return committedBelowLogStartLines(QList<CommittedInLog>{{committed, logStart, highWatermark}});
}

// Committed beyond the HW: how far, the usual causes, and where each auto.offset.reset value resumes.
QStringList committedAboveHighWatermarkLines(qint64 committed, qint64 logStart, qint64 highWatermark);

} // namespace OffsetLens
