#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace OffsetLens {

// Counts threads nobody joins (Background's Kafka work, the lag history's threads), so that the end of main() and
// the tests can let them finish. Instances are meant to be leaked statics: a thread may still count down while
// static destructors run at exit.
class ThreadCount
{
public:
    void started();
    void finished();
    // Waits up to `timeout` until none is running; returns whether none is.
    bool waitForIdle(std::chrono::milliseconds timeout);
    int running();

private:
    std::mutex m_mutex;
    std::condition_variable m_idle;
    int m_running = 0;
};

} // namespace OffsetLens
