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
template <typename Call>
auto awaitBlockingCall(Call call, std::shared_ptr<const void> keepAlive, const Deadline &deadline,
                       const std::atomic_bool &cancelled) -> std::optional<decltype(call())>
{
    using Result = decltype(call());
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable done;
        std::optional<Result> result;
    };
    auto shared = std::make_shared<Shared>();
    Background::run("kafka-call", [shared, call = std::move(call), keepAlive = std::move(keepAlive)]() mutable {
        Result result = call();
        {
            const std::lock_guard lock(shared->mutex);
            shared->result.emplace(std::move(result));
        }
        shared->done.notify_all();
    });
    std::unique_lock lock(shared->mutex);
    while (!shared->result) {
        if (isCancelled(cancelled) || deadline.expired())
            return std::nullopt;
        shared->done.wait_for(lock, std::chrono::milliseconds(std::max(deadline.sliceMs(), 1)));
    }
    return std::move(shared->result);
}

} // namespace OffsetLens
