#include "background.h"

#include "kafkalog.h"
#include "threadcount.h"
#include "threadpriority.h"

#include <pthread.h>
#include <system_error>
#include <thread>

namespace OffsetLens::Background {

namespace {
// Never destroyed: background threads may still count down while static destructors run at exit.
ThreadCount &count()
{
    static auto *instance = new ThreadCount;
    return *instance;
}
} // namespace

void run(const char *name, std::function<void()> work)
{
    count().started();
    const auto finished = [] {
        count().finished();
    };
    auto task = std::make_shared<std::function<void()>>(std::move(work));
    try {
        std::thread([name, task, finished] {
            pthread_setname_np(pthread_self(), name);
            lowerCurrentThreadPriority();
            (*task)();
            *task = nullptr; // whatever the work held goes now, still counted as running
            finished();
        }).detach();
    } catch (const std::system_error &e) {
        // No thread to be had (the process is out of them): doing the work here blocks, but skipping it would
        // leak or lose it.
        qCWarning(lcKafka) << "no background thread for" << name << "(" << e.what() << "); running it in place";
        (*task)();
        *task = nullptr;
        finished();
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

} // namespace OffsetLens::Background
