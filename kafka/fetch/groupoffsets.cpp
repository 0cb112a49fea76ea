#include "groupoffsets.h"

#include "adminrequest.h"
#include "clienthandle.h"
#include "kafkaconnection.h"
#include "kafkalog.h"
#include "numberformat.h"

#include <QSet>

#include <algorithm>
#include <cstring>

namespace OffsetLens {

struct CommittedOffsetsFetcher::Call
{
    qsizetype group = -1;
    bool allCommitted = false; // null partition list: "everything the group committed"
    // Otherwise partitions [from, from + count) of the group's explicit list. Only the calls in flight ever hold a
    // partition list (librdkafka's): a cluster that cannot list a group's commits makes every group without a hint
    // ask for every partition, 400 calls per group at 100,000 partitions, which as lists of their own came to
    // gigabytes with a few thousand groups.
    qsizetype from = 0;
    qsizetype count = 0;
    std::uintptr_t tag = 0;
    // results
    bool answered = false;
    QString error;
    QList<CommittedOffset> offsets; // real commits and per-partition errors
};

namespace {
using Call = CommittedOffsetsFetcher::Call;

// librdkafka 2.0.2 matches each partition of an OffsetFetch response to its list with a linear search, so asking
// for all 10,000 partitions of a cluster in one request costs ~50 million comparisons per group. When we must
// ask for every partition (mock cluster, no hints) we split the list; 250 measured fastest for 10,000 x 200.
constexpr qsizetype kMaxPartitionsPerFetch = 250;
constexpr std::size_t kMaxRequestsInFlight = 256;

void readResult(rd_kafka_event_t *event, Call &call)
{
    call.answered = true;
    if (rd_kafka_event_error(event)) {
        call.error = QString::fromUtf8(rd_kafka_event_error_string(event));
        return;
    }
    size_t count = 0;
    const rd_kafka_group_result_t **results =
        rd_kafka_ListConsumerGroupOffsets_result_groups(rd_kafka_event_ListConsumerGroupOffsets_result(event), &count);
    for (size_t i = 0; i < count; ++i) {
        if (const rd_kafka_error_t *error = rd_kafka_group_result_error(results[i])) {
            call.error = QString::fromUtf8(rd_kafka_error_string(error));
            continue;
        }
        const rd_kafka_topic_partition_list_t *list = rd_kafka_group_result_partitions(results[i]);
        // The entries come topic by topic: one string per run of a topic, shared by its partitions, rather than one
        // per partition (400,000 strings at 2,000 groups of 200 partitions, for every refresh).
        QString topic;
        const char *topicBytes = nullptr;
        for (int p = 0; list && p < list->cnt; ++p) {
            const rd_kafka_topic_partition_t &entry = list->elems[p];
            // Negative offsets (librdkafka's INVALID, -1001) mean the group has no commit there.
            if (entry.err == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset < 0)
                continue;
            CommittedOffset offset;
            if (!topicBytes || std::strcmp(topicBytes, entry.topic) != 0) {
                topicBytes = entry.topic;
                topic = QString::fromUtf8(entry.topic);
            }
            offset.tp = {topic, entry.partition};
            if (entry.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                offset.error = kafkaErrorText(entry.err);
            } else {
                offset.offset = entry.offset;
                if (entry.metadata && entry.metadata_size > 0)
                    offset.metadata = QString::fromUtf8(static_cast<const char *>(entry.metadata),
                                                        static_cast<qsizetype>(entry.metadata_size));
            }
            // leaderEpoch stays -1: librdkafka 2.0.2 does not expose the committed leader epoch.
            call.offsets.append(offset);
        }
    }
}

void addExplicitCalls(std::vector<Call> &calls, qsizetype group, qsizetype partitions)
{
    for (qsizetype from = 0; from < partitions; from += kMaxPartitionsPerFetch) {
        Call call;
        call.group = group;
        call.from = from;
        call.count = std::min(kMaxPartitionsPerFetch, partitions - from);
        calls.push_back(std::move(call));
    }
}

QList<TopicPartition> explicitPartitions(const GroupInfo &group, const CommittedOffsetsRequest &request,
                                         const QSet<TopicPartition> &known)
{
    const auto hint = request.hints.constFind(group.groupId);
    if (hint == request.hints.cend())
        return request.allPartitions;
    QList<TopicPartition> partitions;
    QSet<TopicPartition> seen;
    for (const TopicPartition &tp : *hint) {
        // Only partitions that exist, when we know which do (asking for others yields per-partition errors), and
        // no duplicates (which librdkafka rejects).
        if ((known.isEmpty() || known.contains(tp)) && !seen.contains(tp)) {
            seen.insert(tp);
            partitions.append(tp);
        }
    }
    return partitions;
}

bool hasCommits(const std::vector<Call> &calls)
{
    return std::any_of(calls.cbegin(), calls.cend(), [](const Call &c) {
        return std::any_of(c.offsets.cbegin(), c.offsets.cend(),
                           [](const CommittedOffset &o) { return o.offset >= 0; });
    });
}
} // namespace

CommittedOffsetsFetcher::CommittedOffsetsFetcher(KafkaConnection &connection, rd_kafka_t *admin)
    : m_connection(connection)
    , m_client(admin)
    , m_queue(rd_kafka_queue_new(admin))
{}

CommittedOffsetsFetcher::~CommittedOffsetsFetcher()
{
    if (hasPendingRequests())
        m_connection.noteCoordinatorRequestLeftBehind();
}

bool CommittedOffsetsFetcher::hasPendingRequests()
{
    drainLateResults();
    return !m_abandoned.isEmpty();
}

void CommittedOffsetsFetcher::drainLateResults()
{
    while (rd_kafka_event_t *event = rd_kafka_queue_poll(m_queue.get(), 0)) {
        m_abandoned.remove(reinterpret_cast<std::uintptr_t>(rd_kafka_event_opaque(event)));
        rd_kafka_event_destroy(event);
    }
}

// Issues every call at once on the shared queue, then collects the results as they come.
void CommittedOffsetsFetcher::run(const QList<GroupInfo> &groups, const std::vector<QList<TopicPartition>> &lists,
                                  std::vector<Call> &calls, std::chrono::milliseconds timeout,
                                  const std::atomic_bool &cancelled, std::chrono::steady_clock::time_point start)
{
    if (calls.empty())
        return;
    QHash<std::uintptr_t, std::size_t> byTag;
    const auto issue = [&](std::size_t i) {
        Call &call = calls[i];
        call.tag = m_nextTag++;
        byTag.insert(call.tag, i);
        const QByteArray groupId = groups.at(call.group).groupId.toUtf8();
        PartitionListPtr list;
        if (!call.allCommitted) {
            const QList<TopicPartition> &partitions = lists.at(std::size_t(call.group));
            list.reset(rd_kafka_topic_partition_list_new(static_cast<int>(call.count)));
            for (qsizetype p = call.from; p < call.from + call.count; ++p)
                rd_kafka_topic_partition_list_add(list.get(), partitions.at(p).topic.toUtf8().constData(),
                                                  partitions.at(p).partition);
        }
        rd_kafka_ListConsumerGroupOffsets_t *request =
            rd_kafka_ListConsumerGroupOffsets_new(groupId.constData(), list.get());
        // The tag comes back as the result event's opaque; librdkafka's own timeout is long on purpose (see
        // kCoordinatorRequestTimeoutMs).
        const AdminOptionsPtr options = makeCoordinatorAdminOptions(
            m_client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, reinterpret_cast<void *>(call.tag));
        rd_kafka_ListConsumerGroupOffsets(m_client, &request, 1, options.get(), m_queue.get());
        rd_kafka_ListConsumerGroupOffsets_destroy(request);
    };
    // One request per group normally fits in one window. Only the every-partition fallback makes thousands of
    // requests; a window keeps their memory bounded without slowing them down (the broker answers in order anyway).
    std::size_t issued = 0;
    for (; issued < std::min(calls.size(), kMaxRequestsInFlight); ++issued)
        issue(issued);

    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    const Deadline deadline(std::max(timeout - elapsed, std::chrono::milliseconds(0)));
    std::size_t pending = calls.size();
    while (pending > 0 && !deadline.expired() && !isCancelled(cancelled)) {
        rd_kafka_event_t *event = rd_kafka_queue_poll(m_queue.get(), std::max(deadline.sliceMs(), 1));
        if (!event)
            continue;
        const auto tag = reinterpret_cast<std::uintptr_t>(rd_kafka_event_opaque(event));
        if (const auto it = byTag.constFind(tag); it != byTag.cend()) {
            Call &call = calls[*it];
            if (!call.answered) {
                readResult(event, call);
                --pending;
                if (issued < calls.size())
                    issue(issued++);
            }
        } else {
            m_abandoned.remove(tag); // a late answer to an earlier refresh: no longer pending, but stale
        }
        rd_kafka_event_destroy(event);
    }
    for (const Call &call : calls) {
        if (!call.answered && call.tag != 0) // sent but not answered: librdkafka still works on it
            m_abandoned.insert(call.tag, groups.at(call.group).groupId);
    }
}

QStringList CommittedOffsetsFetcher::fetch(QList<GroupInfo> &groups, const CommittedOffsetsRequest &request,
                                           std::chrono::milliseconds timeout, const std::atomic_bool &cancelled)
{
    QStringList errors;
    if (groups.isEmpty())
        return errors;
    const auto start = std::chrono::steady_clock::now();
    drainLateResults();
    QSet<QString> stillWaiting;
    for (const QString &groupId : std::as_const(m_abandoned))
        stillWaiting.insert(groupId);
    QSet<TopicPartition> known;
    if (!request.hints.isEmpty())
        known = QSet<TopicPartition>(request.allPartitions.cbegin(), request.allPartitions.cend());

    // Per group, the partitions to name when asking explicitly (every partition shares allPartitions' data).
    std::vector<QList<TopicPartition>> lists(std::size_t(groups.size()));
    const auto explicitCalls = [&](std::vector<Call> &into, qsizetype g) {
        lists[std::size_t(g)] = explicitPartitions(groups.at(g), request, known);
        addExplicitCalls(into, g, lists[std::size_t(g)].size());
    };

    // Round 1: "all committed" per group, unless we learnt that this cluster cannot answer that.
    std::vector<Call> calls;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        if (stillWaiting.contains(groups.at(g).groupId))
            continue; // its coordinator has not answered an earlier request yet: do not pile up more
        if (m_support == AllOffsetsFetch::Unsupported || request.hintsOnly) {
            explicitCalls(calls, g);
        } else {
            Call call;
            call.group = g;
            call.allCommitted = true;
            calls.push_back(std::move(call));
        }
    }
    run(groups, lists, calls, timeout, cancelled, start);

    // Round 2: while we do not know better, an empty "all committed" answer may come from a cluster that does not
    // implement it (the mock): ask those groups again with explicit partitions.
    if (m_support == AllOffsetsFetch::Unknown && !request.hintsOnly) {
        if (hasCommits(calls)) {
            m_support = AllOffsetsFetch::Supported;
        } else if (!isCancelled(cancelled)) {
            std::vector<Call> retries;
            for (Call &call : calls) {
                if (call.answered && call.error.isEmpty() && call.offsets.isEmpty()) {
                    explicitCalls(retries, call.group);
                    call.group = -1; // replaced by the explicit answers
                }
            }
            run(groups, lists, retries, timeout, cancelled, start);
            if (hasCommits(retries))
                m_support = AllOffsetsFetch::Unsupported;
            for (Call &retry : retries)
                calls.push_back(std::move(retry));
        }
    }

    // Merge the calls' results into their groups.
    QList<QStringList> groupErrors(groups.size());
    QList<bool> unanswered(groups.size(), false);
    for (Call &call : calls) {
        if (call.group < 0)
            continue;
        GroupInfo &group = groups[call.group];
        if (!call.answered)
            unanswered[call.group] = true;
        else if (!call.error.isEmpty() && !groupErrors[call.group].contains(call.error))
            groupErrors[call.group].append(call.error);
        if (group.offsets.isEmpty())
            group.offsets = std::move(call.offsets); // the common case: one call per group, nothing to copy
        else
            group.offsets += call.offsets;
    }
    qsizetype timedOut = 0;
    qsizetype failed = 0;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        GroupInfo &group = groups[g];
        std::sort(group.offsets.begin(), group.offsets.end(),
                  [](const CommittedOffset &a, const CommittedOffset &b) { return a.tp < b.tp; });
        QStringList problems = groupErrors.at(g);
        if (stillWaiting.contains(group.groupId)) {
            problems.append(QStringLiteral("the group coordinator has not answered an earlier request yet"));
            ++timedOut;
        } else if (unanswered.at(g)) {
            problems.append(isCancelled(cancelled) ? QStringLiteral("cancelled")
                                                   : QStringLiteral("no answer within the timeout"));
            ++timedOut;
        } else if (!problems.isEmpty()) {
            ++failed;
        }
        if (!problems.isEmpty()) {
            group.offsetsIncomplete = true;
            const QString text = QStringLiteral("Committed offsets: %1").arg(problems.join(QStringLiteral("; ")));
            group.error = group.error.isEmpty() ? text : group.error + QStringLiteral("; ") + text;
        }
    }
    if (timedOut > 0)
        errors.append(QStringLiteral("Committed offsets of %1 did not arrive in time")
                          .arg(formatCountOf(timedOut, QStringLiteral("group"), QStringLiteral("groups"))));
    if (failed > 0)
        errors.append(QStringLiteral("Committed offsets of %1 could not be read")
                          .arg(formatCountOf(failed, QStringLiteral("group"), QStringLiteral("groups"))));
    qCDebug(lcKafka) << "committed offsets:" << calls.size() << "requests," << m_abandoned.size() << "still pending";
    return errors;
}

} // namespace OffsetLens
