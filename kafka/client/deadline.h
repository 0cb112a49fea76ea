#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>

namespace OffsetLens {

// A phase's time budget. Every wait in a refresh is cut into short slices so that a cancelled refresh returns
// promptly instead of sitting out a long librdkafka timeout.
class Deadline
{
public:
    using Clock = std::chrono::steady_clock;

    explicit Deadline(std::chrono::milliseconds budget)
        : m_end(Clock::now() + budget)
    {}

    int remainingMs() const
    {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_end - Clock::now()).count();
        return static_cast<int>(std::max<long long>(left, 0));
    }
    bool expired() const { return Clock::now() >= m_end; }
    // The next wait: at most `slice`, never past the deadline.
    int sliceMs(int slice = kPollSliceMs) const { return std::min(remainingMs(), slice); }

    static constexpr int kPollSliceMs = 100;

private:
    Clock::time_point m_end;
};

inline bool isCancelled(const std::atomic_bool &cancelled)
{
    return cancelled.load(std::memory_order_relaxed);
}

} // namespace OffsetLens
