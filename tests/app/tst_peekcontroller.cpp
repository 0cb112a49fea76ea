// Peek wired through the window on the embedded demo cluster: the group panel's "Peek at Messages…" opens a
// window that reads, off the GUI thread, the messages at the selected partition's committed offset.
#include "background.h"
#include "grouppanel.h"
#include "mainwindow.h"
#include "peektablemodel.h"
#include "peekview.h"
#include "profilestore.h"

#include <QApplication>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace OffsetLens;
using namespace std::chrono_literals;

class TestPeekController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("OffsetLensTest"));
        QSettings().clear();
    }

    void cleanupTestCase() { QVERIFY(Background::waitForIdle(15s)); }

    void peekFromTheGroupPanel()
    {
        MainWindow::StartOptions options;
        options.demo.seed = 5;
        options.refreshIntervalMs = 1000;
        MainWindow window(options);
        QSignalSpy applied(&window, &MainWindow::snapshotApplied);
        window.show();
        window.openCluster(ProfileStore::demoProfile());
        QVERIFY(window.selectItem(QStringLiteral("group:billing-replay")));
        QTRY_VERIFY_WITH_TIMEOUT(applied.size() >= 2, 30000);
        auto *panel = window.findChild<GroupPanel *>();
        QTRY_COMPARE(panel->group(), QStringLiteral("billing-replay"));
        auto *table = panel->findChild<QTableView *>();
        QVERIFY(table);
        QTRY_VERIFY(table->model()->rowCount() > 0);
        table->setCurrentIndex(table->model()->index(0, 0));
        QPushButton *peek = nullptr;
        for (QPushButton *button : panel->findChildren<QPushButton *>()) {
            if (button->text().contains(QStringLiteral("Pee&k")))
                peek = button;
        }
        QVERIFY(peek);
        peek->click();
        PeekDialog *dialog = window.findChild<PeekDialog *>();
        QVERIFY(dialog);
        PeekView *view = dialog->view();
        QVERIFY(view->request().anchor >= 0); // the committed offset
        QTRY_VERIFY_WITH_TIMEOUT(view->peekButton()->isEnabled(), 15000);
        qInfo() << view->statusText();
        QVERIFY2(view->table()->model()->rowCount() > 0 || view->statusText().contains(QStringLiteral("exist")),
                 qPrintable(view->statusText()));
        QVERIFY(!view->statusText().contains(QStringLiteral("failed")));
        const QString shot = qEnvironmentVariable("PEEK_SCREENSHOT");
        if (!shot.isEmpty())
            QVERIFY(dialog->grab().save(shot));
        dialog->close();
        window.close();
    }
};

QTEST_MAIN(TestPeekController)
#include "tst_peekcontroller.moc"
