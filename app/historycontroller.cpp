#include "historycontroller.h"

#include "background.h"
#include "clustersession.h"
#include "connectionmanager.h"
#include "laghistorystore.h"
#include "lagmonitor.h"
#include "lookups.h"
#include "numberformat.h"
#include "profilestore.h"

#include <QDateTime>
#include <QDebug>
#include <QSettings>

namespace OffsetLens {

namespace {
// How much recorded history seeds the lag monitor at start: at most this many refreshes (the HW tables keep 60
// points), from at most this long ago.
constexpr int kSeedRefreshes = 60;
constexpr qint64 kSeedSpanMs = 15 * 60 * 1000;

QString settingsGroup(const QString &clusterId)
{
    // Profile ids may contain '/' (bootstrap:host:port lists do not, UUIDs do not; be safe anyway).
    return QStringLiteral("lagThresholds/") + QString::fromLatin1(clusterId.toUtf8().toHex());
}
} // namespace

HistoryController::HistoryController(ConnectionManager *connections, QObject *parent)
    : QObject(parent)
    , m_connections(connections)
{
    connect(connections, &ConnectionManager::opened, this,
            [this](const QString &id, const QString &) { onOpened(id); });
    connect(connections, &ConnectionManager::closed, this, &HistoryController::onClosed);
    connect(connections, &ConnectionManager::snapshotArrived, this, &HistoryController::onSnapshot);
    for (const QString &id : connections->openIds())
        onOpened(id);
}

HistoryController::~HistoryController()
{
    // The stores and monitors finish their work in the background (their destructors never wait).
    for (auto it = m_clusters.begin(); it != m_clusters.end(); ++it) {
        delete it->store;
        delete it->monitor;
    }
}

void HistoryController::onOpened(const QString &clusterId)
{
    if (m_clusters.contains(clusterId))
        return;
    Cluster cluster;
    cluster.store = new LagHistoryStore(LagHistoryDatabase::defaultPath(clusterId), RetentionPolicy{}, this);
    cluster.monitor = new LagMonitor(m_connections->options().lagHealthWindow, this);
    connect(cluster.store, &LagHistoryStore::opened, this, [this, clusterId](const HistoryOpenResult &result) {
        m_storeMessages.insert(clusterId, result.message);
        if (!result.message.isEmpty())
            Q_EMIT storeMessage(clusterId, result.message);
    });
    connect(cluster.store, &LagHistoryStore::recordFailed, this, [this, clusterId](const QString &error) {
        const QString message = tr("Lag history could not be written: %1").arg(error);
        m_storeMessages.insert(clusterId, message);
        Q_EMIT storeMessage(clusterId, message);
    });
    connect(cluster.store, &LagHistoryStore::loaded, this,
            [this, clusterId](quint64 requestId, const GroupHistory &history) {
                auto it = m_clusters.find(clusterId);
                if (it == m_clusters.end())
                    return;
                const QString key = it->loads.take(requestId);
                if (!key.isNull())
                    Q_EMIT historyLoaded(clusterId, key, history);
            });
    connect(cluster.store, &LagHistoryStore::chartLoaded, this,
            [this, clusterId](quint64 requestId, const LagChartData &chart) {
                auto it = m_clusters.find(clusterId);
                if (it == m_clusters.end())
                    return;
                const QString key = it->loads.take(requestId);
                if (!key.isNull())
                    Q_EMIT chartLoaded(clusterId, key, chart);
            });
    connect(cluster.monitor, &LagMonitor::statusChanged, this,
            [this, clusterId](const ClusterLagStatus &status) { onStatus(clusterId, status); });
    // Health and time lag go on from the recorded history: the last few minutes of it, replayed before the first
    // refresh is judged. Not for the demo, whose cluster is new at every start (its old offsets would read as a
    // rewind), and not from longer ago, when they would say more about then than about now.
    if (!m_connections->profile(clusterId).isDemo) {
        cluster.monitor->expectSeed();
        connect(cluster.store, &LagHistoryStore::recentLoaded, cluster.monitor, &LagMonitor::seed);
        cluster.store->loadRecent(QDateTime::currentMSecsSinceEpoch() - kSeedSpanMs, kSeedRefreshes);
        // The doctor's longer memory (expiry dates, vanished offsets) follows; refreshes do not wait for it.
        connect(cluster.store, &LagHistoryStore::condensedLoaded, cluster.monitor, &LagMonitor::seedDoctor);
        cluster.store->loadCondensed(QDateTime::currentMSecsSinceEpoch());
    }
    QStringList rejected;
    m_clients.insert(clusterId, ProfileStore().clientAssumptions(clusterId, &rejected));
    for (const QString &entry : std::as_const(rejected))
        qWarning().noquote() << "ignoring damaged client settings of group" << entry;
    cluster.monitor->setClientAssumptions(m_clients.value(clusterId));
    m_clusters.insert(clusterId, cluster);
    loadThresholds(clusterId);
}

ClientAssumptions HistoryController::clientAssumptions(const QString &clusterId, const QString &groupId) const
{
    return m_clients.value(clusterId).value(groupId);
}

void HistoryController::setClientAssumptions(const QString &clusterId, const QString &groupId,
                                             const ClientAssumptions &client)
{
    ProfileStore().setClientAssumptions(clusterId, groupId, client);
    const auto it = m_clusters.constFind(clusterId);
    if (it == m_clusters.cend())
        return; // closed meanwhile: saved, and read again when it is opened
    QHash<QString, ClientAssumptions> &clients = m_clients[clusterId];
    if (client == ClientAssumptions{})
        clients.remove(groupId);
    else
        clients.insert(groupId, client);
    it->monitor->setClientAssumptions(clients);
    // The doctor's words change with the next diagnosis: have it now rather than at the next interval.
    m_connections->refreshNow(clusterId);
}

void HistoryController::onClosed(const QString &clusterId)
{
    const auto it = m_clusters.find(clusterId);
    if (it == m_clusters.end())
        return;
    delete it->store;
    delete it->monitor;
    m_clusters.erase(it);
    m_status.remove(clusterId);
    m_clients.remove(clusterId);
    m_badges.remove(clusterId);
    m_storeMessages.remove(clusterId);
}

void HistoryController::onSnapshot(const QString &clusterId, const AnalyzedSnapshot &snapshot)
{
    auto it = m_clusters.find(clusterId);
    if (it == m_clusters.end())
        return;
    it->totalLag.clear();
    for (const GroupOverview &g : snapshot.facts().groups())
        it->totalLag.insert(g.groupId, g.summary.totalLag);
    // A value carried over from an earlier refresh is not a new sample: recording it would draw a flat line (and
    // make the doctor see a stalled consumer) where nothing was read.
    it->monitor->observe(snapshot.read());
    it->store->record(snapshot.read());
}

void HistoryController::onStatus(const QString &clusterId, const ClusterLagStatus &status)
{
    const auto cluster = m_clusters.constFind(clusterId);
    if (cluster == m_clusters.cend())
        return;
    // The findings a status replaces can name millions of partitions (a group's partitions without a commit, on
    // a cluster of 100,000): they are freed on a background thread, once the views have taken the new ones.
    auto previous = std::make_pair(m_status.value(clusterId), m_badges.value(clusterId));
    m_status.insert(clusterId, status);
    ClusterBadges badges = badgesFor(status, cluster->totalLag, m_thresholds.value(clusterId));
    badges.profileId = clusterId;
    const ClusterBadges before = m_badges.value(clusterId);
    for (auto it = badges.groups.cbegin(); it != badges.groups.cend(); ++it) {
        if (it->alert && !before.groups.value(it.key()).alert)
            Q_EMIT alertRaised(clusterId, it.key(), it->alertText);
    }
    m_badges.insert(clusterId, badges);
    Q_EMIT badgesChanged(badges);
    Background::release("history-release", std::move(previous));
}

void HistoryController::load(const QString &clusterId, const QString &groupId, qint64 fromMs, qint64 toMs,
                             const QString &key)
{
    auto it = m_clusters.find(clusterId);
    if (it == m_clusters.end())
        return;
    // Older answers for the same key are dropped by the store; forget them here too.
    for (auto l = it->loads.begin(); l != it->loads.end();) {
        if (l.value() == key)
            l = it->loads.erase(l);
        else
            ++l;
    }
    const quint64 id = it->store->load(groupId, fromMs, toMs, key);
    it->loads.insert(id, key);
}

void HistoryController::loadChart(const QString &clusterId, const LagHistoryStore::ChartRequest &request,
                                  const QString &key)
{
    auto it = m_clusters.find(clusterId);
    if (it == m_clusters.end())
        return;
    it->loads.removeIf([&key](const auto &load) { return load.value() == key; });
    const quint64 id = it->store->loadChart(request, key);
    it->loads.insert(id, key);
}

LagThresholds HistoryController::thresholds(const QString &clusterId, const QString &groupId) const
{
    return m_thresholds.value(clusterId).value(groupId);
}

void HistoryController::setThresholds(const QString &clusterId, const QString &groupId, const LagThresholds &thresholds)
{
    m_thresholds[clusterId].insert(groupId, thresholds);
    QSettings settings;
    settings.beginGroup(settingsGroup(clusterId));
    settings.beginGroup(QString::fromLatin1(groupId.toUtf8().toHex()));
    settings.setValue(QStringLiteral("group"), groupId);
    settings.setValue(QStringLiteral("maxLag"), thresholds.maxLag ? QVariant(*thresholds.maxLag) : QVariant());
    settings.setValue(QStringLiteral("maxTimeLagMs"),
                      thresholds.maxTimeLagMs ? QVariant(*thresholds.maxTimeLagMs) : QVariant());
    settings.endGroup();
    settings.endGroup();
    // Re-judge at once with the latest status rather than waiting for the next refresh.
    if (m_status.contains(clusterId))
        onStatus(clusterId, m_status.value(clusterId));
}

void HistoryController::loadThresholds(const QString &clusterId)
{
    QSettings settings;
    settings.beginGroup(settingsGroup(clusterId));
    QHash<QString, LagThresholds> all;
    for (const QString &key : settings.childGroups()) {
        settings.beginGroup(key);
        LagThresholds t;
        bool ok = false;
        if (const qint64 v = settings.value(QStringLiteral("maxLag")).toLongLong(&ok); ok && v >= 0)
            t.maxLag = v;
        if (const qint64 v = settings.value(QStringLiteral("maxTimeLagMs")).toLongLong(&ok); ok && v >= 0)
            t.maxTimeLagMs = v;
        const QString group = settings.value(QStringLiteral("group")).toString();
        if (!group.isEmpty() && !t.isEmpty())
            all.insert(group, t);
        settings.endGroup();
    }
    m_thresholds.insert(clusterId, all);
}

void HistoryController::measureExactTimeLag(const QString &clusterId, const QString &groupId)
{
    ClusterSession *session = m_connections->session(clusterId);
    const AnalyzedSnapshot latest = m_connections->latest(clusterId);
    const GroupInfo *group = latest.snapshot().findGroup(groupId);
    if (!session || !group) {
        Q_EMIT exactTimeLagMeasured(clusterId, groupId, tr("The cluster is not connected."));
        return;
    }
    QList<std::pair<TopicPartition, qint64>> at;
    qsizetype caughtUp = 0;
    for (const CommittedOffset &o : group->offsets) {
        const PartitionInfo *p = latest.snapshot().findPartition(o.tp);
        if (o.offset < 0 || !p || p->highWatermark < 0)
            continue;
        if (o.offset >= p->highWatermark)
            ++caughtUp; // nothing to read: 0 s behind
        else
            at.append({o.tp, o.offset});
    }
    if (at.isEmpty()) {
        Q_EMIT exactTimeLagMeasured(clusterId, groupId,
                                    caughtUp > 0 ? tr("0 s: every partition is caught up.")
                                                 : tr("No committed offset to measure from."));
        return;
    }
    session->jobs()->submit(
        JobOptions{tr("Measuring the time lag of %1").arg(groupId), QStringLiteral("exact-time-lag:") + groupId},
        [at](const JobContext &context) { return fetchMessages(context, at, 256); }, this,
        [this, clusterId, groupId](const QList<FetchedMessage> &messages) {
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            qint64 worst = -1;
            TopicPartition worstTp;
            QStringList problems;
            for (const FetchedMessage &m : messages) {
                if (!m.error.isEmpty() || m.timestampMs < 0) {
                    problems.append(QStringLiteral("%1-%2: %3")
                                        .arg(m.tp.topic)
                                        .arg(m.tp.partition)
                                        .arg(m.error.isEmpty() ? tr("no timestamp") : m.error));
                    continue;
                }
                if (now - m.timestampMs > worst) {
                    worst = now - m.timestampMs;
                    worstTp = m.tp;
                }
            }
            QString text = worst >= 0 ? tr("%1 behind (%2-%3: the message at its committed offset was written %1 "
                                           "ago)")
                                            .arg(formatDuration(worst), worstTp.topic)
                                            .arg(worstTp.partition)
                                      : tr("Not measured.");
            if (!problems.isEmpty())
                text += QLatin1Char(' ') + tr("Not read: %1.").arg(problems.join(QStringLiteral("; ")));
            Q_EMIT exactTimeLagMeasured(clusterId, groupId, text);
        });
}

} // namespace OffsetLens
