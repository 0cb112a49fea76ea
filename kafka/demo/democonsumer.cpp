#include "democonsumer.h"

#include "demogroups.h"
#include "demoplan.h"
#include "stopsignal.h"

#include <algorithm>
#include <utility>

namespace OffsetLens::Demo {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kPollTimeout = 200ms;   // bounds how long stop() waits for a consumer thread
constexpr auto kPublishEvery = 250ms;  // how fresh the positions reported to the session are
constexpr auto kRetryWork = 80ms;      // simulated processing time of one payment
constexpr double kFailingShare = 0.12; // share of payments that fail at least once

// How many times the message at (partition, offset) fails before it succeeds: a pure function of the seed, so
// the same seed reproduces the same failure pattern whatever the timing.
int failingAttempts(std::uint64_t seed, std::int32_t partition, std::int64_t offset)
{
    const std::uint64_t h =
        mix64(mix64(seed, static_cast<std::uint64_t>(partition)), static_cast<std::uint64_t>(offset));
    if (unitFromHash(h) >= kFailingShare)
        return 0;
    return 1 + static_cast<int>(mix64(h) % 4); // 1..4 failed attempts
}

QString fromUtf8(const char *s)
{
    return s ? QString::fromUtf8(s) : QString();
}

} // namespace

DemoConsumer::DemoConsumer(Config config, std::shared_ptr<DemoGroupTable> table, StopSignal &stop)
    : m_config(std::move(config))
    , m_table(std::move(table))
    , m_stop(stop)
{}

DemoConsumer::~DemoConsumer()
{
    m_stop.request();
    join();
}

bool DemoConsumer::start(const std::string &bootstrap, QString *error)
{
    Settings settings = commonClientSettings(bootstrap);
    const bool autoCommit = m_config.style != Style::Retrying;
    settings.insert(settings.end(), {
                                        {"group.id", m_config.groupId},
                                        {"client.id", m_config.clientId},
                                        {"partition.assignment.strategy", m_config.assignor},
                                        {"auto.offset.reset", m_config.autoOffsetReset},
                                        {"enable.auto.commit", autoCommit ? "true" : "false"},
                                        {"auto.commit.interval.ms", std::to_string(m_config.autoCommitIntervalMs)},
                                        // The mock holds a rebalance open for session.timeout - 1 s, and two
                                        // members joining one after the other cause two of them: keep it short.
                                        // Heartbeats run on librdkafka's thread, so the demo's deliberate
                                        // processing stalls do not cost a member its session.
                                        {"session.timeout.ms", "4000"},
                                        {"heartbeat.interval.ms", "1000"},
                                        {"fetch.wait.max.ms", "500"},
                                        {"queued.min.messages", "1000"},
                                        {"queued.max.messages.kbytes", std::to_string(m_config.queuedMaxKBytes)},
                                    });
    HandleHooks hooks;
    hooks.opaque = this;
    hooks.rebalance = &DemoConsumer::onRebalance;
    m_handle = createHandle(RD_KAFKA_CONSUMER, settings, hooks, error);
    if (!m_handle)
        return false;
    rd_kafka_poll_set_consumer(m_handle.get());

    PartitionListPtr topics(rd_kafka_topic_partition_list_new(static_cast<int>(m_config.topics.size())));
    for (const std::string &topic : m_config.topics)
        rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
    if (const rd_kafka_resp_err_t err = rd_kafka_subscribe(m_handle.get(), topics.get()); err) {
        if (error)
            *error = QStringLiteral("subscribe %1: %2").arg(QString::fromStdString(m_config.groupId), errorText(err));
        m_handle.reset();
        return false;
    }

    m_slot = m_table->addMember(QString::fromStdString(m_config.groupId), QString::fromStdString(m_config.clientId));
    m_nextPause = Clock::now() + std::chrono::seconds(20 + static_cast<int>(mix64(m_config.seed) % 15));
    m_nextRewind = Clock::now() + std::chrono::milliseconds(m_config.rewindEveryMs);
    m_stuckAt = Clock::now() + std::chrono::milliseconds(m_config.stuckAfterMs);
    m_thread = std::thread([this] { run(); });
    return true;
}

void DemoConsumer::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void DemoConsumer::onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions,
                               void *opaque)
{
    // Runs on the consumer's own thread, inside rd_kafka_consumer_poll(). The demo uses eager assignors
    // (range, roundrobin), so a rebalance is always "revoke everything, then get a new assignment".
    auto *self = static_cast<DemoConsumer *>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        rd_kafka_assign(rk, partitions);
        self->m_assignment.reset(rd_kafka_topic_partition_list_copy(partitions));
        self->m_assigned = true;
        self->m_rebalancing = false;
    } else {
        rd_kafka_assign(rk, nullptr);
        self->m_assignment.reset();
        self->m_rebalancing = true;
        self->m_attempts.clear();
        self->m_seekPositions.clear();
    }
    // Published from the poll loop, not from here: librdkafka calls that wait for its main thread (such as
    // rd_kafka_assignment()) can deadlock inside this callback.
    self->m_publishNow = true;
}

void DemoConsumer::run()
{
    rd_kafka_t *rk = m_handle.get();
    while (!m_stop.isRequested()) {
        bool consumed = false;
        if (rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, static_cast<int>(kPollTimeout.count()))) {
            if (message->err) {
                qCDebug(lcDemo, "%s: %s", m_config.clientId.c_str(), rd_kafka_message_errstr(message));
            } else {
                // The position moves as the message is handed over, before it is processed, and auto-commit may
                // commit it any moment after: publish it now, or a refresh can see a commit ahead of the position
                // it was told (a crash that "skips" messages, which never happened).
                publish(true);
                handle(message);
                consumed = true;
            }
            rd_kafka_message_destroy(message);
        }
        publish(std::exchange(m_publishNow, false) || consumed);
    }
    // The demo only stops when the whole mock cluster goes away, so a clean LeaveGroup and a final commit buy
    // nothing, and rd_kafka_consumer_close() can wait seconds for a rebalance in progress: skip it.
    m_table->removeMember(m_slot);
    m_handle.reset(); // ClientPtr destroys without a consumer close
}

void DemoConsumer::handle(const rd_kafka_message_t *message)
{
    switch (m_config.style) {
    case Style::KeepUp:
        // Optionally at a steady pace (no stalls): a consumer bounded by its own work, not by the producers.
        if (m_config.maxMessagesPerSecond > 0)
            m_stop.waitFor(std::chrono::duration<double>(1.0 / m_config.maxMessagesPerSecond));
        return;
    case Style::Throttled: {
        // A slow downstream: bounded throughput, plus a periodic multi-second stall ("flushing candles").
        if (Clock::now() >= m_nextPause) {
            const auto pause = std::chrono::milliseconds(4000 + static_cast<int>(mix64(m_config.seed, 1) % 3000));
            m_nextPause = Clock::now() + pause + std::chrono::seconds(25);
            m_stop.waitFor(pause);
        }
        if (m_config.maxMessagesPerSecond > 0)
            m_stop.waitFor(std::chrono::duration<double>(1.0 / m_config.maxMessagesPerSecond));
        return;
    }
    case Style::Retrying:
        processRetrying(message);
        return;
    case Style::Stuck:
        if (Clock::now() >= m_stuckAt) {
            // A message whose processing never ends: go back to it and stop fetching there. Polling goes on, so the
            // member stays in the group and auto-commit keeps committing the same offset while the lag grows
            // (Burrow's STALL). After a rebalance the next message lands here again.
            PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
            rd_kafka_topic_partition_list_add(list.get(), rd_kafka_topic_name(message->rkt), message->partition)
                ->offset = message->offset;
            if (rd_kafka_error_t *error = rd_kafka_seek_partitions(m_handle.get(), list.get(), 1000))
                rd_kafka_error_destroy(error);
            rd_kafka_pause_partitions(m_handle.get(), list.get());
            m_seekPositions[message->partition] = message->offset;
            publish(true);
        }
        return;
    case Style::Rewinding:
        if (Clock::now() >= m_nextRewind) {
            m_nextRewind = Clock::now() + std::chrono::milliseconds(m_config.rewindEveryMs);
            rewind();
        }
        // Replaying at a bounded rate keeps the commit below where it was for a few refreshes, as a real
        // replay of real work would.
        if (m_config.maxMessagesPerSecond > 0)
            m_stop.waitFor(std::chrono::duration<double>(1.0 / m_config.maxMessagesPerSecond));
        return;
    }
}

void DemoConsumer::rewind()
{
    // Where each partition stands, less rewindBy: seek there and commit it at once, as a replay tool does. The
    // committed offset moves backwards, which is what Burrow's REWIND and the doctor look for.
    if (!m_assignment)
        return;
    PartitionListPtr list(rd_kafka_topic_partition_list_copy(m_assignment.get()));
    rd_kafka_position(m_handle.get(), list.get());
    PartitionListPtr back(rd_kafka_topic_partition_list_new(list->cnt));
    for (int i = 0; i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t &tp = list->elems[i];
        if (tp.offset < 0)
            continue;
        rd_kafka_topic_partition_list_add(back.get(), tp.topic, tp.partition)->offset =
            std::max<std::int64_t>(0, tp.offset - m_config.rewindBy);
    }
    if (back->cnt == 0)
        return;
    if (rd_kafka_error_t *error = rd_kafka_seek_partitions(m_handle.get(), back.get(), 1000)) {
        qCDebug(lcDemo, "seek failed: %s", rd_kafka_error_string(error));
        rd_kafka_error_destroy(error);
        return;
    }
    for (int i = 0; i < back->cnt; ++i)
        m_seekPositions[back->elems[i].partition] = back->elems[i].offset;
    if (const rd_kafka_resp_err_t err = rd_kafka_commit(m_handle.get(), back.get(), 0); err)
        qCDebug(lcDemo, "commit failed: %s", rd_kafka_err2str(err));
    publish(true);
}

bool DemoConsumer::processRetrying(const rd_kafka_message_t *message)
{
    const std::int32_t partition = message->partition;
    const std::int64_t offset = message->offset;
    const int attempt = ++m_attempts[{partition, offset}];
    if (m_stop.waitFor(kRetryWork))
        return false;

    const char *topic = rd_kafka_topic_name(message->rkt);
    PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
    if (attempt <= failingAttempts(m_config.seed, partition, offset)) {
        // Failed: go back to this message and retry it after an exponential backoff. Nothing is committed, so
        // the committed offset stalls here while the producer keeps appending.
        rd_kafka_topic_partition_list_add(list.get(), topic, partition)->offset = offset;
        m_seekPositions[partition] = offset;
        if (rd_kafka_error_t *error = rd_kafka_seek_partitions(m_handle.get(), list.get(), 1000)) {
            qCDebug(lcDemo, "seek failed: %s", rd_kafka_error_string(error));
            rd_kafka_error_destroy(error);
        }
        const auto backoff =
            std::min(std::chrono::milliseconds(4000), std::chrono::milliseconds(500) * (1 << (attempt - 1)));
        publish(true);
        m_stop.waitFor(backoff);
        return false;
    }
    m_attempts.erase({partition, offset});
    m_seekPositions.erase(partition);
    rd_kafka_topic_partition_list_add(list.get(), topic, partition)->offset = offset + 1;
    if (const rd_kafka_resp_err_t err = rd_kafka_commit(m_handle.get(), list.get(), 1); err)
        qCDebug(lcDemo, "commit failed: %s", rd_kafka_err2str(err));
    return true;
}

void DemoConsumer::publish(bool force)
{
    const auto now = Clock::now();
    if (!force && now - m_lastPublish < kPublishEvery)
        return;
    m_lastPublish = now;

    rd_kafka_t *rk = m_handle.get();
    MemberView view;
    view.clientId = QString::fromStdString(m_config.clientId);
    view.assigned = m_assigned;
    view.rebalancing = m_rebalancing;
    if (char *memberId = rd_kafka_memberid(rk)) {
        view.memberId = fromUtf8(memberId);
        rd_kafka_mem_free(rk, memberId);
    }
    if (m_assignment) {
        // Positions are local state (the offset after the last message handed to us); no broker round trip.
        PartitionListPtr positions(rd_kafka_topic_partition_list_copy(m_assignment.get()));
        rd_kafka_position(rk, positions.get());
        for (int i = 0; i < positions->cnt; ++i) {
            const rd_kafka_topic_partition_t &tp = positions->elems[i];
            const TopicPartition key{fromUtf8(tp.topic), tp.partition};
            view.assignment.append(key);
            if (tp.offset >= 0)
                view.positions.insert(key, tp.offset);
            else if (const auto it = m_seekPositions.find(tp.partition); it != m_seekPositions.end())
                view.positions.insert(key, it->second); // just sought back: the next fetch starts there
        }
    }
    m_table->updateMember(m_slot, view);
}

} // namespace OffsetLens::Demo
