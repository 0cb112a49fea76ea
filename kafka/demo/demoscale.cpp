#include "demoscale.h"

#include "democommit.h"
#include "demogroups.h"
#include "demokafka.h"
#include "demomock.h"
#include "demoplan.h"
#include "demoproducer.h"

#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <thread>

namespace OffsetLens::Demo {

using namespace std::chrono_literals;

QString scaleTopicName(int index)
{
    return QStringLiteral("scale-topic-%1").arg(index, 4, 10, QLatin1Char('0'));
}

QString scaleGroupName(int index)
{
    return QStringLiteral("scale-group-%1").arg(index, 4, 10, QLatin1Char('0'));
}

namespace {

// Produces `messages` small messages into every partition of topics [first, last): large batches, one flush.
bool produceMessages(const std::string &bootstrap, const std::vector<std::string> &topics, std::size_t first,
                     std::size_t last, int partitions, int messages, QString *error)
{
    ProducerHandle producer;
    if (!producer.create(bootstrap,
                         {{"client.id", "offsetlens-demo-scale-producer"},
                          {"linger.ms", "50"},
                          {"batch.num.messages", "10000"},
                          {"queue.buffering.max.messages", "1000000"},
                          {"acks", "1"}},
                         error) ||
        !producer.loadMetadata(30s, error))
        return false;
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    std::string value;
    for (std::size_t t = first; t < last; ++t) {
        for (int p = 0; p < partitions; ++p) {
            for (int i = 0; i < messages; ++i) {
                value = "{\"n\":" + std::to_string(i) + ",\"partition\":" + std::to_string(p) + '}';
                // One message a minute into the past, so timestamps are strictly increasing per partition.
                if (!producer.produce(topics[t], p, std::string(), value,
                                      now - static_cast<std::int64_t>(messages - i) * 60000, error))
                    return false;
            }
        }
        producer.poll();
    }
    const bool ok = producer.flush(120s, error);
    producer.destroy(0ms);
    return ok;
}

} // namespace

std::vector<GroupCommit> scaleGroupCommits(const DemoCluster::ScaleOptions &options, std::uint64_t seed)
{
    const int topicCount = std::max(0, options.topics);
    const int partitions = std::max(1, options.partitions);
    const int messages = std::max(0, options.messagesPerPartition);
    std::vector<GroupCommit> commits;
    if (topicCount == 0)
        return commits;
    std::vector<std::string> topics;
    topics.reserve(static_cast<std::size_t>(topicCount));
    for (int t = 0; t < topicCount; ++t)
        topics.push_back(scaleTopicName(t).toStdString());
    // Each group commits `partitionsPerGroup` distinct partitions, whole topics one after the other (the last one
    // possibly in part), as subscribe()-based consumers do, starting at a different topic per group. (Two partitions
    // of each of a hundred topics, as this once did, made every group a consumer of all their partitions with almost
    // none committed: millions of doctor's findings no real cluster produces.) Offsets vary between 0 and the HW.
    const int total = topicCount * partitions;
    const int perGroup = std::clamp(options.partitionsPerGroup, 1, total);
    const int topicsPerGroup = (perGroup + partitions - 1) / partitions;
    const int firstGroup =
        options.firstGroupPartitions > 0 ? std::clamp(options.firstGroupPartitions, 1, total) : perGroup;
    commits.reserve(static_cast<std::size_t>(std::max(0, options.groups)));
    for (int g = 0; g < options.groups; ++g) {
        GroupCommit commit;
        commit.groupId = scaleGroupName(g).toStdString();
        const int count = g == 0 ? firstGroup : perGroup;
        commit.offsets.reserve(static_cast<std::size_t>(count));
        for (int j = 0; j < count; ++j) {
            const int t = (g * topicsPerGroup + j / partitions) % topicCount;
            const int p = j % partitions;
            const std::uint64_t h =
                mix64(seed, (static_cast<std::uint64_t>(g) << 40) ^ (static_cast<std::uint64_t>(t) << 20) ^
                                static_cast<std::uint64_t>(p));
            const auto offset = static_cast<std::int64_t>(h % static_cast<std::uint64_t>(messages + 1));
            commit.offsets.push_back({topics[static_cast<std::size_t>(t)], p, offset});
        }
        commits.push_back(std::move(commit));
    }
    return commits;
}

void declareScaleGroups(const std::vector<GroupCommit> &commits, DemoGroupTable &table)
{
    for (const GroupCommit &commit : commits) {
        table.declareGroup(QString::fromStdString(commit.groupId), QStringLiteral("range"),
                           coordinatorFor(commit.groupId), commit.partitions());
    }
}

bool setUpScale(rd_kafka_mock_cluster_t *cluster, const std::string &bootstrap,
                const DemoCluster::ScaleOptions &options, std::uint64_t seed, DemoGroupTable &table, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    const int topicCount = options.topics;
    const int partitions = std::max(1, options.partitions);
    std::vector<std::string> topics;
    topics.reserve(static_cast<std::size_t>(topicCount));
    for (int t = 0; t < topicCount; ++t) {
        topics.push_back(scaleTopicName(t).toStdString());
        if (const rd_kafka_resp_err_t err = createMockTopic(cluster, topics.back(), partitions, kReplicationFactor)) {
            if (error)
                *error = QStringLiteral("creating %1: %2").arg(QString::fromStdString(topics.back()), errorText(err));
            return false;
        }
    }

    const int messages = std::max(0, options.messagesPerPartition);
    const qint64 topicsMs = timer.elapsed();

    std::vector<GroupCommit> commits = scaleGroupCommits(options, seed);
    for (const GroupCommit &commit : commits)
        pinMockCoordinator(cluster, commit.groupId, coordinatorFor(commit.groupId));
    declareScaleGroups(commits, table);
    // Messages and commits are independent (a commit may name an offset before its message lands), so they run
    // side by side: two producers, each on half of the topics, plus the commits. The mock answers them all.
    // Producers, each on a slice of the topics: a librdkafka producer's cost per message grows with the number of
    // partitions it produces to (its broker threads walk them all), so slices of about 5,000 partitions keep
    // 100,000 partitions from taking a minute. Three at a time: each holds its queued messages until flushed.
    constexpr std::size_t kPartitionsPerProducer = 5000;
    constexpr std::size_t kConcurrentProducers = 3;
    const std::size_t slices = std::clamp<std::size_t>(topics.size() * std::size_t(partitions) / kPartitionsPerProducer,
                                                       1, std::max<std::size_t>(1, topics.size()));
    std::vector<QString> produceError(slices);
    std::atomic<std::size_t> nextSlice = 0;
    std::vector<std::thread> producers;
    if (messages > 0) {
        for (std::size_t w = 0; w < std::min(slices, kConcurrentProducers); ++w) {
            producers.emplace_back([&] {
                for (std::size_t k = nextSlice++; k < slices; k = nextSlice++) {
                    produceMessages(bootstrap, topics, topics.size() * k / slices, topics.size() * (k + 1) / slices,
                                    partitions, messages, &produceError[k]);
                }
            });
        }
    }
    QString commitError;
    const bool committed = commitGroupOffsets(bootstrap, commits, 60s, &commitError);
    const qint64 commitMs = timer.elapsed();
    for (std::thread &producer : producers)
        producer.join();
    produceError.push_back(commitError);
    for (const QString &failure : produceError) {
        if (!failure.isEmpty()) {
            if (error)
                *error = failure;
            return false;
        }
    }
    if (!committed)
        return false;
    qCDebug(lcDemo, "scale mode: topics %lld ms, commits done at %lld ms, messages at %lld ms",
            static_cast<long long>(topicsMs), static_cast<long long>(commitMs),
            static_cast<long long>(timer.elapsed()));
    return true;
}

} // namespace OffsetLens::Demo
