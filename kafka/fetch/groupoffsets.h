#pragma once

#include "rdkafkaptr.h"
#include "snapshot.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace OffsetLens {

class KafkaConnection;

// Whether the cluster returns all of a group's committed offsets for an OffsetFetch without a partition list.
// Real brokers do; librdkafka's mock cluster answers such a request with an empty list. Learnt per fetcher.
enum class AllOffsetsFetch
{
    Unknown,
    Supported,
    Unsupported,
};

struct CommittedOffsetsRequest
{
    // Every partition of the cluster, for clusters that cannot list a group's committed offsets by themselves.
    QList<TopicPartition> allPartitions;
    // Per group: the complete set of partitions it may have committed (from the GroupSource), used instead of
    // allPartitions on such clusters.
    QHash<QString, QList<TopicPartition>> hints;
    // Ask for exactly the hinted partitions, never for "everything the group committed" (reading back a write).
    bool hintsOnly = false;
};

// Fills GroupInfo::offsets (sorted, only real commits and per-partition errors) and GroupInfo::error of every group.
// One ListConsumerGroupOffsets call per group (librdkafka 2.0.2 takes one group per call), all in flight at once on
// one result queue. The refresh's fetcher lives as long as its SnapshotFetcher: requests that missed a refresh's
// deadline stay in flight inside librdkafka (see kCoordinatorRequestTimeoutMs), so it remembers them, drops their
// late answers and does not pile up new requests for a group whose coordinator has not answered yet. Short-lived
// ones (a write's read-back, a one-group re-read) do not know what the refresh's fetcher left pending. Destroyed
// with requests still pending, a fetcher tells the connection, which then keeps its admin client alive.
class CommittedOffsetsFetcher
{
public:
    // Uses the connection's admin client, which must exist; `connection` outlives this.
    CommittedOffsetsFetcher(KafkaConnection &connection, rd_kafka_t *admin);
    ~CommittedOffsetsFetcher();
    CommittedOffsetsFetcher(const CommittedOffsetsFetcher &) = delete;
    CommittedOffsetsFetcher &operator=(const CommittedOffsetsFetcher &) = delete;

    // Returns refresh-level messages.
    QStringList fetch(QList<GroupInfo> &groups, const CommittedOffsetsRequest &request,
                      std::chrono::milliseconds timeout, const std::atomic_bool &cancelled);

    AllOffsetsFetch allOffsetsFetch() const { return m_support; }
    // True while requests we stopped waiting for are still in flight inside librdkafka (collects late answers).
    bool hasPendingRequests();

    struct Call; // one ListConsumerGroupOffsets request

private:
    // `lists`: per group, the explicit partition list its calls take their ranges from.
    void run(const QList<GroupInfo> &groups, const std::vector<QList<TopicPartition>> &lists, std::vector<Call> &calls,
             std::chrono::milliseconds timeout, const std::atomic_bool &cancelled,
             std::chrono::steady_clock::time_point start);
    void drainLateResults();

    KafkaConnection &m_connection;
    rd_kafka_t *m_client;
    QueuePtr m_queue;
    std::uintptr_t m_nextTag = 1;
    QHash<std::uintptr_t, QString> m_abandoned; // requests we stopped waiting for: tag -> group id
    AllOffsetsFetch m_support = AllOffsetsFetch::Unknown;
};

} // namespace OffsetLens
