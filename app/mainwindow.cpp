#include "mainwindow.h"

#include "brokerpanel.h"
#include "clustertreemodel.h"
#include "clustertreeview.h"
#include "connectdialog.h"
#include "democluster.h"
#include "grouppanel.h"
#include "groupspanel.h"
#include "numberformat.h"
#include "profilestore.h"
#include "topicpanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QThread>
#include <QToolBar>
#include <QUrl>

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
QString intervalKey(const QString &profileName)
{
    // Profile names may contain '/', which QSettings would take for a group separator.
    return QStringLiteral("refreshInterval/") + QString::fromLatin1(QUrl::toPercentEncoding(profileName));
}
} // namespace

MainWindow::MainWindow(StartOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(options)
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/offsetlens.svg")));

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

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_treeView);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({440, 1000});
    setCentralWidget(m_splitter);

    // Activating a group in the overview selects it in the tree, which shows its panel.
    connect(m_groupsPanel, &GroupsPanel::groupActivated, this,
            [this](const QString &groupId) { m_treeView->selectSourceIndex(m_treeModel->groupIndex(groupId)); });
    connect(m_treeView, &ClusterTreeView::selectionChanged, this,
            [this](NodeKind kind, const QModelIndex &index) { onTreeSelection(int(kind), index); });

    createActions();
    createStatusBar();
    restoreSettings();
    updateWindowTitle();
}

MainWindow::~MainWindow()
{
    // A demo still starting up finishes first (it takes well under a second); deleting its thread then also
    // destroys the demo it started.
    if (m_demoStarter) {
        m_demoStarter->wait();
        delete m_demoStarter;
    }
    disconnectSession();
    // The window goes, and with it (usually) the process: demos still stopping finish first.
    for (const QPointer<QThread> &stopper : std::as_const(m_demoStoppers)) {
        if (stopper)
            stopper->wait();
    }
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&Cluster"));
    QAction *connectAction = fileMenu->addAction(tr("&Connect…"), this, &MainWindow::showConnectDialog);
    connectAction->setShortcut(QKeySequence::Open);
    connectAction->setIcon(style()->standardIcon(QStyle::SP_DriveNetIcon));
    m_refreshAction = fileMenu->addAction(tr("&Refresh"), this, [this] {
        if (m_session)
            m_session->refreshNow();
    });
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_cancelAction = fileMenu->addAction(tr("C&ancel Refresh"), this, [this] {
        if (m_session)
            m_session->cancelRefresh();
    });
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_cancelAction->setIcon(style()->standardIcon(QStyle::SP_BrowserStop));
    m_cancelAction->setEnabled(false);

    QMenu *intervalMenu = fileMenu->addMenu(tr("Auto-refresh &Interval"));
    m_intervalGroup = new QActionGroup(this);
    for (int ms : kIntervals) {
        QAction *a = intervalMenu->addAction(ms == 0 ? tr("Off") : tr("Every %n s", nullptr, ms / 1000));
        a->setCheckable(true);
        a->setData(ms);
        m_intervalGroup->addAction(a);
    }
    connect(m_intervalGroup, &QActionGroup::triggered, this,
            [this](QAction *a) { setRefreshInterval(a->data().toInt()); });

    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *filter = viewMenu->addAction(tr("&Filter Cluster Tree"), m_treeView, &ClusterTreeView::focusFilter);
    filter->setShortcut(QKeySequence::Find);
    QAction *errors = viewMenu->addAction(tr("Refresh &Errors…"), this, &MainWindow::showErrors);
    errors->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About OffsetLens"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(connectAction);
    toolBar->addAction(m_refreshAction);
    toolBar->addAction(m_cancelAction);
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
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

void MainWindow::disconnectSession()
{
    if (m_session) {
        m_session->disconnect(this);
        delete m_session; // bounded: the session stops its worker within the request timeout
        m_session = nullptr;
    }
    retireDemo(std::move(m_demo));
}

void MainWindow::retireDemo(std::unique_ptr<DemoCluster> demo)
{
    if (!demo)
        return;
    // Stopping the demo joins its producer and consumer threads and closes the mock brokers, which takes up to a
    // second: do it off the GUI thread. The object itself is deleted back here, in the thread it belongs to.
    std::shared_ptr<DemoCluster> stopping(demo.release(), [](DemoCluster *d) { d->deleteLater(); });
    QThread *stopper = QThread::create([stopping] { stopping->stop(); });
    connect(stopper, &QThread::finished, stopper, &QObject::deleteLater);
    m_demoStoppers.removeIf([](const QPointer<QThread> &t) { return t.isNull(); });
    m_demoStoppers.append(stopper);
    stopper->start();
}

void MainWindow::connectTo(const ConnectionProfile &profile)
{
    ++m_connectGeneration; // whatever an earlier connect still has under way is stale from now on
    disconnectSession();
    m_profile = profile;
    m_snapshot = ClusterSnapshot();
    m_lastErrors.clear();
    m_lastRefreshText.clear();
    m_refreshLabel->clear();
    m_errorLabel->clear();
    m_treeModel->setClusterName(profile.name);
    updateWindowTitle();
    ProfileStore().setLastUsed(profile.name);

    if (!profile.isDemo) {
        startSession(profile);
        return;
    }
    // The demo cluster's start-up (mock brokers, topics, consumers joining their groups) takes a moment; it runs on
    // a thread of its own so the window stays responsive, and the session starts once the demo is up.
    m_stateLabel->setText(tr("Starting the embedded demo cluster…"));
    m_treeModel->setConnectionState(tr("starting demo…"));
    auto demo = std::make_shared<std::unique_ptr<DemoCluster>>(std::make_unique<DemoCluster>(m_options.demo));
    auto error = std::make_shared<QString>();
    auto ok = std::make_shared<bool>(false);
    const quint64 generation = m_connectGeneration;
    m_demoStarter = QThread::create([demo, error, ok] { *ok = (*demo)->start(error.get()); });
    connect(m_demoStarter, &QThread::finished, m_demoStarter, &QObject::deleteLater);
    connect(m_demoStarter, &QThread::finished, this, [this, demo, error, ok, generation] {
        if (generation != m_connectGeneration) {
            retireDemo(std::move(*demo)); // the user connected elsewhere meanwhile
            return;
        }
        if (!*ok) {
            onRefreshFailed(0, tr("Could not start the embedded demo cluster: %1").arg(*error));
            return;
        }
        m_demo = std::move(*demo);
        ConnectionProfile running = m_profile;
        running.bootstrapServers = m_demo->bootstrapServers();
        startSession(running);
    });
    m_demoStarter->start();
}

void MainWindow::startSession(const ConnectionProfile &profile)
{
    ConnectionProfile effective = profile;
    // The command line wins; then what the user last chose in the menu for this profile; then the profile's own.
    if (m_options.refreshIntervalMs >= 0)
        effective.refreshIntervalMs = m_options.refreshIntervalMs;
    else
        effective.refreshIntervalMs = QSettings().value(intervalKey(profile.name), profile.refreshIntervalMs).toInt();
    m_profile = effective;
    m_session = new ClusterSession(effective, this);
    if (m_demo)
        m_session->setGroupSource(m_demo->groupSource());
    connect(m_session, &ClusterSession::snapshotReady, this, &MainWindow::applySnapshot);
    connect(m_session, &ClusterSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session, &ClusterSession::refreshFailed, this, &MainWindow::onRefreshFailed);
    connect(m_session, &ClusterSession::refreshStarted, this, [this] {
        m_cancelAction->setEnabled(true);
        // Keep the last result visible while the next one is on its way; a slow cluster then reads as "busy".
        m_refreshLabel->setText(m_lastRefreshText.isEmpty() ? tr("Refreshing…")
                                                            : tr("Refreshing… (%1)").arg(m_lastRefreshText));
    });
    for (QAction *a : m_intervalGroup->actions())
        a->setChecked(a->data().toInt() == effective.refreshIntervalMs);
    m_session->start();
    updateWindowTitle();
}

void MainWindow::applySnapshot(const ClusterSnapshot &snapshot)
{
    QElapsedTimer applyTimer;
    applyTimer.start();
    m_cancelAction->setEnabled(false);
    m_snapshot = snapshot;
    m_treeModel->applySnapshot(snapshot);
    m_groupsPanel->applySnapshot(snapshot);
    m_brokerPanel->applySnapshot(snapshot);
    m_topicPanel->applySnapshot(snapshot);
    m_groupPanel->applySnapshot(snapshot);

    const QString when = QLocale().toString(snapshot.takenAt.toLocalTime().time(), QLocale::LongFormat);
    m_lastRefreshText = tr("Refreshed %1 in %2 ms").arg(when).arg(snapshot.durationMs);
    m_refreshLabel->setText(m_lastRefreshText);
    m_lastErrors = snapshot.errors;
    for (const GroupInfo &g : snapshot.groups) {
        if (!g.error.isEmpty())
            m_lastErrors.append(tr("Group %1: %2").arg(g.groupId, g.error));
    }
    if (m_lastErrors.isEmpty()) {
        m_errorLabel->clear();
    } else {
        m_errorLabel->setText(tr("<a href=\"#errors\">%1</a>: %2")
                                  .arg(formatCountOf(m_lastErrors.size(), tr("problem"), tr("problems")))
                                  .arg(m_lastErrors.constFirst().toHtmlEscaped()));
    }
    applyPendingSelection();
    m_lastApplyMs = applyTimer.elapsed();
    Q_EMIT snapshotApplied(snapshot);
}

void MainWindow::onStateChanged(ClusterSession::State state)
{
    QString text;
    switch (state) {
    case ClusterSession::State::Disconnected:
        text = tr("Disconnected");
        break;
    case ClusterSession::State::Connecting:
        text = tr("Connecting to %1…").arg(m_profile.bootstrapServers);
        break;
    case ClusterSession::State::Connected:
        text = m_profile.isDemo ? tr("Connected to the embedded demo cluster") : tr("Connected");
        break;
    case ClusterSession::State::Failed:
        text = tr("Cannot reach the cluster");
        break;
    }
    m_stateLabel->setText(text);
    m_treeModel->setConnectionState(text);
}

void MainWindow::onRefreshFailed(quint64, const QString &message)
{
    m_cancelAction->setEnabled(false);
    m_refreshLabel->setText(m_lastRefreshText); // what is shown is still the last good refresh, if any
    m_lastErrors = {message};
    m_errorLabel->setText(tr("<a href=\"#errors\">Refresh failed</a>: %1").arg(message.toHtmlEscaped()));
    m_treeModel->setConnectionState(tr("unreachable"));
    Q_EMIT connectionFailed(message);
}

void MainWindow::onTreeSelection(int kind, const QModelIndex &sourceIndex)
{
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
        break;
    case NodeKind::Partition:
        m_topicPanel->setTopic(sourceIndex.data(ClusterTreeModel::TopicNameRole).toString());
        m_topicPanel->showPartition(sourceIndex.data(ClusterTreeModel::PartitionRole).toInt());
        m_stack->setCurrentWidget(m_topicPanel);
        break;
    case NodeKind::Group:
        m_groupPanel->setGroup(sourceIndex.data(ClusterTreeModel::GroupIdRole).toString());
        m_stack->setCurrentWidget(m_groupPanel);
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
    if (m_pendingSelection.isEmpty() || !m_snapshot.isValid())
        return;
    const QString kind = m_pendingSelection.section(QLatin1Char(':'), 0, 0);
    const QString name = m_pendingSelection.section(QLatin1Char(':'), 1);
    const QModelIndex index = findNode(m_treeModel, kind, name);
    if (!index.isValid())
        return; // not there yet; try again with the next snapshot
    m_treeView->selectSourceIndex(index);
    m_pendingSelection.clear();
}

void MainWindow::setRefreshInterval(int ms)
{
    m_profile.refreshIntervalMs = ms;
    if (m_session)
        m_session->setRefreshInterval(ms);
    // Remembered per profile: a busy production cluster and the demo rarely want the same interval.
    QSettings().setValue(intervalKey(m_profile.name), ms);
}

void MainWindow::showConnectDialog()
{
    ConnectDialog dialog(this);
    dialog.selectProfile(m_profile.name);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // The interval chosen in the dialog is the user's latest word for this profile, like a choice in the menu.
    QSettings().setValue(intervalKey(dialog.profile().name), dialog.profile().refreshIntervalMs);
    connectTo(dialog.profile());
}

void MainWindow::showErrors()
{
    if (m_lastErrors.isEmpty()) {
        QMessageBox::information(this, tr("Refresh Errors"), tr("The last refresh reported no problems."));
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Refresh Errors"),
                    tr("The last refresh reported %1. What could be read is shown.")
                        .arg(formatCountOf(m_lastErrors.size(), tr("problem"), tr("problems"))),
                    QMessageBox::Close, this);
    box.setDetailedText(m_lastErrors.join(QLatin1Char('\n')));
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
    const QString target = m_profile.isDemo ? m_profile.name
                           : m_profile.name == m_profile.bootstrapServers
                               ? m_profile.bootstrapServers
                               : QStringLiteral("%1 (%2)").arg(m_profile.name, m_profile.bootstrapServers);
    setWindowTitle(target.isEmpty() ? tr("OffsetLens") : tr("%1 — OffsetLens").arg(target));
}

} // namespace OffsetLens
