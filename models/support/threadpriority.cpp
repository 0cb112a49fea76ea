#include "threadpriority.h"

#include <QThread>

#include <atomic>
#include <cerrno>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace OffsetLens {

namespace {
std::atomic<bool> g_givesWay{false};
} // namespace

void setBackgroundGivesWay(bool on)
{
    g_givesWay = on;
}

void lowerCurrentThreadPriority()
{
    if (!g_givesWay)
        return;
#if defined(Q_OS_LINUX)
    // Nice 10: about a tenth of a nice-0 thread's share of a CPU both want; all of it when the GUI is idle.
    constexpr int kNice = 10;
    const id_t thread = static_cast<id_t>(gettid());
    errno = 0;
    const int now = getpriority(PRIO_PROCESS, thread);
    if (errno == 0 && now < kNice)
        setpriority(PRIO_PROCESS, thread, kNice);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

} // namespace OffsetLens
