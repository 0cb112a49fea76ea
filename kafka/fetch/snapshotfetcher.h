#pragma once

#include "connectionprofile.h"
#include "jobcontext.h"
#include "snapshot.h"

#include <atomic>
#include <memory>

namespace OffsetLens {

class GroupSource;
class KafkaConnection;

// Does one refresh, synchronously, on the calling thread: metadata, watermarks (earliest, latest
// read_uncommitted, latest read_committed: each one batched ListOffsets per leader), groups (through the
// GroupSource) and committed offsets (one OffsetFetch per group, all in flight at once). ClusterSession runs it as
// its refresh job; the headless CLI subcommands call it directly. Keeps what it learnt about the cluster (which
// requests it supports, requests still pending) between fetches; the clients belong to the connection.
class SnapshotFetcher
{
public:
    struct Options
    {
        bool includeGroups = true;
        QStringList onlyGroups; // non-empty: describe just these group ids (still listed through the source)
        bool includeInternalTopics = true;
        // Fill what this refresh could not read (and says why) from the last one it returned, each value marked
        // with when it was read (carryForward): the window's refreshes do, the one-shot CLI never has a last one.
        bool carryForward = false;
    };

    // Shares `connection` (its clients) with the session's other jobs.
    explicit SnapshotFetcher(std::shared_ptr<KafkaConnection> connection);
    // With a connection of its own (tests, benchmarks).
    explicit SnapshotFetcher(ConnectionProfile profile);
    // Releases its share of the connection: when that is the last one, the clients are destroyed here, which can
    // block; the session destroys its fetcher on a background thread.
    ~SnapshotFetcher();
    SnapshotFetcher(const SnapshotFetcher &) = delete;
    SnapshotFetcher &operator=(const SnapshotFetcher &) = delete;

    void setGroupSource(std::shared_ptr<GroupSource> source); // default: the broker (BrokerGroupSource)

    // Never throws. A refresh that reached nothing returns a snapshot with !errors.isEmpty() and no brokers;
    // `ok` (if given) tells whether the cluster was reached at all. Every wait honours the context's cancel flag.
    // Calls are serialised: a cancelled refresh may still be finishing when the next one starts.
    ClusterSnapshot fetch(const Options &options, const JobContext &context, bool *ok = nullptr);
    // The same with a context of its own on this fetcher's connection.
    ClusterSnapshot fetch(const Options &options, const std::atomic_bool &cancelled, bool *ok = nullptr);

    const std::shared_ptr<KafkaConnection> &connection() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace OffsetLens
