#include "brokergroupsource.h"

#include "adminrequest.h"
#include "clienthandle.h"
#include "numberformat.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace OffsetLens {

namespace {
struct ListResult
{
    bool answered = false; // at least one broker returned its groups
    bool partial = false;  // some brokers failed
    bool unsupported = false;
    QString problem; // why (some) brokers did not list their groups
    QList<GroupInfo> groups;
};

GroupInfo pinnedGroup(const QString &groupId)
{
    GroupInfo group;
    group.groupId = groupId;
    group.state = GroupState::Unknown;
    group.source = GroupSourceKind::Pinned;
    return group;
}

ListResult listGroups(rd_kafka_t *client, const Deadline &deadline, std::chrono::milliseconds timeout,
                      const std::atomic_bool &cancelled, bool &pending)
{
    ListResult result;
    const QueuePtr queue(rd_kafka_queue_new(client));
    // Long librdkafka-side timeout, see kCoordinatorRequestTimeoutMs: ListGroups waits for every broker, and a
    // broker that is down made librdkafka 2.0.2 abort when the request timed out.
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
    rd_kafka_ListConsumerGroups(client, options.get(), queue.get());

    const int received = collectAdminResults(queue.get(), 1, deadline, cancelled, [&](rd_kafka_event_t *event) {
        if (rd_kafka_event_error(event)) {
            result.problem = QString::fromUtf8(rd_kafka_event_error_string(event));
            result.unsupported = rd_kafka_event_error(event) == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE;
            return;
        }
        const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(event);
        size_t validCount = 0;
        size_t errorCount = 0;
        const rd_kafka_ConsumerGroupListing_t **valid = rd_kafka_ListConsumerGroups_result_valid(res, &validCount);
        const rd_kafka_error_t **errors = rd_kafka_ListConsumerGroups_result_errors(res, &errorCount);
        QStringList reasons;
        bool allUnsupported = errorCount > 0;
        for (size_t i = 0; i < errorCount; ++i) {
            const QString reason = QString::fromUtf8(rd_kafka_error_string(errors[i]));
            if (!reasons.contains(reason))
                reasons.append(reason);
            allUnsupported = allUnsupported && rd_kafka_error_code(errors[i]) == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE;
        }
        result.problem = reasons.join(QStringLiteral("; "));
        // A broker without groups answers with an empty list, so "answered" is about the absence of errors on
        // at least one broker, not about the number of groups.
        result.answered = validCount > 0 || errorCount == 0;
        result.partial = result.answered && errorCount > 0;
        result.unsupported = !result.answered && allUnsupported;
        for (size_t i = 0; i < validCount; ++i) {
            GroupInfo group;
            group.groupId = QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(valid[i]));
            group.state = BrokerGroupSource::toGroupState(rd_kafka_ConsumerGroupListing_state(valid[i]));
            group.isSimple = rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]);
            group.protocolType = group.isSimple ? QString() : QStringLiteral("consumer");
            group.source = GroupSourceKind::Broker;
            result.groups.append(group);
        }
    });
    if (received == 0) {
        pending = true;
        result.problem = isCancelled(cancelled)
                             ? QStringLiteral("cancelled")
                             : QStringLiteral("no answer within %1").arg(formatSeconds(timeout.count()));
    }
    return result;
}

void applyDescription(GroupInfo &group, const rd_kafka_ConsumerGroupDescription_t *description)
{
    if (const rd_kafka_error_t *error = rd_kafka_ConsumerGroupDescription_error(description)) {
        group.error = QStringLiteral("DescribeGroups: %1").arg(QString::fromUtf8(rd_kafka_error_string(error)));
        return;
    }
    group.state = BrokerGroupSource::toGroupState(rd_kafka_ConsumerGroupDescription_state(description));
    group.isSimple = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(description);
    group.protocolType = group.isSimple ? QString() : QStringLiteral("consumer");
    if (const char *assignor = rd_kafka_ConsumerGroupDescription_partition_assignor(description))
        group.assignor = QString::fromUtf8(assignor);
    if (const rd_kafka_Node_t *coordinator = rd_kafka_ConsumerGroupDescription_coordinator(description))
        group.coordinatorId = rd_kafka_Node_id(coordinator);

    group.members.clear();
    const size_t memberCount = rd_kafka_ConsumerGroupDescription_member_count(description);
    for (size_t i = 0; i < memberCount; ++i) {
        const rd_kafka_MemberDescription_t *m = rd_kafka_ConsumerGroupDescription_member(description, i);
        GroupMember member;
        member.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(m));
        if (const char *instanceId = rd_kafka_MemberDescription_group_instance_id(m))
            member.groupInstanceId = QString::fromUtf8(instanceId);
        member.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(m));
        member.host = QString::fromUtf8(rd_kafka_MemberDescription_host(m));
        if (const rd_kafka_MemberAssignment_t *assignment = rd_kafka_MemberDescription_assignment(m)) {
            if (const rd_kafka_topic_partition_list_t *list = rd_kafka_MemberAssignment_partitions(assignment)) {
                for (int p = 0; p < list->cnt; ++p)
                    member.assignment.append({QString::fromUtf8(list->elems[p].topic), list->elems[p].partition});
            }
        }
        std::sort(member.assignment.begin(), member.assignment.end());
        group.members.append(member);
    }
}

// One DescribeGroups call for all `groups`; librdkafka sends one request per coordinator.
QString describeGroups(rd_kafka_t *client, QList<GroupInfo> &groups, const Deadline &deadline,
                       const std::atomic_bool &cancelled, bool &pending)
{
    if (groups.isEmpty())
        return QString();
    QList<QByteArray> ids;
    std::vector<const char *> idPointers;
    ids.reserve(groups.size());
    for (const GroupInfo &group : std::as_const(groups))
        ids.append(group.groupId.toUtf8());
    for (const QByteArray &id : std::as_const(ids))
        idPointers.push_back(id.constData());
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < groups.size(); ++i)
        index.insert(groups.at(i).groupId, i);

    const QueuePtr queue(rd_kafka_queue_new(client));
    // See kCoordinatorRequestTimeoutMs: we wait until `deadline`, librdkafka may keep trying longer.
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(client, RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
    rd_kafka_DescribeConsumerGroups(client, idPointers.data(), idPointers.size(), options.get(), queue.get());

    QString problem;
    const int received = collectAdminResults(queue.get(), 1, deadline, cancelled, [&](rd_kafka_event_t *event) {
        if (rd_kafka_event_error(event)) {
            problem = QString::fromUtf8(rd_kafka_event_error_string(event));
            return;
        }
        size_t count = 0;
        const rd_kafka_ConsumerGroupDescription_t **descriptions =
            rd_kafka_DescribeConsumerGroups_result_groups(rd_kafka_event_DescribeConsumerGroups_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
            const QString id = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(descriptions[i]));
            if (const auto it = index.constFind(id); it != index.cend())
                applyDescription(groups[*it], descriptions[i]);
        }
    });
    if (received == 0) {
        problem = isCancelled(cancelled) ? QStringLiteral("cancelled") : QStringLiteral("timed out");
        pending = true;
    }
    return problem;
}

QStringList unique(QStringList list)
{
    list.removeDuplicates();
    list.removeAll(QString());
    return list;
}
} // namespace

BrokerGroupSource::BrokerGroupSource(rd_kafka_t *client)
    : m_client(client)
{}

GroupSource::Listing BrokerGroupSource::fetchGroups(const QStringList &pinnedGroups, std::chrono::milliseconds timeout,
                                                    const std::atomic_bool &cancelled)
{
    return fetchSomeGroups(pinnedGroups, QStringList(), timeout, cancelled);
}

GroupSource::Listing BrokerGroupSource::fetchSomeGroups(const QStringList &pinnedGroups, const QStringList &onlyGroups,
                                                        std::chrono::milliseconds timeout,
                                                        const std::atomic_bool &cancelled)
{
    Listing listing;
    const Deadline deadline(timeout);
    const QStringList only = unique(onlyGroups);
    const QStringList pinned = only.isEmpty() ? unique(pinnedGroups) : only;
    const auto wanted = [&](const QString &id) {
        return only.isEmpty() || only.contains(id);
    };

    ListResult listed;
    if (m_listGroupsUnsupported) {
        listed.unsupported = true;
        listed.problem = m_unsupportedReason;
    } else {
        listed = listGroups(m_client, deadline, timeout, cancelled, m_pendingRequests);
        if (listed.unsupported) {
            // Brokers do not grow new APIs while we are connected: do not ask again.
            m_listGroupsUnsupported = true;
            m_unsupportedReason = listed.problem;
        }
    }
    if (!listed.answered) {
        listing.complete = false;
        for (const QString &id : pinned)
            listing.groups.append(pinnedGroup(id));
        listing.errors.append(
            pinned.isEmpty()
                ? QStringLiteral("This cluster did not answer ListGroups (%1); pin group ids in the connection "
                                 "profile to see their offsets")
                      .arg(listed.problem)
                : QStringLiteral("This cluster did not answer ListGroups (%1); showing pinned groups only")
                      .arg(listed.problem));
        // Without ListGroups support DescribeGroups is missing too (and librdkafka would wait for it until the
        // timeout, holding up the groups' OffsetFetch); when the listing was merely denied, describing the pinned
        // groups may still be allowed.
        if (!listed.unsupported && !isCancelled(cancelled) && !deadline.expired() && !listing.groups.isEmpty()) {
            const QString problem = describeGroups(m_client, listing.groups, deadline, cancelled, m_pendingRequests);
            if (!problem.isEmpty())
                listing.errors.append(QStringLiteral("DescribeGroups failed: %1").arg(problem));
        }
        return listing;
    }

    if (listed.partial) {
        listing.complete = false;
        listing.errors.append(
            QStringLiteral("Some brokers did not answer ListGroups (%1); the group list may be incomplete")
                .arg(listed.problem));
    }
    QSet<QString> seen;
    for (const GroupInfo &group : std::as_const(listed.groups)) {
        if (wanted(group.groupId) && !seen.contains(group.groupId)) {
            seen.insert(group.groupId);
            listing.groups.append(group);
        }
    }
    // Pinned (or explicitly requested) ids the broker did not list: describe them anyway, the broker reports a
    // group that does not exist as Dead.
    for (const QString &id : pinned) {
        if (!seen.contains(id)) {
            seen.insert(id);
            listing.groups.append(pinnedGroup(id));
        }
    }
    if (!isCancelled(cancelled)) {
        const QString problem = describeGroups(m_client, listing.groups, deadline, cancelled, m_pendingRequests);
        if (!problem.isEmpty())
            listing.errors.append(QStringLiteral("DescribeGroups failed: %1").arg(problem));
    }
    return listing;
}

GroupState BrokerGroupSource::toGroupState(rd_kafka_consumer_group_state_t state)
{
    switch (state) {
    case RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE:
        return GroupState::PreparingRebalance;
    case RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE:
        return GroupState::CompletingRebalance;
    case RD_KAFKA_CONSUMER_GROUP_STATE_STABLE:
        return GroupState::Stable;
    case RD_KAFKA_CONSUMER_GROUP_STATE_DEAD:
        return GroupState::Dead;
    case RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY:
        return GroupState::Empty;
    case RD_KAFKA_CONSUMER_GROUP_STATE_UNKNOWN:
    case RD_KAFKA_CONSUMER_GROUP_STATE__CNT:
        break;
    }
    return GroupState::Unknown;
}

} // namespace OffsetLens
