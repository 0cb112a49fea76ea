// The main window wired to a real session: the embedded demo cluster, then an unreachable cluster.
#include "grouppanel.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QApplication>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

using namespace OffsetLens;

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
        window.connectTo(ProfileStore::demoProfile());
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

    void unreachableClusterReportsAndDoesNotHang()
    {
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy failed(&window, &MainWindow::connectionFailed);
        window.show();
        ConnectionProfile profile;
        profile.name = QStringLiteral("nowhere");
        profile.bootstrapServers = QStringLiteral("127.0.0.1:1");
        profile.requestTimeoutMs = 1500;
        QElapsedTimer timer;
        timer.start();
        window.connectTo(profile);
        QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 15000);
        QVERIFY2(failed.constFirst().constFirst().toString().contains(QStringLiteral("127.0.0.1:1")),
                 qPrintable(failed.constFirst().constFirst().toString()));
        // Switching connections and destroying the window stay prompt while the session is still retrying.
        window.connectTo(profile);
        QVERIFY(timer.elapsed() < 20000);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
