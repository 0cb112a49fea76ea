#include "offsetwriter.h"

#include "adminrequest.h"
#include "clienthandle.h"
#include "groupoffsets.h"
#include "kafkaconnection.h"
#include "numberformat.h"
#include "writeaccess.h"

#include <QHash>
#include <QSet>

namespace OffsetLens {

namespace {
// Bounds the requests (and their partition lists) in flight when the demo commits for thousands of groups.
constexpr qsizetype kMaxRequestsInFlight = 256;

struct GroupRequest
{
    qsizetype group = 0; // index into writes / report.groups
    bool sent = false;
    bool answered = false;
};

void readGroupResult(const rd_kafka_group_result_t *result, GroupWriteResult &group)
{
    if (const rd_kafka_error_t *error = rd_kafka_group_result_error(result)) {
        group.error = QString::fromUtf8(rd_kafka_error_string(error));
        for (PartitionWriteResult &p : group.partitions) {
            if (p.outcome == WriteOutcome::Unknown) {
                p.outcome = WriteOutcome::Rejected;
                p.error = group.error;
            }
        }
        return;
    }
    QHash<TopicPartition, PartitionWriteResult *> byPartition;
    for (PartitionWriteResult &p : group.partitions)
        byPartition.insert(p.tp, &p);
    const rd_kafka_topic_partition_list_t *list = rd_kafka_group_result_partitions(result);
    for (int i = 0; list && i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t &entry = list->elems[i];
        PartitionWriteResult *p = byPartition.value({QString::fromUtf8(entry.topic), entry.partition});
        if (!p)
            continue;
        if (entry.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            p->outcome = WriteOutcome::Rejected;
            p->error = kafkaErrorText(entry.err);
        } else {
            p->outcome = WriteOutcome::Accepted;
        }
    }
}

// Checks what can be refused before anything is sent; returns false (and marks the partitions) when the group's
// request must not go out: librdkafka refuses a whole request for one duplicate.
bool validate(const GroupOffsetsToWrite &write, GroupWriteResult &group)
{
    QSet<TopicPartition> seen;
    bool ok = true;
    for (PartitionWriteResult &p : group.partitions) {
        if (p.tp.topic.isEmpty() || p.tp.partition < 0) {
            p.error = QStringLiteral("not a valid partition");
            ok = false;
        } else if (p.requested < 0) {
            p.error = QStringLiteral("offset %1 is not a valid offset").arg(p.requested);
            ok = false;
        } else if (seen.contains(p.tp)) {
            p.error = QStringLiteral("named twice");
            ok = false;
        }
        seen.insert(p.tp);
    }
    if (write.groupId.isEmpty()) {
        group.error = QStringLiteral("no group id");
        ok = false;
    } else if (write.offsets.isEmpty()) {
        group.error = QStringLiteral("no offsets to write");
        ok = false;
    } else if (!ok) {
        group.error = QStringLiteral("nothing was written: the request has invalid entries");
    }
    return ok;
}

void readBack(const JobContext &context, rd_kafka_t *admin, OffsetWriteReport &report)
{
    QList<GroupInfo> groups;
    CommittedOffsetsRequest request;
    request.hintsOnly = true;
    for (const GroupWriteResult &g : std::as_const(report.groups)) {
        QList<TopicPartition> sent;
        for (const PartitionWriteResult &p : g.partitions) {
            if (p.outcome != WriteOutcome::NotSent && p.outcome != WriteOutcome::Rejected)
                sent.append(p.tp);
        }
        if (sent.isEmpty())
            continue;
        GroupInfo group;
        group.groupId = g.groupId;
        groups.append(group);
        request.hints.insert(g.groupId, sent);
    }
    if (groups.isEmpty())
        return;
    CommittedOffsetsFetcher fetcher(context.connection(), admin);
    fetcher.fetch(groups, request, context.connection().requestTimeout(), context.cancelFlag());
    QHash<QString, const GroupInfo *> byId;
    for (const GroupInfo &group : std::as_const(groups))
        byId.insert(group.groupId, &group);
    for (GroupWriteResult &g : report.groups) {
        const GroupInfo *read = byId.value(g.groupId);
        if (!read)
            continue;
        for (PartitionWriteResult &p : g.partitions) {
            if (p.outcome == WriteOutcome::NotSent || p.outcome == WriteOutcome::Rejected)
                continue;
            const CommittedOffset *committed = read->findOffset(p.tp);
            if (committed && committed->error.isEmpty()) {
                p.readBack = committed->offset;
                if (p.readBack == p.requested)
                    p.outcome = WriteOutcome::Confirmed; // also a write whose answer we missed: it landed
                else if (p.outcome == WriteOutcome::Accepted)
                    p.outcome = WriteOutcome::Differs;
            } else if (committed || !read->error.isEmpty()) {
                // The read itself failed: the write stays acknowledged but unconfirmed, and says why.
                const QString why = committed ? committed->error : read->error;
                if (p.error.isEmpty())
                    p.error = QStringLiteral("not confirmed: reading back failed (%1)").arg(why);
            } else if (p.outcome == WriteOutcome::Accepted) {
                p.outcome = WriteOutcome::Differs; // acknowledged, yet the group holds no commit there now
                p.error = QStringLiteral("reading back found no committed offset");
            }
        }
    }
}
} // namespace

OffsetWriteReport writeCommittedOffsets(const JobContext &context, const QList<GroupOffsetsToWrite> &writes,
                                        const OffsetWriteOptions &options)
{
    OffsetWriteReport report;
    std::vector<GroupRequest> requests;
    // Checked here, in the one writer, rather than trusted to the buttons: no caller can write past it.
    const QString refusal = writeRefusal(context, options.access.get());
    for (qsizetype g = 0; g < writes.size(); ++g) {
        GroupWriteResult group;
        group.groupId = writes[g].groupId;
        for (const OffsetToWrite &o : writes[g].offsets)
            group.partitions.append({o.tp, o.offset, WriteOutcome::NotSent, kNoOffset, QString()});
        if (!refusal.isEmpty()) {
            group.error = refusal;
            for (PartitionWriteResult &p : group.partitions)
                p.error = QStringLiteral("not sent");
        } else if (validate(writes[g], group)) {
            requests.push_back({g});
        }
        report.groups.append(group);
    }
    if (requests.empty())
        return report;

    KafkaConnection &connection = context.connection();
    QString error;
    rd_kafka_t *admin = connection.client(KafkaConnection::Client::Admin, &error);
    if (!admin) {
        for (GroupWriteResult &g : report.groups)
            g.error = error;
        return report;
    }

    const QueuePtr queue(rd_kafka_queue_new(admin));
    const auto send = [&](GroupRequest &request) {
        const GroupOffsetsToWrite &write = writes[request.group];
        const PartitionListPtr list(rd_kafka_topic_partition_list_new(int(write.offsets.size())));
        for (const OffsetToWrite &o : write.offsets) {
            rd_kafka_topic_partition_t *entry =
                rd_kafka_topic_partition_list_add(list.get(), o.tp.topic.toUtf8().constData(), o.tp.partition);
            entry->offset = o.offset;
            if (!o.metadata.isEmpty()) {
                const QByteArray metadata = o.metadata.toUtf8();
                entry->metadata = rd_kafka_mem_malloc(nullptr, size_t(metadata.size()));
                memcpy(entry->metadata, metadata.constData(), size_t(metadata.size()));
                entry->metadata_size = size_t(metadata.size());
            }
        }
        rd_kafka_AlterConsumerGroupOffsets_t *alter =
            rd_kafka_AlterConsumerGroupOffsets_new(write.groupId.toUtf8().constData(), list.get());
        // The group's index (+1, never null) comes back as the result's opaque. librdkafka's own timeout is long on
        // purpose (see kCoordinatorRequestTimeoutMs); our deadline ends the wait.
        const AdminOptionsPtr adminOptions = makeCoordinatorAdminOptions(
            admin, RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, reinterpret_cast<void *>(request.group + 1));
        rd_kafka_AlterConsumerGroupOffsets(admin, &alter, 1, adminOptions.get(), queue.get());
        rd_kafka_AlterConsumerGroupOffsets_destroy(alter);
        request.sent = true;
        for (PartitionWriteResult &p : report.groups[request.group].partitions)
            p.outcome = WriteOutcome::Unknown; // until the answer says otherwise
    };

    QHash<qsizetype, std::size_t> requestOf; // group index -> request
    for (std::size_t i = 0; i < requests.size(); ++i)
        requestOf.insert(requests[i].group, i);
    std::size_t next = 0;
    for (; next < requests.size() && qsizetype(next) < kMaxRequestsInFlight && !context.isCancelled(); ++next)
        send(requests[next]);

    const Deadline deadline(connection.requestTimeout());
    std::size_t answered = 0;
    const std::size_t total = requests.size();
    context.reportProgress(0, qint64(total), QStringLiteral("Writing offsets"));
    while (answered < next && !deadline.expired() && !context.isCancelled()) {
        const EventPtr event(rd_kafka_queue_poll(queue.get(), std::max(deadline.sliceMs(), 1)));
        if (!event || rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT)
            continue;
        const auto group = qsizetype(reinterpret_cast<std::uintptr_t>(rd_kafka_event_opaque(event.get()))) - 1;
        const auto it = requestOf.constFind(group);
        if (it == requestOf.cend() || requests[*it].answered)
            continue;
        requests[*it].answered = true;
        ++answered;
        GroupWriteResult &result = report.groups[group];
        if (rd_kafka_event_error(event.get())) {
            result.error = QString::fromUtf8(rd_kafka_event_error_string(event.get()));
            for (PartitionWriteResult &p : result.partitions) {
                p.outcome = WriteOutcome::Rejected;
                p.error = result.error;
            }
        } else {
            size_t count = 0;
            const rd_kafka_group_result_t **groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
                rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
            for (size_t i = 0; i < count; ++i)
                readGroupResult(groups[i], result);
        }
        context.reportProgress(qint64(answered), qint64(total), QStringLiteral("Writing offsets"));
        if (next < requests.size() && !context.isCancelled())
            send(requests[next++]);
    }

    bool leftBehind = false;
    for (const GroupRequest &request : requests) {
        if (request.sent && !request.answered) {
            leftBehind = true;
            GroupWriteResult &result = report.groups[request.group];
            result.error =
                context.isCancelled()
                    ? QStringLiteral("cancelled while waiting for the answer; the write may still be applied")
                    : QStringLiteral("no answer within %1 ms; the write may still be applied")
                          .arg(connection.requestTimeout().count());
        } else if (!request.sent) {
            report.groups[request.group].error = context.isCancelled()
                                                     ? QStringLiteral("cancelled before it was sent")
                                                     : QStringLiteral("not sent: the timeout passed first");
        }
    }
    if (leftBehind)
        connection.noteCoordinatorRequestLeftBehind();

    if (options.readBack && !context.isCancelled()) {
        context.reportProgress(qint64(total), qint64(total), QStringLiteral("Reading the offsets back"));
        readBack(context, admin, report);
        report.readBack = true; // only now may the report speak of confirmation
    }
    return report;
}

CommittedOffsetsRead readCommittedOffsets(const JobContext &context, const QString &groupId,
                                          const QList<TopicPartition> &partitions)
{
    CommittedOffsetsRead read;
    read.groupId = groupId;
    KafkaConnection &connection = context.connection();
    QString error;
    rd_kafka_t *admin = connection.client(KafkaConnection::Client::Admin, &error);
    if (!admin) {
        read.error = error;
        return read;
    }
    QList<GroupInfo> groups(1);
    groups[0].groupId = groupId;
    CommittedOffsetsRequest request;
    if (!partitions.isEmpty()) {
        request.hintsOnly = true;
        request.hints.insert(groupId, partitions);
    }
    CommittedOffsetsFetcher fetcher(connection, admin);
    const QStringList problems = fetcher.fetch(groups, request, connection.requestTimeout(), context.cancelFlag());
    read.offsets = groups[0].offsets;
    read.error = groups[0].error;
    if (read.error.isEmpty() && !problems.isEmpty())
        read.error = problems.join(QStringLiteral("; "));
    return read;
}

} // namespace OffsetLens
