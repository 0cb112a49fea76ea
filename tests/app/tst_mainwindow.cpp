// The main window wired to real sessions: the embedded demo cluster, a mock cluster with a broker going down, an
// unreachable cluster, several at once.
#include "background.h"
#include "clustertreemodel.h"
#include "clustertreeview.h"
#include "connectdialog.h"
#include "grouppanel.h"
#include "groupstablemodel.h"
#include "historycontroller.h"
#include "lagchartview.h"
#include "mainwindow.h"
#include "mockcluster.h"
#include "offsetvisualiser.h"
#include "profilestore.h"
#include "qcustomplot_include.h"
#include "resetcontroller.h"
#include "resetdialog.h"
#include "resetplanmodel.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
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
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace OffsetLens;
using namespace std::chrono_literals;

namespace {
// Clicks the dialog's Apply and confirms the question it asks (the confirmation is modal, so it is answered from
// the event loop it runs).
void applyConfirmed(ResetDialog *dialog)
{
    QTimer::singleShot(0, dialog, [] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        for (QAbstractButton *button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::AcceptRole)
                button->click();
        }
    });
    QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
}

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

        applyConfirmed(dialog);
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

    // Issue 11 end to end: the group panel's visualiser plans a reset by a drag and a key press, "Review & Apply…"
    // opens the preview with exactly those targets, the write lands and the pending edits are done.
    void visualiserEditsGoThroughThePreview()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 6;
        options.refreshIntervalMs = 1000;
        MainWindow window(options);
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString id = window.openCluster(ProfileStore::demoProfile());
        const QString groupId = QStringLiteral("billing-replay");
        QVERIFY(window.selectItem(QStringLiteral("group:") + groupId));
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 2, 30000);
        auto *panel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(panel->group(), groupId);
        OffsetVisualiser *visualiser = panel->visualiser();
        QTRY_VERIFY_WITH_TIMEOUT(visualiser->state().rowCount() == 2, 10000);            // payments 0 and 1
        QVERIFY2(visualiser->isEditable(), qPrintable(visualiser->notEditableReason())); // Empty: it may move
        visualiser->plot()->replot(QCustomPlot::rpImmediateRefresh);

        // Drag payments-0's committed marker onto its log start: a drop on the marker means "earliest".
        const TopicPartition p0{QStringLiteral("payments"), 0};
        const TopicPartition p1{QStringLiteral("payments"), 1};
        const auto grab = visualiser->markerPoint(p0, MarkerKind::Committed, 0);
        const qint64 logStart0 = visualiser->state().laneAt(visualiser->state().rowOf(p0)).logStartOffset;
        const auto drop = visualiser->offsetPoint(p0, logStart0);
        QVERIFY(grab && drop);
        QWidget *plot = visualiser->plot();
        QTest::mousePress(plot, Qt::LeftButton, {}, *grab);
        QMouseEvent move(QEvent::MouseMove, QPointF(*drop + QPoint(3, 0)), plot->mapToGlobal(QPointF(*drop)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(plot, &move);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, *drop + QPoint(3, 0));
        QCOMPARE(visualiser->pendingEdits().targetFor(p0), std::optional<qint64>(logStart0));

        // payments-1 by keyboard: the next lane, End = its HW ("latest").
        plot->setFocus();
        visualiser->setCurrentPartition(p0);
        QTest::keyClick(plot, Qt::Key_Down);
        QCOMPARE(visualiser->currentPartition(), p1);
        QTest::keyClick(plot, Qt::Key_End);
        const qint64 hw1 = *visualiser->pendingEdits().targetFor(p1);
        QCOMPARE(hw1, visualiser->state().laneAt(visualiser->state().rowOf(p1)).highWatermark);
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty())
            QVERIFY(window.grab().save(shots + QStringLiteral("/visualiser-pending-edits.png")));

        visualiser->requestReview();
        ResetDialog *dialog = window.resets()->activeResetDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->currentRequest().strategy.kind, ResetStrategyKind::Explicit);
        const QList<OffsetTarget> targets{{p0, logStart0, 0}, {p1, hw1, 0}};
        QCOMPARE(dialog->currentRequest().strategy.targets, targets);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->planModel()->rowCount() == 2, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->applyButton()->isEnabled(), 10000);
        applyConfirmed(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultModel()->rowCount() == 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(visualiser->pendingEdits().isEmpty(), 5000); // written: no longer pending
        // The next refreshes draw the committed markers where the edits put them.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const VisualiserState &st = visualiser->state();
                const qsizetype r0 = st.rowOf(p0);
                const qsizetype r1 = st.rowOf(p1);
                return r0 >= 0 && r1 >= 0 && st.laneAt(r0).commit(0)->committed == logStart0 &&
                       st.laneAt(r1).commit(0)->committed == hw1;
            }(),
            15000);
        dialog->close();
        Q_UNUSED(id)
    }

    // Issue 10: the demo's groups as the lag monitor judges them while it runs: the stopped group STOP (ERR), the
    // group whose consumer falls behind WARN, a group that keeps up OK, each shown in the tree and groups table.
    void lagHealthOfTheDemoGroups()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 7;
        options.refreshIntervalMs = 500;
        options.lagHealthWindow = 4; // Burrow's window, short so that the test does not wait for 10 commits
        MainWindow window(options);
        window.resize(1400, 900);
        window.show();
        const QString id = window.openCluster(ProfileStore::demoProfile());
        const auto healthOf = [&](const QString &group) {
            return window.history()->badges(id).groups.value(group).health;
        };
        const QString stopped = QStringLiteral("billing-replay");
        const QString behind = QStringLiteral("payments-settlement");
        const QString keepsUp = QStringLiteral("stack-charge-tcp-command-xfy-SCHEDULE-CAR-ORDER");
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(healthOf(stopped) == LagHealth::Err, 30000);
        const qint64 stopAfter = clock.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(healthOf(behind) == LagHealth::Warn, 90000);
        qInfo("stopped group ERR after %lld ms, falling-behind group WARN after %lld ms", stopAfter,
              qint64(clock.elapsed()));
        QCOMPARE(healthOf(keepsUp), LagHealth::Ok);
        const GroupBadge badge = window.history()->badges(id).groups.value(stopped);
        QVERIFY2(badge.healthReason.contains(QStringLiteral("no consumer")), qPrintable(badge.healthReason));

        // The tree and the groups table say so too.
        auto *treeModel = window.findChild<ClusterTreeModel *>();
        QVERIFY(treeModel);
        const QModelIndex node = treeModel->groupIndex(id, stopped);
        QVERIFY2(node.siblingAtColumn(1).data().toString().endsWith(QStringLiteral(" · ERR")),
                 qPrintable(node.siblingAtColumn(1).data().toString()));
        QCOMPARE(node.data(ClusterTreeModel::HealthRole).toInt(), 2);
        auto *groupsModel = window.findChild<GroupsTableModel *>();
        QVERIFY(groupsModel);
        const int row = groupsModel->rowForGroup(behind);
        QCOMPARE(groupsModel->index(row, GroupsTableModel::LagHealthColumn).data().toString(), QStringLiteral("WARN"));
        QVERIFY(window.selectItem(QStringLiteral("group:") + stopped));
        auto *panel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(panel->group(), stopped);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QLabel *label : panel->findChildren<QLabel *>()) {
                    if (label->text().contains(QStringLiteral("Lag health")) &&
                        label->text().contains(QStringLiteral("ERR")) &&
                        label->text().contains(QStringLiteral("no consumer")))
                        return true;
                }
                return false;
            }(),
            5000);
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty())
            QVERIFY(window.grab().save(shots + QStringLiteral("/lag-health.png")));
    }

    // Issue 10: the group panel's chart draws the history recorded while the app runs, and exports it: the CSV is
    // exactly the plotted series, the PNG has the asked size, the PDF is a PDF.
    void lagChartShowsAndExportsTheRecordedHistory()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 8;
        options.refreshIntervalMs = 500;
        MainWindow window(options);
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.resize(1400, 900);
        window.show();
        const QString id = window.openCluster(ProfileStore::demoProfile());
        const QString group = QStringLiteral("payments-settlement");
        QVERIFY(window.selectItem(QStringLiteral("group:") + group));
        auto *panel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(panel->group(), group);
        LagChartView *chart = panel->chart();
        panel->tabs()->setCurrentWidget(chart);
        chart->setPreset(0); // the last 5 minutes
        QTRY_VERIFY_WITH_TIMEOUT(chart->history().samples.size() >= 4, 20000);
        const LagChartData data = chart->chartData();
        QCOMPARE(data.series.size(), 1);
        QCOMPARE(data.series.first().values.size(), chart->history().samples.size());
        // The newest point is the total lag of a refresh the window showed.
        const GroupSample newest = chart->history().samples.back();
        QCOMPARE(qint64(data.series.first().values.back()), newest.totalLag());
        QVERIFY(chart->readoutAt(chart->plot()->axisRect()->center()).contains(QStringLiteral("Total lag")));

        chart->setKind(LagChartKind::LagPerPartition);
        QCOMPARE(chart->chartData().series.size(), 2); // payments 0 and 1
        QTemporaryDir dir;
        QString error;
        QVERIFY2(chart->exportTo(dir.filePath(QStringLiteral("lag.csv")), 800, 600, 96, &error), qPrintable(error));
        QFile csv(dir.filePath(QStringLiteral("lag.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        LagChartData back;
        QVERIFY2(chartFromCsv(csv.readAll(), &back, &error), qPrintable(error));
        QCOMPARE(back.series.size(), 2);
        QCOMPARE(back.series[0].name, chart->chartData().series[0].name);
        QCOMPARE(back.series[0].values, chart->chartData().series[0].values);
        QCOMPARE(back.series[0].timesSec, chart->chartData().series[0].timesSec);
        QVERIFY2(chart->exportTo(dir.filePath(QStringLiteral("lag.png")), 1200, 700, 144, &error), qPrintable(error));
        const QImage png(dir.filePath(QStringLiteral("lag.png")));
        QCOMPARE(png.size(), QSize(1200, 700));
        QVERIFY2(chart->exportTo(dir.filePath(QStringLiteral("lag.pdf")), 800, 500, 96, &error), qPrintable(error));
        QFile pdf(dir.filePath(QStringLiteral("lag.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QVERIFY(!chart->exportTo(dir.filePath(QStringLiteral("lag.gif")), 800, 500, 96, &error));
        QVERIFY(error.contains(QStringLiteral("gif")));
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty()) {
            chart->setKind(LagChartKind::TotalLag);
            QTest::qWait(100); // the chart replots on the next turn of the event loop
            QVERIFY(window.grab().save(shots + QStringLiteral("/lag-chart-window.png")));
            QVERIFY(chart->exportTo(shots + QStringLiteral("/lag-chart.png"), 1600, 900, 144, &error));
            QVERIFY(chart->exportTo(shots + QStringLiteral("/lag-chart.pdf"), 800, 450, 96, &error));
            chart->setKind(LagChartKind::Rates);
            QVERIFY(chart->exportTo(shots + QStringLiteral("/lag-rates.png"), 1600, 900, 144, &error));
        }
        Q_UNUSED(id)
        Q_UNUSED(applied)
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
