#pragma once

#include "clustersession.h"
#include "connectionprofile.h"
#include "democluster.h"
#include "snapshot.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QLabel;
class QSplitter;
class QStackedWidget;
class QActionGroup;
class QAction;
class QThread;

namespace OffsetLens {

class BrokerPanel;
class ClusterTreeModel;
class ClusterTreeView;
class DemoCluster;
class GroupPanel;
class GroupsPanel;
class TopicPanel;

// The desktop app's window: the cluster tree on the left, a detail panel for the selection on the right, the
// connection's state in the status bar. It owns the connection (and the embedded demo cluster when that is the
// profile) and hands each published snapshot to the models on the GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct StartOptions
    {
        DemoCluster::Options demo;  // used when connecting to the demo profile
        int refreshIntervalMs = -1; // -1: the profile's own
    };

    explicit MainWindow(StartOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const ConnectionProfile &profile);
    // Selects "group:ID", "topic:NAME", "broker:ID", "groups", "brokers" as soon as it exists. False if malformed.
    bool selectItem(const QString &spec);
    const ClusterSnapshot &snapshot() const { return m_snapshot; }
    qint64 lastApplyMs() const { return m_lastApplyMs; } // GUI-thread time the last snapshot took to apply

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
    void disconnectSession();
    void retireDemo(std::unique_ptr<DemoCluster> demo);
    void startSession(const ConnectionProfile &profile);
    void applySnapshot(const ClusterSnapshot &snapshot);
    void onStateChanged(ClusterSession::State state);
    void onRefreshFailed(quint64 sequence, const QString &message);
    void onTreeSelection(int kind, const QModelIndex &sourceIndex);
    void applyPendingSelection();
    void setRefreshInterval(int ms);
    void showConnectDialog();
    void showErrors();
    void showAbout();
    void updateWindowTitle();

    StartOptions m_options;
    ConnectionProfile m_profile;
    std::unique_ptr<DemoCluster> m_demo;
    QPointer<QThread> m_demoStarter;         // starts the demo off the GUI thread
    QList<QPointer<QThread>> m_demoStoppers; // stop demos that are no longer wanted, off the GUI thread
    quint64 m_connectGeneration = 0;         // tells a finished demo start whether it is still wanted
    ClusterSession *m_session = nullptr;
    ClusterSnapshot m_snapshot;
    QString m_pendingSelection;

    ClusterTreeModel *m_treeModel = nullptr;
    ClusterTreeView *m_treeView = nullptr;
    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_stack = nullptr;
    GroupsPanel *m_groupsPanel = nullptr;
    BrokerPanel *m_brokerPanel = nullptr;
    TopicPanel *m_topicPanel = nullptr;
    GroupPanel *m_groupPanel = nullptr;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_refreshLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QActionGroup *m_intervalGroup = nullptr;
    QStringList m_lastErrors;
    QString m_lastRefreshText;
    qint64 m_lastApplyMs = 0;
};

} // namespace OffsetLens
