#include "snapshotfetcher.h"

#include "bootstrapcheck.h"
#include "brokerconfig.h"
#include "brokergroupsource.h"
#include "carryforward.h"
#include "clienthandle.h"
#include "deadline.h"
#include "groupoffsets.h"
#include "kafkaconnection.h"
#include "kafkalog.h"
#include "metadatafetch.h"
#include "watermarkfetch.h"

#include <QElapsedTimer>
#include <QSet>

#include <algorithm>
#include <future>
#include <mutex>

namespace OffsetLens {

struct SnapshotFetcher::Private
{
    std::shared_ptr<KafkaConnection> connection;
    std::shared_ptr<GroupSource> customSource;
    std::mutex fetching; // one refresh at a time: the fetchers below keep state between refreshes
    std::unique_ptr<BrokerGroupSource> brokerSource;
    std::unique_ptr<CommittedOffsetsFetcher> committedOffsets;
    bool reachedLastTime = false; // the last refresh reached the cluster: its addresses need no check
    rd_kafka_t *admin = nullptr;  // the connection's admin client, once created
    // offsets.retention.minutes: read once it is final (rarely changes; brokers need a restart to change it), else
    // asked again every kRetentionRetry refreshes.
    BrokerSetting retention;
    int refreshesUntilRetention = 0;
    ClusterSnapshot last; // the last refresh that reached the cluster, for Options::carryForward

    void readRetention(ClusterSnapshot &snapshot, const std::atomic_bool &cancelled);

    void fetchGroups(ClusterSnapshot &snapshot, const Options &options, const QList<TopicPartition> &allPartitions,
                     const std::atomic_bool &cancelled);
};

namespace {
void appendUnique(QStringList &list, const QStringList &more)
{
    for (const QString &item : more) {
        if (!list.contains(item))
            list.append(item);
    }
}
} // namespace

void SnapshotFetcher::Private::readRetention(ClusterSnapshot &snapshot, const std::atomic_bool &cancelled)
{
    constexpr int kRetentionRetry = 30;
    if (const std::optional<BrokerSetting> own = customSource ? customSource->offsetsRetention() : std::nullopt) {
        retention = *own;
    } else if (!retention.final && --refreshesUntilRetention < 0 && admin && !snapshot.brokers.isEmpty()) {
        refreshesUntilRetention = kRetentionRetry;
        // A broker resource is answered by that broker; the controller is as good as any and is up when the
        // metadata named it.
        const qint32 broker = snapshot.controllerId >= 0 ? snapshot.controllerId : snapshot.brokers.constFirst().id;
        const auto timeout = std::min<std::chrono::milliseconds>(connection->requestTimeout(), std::chrono::seconds(3));
        retention = describeOffsetsRetention(admin, broker, Deadline(timeout), cancelled);
    }
    snapshot.offsetsRetentionMinutes = retention.value;
    snapshot.offsetsRetentionNote = retention.value ? QString() : retention.problem;
}

void SnapshotFetcher::Private::fetchGroups(ClusterSnapshot &snapshot, const Options &options,
                                           const QList<TopicPartition> &allPartitions,
                                           const std::atomic_bool &cancelled)
{
    const ConnectionProfile &profile = connection->profile();
    const std::chrono::milliseconds timeout = connection->requestTimeout();
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
    // A listing that missed part of the cluster (some brokers did not answer ListGroups) would make the groups they
    // coordinate vanish from the window. The groups the last refresh had stay, their committed offsets read afresh;
    // their state and members are the last ones read, and their error says from when.
    if (options.carryForward && !listing.complete && options.onlyGroups.isEmpty() && last.isValid() &&
        last.profileId == snapshot.profileId && last.clusterId == snapshot.clusterId) {
        for (const GroupInfo &before : std::as_const(last.groups)) {
            if (before.source == GroupSourceKind::Pinned || seen.contains(before.groupId))
                continue;
            seen.insert(before.groupId);
            GroupInfo group = before;
            group.offsets.clear();
            group.offsetsIncomplete = false;
            if (group.listedAtMs == 0)
                group.listedAtMs = last.takenAt.toMSecsSinceEpoch();
            group.error = QStringLiteral("Not listed by this refresh (some brokers did not answer ListGroups); its "
                                         "state and members are as read at %1")
                              .arg(QDateTime::fromMSecsSinceEpoch(group.listedAtMs, Qt::UTC)
                                       .toLocalTime()
                                       .toString(QStringLiteral("HH:mm:ss")));
            groups.append(group);
        }
    }
    std::sort(groups.begin(), groups.end(),
              [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });

    snapshot.groupsListedByBroker = !customSource && listing.complete;
    if (isCancelled(cancelled)) {
        appendUnique(snapshot.errors, listing.errors);
        return;
    }
    readRetention(snapshot, cancelled);

    CommittedOffsetsRequest request;
    request.allPartitions = allPartitions;
    request.hints = listing.committedPartitions;
    // What failed in this refresh goes before what the listing says on every refresh (a cluster that cannot list
    // groups says so each time): the status bar shows the first problem.
    appendUnique(snapshot.errors, committedOffsets->fetch(groups, request, timeout, cancelled));
    appendUnique(snapshot.errors, listing.errors);
    // A carried group whose commits are now all gone, and read so, was deleted meanwhile: it goes.
    groups.removeIf(
        [](const GroupInfo &g) { return g.listedAtMs != 0 && g.offsets.isEmpty() && !g.offsetsIncomplete; });
    snapshot.groups = groups;
}

SnapshotFetcher::SnapshotFetcher(std::shared_ptr<KafkaConnection> connection)
    : d(std::make_unique<Private>())
{
    d->connection = std::move(connection);
}

SnapshotFetcher::SnapshotFetcher(ConnectionProfile profile)
    : SnapshotFetcher(std::make_shared<KafkaConnection>(std::move(profile)))
{}

SnapshotFetcher::~SnapshotFetcher()
{
    if (d->brokerSource && d->brokerSource->hasPendingRequests())
        d->connection->noteCoordinatorRequestLeftBehind();
    // These borrow the admin client: they go before the connection (the committed-offsets fetcher reports its own
    // pending requests to the connection).
    d->committedOffsets.reset();
    d->brokerSource.reset();
}

void SnapshotFetcher::setGroupSource(std::shared_ptr<GroupSource> source)
{
    d->customSource = std::move(source);
}

const std::shared_ptr<KafkaConnection> &SnapshotFetcher::connection() const
{
    return d->connection;
}

ClusterSnapshot SnapshotFetcher::fetch(const Options &options, const std::atomic_bool &cancelled, bool *ok)
{
    const JobContext context(d->connection, cancelled);
    return fetch(options, context, ok);
}

ClusterSnapshot SnapshotFetcher::fetch(const Options &options, const JobContext &context, bool *ok)
{
    const std::lock_guard serialised(d->fetching);
    KafkaConnection &connection = *d->connection;
    const ConnectionProfile &profile = connection.profile();
    const std::atomic_bool &cancelled = context.cancelFlag();
    ClusterSnapshot snapshot;
    snapshot.profileId = profile.id;
    snapshot.profileName = profile.name;
    snapshot.bootstrapServers = profile.bootstrapServers;
    snapshot.takenAt = QDateTime::currentDateTimeUtc();
    QElapsedTimer elapsed;
    elapsed.start();
    bool reached = false;
    const auto finish = [&]() {
        snapshot.durationMs = elapsed.elapsed();
        d->reachedLastTime = reached;
        if (ok)
            *ok = reached;
        return snapshot;
    };

    if (profile.bootstrapServers.trimmed().isEmpty()) {
        snapshot.errors.append(QStringLiteral("No bootstrap servers configured"));
        return finish();
    }
    QString error;
    rd_kafka_t *admin = connection.client(KafkaConnection::Client::Admin, &error);
    if (!admin) {
        snapshot.errors.append(error);
        return finish();
    }
    if (!d->brokerSource) {
        d->admin = admin;
        d->brokerSource = std::make_unique<BrokerGroupSource>(admin);
        d->committedOffsets = std::make_unique<CommittedOffsetsFetcher>(connection, admin);
    }
    connection.errorLog().clear();
    const std::chrono::milliseconds timeout = connection.requestTimeout();

    // A cluster not reached on the last refresh: first see whether anything listens at its bootstrap addresses.
    // Where something does, that costs a round trip; where every address refuses or does not resolve, the refresh
    // fails now, in the connection probe's words, instead of after librdkafka's whole request timeout.
    BootstrapCheck check;
    if (!d->reachedLastTime) {
        context.reportProgress(0, 3, QStringLiteral("Checking the bootstrap servers"));
        check = checkBootstrapServers(profile, cancelled);
        if (!check.failure.isEmpty()) {
            snapshot.errors.append(check.failure);
            return finish();
        }
    }

    context.reportProgress(0, 3, QStringLiteral("Reading metadata"));
    MetadataResult metadata = fetchMetadata(context, admin, timeout);
    if (!metadata.reached) {
        // librdkafka's last word is often just "Broker transport failure": say what it ran into instead.
        const bool unreachable =
            metadata.err == RD_KAFKA_RESP_ERR__TRANSPORT || metadata.err == RD_KAFKA_RESP_ERR__TIMED_OUT;
        const QString explained =
            unreachable && !isCancelled(cancelled)
                ? explainUnreachableCluster(profile, timeout, check, connection.errorLog().messages())
                : QString();
        snapshot.errors.append(explained.isEmpty() ? metadata.error : explained);
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
    context.reportProgress(1, 3, QStringLiteral("Reading watermarks and consumer groups"));
    QList<TopicPartition> allPartitions;
    for (const TopicInfo &topic : std::as_const(snapshot.topics)) {
        for (const PartitionInfo &partition : topic.partitions)
            allPartitions.append({topic.name, partition.partition});
    }
    QList<TopicInfo> topics = std::move(snapshot.topics);
    snapshot.topics.clear();
    // Both phases return promptly on cancel, so waiting for this future is short.
    auto watermarks = std::async(std::launch::async, [&]() { return fetchWatermarks(context, topics, timeout); });
    if (options.includeGroups)
        d->fetchGroups(snapshot, options, allPartitions, cancelled);
    QStringList errors = watermarks.get(); // a broker's failures first: the status bar shows the first problem
    snapshot.topics = std::move(topics);
    appendUnique(errors, snapshot.errors);
    snapshot.errors = std::move(errors);
    context.reportProgress(2, 3, QStringLiteral("Collecting results"));

    // Serve the clients' error callbacks; what they say (connection refused, brokers down) explains the failures
    // above, so it is only worth showing when something failed.
    connection.pollErrors();
    if (!snapshot.errors.isEmpty()) {
        for (const QString &message : connection.errorLog().messages())
            appendUnique(snapshot.errors, {QStringLiteral("Client: %1").arg(message)});
    }
    if (isCancelled(cancelled)) {
        snapshot.errors.append(QStringLiteral("Refresh cancelled"));
        reached = false;
    } else if (options.carryForward) {
        carryForward(d->last, snapshot);
        d->last = snapshot;
    }
    qCDebug(lcKafka) << "refresh of" << profile.bootstrapServers << "took" << elapsed.elapsed() << "ms,"
                     << snapshot.topics.size() << "topics," << snapshot.groups.size() << "groups,"
                     << snapshot.errors.size() << "errors," << snapshot.carriedValues << "values carried over";
    return finish();
}

} // namespace OffsetLens
