#include "auditlogdialog.h"
#include "copyabletableview.h"
#include "deleteoffsetsdialog.h"
#include "resetdialog.h"
#include "resetfile.h"
#include "resetplanmodel.h"
#include "resetplanner.h"
#include "testsnapshots.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {
const QString kTopic = QStringLiteral("orders");
const QString kIdle = QStringLiteral("billing");
const QString kLive = QStringLiteral("live-consumers");

// orders-0 is committed below its log start, orders-1 beyond its HW; to offset 900 moves 0 and 3 and clamps 1, 2.
ClusterSnapshot snapshot(qint64 bump = 0)
{
    ClusterSnapshot s = base(7);
    s.profileName = QStringLiteral("staging");
    s.bootstrapServers = QStringLiteral("kafka-1:9092");
    s.topics = {
        topic(kTopic, {partition(0, 100, 1000), partition(1, 0, 500), partition(2, 0, 800), partition(3, 0, 1200)})};
    s.groups = {
        group(kIdle, GroupState::Empty,
              {committed(kTopic, 0, 50), committed(kTopic, 1, 600), committed(kTopic, 2, 700 + bump),
               committed(kTopic, 3, 1200)}),
        group(kLive, GroupState::Stable, {committed(kTopic, 0, 990), committed(kTopic, 1, 480)},
              {member(QStringLiteral("consumer-live-1-4be2"), QStringLiteral("invoice-writer"),
                      QStringLiteral("/10.0.0.7"), {{kTopic, 0}, {kTopic, 1}})}),
    };
    return s;
}

ResetRequest defaultRequest(const QString &groupId)
{
    ResetRequest request;
    request.groupId = groupId;
    return request;
}

// The planner as the app runs it, with a fake timestamp look-up: every partition's first message at or after the
// time is log start + 10.
void connectPlanner(ResetDialog *dialog, const ClusterSnapshot *snap)
{
    QObject::connect(dialog, &ResetDialog::planRequested, dialog, [dialog, snap](const ResetRequest &request) {
        QList<OffsetForTime> answers;
        const qint64 time = resetLookupTimeMs(request);
        if (time != 0) {
            for (const TopicPartition &tp : resolveResetScope(*snap, request).partitions)
                answers.append({tp, time, snap->findPartition(tp)->logStartOffset + 10, {}});
        }
        dialog->setPlan(planReset(*snap, request, answers));
    });
}

template <typename T> T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

void chooseStrategy(ResetDialog *dialog, ResetStrategyKind kind)
{
    auto *combo = child<QComboBox>(dialog, "strategyCombo");
    combo->setCurrentIndex(combo->findData(int(kind)));
}

QString cellText(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

int rowOf(ResetPlanModel *model, qint32 partition)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->row(row).tp.partition == partition)
            return row;
    }
    return -1;
}

void save(QWidget *widget, const QString &path)
{
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
    QTest::qWait(50);
    QVERIFY(widget->grab().save(path));
}
} // namespace

class TestResetDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("OffsetLensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_resetdialog"));
    }
    void init() { QSettings().remove(QStringLiteral("resetDialog")); }

    void toOffsetBeyondHighWatermarkClamps()
    {
        const ClusterSnapshot snap = snapshot();
        ResetDialog dialog(snap, defaultRequest(kIdle));
        connectPlanner(&dialog, &snap);
        dialog.setPermission(
            checkResetAllowed(kIdle, snap.findGroup(kIdle), std::nullopt, QDateTime::currentDateTimeUtc()));
        chooseStrategy(&dialog, ResetStrategyKind::ToOffset);
        QTest::keyClicks(child<QLineEdit>(&dialog, "offsetEdit"), QStringLiteral("900"));
        ResetPlanModel *model = dialog.planModel();
        QTRY_COMPARE(dialog.currentRequest().strategy.offset, 900);
        QTRY_COMPARE(model->plan().request.strategy.kind, ResetStrategyKind::ToOffset);
        QCOMPARE(model->rowCount(), 4);

        const int p1 = rowOf(model, 1);
        const int p2 = rowOf(model, 2);
        QCOMPARE(model->row(p1).status, ResetRowStatus::Clamped);
        QCOMPARE(model->row(p1).target, 500);
        QCOMPARE(model->row(p2).status, ResetRowStatus::Clamped);
        QCOMPARE(model->row(rowOf(model, 0)).target, 900);
        // Marked in words and with an icon and a tint, in the view's model (sorting and styling proxies).
        QAbstractItemModel *shown = dialog.previewTable()->model();
        for (int row = 0; row < shown->rowCount(); ++row) {
            const QModelIndex note = shown->index(row, ResetPlanModel::NoteColumn);
            const bool clamped = shown->index(row, ResetPlanModel::PartitionColumn).data().toInt() == 1 ||
                                 shown->index(row, ResetPlanModel::PartitionColumn).data().toInt() == 2;
            QCOMPARE(note.data().toString().startsWith(QLatin1String("clamped")), clamped);
            QCOMPARE(note.data(Qt::DecorationRole).isValid(), clamped);
            QCOMPARE(shown->index(row, 0).data(Qt::BackgroundRole).isValid(), clamped);
        }
        QCOMPARE(cellText(model, p1, ResetPlanModel::ChangeColumn), QStringLiteral("-100"));

        const ResetPlanSummary s = model->plan().summary();
        QCOMPARE(s.clamped, 2);
        QCOMPARE(s.changed, 4);
        QCOMPARE(s.reconsumed, 400); // orders-1 600 → 500, orders-3 1200 → 900
        QCOMPARE(s.skipped, 950);    // orders-0 50 → 900, orders-2 700 → 800
        const QString summary = dialog.summaryText();
        QVERIFY2(summary.contains(QLatin1String("4 of 4 partitions change")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("400 messages re-consumed")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("950 messages skipped")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("2 clamped")), qPrintable(summary));
        QVERIFY(dialog.applyButton()->isEnabled());
        save(&dialog, QStringLiteral("/tmp/reset-preview.png"));
    }

    void activeGroupIsRefused()
    {
        const ClusterSnapshot snap = snapshot();
        ResetDialog dialog(snap, defaultRequest(kLive));
        connectPlanner(&dialog, &snap);
        const ResetPermission permission =
            checkResetAllowed(kLive, snap.findGroup(kLive), std::nullopt, QDateTime::currentDateTimeUtc());
        QVERIFY(!permission.allowed);
        dialog.setPermission(permission);
        QTRY_COMPARE(dialog.planModel()->rowCount(), 2);
        QVERIFY(!dialog.applyButton()->isEnabled());
        QCOMPARE(dialog.applyButton()->toolTip(), permission.reason);
        auto *panel = child<PermissionPanel>(&dialog, "permissionPanel");
        dialog.show();
        QVERIFY(panel->isVisible());
        QVERIFY(panel->text().contains(permission.reason));
        QVERIFY(panel->text().contains(QLatin1String("invoice-writer")));
        save(&dialog, QStringLiteral("/tmp/reset-refused.png"));
    }

    void applyConfirmsThenShowsOutcomes()
    {
        ClusterSnapshot snap = snapshot();
        ResetDialog dialog(snap, defaultRequest(kIdle));
        connectPlanner(&dialog, &snap);
        chooseStrategy(&dialog, ResetStrategyKind::ToEarliest);
        dialog.setPermission(
            checkResetAllowed(kIdle, snap.findGroup(kIdle), std::nullopt, QDateTime::currentDateTimeUtc()));
        QTRY_VERIFY(dialog.applyButton()->isEnabled());
        const ResetPlan shown = dialog.planModel()->plan();
        QCOMPARE(shown.request.strategy.kind, ResetStrategyKind::ToEarliest);

        QSignalSpy applied(&dialog, &ResetDialog::applyRequested);
        QString confirmation;
        bool cancelIsDefault = false;
        QTimer::singleShot(0, &dialog, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            confirmation = box->text();
            cancelIsDefault = box->defaultButton() == box->button(QMessageBox::Cancel);
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::AcceptRole)
                    button->click();
            }
        });
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(applied.count(), 1);
        QVERIFY2(confirmation.contains(QLatin1String("staging")) && confirmation.contains(kIdle) &&
                     confirmation.contains(QLatin1String("4 partitions")),
                 qPrintable(confirmation));
        QVERIFY(cancelIsDefault);
        const auto plan = applied.first().first().value<ResetPlan>();
        QCOMPARE(plan.rows, shown.rows);
        QVERIFY(!dialog.applyButton()->isEnabled()); // applying
        dialog.show();
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(dialog.isVisible()); // Esc does not close while applying

        // Applied, one partition rejected: the outcome table says so per partition.
        ResetApplyResult result;
        result.kind = ResetApplyResult::Kind::Applied;
        result.freshPlan = plan;
        result.report.readBack = true;
        GroupWriteResult write;
        write.groupId = kIdle;
        for (const ResetPlanRow &row : plan.rows) {
            PartitionWriteResult partition{row.tp, row.target, WriteOutcome::Confirmed, row.target, {}};
            if (row.tp.partition == 2) {
                partition.outcome = WriteOutcome::Rejected;
                partition.readBack = 700;
                partition.error = QStringLiteral("not authorized to write this topic");
            }
            write.partitions.append(partition);
        }
        result.report.groups = {write};
        dialog.setApplyResult(result);
        auto *tabs = child<QTabWidget>(&dialog, "resetTabs");
        QCOMPARE(tabs->currentIndex(), 1);
        ResetPlanModel *outcomes = dialog.resultModel();
        QCOMPARE(cellText(outcomes, rowOf(outcomes, 0), ResetPlanModel::OutcomeColumn), QStringLiteral("confirmed"));
        QVERIFY(cellText(outcomes, rowOf(outcomes, 2), ResetPlanModel::OutcomeColumn)
                    .contains(QLatin1String("rejected: not authorized")));
        QCOMPARE(outcomes->index(rowOf(outcomes, 2), 0).data(ResetPlanModel::HealthRole).toInt(), 2);
        QVERIFY(child<QLabel>(&dialog, "resultSummary")->text().contains(QLatin1String("PARTIAL")));
        QSignalSpy undo(&dialog, &ResetDialog::undoRequested);
        child<QPushButton>(&dialog, "undoButton")->click();
        QCOMPARE(undo.count(), 1);

        // Moved: the fresh plan becomes the preview, with the banner.
        ClusterSnapshot moved = snapshot(25);
        ResetApplyResult movedResult;
        movedResult.kind = ResetApplyResult::Kind::Moved;
        movedResult.freshPlan = planReset(moved, dialog.currentRequest());
        movedResult.permission.allowed = true;
        dialog.setApplyResult(movedResult);
        ResetPlanModel *preview = dialog.planModel();
        QCOMPARE(preview->row(rowOf(preview, 2)).committedBefore, 725);
        QCOMPARE(tabs->currentIndex(), 0);
        auto *banner = child<QLabel>(&dialog, "resetBanner");
        QVERIFY(!banner->isHidden());
        QVERIFY(banner->text().contains(QLatin1String("moved since the preview")));
        QVERIFY(dialog.applyButton()->isEnabled());
    }

    void dateTimeIsReadInTheShownZone()
    {
        const ClusterSnapshot snap = snapshot();
        ResetDialog dialog(snap, defaultRequest(kIdle));
        connectPlanner(&dialog, &snap);
        chooseStrategy(&dialog, ResetStrategyKind::ToDateTime);
        auto *zone = child<QComboBox>(&dialog, "zoneCombo");
        QCOMPARE(zone->currentText(), QStringLiteral("UTC")); // shown, never implied
        auto *edit = child<QLineEdit>(&dialog, "dateTimeEdit");
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("2024-03-01T12:00:00"));
        auto *interpreted = child<QLabel>(&dialog, "interpretedTime");
        QVERIFY2(interpreted->text().contains(QLatin1String("UTC")), qPrintable(interpreted->text()));
        const qint64 noon = QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        QTRY_COMPARE(dialog.currentRequest().strategy.timestampMs, noon);
        QTRY_COMPARE(dialog.planModel()->plan().request.strategy.timestampMs, noon);
        QCOMPARE(dialog.planModel()->row(rowOf(dialog.planModel(), 0)).target, 110); // the fake's answer
        save(&dialog, QStringLiteral("/tmp/reset-datetime.png"));

        zone->setCurrentIndex(zone->findData(QStringLiteral("fixed")));
        auto *fixed = child<QLineEdit>(&dialog, "fixedZoneEdit");
        fixed->setText(QStringLiteral("+02:00"));
        QVERIFY2(interpreted->text().contains(QLatin1String("+02:00")), qPrintable(interpreted->text()));
        QTRY_COMPARE(dialog.currentRequest().strategy.timestampMs, noon - 2 * 3600 * 1000);
        fixed->setText(QStringLiteral("nonsense"));
        QTRY_COMPARE(dialog.planModel()->rowCount(), 0); // no guess: no preview until the zone is clear
        QVERIFY(!child<QLabel>(&dialog, "inputError")->isHidden());
        QVERIFY(!dialog.applyButton()->isEnabled());
        QCOMPARE(QSettings().value(QStringLiteral("resetDialog/timeZone")).toString(), QStringLiteral("fixed"));
    }

    void exportWritesTheCliCsv()
    {
        const ClusterSnapshot snap = snapshot();
        ResetDialog dialog(snap, defaultRequest(kIdle));
        connectPlanner(&dialog, &snap);
        chooseStrategy(&dialog, ResetStrategyKind::ToLatest);
        QTRY_COMPARE(dialog.planModel()->rowCount(), 4);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plan.csv"));
        QVERIFY(dialog.exportPlanTo(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QCOMPARE(csv, exportResetCsv({dialog.planModel()->plan()}));
        QVERIFY(csv.contains("orders,0,1000"));
    }

    void rememberedStrategyOpensNextTime()
    {
        const ClusterSnapshot snap = snapshot();
        {
            ResetDialog dialog(snap, defaultRequest(kIdle));
            connectPlanner(&dialog, &snap);
            chooseStrategy(&dialog, ResetStrategyKind::ToEarliest);
            QTRY_COMPARE(dialog.planModel()->plan().request.strategy.kind, ResetStrategyKind::ToEarliest);
        }
        ResetDialog again(snap, defaultRequest(kIdle));
        QCOMPARE(again.currentRequest().strategy.kind, ResetStrategyKind::ToEarliest);
    }

    void deleteOffsetsPreviewAndRequest()
    {
        const ClusterSnapshot snap = snapshot();
        DeleteOffsetsDialog dialog(snap, kIdle, {kTopic});
        QCOMPARE(dialog.previewTable()->rowCount(), 4);
        QCOMPARE(dialog.currentRequest().partitions.size(), 4);
        QVERIFY(!dialog.deleteButton()->isEnabled()); // no permission yet
        dialog.setPermission(
            checkResetAllowed(kIdle, snap.findGroup(kIdle), std::nullopt, QDateTime::currentDateTimeUtc()));
        QVERIFY(dialog.deleteButton()->isEnabled());
        dialog.topicList()->item(0)->setCheckState(Qt::Unchecked);
        QCOMPARE(dialog.previewTable()->rowCount(), 0);
        QVERIFY(!dialog.deleteButton()->isEnabled());
    }

    void auditLogNewestFirst()
    {
        ResetAuditEntry older;
        older.time = QDateTime(QDate(2024, 1, 1), QTime(8, 0), QTimeZone::utc());
        older.groupId = QStringLiteral("old");
        ResetAuditEntry newer = older;
        newer.time = older.time.addDays(1);
        newer.groupId = QStringLiteral("new");
        newer.rows = {{{kTopic, 0}, 10, 20, QStringLiteral("confirmed")},
                      {{kTopic, 1}, 10, 20, QStringLiteral("rejected: not authorized")}};
        AuditLogDialog dialog({older, newer});
        QCOMPARE(dialog.entriesTable()->item(0, 3)->text(), QStringLiteral("new"));
        QCOMPARE(dialog.rowsTable()->rowCount(), 2);
        QVERIFY(dialog.entriesTable()->item(0, 0)->toolTip().contains(QLatin1String("UTC")));
    }
};

QTEST_MAIN(TestResetDialog)
#include "tst_resetdialog.moc"
