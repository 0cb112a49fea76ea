#pragma once

#include "demokafka.h"

#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace OffsetLens::Demo {

class DemoGroupTable;
class StopSignal;

// One real librdkafka group member (subscribe, JoinGroup/SyncGroup against the mock) running on its own thread,
// with one of the processing styles of the scenario. After each poll it publishes its member id, assignment and
// positions into the shared DemoGroupTable.
class DemoConsumer
{
public:
    enum class Style
    {
        KeepUp,    // processes everything at once; auto-commit
        Throttled, // limited throughput plus periodic pauses (a slow downstream); auto-commit
        Retrying,  // at-least-once: commits only after success, failed messages are retried after a backoff
        Rewinding, // a replay job: keeps up, but every rewindEveryMs seeks back rewindBy messages and commits there
        Stuck,     // keeps up for stuckAfterMs, then hangs on a message (a poison pill) while staying in the group
    };
    struct Config
    {
        std::string groupId;
        std::string clientId;
        std::vector<std::string> topics;
        std::string assignor = "range";
        Style style = Style::KeepUp;
        int autoCommitIntervalMs = 5000; // KeepUp / Throttled
        double maxMessagesPerSecond = 0; // KeepUp, Throttled, Rewinding
        std::uint64_t seed = 0;          // Retrying: which messages fail, and how often
        int queuedMaxKBytes = 1024;      // prefetch cap (keeps the RSS small with the large SCHEDULE messages)
        // Where a partition without a commit starts ("latest" leaves one that gets no new messages uncommitted).
        std::string autoOffsetReset = "earliest";
        int rewindEveryMs = 30000; // Rewinding
        int rewindBy = 100;        // Rewinding: messages per partition
        int stuckAfterMs = 10000;  // Stuck
    };

    DemoConsumer(Config config, std::shared_ptr<DemoGroupTable> table, StopSignal &stop);
    ~DemoConsumer();
    DemoConsumer(const DemoConsumer &) = delete;
    DemoConsumer &operator=(const DemoConsumer &) = delete;

    bool start(const std::string &bootstrap, QString *error); // creates the handle, subscribes, starts the thread
    void join(); // after StopSignal::request(): waits for the thread, which then destroys its handle

private:
    static void onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions,
                            void *opaque);
    void run();
    void handle(const rd_kafka_message_t *message);
    bool processRetrying(const rd_kafka_message_t *message);
    void publish(bool force);

    Config m_config;
    std::shared_ptr<DemoGroupTable> m_table;
    StopSignal &m_stop;
    ClientPtr m_handle;
    std::thread m_thread;
    int m_slot = -1;
    bool m_assigned = false;
    bool m_rebalancing = false;
    bool m_publishNow = false;
    // Our copy of the current assignment, kept from the rebalance callback: rd_kafka_assignment() must not be called
    // from inside that callback (it can deadlock there, e.g. during rd_kafka_consumer_close()).
    PartitionListPtr m_assignment;
    std::chrono::steady_clock::time_point m_lastPublish;
    // Throttled
    std::chrono::steady_clock::time_point m_nextPause;
    // Rewinding
    std::chrono::steady_clock::time_point m_nextRewind;
    // Stuck
    std::chrono::steady_clock::time_point m_stuckAt;
    void rewind();
    // Retrying: attempts so far per (partition, offset) of the message being retried
    std::map<std::pair<std::int32_t, std::int64_t>, int> m_attempts;
    // Retrying: where we sought back to, per partition. librdkafka reports no position for a partition between a
    // seek and the next message it returns, but the consumer does know where it stands.
    std::map<std::int32_t, std::int64_t> m_seekPositions;
};

} // namespace OffsetLens::Demo
