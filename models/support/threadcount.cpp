#include "threadcount.h"

namespace OffsetLens {

void ThreadCount::started()
{
    const std::lock_guard lock(m_mutex);
    ++m_running;
}

void ThreadCount::finished()
{
    const std::lock_guard lock(m_mutex);
    if (--m_running == 0)
        m_idle.notify_all();
}

bool ThreadCount::waitForIdle(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, timeout, [this] { return m_running == 0; });
}

int ThreadCount::running()
{
    const std::lock_guard lock(m_mutex);
    return m_running;
}

} // namespace OffsetLens
