#include "metadatafetch.h"

#include "blockingcall.h"
#include "clienthandle.h"
#include "kafkaconnection.h"
#include "numberformat.h"
#include "rdkafkaptr.h"

#include <QSet>

#include <algorithm>
#include <thread>

namespace OffsetLens {

namespace {
// When no broker is usable, librdkafka's metadata call can return at once: pause before asking again.
constexpr int kRetryPauseMs = 200;

// How long a metadata request may go unanswered before the same request is sent once more beside it: a quarter of
// the budget, between 250 ms and 2 s, so that a broker that went down under the request costs a fraction of it,
// while a large cluster's answer (megabytes at 100,000 partitions) is rarely asked for twice.
std::chrono::milliseconds hedgeDelay(std::chrono::milliseconds timeout)
{
    return std::clamp(timeout / 4, std::chrono::milliseconds(250), std::chrono::milliseconds(2000));
}
// librdkafka sends each call to a broker picked at random among the recently used ones, so a hedge can land on the
// same slow broker: a third call makes one slow broker of three sink the refresh once in 27 instead of once in 9.
constexpr int kMaxMetadataCalls = 3;

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
    while (!deadline.expired() && !context.isCancelled()) {
        // One request with the whole remaining budget (a slow broker gets all of it), hedged by a second one
        // if the broker it went to does not answer soon, awaited in slices so that cancel ends the wait at once.
        auto answer = awaitHedgedCall(
            [rk](int waitMs) {
                const struct rd_kafka_metadata *raw = nullptr;
                const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &raw, waitMs);
                return std::make_pair(e, MetadataPtr(raw));
            },
            context.sharedConnection(), deadline, context.cancelFlag(), hedgeDelay(timeout), kMaxMetadataCalls);
        if (!answer)
            break;
        err = answer->first;
        md = std::move(answer->second);
        rd_kafka_poll(rk, 0); // serve error callbacks so we can say why a broker is unreachable
        if (err != RD_KAFKA_RESP_ERR__TRANSPORT)
            break; // an answer, the timeout, or a problem retrying will not fix (authorization, configuration)
        // No broker usable yet: ask again shortly.
        for (int waited = 0; waited < kRetryPauseMs && !deadline.expired() && !context.isCancelled(); waited += 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || !md) {
        result.err = err;
        if (context.isCancelled()) {
            result.error = QStringLiteral("Refresh cancelled while connecting to %1").arg(bootstrapServers);
            return result;
        }
        QString reason = errorLog.lastReason();
        if (reason.isEmpty())
            reason = kafkaErrorText(err);
        if (err == RD_KAFKA_RESP_ERR__TRANSPORT) {
            result.error = QStringLiteral("Could not reach any broker at %1 within %2: %3")
                               .arg(bootstrapServers, formatSeconds(timeout.count()), reason);
        } else if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
            // Connected, but the broker asked never answered: "could not reach" would send the user to the network.
            result.error = QStringLiteral("The metadata request to %1 got no answer within %2 (the brokers asked may "
                                          "be overloaded or stopping): %3")
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
