// The doctor's rules on where committed offsets stand: below the log start, beyond the HW, missing. Each with the
// cases where it must say nothing.
#include "diagnosissnapshots.h"
#include "outofrange.h"
#include "rules.h"

#include <QLocale>
#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::DiagnosisTestData;

class TestDiagnosisRanges : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    // The wording the visualiser shares: one partition names its offsets, several are summed.
    void outOfRangeLines()
    {
        const QStringList one = committedBelowLogStartLines(3000, 5000, 12000);
        QCOMPARE(one.value(0), QStringLiteral("Retention deleted 2,000 messages this group never read."));
        QVERIFY(one.value(2).contains(QStringLiteral("resumes at the log start, 5,000")));
        QVERIFY(one.value(3).contains(QStringLiteral("resumes at the HW, 12,000, skipping 7,000 more messages")));
        QCOMPARE(one.value(4), QStringLiteral("none: the consumer fails with an error."));

        const QStringList unknown = committedBelowLogStartLines(3000, kNone, kNone);
        QVERIFY(unknown.value(0).contains(QStringLiteral("an unknown number of")));
        QVERIFY(unknown.value(3).contains(QStringLiteral("HW, unknown, skipping every message retained")));

        const QStringList two = committedBelowLogStartLines({{3000, 5000, 12000}, {40, 100, 400}});
        QCOMPARE(two.value(0),
                 QStringLiteral("Retention deleted 2,060 messages this group never read, on 2 partitions."));
        QVERIFY(two.value(2).contains(QStringLiteral("each partition's log start")));
        QVERIFY(two.value(3).contains(QStringLiteral("skipping 7,300 more messages")));
        QVERIFY(committedBelowLogStartLines(QList<CommittedInLog>{}).isEmpty());

        const QStringList above = committedAboveHighWatermarkLines(1500, 200, 1000);
        QCOMPARE(above.value(0), QStringLiteral("500 offsets beyond the HW (1,000)."));
        QVERIFY(above.constLast().contains(QStringLiteral("earliest to the log start, 200; latest to the HW, 1,000")));
        QVERIFY(
            !committedAboveHighWatermarkLines(kNone, 200, 1000).value(0).contains(QStringLiteral("beyond the HW (")));
    }

    void belowLogStart_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("committed");
        QTest::addColumn<QString>("expected"); // partitions of the finding; "" = no finding
        QTest::addColumn<qint64>("deleted");
        QTest::addColumn<qint64>("skipped");

        QTest::newRow("one partition") << "Empty"
                                       << "orders:0=3000"
                                       << "orders-0" << qint64(2000) << qint64(7000);
        QTest::newRow("two topics") << "Empty"
                                    << "orders:0=3000 orders:1=200 payments:1=40"
                                    << "orders-0 payments-1" << qint64(2060) << qint64(7300);
        QTest::newRow("one below by one") << "Stable"
                                          << "orders:0=4999"
                                          << "orders-0" << qint64(1) << qint64(7000);
        QTest::newRow("committed at log start") << "Empty"
                                                << "orders:0=5000"
                                                << "" << qint64(0) << qint64(0);
        QTest::newRow("committed at HW") << "Empty"
                                         << "orders:0=12000 orders:1=500"
                                         << "" << qint64(0) << qint64(0);
        QTest::newRow("committed inside") << "Empty"
                                          << "orders:1=250 orders:3=10"
                                          << "" << qint64(0) << qint64(0);
        QTest::newRow("HW unknown: no claim") << "Empty"
                                              << "events:0=5"
                                              << "" << qint64(0) << qint64(0);
        QTest::newRow("log start unknown: no claim") << "Empty"
                                                     << "legacy:0=3"
                                                     << "" << qint64(0) << qint64(0);
        QTest::newRow("no-commit record") << "Empty"
                                          << "orders:0=-"
                                          << "" << qint64(0) << qint64(0);
        QTest::newRow("topic gone") << "Empty"
                                    << "gone:0=5"
                                    << "" << qint64(0) << qint64(0);
        QTest::newRow("Dead without offsets") << "Dead"
                                              << ""
                                              << "" << qint64(0) << qint64(0);
    }

    void belowLogStart()
    {
        QFETCH(QString, state);
        QFETCH(QString, committed);
        QFETCH(QString, expected);
        QFETCH(qint64, deleted);
        QFETCH(qint64, skipped);
        const DiagnosisInput input = inputWith(group(QStringLiteral("billing"), stateNamed(state), offsets(committed)));
        const QList<Finding> found = findCommittedBelowLogStart(input, QStringLiteral("billing"));
        if (expected.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(f.rule, FindingRule::CommittedBelowLogStart);
        QCOMPARE(f.severity, FindingSeverity::Error);
        QCOMPARE(f.groupId, QStringLiteral("billing"));
        QCOMPARE(names(f), expected);
        QCOMPARE(f.total(&FindingPartition::deleted), deleted);
        QCOMPARE(f.total(&FindingPartition::latestSkips), skipped);
        QCOMPARE(f.total(&FindingPartition::earliestReads), skipped);
        QVERIFY2(f.title.contains(formatCount(deleted)), qPrintable(f.title));
        // Both outcomes, with their numbers, and the failing third.
        QVERIFY2(f.whatNext.contains(QStringLiteral("earliest: resumes at")), qPrintable(f.whatNext));
        QVERIFY2(f.whatNext.contains(QStringLiteral("skipping %1 more messages").arg(formatCount(skipped))),
                 qPrintable(f.whatNext));
        QVERIFY2(f.whatNext.contains(QStringLiteral("none: the consumer fails")), qPrintable(f.whatNext));
        // The fix opens the preview on exactly these partitions.
        QCOMPARE(f.actions.size(), 2);
        const QString scope =
            expected == QStringLiteral("orders-0") ? QStringLiteral("orders:0") : QStringLiteral("orders:0 payments:1");
        QCOMPARE(requestText(f.actions.at(0)), QStringLiteral("billing to earliest ") + scope);
        QCOMPARE(requestText(f.actions.at(1)), QStringLiteral("billing to latest ") + scope);
        QCOMPARE(f.actions.at(0).reset->now, input.effectiveNow());
        // An active group cannot be reset: the action says why, in the preview's own words.
        QCOMPARE(f.actions.at(0).blockedBy.isEmpty(), state != QStringLiteral("Stable"));
    }

    void belowLogStartWording()
    {
        DiagnosisInput input = inputWith(group(QStringLiteral("billing"), GroupState::Empty, offsets("orders:0=3000")));
        Finding f = findCommittedBelowLogStart(input, QStringLiteral("billing")).value(0);
        QCOMPARE(f.topic, QStringLiteral("orders"));
        QVERIFY2(f.explanation.startsWith(QStringLiteral("Retention deleted 2,000 messages this group never read.")),
                 qPrintable(f.explanation));
        QVERIFY2(f.whatNext.contains(QStringLiteral("resumes at the log start, 5,000")), qPrintable(f.whatNext));
        QVERIFY2(f.whatNext.contains(QStringLiteral("resumes at the HW, 12,000")), qPrintable(f.whatNext));
        QVERIFY(!f.whatNext.contains(QStringLiteral("your setting")));

        input.client.resetPolicy = ResetPolicy::Latest;
        f = findCommittedBelowLogStart(input, QStringLiteral("billing")).value(0);
        QVERIFY2(f.whatNext.contains(QStringLiteral("use latest (your setting): they will skip 7,000 messages")),
                 qPrintable(f.whatNext));
    }

    void aboveHighWatermark_data()
    {
        QTest::addColumn<QString>("committed");
        QTest::addColumn<qint64>("logEnd"); // of orders-1
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("severity");

        QTest::newRow("recreated topic") << "orders:1=800" << kNone << "orders-1"
                                         << "error";
        QTest::newRow("two partitions") << "orders:1=800 payments:0=301" << kNone << "orders-1 payments-0"
                                        << "error";
        QTest::newRow("beyond a known log end") << "orders:1=800" << qint64(700) << "orders-1"
                                                << "error";
        QTest::newRow("within a known log end") << "orders:1=800" << qint64(900) << "orders-1"
                                                << "warning";
        QTest::newRow("at HW") << "orders:1=500" << kNone << ""
                               << "";
        QTest::newRow("inside") << "orders:1=499 orders:2=50" << kNone << ""
                                << "";
        QTest::newRow("below start is the other rule") << "orders:0=3000" << kNone << ""
                                                       << "";
        QTest::newRow("HW unknown: no claim") << "events:0=999999" << kNone << ""
                                              << "";
        QTest::newRow("no commit") << "orders:1=-" << kNone << ""
                                   << "";
    }

    void aboveHighWatermark()
    {
        QFETCH(QString, committed);
        QFETCH(qint64, logEnd);
        QFETCH(QString, expected);
        QFETCH(QString, severity);
        ClusterSnapshot cluster = doctorCluster();
        for (TopicInfo &t : cluster.topics) {
            if (t.name == QStringLiteral("orders"))
                t.partitions[1].logEndOffset = logEnd;
        }
        const DiagnosisInput input =
            inputWith(group(QStringLiteral("billing"), GroupState::Empty, offsets(committed)), cluster);
        const QList<Finding> found = findCommittedAboveHighWatermark(input, QStringLiteral("billing"));
        if (expected.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(f.rule, FindingRule::CommittedAboveHighWatermark);
        QCOMPARE(findingSeverityId(f.severity), severity);
        QCOMPARE(names(f), expected);
        QVERIFY2(f.explanation.contains(QStringLiteral("recreated")), qPrintable(f.explanation));
        QVERIFY2(f.whatNext.contains(QStringLiteral("offset out of range")), qPrintable(f.whatNext));
        if (expected == QStringLiteral("orders-1")) {
            QVERIFY2(f.title.contains(QStringLiteral("300 beyond the HW")), qPrintable(f.title));
            QVERIFY2(f.explanation.contains(QStringLiteral("300 offsets beyond the HW (500)")),
                     qPrintable(f.explanation));
            QVERIFY2(f.whatNext.contains(QStringLiteral("earliest to the log start, 0; latest to the HW, 500")),
                     qPrintable(f.whatNext));
            QCOMPARE(f.total(&FindingPartition::earliestReads), qint64(500));
        }
        QCOMPARE(f.actions.size(), 2);
        QVERIFY(requestText(f.actions.at(0)).startsWith(QStringLiteral("billing to earliest orders:1")));
        QVERIFY(requestText(f.actions.at(1)).startsWith(QStringLiteral("billing to latest orders:1")));
    }

    void withoutCommit_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("committed");
        QTest::addColumn<QStringList>("members");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<qint64>("retained");

        const QString consumer = QStringLiteral("consumer");
        QTest::newRow("assigned, no commit") << "Stable"
                                             << "orders:0=6000" << QStringList{QStringLiteral("svc=orders:0,orders:1")}
                                             << consumer << "orders-1" << qint64(500);
        QTest::newRow("assigned, empty partition")
            << "Stable"
            << "orders:0=6000" << QStringList{QStringLiteral("svc=orders:0,orders:2")} << consumer << "" << qint64(0);
        QTest::newRow("Empty group, partitions of its topic")
            << "Empty"
            << "orders:0=6000" << QStringList{} << consumer << "orders-1 orders-3" << qint64(690);
        QTest::newRow("no-commit record")
            << "Empty"
            << "payments:0=10 payments:1=-" << QStringList{} << consumer << "payments-1" << qint64(300);
        QTest::newRow("simple group reads what it assigns")
            << "Empty"
            << "orders:0=6000" << QStringList{} << QString() << "" << qint64(0);
        QTest::newRow("members: unassigned topics are not theirs")
            << "Stable"
            << "orders:0=6000 payments:0=10" << QStringList{QStringLiteral("svc=orders:0")} << consumer << ""
            << qint64(0);
        QTest::newRow("HW unknown: no claim")
            << "Stable"
            << "" << QStringList{QStringLiteral("svc=events:0")} << consumer << "" << qint64(0);
        QTest::newRow("log start unknown: no claim")
            << "Stable"
            << "" << QStringList{QStringLiteral("svc=legacy:0")} << consumer << "" << qint64(0);
        QTest::newRow("all committed") << "Empty"
                                       << "payments:0=10 payments:1=100" << QStringList{} << consumer << ""
                                       << qint64(0);
        QTest::newRow("Dead without offsets") << "Dead"
                                              << "" << QStringList{} << consumer << "" << qint64(0);
    }

    void withoutCommit()
    {
        QFETCH(QString, state);
        QFETCH(QString, committed);
        QFETCH(QStringList, members);
        QFETCH(QString, protocol);
        QFETCH(QString, expected);
        QFETCH(qint64, retained);
        GroupInfo g = group(QStringLiteral("billing"), stateNamed(state), offsets(committed),
                            DiagnosisTestData::members(members));
        g.protocolType = protocol;
        const DiagnosisInput input = inputWith(g);
        const QList<Finding> found = findPartitionsWithoutCommit(input, QStringLiteral("billing"));
        if (expected.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(f.rule, FindingRule::NoCommittedOffset);
        QCOMPARE(f.severity, FindingSeverity::Warning);
        QCOMPARE(names(f), expected);
        QCOMPARE(f.total(&FindingPartition::earliestReads), retained);
        QCOMPARE(f.total(&FindingPartition::latestSkips), retained);
        const QString count = formatCount(retained);
        QVERIFY2(f.whatNext.contains(QStringLiteral("earliest: reads the %1 messages").arg(count)),
                 qPrintable(f.whatNext));
        QVERIFY2(f.whatNext.contains(QStringLiteral("skips those %1 messages").arg(count)), qPrintable(f.whatNext));
        QVERIFY(requestText(f.actions.value(0)).contains(QStringLiteral(" to earliest ")));
    }

    // The assumed policy sets how bad a missing commit is: earliest loses nothing, none stops the consumer.
    void withoutCommitSeverityFollowsPolicy()
    {
        DiagnosisInput input = inputWith(group(QStringLiteral("billing"), GroupState::Empty, offsets("orders:0=6000")));
        input.client.resetPolicy = ResetPolicy::Earliest;
        QCOMPARE(findPartitionsWithoutCommit(input, QStringLiteral("billing")).value(0).severity,
                 FindingSeverity::Info);
        input.client.resetPolicy = ResetPolicy::None;
        QCOMPARE(findPartitionsWithoutCommit(input, QStringLiteral("billing")).value(0).severity,
                 FindingSeverity::Error);
        input.clientByGroup.insert(QStringLiteral("billing"), ClientAssumptions{ResetPolicy::Latest});
        const Finding f = findPartitionsWithoutCommit(input, QStringLiteral("billing")).value(0);
        QCOMPARE(f.severity, FindingSeverity::Warning);
        QVERIFY2(f.whatNext.contains(QStringLiteral("use latest (your setting): they will skip 690 messages")),
                 qPrintable(f.whatNext));
    }

    void unknownGroupSaysNothing()
    {
        const DiagnosisInput input = inputWith(group(QStringLiteral("billing"), GroupState::Empty, {}));
        QVERIFY(findCommittedBelowLogStart(input, QStringLiteral("nobody")).isEmpty());
        QVERIFY(findCommittedAboveHighWatermark(input, QStringLiteral("nobody")).isEmpty());
        QVERIFY(findPartitionsWithoutCommit(input, QStringLiteral("nobody")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDiagnosisRanges)
#include "tst_diagnosisranges.moc"
