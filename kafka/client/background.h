#pragma once

#include <chrono>
#include <functional>
#include <memory>

// Threads nobody waits for. Kafka work that may block for a long time (destroying librdkafka clients, a request
// we stopped waiting for, stopping the demo cluster) runs here, so that the GUI thread and cancelled jobs never
// wait for it. The threads are counted, so the process can let them finish before it exits.
namespace OffsetLens::Background {

// Starts `work` on a new thread of its own (named `name` for debuggers, at most 15 characters).
void run(const char *name, std::function<void()> work);

// Waits up to `timeout` until no background work is left; returns whether none is. For the end of main() and for
// tests: never call it on a thread that must stay responsive.
bool waitForIdle(std::chrono::milliseconds timeout);

// How many background threads are running now.
int runningCount();

// Drops `object` (often the last reference to something whose destructor blocks) on a background thread. Works
// for move-only owners too (std::function needs a copyable target, hence the shared holder).
template <typename T> void release(const char *name, T object)
{
    run(name, [held = std::make_shared<T>(std::move(object))] { [[maybe_unused]] T dropped = std::move(*held); });
}

} // namespace OffsetLens::Background
