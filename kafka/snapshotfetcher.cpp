#include "snapshotfetcher.h"

#include "brokergroupsource.h"
#include "clienthandle.h"
#include "deadline.h"
#include "groupoffsets.h"
#include "kafkalog.h"
#include "metadatafetch.h"
#include "watermarkfetch.h"

#include <QElapsedTimer>
#include <QSet>

#include <algorithm>
#include <future>

namespace OffsetLens {

struct SnapshotFetcher::Private
{
    ConnectionProfile profile;
    std::shared_ptr<GroupSource> customSource;
    // One error log for all three clients: a refresh reports what any of them ran into.
    ClientErrorLog errorLog;
    ClientPtr admin;           // metadata and admin API (groups, committed offsets)
    ClientPtr readUncommitted; // ListOffsets earliest / latest as plain consumers see them
    ClientPtr readCommitted;   // ListOffsets latest for read_committed consumers: the last stable offset
    std::unique_ptr<BrokerGroupSource> brokerSource;
    std::unique_ptr<CommittedOffsetsFetcher> committedOffsets;

    bool ensureClients(QString *errorMessage);
    void fetchGroups(ClusterSnapshot &snapshot, const Options &options, const QList<TopicPartition> &allPartitions,
                     const std::atomic_bool &cancelled);
};

namespace {
// librdkafka consumers need no group.id for ListOffsets; they never subscribe or commit.
QList<ClientProperty> consumerProperties(const char *isolationLevel, int requestTimeoutMs)
{
    return {
        // A ListOffsets answer that arrives after the refresh timeout is useless: let librdkafka give up then.
        // (Not on the admin client: there, librdkafka 2.0.2 can abort when a coordinator request fails this way.)
        {"socket.timeout.ms", QByteArray::number(std::max(requestTimeoutMs, 100))},
        {"isolation.level", isolationLevel},
        {"enable.auto.commit", "false"},
        {"enable.auto.offset.store", "false"},
    };
}

void appendUnique(QStringList &list, const QStringList &more)
{
    for (const QString &item : more) {
        if (!list.contains(item))
            list.append(item);
    }
}
} // namespace

bool SnapshotFetcher::Private::ensureClients(QString *errorMessage)
{
    if (admin && readUncommitted && readCommitted)
        return true;
    // Idle connections that brokers close are routine; do not report them as errors.
    const QList<ClientProperty> common{{"log.connection.close", "false"}};
    admin = createClient(RD_KAFKA_PRODUCER, profile, common, &errorLog, errorMessage);
    if (admin) {
        readUncommitted = createClient(RD_KAFKA_CONSUMER, profile,
                                       common + consumerProperties("read_uncommitted", profile.requestTimeoutMs),
                                       &errorLog, errorMessage);
    }
    if (readUncommitted) {
        readCommitted = createClient(RD_KAFKA_CONSUMER, profile,
                                     common + consumerProperties("read_committed", profile.requestTimeoutMs), &errorLog,
                                     errorMessage);
    }
    if (!readCommitted) {
        // Tear down in reverse order and try again next refresh (the profile may have been fixed by then).
        readUncommitted.reset();
        admin.reset();
        return false;
    }
    brokerSource = std::make_unique<BrokerGroupSource>(admin.get());
    committedOffsets = std::make_unique<CommittedOffsetsFetcher>(admin.get());
    return true;
}

void SnapshotFetcher::Private::fetchGroups(ClusterSnapshot &snapshot, const Options &options,
                                           const QList<TopicPartition> &allPartitions,
                                           const std::atomic_bool &cancelled)
{
    const std::chrono::milliseconds timeout(profile.requestTimeoutMs);
    QStringList pinned = profile.pinnedGroups;
    appendUnique(pinned, options.onlyGroups);

    GroupSource::Listing listing;
    if (customSource)
        listing = customSource->fetchGroups(pinned, timeout, cancelled);
    else
        listing = brokerSource->fetchSomeGroups(pinned, options.onlyGroups, timeout, cancelled);

    QList<GroupInfo> groups;
    QSet<QString> seen;
    for (GroupInfo &group : listing.groups) {
        if (seen.contains(group.groupId))
            continue;
        if (!options.onlyGroups.isEmpty() && !options.onlyGroups.contains(group.groupId))
            continue;
        seen.insert(group.groupId);
        group.offsets.clear(); // the source does not know committed offsets; the broker does
        groups.append(group);
    }
    // A group asked for by name is shown even when the source did not report it: its offsets may still exist.
    for (const QString &id : options.onlyGroups) {
        if (!seen.contains(id)) {
            seen.insert(id);
            GroupInfo group;
            group.groupId = id;
            group.source = GroupSourceKind::Pinned;
            groups.append(group);
        }
    }
    std::sort(groups.begin(), groups.end(),
              [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });

    appendUnique(snapshot.errors, listing.errors);
    snapshot.groupsListedByBroker = !customSource && listing.complete;
    if (isCancelled(cancelled))
        return;

    CommittedOffsetsRequest request;
    request.allPartitions = allPartitions;
    request.hints = listing.committedPartitions;
    appendUnique(snapshot.errors, committedOffsets->fetch(groups, request, timeout, cancelled));
    snapshot.groups = groups;
}

SnapshotFetcher::SnapshotFetcher(ConnectionProfile profile)
    : d(std::make_unique<Private>())
{
    d->profile = std::move(profile);
}

SnapshotFetcher::~SnapshotFetcher()
{
    const bool pending = (d->committedOffsets && d->committedOffsets->hasPendingRequests()) ||
                         (d->brokerSource && d->brokerSource->hasPendingRequests());
    // These borrow the admin client: drop them first.
    d->committedOffsets.reset();
    d->brokerSource.reset();
    if (pending) {
        // librdkafka 2.0.2 aborts the process when a client is destroyed while a coordinator request is still
        // waiting for its coordinator (see kCoordinatorRequestTimeoutMs). Rather than crash, leave this one client
        // behind; it only happens when a group coordinator did not answer. Its error-callback opaque (our error
        // log) dies with us, which is safe: error callbacks only run from rd_kafka_poll(), and nobody polls it.
        qCInfo(lcKafka) << "leaving a Kafka admin client behind: a group coordinator request is still pending";
        d->admin.release(); // NOLINT(bugprone-unused-return-value): intentionally leaked
    }
}

void SnapshotFetcher::setGroupSource(std::shared_ptr<GroupSource> source)
{
    d->customSource = std::move(source);
}

ClusterSnapshot SnapshotFetcher::fetch(const Options &options, const std::atomic_bool &cancelled, bool *ok)
{
    ClusterSnapshot snapshot;
    snapshot.profileName = d->profile.name;
    snapshot.bootstrapServers = d->profile.bootstrapServers;
    snapshot.takenAt = QDateTime::currentDateTimeUtc();
    QElapsedTimer elapsed;
    elapsed.start();
    bool reached = false;
    const auto finish = [&]() {
        snapshot.durationMs = elapsed.elapsed();
        if (ok)
            *ok = reached;
        return snapshot;
    };

    QString error;
    if (d->profile.bootstrapServers.trimmed().isEmpty()) {
        snapshot.errors.append(QStringLiteral("No bootstrap servers configured"));
        return finish();
    }
    if (!d->ensureClients(&error)) {
        snapshot.errors.append(error);
        return finish();
    }
    d->errorLog.clear();
    const std::chrono::milliseconds timeout(std::max(d->profile.requestTimeoutMs, 1));

    MetadataResult metadata =
        fetchMetadata(d->admin.get(), d->profile.bootstrapServers, d->errorLog, timeout, cancelled);
    if (!metadata.reached) {
        snapshot.errors.append(metadata.error);
        return finish();
    }
    reached = true;
    snapshot.clusterId = metadata.clusterId;
    snapshot.controllerId = metadata.controllerId;
    snapshot.brokers = std::move(metadata.brokers);
    snapshot.topics = std::move(metadata.topics);
    if (!options.includeInternalTopics) {
        snapshot.topics.removeIf([](const TopicInfo &topic) { return topic.isInternal; });
    }
    if (isCancelled(cancelled)) {
        snapshot.errors.append(QStringLiteral("Refresh cancelled"));
        reached = false;
        return finish();
    }

    // Watermarks and groups do not depend on each other: run them side by side. The group phase gets its own
    // list of partitions so the two never touch the same data.
    QList<TopicPartition> allPartitions;
    for (const TopicInfo &topic : std::as_const(snapshot.topics)) {
        for (const PartitionInfo &partition : topic.partitions)
            allPartitions.append({topic.name, partition.partition});
    }
    QList<TopicInfo> topics = std::move(snapshot.topics);
    snapshot.topics.clear();
    auto watermarks = std::async(std::launch::async, [&]() {
        return fetchWatermarks(d->readUncommitted.get(), d->readCommitted.get(), topics, timeout, cancelled);
    });
    if (options.includeGroups)
        d->fetchGroups(snapshot, options, allPartitions, cancelled);
    const QStringList watermarkErrors = watermarks.get();
    snapshot.topics = std::move(topics);
    appendUnique(snapshot.errors, watermarkErrors);

    // Serve the clients' error callbacks; what they say (connection refused, brokers down) explains the failures
    // above, so it is only worth showing when something failed.
    for (rd_kafka_t *client : {d->admin.get(), d->readUncommitted.get(), d->readCommitted.get()})
        rd_kafka_poll(client, 0);
    if (!snapshot.errors.isEmpty()) {
        for (const QString &message : d->errorLog.messages())
            appendUnique(snapshot.errors, {QStringLiteral("Client: %1").arg(message)});
    }
    if (isCancelled(cancelled)) {
        snapshot.errors.append(QStringLiteral("Refresh cancelled"));
        reached = false;
    }
    qCDebug(lcKafka) << "refresh of" << d->profile.bootstrapServers << "took" << elapsed.elapsed() << "ms,"
                     << snapshot.topics.size() << "topics," << snapshot.groups.size() << "groups,"
                     << snapshot.errors.size() << "errors";
    return finish();
}

} // namespace OffsetLens
