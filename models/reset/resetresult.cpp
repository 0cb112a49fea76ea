#include "resetresult.h"

namespace OffsetLens {

QString ResetApplyResult::summary() const
{
    switch (kind) {
    case Kind::Applied:
        return QStringLiteral("applied: ") + report.summary();
    case Kind::Moved:
        return QStringLiteral("nothing written: the offsets, watermarks or group state changed since the preview; "
                              "check the fresh plan");
    case Kind::Refused:
        return QStringLiteral("nothing written: ") +
               (permission.reason.isEmpty() ? QStringLiteral("the group may not be reset now") : permission.reason);
    case Kind::Cancelled:
        return QStringLiteral("cancelled before anything was written");
    case Kind::Failed:
        break;
    }
    return QStringLiteral("nothing written: ") + (error.isEmpty() ? QStringLiteral("the re-check failed") : error);
}

} // namespace OffsetLens
