#pragma once

#include "diagnosisinput.h"
#include "lagbadge.h"
#include "laghistorydatabase.h"
#include "laghistorystore.h"
#include "snapshotfacts.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace OffsetLens {

class ConnectionManager;
class LagHistoryStore;
class LagMonitor;

// Lag over time for every open cluster: each refresh goes to the cluster's history store (SQLite, own thread) and
// to its lag monitor (health and time lag, own thread); their results come back as badges for the tree, the groups
// table and the group panel, as alerts when a group crosses its thresholds, and as history for the charts. Also
// measures a group's exact time lag on demand (one message read per partition, in a job). Lives on the GUI thread
// and never waits there.
class HistoryController : public QObject
{
    Q_OBJECT
public:
    explicit HistoryController(ConnectionManager *connections, QObject *parent = nullptr);
    ~HistoryController() override;

    // Loads a group's history for a chart; the answer arrives as historyLoaded. A newer load for the same `key`
    // supersedes an older one.
    void load(const QString &clusterId, const QString &groupId, qint64 fromMs, qint64 toMs, const QString &key);
    // Builds a chart of a group's or topic's history on the cluster's history thread; the answer arrives as
    // chartLoaded. A newer request for the same `key` supersedes an older one.
    void loadChart(const QString &clusterId, const LagHistoryStore::ChartRequest &request, const QString &key);
    ClusterBadges badges(const QString &clusterId) const { return m_badges.value(clusterId); }
    QString storeMessageOf(const QString &clusterId) const { return m_storeMessages.value(clusterId); }

    LagThresholds thresholds(const QString &clusterId, const QString &groupId) const;
    void setThresholds(const QString &clusterId, const QString &groupId, const LagThresholds &thresholds);

    // What the user told the doctor about a group's consumers (auto.offset.reset, how they commit). Kept with the
    // profile, where the command line's doctor reads it too; a change is diagnosed from the next refresh on.
    ClientAssumptions clientAssumptions(const QString &clusterId, const QString &groupId) const;
    void setClientAssumptions(const QString &clusterId, const QString &groupId, const ClientAssumptions &client);

    // Reads the message at each committed offset of the group and reports now − its timestamp per partition.
    void measureExactTimeLag(const QString &clusterId, const QString &groupId);

Q_SIGNALS:
    void badgesChanged(const OffsetLens::ClusterBadges &badges);
    // A group crossed one of its thresholds (reported once per crossing, again after it recovered).
    void alertRaised(const QString &clusterId, const QString &groupId, const QString &text);
    void historyLoaded(const QString &clusterId, const QString &key, const OffsetLens::GroupHistory &history);
    void chartLoaded(const QString &clusterId, const QString &key, const OffsetLens::LagChartData &chart);
    // The history store's problem (damaged or locked database), for the status bar and the charts.
    void storeMessage(const QString &clusterId, const QString &message);
    void exactTimeLagMeasured(const QString &clusterId, const QString &groupId, const QString &text);

private:
    struct Cluster
    {
        LagHistoryStore *store = nullptr;
        LagMonitor *monitor = nullptr;
        QHash<QString, qint64> totalLag; // per group, from the latest snapshot
        QHash<quint64, QString> loads;   // store request id -> key
    };

    void onOpened(const QString &clusterId);
    void onClosed(const QString &clusterId);
    void onSnapshot(const QString &clusterId, const AnalyzedSnapshot &snapshot);
    void onStatus(const QString &clusterId, const ClusterLagStatus &status);
    void loadThresholds(const QString &clusterId);

    ConnectionManager *m_connections;
    QHash<QString, Cluster> m_clusters;
    QHash<QString, ClusterLagStatus> m_status;
    QHash<QString, ClusterBadges> m_badges;
    QHash<QString, QHash<QString, LagThresholds>> m_thresholds;
    QHash<QString, QHash<QString, ClientAssumptions>> m_clients; // per cluster, per group
    QHash<QString, QString> m_storeMessages;
};

} // namespace OffsetLens
