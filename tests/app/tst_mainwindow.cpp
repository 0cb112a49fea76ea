// The main window wired to real sessions: the embedded demo cluster, a mock cluster with a broker going down, an
// unreachable cluster, several at once.
#include "background.h"
#include "clustertreemodel.h"
#include "clustertreeview.h"
#include "connectdialog.h"
#include "grouppanel.h"
#include "mainwindow.h"
#include "mockcluster.h"
#include "profilestore.h"
#include "resetcontroller.h"
#include "resetdialog.h"
#include "resetplanmodel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace OffsetLens;
using namespace std::chrono_literals;

namespace {
// Measures how long the GUI thread's event loop could not react: a 2 ms precise timer, whose longest gap beyond
// its period is the longest stall while the probe runs.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.elapsed();
            if (m_last >= 0)
                m_worst = std::max(m_worst, now - m_last - kPeriodMs);
            m_last = now;
        });
        m_clock.start();
        m_timer.start(kPeriodMs);
    }
    qint64 worstMs() const { return m_worst; }
    // Forgets the worst gap so far, but not the last tick: a stall that starts now is still measured in full.
    void reset() { m_worst = 0; }

private:
    static constexpr int kPeriodMs = 2;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1;
    qint64 m_worst = 0;
};

// Runs the event loop until `done` or the timeout; the probe sees every stall meanwhile.
template <typename Done> bool spin(Done done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // never touch the user's settings
        QCoreApplication::setOrganizationName(QStringLiteral("OffsetLensTest"));
        QSettings().clear();
    }

    void showsTheDemoClusterAndSelectsAGroup()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 3;
        options.refreshIntervalMs = 1000;
        MainWindow window(options);
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.show();
        window.openCluster(ProfileStore::demoProfile());
        QVERIFY(window.selectItem(QStringLiteral("group:data-flow-default-group-1888")));
        QVERIFY(!window.selectItem(QStringLiteral("bogus:thing")));

        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 2, 30000);
        const ClusterSnapshot &snapshot = window.snapshot();
        QCOMPARE(snapshot.brokers.size(), 3);
        QVERIFY(snapshot.findTopic(QStringLiteral("sol-trades")));
        QVERIFY(snapshot.findGroup(QStringLiteral("data-flow-default-group-1888")));
        QVERIFY(snapshot.sequence > 0);

        // --show's selection is applied once the group exists: the group panel is what the window shows.
        auto *stack = window.findChild<QStackedWidget *>();
        QVERIFY(stack);
        QTRY_VERIFY(qobject_cast<GroupPanel *>(stack->currentWidget()));

        bool refreshedShown = false;
        for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
            refreshedShown = refreshedShown || label->text().contains(QStringLiteral("Refreshed"));
        QVERIFY(refreshedShown);
        window.close();
        QVERIFY(QSettings().contains(QStringLiteral("mainWindow/geometry")));
    }

    // The whole reset path of the window on the embedded demo: the group panel's button opens the preview, the
    // preview is planned in a job, Apply re-checks and writes through the session, the audit log records it, and
    // the last reset can be undone through the same preview.
    void resetFromTheGroupPanelAppliesAndCanBeUndone()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 5;
        options.refreshIntervalMs = 1000;
        MainWindow window(options);
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.resize(1400, 900);
        window.show();
        const QString id = window.openCluster(ProfileStore::demoProfile());
        QVERIFY(window.selectItem(QStringLiteral("group:billing-replay")));
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 2, 30000);
        auto *panel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(panel->group(), QStringLiteral("billing-replay"));

        const QString auditPath =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/audit.jsonl");
        QFile::remove(auditPath);
        QTest::mouseClick(panel->resetButton(), Qt::LeftButton);
        ResetDialog *dialog = window.resets()->activeResetDialog();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->planModel()->rowCount() == 2, 10000); // payments 0 and 1
        QTRY_VERIFY_WITH_TIMEOUT(dialog->applyButton()->isEnabled(), 10000);   // Empty: allowed
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");   // pictures for people to look at
        if (!shots.isEmpty())
            QVERIFY(dialog->grab().save(shots + QStringLiteral("/reset-demo-preview.png")));

        QTimer::singleShot(0, dialog, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::AcceptRole)
                    button->click();
            }
        });
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultModel()->rowCount() == 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(window.resets()->canUndo(id, QStringLiteral("billing-replay")), 1000);
        if (!shots.isEmpty())
            QVERIFY(dialog->grab().save(shots + QStringLiteral("/reset-demo-applied.png")));
        QFile audit(auditPath);
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QByteArray line = audit.readAll();
        QVERIFY2(line.contains("\"groupId\":\"billing-replay\"") && line.contains("\"origin\":\"gui\"") &&
                     line.contains("confirmed"),
                 line.constData());

        ResetDialog *undo = window.resets()->openUndo(id, QStringLiteral("billing-replay"));
        QVERIFY(undo && undo != dialog);
        QCOMPARE(undo->currentRequest().strategy.kind, ResetStrategyKind::Explicit);
        QTRY_VERIFY_WITH_TIMEOUT(undo->planModel()->rowCount() == 2, 10000);
        undo->close();
        dialog->close();
    }

    void demoStartRacesAreHarmless()
    {
        {
            // Closed while the demo is still starting: the window goes at once, the demo start finishes for nobody
            // and the demo is stopped in the background.
            auto window = std::make_unique<MainWindow>(MainWindow::StartOptions{});
            window->openCluster(ProfileStore::demoProfile());
            QVERIFY(Background::runningCount() > 0); // the demo is starting
            QElapsedTimer timer;
            timer.start();
            window.reset();
            QVERIFY2(timer.elapsed() < 50, qPrintable(QString::number(timer.elapsed())));
            QVERIFY(Background::waitForIdle(30s)); // started, then stopped: no thread is left behind
        }
        // Reconnecting before the first demo is up: only the last start gets a session.
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        const QString id = window.openCluster(ProfileStore::demoProfile());
        window.reconnectCluster(id);
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 1, 30000);
        QTest::qWait(500); // a stale start would have finished by now
        QCOMPARE(window.findChildren<ClusterSession *>().size(), 1);
        QCOMPARE(window.connections()->openIds(), QStringList{id});
    }

    void connectDialogValidatesAndSaves()
    {
        ConnectDialog dialog;
        dialog.show();
        dialog.findChild<QPushButton *>(QStringLiteral("newProfile"))->click();
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("profileName"));
        auto *bootstrap = dialog.findChild<QLineEdit *>(QStringLiteral("bootstrapServers"));
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("formError"));
        QVERIFY(name && bootstrap && error);
        QVERIFY(name->isEnabled()); // the demo's fields are read-only, a new profile's are not

        name->setText(QStringLiteral("staging"));
        bootstrap->setText(QStringLiteral("kafka-staging"));
        dialog.accept();
        QVERIFY(dialog.isVisible()); // refused: no port
        QVERIFY2(error->text().contains(QStringLiteral("HOST:PORT")), qPrintable(error->text()));

        bootstrap->setText(QStringLiteral("kafka-staging:9092"));
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("clientProperties"))->setPlainText(QStringLiteral("oops"));
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("key=value")), qPrintable(error->text()));
        QVERIFY(dialog.grab().save(QStringLiteral("connectdialog.png"))); // looked at by hand

        dialog.findChild<QPlainTextEdit *>(QStringLiteral("clientProperties"))
            ->setPlainText(QStringLiteral("security.protocol=SSL"));
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("pinnedGroups"))
            ->setPlainText(QStringLiteral("billing\n\n  audit  \n"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.profile().bootstrapServers, QStringLiteral("kafka-staging:9092"));
        QCOMPARE(dialog.profile().pinnedGroups, (QStringList{QStringLiteral("billing"), QStringLiteral("audit")}));
        const std::optional<ConnectionProfile> saved = ProfileStore().profile(QStringLiteral("staging"));
        QVERIFY(saved);
        QCOMPARE(saved->clientProperties.value(QStringLiteral("security.protocol")), QStringLiteral("SSL"));
    }

    void chosenRefreshIntervalIsRememberedPerProfile()
    {
        ConnectionProfile profile;
        profile.id = QStringLiteral("slow-id");
        profile.name = QStringLiteral("slow/cluster"); // a '/' must not turn into a settings group
        profile.bootstrapServers = QStringLiteral("127.0.0.1:1");
        profile.requestTimeoutMs = 1000;
        const auto intervalAction = [](MainWindow &w, int ms) -> QAction * {
            for (QAction *a : w.findChildren<QAction *>()) {
                if (a->isCheckable() && a->data().toInt() == ms)
                    return a;
            }
            return nullptr;
        };
        {
            MainWindow window(MainWindow::StartOptions{});
            window.openCluster(profile);
            QVERIFY(intervalAction(window, 5000)->isChecked()); // the profile's default
            intervalAction(window, 30000)->trigger();
        }
        MainWindow again(MainWindow::StartOptions{});
        ConnectionProfile renamed = profile;
        renamed.name = QStringLiteral("slow cluster, renamed"); // the same profile: remembered by id
        again.openCluster(renamed);
        QVERIFY(intervalAction(again, 30000)->isChecked());
        ConnectionProfile other = profile;
        other.id = QStringLiteral("other-id");
        other.name = QStringLiteral("other");
        again.openCluster(other); // opened beside it, and shown
        QCOMPARE(again.currentClusterId(), QStringLiteral("other-id"));
        QVERIFY(intervalAction(again, 5000)->isChecked()); // not carried over to another profile
    }

    // Reconnecting and closing a cluster while its refresh waits for ListOffsets, one of whose brokers just went
    // down, never stall the GUI thread over 50 ms (measured by an event-loop probe), and nothing hangs.
    void reconnectAndCloseDoNotStallWithABrokerDown()
    {
        Test::MockCluster mock(3);
        QVERIFY(mock.isValid());
        QVERIFY(mock.createTopic(QStringLiteral("events"), 6));
        for (int p = 0; p < 6; ++p) // broker 2, taken down below, leads partitions 1 and 4
            QVERIFY(mock.setLeader(QStringLiteral("events"), p, p % 3 + 1));
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.show();
        const ConnectionProfile profile = mock.profile(QStringLiteral("flaky"), 10000);
        const QString id = window.openCluster(profile);
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() == 1, 15000);

        StallProbe probe;
        for (int round = 0; round < 2; ++round) {
            // Every broker answers in 2 s, so the refresh's watermark phase is certainly still waiting when broker 2
            // goes down in its middle; the cluster is reconnected or closed at once.
            mock.setRtt(-1, 2000);
            bool inWatermarks = false;
            const QMetaObject::Connection c =
                connect(window.connections()->session(id)->jobs(), &JobRunner::jobProgress, this,
                        [&](JobId, const JobProgress &p) {
                            inWatermarks = inWatermarks || p.step.contains(QStringLiteral("watermarks"));
                        });
            window.connections()->refreshNow(id);
            QVERIFY(spin([&] { return inWatermarks; }, 15000)); // metadata done, ListOffsets waiting
            disconnect(c);
            bool stepShown = false; // the status bar says what the refresh is waiting for
            for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
                stepShown = stepShown || label->text().contains(QStringLiteral("Refreshing: reading watermarks"));
            QVERIFY(stepShown);
            QTest::qWait(300);
            QVERIFY(window.connections()->isRefreshing(id));
            mock.setBrokerDown(2); // no event is processed between this and the reconnect or close
            probe.reset();
            QElapsedTimer timer;
            timer.start();
            if (round == 0)
                window.reconnectCluster(id);
            else
                window.closeCluster(id);
            const qint64 callMs = timer.elapsed();
            QTest::qWait(300); // the probe also sees anything queued by the teardown
            qInfo() << (round == 0 ? "reconnect" : "close") << "took" << callMs << "ms; longest GUI stall"
                    << probe.worstMs() << "ms";
            QVERIFY2(callMs < 50, qPrintable(QString::number(callMs)));
            QVERIFY2(probe.worstMs() < 50, qPrintable(QString::number(probe.worstMs())));
            mock.setBrokerUp(2);
            mock.setRtt(-1, 0);
            if (round == 0)
                QVERIFY(spin([&] { return applied.size() == 2; }, 15000)); // the new session works
        }
        QVERIFY(window.connections()->openIds().isEmpty());
        QCOMPARE(window.findChildren<ClusterSession *>().size(), 0);
        QVERIFY(Background::waitForIdle(20s)); // the old clients were destroyed in the background
    }

    // Two clusters in one window (the embedded demo and a mock cluster), each refreshing into its own tree root;
    // closing one leaves the other untouched. Writes twoclusters.png to look at.
    void twoClustersInOneWindow()
    {
        Test::MockCluster mock(3);
        QVERIFY(mock.createTopic(QStringLiteral("invoices"), 4));
        QVERIFY(mock.produce(QStringLiteral("invoices"), 2, 12));
        QVERIFY(mock.commit(QStringLiteral("invoicing"), {{QStringLiteral("invoices"), 2, 5, QString()}}));

        MainWindow::StartOptions options;
        options.demo.seed = 5;
        options.refreshIntervalMs = 500;
        MainWindow window(options);
        window.resize(1440, 860);
        window.show();
        QHash<QString, int> snapshots;
        connect(&window, &MainWindow::snapshotApplied, this,
                [&](const ClusterSnapshot &s) { ++snapshots[s.profileId]; });
        const QString demo = window.openCluster(ProfileStore::demoProfile());
        ConnectionProfile staging;
        staging.id = QStringLiteral("staging-id");
        staging.name = QStringLiteral("staging (mock)");
        staging.bootstrapServers = mock.bootstrapServers();
        staging.pinnedGroups = {QStringLiteral("invoicing")};
        const QString mockId = window.openCluster(staging);
        QCOMPARE(window.connections()->openIds(), (QStringList{demo, mockId}));
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.value(demo) >= 3 && snapshots.value(mockId) >= 3, 30000);

        auto *tree = window.findChild<ClusterTreeView *>();
        ClusterTreeModel *model = tree->model();
        QCOMPARE(model->clusterIds(), (QStringList{demo, mockId}));
        QVERIFY(model->topicIndex(demo, QStringLiteral("sol-trades")).isValid());
        QVERIFY(!model->topicIndex(mockId, QStringLiteral("sol-trades")).isValid());
        QVERIFY(model->groupIndex(mockId, QStringLiteral("invoicing")).isValid());
        QVERIFY(window.selectItem(QStringLiteral("group:invoicing")));
        QCOMPARE(window.currentClusterId(), mockId);
        auto *groupPanel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(groupPanel->model()->rowCount(), 1);
        QVERIFY(window.windowTitle().contains(QStringLiteral("staging (mock)")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("+ 1 more")));
        tree->treeView()->collapse(tree->treeView()->model()->index(1, 0, tree->treeView()->model()->index(0, 0)));
        QTest::qWait(300);
        QVERIFY(window.grab().save(QStringLiteral("twoclusters.png"))); // looked at by hand

        // Closing the mock cluster: the demo's rows, and the views' indexes into them, stay; it keeps refreshing.
        const QPersistentModelIndex solTrades = model->topicIndex(demo, QStringLiteral("sol-trades"));
        window.closeCluster(mockId);
        QCOMPARE(model->clusterIds(), QStringList{demo});
        QVERIFY(solTrades.isValid());
        QCOMPARE(window.currentClusterId(), demo);
        QCOMPARE(groupPanel->model()->rowCount(), 0); // the panels left the closed cluster
        const int before = snapshots.value(demo);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.value(demo) >= before + 2, 10000);
        QCOMPARE(window.findChildren<ClusterSession *>().size(), 1);
    }

    // Opening a profile that is open already: the same settings leave it running; a new name renames it; new
    // connection settings (here the servers) reconnect it with them.
    void reopeningAnEditedProfileAppliesIt()
    {
        Test::MockCluster first(1);
        Test::MockCluster second(1);
        QVERIFY(first.createTopic(QStringLiteral("on-first"), 1));
        QVERIFY(second.createTopic(QStringLiteral("on-second"), 1));
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        ConnectionProfile profile = first.profile(QStringLiteral("edited"));
        profile.name = QStringLiteral("before");
        window.openCluster(profile);
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() == 1, 15000);
        const QPointer<ClusterSession> session = window.connections()->session(profile.id);

        window.openCluster(profile); // unchanged: nothing happens
        QCOMPARE(window.connections()->session(profile.id), session);
        profile.name = QStringLiteral("after");
        window.openCluster(profile); // renamed only
        QCOMPARE(window.connections()->session(profile.id), session);
        auto *tree = window.findChild<ClusterTreeView *>();
        QCOMPARE(tree->model()->clusterIndex(profile.id).data().toString(), QStringLiteral("after"));

        profile.bootstrapServers = second.bootstrapServers();
        window.openCluster(profile);
        QVERIFY(session.isNull()); // replaced (its address may well be reused)
        QTRY_VERIFY_WITH_TIMEOUT(window.snapshot().findTopic(QStringLiteral("on-second")), 15000);
        QCOMPARE(window.connections()->openIds(), QStringList{profile.id});
    }

    // Cancel Refresh (Ctrl+.) on a slow cluster: the status bar stops saying "Refreshing" at once and the action is
    // disabled until the next refresh starts.
    void cancelRefreshUpdatesTheStatusBar()
    {
        Test::MockCluster mock(3);
        QVERIFY(mock.createTopic(QStringLiteral("events"), 2));
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        const ConnectionProfile profile = mock.profile(QStringLiteral("slow"));
        window.openCluster(profile);
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() == 1, 15000);
        const auto refreshing = [&window] {
            for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
                if (label->text().startsWith(QStringLiteral("Refreshing")))
                    return true;
            }
            return false;
        };
        QAction *refresh = nullptr;
        QAction *cancel = nullptr;
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->shortcut() == QKeySequence(QKeySequence::Refresh))
                refresh = a;
            else if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Period))
                cancel = a;
        }
        QVERIFY(refresh && cancel);
        mock.setRtt(-1, 1500);
        refresh->trigger();
        QVERIFY(refreshing());
        QVERIFY(cancel->isEnabled());
        cancel->trigger();
        QVERIFY(!refreshing());
        QVERIFY(!cancel->isEnabled());
        mock.setRtt(-1, 0);
    }

    void unreachableClusterReportsFailure()
    {
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy failed(&window, &MainWindow::connectionFailed);
        window.show();
        ConnectionProfile profile;
        profile.id = QStringLiteral("nowhere");
        profile.name = QStringLiteral("nowhere");
        profile.bootstrapServers = QStringLiteral("127.0.0.1:1");
        profile.requestTimeoutMs = 1500;
        window.openCluster(profile);
        QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 15000);
        QVERIFY2(failed.constFirst().constFirst().toString().contains(QStringLiteral("127.0.0.1:1")),
                 qPrintable(failed.constFirst().constFirst().toString()));
        bool shown = false;
        for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
            shown = shown || label->text().contains(QStringLiteral("Refresh failed"));
        QVERIFY(shown);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
