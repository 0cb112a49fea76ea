#include "listoffsets.h"

#include "background.h"
#include "kafkaconnection.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <numeric>

namespace OffsetLens {

namespace {
// Enough threads to have every broker's requests in flight at once on large clusters, without one per request.
constexpr std::size_t kMaxThreads = 32;

struct Shared
{
    std::mutex mutex;
    std::condition_variable progress;
    std::vector<ListOffsetsCall> calls;
    std::vector<std::size_t> order; // calls in the order threads take them
    std::vector<ListOffsetsOutcome> outcomes;
    std::vector<bool> finished;
    std::size_t next = 0;
    std::size_t remaining = 0;
    bool abandoned = false; // the waiter left: stop taking new calls
};

void work(const std::shared_ptr<Shared> &shared, int timeoutMs)
{
    for (;;) {
        std::size_t index = 0;
        {
            const std::lock_guard lock(shared->mutex);
            if (shared->abandoned || shared->next >= shared->order.size())
                return;
            index = shared->order[shared->next++];
        }
        ListOffsetsCall &call = shared->calls[index]; // only this thread touches it until `finished` is set
        const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(call.client, call.list.get(), timeoutMs);
        {
            const std::lock_guard lock(shared->mutex);
            ListOffsetsOutcome &outcome = shared->outcomes[index];
            outcome.err = err;
            // When the call itself failed, librdkafka leaves the list untouched: what we put in are not answers.
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                outcome.list = std::move(call.list);
            shared->finished[index] = true;
            --shared->remaining;
        }
        shared->progress.notify_all();
    }
}
} // namespace

std::vector<ListOffsetsOutcome> runListOffsets(const JobContext &context, std::vector<ListOffsetsCall> calls,
                                               const Deadline &deadline)
{
    const std::size_t count = calls.size();
    auto shared = std::make_shared<Shared>();
    shared->calls = std::move(calls);
    shared->outcomes.resize(count);
    shared->finished.assign(count, false);
    shared->remaining = count;
    shared->order.resize(count);
    std::iota(shared->order.begin(), shared->order.end(), std::size_t(0));
    std::stable_sort(shared->order.begin(), shared->order.end(),
                     [&](std::size_t a, std::size_t b) { return shared->calls[a].ordinal < shared->calls[b].ordinal; });

    const int timeoutMs = std::max(deadline.remainingMs(), 1);
    const std::size_t threads = std::min(count, kMaxThreads);
    for (std::size_t i = 0; i < threads; ++i) {
        // Each thread keeps the connection alive: a call left behind still uses its client.
        Background::run("kafka-offsets",
                        [shared, timeoutMs, keepAlive = context.sharedConnection()] { work(shared, timeoutMs); });
    }

    std::unique_lock lock(shared->mutex);
    while (shared->remaining > 0 && !context.isCancelled() && !deadline.expired())
        shared->progress.wait_for(lock, std::chrono::milliseconds(std::max(deadline.sliceMs(), 1)));
    shared->abandoned = true;

    std::vector<ListOffsetsOutcome> result(count);
    const rd_kafka_resp_err_t unfinished =
        context.isCancelled() ? RD_KAFKA_RESP_ERR__INTR : RD_KAFKA_RESP_ERR__TIMED_OUT;
    for (std::size_t i = 0; i < count; ++i) {
        if (shared->finished[i])
            result[i] = std::move(shared->outcomes[i]);
        else
            result[i].err = unfinished;
    }
    return result;
}

} // namespace OffsetLens
