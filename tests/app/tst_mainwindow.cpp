// The main window wired to a real session: the embedded demo cluster, then an unreachable cluster.
#include "connectdialog.h"
#include "grouppanel.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
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

    void demoStartRacesAreHarmless()
    {
        {
            // Closed while the demo is still starting: the destructor waits for it and cleans up.
            MainWindow window(MainWindow::StartOptions{});
            window.connectTo(ProfileStore::demoProfile());
        }
        // Reconnecting before the first demo is up: only the last connection gets a session.
        MainWindow window(MainWindow::StartOptions{});
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.connectTo(ProfileStore::demoProfile());
        window.connectTo(ProfileStore::demoProfile());
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 1, 30000);
        QTest::qWait(500); // a stale start would have finished by now
        QCOMPARE(window.findChildren<ClusterSession *>().size(), 1);
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
            window.connectTo(profile);
            QVERIFY(intervalAction(window, 5000)->isChecked()); // the profile's default
            intervalAction(window, 30000)->trigger();
        }
        MainWindow again(MainWindow::StartOptions{});
        again.connectTo(profile);
        QVERIFY(intervalAction(again, 30000)->isChecked());
        ConnectionProfile other = profile;
        other.name = QStringLiteral("other");
        again.connectTo(other);
        QVERIFY(intervalAction(again, 5000)->isChecked()); // not carried over to another profile
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
