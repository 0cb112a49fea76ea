#include "mainwindow.h"

#include "background.h"
#include "brokerpanel.h"
#include "clientsettingsdialog.h"
#include "cliformat.h"
#include "clusterband.h"
#include "clustertreemodel.h"
#include "clustertreeview.h"
#include "doctorpanel.h"
#include "grouppanel.h"
#include "groupspanel.h"
#include "historycontroller.h"
#include "lagchartview.h"
#include "lagthresholdsdialog.h"
#include "numberformat.h"
#include "offsetvisualiser.h"
#include "peekcontroller.h"
#include "profilemanagerdialog.h"
#include "profilestore.h"
#include "resetcontroller.h"
#include "threadpriority.h"
#include "topicpanel.h"
#include "unlockwritesdialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {
using NodeKind = ClusterTreeModel::NodeKind;
constexpr int kIntervals[] = {0, 2000, 5000, 10000, 30000, 60000};

// Finds the tree node a --show spec names ("group:ID", "topic:NAME", "broker:ID", "groups", "brokers").
QModelIndex findNode(const QAbstractItemModel *model, const QString &kind, const QString &name,
                     const QModelIndex &parent = {})
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        const auto nodeKind = NodeKind(index.data(ClusterTreeModel::NodeKindRole).toInt());
        const bool match = (kind == QLatin1String("group") && nodeKind == NodeKind::Group &&
                            index.data(ClusterTreeModel::GroupIdRole).toString() == name) ||
                           (kind == QLatin1String("topic") && nodeKind == NodeKind::Topic &&
                            index.data(ClusterTreeModel::TopicNameRole).toString() == name) ||
                           (kind == QLatin1String("broker") && nodeKind == NodeKind::Broker &&
                            index.data(ClusterTreeModel::BrokerIdRole).toString() == name) ||
                           (kind == QLatin1String("groups") && nodeKind == NodeKind::GroupsCategory) ||
                           (kind == QLatin1String("brokers") && nodeKind == NodeKind::BrokersCategory);
        if (match)
            return index;
        // Partitions sit below topics and are never --show targets: no need to descend into topics.
        if (nodeKind == NodeKind::Cluster || nodeKind == NodeKind::BrokersCategory ||
            nodeKind == NodeKind::TopicsCategory || nodeKind == NodeKind::GroupsCategory) {
            if (const QModelIndex found = findNode(model, kind, name, index); found.isValid())
                return found;
        }
    }
    return {};
}
} // namespace

MainWindow::MainWindow(StartOptions options, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/offsetlens.svg")));
    setBackgroundGivesWay(true); // before any background thread starts: the GUI thread comes first

    m_connections = new ConnectionManager(options, this);
    m_panelsTimer = new QTimer(this);
    m_panelsTimer->setSingleShot(true);
    m_panelsTimer->setInterval(0);
    connect(m_panelsTimer, &QTimer::timeout, this, &MainWindow::applyPanels);
    m_resets = new ResetController(m_connections, this);
    m_history = new HistoryController(m_connections, this);
    m_treeModel = new ClusterTreeModel(this);
    m_treeView = new ClusterTreeView(m_treeModel, this);
    m_groupsPanel = new GroupsPanel(this);
    m_brokerPanel = new BrokerPanel(this);
    m_topicPanel = new TopicPanel(this);
    m_groupPanel = new GroupPanel(this);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_groupsPanel);
    m_stack->addWidget(m_brokerPanel);
    m_stack->addWidget(m_topicPanel);
    m_stack->addWidget(m_groupPanel);

    // The band names the cluster the panels below it show, in its profile's colour.
    m_band = new ClusterBand(this);
    auto *panels = new QWidget(this);
    auto *panelsLayout = new QVBoxLayout(panels);
    panelsLayout->setContentsMargins(0, 0, 0, 0);
    panelsLayout->setSpacing(0);
    panelsLayout->addWidget(m_band);
    panelsLayout->addWidget(m_stack, 1);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_treeView);
    m_splitter->addWidget(panels);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({440, 1000});
    setCentralWidget(m_splitter);

    // The offset doctor below the panels: it follows the selection (the cluster, a group, a topic).
    m_doctor = new DoctorPanel(this);
    m_doctorDock = new QDockWidget(tr("Doctor"), this);
    m_doctorDock->setObjectName(QStringLiteral("doctorDock"));
    m_doctorDock->setWidget(m_doctor);
    m_doctorDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                              QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_doctorDock);
    resizeDocks({m_doctorDock}, {260}, Qt::Vertical);

    // Activating a group in the overview selects it in the tree, which shows its panel.
    connect(m_groupsPanel, &GroupsPanel::groupActivated, this, [this](const QString &groupId) {
        m_treeView->selectSourceIndex(m_treeModel->groupIndex(m_shownCluster, groupId));
    });
    connect(m_groupPanel, &GroupPanel::resetRequested, this,
            [this](const QString &groupId) { m_resets->openReset(m_shownCluster, groupId); });
    // The visualisers' drag edits end in the same preview; once it wrote them, they are no longer pending.
    for (OffsetVisualiser *visualiser : {m_topicPanel->visualiser(), m_groupPanel->visualiser()}) {
        connect(visualiser, &OffsetVisualiser::reviewRequested, this,
                [this](const ResetRequest &request) { m_resets->openReset(m_shownCluster, request); });
        connect(m_resets, &ResetController::resetApplied, visualiser, &OffsetVisualiser::resetApplied);
    }
    connect(m_treeView, &ClusterTreeView::selectionChanged, this,
            [this](NodeKind kind, const QModelIndex &index) { onTreeSelection(int(kind), index); });

    connect(m_connections, &ConnectionManager::opened, this, &MainWindow::onOpened);
    connect(m_connections, &ConnectionManager::closed, this, &MainWindow::onClosed);
    connect(m_connections, &ConnectionManager::renamed, this, [this](const QString &id, const QString &name) {
        m_treeModel->setClusterName(id, name);
        updateWindowTitle();
    });
    // A new colour or flags, or writes unlocked or locked again: the band, tree, title and write actions follow.
    connect(m_connections, &ConnectionManager::profileUpdated, this, &MainWindow::updateClusterAppearance);
    connect(m_connections, &ConnectionManager::snapshotArrived, this, &MainWindow::onSnapshot);
    connect(m_connections, &ConnectionManager::statusChanged, this, &MainWindow::onStatusChanged);
    connect(m_connections, &ConnectionManager::refreshFailed, this, &MainWindow::onRefreshFailed);
    const auto updateIfCurrent = [this](const QString &id) {
        if (id == currentClusterId())
            updateStatusBar();
    };
    connect(m_connections, &ConnectionManager::refreshStarted, this, updateIfCurrent);
    connect(m_connections, &ConnectionManager::refreshProgress, this, updateIfCurrent);
    connect(m_connections, &ConnectionManager::refreshCancelled, this, updateIfCurrent);

    createActions();
    createStatusBar();
    wireHistory();
    restoreSettings();
    updateActions();
    updateWindowTitle();
}

MainWindow::~MainWindow()
{
    // First, while the views still exist; the manager's teardown never blocks.
    delete m_connections;
    m_connections = nullptr;
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QMenu *exportMenu = fileMenu->addMenu(tr("&Export"));
    QAction *exportChart = exportMenu->addAction(tr("&Chart…"), this, &MainWindow::exportChart);
    exportChart->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportChart->setToolTip(tr("The selected group's lag chart or topic's produce chart as PNG, JPG, PDF or CSV"));
    exportMenu->addAction(tr("Group &Table as CSV…"), this, &MainWindow::exportGroupTable)
        ->setToolTip(tr("The selected group's offsets in kafka-consumer-groups --describe column order"));
    QMenu *clusterMenu = menuBar()->addMenu(tr("&Cluster"));
    QAction *openAction = clusterMenu->addAction(tr("&Open Cluster…"), this, &MainWindow::showOpenDialog);
    openAction->setShortcut(QKeySequence::Open);
    openAction->setIcon(style()->standardIcon(QStyle::SP_DriveNetIcon));
    openAction->setToolTip(tr("Open a cluster beside the ones already open (%1)")
                               .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    m_closeAction = clusterMenu->addAction(tr("C&lose Cluster"), this, [this] { closeCluster(currentClusterId()); });
    m_closeAction->setShortcut(QKeySequence::Close);
    m_reconnectAction =
        clusterMenu->addAction(tr("Reco&nnect"), this, [this] { reconnectCluster(currentClusterId()); });
    m_reconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    clusterMenu->addSeparator();
    m_unlockAction =
        clusterMenu->addAction(tr("&Unlock Writes for This Session…"), this, &MainWindow::showUnlockDialog);
    m_lockAction = clusterMenu->addAction(tr("Loc&k Writes Again"), this,
                                          [this] { m_connections->setWritesUnlocked(currentClusterId(), false); });
    m_lockAction->setToolTip(tr("Make this production cluster read-only again"));
    clusterMenu->addSeparator();
    m_refreshAction =
        clusterMenu->addAction(tr("&Refresh"), this, [this] { m_connections->refreshNow(currentClusterId()); });
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_cancelAction = clusterMenu->addAction(tr("C&ancel Refresh"), this,
                                            [this] { m_connections->cancelRefresh(currentClusterId()); });
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_cancelAction->setIcon(style()->standardIcon(QStyle::SP_BrowserStop));

    QMenu *intervalMenu = clusterMenu->addMenu(tr("Auto-refresh &Interval"));
    m_intervalGroup = new QActionGroup(this);
    for (int ms : kIntervals) {
        QAction *a = intervalMenu->addAction(ms == 0 ? tr("Off") : tr("Every %n s", nullptr, ms / 1000));
        a->setCheckable(true);
        a->setData(ms);
        m_intervalGroup->addAction(a);
    }
    connect(m_intervalGroup, &QActionGroup::triggered, this,
            [this](QAction *a) { m_connections->setRefreshInterval(currentClusterId(), a->data().toInt()); });

    clusterMenu->addSeparator();
    QAction *quit = clusterMenu->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *groupMenu = menuBar()->addMenu(tr("&Group"));
    m_resetAction = groupMenu->addAction(tr("&Reset Offsets…"), this,
                                         [this] { m_resets->openReset(currentClusterId(), m_selectedGroup); });
    m_resetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resetAction->setToolTip(tr("Plan a reset of the selected group's offsets, with a preview of every change"));
    m_undoResetAction = groupMenu->addAction(tr("&Undo Last Reset…"), this,
                                             [this] { m_resets->openUndo(currentClusterId(), m_selectedGroup); });
    m_undoResetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    groupMenu->addSeparator();
    m_deleteOffsetsAction = groupMenu->addAction(
        tr("Delete &Offsets…"), this, [this] { m_resets->openDeleteOffsets(currentClusterId(), m_selectedGroup); });
    m_deleteGroupAction = groupMenu->addAction(tr("&Delete Group…"), this,
                                               [this] { m_resets->deleteGroup(currentClusterId(), m_selectedGroup); });
    m_undoResetAction->setToolTip(tr("Plan a reset back to the offsets the last reset of this group replaced"));
    m_deleteOffsetsAction->setToolTip(tr("Delete the selected group's committed offsets for chosen topics"));
    m_deleteGroupAction->setToolTip(tr("Delete the selected group with its committed offsets (inactive groups only)"));
    for (QAction *a : {m_resetAction, m_undoResetAction, m_deleteOffsetsAction, m_deleteGroupAction})
        m_writeTips.insert(a, a->toolTip());
    groupMenu->setToolTipsVisible(true); // why a write action is off shows on hover
    clusterMenu->setToolTipsVisible(true);
    groupMenu->addSeparator();
    QAction *audit = groupMenu->addAction(tr("&Audit Log…"), m_resets, &ResetController::showAuditLog);
    audit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(groupMenu, &QMenu::aboutToShow, this, &MainWindow::updateActions);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *filter = viewMenu->addAction(tr("&Filter Cluster Tree"), m_treeView, &ClusterTreeView::focusFilter);
    filter->setShortcut(QKeySequence::Find);
    QAction *errors = viewMenu->addAction(tr("Refresh &Errors…"), this, &MainWindow::showErrors);
    errors->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *doctor = m_doctorDock->toggleViewAction();
    doctor->setText(tr("&Doctor"));
    doctor->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    doctor->setToolTip(tr("Show or hide the offset doctor's findings"));
    viewMenu->addAction(doctor);
    viewMenu->addSeparator();
    m_notifyAction = viewMenu->addAction(tr("Desktop &Notifications for Lag Alerts"));
    m_notifyAction->setCheckable(true);
    m_notifyAction->setToolTip(tr("Show a desktop notification when a group passes one of its alert thresholds"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About OffsetLens"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(openAction);
    toolBar->addAction(m_refreshAction);
    toolBar->addAction(m_cancelAction);

    // The tree's context menu acts on the cluster of the item under the mouse (a right click makes it current).
    QTreeView *tree = m_treeView->treeView();
    tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    tree->addActions({m_resetAction, m_undoResetAction, m_deleteOffsetsAction, m_deleteGroupAction, separator,
                      m_refreshAction, m_reconnectAction, m_closeAction});
}

void MainWindow::createStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_refreshLabel = new QLabel(this);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setTextFormat(Qt::RichText);
    m_errorLabel->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_errorLabel, &QLabel::linkActivated, this, &MainWindow::showErrors);
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_refreshLabel);
    statusBar()->addWidget(m_errorLabel, 1);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray()))
        resize(1360, 820);
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
    m_treeView->restoreState(settings.value(QStringLiteral("tree")).toByteArray());
    m_groupsPanel->restoreState(settings.value(QStringLiteral("groupsPanel")).toByteArray());
    m_brokerPanel->restoreState(settings.value(QStringLiteral("brokerPanel")).toByteArray());
    m_topicPanel->restoreState(settings.value(QStringLiteral("topicPanel")).toByteArray());
    m_groupPanel->restoreState(settings.value(QStringLiteral("groupPanel")).toByteArray());
    m_notifyAction->setChecked(settings.value(QStringLiteral("notifyAlerts"), false).toBool());
    m_groupPanel->chart()->restoreState(settings.value(QStringLiteral("groupChart")).toByteArray());
    m_topicPanel->chart()->restoreState(settings.value(QStringLiteral("topicChart")).toByteArray());
    m_topicPanel->restoreVisualiserState(settings.value(QStringLiteral("topicVisualiser")).toByteArray());
    m_groupPanel->restoreVisualiserState(settings.value(QStringLiteral("groupVisualiser")).toByteArray());
    settings.endGroup();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("tree"), m_treeView->saveState());
    settings.setValue(QStringLiteral("groupsPanel"), m_groupsPanel->saveState());
    settings.setValue(QStringLiteral("brokerPanel"), m_brokerPanel->saveState());
    settings.setValue(QStringLiteral("topicPanel"), m_topicPanel->saveState());
    settings.setValue(QStringLiteral("groupPanel"), m_groupPanel->saveState());
    settings.setValue(QStringLiteral("notifyAlerts"), m_notifyAction->isChecked());
    settings.setValue(QStringLiteral("groupChart"), m_groupPanel->chart()->saveState());
    settings.setValue(QStringLiteral("topicChart"), m_topicPanel->chart()->saveState());
    settings.setValue(QStringLiteral("topicVisualiser"), m_topicPanel->saveVisualiserState());
    settings.setValue(QStringLiteral("groupVisualiser"), m_groupPanel->saveVisualiserState());
    // Only profiles can be reopened: the demo and saved ones, not ad-hoc --bootstrap connections.
    QStringList reopen;
    const ProfileStore store;
    for (const QString &id : m_connections->openIds()) {
        if (id == ProfileStore::demoProfileId() || store.profileById(id))
            reopen.append(id);
    }
    settings.setValue(QStringLiteral("openProfiles"), reopen);
    settings.endGroup();
}

QList<ConnectionProfile> MainWindow::lastOpenProfiles()
{
    const QStringList ids = QSettings().value(QStringLiteral("mainWindow/openProfiles")).toStringList();
    QList<ConnectionProfile> profiles;
    qsizetype gone = 0;
    const ProfileStore store;
    for (const QString &id : ids) {
        if (const std::optional<ConnectionProfile> profile = store.profileById(id))
            profiles.append(*profile);
        else
            ++gone;
    }
    if (gone > 0)
        statusBar()->showMessage(tr("%n cluster profile(s) open when OffsetLens last quit no longer exist and were "
                                    "not reopened",
                                    nullptr, int(gone)),
                                 30000);
    return profiles;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

QString MainWindow::openCluster(const ConnectionProfile &profile)
{
    const bool wasOpen = m_connections->isOpen(profile.id);
    const QString id = m_connections->open(profile);
    if (wasOpen)
        m_treeView->selectSourceIndex(m_treeModel->clusterIndex(id));
    return id;
}

void MainWindow::closeCluster(const QString &profileId)
{
    m_connections->close(profileId);
}

void MainWindow::reconnectCluster(const QString &profileId)
{
    m_lastRefreshText.remove(profileId);
    m_connections->reconnect(profileId);
    if (profileId == currentClusterId())
        updateStatusBar();
}

QString MainWindow::currentClusterId() const
{
    if (!m_shownCluster.isEmpty())
        return m_shownCluster;
    return m_connections->openIds().value(0);
}

ClusterSnapshot MainWindow::snapshot() const
{
    return m_connections->latest(currentClusterId()).snapshot();
}

void MainWindow::onOpened(const QString &id, const QString &name)
{
    m_treeModel->addCluster(id, name);
    m_treeModel->setConnectionState(id, m_connections->statusText(id));
    updateClusterAppearance(id);
    // What was just opened is what the user wants to see (unless a --show selection is waiting to be applied).
    if (m_pendingSelection.isEmpty() || m_shownCluster.isEmpty())
        m_treeView->selectSourceIndex(m_treeModel->clusterIndex(id));
    updateActions();
    updateWindowTitle();
}

void MainWindow::onClosed(const QString &id)
{
    m_treeModel->removeCluster(id);
    m_lastRefreshText.remove(id);
    if (m_shownCluster == id) {
        m_shownCluster.clear();
        const QString next = m_connections->openIds().value(0);
        if (next.isEmpty())
            showCluster(QString());
        else
            m_treeView->selectSourceIndex(m_treeModel->clusterIndex(next));
    }
    updateActions();
    updateWindowTitle();
}

// A refresh is applied in two events: the tree, the groups table and the broker panel at once, the topic and group
// panels (their tables and visualisers: 10,000 rows for a big group) in a timer event right after, so the GUI gets to
// input and paint in between (at 100,000 partitions both halves together took 60 ms).
void MainWindow::onSnapshot(const QString &id, const AnalyzedSnapshot &analyzed)
{
    QElapsedTimer applyTimer;
    applyTimer.start();
    m_treeModel->applySnapshot(analyzed);
    if (m_shownCluster.isEmpty())
        m_shownCluster = id;
    if (id != m_shownCluster) {
        finishRefresh(id, analyzed.snapshot(), applyTimer.elapsed());
        return;
    }
    m_groupsPanel->applySnapshot(analyzed);
    m_brokerPanel->applySnapshot(analyzed);
    m_pendingPanels = {id, analyzed};
    m_panelsTableApplied = false;
    m_firstHalfMs = applyTimer.elapsed();
    m_panelsTimer->start();
}

// A refresh reaches the views in three events, each well under the 50 ms a stall may take at 100,000 partitions
// with a group of 10,000 shown: the tree and the groups table (onSnapshot), then the topic panel and the group's
// table, then the visualiser.
void MainWindow::applyPanels()
{
    if (!m_pendingPanels)
        return;
    QElapsedTimer applyTimer;
    applyTimer.start();
    if (!m_panelsTableApplied && m_pendingPanels->first == m_shownCluster) {
        m_topicPanel->applySnapshot(m_pendingPanels->second);
        m_groupPanel->applySnapshot(m_pendingPanels->second, true);
        m_panelsTableApplied = true;
        m_firstHalfMs += applyTimer.elapsed();
        m_panelsTimer->start();
        return;
    }
    const auto [id, analyzed] = *std::exchange(m_pendingPanels, std::nullopt);
    if (id == m_shownCluster) {
        m_groupPanel->applyVisualiser();
        showPanelsSnapshot(analyzed);
        reloadChart(); // this refresh is in the history now (or will be when the chart's load runs after it)
    }
    if (m_connections->isOpen(id)) // not closed meanwhile
        finishRefresh(id, analyzed.snapshot(), m_firstHalfMs + applyTimer.elapsed());
}

void MainWindow::finishRefresh(const QString &id, const ClusterSnapshot &snapshot, qint64 applyMs)
{
    QElapsedTimer applyTimer;
    applyTimer.start();
    const QString when = QLocale().toString(snapshot.takenAt.toLocalTime().time(), QLocale::LongFormat);
    QString refreshed = tr("Refreshed %1 in %2 ms").arg(when).arg(snapshot.durationMs);
    if (snapshot.carriedValues > 0)
        refreshed += tr(" · %1 from an earlier refresh (grey)")
                         .arg(formatCountOf(snapshot.carriedValues, tr("value"), tr("values")));
    m_lastRefreshText.insert(id, refreshed);
    if (id == currentClusterId())
        updateStatusBar();
    applyPendingSelection();
    m_lastApplyMs = applyMs + applyTimer.elapsed();
    Q_EMIT snapshotApplied(snapshot);
}

void MainWindow::showPanelsSnapshot(const AnalyzedSnapshot &analyzed)
{
    // The panels have let go of the snapshot they showed; this is its last copy, freed off the GUI thread (tens of
    // ms at 100,000 partitions).
    Background::release("snapshot-release", std::exchange(m_panelsSnapshot, analyzed));
}

void MainWindow::onStatusChanged(const QString &id, const QString &text)
{
    m_treeModel->setConnectionState(id, text);
    if (id == currentClusterId())
        updateStatusBar();
}

void MainWindow::onRefreshFailed(const QString &id, const QString &message)
{
    if (id == currentClusterId())
        updateStatusBar();
    Q_EMIT connectionFailed(message);
}

void MainWindow::showCluster(const QString &id)
{
    if (id != m_shownCluster) {
        m_shownCluster = id;
        // The panels now belong to this cluster: its latest snapshot (or none yet) replaces the other's.
        const AnalyzedSnapshot latest = m_connections->latest(id);
        m_groupsPanel->applySnapshot(latest);
        m_brokerPanel->applySnapshot(latest);
        m_topicPanel->applySnapshot(latest);
        m_groupPanel->applySnapshot(latest);
        showPanelsSnapshot(latest);
        m_groupsPanel->model()->setBadges(m_history->badges(id)); // its badges went with the other cluster's rows
        showFindings();
        showGroupBadge();
        reloadChart();
    }
    updateStatusBar();
    updateActions();
    updateWindowTitle();
}

void MainWindow::updateStatusBar()
{
    const QString id = currentClusterId();
    m_stateLabel->setText(m_connections->statusText(id));
    const QString last = m_lastRefreshText.value(id);
    const bool refreshing = m_connections->isRefreshing(id);
    // Keep the last result visible while the next one is on its way; a slow cluster then reads as "busy", and
    // says at what.
    if (refreshing) {
        const QString step = m_connections->refreshStep(id);
        const QString doing = step.isEmpty() ? tr("Refreshing…") : tr("Refreshing: %1…").arg(step.toLower());
        m_refreshLabel->setText(last.isEmpty() ? doing : tr("%1 (%2)").arg(doing, last));
    }
    m_cancelAction->setEnabled(refreshing);
    const QStringList problems = m_connections->problems(id);
    const ClusterSession *session = m_connections->session(id);
    const bool failed = !session || session->state() == ClusterSession::State::Failed;
    if (!refreshing) {
        // After a failed refresh the panels still show the last one that worked: say how old all of it is.
        const AnalyzedSnapshot latest = m_connections->latest(id);
        if (failed && session && latest.isValid()) {
            const QString at = QLocale().toString(latest.snapshot().takenAt.toLocalTime().time(), QLocale::LongFormat);
            m_refreshLabel->setText(tr("Stale: everything shown was read at %1").arg(at));
        } else {
            m_refreshLabel->setText(last);
        }
    }
    if (problems.isEmpty()) {
        m_errorLabel->clear();
    } else if (failed) {
        m_errorLabel->setText(
            tr("<a href=\"#errors\">Refresh failed</a>: %1").arg(problems.constFirst().toHtmlEscaped()));
    } else {
        m_errorLabel->setText(tr("<a href=\"#errors\">%1</a>: %2")
                                  .arg(formatCountOf(problems.size(), tr("problem"), tr("problems")))
                                  .arg(problems.constFirst().toHtmlEscaped()));
    }
}

void MainWindow::updateActions()
{
    const QString id = currentClusterId();
    const bool open = m_connections->isOpen(id);
    for (QAction *a : {m_refreshAction, m_closeAction, m_reconnectAction})
        a->setEnabled(open);
    m_intervalGroup->setEnabled(open);
    const int interval = m_connections->refreshInterval(id);
    for (QAction *a : m_intervalGroup->actions())
        a->setChecked(open && a->data().toInt() == interval);
    m_cancelAction->setEnabled(m_connections->isRefreshing(id));
    const bool group = open && !m_selectedGroup.isEmpty() && m_connections->latest(id).isValid();
    updateWriteActions(id, group);
}

QString MainWindow::writeBlockedReason(const QString &id) const
{
    if (!m_connections->isOpen(id))
        return {};
    QString reason = m_connections->writeRefusal(id);
    if (!reason.isEmpty() && m_connections->canUnlockWrites(id))
        reason += tr(" (Cluster → Unlock Writes for This Session…)");
    return reason;
}

void MainWindow::updateWriteActions(const QString &id, bool groupSelected)
{
    const QString blocked = writeBlockedReason(id);
    m_doctor->setWriteBlocked(blocked);
    for (QAction *a : {m_resetAction, m_undoResetAction, m_deleteOffsetsAction, m_deleteGroupAction}) {
        const bool possible = groupSelected && (a != m_undoResetAction || m_resets->canUndo(id, m_selectedGroup));
        a->setEnabled(possible && blocked.isEmpty());
        a->setToolTip(blocked.isEmpty() ? m_writeTips.value(a) : blocked);
        a->setStatusTip(blocked);
    }
    QPushButton *reset = m_groupPanel->resetButton();
    reset->setEnabled(blocked.isEmpty());
    reset->setToolTip(blocked.isEmpty() ? m_writeTips.value(m_resetAction) : blocked);
    // Told only on a change: the visualisers re-plan their editability and replot.
    if (m_visualiserBlock != blocked) {
        m_visualiserBlock = blocked;
        for (OffsetVisualiser *visualiser : {m_topicPanel->visualiser(), m_groupPanel->visualiser()})
            visualiser->setReadOnly(!blocked.isEmpty(), blocked);
    }

    const ConnectionProfile profile = m_connections->profile(id);
    const bool lockable = m_connections->isOpen(id) && profile.production && !profile.readOnly;
    m_unlockAction->setEnabled(m_connections->canUnlockWrites(id));
    m_unlockAction->setToolTip(
        lockable ? tr("Allow writes to %1 until OffsetLens quits (asks you to type its name)").arg(profile.name)
                 : tr("Only production profiles are locked; read-only profiles never write"));
    m_lockAction->setEnabled(m_connections->writesUnlocked(id));
}

void MainWindow::showUnlockDialog()
{
    const QString id = currentClusterId();
    if (!m_connections->canUnlockWrites(id))
        return;
    const ConnectionProfile profile = m_connections->profile(id);
    auto *dialog = new UnlockWritesDialog(profile.name, profile.isDemo ? QString() : profile.bootstrapServers, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The cluster the dialog named, even if the selection moved meanwhile.
    connect(dialog, &QDialog::accepted, this, [this, id] {
        m_connections->setWritesUnlocked(id, true);
        statusBar()->showMessage(
            tr("Writes to %1 are unlocked until OffsetLens quits").arg(m_connections->profile(id).name), 10000);
    });
    dialog->open();
}

QString MainWindow::writeBadge(const QString &id) const
{
    const ConnectionProfile profile = m_connections->profile(id);
    if (profile.readOnly)
        return tr("read-only");
    if (profile.production)
        return m_connections->writesUnlocked(id) ? tr("production, writes unlocked") : tr("production");
    return {};
}

void MainWindow::updateClusterAppearance(const QString &id)
{
    m_treeModel->setClusterAppearance(id, m_connections->profile(id).colour, writeBadge(id));
    if (id == currentClusterId()) {
        updateActions();
        updateWindowTitle();
    }
}

void MainWindow::onTreeSelection(int kind, const QModelIndex &sourceIndex)
{
    showCluster(ClusterTreeModel::profileId(sourceIndex));
    m_selectedGroup =
        NodeKind(kind) == NodeKind::Group ? sourceIndex.data(ClusterTreeModel::GroupIdRole).toString() : QString();
    updateActions();
    const bool topicNode = NodeKind(kind) == NodeKind::Topic || NodeKind(kind) == NodeKind::Partition;
    m_doctor->setScope(m_selectedGroup,
                       topicNode ? sourceIndex.data(ClusterTreeModel::TopicNameRole).toString() : QString());
    switch (NodeKind(kind)) {
    case NodeKind::Broker:
        m_brokerPanel->showBroker(sourceIndex.data(ClusterTreeModel::BrokerIdRole).toInt());
        m_stack->setCurrentWidget(m_brokerPanel);
        break;
    case NodeKind::BrokersCategory:
        m_brokerPanel->showBroker(-1);
        m_stack->setCurrentWidget(m_brokerPanel);
        break;
    case NodeKind::Topic:
        m_topicPanel->setTopic(sourceIndex.data(ClusterTreeModel::TopicNameRole).toString());
        m_stack->setCurrentWidget(m_topicPanel);
        reloadChart();
        break;
    case NodeKind::Partition:
        m_topicPanel->setTopic(sourceIndex.data(ClusterTreeModel::TopicNameRole).toString());
        m_topicPanel->showPartition(sourceIndex.data(ClusterTreeModel::PartitionRole).toInt());
        m_stack->setCurrentWidget(m_topicPanel);
        reloadChart();
        break;
    case NodeKind::Group:
        m_groupPanel->setGroup(sourceIndex.data(ClusterTreeModel::GroupIdRole).toString());
        m_stack->setCurrentWidget(m_groupPanel);
        showGroupBadge();
        reloadChart();
        break;
    case NodeKind::Cluster:
    case NodeKind::TopicsCategory:
    case NodeKind::GroupsCategory:
        m_stack->setCurrentWidget(m_groupsPanel);
        break;
    }
}

bool MainWindow::selectItem(const QString &spec)
{
    static const QStringList kinds{QStringLiteral("group"), QStringLiteral("topic"), QStringLiteral("broker"),
                                   QStringLiteral("groups"), QStringLiteral("brokers")};
    const QString kind = spec.section(QLatin1Char(':'), 0, 0);
    if (!kinds.contains(kind))
        return false;
    m_pendingSelection = spec;
    applyPendingSelection();
    return true;
}

void MainWindow::applyPendingSelection()
{
    if (m_pendingSelection.isEmpty())
        return;
    const QString kind = m_pendingSelection.section(QLatin1Char(':'), 0, 0);
    const QString name = m_pendingSelection.section(QLatin1Char(':'), 1);
    const QModelIndex index = findNode(m_treeModel, kind, name);
    // Categories exist before the first snapshot: wait for data under them, so the panel has something to show.
    if (!index.isValid() || !m_connections->latest(ClusterTreeModel::profileId(index)).isValid())
        return; // not there yet; try again with the next snapshot
    m_pendingSelection.clear();
    m_treeView->selectSourceIndex(index);
}

void MainWindow::showOpenDialog()
{
    // The manager connects and disconnects through m_connections; the window follows the manager's signals.
    ProfileManagerDialog dialog(m_connections, this);
    dialog.selectProfile(currentClusterId());
    dialog.exec();
}

void MainWindow::showErrors()
{
    const QStringList problems = m_connections->problems(currentClusterId());
    const QString cluster = m_connections->profile(currentClusterId()).name;
    if (problems.isEmpty()) {
        QMessageBox::information(this, tr("Refresh Errors"),
                                 tr("The last refresh of %1 reported no problems.").arg(cluster));
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Refresh Errors"),
                    tr("The last refresh of %1 reported %2. What could be read is shown.")
                        .arg(cluster, formatCountOf(problems.size(), tr("problem"), tr("problems"))),
                    QMessageBox::Close, this);
    box.setDetailedText(problems.join(QLatin1Char('\n')));
    box.exec();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About OffsetLens"),
                       tr("<h3>OffsetLens %1</h3><p>Explore and manage Apache Kafka offsets, lag and resets.</p>"
                          "<p>Lag = high watermark − committed offset, as kafka-consumer-groups computes it.</p>")
                           .arg(QStringLiteral(OFFSETLENS_VERSION)));
}

void MainWindow::updateWindowTitle()
{
    const QString id = currentClusterId();
    const ConnectionProfile profile = m_connections->profile(id);
    QString target = profile.isDemo || profile.name == profile.bootstrapServers || profile.bootstrapServers.isEmpty()
                         ? profile.name
                         : QStringLiteral("%1 (%2)").arg(profile.name, profile.bootstrapServers);
    // The title and the band name the same cluster: the one the panels show.
    const QString badge = writeBadge(id);
    if (!badge.isEmpty())
        target += QStringLiteral(" [%1]").arg(badge);
    m_band->setCluster(m_connections->isOpen(id) ? profile.name : QString(), profile.colour, badge.toUpper());
    const qsizetype others = m_connections->openIds().size() - 1;
    if (others > 0)
        target += tr(" + %n more", nullptr, int(others));
    setWindowTitle(target.isEmpty() ? tr("OffsetLens") : tr("%1 — OffsetLens").arg(target));
}

void MainWindow::wireHistory()
{
    connect(m_history, &HistoryController::badgesChanged, this, [this](const ClusterBadges &badges) {
        m_treeModel->setBadges(badges);
        if (badges.profileId == m_shownCluster) {
            m_groupsPanel->model()->setBadges(badges);
            showGroupBadge();
            showFindings();
        }
    });
    connect(m_history, &HistoryController::alertRaised, this, &MainWindow::notifyAlert);
    connect(m_history, &HistoryController::storeMessage, this,
            [this](const QString &, const QString &message) { statusBar()->showMessage(message, 30000); });
    connect(m_history, &HistoryController::chartLoaded, this,
            [this](const QString &clusterId, const QString &key, const LagChartData &chart) {
                if (clusterId != m_shownCluster)
                    return;
                // A chart of another group, topic or kind (the user moved on meanwhile) is ignored by the view.
                if (key == QLatin1String("groupChart"))
                    m_groupPanel->chart()->setChartData(chart);
                else if (key == QLatin1String("topicChart"))
                    m_topicPanel->chart()->setChartData(chart);
            });
    connect(m_history, &HistoryController::exactTimeLagMeasured, this,
            [this](const QString &clusterId, const QString &groupId, const QString &text) {
                if (clusterId == m_shownCluster && groupId == m_groupPanel->group())
                    m_groupPanel->setExactTimeLag(text);
            });
    connect(m_groupPanel, &GroupPanel::chartShown, this, &MainWindow::reloadChart);
    connect(m_topicPanel, &TopicPanel::chartShown, this, &MainWindow::reloadChart);
    for (LagChartView *chart : {m_groupPanel->chart(), m_topicPanel->chart()}) {
        connect(chart, &LagChartView::rangeChanged, this, &MainWindow::reloadChart);
        connect(chart, &LagChartView::dataNeeded, this, &MainWindow::reloadChart);
        connect(chart, &LagChartView::exportRequested, this, &MainWindow::exportChart);
    }
    connect(m_groupPanel, &GroupPanel::exactTimeLagRequested, this,
            [this](const QString &groupId) { m_history->measureExactTimeLag(m_shownCluster, groupId); });
    connect(m_groupPanel, &GroupPanel::thresholdsRequested, this, &MainWindow::editThresholds);
    m_peeks = new PeekController(m_connections, this);
    connect(m_groupPanel, &GroupPanel::peekRequested, m_peeks,
            [this](const QString &topic, int partition, qint64 committed) {
                m_peeks->openPeek(m_shownCluster, {topic, partition}, committed, committed);
            });
    connect(m_groupPanel->visualiser(), &OffsetVisualiser::peekRequested, m_peeks,
            [this](const TopicPartition &tp, qint64 committed, qint64 offset) {
                m_peeks->openPeek(m_shownCluster, tp, committed, offset);
            });

    // The doctor's fixes open the same preview as every other reset; its peek the same window.
    connect(m_doctor, &DoctorPanel::resetRequested, this,
            [this](const ResetRequest &request) { m_resets->openReset(m_shownCluster, request); });
    connect(m_doctor, &DoctorPanel::peekRequested, m_peeks, [this](const TopicPartition &tp, qint64 committed) {
        m_peeks->openPeek(m_shownCluster, tp, committed, committed);
    });
    connect(m_doctor, &DoctorPanel::clientSettingsRequested, this, [this](const QString &groupId) {
        // Window-modal and not exec(): refreshes go on behind it. The cluster is the one shown when it opened.
        const QString clusterId = m_shownCluster;
        auto *dialog = new ClientSettingsDialog(groupId, m_history->clientAssumptions(clusterId, groupId), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, clusterId, groupId] {
            m_history->setClientAssumptions(clusterId, groupId, dialog->client());
        });
        dialog->open();
    });
    connect(m_doctor, &DoctorPanel::groupActivated, this, [this](const QString &groupId) {
        m_treeView->selectSourceIndex(m_treeModel->groupIndex(m_shownCluster, groupId));
    });
    connect(m_doctor, &DoctorPanel::countsChanged, this, [this](int errors, int warnings, int) {
        QStringList parts;
        if (errors > 0)
            parts.append(errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors));
        if (warnings > 0)
            parts.append(warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
        m_doctorDock->setWindowTitle(parts.isEmpty() ? tr("Doctor")
                                                     : tr("Doctor — %1").arg(parts.join(QStringLiteral(", "))));
    });
}

void MainWindow::showFindings()
{
    const ClusterBadges badges = m_history->badges(m_shownCluster);
    if (badges.profileId.isEmpty())
        m_doctor->clear(); // not diagnosed yet (or no cluster)
    else
        m_doctor->setFindings(badges.profileId, badges.findings);
}

void MainWindow::showGroupBadge()
{
    const QString group = m_groupPanel->group();
    const ClusterBadges badges = m_history->badges(m_shownCluster);
    const auto it = badges.groups.constFind(group);
    m_groupPanel->setBadge(it == badges.groups.cend() ? std::nullopt : std::optional<GroupBadge>(*it));
}

void MainWindow::reloadChart()
{
    if (m_shownCluster.isEmpty())
        return;
    // Only a chart in view is loaded: each is built on the history thread, and a hidden one would waste it.
    const std::pair<LagChartView *, QString> charts[] = {
        {m_groupPanel->isChartShown() ? m_groupPanel->chart() : nullptr, QStringLiteral("groupChart")},
        {m_topicPanel->isChartShown() ? m_topicPanel->chart() : nullptr, QStringLiteral("topicChart")}};
    for (const auto &[chart, key] : charts) {
        if (!chart || chart->subjectName().isEmpty())
            continue;
        LagHistoryStore::ChartRequest request;
        request.subject = chart->subject();
        request.name = chart->subjectName();
        request.kind = chart->kind();
        const auto [from, to] = chart->range();
        request.fromMs = from;
        request.toMs =
            to + 60000; // a little past "now", so that a preset's end (which moves with the clock) is covered
        m_history->loadChart(m_shownCluster, request, key);
    }
}

void MainWindow::exportChart()
{
    // The chart of the group or topic shown; what is exported is what is shown.
    LagChartView *chart = nullptr;
    if (m_stack->currentWidget() == m_groupPanel && !m_groupPanel->group().isEmpty()) {
        chart = m_groupPanel->chart();
        m_groupPanel->tabs()->setCurrentWidget(chart);
    } else if (m_stack->currentWidget() == m_topicPanel && !m_topicPanel->topic().isEmpty()) {
        chart = m_topicPanel->chart();
        m_topicPanel->tabs()->setCurrentWidget(chart);
    } else {
        QMessageBox::information(this, tr("Export Chart"), tr("Select a consumer group or a topic first."));
        return;
    }
    const QString suffix =
        chart->subject() == HistorySubject::Topic ? QStringLiteral("produce") : QStringLiteral("lag");
    auto *dialog = new ChartExportDialog(
        QDir::home().filePath(
            QStringLiteral("%1-%2.png")
                .arg(QString(chart->subjectName()).replace(QLatin1Char('/'), QLatin1Char('_')), suffix)),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, chart] {
        QString error;
        if (!chart->exportTo(dialog->path(), dialog->imageWidth(), dialog->imageHeight(), dialog->dpi(), &error))
            QMessageBox::warning(this, tr("Export Chart"), tr("The chart was not exported: %1").arg(error));
        else
            statusBar()->showMessage(tr("Exported %1").arg(dialog->path()), 10000);
    });
    dialog->open();
}

void MainWindow::exportGroupTable()
{
    const QString group = m_groupPanel->group();
    const ClusterSnapshot snapshot = m_connections->latest(m_shownCluster).snapshot();
    if (group.isEmpty() || !snapshot.findGroup(group)) {
        QMessageBox::information(this, tr("Export Group Table"), tr("Select a consumer group first."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Group Table"),
        QDir::home().filePath(QStringLiteral("%1.csv").arg(QString(group).replace(QLatin1Char('/'), QLatin1Char('_')))),
        tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    DescribeRequest request;
    request.groups = {group};
    request.format = OutputFormat::Csv;
    const QByteArray csv = formatDescribe(snapshot, request).out.toUtf8();
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(csv) != csv.size() || !file.flush()) {
        QMessageBox::warning(this, tr("Export Group Table"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 10000);
}

void MainWindow::editThresholds(const QString &groupId)
{
    const QString clusterId = m_shownCluster;
    auto *dialog = new LagThresholdsDialog(groupId, m_history->thresholds(clusterId, groupId), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, clusterId, groupId] { m_history->setThresholds(clusterId, groupId, dialog->thresholds()); });
    dialog->open();
}

void MainWindow::notifyAlert(const QString &clusterId, const QString &groupId, const QString &text)
{
    const QString name = m_connections->profile(clusterId).name;
    const QString message = tr("Lag alert on %1, group %2: %3").arg(name, groupId, text);
    statusBar()->showMessage(message, 60000);
    if (!m_notifyAction->isChecked() || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(tr("OffsetLens"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            show();
            raise();
            activateWindow();
        });
        m_tray->show();
    }
    m_tray->showMessage(tr("Lag alert: %1").arg(groupId), message, QSystemTrayIcon::Warning, 10000);
}

} // namespace OffsetLens
