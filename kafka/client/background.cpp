#include "background.h"

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace OffsetLens::Background {

namespace {
struct Registry
{
    std::mutex mutex;
    std::condition_variable idle;
    int running = 0;
};

// Never destroyed: background threads may still touch it while static destructors run at exit.
Registry &registry()
{
    static auto *instance = new Registry;
    return *instance;
}
} // namespace

void run(const char *name, std::function<void()> work)
{
    Registry &r = registry();
    {
        const std::lock_guard lock(r.mutex);
        ++r.running;
    }
    std::thread thread([name, work = std::move(work)]() mutable {
        pthread_setname_np(pthread_self(), name);
        work();
        work = nullptr; // whatever the work held goes now, still counted as running
        Registry &reg = registry();
        const std::lock_guard lock(reg.mutex);
        if (--reg.running == 0)
            reg.idle.notify_all();
    });
    thread.detach();
}

bool waitForIdle(std::chrono::milliseconds timeout)
{
    Registry &r = registry();
    std::unique_lock lock(r.mutex);
    return r.idle.wait_for(lock, timeout, [&] { return r.running == 0; });
}

int runningCount()
{
    Registry &r = registry();
    const std::lock_guard lock(r.mutex);
    return r.running;
}

} // namespace OffsetLens::Background
