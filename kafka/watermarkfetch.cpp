#include "watermarkfetch.h"

#include "clienthandle.h"
#include "deadline.h"
#include "numberformat.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <thread>
#include <vector>

namespace OffsetLens {

namespace {
// librdkafka 2.0.2 matches every partition of a ListOffsets response to the request with a linear search, so the
// cost of one request grows with the square of its size (10,000 partitions in one request take ~300 ms of CPU).
// Capping a request at 1,000 partitions keeps that negligible while it stays a handful of requests per broker.
constexpr int kMaxPartitionsPerRequest = 1000;
// Enough threads to have every broker's requests in flight at once on large clusters, without one per request.
constexpr std::size_t kMaxLookupThreads = 32;

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

struct Lookup
{
    rd_kafka_t *client = nullptr;
    Kind kind = Kind::LogStart;
    qint32 leader = -1;
    int ordinal = 0; // how many lookups of the same kind and leader come before this one
    rd_kafka_topic_partition_list_t *list = nullptr;
    std::vector<Target> targets;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
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

std::vector<Lookup> planLookups(rd_kafka_t *readUncommitted, rd_kafka_t *readCommitted, QList<TopicInfo> &topics)
{
    std::vector<Lookup> lookups;
    const std::pair<Kind, rd_kafka_t *> kinds[] = {
        {Kind::LogStart, readUncommitted},
        {Kind::HighWatermark, readUncommitted},
        {Kind::LastStable, readCommitted},
    };
    for (const auto &[kind, client] : kinds) {
        QHash<qint32, std::size_t> openLookup; // leader -> index of the lookup still being filled
        QHash<qint32, int> lookupsPerLeader;
        for (qsizetype t = 0; t < topics.size(); ++t) {
            const QByteArray topicName = topics.at(t).name.toUtf8();
            for (qsizetype p = 0; p < topics.at(t).partitions.size(); ++p) {
                const PartitionInfo &partition = topics.at(t).partitions.at(p);
                if (partition.leader < 0)
                    continue;
                auto it = openLookup.find(partition.leader);
                if (it == openLookup.end() || lookups[*it].targets.size() >= kMaxPartitionsPerRequest) {
                    Lookup lookup;
                    lookup.client = client;
                    lookup.kind = kind;
                    lookup.leader = partition.leader;
                    lookup.ordinal = lookupsPerLeader[partition.leader]++;
                    lookup.list = rd_kafka_topic_partition_list_new(kMaxPartitionsPerRequest);
                    lookups.push_back(std::move(lookup));
                    it = openLookup.insert(partition.leader, lookups.size() - 1);
                }
                Lookup &lookup = lookups[*it];
                rd_kafka_topic_partition_t *entry =
                    rd_kafka_topic_partition_list_add(lookup.list, topicName.constData(), partition.partition);
                entry->offset = (kind == Kind::LogStart) ? RD_KAFKA_OFFSET_BEGINNING : RD_KAFKA_OFFSET_END;
                lookup.targets.push_back({t, p});
            }
        }
    }
    return lookups;
}

void runLookups(std::vector<Lookup> &lookups, const Deadline &deadline)
{
    // Interleave brokers so that a dead broker's lookups (which wait for the whole timeout) cannot occupy every
    // thread while other brokers' lookups wait their turn.
    std::stable_sort(lookups.begin(), lookups.end(),
                     [](const Lookup &a, const Lookup &b) { return a.ordinal < b.ordinal; });
    std::atomic_size_t next{0};
    auto work = [&]() {
        for (std::size_t i = next++; i < lookups.size(); i = next++) {
            Lookup &lookup = lookups[i];
            lookup.err = rd_kafka_offsets_for_times(lookup.client, lookup.list, std::max(deadline.remainingMs(), 1));
        }
    };
    const std::size_t threadCount = std::min(lookups.size(), kMaxLookupThreads);
    std::vector<std::thread> threads;
    threads.reserve(threadCount);
    for (std::size_t i = 1; i < threadCount; ++i)
        threads.emplace_back(work);
    work();
    for (std::thread &thread : threads)
        thread.join();
}
} // namespace

QStringList fetchWatermarks(rd_kafka_t *readUncommitted, rd_kafka_t *readCommitted, QList<TopicInfo> &topics,
                            std::chrono::milliseconds timeout, const std::atomic_bool &cancelled)
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
    if (isCancelled(cancelled))
        return errors;

    const Deadline deadline(timeout);
    std::vector<Lookup> lookups = planLookups(readUncommitted, readCommitted, topics);
    runLookups(lookups, deadline);

    struct Failure
    {
        QSet<QString> kinds;
        QSet<std::pair<qsizetype, qsizetype>> partitions;
    };
    QMap<std::pair<qint32, QString>, Failure> failures; // (leader, reason)
    for (Lookup &lookup : lookups) {
        const QString kind = kindName(lookup.kind);
        for (int i = 0; i < lookup.list->cnt; ++i) {
            const Target &target = lookup.targets[static_cast<std::size_t>(i)];
            PartitionInfo &partition = topics[target.topic].partitions[target.partition];
            const rd_kafka_topic_partition_t &entry = lookup.list->elems[i];
            // When the call itself failed, librdkafka leaves the list untouched: the -1/-2 we put in are not answers.
            const rd_kafka_resp_err_t err = lookup.err ? lookup.err : entry.err;
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                const QString reason = kafkaErrorText(err);
                addError(partition, QStringLiteral("%1: %2").arg(kind, reason));
                Failure &failure = failures[{lookup.leader, reason}];
                failure.kinds.insert(kind);
                failure.partitions.insert({target.topic, target.partition});
            } else if (entry.offset >= 0) {
                field(partition, lookup.kind) = entry.offset;
            }
        }
        rd_kafka_topic_partition_list_destroy(lookup.list);
        lookup.list = nullptr;
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
