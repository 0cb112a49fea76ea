#include "background.h"

#include "kafkalog.h"

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <system_error>
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
    const auto finished = [] {
        Registry &reg = registry();
        const std::lock_guard lock(reg.mutex);
        if (--reg.running == 0)
            reg.idle.notify_all();
    };
    auto task = std::make_shared<std::function<void()>>(std::move(work));
    try {
        std::thread([name, task, finished] {
            pthread_setname_np(pthread_self(), name);
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
