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

namespace {

// A consumer of its own, which neither joins a group nor commits, and must not reset quietly: asking for an
// offset retention deleted must say so rather than jump ("auto.offset.reset=error").
ClientPtr createReader(const KafkaConnection &connection, qsizetype maxBytes, QString *error)
{
    const int timeoutMs = int(connection.requestTimeout().count());
    QList<ClientProperty> properties = KafkaConnection::standaloneConsumerProperties("read_uncommitted", timeoutMs);
    properties += {{"auto.offset.reset", "error"},
                   {"enable.partition.eof", "true"},
                   {"max.partition.fetch.bytes", QByteArray::number(std::max<qsizetype>(maxBytes, 1024) * 16)},
                   {"log.connection.close", "false"}};
    return createClient(RD_KAFKA_CONSUMER, connection.profile(), properties, nullptr, error);
}

struct Started
{
    rd_kafka_topic_t *topic;
    qint32 partition;
};

// Stopping the partitions (librdkafka waits for its broker threads without a bound) and destroying the consumer
// happen off a job's way to its result, in librdkafka's order: partitions, topics, queue, client.
void tearDownLater(std::vector<Started> started, QList<rd_kafka_topic_t *> topics, QueuePtr queue, ClientPtr consumer)
{
    auto leftovers = std::make_shared<std::tuple<std::vector<Started>, QList<rd_kafka_topic_t *>, QueuePtr, ClientPtr>>(
        std::move(started), std::move(topics), std::move(queue), std::move(consumer));
    Background::run("kafka-teardown", [leftovers] {
        auto &[partitions, topicHandles, consumeQueue, client] = *leftovers;
        for (const Started &s : partitions)
            rd_kafka_consume_stop(s.topic, s.partition);
        for (rd_kafka_topic_t *topic : topicHandles)
            rd_kafka_topic_destroy(topic);
        consumeQueue.reset();
        client.reset();
    });
}

QString noAnswerText(const KafkaConnection &connection)
{
    return QStringLiteral("no answer within %1").arg(formatSeconds(connection.requestTimeout().count()));
}

} // namespace

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
    QString error;
    ClientPtr consumer = createReader(connection, maxBytes, &error);
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
        messages[index].error = context.isCancelled() ? QStringLiteral("cancelled") : noAnswerText(connection);
    }
    tearDownLater(std::move(started), topics.values(), std::move(queue), std::move(consumer));
    return messages;
}

namespace {

QByteArray cutBytes(const void *data, size_t size, qsizetype cap)
{
    return data ? QByteArray(static_cast<const char *>(data), qsizetype(std::min<size_t>(size, size_t(cap))))
                : QByteArray();
}

PeekedMessage toPeeked(const rd_kafka_message_t *message, qsizetype cap)
{
    PeekedMessage m;
    m.offset = message->offset;
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    m.timestampMs = rd_kafka_message_timestamp(message, &type);
    m.timestampType = type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? TimestampType::CreateTime
                      : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? TimestampType::LogAppendTime
                                                                   : TimestampType::None;
    m.keyIsNull = message->key == nullptr;
    m.keySize = qint64(message->key_len);
    m.key = cutBytes(message->key, message->key_len, cap);
    m.valueIsNull = message->payload == nullptr;
    m.valueSize = qint64(message->len);
    m.value = cutBytes(message->payload, message->len, cap);
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
        const char *name = nullptr;
        const void *value = nullptr;
        size_t size = 0;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            m.headers.append({QString::fromUtf8(name), cutBytes(value, size, cap), value == nullptr});
    }
    return m;
}

// Both ends of the log in two ListOffsets round trips: fresher than the last refresh, which matters when the
// question is "does my committed offset still exist?".
QString readLogEnds(const JobContext &context, const TopicPartition &tp, qint64 *logStart, qint64 *highWatermark)
{
    for (const auto &[special, out] : {std::pair{qint64(RD_KAFKA_OFFSET_BEGINNING), logStart},
                                       std::pair{qint64(RD_KAFKA_OFFSET_END), highWatermark}}) {
        const QList<OffsetForTime> answer = lookupOffsetsForTimes(context, {OffsetForTime{tp, special}});
        if (!answer.front().error.isEmpty())
            return answer.front().error;
        *out = answer.front().offset;
    }
    return {};
}

} // namespace

PeekResult peekMessages(const JobContext &context, const PeekRequest &request)
{
    PeekResult result;
    result.request = request;
    const KafkaConnection &connection = context.connection();
    context.reportProgress(0, 0, QStringLiteral("Reading the log's ends"));
    result.error = readLogEnds(context, request.tp, &result.logStart, &result.highWatermark);
    if (context.isCancelled())
        result.error = QStringLiteral("cancelled");
    if (!result.error.isEmpty())
        return result;
    const PeekWindow window = peekWindow(request, result.logStart, result.highWatermark);
    if (window.count == 0) {
        result.message = window.message;
        return result;
    }
    QString error;
    ClientPtr consumer = createReader(connection, request.valueCap, &error);
    if (!consumer) {
        result.error = error;
        return result;
    }
    QueuePtr queue(rd_kafka_queue_new(consumer.get()));
    rd_kafka_topic_t *topic = rd_kafka_topic_new(consumer.get(), request.tp.topic.toUtf8().constData(), nullptr);
    if (!topic) {
        result.error = kafkaErrorText(rd_kafka_last_error());
        tearDownLater({}, {}, std::move(queue), std::move(consumer));
        return result;
    }
    std::vector<Started> started;
    if (rd_kafka_consume_start_queue(topic, request.tp.partition, window.start, queue.get()) == 0)
        started.push_back({topic, request.tp.partition});
    else
        result.error = kafkaErrorText(rd_kafka_last_error());

    // Bounded three ways: the window's last offset (or the end of the log), the request timeout and the bytes
    // kept, so a partition of large messages cannot fill memory.
    constexpr qsizetype kMaxKeptBytes = 16 * 1024 * 1024;
    const qint64 last = window.start + window.count - 1;
    qsizetype kept = 0;
    bool done = !result.error.isEmpty();
    const Deadline deadline(connection.requestTimeout());
    context.reportProgress(0, window.count, QStringLiteral("Reading messages"));
    while (!done && !deadline.expired() && !context.isCancelled()) {
        const MessagePtr message(rd_kafka_consume_queue(queue.get(), std::max(deadline.sliceMs(), 1)));
        if (!message)
            continue;
        switch (message->err) {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            if (message->offset > last) {
                done = true;
                break;
            }
            result.messages.append(toPeeked(message.get(), request.valueCap));
            kept += result.messages.last().key.size() + result.messages.last().value.size();
            done = message->offset >= last;
            if (!done && kept > kMaxKeptBytes) {
                result.message = QStringLiteral("Stopped after %1 messages: they already hold more than 16 MiB.")
                                     .arg(result.messages.size());
                done = true;
            }
            context.reportProgress(result.messages.size(), window.count, QStringLiteral("Reading messages"));
            break;
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            done = true; // compaction or transaction markers left fewer messages than offsets
            break;
        case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
        case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
            // Retention ran between reading the log start and fetching.
            result.message =
                QStringLiteral("Offset %1 no longer exists: retention deleted it while reading.").arg(window.start);
            done = true;
            break;
        default:
            result.error = QString::fromUtf8(rd_kafka_message_errstr(message.get()));
            done = true;
            break;
        }
    }
    if (context.isCancelled())
        result.error = QStringLiteral("cancelled");
    else if (!done && result.error.isEmpty())
        result.message = QStringLiteral("Only %1 of %2 messages arrived: %3.")
                             .arg(result.messages.size())
                             .arg(window.count)
                             .arg(noAnswerText(connection));
    tearDownLater(std::move(started), {topic}, std::move(queue), std::move(consumer));
    return result;
}

} // namespace OffsetLens
