#pragma once

#include "groupsource.h"

#include <librdkafka/rdkafka.h>

namespace OffsetLens {

// The default GroupSource: asks the cluster itself. One ListGroups (librdkafka sends it to every broker), then one
// DescribeGroups call for all listed groups (librdkafka batches it per coordinator). When the cluster cannot list
// groups (librdkafka's mock cluster, old brokers, ACLs, timeouts) it falls back to the profile's pinned group ids
// with state Unknown and says so.
class BrokerGroupSource : public GroupSource
{
public:
    // `client` is borrowed: the SnapshotFetcher owns it and keeps it alive as long as this source.
    explicit BrokerGroupSource(rd_kafka_t *client);

    Listing fetchGroups(const QStringList &pinnedGroups, std::chrono::milliseconds timeout,
                        const std::atomic_bool &cancelled) override;

    // Like fetchGroups(), but when `onlyGroups` is not empty only those ids are described and returned (used by
    // `offsetlens describe --group G`): a group the broker did not list is still described (it shows as Dead
    // when it does not exist) or, without ListGroups, reported as pinned.
    Listing fetchSomeGroups(const QStringList &pinnedGroups, const QStringList &onlyGroups,
                            std::chrono::milliseconds timeout, const std::atomic_bool &cancelled);

    static GroupState toGroupState(rd_kafka_consumer_group_state_t state);

    // A ListGroups or DescribeGroups request missed its deadline and may still be in flight inside librdkafka.
    bool hasPendingRequests() const { return m_pendingRequests; }

private:
    rd_kafka_t *m_client;
    bool m_pendingRequests = false;
    bool m_listGroupsUnsupported = false;
    QString m_unsupportedReason;
};

} // namespace OffsetLens
