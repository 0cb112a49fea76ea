#pragma once

#include "background.h"
#include "deadline.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace OffsetLens {

// librdkafka has blocking calls with no asynchronous form in 2.0.2 (metadata, ListOffsets). This runs such a call
// on a background thread and waits for it in short slices, so cancel and the deadline end the wait at once
// (std::nullopt). A call left behind runs to its own timeout and its result is dropped there; `keepAlive` (the
// connection owning the client the call uses) stays alive until then.
//
// awaitHedgedCall is that, for a request any broker can answer (metadata). librdkafka sends it to one broker and,
// if that broker drops just then, keeps it queued for that broker until the timeout although others are up. So
// when no answer has come after `hedgeAfter`, the same request is sent again (librdkafka picks a usable broker
// anew) while the first still waits, up to `maxCalls` in flight; the first to finish wins, the others finish on
// their own and are dropped. `call` takes the wait in milliseconds it may use.
template <typename Call>
auto awaitHedgedCall(Call call, std::shared_ptr<const void> keepAlive, const Deadline &deadline,
                     const std::atomic_bool &cancelled, std::chrono::milliseconds hedgeAfter, int maxCalls = 3)
    -> std::optional<decltype(call(1))>
{
    using Result = decltype(call(1));
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable done;
        std::optional<Result> result;
    };
    auto shared = std::make_shared<Shared>();
    const auto launch = [&] {
        Background::run("kafka-call", [shared, call, keepAlive, waitMs = std::max(deadline.remainingMs(), 1)] {
            Result result = call(waitMs);
            {
                const std::lock_guard lock(shared->mutex);
                if (!shared->result)
                    shared->result.emplace(std::move(result));
            }
            shared->done.notify_all();
        });
    };
    launch();
    int calls = 1;
    auto nextHedge = Deadline::Clock::now() + hedgeAfter;
    std::unique_lock lock(shared->mutex);
    while (!shared->result) {
        if (isCancelled(cancelled) || deadline.expired())
            return std::nullopt;
        if (calls < maxCalls && Deadline::Clock::now() >= nextHedge) {
            lock.unlock();
            launch();
            lock.lock();
            ++calls;
            nextHedge = Deadline::Clock::now() + hedgeAfter;
            continue;
        }
        shared->done.wait_for(lock, std::chrono::milliseconds(std::max(deadline.sliceMs(), 1)));
    }
    return std::move(shared->result);
}

// awaitBlockingCall: one call, never sent twice.
template <typename Call>
auto awaitBlockingCall(Call call, std::shared_ptr<const void> keepAlive, const Deadline &deadline,
                       const std::atomic_bool &cancelled) -> std::optional<decltype(call())>
{
    return awaitHedgedCall([call = std::move(call)](int) { return call(); }, std::move(keepAlive), deadline, cancelled,
                           std::chrono::milliseconds::zero(), 1);
}

} // namespace OffsetLens
