// The doctor's rules about a group as a whole: one group id shared by different applications, an Empty group's
// offsets expiring, offsets that vanished. Each with the cases where it must say nothing.
#include "diagnosisdetail.h"
#include "diagnosissnapshots.h"
#include "rules.h"

#include <QLocale>
#include <QTest>

#include <cmath>

using namespace OffsetLens;
using namespace OffsetLens::DiagnosisTestData;

namespace {

const QString kGroup = QStringLiteral("idle");

// "-156 idle orders:1=150,payments:0=100": hours before the snapshot, active or idle, and the committed offsets
// (without them: `current`, the group's offsets now).
GroupHistory historyOf(const DiagnosisInput &input, const QStringList &specs, const QList<CommittedOffset> &current)
{
    GroupHistory h;
    h.groupId = kGroup;
    for (const QString &spec : specs) {
        const QStringList parts = spec.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        GroupSample s;
        s.groupId = kGroup;
        s.timeMs = snapshotMs(input) + qint64(std::llround(parts.value(0).toDouble() * double(kHour)));
        const bool active = parts.value(1) == QStringLiteral("active");
        s.state = active ? GroupState::Stable : GroupState::Empty;
        s.hasMembers = active;
        const QList<CommittedOffset> list =
            parts.size() > 2 ? offsets(QString(parts.value(2)).replace(QLatin1Char(','), QLatin1Char(' '))) : current;
        for (const CommittedOffset &c : list) {
            if (c.offset >= 0)
                s.partitions.append({c.tp, c.offset, kNone, kNone});
        }
        h.samples.append(s);
    }
    return h;
}

} // namespace

class TestDiagnosisGroups : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void clientIdFamilies_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("family");
        QTest::newRow("java default") << "consumer-orders-12"
                                      << "consumer-orders";
        QTest::newRow("aiokafka version") << "aiokafka-0.10.0"
                                          << "aiokafka";
        QTest::newRow("glued number") << "worker7"
                                      << "worker";
        QTest::newRow("plain") << "rdkafka"
                               << "rdkafka";
        QTest::newRow("only digits") << "12345"
                                     << "12345";
        QTest::newRow("empty") << ""
                               << "";
    }

    void clientIdFamilies()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, family);
        QCOMPARE(DiagnosisDetail::clientIdFamily(clientId), family);
    }

    void sharedGroupId_data()
    {
        QTest::addColumn<QStringList>("members");
        QTest::addColumn<QString>("assignor");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("severity"); // "" = no finding
        QTest::addColumn<QString>("says");
        QTest::addColumn<QStringList>("fixes");

        auto list = [](std::initializer_list<const char *> items) {
            QStringList l;
            for (const char *i : items)
                l.append(QString::fromUtf8(i));
            return l;
        };
        QTest::newRow("two services, two topics")
            << list({"svc-orders=orders:0", "svc-payments=payments:0"}) << "range"
            << "Stable"
            << "warning"
            << "shared by 2 applications"
            << list({"idle-svc-orders explicit offsets orders:0,1", "idle-svc-payments explicit offsets payments:0,1"});
        QTest::newRow("one client id, range proves two subscriptions")
            << list({"consumer-idle-1=orders:0,orders:1", "consumer-idle-2=payments:0,payments:1"}) << "range"
            << "Stable"
            << "warning"
            << "partition 0 of every topic"
            << list({"idle-orders explicit offsets orders:0,1", "idle-payments explicit offsets payments:0,1"});
        QTest::newRow("round-robin proves it on a big topic")
            << list({"w-1=big:0,big:1,big:2,big:3", "w-2=orders:0"}) << "roundrobin"
            << "Stable"
            << "warning"
            << "but w-2 has none"
            << list({"idle-big explicit offsets big:0,1,2,3", "idle-orders explicit offsets orders:0,1"});
        QTest::newRow("sticky split is only a hint")
            << list({"w-1=big:0,big:1", "w-2=orders:0,orders:1"}) << "cooperative-sticky"
            << "Stable"
            << "info"
            << "sticky assignor can split" << QStringList();
        QTest::newRow("aiokafka: one topic each, round-robin")
            << list({"aiokafka-0.8.1=events:0", "aiokafka-0.8.1=legacy:0"}) << "roundrobin"
            << "Stable"
            << "info"
            << "read different topics" << QStringList();
        QTest::newRow("client ids differ, same topic")
            << list({"host-a=orders:0,orders:1", "box-b=orders:2,orders:3"}) << "range"
            << "Stable"
            << "info"
            << "only part of the messages" << QStringList();
        QTest::newRow("one application, two instances")
            << list({"consumer-idle-1=orders:0,orders:1", "consumer-idle-2=orders:2,orders:3"}) << "range"
            << "Stable"
            << ""
            << "" << QStringList();
        QTest::newRow("one application, two topics")
            << list({"consumer-idle-1=orders:0,orders:1,payments:0", "consumer-idle-2=orders:2,orders:3,payments:1"})
            << "range"
            << "Stable"
            << ""
            << "" << QStringList();
        QTest::newRow("an idle member proves nothing")
            << list({"w-1=orders:0,orders:1,orders:2,orders:3", "w-2="}) << "range"
            << "Stable"
            << ""
            << "" << QStringList();
        QTest::newRow("rebalancing: assignments not settled") << list({"w-1=orders:0", "w-2=payments:0"}) << "range"
                                                              << "PreparingRebalance"
                                                              << ""
                                                              << "" << QStringList();
        QTest::newRow("single member") << list({"svc=orders:0,payments:0"}) << "range"
                                       << "Stable"
                                       << ""
                                       << "" << QStringList();
    }

    void sharedGroupId()
    {
        QFETCH(QStringList, members);
        QFETCH(QString, assignor);
        QFETCH(QString, state);
        QFETCH(QString, severity);
        QFETCH(QString, says);
        QFETCH(QStringList, fixes);
        GroupInfo g = group(kGroup, stateNamed(state),
                            offsets("big:0=5 big:1=5 big:2=5 big:3=5 orders:0=6000 orders:1=100 payments:0=10 "
                                    "payments:1=150"),
                            DiagnosisTestData::members(members));
        g.assignor = assignor;
        const QList<Finding> found = findSharedGroupId(inputWith(g), kGroup);
        if (severity.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(f.rule, FindingRule::SharedGroupId);
        QCOMPARE(findingSeverityId(f.severity), severity);
        const QString all = f.title + QLatin1Char('\n') + f.explanation;
        QVERIFY2(all.contains(says), qPrintable(all));
        QVERIFY2(f.whatNext.contains(QStringLiteral("rebalances")) ||
                     f.explanation.contains(QStringLiteral("rebalances")),
                 qPrintable(f.whatNext));
        QVERIFY2(f.whatNext.contains(QStringLiteral("commit sent during it is rejected")), qPrintable(f.whatNext));
        if (!fixes.isEmpty()) {
            QStringList got;
            for (const SuggestedAction &a : f.actions) {
                got.append(requestText(a).trimmed());
                // This group's committed offsets, as targets for exactly the partitions in the scope.
                QCOMPARE(a.reset->strategy.targets.size(), requestText(a).count(QLatin1Char(',')) + 1);
                QCOMPARE(a.reset->strategy.targets.constFirst().offset,
                         g.findOffset(a.reset->strategy.targets.constFirst().tp)->offset);
                QVERIFY2(a.blockedBy.isEmpty(), qPrintable(a.blockedBy)); // a new group: nothing to stop
            }
            QCOMPARE(got, fixes);
        }
    }

    void expiring_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QString>("committed");
        QTest::addColumn<QStringList>("history");
        QTest::addColumn<qint64>("retentionMinutes"); // 0: not read from the cluster
        QTest::addColumn<QString>("severity");        // "" = no finding
        QTest::addColumn<double>("deadlineHours");    // after the snapshot; NaN: no deadline
        QTest::addColumn<QString>("says");

        const QString consumer = QStringLiteral("consumer");
        const QString both = QStringLiteral("orders:1=200 payments:0=100");
        const double none = std::nan("");
        auto h = [](std::initializer_list<const char *> items) {
            QStringList l;
            for (const char *i : items)
                l.append(QString::fromUtf8(i));
            return l;
        };
        QTest::newRow("no history: date unknown") << "Empty" << consumer << both << QStringList() << qint64(0) << "info"
                                                  << none << "cannot tell when the clock started";
        QTest::newRow("Empty for 6.5 days: error")
            << "Empty" << consumer << both << h({"-160 active", "-156 idle", "-24 idle"}) << qint64(0) << "error"
            << 12.0 << "last saw the group active";
        QTest::newRow("Empty for 5 days: warning") << "Empty" << consumer << both << h({"-122 active", "-120 idle"})
                                                   << qint64(0) << "warning" << 48.0 << "(in 2 d)";
        QTest::newRow("Empty for a day: nothing yet")
            << "Empty" << consumer << both << h({"-26 active", "-24 idle"}) << qint64(0) << "" << none << "";
        QTest::newRow("already Empty when history begins")
            << "Empty" << consumer << both << h({"-150 idle", "-72 idle"}) << qint64(0) << "error" << 18.0
            << "already Empty when OffsetLens's history of it begins";
        QTest::newRow("overdue") << "Empty" << consumer << both << h({"-192 idle"}) << qint64(0) << "error" << -24.0
                                 << "due to expire now";
        QTest::newRow("retention read from the cluster")
            << "Empty" << consumer << both << h({"-13 active", "-12 idle"}) << qint64(1440) << "error" << 12.0
            << "1,440 (1 d), as read from the cluster";
        QTest::newRow("a consumer came back: clock restarted")
            << "Empty" << consumer << both << h({"-156 idle", "-12 active", "-11 idle"}) << qint64(0) << "" << none
            << "";
        QTest::newRow("simple group: oldest commit counts")
            << "Empty" << QString() << both
            << h({"-156 idle orders:1=150,payments:0=100", "-24 idle orders:1=200,payments:0=100"}) << qint64(0)
            << "error" << 12.0 << "counts from its own last commit";
        QTest::newRow("simple group: recent commits")
            << "Empty" << QString() << both
            << h({"-156 idle orders:1=150,payments:0=90", "-24 idle orders:1=200,payments:0=100"}) << qint64(0) << ""
            << none << "";
        QTest::newRow("Stable group never expires")
            << "Stable" << consumer << both << h({"-200 idle"}) << qint64(0) << "" << none << "";
        QTest::newRow("Dead group without offsets")
            << "Dead" << consumer << "" << h({"-200 idle"}) << qint64(0) << "" << none << "";
        QTest::newRow("Empty group without commits")
            << "Empty" << consumer << "orders:1=-" << h({"-200 idle"}) << qint64(0) << "" << none << "";
    }

    void expiring()
    {
        QFETCH(QString, state);
        QFETCH(QString, protocol);
        QFETCH(QString, committed);
        QFETCH(QStringList, history);
        QFETCH(qint64, retentionMinutes);
        QFETCH(QString, severity);
        QFETCH(double, deadlineHours);
        QFETCH(QString, says);
        const GroupState groupState = stateNamed(state);
        GroupInfo g =
            group(kGroup, groupState, offsets(committed),
                  groupState == GroupState::Stable ? DiagnosisTestData::members({QStringLiteral("svc=orders:1")})
                                                   : QList<GroupMember>());
        g.protocolType = protocol;
        DiagnosisInput input = inputWith(g);
        if (!history.isEmpty())
            input.history.insert(kGroup, historyOf(input, history, g.offsets));
        if (retentionMinutes > 0)
            input.offsetsRetentionMinutes = retentionMinutes;

        const QList<Finding> found = findExpiringOffsets(input, kGroup);
        if (severity.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(f.rule, FindingRule::OffsetsExpiring);
        QCOMPARE(findingSeverityId(f.severity), severity);
        if (std::isnan(deadlineHours)) {
            QVERIFY(!f.deadline.isValid());
        } else {
            QCOMPARE(f.deadline.toMSecsSinceEpoch(),
                     snapshotMs(input) + qint64(std::llround(deadlineHours * double(kHour))));
            QVERIFY2(f.title.contains(DiagnosisDetail::utcText(f.deadline)), qPrintable(f.title));
        }
        const QString all = f.title + QLatin1Char('\n') + f.explanation;
        QVERIFY2(all.contains(says), qPrintable(all));
        // Where the retention comes from is always said.
        QVERIFY2(f.explanation.contains(retentionMinutes > 0 ? QStringLiteral("as read from the cluster")
                                                             : QStringLiteral("10,080 (7 d), is assumed")),
                 qPrintable(f.explanation));
        // What happens then, with the numbers: orders-1 [0, 500] at 200, payments-0 [0, 300] at 100.
        QCOMPARE(names(f), QStringLiteral("orders-1 payments-0"));
        QVERIFY2(f.whatNext.contains(QStringLiteral("they read 800 messages from the log start, 300 of which")),
                 qPrintable(f.whatNext));
        QVERIFY2(f.whatNext.contains(QStringLiteral("they skip the 500 messages not yet read")),
                 qPrintable(f.whatNext));
        QCOMPARE(f.actions.size(), 2);
        QCOMPARE(requestText(f.actions.at(1)), QStringLiteral("idle to current orders:1 payments:0"));
    }

    void vanished_data()
    {
        QTest::addColumn<QString>("now");         // the group now: "Empty", "absent", "absent-unlisted", "error"
        QTest::addColumn<QStringList>("history"); // as in expiring
        QTest::addColumn<QString>("says");        // "" = no finding

        auto h = [](std::initializer_list<const char *> items) {
            QStringList l;
            for (const char *i : items)
                l.append(QString::fromUtf8(i));
            return l;
        };
        QTest::newRow("expired while Empty")
            << "Empty" << h({"-30 idle orders:1=200,payments:0=100", "-2 idle orders:1=200,payments:0=100"})
            << "most likely expired";
        QTest::newRow("deleted while active")
            << "Empty" << h({"-2 active orders:1=200,payments:0=100"}) << "probably deleted";
        QTest::newRow("gone from the listing")
            << "absent" << h({"-2 idle orders:1=200,payments:0=100"}) << "most likely expired";
        QTest::newRow("not listed: cannot tell")
            << "absent-unlisted" << h({"-2 idle orders:1=200,payments:0=100"}) << "";
        QTest::newRow("still committed") << "committed" << h({"-2 idle orders:1=200,payments:0=100"}) << "";
        QTest::newRow("offsets unreadable") << "error" << h({"-2 idle orders:1=200,payments:0=100"}) << "";
        QTest::newRow("history never saw commits") << "Empty" << h({"-2 idle orders:1=-"}) << "";
        QTest::newRow("no history") << "Empty" << QStringList() << "";
    }

    void vanished()
    {
        QFETCH(QString, now);
        QFETCH(QStringList, history);
        QFETCH(QString, says);
        ClusterSnapshot cluster = doctorCluster();
        GroupInfo g = group(kGroup, GroupState::Empty,
                            now == QStringLiteral("committed") ? offsets("orders:1=250") : QList<CommittedOffset>());
        if (now == QStringLiteral("error"))
            g.error = QStringLiteral("coordinator not available");
        if (now.startsWith(QStringLiteral("absent")))
            g.groupId = QStringLiteral("someone-else");
        cluster.groupsListedByBroker = now != QStringLiteral("absent-unlisted");
        DiagnosisInput input = inputWith(g, cluster);
        if (!history.isEmpty())
            input.history.insert(kGroup, historyOf(input, history, {}));

        const QList<Finding> found = findVanishedOffsets(input, kGroup);
        if (says.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(f.rule, FindingRule::OffsetsVanished);
        QCOMPARE(f.severity, FindingSeverity::Warning);
        QVERIFY2(f.explanation.contains(says), qPrintable(f.explanation));
        QCOMPARE(names(f), QStringLiteral("orders-1 payments-0"));
        QCOMPARE(f.partitions.at(0).committed, qint64(200));
        QCOMPARE(f.total(&FindingPartition::latestSkips), qint64(500));
        QCOMPARE(f.total(&FindingPartition::earliestRereads), qint64(300));
        // The fix: the offsets the history saw, as explicit targets.
        QCOMPARE(f.actions.size(), 1);
        const ResetRequest r = *f.actions.at(0).reset;
        QCOMPARE(r.strategy.kind, ResetStrategyKind::Explicit);
        QCOMPARE(r.strategy.targets.size(), 2);
        QCOMPARE(r.strategy.targets.at(0).tp, tp(QStringLiteral("orders:1")));
        QCOMPARE(r.strategy.targets.at(0).offset, qint64(200));
        QCOMPARE(r.strategy.targets.at(1).offset, qint64(100));
    }
};

QTEST_GUILESS_MAIN(TestDiagnosisGroups)
#include "tst_diagnosisgroups.moc"
