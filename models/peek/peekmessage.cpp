#include "peekmessage.h"

#include <QCoreApplication>

#include <algorithm>

namespace OffsetLens {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::Peek", text);
}
} // namespace

PeekWindow peekWindow(const PeekRequest &request, qint64 logStart, qint64 highWatermark)
{
    PeekWindow window;
    if (logStart < 0 || highWatermark < 0) {
        window.message =
            tr("The log start and end of %1-%2 are unknown.").arg(request.tp.topic).arg(request.tp.partition);
        return window;
    }
    if (highWatermark <= logStart) {
        window.message = logStart > 0 ? tr("The partition is empty: retention deleted everything below %1, and "
                                           "nothing was written since.")
                                            .arg(logStart)
                                      : tr("The partition is empty: nothing was ever written to it.");
        return window;
    }
    if (request.anchor < 0) {
        window.message = tr("%1 is not an offset.").arg(request.anchor);
        return window;
    }
    // An anchor outside the log is said plainly rather than silently moved: the user asked about that offset
    // (typically a committed offset), and "it is gone" is the answer.
    if (request.anchor < logStart) {
        window.message =
            tr("Offset %1 no longer exists: retention deleted everything below %2.").arg(request.anchor).arg(logStart);
        return window;
    }
    if (request.anchor >= highWatermark) {
        window.message =
            request.anchor == highWatermark
                ? tr("Offset %1 is the end of the log: no message has been written there yet (the last "
                     "one is %2).")
                      .arg(request.anchor)
                      .arg(highWatermark - 1)
                : tr("Offset %1 does not exist yet: the log ends at %2.").arg(request.anchor).arg(highWatermark);
        return window;
    }
    window.start = std::max(logStart, request.anchor - std::max(request.before, 0));
    const qint64 end = std::min(highWatermark, request.anchor + 1 + std::max(request.after, 0));
    window.count = end - window.start;
    return window;
}

} // namespace OffsetLens
