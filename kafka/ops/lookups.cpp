#include "lookups.h"

#include "background.h"
#include "clienthandle.h"
#include "kafkaconnection.h"
#include "listoffsets.h"
#include "numberformat.h"

#include <QHash>
#include <QSet>

#include <tuple>

namespace OffsetLens {

QList<OffsetForTime> lookupOffsetsForTimes(const JobContext &context, const QList<OffsetForTime> &queries)
{
    QList<OffsetForTime> answers = queries;
    KafkaConnection &connection = context.connection();
    QString error;
    rd_kafka_t *client = connection.client(KafkaConnection::Client::ReadUncommitted, &error);
    if (!client) {
        for (OffsetForTime &a : answers)
            a.error = error;
        return answers;
    }
    // One request for all partitions: librdkafka groups them by leader itself. A partition asked twice is refused
    // here, as librdkafka would refuse the whole request.
    ListOffsetsCall call;
    call.client = client;
    call.list.reset(rd_kafka_topic_partition_list_new(int(queries.size())));
    QList<qsizetype> entryOf(answers.size(), -1);
    QSet<TopicPartition> seen;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        OffsetForTime &a = answers[i];
        if (seen.contains(a.tp)) {
            a.error = QStringLiteral("asked twice");
            continue;
        }
        seen.insert(a.tp);
        entryOf[i] = call.list->cnt;
        rd_kafka_topic_partition_list_add(call.list.get(), a.tp.topic.toUtf8().constData(), a.tp.partition)->offset =
            a.timestampMs;
    }
    if (call.list->cnt == 0)
        return answers;
    context.reportProgress(0, 1, QStringLiteral("Looking up offsets by time"));
    std::vector<ListOffsetsCall> calls;
    calls.push_back(std::move(call));
    const std::vector<ListOffsetsOutcome> outcomes =
        runListOffsets(context, std::move(calls), Deadline(connection.requestTimeout()));
    const ListOffsetsOutcome &outcome = outcomes.front();
    for (qsizetype i = 0; i < answers.size(); ++i) {
        if (entryOf[i] < 0)
            continue;
        OffsetForTime &a = answers[i];
        if (!outcome.list) {
            a.error =
                outcome.err == RD_KAFKA_RESP_ERR__INTR ? QStringLiteral("cancelled")
                : outcome.err == RD_KAFKA_RESP_ERR__TIMED_OUT
                    ? QStringLiteral("no answer within %1").arg(formatSeconds(connection.requestTimeout().count()))
                    : kafkaErrorText(outcome.err);
            continue;
        }
        const rd_kafka_topic_partition_t &entry = outcome.list->elems[entryOf[i]];
        if (entry.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            a.error = kafkaErrorText(entry.err);
        else if (entry.offset >= 0)
            a.offset = entry.offset; // RD_KAFKA_OFFSET_END (-1): no message at or after the time
    }
    return answers;
}

QList<FetchedMessage> fetchMessages(const JobContext &context, const QList<std::pair<TopicPartition, qint64>> &at,
                                    qsizetype maxBytes)
{
    QList<FetchedMessage> messages;
    QHash<TopicPartition, qsizetype> pending; // partition -> index of the message still awaited
    for (const auto &[tp, offset] : at) {
        FetchedMessage m;
        m.tp = tp;
        m.requestedOffset = offset;
        if (offset < 0)
            m.error = QStringLiteral("offset %1 is not a valid offset").arg(offset);
        else if (pending.contains(tp))
            m.error = QStringLiteral("asked twice");
        else
            pending.insert(tp, messages.size());
        messages.append(m);
    }
    if (pending.isEmpty())
        return messages;

    const KafkaConnection &connection = context.connection();
    const int timeoutMs = int(connection.requestTimeout().count());
    // A consumer of its own, which neither joins a group nor commits, and must not reset quietly: asking for an
    // offset retention deleted must say so rather than jump ("auto.offset.reset=error").
    QList<ClientProperty> properties = KafkaConnection::standaloneConsumerProperties("read_uncommitted", timeoutMs);
    properties += {{"auto.offset.reset", "error"},
                   {"enable.partition.eof", "true"},
                   {"max.partition.fetch.bytes", QByteArray::number(std::max<qsizetype>(maxBytes, 1024) * 16)},
                   {"log.connection.close", "false"}};
    QString error;
    ClientPtr consumer = createClient(RD_KAFKA_CONSUMER, connection.profile(), properties, nullptr, &error);
    if (!consumer) {
        for (FetchedMessage &m : messages) {
            if (m.error.isEmpty())
                m.error = error;
        }
        return messages;
    }
    // The simple (legacy) consumer API: assign() would need a group id, and this consumer must leave no trace of a
    // group on the cluster.
    QueuePtr queue(rd_kafka_queue_new(consumer.get()));
    struct Started
    {
        rd_kafka_topic_t *topic;
        qint32 partition;
    };
    std::vector<Started> started;
    QHash<QString, rd_kafka_topic_t *> topics;
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        rd_kafka_topic_t *&topic = topics[it.key().topic];
        if (!topic)
            topic = rd_kafka_topic_new(consumer.get(), it.key().topic.toUtf8().constData(), nullptr);
        if (rd_kafka_consume_start_queue(topic, it.key().partition, messages[*it].requestedOffset, queue.get()) == 0)
            started.push_back({topic, it.key().partition});
        else
            messages[*it].error = kafkaErrorText(rd_kafka_last_error());
    }
    for (auto it = pending.begin(); it != pending.end();)
        it = messages[*it].error.isEmpty() ? std::next(it) : pending.erase(it);
    const auto cut = [maxBytes](const void *data, size_t size) {
        return QByteArray(static_cast<const char *>(data), qsizetype(std::min<size_t>(size, size_t(maxBytes))));
    };
    context.reportProgress(0, pending.size(), QStringLiteral("Reading messages"));
    const qsizetype total = pending.size();
    const Deadline deadline(connection.requestTimeout());
    while (!pending.isEmpty() && !deadline.expired() && !context.isCancelled()) {
        const MessagePtr message(rd_kafka_consume_queue(queue.get(), std::max(deadline.sliceMs(), 1)));
        if (!message || !message->rkt)
            continue;
        const TopicPartition tp{QString::fromUtf8(rd_kafka_topic_name(message->rkt)), message->partition};
        const auto it = pending.constFind(tp);
        if (it == pending.cend())
            continue;
        FetchedMessage &m = messages[*it];
        switch (message->err) {
        case RD_KAFKA_RESP_ERR_NO_ERROR: {
            m.offset = message->offset;
            rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
            m.timestampMs = rd_kafka_message_timestamp(message.get(), &type);
            m.logAppendTime = type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME;
            m.keySize = qint64(message->key_len);
            m.valueSize = qint64(message->len);
            if (message->key)
                m.key = cut(message->key, message->key_len);
            if (message->payload)
                m.value = cut(message->payload, message->len);
            break;
        }
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            m.endOfLog = true;
            m.error = QStringLiteral("no message at or after offset %1 yet (the log ends at %2)")
                          .arg(m.requestedOffset)
                          .arg(message->offset);
            break;
        case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
        case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
            m.outOfRange = true;
            m.error = QStringLiteral("offset %1 is out of range: retention deleted it, or it lies beyond the end")
                          .arg(m.requestedOffset);
            break;
        default:
            m.error = QString::fromUtf8(rd_kafka_message_errstr(message.get()));
            break;
        }
        pending.erase(it);
        context.reportProgress(total - pending.size(), total, QStringLiteral("Reading messages"));
    }
    for (const qsizetype index : std::as_const(pending)) {
        messages[index].error =
            context.isCancelled()
                ? QStringLiteral("cancelled")
                : QStringLiteral("no answer within %1").arg(formatSeconds(connection.requestTimeout().count()));
    }
    // Stopping the partitions (librdkafka waits for its broker threads without a bound) and destroying the consumer
    // happen off this job's way to its result, in librdkafka's order: partitions, topics, queue, client.
    auto leftovers = std::make_shared<std::tuple<std::vector<Started>, QList<rd_kafka_topic_t *>, QueuePtr, ClientPtr>>(
        std::move(started), topics.values(), std::move(queue), std::move(consumer));
    Background::run("kafka-teardown", [leftovers] {
        auto &[partitions, topicHandles, consumeQueue, client] = *leftovers;
        for (const Started &s : partitions)
            rd_kafka_consume_stop(s.topic, s.partition);
        for (rd_kafka_topic_t *topic : topicHandles)
            rd_kafka_topic_destroy(topic);
        consumeQueue.reset();
        client.reset();
    });
    return messages;
}

} // namespace OffsetLens
