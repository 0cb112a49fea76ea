#include "lag.h"

#include <QCoreApplication>

namespace OffsetLens {

QString offsetStatusText(OffsetStatus status)
{
    switch (status) {
    case OffsetStatus::Normal:
        return QString();
    case OffsetStatus::NoCommit:
        return QCoreApplication::translate("OffsetStatus", "No committed offset");
    case OffsetStatus::UnknownWatermark:
        return QCoreApplication::translate("OffsetStatus", "High watermark unknown");
    case OffsetStatus::AheadOfHighWatermark:
        return QCoreApplication::translate("OffsetStatus", "Committed offset is beyond the high watermark");
    case OffsetStatus::BelowLogStart:
        return QCoreApplication::translate("OffsetStatus",
                                           "Committed offset is below the log start (offset out of range)");
    }
    return QString();
}

PartitionLag computeLag(qint64 committed, qint64 logStartOffset, qint64 highWatermark)
{
    PartitionLag result;
    if (committed < 0) {
        result.status = OffsetStatus::NoCommit;
        return result;
    }
    if (highWatermark < 0) {
        result.status = OffsetStatus::UnknownWatermark;
        return result;
    }
    result.lag = highWatermark - committed;
    if (committed > highWatermark) {
        result.status = OffsetStatus::AheadOfHighWatermark;
    } else if (logStartOffset >= 0 && committed < logStartOffset) {
        result.status = OffsetStatus::BelowLogStart;
        result.deletedMessages = logStartOffset - committed;
    } else {
        result.status = OffsetStatus::Normal;
    }
    return result;
}

} // namespace OffsetLens
