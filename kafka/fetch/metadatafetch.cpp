#include "metadatafetch.h"

#include "blockingcall.h"
#include "clienthandle.h"
#include "kafkaconnection.h"
#include "numberformat.h"
#include "rdkafkaptr.h"

#include <QSet>

#include <algorithm>

namespace OffsetLens {

namespace {
// While nothing answers, librdkafka's metadata call only waits for a usable broker; asking again after a short
// slice costs nothing and lets us notice cancellation.
constexpr int kConnectSliceMs = 200;

QList<qint32> toList(const int32_t *ids, int count)
{
    QList<qint32> list;
    list.reserve(count);
    for (int i = 0; i < count; ++i)
        list.append(ids[i]);
    return list;
}

void convert(const struct rd_kafka_metadata &md, MetadataResult &result)
{
    QSet<qint32> liveBrokers;
    result.brokers.reserve(md.broker_cnt);
    for (int i = 0; i < md.broker_cnt; ++i) {
        const rd_kafka_metadata_broker &b = md.brokers[i];
        BrokerInfo broker;
        broker.id = b.id;
        broker.host = QString::fromUtf8(b.host);
        broker.port = static_cast<quint16>(b.port);
        broker.isController = (b.id == result.controllerId);
        result.brokers.append(broker);
        liveBrokers.insert(b.id);
    }
    std::sort(result.brokers.begin(), result.brokers.end(),
              [](const BrokerInfo &a, const BrokerInfo &b) { return a.id < b.id; });
    // A controller id that names no live broker says nothing we can show (librdkafka's mock cluster reports 0,
    // which is no broker's id): treat it as unknown rather than point at a broker that does not exist.
    if (!liveBrokers.contains(result.controllerId))
        result.controllerId = -1;

    result.topics.reserve(md.topic_cnt);
    for (int t = 0; t < md.topic_cnt; ++t) {
        const rd_kafka_metadata_topic &mt = md.topics[t];
        TopicInfo topic;
        topic.name = QString::fromUtf8(mt.topic);
        topic.isInternal = isInternalTopicName(topic.name);
        if (mt.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            topic.error = kafkaErrorText(mt.err);
        topic.partitions.reserve(mt.partition_cnt);
        for (int p = 0; p < mt.partition_cnt; ++p) {
            const rd_kafka_metadata_partition &mp = mt.partitions[p];
            PartitionInfo partition;
            partition.partition = mp.id;
            partition.leader = mp.leader;
            partition.replicas = toList(mp.replicas, mp.replica_cnt);
            partition.isr = toList(mp.isrs, mp.isr_cnt);
            // Metadata responses list only the brokers that are alive, and librdkafka 2.0.2 drops the response's
            // offline-replicas field. A replica on a broker missing from that list is therefore offline.
            for (const qint32 replica : std::as_const(partition.replicas)) {
                if (!liveBrokers.contains(replica))
                    partition.offlineReplicas.append(replica);
            }
            if (mp.err != RD_KAFKA_RESP_ERR_NO_ERROR)
                partition.error = kafkaErrorText(mp.err);
            topic.replicationFactor = std::max<qint32>(topic.replicationFactor, mp.replica_cnt);
            topic.partitions.append(partition);
        }
        std::sort(topic.partitions.begin(), topic.partitions.end(),
                  [](const PartitionInfo &a, const PartitionInfo &b) { return a.partition < b.partition; });
        result.topics.append(topic);
    }
    std::sort(result.topics.begin(), result.topics.end(),
              [](const TopicInfo &a, const TopicInfo &b) { return a.name < b.name; });
}
} // namespace

bool isInternalTopicName(const QString &name)
{
    return name == QLatin1StringView("__consumer_offsets") || name == QLatin1StringView("__transaction_state");
}

MetadataResult fetchMetadata(const JobContext &context, rd_kafka_t *rk, std::chrono::milliseconds timeout)
{
    MetadataResult result;
    const QString &bootstrapServers = context.connection().profile().bootstrapServers;
    ClientErrorLog &errorLog = context.connection().errorLog();
    const Deadline deadline(timeout);
    MetadataPtr md;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
    bool brokerAnswered = false;

    while (!deadline.expired() && !context.isCancelled()) {
        if (!brokerAnswered) {
            // Waiting for connectivity: a short call, asked again, notices cancel by itself.
            const struct rd_kafka_metadata *raw = nullptr;
            err = rd_kafka_metadata(rk, 1, nullptr, &raw, std::max(deadline.sliceMs(kConnectSliceMs), 1));
            md.reset(raw);
        } else {
            // A broker is usable but the answer is late (or it went down): one request with the rest of the
            // budget, awaited in slices on a background thread.
            auto answer = awaitBlockingCall(
                [rk, waitMs = std::max(deadline.remainingMs(), 1)] {
                    const struct rd_kafka_metadata *raw = nullptr;
                    const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &raw, waitMs);
                    return std::make_pair(e, MetadataPtr(raw));
                },
                context.sharedConnection(), deadline, context.cancelFlag());
            if (!answer)
                break;
            err = answer->first;
            md = std::move(answer->second);
        }
        rd_kafka_poll(rk, 0); // serve error callbacks so we can say why a broker is unreachable
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
            break;
        if (err == RD_KAFKA_RESP_ERR__TIMED_OUT)
            brokerAnswered = true;
        else if (err != RD_KAFKA_RESP_ERR__TRANSPORT)
            break; // e.g. authorization or configuration problems: retrying will not help
    }

    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || !md) {
        if (context.isCancelled()) {
            result.error = QStringLiteral("Refresh cancelled while connecting to %1").arg(bootstrapServers);
            return result;
        }
        QString reason = errorLog.lastReason();
        if (reason.isEmpty())
            reason = kafkaErrorText(err);
        if (err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
            result.error = QStringLiteral("Could not reach any broker at %1 within %2: %3")
                               .arg(bootstrapServers, formatSeconds(timeout.count()), reason);
        } else {
            result.error = QStringLiteral("Metadata request to %1 failed: %2").arg(bootstrapServers, reason);
        }
        return result;
    }

    result.reached = true;
    // Both come with the metadata response and are cached by librdkafka, so a zero timeout suffices.
    if (char *clusterId = rd_kafka_clusterid(rk, 0)) {
        result.clusterId = QString::fromUtf8(clusterId);
        rd_kafka_mem_free(rk, clusterId);
    }
    result.controllerId = rd_kafka_controllerid(rk, 0);
    convert(*md, result);
    return result;
}

} // namespace OffsetLens
