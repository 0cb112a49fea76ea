#include "groupadmin.h"

#include "adminrequest.h"
#include "background.h"
#include "clienthandle.h"
#include "kafkaconnection.h"
#include "numberformat.h"
#include "writeaccess.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace OffsetLens {

namespace {
// Kafka protocol API keys.
constexpr int kApiDeleteGroups = 42;
constexpr int kApiOffsetDelete = 47;
} // namespace

// librdkafka keeps each broker's ApiVersions answer to itself; with
// debug=feature it logs it ("Broker API support:", then one "ApiKey Name (key) Versions a..b" line per API), so a
// short-lived client of the profile (same security settings) routes its log to a queue and reads the first
// complete answer. The group coordinator may be another broker; brokers of one cluster run the same version.
ApiSupport probeApiSupport(const JobContext &context, int apiKey)
{
    ApiSupport support;
    const KafkaConnection &connection = context.connection();
    QString error;
    ClientPtr client = createClient(RD_KAFKA_PRODUCER, connection.profile(),
                                    {{"debug", "feature"}, {"log.queue", "true"}}, nullptr, &error);
    if (!client) {
        support.detail = error;
        return support;
    }
    QueuePtr logs(rd_kafka_queue_new(client.get()));
    rd_kafka_set_log_queue(client.get(), logs.get()); // lines logged before this wait in the client's own log queue

    static const QRegularExpression apiLine(QStringLiteral("ApiKey \\S+ \\((\\d+)\\) Versions"));
    struct Answer
    {
        bool open = false; // the header was seen and the list has not ended yet
        QSet<int> keys;
    };
    QHash<QString, Answer> byBroker; // keyed by the librdkafka thread the line came from
    const Deadline deadline(connection.requestTimeout());
    while (support.answer == ApiSupport::Answer::Unknown && !deadline.expired() && !context.isCancelled()) {
        const EventPtr event(rd_kafka_queue_poll(logs.get(), std::max(deadline.sliceMs(), 1)));
        if (!event || rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_LOG)
            continue;
        const char *facility = nullptr;
        const char *text = nullptr;
        int level = 0;
        if (rd_kafka_event_log(event.get(), &facility, &text, &level) != 0 || !text)
            continue;
        const QString line = QString::fromUtf8(text);
        const QString broker = line.section(QLatin1Char(']'), 0, 0);
        Answer &answer = byBroker[broker];
        if (line.endsWith(QLatin1String("Broker API support:"))) {
            answer = Answer{true, {}};
        } else if (answer.open) {
            if (const QRegularExpressionMatch match = apiLine.match(line); match.hasMatch()) {
                answer.keys.insert(match.captured(1).toInt());
            } else {
                support.answer =
                    answer.keys.contains(apiKey) ? ApiSupport::Answer::Supported : ApiSupport::Answer::NotSupported;
            }
        }
    }
    if (support.answer == ApiSupport::Answer::Unknown) {
        support.detail = context.isCancelled() ? QStringLiteral("cancelled")
                                               : QStringLiteral("no broker told its API versions within %1")
                                                     .arg(formatSeconds(connection.requestTimeout().count()));
    }
    // Destroying a client joins its broker threads: not on the job's way to its result.
    Background::release("kafka-teardown", std::make_pair(std::move(logs), std::move(client)));
    return support;
}

namespace {
// Why nothing is sent when the probe did not say yes; empty when it did.
QString unsupportedReason(const ApiSupport &support, const QString &what, const QString &needs)
{
    switch (support.answer) {
    case ApiSupport::Answer::Supported:
        return {};
    case ApiSupport::Answer::NotSupported:
        return QStringLiteral("%1 is not supported by this cluster (it needs %2); nothing was sent").arg(what, needs);
    case ApiSupport::Answer::Unknown:
        break;
    }
    return QStringLiteral("Could not find out whether this cluster supports %1 (%2); nothing was sent")
        .arg(what.left(1).toLower() + what.mid(1), support.detail);
}

QString waitEndedReason(const JobContext &context, const QString &what)
{
    return context.isCancelled()
               ? QStringLiteral("cancelled while waiting for the answer; the %1 may still be carried out").arg(what)
               : QStringLiteral("no answer within %1; the %2 may still be carried out")
                     .arg(formatSeconds(context.connection().requestTimeout().count()), what);
}

void failAll(DeleteOffsetsResult &result, const QString &error)
{
    result.error = error;
    for (PartitionDeleteResult &p : result.partitions) {
        if (p.error.isEmpty())
            p.error = error;
    }
}
} // namespace

DeleteOffsetsResult deleteCommittedOffsets(const JobContext &context, const DeleteOffsetsRequest &request,
                                           const WriteAccess *access)
{
    DeleteOffsetsResult result;
    result.groupId = request.groupId;
    QSet<TopicPartition> seen;
    bool valid = true;
    for (const TopicPartition &tp : request.partitions) {
        PartitionDeleteResult p;
        p.tp = tp;
        if (tp.topic.isEmpty() || tp.partition < 0)
            p.error = QStringLiteral("not a valid partition");
        else if (seen.contains(tp))
            p.error = QStringLiteral("named twice"); // librdkafka would refuse the whole request
        valid = valid && p.error.isEmpty();
        seen.insert(tp);
        result.partitions.append(p);
    }
    if (request.groupId.isEmpty())
        result.error = QStringLiteral("no group id");
    else if (request.partitions.isEmpty())
        result.error = QStringLiteral("no partitions to delete offsets of");
    else if (!valid)
        result.error = QStringLiteral("nothing was deleted: the request has invalid entries");
    if (const QString refusal = OffsetLens::writeRefusal(context, access); !refusal.isEmpty())
        result.error = refusal;
    if (!result.error.isEmpty()) {
        for (PartitionDeleteResult &p : result.partitions) {
            if (p.error.isEmpty())
                p.error = QStringLiteral("not sent");
        }
        return result;
    }

    context.reportProgress(0, 0, QStringLiteral("Checking that the cluster can delete offsets"));
    const QString unsupported =
        unsupportedReason(probeApiSupport(context, kApiOffsetDelete), QStringLiteral("Deleting committed offsets"),
                          QStringLiteral("Kafka 2.4 or later"));
    if (!unsupported.isEmpty()) {
        failAll(result, unsupported);
        return result;
    }
    if (context.isCancelled()) {
        failAll(result, QStringLiteral("cancelled before it was sent"));
        return result;
    }

    KafkaConnection &connection = context.connection();
    QString error;
    rd_kafka_t *admin = connection.client(KafkaConnection::Client::Admin, &error);
    if (!admin) {
        failAll(result, error);
        return result;
    }
    const PartitionListPtr list(rd_kafka_topic_partition_list_new(int(request.partitions.size())));
    for (const TopicPartition &tp : request.partitions)
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.toUtf8().constData(), tp.partition);
    rd_kafka_DeleteConsumerGroupOffsets_t *del =
        rd_kafka_DeleteConsumerGroupOffsets_new(request.groupId.toUtf8().constData(), list.get());
    const QueuePtr queue(rd_kafka_queue_new(admin));
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(admin, RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS);
    context.reportProgress(0, 0, QStringLiteral("Deleting committed offsets of %1").arg(request.groupId));
    rd_kafka_DeleteConsumerGroupOffsets(admin, &del, 1, options.get(), queue.get());
    rd_kafka_DeleteConsumerGroupOffsets_destroy(del);

    const auto handle = [&](rd_kafka_event_t *event) {
        if (rd_kafka_event_error(event)) {
            failAll(result, QString::fromUtf8(rd_kafka_event_error_string(event)));
            return;
        }
        size_t count = 0;
        const rd_kafka_group_result_t **groups = rd_kafka_DeleteConsumerGroupOffsets_result_groups(
            rd_kafka_event_DeleteConsumerGroupOffsets_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
            if (const rd_kafka_error_t *groupError = rd_kafka_group_result_error(groups[i])) {
                failAll(result, QString::fromUtf8(rd_kafka_error_string(groupError)));
                return;
            }
            QHash<TopicPartition, PartitionDeleteResult *> byPartition;
            for (PartitionDeleteResult &p : result.partitions)
                byPartition.insert(p.tp, &p);
            const rd_kafka_topic_partition_list_t *answered = rd_kafka_group_result_partitions(groups[i]);
            for (int e = 0; answered && e < answered->cnt; ++e) {
                const rd_kafka_topic_partition_t &entry = answered->elems[e];
                PartitionDeleteResult *p = byPartition.value({QString::fromUtf8(entry.topic), entry.partition});
                if (!p)
                    continue;
                p->deleted = entry.err == RD_KAFKA_RESP_ERR_NO_ERROR;
                p->error = p->deleted ? QString() : kafkaErrorText(entry.err);
            }
        }
        for (PartitionDeleteResult &p : result.partitions) {
            if (!p.deleted && p.error.isEmpty())
                p.error = QStringLiteral("the broker's answer did not mention this partition");
        }
    };
    if (collectAdminResults(queue.get(), 1, Deadline(connection.requestTimeout()), context.cancelFlag(), handle) < 1) {
        connection.noteCoordinatorRequestLeftBehind();
        failAll(result, waitEndedReason(context, QStringLiteral("delete")));
    }
    return result;
}

DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId, const WriteAccess *access)
{
    DeleteGroupResult result;
    result.groupId = groupId;
    if (groupId.isEmpty()) {
        result.error = QStringLiteral("no group id");
        return result;
    }
    result.error = OffsetLens::writeRefusal(context, access);
    if (!result.error.isEmpty())
        return result;
    context.reportProgress(0, 0, QStringLiteral("Checking that the cluster can delete groups"));
    result.error = unsupportedReason(probeApiSupport(context, kApiDeleteGroups), QStringLiteral("Deleting groups"),
                                     QStringLiteral("Kafka 1.1 or later"));
    if (!result.error.isEmpty())
        return result;
    if (context.isCancelled()) {
        result.error = QStringLiteral("cancelled before it was sent");
        return result;
    }

    KafkaConnection &connection = context.connection();
    rd_kafka_t *admin = connection.client(KafkaConnection::Client::Admin, &result.error);
    if (!admin)
        return result;
    rd_kafka_DeleteGroup_t *del = rd_kafka_DeleteGroup_new(groupId.toUtf8().constData());
    const QueuePtr queue(rd_kafka_queue_new(admin));
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(admin, RD_KAFKA_ADMIN_OP_DELETEGROUPS);
    context.reportProgress(0, 0, QStringLiteral("Deleting group %1").arg(groupId));
    rd_kafka_DeleteGroups(admin, &del, 1, options.get(), queue.get());
    rd_kafka_DeleteGroup_destroy(del);

    const auto handle = [&](rd_kafka_event_t *event) {
        if (rd_kafka_event_error(event)) {
            result.error = QString::fromUtf8(rd_kafka_event_error_string(event));
            return;
        }
        size_t count = 0;
        const rd_kafka_group_result_t **groups =
            rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
            if (QString::fromUtf8(rd_kafka_group_result_name(groups[i])) != groupId)
                continue;
            const rd_kafka_error_t *groupError = rd_kafka_group_result_error(groups[i]);
            result.deleted = !groupError;
            if (groupError)
                result.error = QString::fromUtf8(rd_kafka_error_string(groupError));
        }
        if (!result.deleted && result.error.isEmpty())
            result.error = QStringLiteral("the broker's answer did not mention the group");
    };
    if (collectAdminResults(queue.get(), 1, Deadline(connection.requestTimeout()), context.cancelFlag(), handle) < 1) {
        connection.noteCoordinatorRequestLeftBehind();
        result.error = waitEndedReason(context, QStringLiteral("delete"));
    }
    return result;
}

KafkaGroupAdmin::KafkaGroupAdmin(std::shared_ptr<const WriteAccess> access)
    : m_access(std::move(access))
{}

QString KafkaGroupAdmin::writeRefusal(const JobContext &context) const
{
    return OffsetLens::writeRefusal(context, m_access.get());
}

DeleteOffsetsResult KafkaGroupAdmin::deleteOffsets(const JobContext &context, const DeleteOffsetsRequest &request)
{
    return deleteCommittedOffsets(context, request, m_access.get());
}

DeleteGroupResult KafkaGroupAdmin::deleteGroup(const JobContext &context, const QString &groupId)
{
    return OffsetLens::deleteGroup(context, groupId, m_access.get());
}

} // namespace OffsetLens
