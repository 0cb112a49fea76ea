#include "watermarkfetch.h"

#include "background.h"
#include "clienthandle.h"
#include "kafkaconnection.h"
#include "listoffsets.h"
#include "numberformat.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <vector>

namespace OffsetLens {

namespace {
// librdkafka 2.0.2 matches every partition of a ListOffsets response to the request with a linear search, so the
// cost of one request grows with the square of its size (10,000 partitions in one request take ~300 ms of CPU).
// Capping a request at 1,000 partitions keeps that negligible while it stays a handful of requests per broker.
constexpr int kMaxPartitionsPerRequest = 1000;

enum class Kind
{
    LogStart,
    HighWatermark,
    LastStable,
};

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::LogStart:
        return QStringLiteral("log start offset");
    case Kind::HighWatermark:
        return QStringLiteral("high watermark");
    case Kind::LastStable:
        return QStringLiteral("last stable offset");
    }
    return QString();
}

struct Target
{
    qsizetype topic;
    qsizetype partition;
};

// What one ListOffsetsCall asks for, kept beside it: the calls themselves go to the background threads.
struct Plan
{
    Kind kind = Kind::LogStart;
    qint32 leader = -1;
    std::vector<Target> targets;
};

qint64 &field(PartitionInfo &partition, Kind kind)
{
    switch (kind) {
    case Kind::LogStart:
        return partition.logStartOffset;
    case Kind::HighWatermark:
        return partition.highWatermark;
    case Kind::LastStable:
        break;
    }
    return partition.lastStableOffset;
}

void addError(PartitionInfo &partition, const QString &message)
{
    if (partition.error.contains(message))
        return;
    if (!partition.error.isEmpty())
        partition.error += QStringLiteral("; ");
    partition.error += message;
}

void planCalls(rd_kafka_t *readUncommitted, rd_kafka_t *readCommitted, const QList<TopicInfo> &topics,
               std::vector<ListOffsetsCall> &calls, std::vector<Plan> &plans)
{
    const std::pair<Kind, rd_kafka_t *> kinds[] = {
        {Kind::LogStart, readUncommitted},
        {Kind::HighWatermark, readUncommitted},
        {Kind::LastStable, readCommitted},
    };
    for (const auto &[kind, client] : kinds) {
        QHash<qint32, std::size_t> openCall; // leader -> index of the call still being filled
        QHash<qint32, int> callsPerLeader;
        for (qsizetype t = 0; t < topics.size(); ++t) {
            const QByteArray topicName = topics.at(t).name.toUtf8();
            for (qsizetype p = 0; p < topics.at(t).partitions.size(); ++p) {
                const PartitionInfo &partition = topics.at(t).partitions.at(p);
                if (partition.leader < 0)
                    continue;
                auto it = openCall.find(partition.leader);
                if (it == openCall.end() || plans[*it].targets.size() >= kMaxPartitionsPerRequest) {
                    ListOffsetsCall call;
                    call.client = client;
                    call.leader = partition.leader;
                    call.ordinal = callsPerLeader[partition.leader]++;
                    call.list.reset(rd_kafka_topic_partition_list_new(kMaxPartitionsPerRequest));
                    calls.push_back(std::move(call));
                    plans.push_back(Plan{kind, partition.leader, {}});
                    it = openCall.insert(partition.leader, calls.size() - 1);
                }
                rd_kafka_topic_partition_t *entry = rd_kafka_topic_partition_list_add(
                    calls[*it].list.get(), topicName.constData(), partition.partition);
                entry->offset = (kind == Kind::LogStart) ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
                plans[*it].targets.push_back({t, p});
            }
        }
    }
}
} // namespace

QStringList fetchWatermarks(const JobContext &context, QList<TopicInfo> &topics, std::chrono::milliseconds timeout)
{
    QStringList errors;
    qsizetype leaderless = 0;
    for (TopicInfo &topic : topics) {
        for (PartitionInfo &partition : topic.partitions) {
            if (partition.leader < 0) {
                addError(partition, QStringLiteral("No leader: offsets unavailable"));
                ++leaderless;
            }
        }
    }
    if (leaderless > 0)
        errors.append((leaderless == 1 ? QStringLiteral("1 partition has no leader; its offsets are unknown")
                                       : QStringLiteral("%1 partitions have no leader; their offsets are unknown")
                                             .arg(formatCount(leaderless))));
    if (context.isCancelled())
        return errors;

    QString clientError;
    KafkaConnection &connection = context.connection();
    rd_kafka_t *readUncommitted = connection.client(KafkaConnection::Client::ReadUncommitted, &clientError);
    rd_kafka_t *readCommitted =
        readUncommitted ? connection.client(KafkaConnection::Client::ReadCommitted, &clientError) : nullptr;
    if (!readCommitted) {
        errors.append(clientError);
        return errors;
    }

    const Deadline deadline(timeout);
    std::vector<ListOffsetsCall> calls;
    std::vector<Plan> plans;
    planCalls(readUncommitted, readCommitted, topics, calls, plans);
    const std::vector<ListOffsetsOutcome> outcomes = runListOffsets(context, std::move(calls), deadline);

    struct Failure
    {
        QSet<QString> kinds;
        QSet<std::pair<qsizetype, qsizetype>> partitions;
    };
    QMap<std::pair<qint32, QString>, Failure> failures; // (leader, reason)
    bool staleLeaders = false; // an answer says a client sent to a broker that no longer leads the partition
    for (std::size_t c = 0; c < plans.size(); ++c) {
        const Plan &plan = plans[c];
        const ListOffsetsOutcome &outcome = outcomes[c];
        const QString kind = kindName(plan.kind);
        for (std::size_t i = 0; i < plan.targets.size(); ++i) {
            const Target &target = plan.targets[i];
            PartitionInfo &partition = topics[target.topic].partitions[target.partition];
            const rd_kafka_topic_partition_t *entry = outcome.list ? &outcome.list->elems[i] : nullptr;
            const rd_kafka_resp_err_t err = entry ? entry->err : outcome.err;
            if (err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION || err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
                err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH ||
                err == RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH)
                staleLeaders = true;
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                const QString reason =
                    err == RD_KAFKA_RESP_ERR__INTR ? QStringLiteral("cancelled") : kafkaErrorText(err);
                addError(partition, QStringLiteral("%1: %2").arg(kind, reason));
                Failure &failure = failures[{plan.leader, reason}];
                failure.kinds.insert(kind);
                failure.partitions.insert({target.topic, target.partition});
            } else if (entry->offset >= 0) {
                field(partition, plan.kind) = entry->offset;
            }
        }
    }
    if (staleLeaders) {
        // The watermark clients route ListOffsets by their own metadata cache, which librdkafka refreshes only every
        // topic.metadata.refresh.interval.ms (5 min) and not after such an answer to offsets_for_times: without this,
        // a partition whose leader moved stays unread for minutes although the refresh's own metadata knows the new
        // leader. Refreshed in the background, so this refresh is not held up and the next one uses the new leaders.
        for (rd_kafka_t *client : {readUncommitted, readCommitted}) {
            Background::run("metadata-refresh", [client, keepAlive = context.sharedConnection()] {
                const struct rd_kafka_metadata *metadata = nullptr;
                if (rd_kafka_metadata(client, 0, nullptr, &metadata, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR)
                    rd_kafka_metadata_destroy(metadata);
            });
        }
    }
    for (auto it = failures.cbegin(); it != failures.cend(); ++it) {
        QStringList kinds(it->kinds.cbegin(), it->kinds.cend());
        kinds.sort();
        errors.append(
            QStringLiteral("Broker %1 did not return the %2 of %3: %4")
                .arg(it.key().first)
                .arg(kinds.join(QStringLiteral(", ")))
                .arg(formatCountOf(it->partitions.size(), QStringLiteral("partition"), QStringLiteral("partitions")))
                .arg(it.key().second));
    }
    return errors;
}

} // namespace OffsetLens
