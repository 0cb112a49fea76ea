// The main window wired to real sessions: the embedded demo cluster, a mock cluster with a broker going down, an
// unreachable cluster, several at once.
#include "background.h"
#include "clientsettingsdialog.h"
#include "clusterband.h"
#include "clustertreemodel.h"
#include "clustertreeview.h"
#include "copyabletableview.h"
#include "doctorpanel.h"
#include "findingsmodel.h"
#include "grouppanel.h"
#include "groupstablemodel.h"
#include "historycontroller.h"
#include "historythreads.h"
#include "lagchartview.h"
#include "mainwindow.h"
#include "mockcluster.h"
#include "offsetvisualiser.h"
#include "partitiontablemodel.h"
#include "profilemanagerdialog.h"
#include "profilestore.h"
#include "qcustomplot_include.h"
#include "resetcontroller.h"
#include "resetdialog.h"
#include "resetplanmodel.h"
#include "topicpanel.h"
#include "unlockwritesdialog.h"
#include "writeaccess.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QMutex>
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

#include <functional>

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
// The window's action with this menu text (mnemonic included), or null.
QAction *findAction(const QWidget &window, const QString &text)
{
    for (QAction *a : window.findChildren<QAction *>()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

// The colour in the middle of a tree row's icon (the profile's swatch on a cluster row).
QColor iconCentre(const QModelIndex &index)
{
    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    const QImage image = icon.pixmap(16, 16).toImage();
    return image.isNull() ? QColor() : image.pixelColor(image.width() / 2, image.height() / 2);
}

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
    // The windows' history and session threads end in the background; the process must not end (and take Qt SQL's
    // global connection registry with it) while they still close their databases.
    void cleanupTestCase()
    {
        QVERIFY(HistoryThreads::waitForIdle(30s));
        QVERIFY(Background::waitForIdle(30s));
    }

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
        // "Empty · lag 182 · ERR · 3 findings": the health, then what the doctor found.
        QVERIFY2(node.siblingAtColumn(1).data().toString().contains(QStringLiteral(" · ERR")),
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

    // Issue 13: the doctor dock lists the demo's findings as the refreshes come in, follows the tree's selection,
    // and its fix opens the reset preview with exactly the suggested request; the tree and the groups table mark
    // the groups it found something on.
    void doctorShowsTheDemoFindingsAndOpensTheFix()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 9;
        options.refreshIntervalMs = 500;
        MainWindow window(options);
        window.resize(1400, 1000);
        window.show();
        const QString id = window.openCluster(ProfileStore::demoProfile());
        DoctorPanel *doctor = window.doctor();
        QVERIFY(doctor);
        const QString stopped = QStringLiteral("stack-charge-tcp-command-xfy");
        // Retention overtakes the stopped group's commits within seconds of the demo's start.
        QTRY_VERIFY_WITH_TIMEOUT(doctor->selectFinding(QStringLiteral("committed-below-log-start"), stopped), 30000);
        const Finding finding = *doctor->currentFinding();
        QCOMPARE(finding.severity, FindingSeverity::Error);
        QVERIFY(doctor->detailText().contains(finding.title));

        // The tree and the table mark the group.
        auto *treeModel = window.findChild<ClusterTreeModel *>();
        const QModelIndex node = treeModel->groupIndex(id, stopped);
        QTRY_VERIFY_WITH_TIMEOUT(node.siblingAtColumn(1).data().toString().contains(QStringLiteral("finding")), 5000);
        QVERIFY(node.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Doctor: ") + finding.title));
        auto *groupsModel = window.findChild<GroupsTableModel *>();
        QTRY_VERIFY_WITH_TIMEOUT(groupsModel->index(groupsModel->rowForGroup(stopped), GroupsTableModel::DoctorColumn)
                                     .data()
                                     .toString()
                                     .startsWith(QStringLiteral("Error · ")),
                                 5000);

        // Selecting the group narrows the doctor to it.
        QVERIFY(window.selectItem(QStringLiteral("group:") + stopped));
        QTRY_VERIFY_WITH_TIMEOUT(doctor->filterModel()->filter().groupId == stopped, 10000);
        for (const Finding &f : doctor->shownFindings())
            QCOMPARE(f.groupId, stopped);

        // The fix: the reset preview, pre-filled with the finding's request, planned on fresh offsets.
        QVERIFY(doctor->selectFinding(QStringLiteral("committed-below-log-start"), stopped));
        QVERIFY(!doctor->actionButtons().isEmpty());
        const ResetRequest suggested = *doctor->currentFinding()->actions.constFirst().reset;
        QTest::mouseClick(doctor->actionButtons().constFirst(), Qt::LeftButton);
        ResetDialog *dialog = window.resets()->activeResetDialog();
        QVERIFY(dialog);
        // The same request: group, strategy and the finding's topics (a topic whose partitions are all ticked is
        // shown as the whole topic, the same partitions); its "now" is the preview's own.
        QCOMPARE(dialog->currentRequest().groupId, suggested.groupId);
        QCOMPARE(dialog->currentRequest().strategy, suggested.strategy);
        QCOMPARE(dialog->currentRequest().strategy.kind, ResetStrategyKind::ToEarliest);
        QVERIFY(!dialog->currentRequest().scope.allTopics);
        QStringList shownTopics;
        for (const TopicSelection &t : dialog->currentRequest().scope.topics)
            shownTopics.append(t.topic);
        QCOMPARE(shownTopics, finding.topics());
        // Planned on fresh offsets: exactly the finding's partitions.
        QTRY_COMPARE_WITH_TIMEOUT(dialog->planModel()->rowCount(), int(finding.partitions.size()), 10000);
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty())
            QVERIFY(dialog->grab().save(shots + QStringLiteral("/doctor-fix-preview.png")));
        dialog->close();
        if (!shots.isEmpty()) {
            QVERIFY(window.selectItem(QStringLiteral("groups")));
            QTRY_VERIFY_WITH_TIMEOUT(doctor->filterModel()->filter().groupId.isEmpty(), 5000);
            doctor->selectFinding(QStringLiteral("committed-below-log-start"), stopped);
            QTest::qWait(200);
            QVERIFY(window.grab().save(shots + QStringLiteral("/doctor-window.png")));
        }
    }

    // Issue 13: the user tells the doctor what a group's consumers use (the brokers never see it): from the dock's
    // Consumer Settings, kept with the profile, and the doctor's words follow at the next diagnosis; "Not Known"
    // forgets it again.
    void doctorTakesTheConsumersSettings()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 10;
        options.refreshIntervalMs = 500;
        MainWindow window(options);
        window.resize(1400, 1000);
        window.show();
        window.openCluster(ProfileStore::demoProfile());
        DoctorPanel *doctor = window.doctor();
        const QString audit = QStringLiteral("inventory-audit");
        const QString rule = QStringLiteral("client-reset-policy");
        QTRY_VERIFY_WITH_TIMEOUT(doctor->selectFinding(rule, audit), 30000);
        QVERIFY(doctor->currentFinding()->title.contains(QStringLiteral("the brokers do not know which")));
        QVERIFY(doctor->clientSettingsButton()->isEnabled());

        auto openDialog = [&]() -> ClientSettingsDialog * {
            QTest::mouseClick(doctor->clientSettingsButton(), Qt::LeftButton);
            auto *dialog = window.findChild<ClientSettingsDialog *>();
            return dialog && dialog->isVisible() ? dialog : nullptr;
        };
        ClientSettingsDialog *dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->windowTitle().contains(audit));
        dialog->resetPolicyBox()->setCurrentIndex(dialog->resetPolicyBox()->findData(int(ResetPolicy::Earliest)));
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty())
            QVERIFY(dialog->grab().save(shots + QStringLiteral("/client-settings.png")));
        dialog->accept();
        QTRY_VERIFY(!window.findChild<ClientSettingsDialog *>()); // deleted on close

        // The doctor now says what earliest will do, and the settings keep it for the next run and the CLI.
        QTRY_VERIFY_WITH_TIMEOUT(doctor->selectFinding(rule, audit) &&
                                     doctor->currentFinding()->title ==
                                         QStringLiteral("auto.offset.reset=earliest (your setting) will read 60 "
                                                        "messages of this group"),
                                 10000);
        QCOMPARE(ProfileStore().clientAssumptions(ProfileStore::demoProfileId()).value(audit).resetPolicy,
                 ResetPolicy::Earliest);

        // Opened again it shows what was said; "Not Known" forgets it.
        dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->client().resetPolicy, ResetPolicy::Earliest);
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QTest::mouseClick(buttons->button(QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
        QVERIFY(dialog->client() == ClientAssumptions{});
        dialog->accept();
        QTRY_VERIFY_WITH_TIMEOUT(
            doctor->selectFinding(rule, audit) &&
                doctor->currentFinding()->title.contains(QStringLiteral("the brokers do not know which")),
            10000);
        QVERIFY(ProfileStore().clientAssumptions(ProfileStore::demoProfileId()).isEmpty());
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
        // Built on the history thread and handed over after each refresh.
        QTRY_VERIFY_WITH_TIMEOUT(chart->chartData().sampleCount >= 4, 20000);
        const LagChartData data = chart->chartData();
        QCOMPARE(data.groupId, group);
        QCOMPARE(data.series.size(), 1);
        QCOMPARE(data.series.first().values.size(), data.sampleCount);
        // The newest point is the total lag of a refresh the window showed.
        bool found = false;
        for (const QList<QVariant> &args : std::as_const(applied)) {
            const auto snapshot = args.at(0).value<ClusterSnapshot>();
            if (snapshot.takenAt.toMSecsSinceEpoch() != data.newestMs)
                continue;
            for (const GroupSample &sample : samplesFromSnapshot(snapshot)) {
                if (sample.groupId == group) {
                    QCOMPARE(qint64(data.series.first().values.back()), sample.totalLag());
                    found = true;
                }
            }
        }
        QVERIFY(found);
        QVERIFY(chart->readoutAt(chart->plot()->axisRect()->center()).contains(QStringLiteral("Total lag")));

        chart->setKind(LagChartKind::LagPerPartition);
        QTRY_COMPARE(chart->chartData().kind, LagChartKind::LagPerPartition);
        QTRY_COMPARE(chart->chartData().series.size(), 2); // payments 0 and 1
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
            QTRY_VERIFY(chart->chartData().kind == LagChartKind::TotalLag && !chart->chartData().series.isEmpty());
            QTest::qWait(100); // the chart replots on the next turn of the event loop
            QVERIFY(window.grab().save(shots + QStringLiteral("/lag-chart-window.png")));
            QVERIFY(chart->exportTo(shots + QStringLiteral("/lag-chart.png"), 1600, 900, 144, &error));
            QVERIFY(chart->exportTo(shots + QStringLiteral("/lag-chart.pdf"), 800, 450, 96, &error));
            chart->setKind(LagChartKind::Rates);
            QTRY_VERIFY(chart->chartData().kind == LagChartKind::Rates && !chart->chartData().series.isEmpty());
            QVERIFY(chart->exportTo(shots + QStringLiteral("/lag-rates.png"), 1600, 900, 144, &error));
        }
        Q_UNUSED(id)
    }

    // A topic's chart: produce rate and HW per partition, from the topic samples the history records beside the
    // groups' (for topics no group reads too).
    void topicChartShowsProduceRateAndHighWatermarks()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 9;
        options.refreshIntervalMs = 500;
        MainWindow window(options);
        window.resize(1400, 900);
        window.show();
        window.openCluster(ProfileStore::demoProfile());
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 30000);
        const ClusterSnapshot first = applied.first().at(0).value<ClusterSnapshot>();
        const TopicInfo *busiest = nullptr;
        for (const TopicInfo &t : first.topics) {
            if (!t.isInternal && (!busiest || t.partitions.size() > busiest->partitions.size()))
                busiest = &t;
        }
        QVERIFY(busiest);
        const QString topicName = busiest->name;
        QVERIFY(window.selectItem(QStringLiteral("topic:") + topicName));
        auto *panel = window.findChild<TopicPanel *>();
        QTRY_COMPARE(panel->topic(), topicName);
        LagChartView *chart = panel->chart();
        QCOMPARE(chart->subject(), HistorySubject::Topic);
        panel->tabs()->setCurrentWidget(chart);
        chart->setPreset(0);
        chart->setKind(LagChartKind::HighWatermarks);
        QTRY_VERIFY_WITH_TIMEOUT(
            chart->chartData().kind == LagChartKind::HighWatermarks && chart->chartData().sampleCount >= 3, 20000);
        const LagChartData hw = chart->chartData();
        QCOMPARE(hw.groupId, topicName);
        QCOMPARE(hw.series.size(), std::min<qsizetype>(12, busiest->partitions.size()));
        chart->setKind(LagChartKind::ProduceRate);
        QTRY_VERIFY_WITH_TIMEOUT(
            chart->chartData().kind == LagChartKind::ProduceRate && chart->chartData().sampleCount >= 3, 10000);
        QCOMPARE(chart->chartData().series.size(), 1);
        QCOMPARE(chart->chartData().series.first().values.size(), chart->chartData().sampleCount - 1);
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty()) {
            chart->setKind(LagChartKind::ProduceRatePerPartition);
            QTRY_VERIFY(chart->chartData().kind == LagChartKind::ProduceRatePerPartition &&
                        chart->chartData().sampleCount >= 3);
            QTest::qWait(200);
            QVERIFY(window.grab().save(shots + QStringLiteral("/topic-chart-window.png")));
        }
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

    // Cluster > Open Cluster… is the profile manager, on the window's own connections; its behaviour is tested in
    // tst_profilemanager.
    void openClusterShowsTheProfileManager()
    {
        MainWindow window(MainWindow::StartOptions{});
        QAction *open = findAction(window, QStringLiteral("&Open Cluster…"));
        QVERIFY(open);
        bool shown = false;
        QTimer::singleShot(0, &window, [&shown] {
            auto *manager = qobject_cast<ProfileManagerDialog *>(QApplication::activeModalWidget());
            QVERIFY(manager);
            shown = true;
            manager->selectProfile(ProfileStore::demoProfileId());
            manager->connectProfile(); // Connect opens the demo and closes the manager
        });
        QSignalSpy opened(window.connections(), &ConnectionManager::opened);
        open->trigger();
        QVERIFY(shown);
        QCOMPARE(opened.size(), 1);
        QVERIFY(window.connections()->isOpen(ProfileStore::demoProfileId()));
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

    // A broker down during a refresh: the partitions it leads keep their last values, greyed and in italics with
    // the time they were read, the status bar says how many values are old, and the GUI thread never stalls. Once
    // the broker is back the values are read anew. Writes broker-outage.png to OFFSETLENS_TEST_SHOTS.
    void brokerOutageShowsLastValuesMarkedStale()
    {
        const QString topic = QStringLiteral("events");
        Test::MockCluster mock(3);
        QVERIFY(mock.isValid());
        QVERIFY(mock.createTopic(topic, 6));
        QList<std::pair<QString, int>> all;
        QList<Test::MockCluster::Commit> commits;
        for (int p = 0; p < 6; ++p) { // broker 2, taken down below, leads partitions 1 and 4
            QVERIFY(mock.setLeader(topic, p, p % 3 + 1));
            all.append({topic, p});
            commits.append({topic, p, 10 + p, QString()});
        }
        QVERIFY(mock.produceMany(all, 40));
        QVERIFY(mock.commit(QStringLiteral("readers"), commits));
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.resize(1200, 700);
        window.show();
        ConnectionProfile profile = mock.profile(QStringLiteral("outage"), 2000);
        profile.refreshIntervalMs = 0; // refreshed by hand below
        profile.pinnedGroups = {QStringLiteral("readers")};
        const QString id = window.openCluster(profile);
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() == 1, 15000);
        QVERIFY(window.selectItem(QStringLiteral("topic:") + topic));
        auto *panel = window.findChild<TopicPanel *>();
        QTRY_COMPARE(panel->model()->rowCount(), 6);
        const QAbstractItemModel *shown = panel->tableView()->model(); // what the view draws: through the proxies
        const auto cell = [&](int partition, int role) {
            for (int row = 0; row < shown->rowCount(); ++row) {
                const QModelIndex index = shown->index(row, PartitionTableModel::HighWatermarkColumn);
                if (shown->index(row, PartitionTableModel::PartitionColumn).data().toInt() == partition)
                    return index.data(role);
            }
            return QVariant();
        };
        const qint64 firstRead = window.snapshot().takenAt.toMSecsSinceEpoch();
        QCOMPARE(cell(1, Qt::DisplayRole).toString(), QStringLiteral("40"));
        QCOMPARE(cell(1, KeyedTableModel::CarriedFromRole).toLongLong(), 0);

        StallProbe probe;
        mock.setBrokerDown(2);
        window.connections()->refreshNow(id);
        QVERIFY(spin([&] { return applied.size() == 2; }, 15000));
        QTest::qWait(100);
        qInfo() << "refresh with broker 2 down: longest GUI stall" << probe.worstMs() << "ms";
        QVERIFY2(probe.worstMs() < 50, qPrintable(QString::number(probe.worstMs())));
        for (const int partition : {1, 4}) {
            QCOMPARE(cell(partition, Qt::DisplayRole).toString(), QStringLiteral("40"));
            QCOMPARE(cell(partition, KeyedTableModel::CarriedFromRole).toLongLong(), firstRead);
            QVERIFY(cell(partition, Qt::FontRole).value<QFont>().italic());
            QVERIFY(cell(partition, Qt::ToolTipRole).toString().startsWith(QStringLiteral("Stale:")));
        }
        QCOMPARE(cell(0, KeyedTableModel::CarriedFromRole).toLongLong(), 0);
        QVERIFY(!cell(0, Qt::FontRole).value<QFont>().italic());
        const VisualiserState &lanes = panel->visualiser()->state(); // its lanes say so too ("p1 (stale)")
        QCOMPARE(lanes.laneAt(1).carriedFromMs, firstRead);
        QString status;
        for (QLabel *label : window.statusBar()->findChildren<QLabel *>())
            status += label->text() + QLatin1Char('\n');
        QVERIFY2(status.contains(QStringLiteral("values from an earlier refresh (grey)")), qPrintable(status));
        const QString problems = window.connections()->problems(id).join(QLatin1Char('\n'));
        QVERIFY2(problems.contains(QStringLiteral("Broker 2")), qPrintable(problems)); // the errors name the broker
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty())
            QVERIFY(window.grab().save(shots + QStringLiteral("/broker-outage.png")));

        // Back up: the next refreshes read the partitions again, unmarked.
        mock.setBrokerUp(2);
        QVERIFY(spin(
            [&] {
                if (!window.connections()->isRefreshing(id) && applied.size() < 8 &&
                    cell(1, KeyedTableModel::CarriedFromRole).toLongLong() != 0)
                    window.connections()->refreshNow(id);
                return cell(1, KeyedTableModel::CarriedFromRole).toLongLong() == 0 &&
                       cell(4, KeyedTableModel::CarriedFromRole).toLongLong() == 0;
            },
            20000));
        QCOMPARE(cell(1, Qt::DisplayRole).toString(), QStringLiteral("40"));
        window.closeCluster(id);
        QVERIFY(Background::waitForIdle(20s));
    }

    // Issue 12: a session with a profile whose SASL password (and a secret client property) are planted never puts
    // them in the log (every category on, as --verbose), the status bar, the tree, the error dialog or any file the
    // app writes (settings, lag history, audit log). The cluster is a plaintext mock, so the SASL login fails and
    // every error path runs.
    void plantedSecretsNeverLeaveAGuiSession()
    {
        const QString planted = QStringLiteral("PLANTED-gui-S3cret");
        const QString plantedProperty = QStringLiteral("PLANTED-gui-Pr0perty");
        // Messages come from the Kafka threads too: collected under a lock.
        static QMutex s_lock;
        static QStringList s_logged;
        s_logged.clear();
        const QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &message) {
                const QMutexLocker locker(&s_lock);
                s_logged.append(message);
            });
        QLoggingCategory::setFilterRules(QStringLiteral("offsetlens.*=true"));

        Test::MockCluster mock(1);
        QVERIFY(mock.isValid());
        ConnectionProfile profile = mock.profile(QStringLiteral("secret-holder"), 2000);
        profile.securityProtocol = SecurityProtocol::SaslPlaintext;
        profile.saslMechanism = SaslMechanism::Plain;
        profile.saslUsername = QStringLiteral("alice");
        profile.secrets.saslPassword = planted;
        profile.secrets.secretProperties.insert(QStringLiteral("ssl.keystore.password"), plantedProperty);
        profile.secretStorage = SecretStorage::AskEachTime;
        profile.refreshIntervalMs = 500;
        QString error;
        QVERIFY2(ProfileStore().save(profile, &error), qPrintable(error));
        QStringList shown;
        {
            MainWindow window(MainWindow::StartOptions{});
            QSignalSpy failed(&window, &MainWindow::connectionFailed);
            window.show();
            const QString id = window.openCluster(profile);
            QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 2, 20000); // a few failed refreshes
            for (const QList<QVariant> &f : std::as_const(failed))
                shown.append(f.at(0).toString());
            for (QLabel *label : window.findChildren<QLabel *>())
                shown.append(label->text() + QLatin1Char(' ') + label->toolTip());
            auto *tree = window.findChild<ClusterTreeModel *>();
            const QModelIndex cluster = tree->clusterIndex(id);
            for (int column = 0; column < tree->columnCount(cluster); ++column) {
                shown.append(cluster.siblingAtColumn(column).data().toString());
                shown.append(cluster.siblingAtColumn(column).data(Qt::ToolTipRole).toString());
            }
            // The error dialog behind the status bar's link, with its details.
            QTimer::singleShot(200, &window, [&] {
                for (QWidget *w : QApplication::topLevelWidgets()) {
                    if (auto *box = qobject_cast<QMessageBox *>(w)) {
                        shown.append(box->text() + QLatin1Char('\n') + box->detailedText());
                        box->close();
                    }
                }
            });
            bool linked = false;
            for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
                if (label->text().contains(QStringLiteral("#errors"))) {
                    linked = true;
                    Q_EMIT label->linkActivated(QStringLiteral("#errors")); // runs the dialog until the timer closes it
                }
            }
            QVERIFY(linked);
            window.closeCluster(id);
        }
        QVERIFY(HistoryThreads::waitForIdle(30s));
        QVERIFY(Background::waitForIdle(30s));
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previous);
        const QStringList logged = s_logged;

        qInfo() << "logged" << logged.size() << "lines; shown" << shown.size() << "texts, e.g." << shown.first();
        QVERIFY2(shown.join(QLatin1Char('\n')).contains(QStringLiteral("Could not reach any broker")),
                 "the session ran into the failed SASL login");
        for (const QString &secret : {planted, plantedProperty}) {
            for (const QString &line : std::as_const(logged))
                QVERIFY2(!line.contains(secret), qPrintable(line));
            for (const QString &text : std::as_const(shown))
                QVERIFY2(!text.contains(secret), qPrintable(text));
        }
        int filesRead = 0;
        for (const auto location :
             {QStandardPaths::GenericConfigLocation, QStandardPaths::AppConfigLocation, QStandardPaths::AppDataLocation,
              QStandardPaths::GenericDataLocation, QStandardPaths::AppLocalDataLocation}) {
            QDirIterator files(QStandardPaths::writableLocation(location), QDir::Files, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile f(files.next());
                if (!f.open(QIODevice::ReadOnly))
                    continue;
                ++filesRead;
                const QByteArray content = f.readAll();
                QVERIFY2(!content.contains(planted.toUtf8()) && !content.contains(plantedProperty.toUtf8()),
                         qPrintable(f.fileName()));
            }
        }
        QVERIFY(filesRead > 0); // the settings file at least
        ProfileStore().removeById(profile.id);
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

    // Issue 9: a read-only profile's write actions are off with the reason, everywhere they are offered; the band
    // above the panels, the title and the tree show which cluster the current panel belongs to, in the profile's
    // colour, and follow the selection from one open cluster to the other. Writes clusterband-*.png to look at.
    void readOnlyProfileAndTheBandFollowTheCurrentPanel()
    {
        Test::MockCluster mock(1);
        QVERIFY(mock.createTopic(QStringLiteral("invoices"), 2, 1));
        QVERIFY(mock.produce(QStringLiteral("invoices"), 1, 12));
        QVERIFY(mock.commit(QStringLiteral("invoicing"), {{QStringLiteral("invoices"), 1, 5, QString()}}));

        MainWindow::StartOptions options;
        options.demo.seed = 9;
        options.refreshIntervalMs = 500;
        MainWindow window(options);
        window.resize(1440, 860);
        window.show();
        QHash<QString, int> snapshots;
        connect(&window, &MainWindow::snapshotApplied, this,
                [&](const ClusterSnapshot &s) { ++snapshots[s.profileId]; });
        ConnectionProfile demo = ProfileStore::demoProfile();
        demo.colour = QStringLiteral("#ffd54f"); // light: black text
        const QString demoId = window.openCluster(demo);
        ConnectionProfile staging = mock.profile(QStringLiteral("staging-id"));
        staging.name = QStringLiteral("staging");
        staging.colour = QStringLiteral("#b71c1c"); // dark: white text
        staging.readOnly = true;
        staging.pinnedGroups = {QStringLiteral("invoicing")};
        const QString stagingId = window.openCluster(staging);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.value(demoId) >= 2 && snapshots.value(stagingId) >= 2, 30000);

        auto *band = window.findChild<ClusterBand *>();
        QVERIFY(band);
        auto *panel = window.findChild<GroupPanel *>();
        QAction *reset = findAction(window, QStringLiteral("&Reset Offsets…"));
        QAction *undo = findAction(window, QStringLiteral("&Undo Last Reset…"));
        QAction *deleteOffsets = findAction(window, QStringLiteral("Delete &Offsets…"));
        QAction *deleteGroup = findAction(window, QStringLiteral("&Delete Group…"));
        QAction *unlock = findAction(window, QStringLiteral("&Unlock Writes for This Session…"));
        QVERIFY(reset && undo && deleteOffsets && deleteGroup && unlock);

        // The read-only cluster's group: every write is off, and says why.
        QVERIFY(window.selectItem(QStringLiteral("group:invoicing")));
        QTRY_COMPARE(window.currentClusterId(), stagingId);
        QTRY_COMPARE(panel->group(), QStringLiteral("invoicing"));
        for (QAction *a : {reset, undo, deleteOffsets, deleteGroup}) {
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QVERIFY2(a->toolTip().startsWith(QStringLiteral("Read-only profile: ")), qPrintable(a->toolTip()));
            QCOMPARE(a->statusTip(), a->toolTip());
        }
        QVERIFY(!panel->resetButton()->isEnabled());
        QVERIFY(panel->resetButton()->toolTip().startsWith(QStringLiteral("Read-only profile: ")));
        QVERIFY(!panel->visualiser()->isEditable());
        QVERIFY2(panel->visualiser()->notEditableReason().startsWith(QStringLiteral("Read-only profile: ")),
                 qPrintable(panel->visualiser()->notEditableReason()));
        QVERIFY(!unlock->isEnabled()); // read-only is not a lock: it cannot be unlocked
        QVERIFY(band->isVisible());
        QCOMPARE(band->name(), QStringLiteral("staging"));
        QCOMPARE(band->colour(), QColor(QStringLiteral("#b71c1c")));
        QCOMPARE(band->badge(), QStringLiteral("READ-ONLY"));
        QCOMPARE(band->textColour(), QColor(Qt::white));
        QVERIFY2(
            window.windowTitle().startsWith(QStringLiteral("staging (%1) [read-only]").arg(mock.bootstrapServers())),
            qPrintable(window.windowTitle()));
        // The tree: a swatch of the colour on the cluster's row, the badge in its details.
        auto *tree = window.findChild<ClusterTreeView *>();
        const QModelIndex stagingNode = tree->model()->clusterIndex(stagingId);
        QCOMPARE(stagingNode.data(ClusterTreeModel::ClusterColourRole).toString(), QStringLiteral("#b71c1c"));
        QVERIFY2(stagingNode.siblingAtColumn(1).data().toString().endsWith(QStringLiteral(" · read-only")),
                 qPrintable(stagingNode.siblingAtColumn(1).data().toString()));
        QTreeView *view = tree->treeView();
        const auto viewRow = [&](const QString &id) {
            for (int row = 0; row < view->model()->rowCount(); ++row) {
                const QModelIndex index = view->model()->index(row, 0);
                if (ClusterTreeModel::profileId(index) == id)
                    return index;
            }
            return QModelIndex();
        };
        QCOMPARE(iconCentre(viewRow(stagingId)), QColor(QStringLiteral("#b71c1c")));
        QTest::qWait(300);
        QVERIFY(window.grab().save(QStringLiteral("clusterband-dark.png"))); // looked at by hand

        // The demo's group: the band, the title and the actions follow the panel to the other cluster.
        QVERIFY(window.selectItem(QStringLiteral("group:billing-replay")));
        QTRY_COMPARE(window.currentClusterId(), demoId);
        QTRY_COMPARE(panel->group(), QStringLiteral("billing-replay"));
        QCOMPARE(band->name(), ProfileStore::demoProfileName());
        QCOMPARE(band->colour(), QColor(QStringLiteral("#ffd54f")));
        QCOMPARE(band->badge(), QString());
        QCOMPARE(band->textColour(), QColor(Qt::black));
        QVERIFY2(window.windowTitle().startsWith(ProfileStore::demoProfileName() + QStringLiteral(" + 1 more")),
                 qPrintable(window.windowTitle()));
        QVERIFY(reset->isEnabled());
        QVERIFY(!reset->toolTip().contains(QStringLiteral("Read-only")));
        QVERIFY(reset->statusTip().isEmpty());
        QVERIFY(panel->resetButton()->isEnabled());
        QTRY_VERIFY(panel->visualiser()->isEditable()); // billing-replay is Empty
        QCOMPARE(iconCentre(viewRow(demoId)), QColor(QStringLiteral("#ffd54f")));
        QTest::qWait(300);
        QVERIFY(window.grab().save(QStringLiteral("clusterband-light.png"))); // looked at by hand

        // A profile without a colour and without flags: no band.
        demo.colour.clear();
        window.openCluster(demo); // applied to the running cluster: no reconnect
        QVERIFY(!band->isVisible());
        QVERIFY(!iconCentre(viewRow(demoId)).isValid() ||
                iconCentre(viewRow(demoId)) != QColor(QStringLiteral("#ffd54f")));
    }

    // Issue 9: a production profile is read-only until unlocked for this run; the unlock asks for the cluster's
    // name, enables the writes at once (an open reset preview's Apply too) and the write reaches the writer and
    // lands; locking again turns them off again.
    void productionProfileWritesOnceUnlocked()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 10;
        options.refreshIntervalMs = 1000;
        MainWindow window(options);
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.resize(1400, 900);
        window.show();
        ConnectionProfile production = ProfileStore::demoProfile();
        production.production = true;
        production.colour = QStringLiteral("#1565c0");
        const QString id = window.openCluster(production);
        const QString groupId = QStringLiteral("billing-replay");
        QVERIFY(window.selectItem(QStringLiteral("group:") + groupId));
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 2, 30000);
        auto *panel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(panel->group(), groupId);
        auto *band = window.findChild<ClusterBand *>();
        QAction *reset = findAction(window, QStringLiteral("&Reset Offsets…"));
        QAction *unlock = findAction(window, QStringLiteral("&Unlock Writes for This Session…"));
        QAction *lock = findAction(window, QStringLiteral("Loc&k Writes Again"));
        QVERIFY(reset && unlock && lock);

        const QString locked = QStringLiteral("Production profile: unlock writes for this session first");
        QVERIFY(!reset->isEnabled());
        QVERIFY2(reset->toolTip().startsWith(locked), qPrintable(reset->toolTip()));
        QVERIFY(!panel->resetButton()->isEnabled());
        QVERIFY(panel->visualiser()->notEditableReason().startsWith(locked));
        QCOMPARE(band->badge(), QStringLiteral("PRODUCTION"));
        QVERIFY(window.windowTitle().contains(QStringLiteral("[production]")));
        QVERIFY(unlock->isEnabled());
        QVERIFY(!lock->isEnabled());

        // A preview opened past the disabled action (as a script or a stale button might): its Apply is off too.
        ResetDialog *dialog = window.resets()->openReset(id, groupId);
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->planModel()->rowCount() == 2, 10000);
        QVERIFY(!dialog->applyButton()->isEnabled());
        QVERIFY2(dialog->applyButton()->toolTip().contains(locked), qPrintable(dialog->applyButton()->toolTip()));

        // Unlocking asks for the cluster's name: neither a click nor a prefix will do.
        unlock->trigger();
        auto *ask = window.findChild<UnlockWritesDialog *>();
        QVERIFY(ask);
        QVERIFY(ask->isVisible());
        QCOMPARE(ask->clusterName(), ProfileStore::demoProfileName());
        QVERIFY(!ask->unlockButton()->isEnabled());
        ask->nameEdit()->setText(ProfileStore::demoProfileName().left(4));
        QVERIFY(!ask->unlockButton()->isEnabled());
        QTest::keyClick(ask->nameEdit(), Qt::Key_Return); // Enter lands on Cancel, never on Unlock
        QVERIFY(!ask->isVisible());
        QVERIFY(!reset->isEnabled());
        unlock->trigger();
        QTRY_VERIFY(window.findChild<UnlockWritesDialog *>() && window.findChild<UnlockWritesDialog *>()->isVisible());
        ask = window.findChild<UnlockWritesDialog *>();
        ask->nameEdit()->setText(ProfileStore::demoProfileName());
        QVERIFY(ask->unlockButton()->isEnabled());
        QTest::mouseClick(ask->unlockButton(), Qt::LeftButton);

        QVERIFY(reset->isEnabled());
        QVERIFY(!reset->toolTip().contains(QStringLiteral("Production")));
        QVERIFY(panel->resetButton()->isEnabled());
        QCOMPARE(band->badge(), QStringLiteral("PRODUCTION, WRITES UNLOCKED"));
        QVERIFY(!unlock->isEnabled());
        QVERIFY(lock->isEnabled());
        QVERIFY(window.connections()->writesUnlocked(id));
        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty())
            QVERIFY(window.grab().save(shots + QStringLiteral("/production-unlocked.png")));

        // The open preview follows the unlock, and its write goes through the writer and lands.
        QTRY_VERIFY_WITH_TIMEOUT(dialog->applyButton()->isEnabled(), 10000);
        applyConfirmed(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultModel()->rowCount() == 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(window.resets()->canUndo(id, groupId), 1000);
        dialog->close();

        // Locked again: off again, the undo of what was just written included.
        lock->trigger();
        QVERIFY(!window.connections()->writesUnlocked(id));
        QVERIFY(!reset->isEnabled());
        QAction *undo = findAction(window, QStringLiteral("&Undo Last Reset…"));
        QVERIFY(!undo->isEnabled());
        QVERIFY2(undo->toolTip().startsWith(locked), qPrintable(undo->toolTip()));
        QCOMPARE(band->badge(), QStringLiteral("PRODUCTION"));
    }

    // Issue 9: editing an open profile reconnects only for what it connects with (security, credentials, servers,
    // ...); its name, colour and read-only/production flags apply to the running session, whose writes follow them
    // at once. An unlock survives a reconnect of the same opening.
    void profileEditsReconnectOnlyForWhatTheyConnectWith()
    {
        Test::MockCluster mock(1);
        QVERIFY(mock.createTopic(QStringLiteral("edits"), 1, 1));
        MainWindow window(MainWindow::StartOptions{});
        ConnectionManager *connections = window.connections();
        QSignalSpy updated(connections, &ConnectionManager::profileUpdated);
        ConnectionProfile profile = mock.profile(QStringLiteral("edited-live"));
        const QString id = window.openCluster(profile);
        const QPointer<ClusterSession> session = connections->session(id);
        QVERIFY(session);
        QVERIFY(connections->writeRefusal(id).isEmpty());

        profile.name = QStringLiteral("renamed");
        profile.colour = QStringLiteral("#00897b");
        profile.production = true;
        window.openCluster(profile);
        QCOMPARE(connections->session(id), session.data()); // no reconnect
        QCOMPARE(updated.size(), 1);
        QCOMPARE(connections->profile(id).colour, QStringLiteral("#00897b"));
        QCOMPARE(connections->writeRefusal(id),
                 QStringLiteral("Production profile: unlock writes for this session first"));
        connections->setWritesUnlocked(id, true);
        QVERIFY(connections->writeRefusal(id).isEmpty());
        profile.readOnly = true;
        window.openCluster(profile);
        QCOMPARE(connections->session(id), session.data());
        QVERIFY(connections->writeRefusal(id).startsWith(QStringLiteral("Read-only profile: ")));
        profile.readOnly = false;
        window.openCluster(profile);
        QVERIFY(connections->writeRefusal(id).isEmpty()); // still unlocked: the same opening
        QVERIFY(session->writeAccess()->allowsWrites());  // the running session's jobs see the same

        // What it connects with: each of these reconnects, the unlock kept.
        QPointer<ClusterSession> current = session;
        const QList<std::function<void(ConnectionProfile &)>> edits{
            [](ConnectionProfile &p) { p.saslUsername = QStringLiteral("alice"); },
            [](ConnectionProfile &p) { p.secrets.saslPassword = QStringLiteral("s3cret"); },
            [](ConnectionProfile &p) { p.sslCaFile = QStringLiteral("/etc/ssl/ca.pem"); },
            [](ConnectionProfile &p) { p.securityProtocol = SecurityProtocol::SaslPlaintext; },
            [](ConnectionProfile &p) { p.requestTimeoutMs += 1000; },
        };
        for (const auto &edit : edits) {
            edit(profile);
            window.openCluster(profile);
            QVERIFY(current.isNull()); // replaced
            current = connections->session(id);
            QVERIFY(current);
            QVERIFY(current->writeAccess()->allowsWrites());
        }
        // Where the secrets are kept is not what it connects with.
        profile.secretStorage = SecretStorage::AskEachTime;
        window.openCluster(profile);
        QCOMPARE(connections->session(id), current.data());
    }

    // Issue 9: the profiles open when the window closed (in order; not ad-hoc --bootstrap connections) are what the
    // next start reopens; a profile deleted meanwhile is skipped with a note in the status bar.
    void reopensTheProfilesOpenAtQuit()
    {
        Test::MockCluster mock(1);
        QVERIFY(mock.createTopic(QStringLiteral("kept"), 1, 1));
        ConnectionProfile profile = mock.profile(QString());
        profile.name = QStringLiteral("kept across runs");
        ConnectionProfile saved;
        QString error;
        QVERIFY2(ProfileStore().save(profile, &error, &saved), qPrintable(error));
        QVERIFY(!saved.id.isEmpty());
        {
            MainWindow window(MainWindow::StartOptions{});
            window.show();
            window.openCluster(mock.profile(ProfileStore::adHocProfileId(mock.bootstrapServers())));
            window.openCluster(saved);
            QCOMPARE(window.connections()->openIds().size(), 2);
            window.close();
        }
        QCOMPARE(QSettings().value(QStringLiteral("mainWindow/openProfiles")).toStringList(), QStringList{saved.id});

        const QStringList lastRun{ProfileStore::demoProfileId(), QStringLiteral("deleted-since"), saved.id};
        QSettings().setValue(QStringLiteral("mainWindow/openProfiles"), lastRun);
        MainWindow window(MainWindow::StartOptions{});
        window.show();
        const QList<ConnectionProfile> reopen = window.lastOpenProfiles();
        QStringList ids;
        for (const ConnectionProfile &p : reopen)
            ids.append(p.id);
        QCOMPARE(ids, (QStringList{ProfileStore::demoProfileId(), saved.id}));
        QCOMPARE(reopen.at(1).name, QStringLiteral("kept across runs"));
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("no longer exist")),
                 qPrintable(window.statusBar()->currentMessage()));
        for (const ConnectionProfile &p : reopen)
            window.openCluster(p);
        QCOMPARE(window.connections()->openIds(), (QStringList{ProfileStore::demoProfileId(), saved.id}));

        // Nothing open at quit: nothing to reopen (the caller opens the demo).
        QSettings().setValue(QStringLiteral("mainWindow/openProfiles"), QStringList());
        QVERIFY(window.lastOpenProfiles().isEmpty());
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
