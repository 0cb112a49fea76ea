#pragma once

#include "connectionprofile.h"
#include "snapshot.h"

#include <atomic>
#include <memory>

namespace OffsetLens {

class GroupSource;

// Does one refresh, synchronously, on the calling thread: metadata, watermarks (earliest, latest
// read_uncommitted, latest read_committed: each one batched ListOffsets per leader), groups (through the
// GroupSource) and committed offsets (one OffsetFetch per group, all in flight at once). Used by ClusterSession on
// its worker thread and by the headless CLI subcommands. Keeps its librdkafka handles between fetches.
class SnapshotFetcher
{
public:
    struct Options
    {
        bool includeGroups = true;
        QStringList onlyGroups; // non-empty: describe just these group ids (still listed through the source)
        bool includeInternalTopics = true;
    };

    explicit SnapshotFetcher(ConnectionProfile profile);
    ~SnapshotFetcher();
    SnapshotFetcher(const SnapshotFetcher &) = delete;
    SnapshotFetcher &operator=(const SnapshotFetcher &) = delete;

    void setGroupSource(std::shared_ptr<GroupSource> source); // default: the broker (BrokerGroupSource)

    // Never throws. A refresh that reached nothing returns a snapshot with !errors.isEmpty() and no brokers;
    // `ok` (if given) tells whether the cluster was reached at all.
    ClusterSnapshot fetch(const Options &options, const std::atomic_bool &cancelled, bool *ok = nullptr);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace OffsetLens
