#include "historythreads.h"

#include "threadcount.h"

#include <QThread>

#include <system_error>
#include <thread>

namespace OffsetLens::HistoryThreads {

namespace {
// Never destroyed: a helper thread may still count down while static destructors run at exit.
ThreadCount &count()
{
    static auto *instance = new ThreadCount;
    return *instance;
}

void reap(QThread *thread)
{
    thread->wait();
    delete thread; // finished, and nothing posts to it any more: safe from any thread
    count().finished();
}
} // namespace

void started()
{
    count().started();
}

void finishInBackground(QThread *thread)
{
    try {
        std::thread(reap, thread).detach();
    } catch (const std::system_error &) {
        // No thread to be had: waiting here blocks the caller, but leaking a running QThread would abort later.
        reap(thread);
    }
}

bool waitForIdle(std::chrono::milliseconds timeout)
{
    return count().waitForIdle(timeout);
}

int runningCount()
{
    return count().running();
}

} // namespace OffsetLens::HistoryThreads
