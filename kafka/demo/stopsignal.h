#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace OffsetLens::Demo {

// A stop flag the demo's worker threads sleep on, so stop() wakes every pause, backoff and throttle at once
// instead of waiting for them to run out.
class StopSignal
{
public:
    void request()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_stopped = true;
        }
        m_cv.notify_all();
    }
    void reset()
    {
        const std::lock_guard lock(m_mutex);
        m_stopped = false;
    }
    bool isRequested() const { return m_stopped.load(); }
    // Sleeps up to `duration`; returns true when stopping was requested (before or during the wait).
    template <typename Rep, typename Period> bool waitFor(std::chrono::duration<Rep, Period> duration)
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, duration, [this] { return m_stopped.load(); });
    }
    template <typename Clock, typename Duration> bool waitUntil(std::chrono::time_point<Clock, Duration> deadline)
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_until(lock, deadline, [this] { return m_stopped.load(); });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::atomic_bool m_stopped = false;
};

} // namespace OffsetLens::Demo
