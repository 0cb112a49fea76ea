#pragma once

#include <chrono>

class QThread;

// The lag history's threads outlive their LagHistoryStore: a store being destroyed lets its thread finish the
// transaction it is in (and write the last snapshot it was handed) without the GUI thread waiting for it. They
// are counted, like Background's threads, so that the end of main() and the tests can let them finish. This lives
// in history/ rather than reusing kafka/'s Background, which would drag librdkafka into the history layer.
namespace OffsetLens::HistoryThreads {

// Counts a history thread that has just been started; every call is matched by one finishInBackground().
void started();

// Waits for `thread` (already told to quit) to end and deletes it, on a helper thread nobody waits for.
void finishInBackground(QThread *thread);

// Waits up to `timeout` until no history thread is left; returns whether none is. Never on the GUI thread while
// it must stay responsive: for the end of main() and for tests.
bool waitForIdle(std::chrono::milliseconds timeout);

int runningCount();

} // namespace OffsetLens::HistoryThreads
