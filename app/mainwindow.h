#pragma once

#include "connectionmanager.h"
#include "connectionprofile.h"
#include "snapshotfacts.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QTimer;
class QSplitter;
class QStackedWidget;
class QActionGroup;
class QDockWidget;
class QSystemTrayIcon;
class QAction;

namespace OffsetLens {

class BrokerPanel;
class ClusterBand;
class ClusterTreeModel;
class ClusterTreeView;
class DoctorPanel;
class GroupPanel;
class GroupsPanel;
class HistoryController;
class PeekController;
class ResetController;
class TopicPanel;

// The desktop app's window: the cluster tree (one root per open cluster) on the left, a detail panel for the
// selection on the right, the selected cluster's state in the status bar. It wires and lays out; the clusters'
// lifecycles (sessions, the embedded demo) belong to its ConnectionManager. Snapshots arrive analysed, so applying
// one to the models is all the GUI thread does.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using StartOptions = ConnectionManager::Options;

    explicit MainWindow(StartOptions options, QWidget *parent = nullptr);
    ~MainWindow() override; // never blocks: the manager tears the clusters down in the background

    // Opens a cluster beside the ones already open (a profile that is open already is just selected). Returns
    // its id.
    QString openCluster(const ConnectionProfile &profile);
    void closeCluster(const QString &profileId);
    void reconnectCluster(const QString &profileId);
    // The profiles of the clusters open when the window last closed, to reopen at start (saved profiles and the
    // demo, in their order, without secrets; ad-hoc --bootstrap connections are not profiles and are not kept).
    // Profiles deleted since are skipped, with a note in the status bar.
    QList<ConnectionProfile> lastOpenProfiles();
    ConnectionManager *connections() const { return m_connections; }

    // The cluster the selection belongs to (the panels and the status bar show it); the first open one when
    // nothing is selected.
    QString currentClusterId() const;
    // Selects "group:ID", "topic:NAME", "broker:ID", "groups", "brokers" as soon as it exists, in whichever open
    // cluster has it first. False if malformed.
    bool selectItem(const QString &spec);
    // The current cluster's latest snapshot.
    ClusterSnapshot snapshot() const;
    qint64 lastApplyMs() const { return m_lastApplyMs; } // GUI-thread time the last snapshot took to apply
    ResetController *resets() const { return m_resets; }
    HistoryController *history() const { return m_history; }
    DoctorPanel *doctor() const { return m_doctor; }
    // The group selected in the tree (empty when the selection is not a group).
    QString selectedGroup() const { return m_selectedGroup; }

Q_SIGNALS:
    void snapshotApplied(const OffsetLens::ClusterSnapshot &snapshot);
    void connectionFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;
    void onOpened(const QString &id, const QString &name);
    void onClosed(const QString &id);
    void onSnapshot(const QString &id, const AnalyzedSnapshot &snapshot);
    void onStatusChanged(const QString &id, const QString &text);
    void onRefreshFailed(const QString &id, const QString &message);
    void onTreeSelection(int kind, const QModelIndex &sourceIndex);
    void showCluster(const QString &id); // the panels and the status bar follow this cluster
    void applyPendingSelection();
    void applyPanels(); // the second half of onSnapshot, in an event of its own
    // The status bar, a selection waiting for its item, snapshotApplied: once a refresh is applied.
    void finishRefresh(const QString &id, const ClusterSnapshot &snapshot, qint64 applyMs);
    void showPanelsSnapshot(const AnalyzedSnapshot &analyzed);
    void updateStatusBar();
    void updateActions();
    void showOpenDialog();
    void showErrors();
    void showAbout();
    void updateWindowTitle();
    // The profile's colour, name and write access where they show: the band above the panels, the tree, the title,
    // and every write action (disabled with the reason on a read-only or locked production profile).
    void updateClusterAppearance(const QString &id);
    void updateWriteActions(const QString &id, bool groupSelected);
    QString writeBadge(const QString &id) const; // "read-only", "production"; empty for other profiles
    // Why the cluster's writes are off, with what to do about it; empty when they are allowed.
    QString writeBlockedReason(const QString &id) const;
    void showUnlockDialog();
    void wireHistory();
    void reloadChart();
    void showGroupBadge();
    void showFindings(); // the shown cluster's latest diagnosis in the doctor panel
    void exportChart();
    void exportGroupTable();
    void editThresholds(const QString &groupId);
    void notifyAlert(const QString &clusterId, const QString &groupId, const QString &text);

    ConnectionManager *m_connections = nullptr;
    ResetController *m_resets = nullptr;
    HistoryController *m_history = nullptr;
    PeekController *m_peeks = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_notifyAction = nullptr;
    QString m_selectedGroup;
    QString m_shownCluster; // the cluster the panels show
    QString m_pendingSelection;

    ClusterTreeModel *m_treeModel = nullptr;
    ClusterTreeView *m_treeView = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_stack = nullptr;
    GroupsPanel *m_groupsPanel = nullptr;
    BrokerPanel *m_brokerPanel = nullptr;
    TopicPanel *m_topicPanel = nullptr;
    GroupPanel *m_groupPanel = nullptr;
    DoctorPanel *m_doctor = nullptr;
    QDockWidget *m_doctorDock = nullptr;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_refreshLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QActionGroup *m_intervalGroup = nullptr;
    QAction *m_resetAction = nullptr;
    QAction *m_undoResetAction = nullptr;
    QAction *m_deleteOffsetsAction = nullptr;
    QAction *m_deleteGroupAction = nullptr;
    QAction *m_unlockAction = nullptr;
    QAction *m_lockAction = nullptr;
    QHash<QAction *, QString> m_writeTips;    // the write actions' tooltips while writes are allowed
    std::optional<QString> m_visualiserBlock; // what the visualisers were last told (they replot when told)
    ClusterBand *m_band = nullptr;
    QHash<QString, QString> m_lastRefreshText; // per cluster: "Refreshed 10:42:01 in 175 ms"
    qint64 m_lastApplyMs = 0;
    qint64 m_firstHalfMs = 0; // the parts of m_lastApplyMs before applyPanels()'s last
    // The refresh whose topic and group panels applyPanels() has still to update, and the one they show.
    std::optional<std::pair<QString, AnalyzedSnapshot>> m_pendingPanels;
    bool m_panelsTableApplied = false; // applyPanels() did the tables of m_pendingPanels; the visualiser is next
    AnalyzedSnapshot m_panelsSnapshot;
    QTimer *m_panelsTimer = nullptr;
};

} // namespace OffsetLens
