// The doctor panel: findings listed worst first, the selected one explained with its partitions, its fixes as
// buttons that hand the reset preview exactly the suggested request, peek, the scope that follows the selection,
// and a finding that stays selected while refreshes change its numbers.
#include "diagnose.h"
#include "diagnosissnapshots.h"
#include "doctorpanel.h"
#include "findingsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace OffsetLens;
using namespace OffsetLens::DiagnosisTestData;

namespace {

// "lost": Empty, committed 3000 on orders-0 where retention moved the log start to 5000 (error, resettable).
// "busy": Stable with a member, orders-1 committed beyond its HW of 500 (error, but the preview would refuse).
// "quiet": Stable, caught up on payments-0: no finding.
ClusterSnapshot doctorSnapshot(qint64 lostCommit = 3000)
{
    ClusterSnapshot s = doctorCluster();
    s.groups = {
        group(QStringLiteral("busy"), GroupState::Stable, offsets("orders:1=900"),
              members({QStringLiteral("svc=orders:1")})),
        group(QStringLiteral("lost"), GroupState::Empty, offsets(QStringLiteral("orders:0=%1").arg(lostCommit))),
        group(QStringLiteral("quiet"), GroupState::Stable, offsets("payments:0=300"),
              members({QStringLiteral("q=payments:0")})),
    };
    return s;
}

QList<Finding> findingsOf(const ClusterSnapshot &snapshot)
{
    DiagnosisInput input;
    input.snapshot = snapshot;
    return diagnose(input);
}

QStringList listed(const DoctorPanel &panel)
{
    QStringList rows;
    const QAbstractItemModel *m = panel.findChild<QTableView *>(QStringLiteral("doctorList"))->model();
    for (int r = 0; r < m->rowCount(); ++r)
        rows.append(m->index(r, FindingsModel::SubjectColumn).data().toString() + QLatin1Char(' ') +
                    m->index(r, 0).data(FindingsModel::RuleIdRole).toString());
    return rows;
}

} // namespace

class TestDoctorPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void waitsThenSaysNothingFound()
    {
        DoctorPanel panel;
        QVERIFY(panel.detailText().contains(QStringLiteral("has not diagnosed this cluster yet")));
        panel.setFindings(QStringLiteral("c1"), {});
        QVERIFY(panel.detailText().contains(QStringLiteral("Nothing found")));
        QVERIFY(!panel.peekButton()->isEnabled());
    }

    void listsWorstFirstAndExplains()
    {
        DoctorPanel panel;
        const QList<Finding> findings = findingsOf(doctorSnapshot());
        panel.setFindings(QStringLiteral("c1"), findings);
        const QStringList rows = listed(panel);
        QVERIFY2(rows.size() >= 2, qPrintable(rows.join(QLatin1Char('|'))));
        QVERIFY(!rows.join(QLatin1Char('|')).contains(QStringLiteral("quiet")));
        // Errors first; the first one is selected and explained.
        const Finding *current = panel.currentFinding();
        QVERIFY(current);
        QCOMPARE(current->severity, FindingSeverity::Error);
        const QString detail = panel.detailText();
        QVERIFY2(detail.contains(current->title), qPrintable(detail));
        QVERIFY(detail.contains(QStringLiteral("What happens next")));
        QVERIFY(detail.contains(QStringLiteral("Partitions (1)")));
    }

    void fixButtonOpensThePreviewWithTheSuggestedRequest()
    {
        DoctorPanel panel;
        const QList<Finding> findings = findingsOf(doctorSnapshot());
        panel.setFindings(QStringLiteral("c1"), findings);
        QVERIFY(panel.selectFinding(QStringLiteral("committed-below-log-start"), QStringLiteral("lost")));
        const Finding *f = panel.currentFinding();
        QVERIFY(f && !f->actions.isEmpty() && f->actions.constFirst().reset);
        QCOMPARE(panel.actionButtons().size(), qsizetype(2)); // to earliest (recommended), to latest
        QVERIFY(panel.actionButtons().constFirst()->text().startsWith(QStringLiteral("Preview fix")));
        QSignalSpy reset(&panel, &DoctorPanel::resetRequested);
        QTest::mouseClick(panel.actionButtons().constFirst(), Qt::LeftButton);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(reset.at(0).at(0).value<ResetRequest>(), *f->actions.constFirst().reset);
        QCOMPARE(reset.at(0).at(0).value<ResetRequest>().strategy.kind, ResetStrategyKind::ToEarliest);

        // Peek reads at the partition's committed offset.
        QSignalSpy peek(&panel, &DoctorPanel::peekRequested);
        QTest::mouseClick(panel.peekButton(), Qt::LeftButton);
        QCOMPARE(peek.size(), 1);
        QCOMPARE(peek.at(0).at(0).value<TopicPartition>(), (TopicPartition{QStringLiteral("orders"), 0}));
        QCOMPARE(peek.at(0).at(1).toLongLong(), 3000);
    }

    void activeGroupSaysWhyThePreviewWillRefuse()
    {
        DoctorPanel panel;
        panel.show();
        panel.setFindings(QStringLiteral("c1"), findingsOf(doctorSnapshot()));
        QVERIFY(panel.selectFinding(QStringLiteral("committed-above-high-watermark"), QStringLiteral("busy")));
        QVERIFY(!panel.actionButtons().isEmpty());
        QLabel *blocked = nullptr;
        for (QLabel *label : panel.findChildren<QLabel *>()) {
            if (label->text().startsWith(QStringLiteral("The preview will not apply this now")))
                blocked = label;
        }
        QVERIFY(blocked);
        QVERIFY(blocked->isVisible());
        // A read-only profile says so on every finding with a fix.
        QVERIFY(panel.selectFinding(QStringLiteral("committed-below-log-start"), QStringLiteral("lost")));
        panel.setWriteBlocked(QStringLiteral("the profile is read-only"));
        QVERIFY(blocked->text().contains(QStringLiteral("the profile is read-only")));
    }

    void scopeFollowsTheSelection()
    {
        DoctorPanel panel;
        panel.setFindings(QStringLiteral("c1"), findingsOf(doctorSnapshot()));
        const int all = int(listed(panel).size());
        panel.setScope(QStringLiteral("lost"), QString());
        for (const QString &row : listed(panel))
            QVERIFY2(row.startsWith(QStringLiteral("lost ")), qPrintable(row));
        QVERIFY(listed(panel).size() < all);
        // "Whole cluster" overrides the scope; the severity filter still applies.
        panel.findChild<QCheckBox *>()->setChecked(true);
        QCOMPARE(listed(panel).size(), all);
        panel.findChild<QComboBox *>()->setCurrentIndex(2); // errors only
        for (int r = 0; r < panel.filterModel()->rowCount(); ++r)
            QCOMPARE(panel.filterModel()->index(r, 0).data(FindingsModel::SeverityRole).toInt(),
                     int(FindingSeverity::Error));
        // A topic: the findings with a partition of it.
        panel.findChild<QCheckBox *>()->setChecked(false);
        panel.findChild<QComboBox *>()->setCurrentIndex(0);
        panel.setScope(QString(), QStringLiteral("payments"));
        QVERIFY(listed(panel).isEmpty());
        QVERIFY(panel.detailText().contains(QStringLiteral("No findings here")));
    }

    void selectionSurvivesARefresh()
    {
        DoctorPanel panel;
        panel.setFindings(QStringLiteral("c1"), findingsOf(doctorSnapshot(3000)));
        QVERIFY(panel.selectFinding(QStringLiteral("committed-below-log-start"), QStringLiteral("lost")));
        QVERIFY(panel.detailText().contains(QStringLiteral("3,000")));
        // The next refresh: the same finding with other numbers stays the one shown, with the new numbers.
        panel.setFindings(QStringLiteral("c1"), findingsOf(doctorSnapshot(2000)));
        QVERIFY(panel.currentFinding());
        QCOMPARE(panel.currentFinding()->groupId, QStringLiteral("lost"));
        QCOMPARE(findingRuleId(panel.currentFinding()->rule), QStringLiteral("committed-below-log-start"));
        QVERIFY(panel.detailText().contains(QStringLiteral("2,000")));

        // The same diagnosis again (every refresh sends one): the fix button a keyboard user is on stays the same
        // widget, with the focus, and the pane keeps its scroll position.
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QList<Finding> again = findingsOf(doctorSnapshot(2000));
        QPointer<QPushButton> fix = panel.actionButtons().constFirst();
        fix->setFocus();
        QScrollBar *scroll = panel.findChild<QTextBrowser *>()->verticalScrollBar();
        scroll->setValue(scroll->maximum());
        const int bottom = scroll->value();
        QVERIFY(bottom > 0);
        panel.setFindings(QStringLiteral("c1"), again);
        QVERIFY(fix);
        QCOMPARE(panel.actionButtons().constFirst(), fix.data());
        QVERIFY(fix->hasFocus());
        QCOMPARE(scroll->value(), bottom);

        const QString shots = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (!shots.isEmpty()) {
            panel.resize(1100, 420);
            panel.show();
            QTest::qWait(50);
            panel.grab().save(shots + QStringLiteral("/doctorpanel.png"));
        }
    }

    // Laying out the detail takes 20 ms with its partition table: a refresh's findings, a model reset that moves
    // the current row, and a new scope from a click in the tree leave it to an event of its own, so it never adds to
    // theirs. A click in the list itself does the same (the next event).
    void detailIsLaidOutInAnEventOfItsOwn()
    {
        DoctorPanel panel;
        auto *detail = panel.findChild<QTextBrowser *>();
        const auto shown = [detail] {
            return detail->toPlainText();
        }; // what is laid out now, without flushing
        const QString waiting = shown();
        panel.setFindings(QStringLiteral("c1"), findingsOf(doctorSnapshot(3000)));
        QCOMPARE(shown(), waiting);
        QTRY_VERIFY(shown() != waiting);
        QVERIFY(panel.selectFinding(QStringLiteral("committed-below-log-start"), QStringLiteral("lost")));
        QVERIFY(shown().contains(QStringLiteral("3,000")));
        panel.setFindings(QStringLiteral("c1"), findingsOf(doctorSnapshot(2000))); // new numbers, same finding
        QVERIFY(shown().contains(QStringLiteral("3,000")));
        QTRY_VERIFY(shown().contains(QStringLiteral("2,000")));
        const QString before = shown();
        panel.setScope(QString(), QStringLiteral("payments")); // nothing there
        QCOMPARE(shown(), before);
        QTRY_VERIFY(shown().contains(QStringLiteral("No findings here")));
        panel.setScope(QString(), QString());
        auto *list = panel.findChild<QTableView *>(QStringLiteral("doctorList"));
        QTRY_VERIFY(!shown().contains(QStringLiteral("No findings here")));
        const QString first = shown();
        list->setCurrentIndex(list->model()->index(1, 0));
        QCOMPARE(shown(), first);
        QTRY_VERIFY(shown() != first);
        QCOMPARE(panel.currentFinding()->title.isEmpty(), false);
        QVERIFY(shown().contains(panel.currentFinding()->title));
    }

    // A refresh where a rule fires for every other group at once: the list changes in hundreds of places (the model
    // resets rather than pay per change), and the finding being read is still the one selected, in view.
    void selectionSurvivesManyNewFindings()
    {
        const Finding model = findingsOf(doctorSnapshot()).constFirst();
        const auto groupsOf = [&](int step) {
            QList<Finding> findings;
            for (int g = 0; g < 400; g += step) {
                Finding f = model;
                f.groupId = QStringLiteral("g%1").arg(g, 3, 10, QLatin1Char('0'));
                findings.append(f);
            }
            sortFindings(findings);
            return findings;
        };
        DoctorPanel panel;
        panel.resize(900, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setFindings(QStringLiteral("c1"), groupsOf(2));
        const QString rule = findingRuleId(model.rule);
        QVERIFY(panel.selectFinding(rule, QStringLiteral("g300")));
        QSignalSpy resets(panel.findChild<QTableView *>(QStringLiteral("doctorList"))->model(),
                          &QAbstractItemModel::modelReset);
        panel.setFindings(QStringLiteral("c1"), groupsOf(1));
        QCOMPARE(resets.size(), 1); // 200 insertions, one between each two rows: a reset
        QCOMPARE(listed(panel).size(), 400);
        QVERIFY(panel.currentFinding());
        QCOMPARE(panel.currentFinding()->groupId, QStringLiteral("g300"));
        auto *view = panel.findChild<QTableView *>(QStringLiteral("doctorList"));
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));
        // A few changes stay a keyed update: no reset.
        QList<Finding> fewer = groupsOf(1);
        fewer.removeAt(5);
        panel.setFindings(QStringLiteral("c1"), fewer);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(panel.currentFinding()->groupId, QStringLiteral("g300"));
    }
};

QTEST_MAIN(TestDoctorPanel)
#include "tst_doctorpanel.moc"
