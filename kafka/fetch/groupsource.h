#pragma once

#include "snapshot.h"

#include <atomic>
#include <chrono>
#include <optional>

namespace OffsetLens {

// A broker setting as the cluster reported it, or why it could not be read.
struct BrokerSetting
{
    std::optional<qint64> value;
    QString problem;    // when unset: "Broker: Unsupported version", "timed out", ...
    bool final = false; // asking again will not change the answer (a value, or the request is unsupported)
};

// Where a refresh learns which consumer groups exist and what they look like (state, members, assignments).
// On a real cluster that is the broker (ListGroups/DescribeGroups, see BrokerGroupSource). librdkafka's mock
// cluster implements neither API, so the embedded demo cluster and the tests plug in their own source.
// Committed offsets are NOT part of this: the session always reads them from the broker (OffsetFetch).
class GroupSource
{
public:
    virtual ~GroupSource() = default;

    struct Listing
    {
        // Groups with groupId, state, protocol type, assignor, coordinator, members (and positions, where known).
        // offsets stays empty: the session fills it in.
        QList<GroupInfo> groups;
        // Per-source problems worth showing (e.g. "ListGroups is not supported by this cluster").
        QStringList errors;
        // True when `groups` is the cluster's complete list; false when the source had to fall back to a partial
        // one (pinned ids), so the UI can say so.
        bool complete = true;
        // Optional (added for the mock cluster): group id -> every partition that group may hold a committed offset
        // for, when the source knows that completely (the demo cluster's own consumers). Real brokers return all
        // of a group's committed offsets from one OffsetFetch; librdkafka's mock cluster only answers for the
        // partitions asked for, so without this the fetcher has to ask for every partition of the cluster.
        QHash<QString, QList<TopicPartition>> committedPartitions;
    };

    // Called on a refresh job's thread (one refresh at a time), never on the GUI thread. Must return within `timeout`
    // and should return early when `cancelled` becomes true. `pinnedGroups` are the profile's pinned ids: sources that
    // cannot list groups must at least report those (state Unknown, source Pinned).
    virtual Listing fetchGroups(const QStringList &pinnedGroups, std::chrono::milliseconds timeout,
                                const std::atomic_bool &cancelled) = 0;

    // The brokers' offsets.retention.minutes, how long an Empty group's offsets are kept. Unset: the fetcher asks
    // the brokers (DescribeConfigs); a source that stands in for the brokers (the demo) says its own.
    virtual std::optional<BrokerSetting> offsetsRetention() const { return std::nullopt; }
};

} // namespace OffsetLens
