// The doctor's rules on progress: Burrow's verdicts, produce vs consume rates, committed vs position, and the
// client defaults attached where another finding depends on them. Each with the cases where it must say nothing.
#include "diagnosissnapshots.h"
#include "rules.h"

#include <QLocale>
#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::DiagnosisTestData;

namespace {

const QString kGroup = QStringLiteral("live");

QStringList list(std::initializer_list<const char *> items)
{
    QStringList l;
    for (const char *i : items)
        l.append(QString::fromUtf8(i));
    return l;
}

LagHealth healthNamed(const QString &name)
{
    for (const LagHealth h :
         {LagHealth::Ok, LagHealth::Warn, LagHealth::Stop, LagHealth::Stall, LagHealth::Rewind, LagHealth::Err}) {
        if (lagHealthName(h) == name)
            return h;
    }
    return LagHealth::Ok;
}

// "orders:1=STALL" per partition.
GroupLagStatus statusOf(const QStringList &verdicts)
{
    GroupLagStatus status;
    status.health.groupId = kGroup;
    for (const QString &v : verdicts) {
        const QStringList parts = v.split(QLatin1Char('='));
        // Numbers of its own per partition, so that each partition's words can be told apart.
        HealthVerdict verdict;
        verdict.health = healthNamed(parts.value(1));
        verdict.why = HealthWhy::WentBack;
        verdict.first = 1000 + status.health.partitions.size();
        verdict.second = 7;
        status.health.partitions.append({tp(parts.value(0)), verdict});
    }
    return status;
}

// "-600 orders:1=100/2000 orders:3=10/100": seconds before the snapshot, then committed/HW per partition.
GroupHistory historyOf(const DiagnosisInput &input, const QStringList &specs)
{
    GroupHistory h;
    h.groupId = kGroup;
    for (const QString &spec : specs) {
        const QStringList parts = spec.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        GroupSample s;
        s.groupId = kGroup;
        s.timeMs = snapshotMs(input) + parts.value(0).toLongLong() * 1000;
        s.state = GroupState::Stable;
        s.hasMembers = true;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QStringList kv = parts.at(i).split(QLatin1Char('='));
            const QStringList values = kv.value(1).split(QLatin1Char('/'));
            s.partitions.append({tp(kv.value(0)), values.value(0).toLongLong(), values.value(1).toLongLong(), 0});
        }
        h.samples.append(s);
    }
    return h;
}

DiagnosisInput liveInput(GroupState state = GroupState::Stable,
                         const QString &committed = QStringLiteral("orders:1=200"),
                         const QStringList &assigned = list({"svc=orders:1,orders:3"}))
{
    return inputWith(group(kGroup, state, offsets(committed),
                           state == GroupState::Stable ? members(assigned) : QList<GroupMember>()));
}

} // namespace

class TestDiagnosisProgress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void health_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QStringList>("verdicts");
        QTest::addColumn<bool>("withHistory");
        QTest::addColumn<QStringList>("expected"); // "rule severity partitions" per finding

        QTest::newRow("stopped with members")
            << "Stable" << list({"orders:1=STOP", "orders:3=OK"}) << false << list({"consumer-stopped error orders-1"});
        QTest::newRow("nobody consumes") << "Empty" << list({"orders:1=STOP"}) << false
                                         << list({"consumer-stopped warning orders-1"});
        QTest::newRow("stalled") << "Stable" << list({"orders:1=STALL", "orders:3=STALL"}) << false
                                 << list({"consumer-stalled error orders-1 orders-3"});
        QTest::newRow("rewound") << "Stable" << list({"orders:1=REWIND"}) << false
                                 << list({"consumer-rewound warning orders-1"});
        QTest::newRow("all at once") << "Stable" << list({"orders:1=STOP", "orders:3=STALL", "payments:0=REWIND"})
                                     << false
                                     << list({"consumer-stopped error orders-1", "consumer-stalled error orders-3",
                                              "consumer-rewound warning payments-0"});
        QTest::newRow("warn without history")
            << "Stable" << list({"orders:1=WARN"}) << false << list({"lag-growing warning orders-1"});
        QTest::newRow("warn: the history measures it better")
            << "Stable" << list({"orders:1=WARN"}) << true << QStringList();
        QTest::newRow("healthy") << "Stable" << list({"orders:1=OK", "orders:3=OK"}) << false << QStringList();
        QTest::newRow("no verdicts yet") << "Stable" << QStringList() << false << QStringList();
    }

    void health()
    {
        QFETCH(QString, state);
        QFETCH(QStringList, verdicts);
        QFETCH(bool, withHistory);
        QFETCH(QStringList, expected);
        DiagnosisInput input = liveInput(stateNamed(state));
        input.lagStatus.insert(kGroup, statusOf(verdicts));
        if (withHistory)
            input.history.insert(kGroup, historyOf(input, list({"-600 orders:1=100/300", "0 orders:1=200/500"})));
        const QList<Finding> found = findUnhealthyConsumers(input, kGroup);
        QStringList got;
        for (const Finding &f : found) {
            got.append(findingRuleId(f.rule) + QLatin1Char(' ') + findingSeverityId(f.severity) + QLatin1Char(' ') +
                       names(f));
            // The verdict's own words, per partition.
            const QList<PartitionHealth> judged = input.lagStatus.value(kGroup).health.partitions;
            for (const FindingPartition &p : f.partitions) {
                const auto verdict = std::find_if(judged.cbegin(), judged.cend(),
                                                  [&p](const PartitionHealth &ph) { return ph.tp == p.tp; });
                QVERIFY(verdict != judged.cend());
                QCOMPARE(p.detail, verdict->verdict.reason());
            }
        }
        QCOMPARE(got, expected);
    }

    void healthWording()
    {
        DiagnosisInput input = liveInput();
        input.lagStatus.insert(kGroup, statusOf(list({"orders:1=STALL"})));
        const Finding stalled = findUnhealthyConsumers(input, kGroup).value(0);
        QVERIFY2(stalled.explanation.contains(QStringLiteral("STALL")), qPrintable(stalled.explanation));
        // Skipping the message it is stuck on: shift by +1 on exactly that partition, once the group is stopped.
        QCOMPARE(stalled.actions.size(), 2);
        QCOMPARE(requestText(stalled.actions.at(1)), QStringLiteral("live shift by orders:1"));
        QCOMPARE(stalled.actions.at(1).reset->strategy.offset, qint64(1));
        QVERIFY2(stalled.actions.at(1).blockedBy.contains(QStringLiteral("current state is Stable")),
                 qPrintable(stalled.actions.at(1).blockedBy));

        input.lagStatus.insert(kGroup, statusOf(list({"orders:1=STOP"})));
        const Finding stopped = findUnhealthyConsumers(input, kGroup).value(0);
        QVERIFY2(stopped.title.contains(QStringLiteral("300 messages behind")), qPrintable(stopped.title));

        input.lagStatus.remove(kGroup);
        QVERIFY(findUnhealthyConsumers(input, kGroup).isEmpty());
        input.lagStatus.insert(QStringLiteral("other"), statusOf(list({"orders:1=STOP"})));
        QVERIFY(findUnhealthyConsumers(input, QStringLiteral("other")).isEmpty()); // not in the snapshot
    }

    void lagTrend_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QStringList>("assigned");
        QTest::addColumn<QStringList>("history");
        QTest::addColumn<QString>("rule"); // "" = no finding
        QTest::addColumn<QString>("says");

        const QStringList one = list({"svc=orders:1,orders:3"});
        QTest::newRow("growing") << "Stable" << one
                                 << list({"-600 orders:1=1000/2000 orders:3=10/100",
                                          "0 orders:1=4000/8000 orders:3=10/100"})
                                 << "lag-growing"
                                 << "10 msg/s produced, 5.0 msg/s consumed; never catches up";
        QTest::newRow("growing, enough members")
            << "Stable" << list({"a=orders:1", "b=orders:3"})
            << list({"-600 orders:1=1000/2000", "0 orders:1=4000/8000"}) << "lag-growing"
            << "More consumers will not help";
        QTest::newRow("growing, too few members")
            << "Stable" << one << list({"-600 orders:1=1000/2000", "0 orders:1=4000/8000"}) << "lag-growing"
            << "More consumers help, up to one per partition";
        QTest::newRow("catching up slowly")
            << "Stable" << one << list({"-600 orders:1=1000/9400", "0 orders:1=2200/10000"}) << "lag-catching-up-slowly"
            << "lag 7,800 gone in about 2 h 10 min";
        QTest::newRow("catching up fast")
            << "Stable" << one << list({"-600 orders:1=1000/1900", "0 orders:1=2200/2500"}) << ""
            << "";
        QTest::newRow("keeps up") << "Stable" << one << list({"-600 orders:1=1000/1000", "0 orders:1=4000/4000"}) << ""
                                  << "";
        QTest::newRow("lag steady") << "Stable" << one << list({"-600 orders:1=1000/1500", "0 orders:1=4000/4500"})
                                    << ""
                                    << "";
        // Commits move in steps: a consumer that keeps up trails by a few seconds more at one end than the other.
        QTest::newRow("keeps up, commit noise")
            << "Stable" << one << list({"-600 orders:1=1000/1040", "0 orders:1=6470/6540"}) << ""
            << "";
        QTest::newRow("behind by under 10 %")
            << "Stable" << one << list({"-600 orders:1=1000/1000", "0 orders:1=5600/6000"}) << ""
            << "";
        QTest::newRow("behind by over 10 %")
            << "Stable" << one << list({"-600 orders:1=1000/1000", "0 orders:1=5400/6000"}) << "lag-growing"
            << "8.3 msg/s produced, 7.3 msg/s consumed";
        QTest::newRow("nobody consumes: a stop, not a rate")
            << "Empty" << QStringList() << list({"-600 orders:1=1000/2000", "0 orders:1=1000/8000"}) << ""
            << "";
        QTest::newRow("too short to measure")
            << "Stable" << one << list({"-30 orders:1=1000/2000", "0 orders:1=1010/8000"}) << ""
            << "";
        QTest::newRow("old samples outside the window")
            << "Stable" << one << list({"-3600 orders:1=0/100", "-600 orders:1=1000/1500", "0 orders:1=4000/4500"})
            << ""
            << "";
        QTest::newRow("recreated: HW went back")
            << "Stable" << one << list({"-600 orders:1=1000/90000", "0 orders:1=10/8000"}) << ""
            << "";
        QTest::newRow("rewound commit is no consumption")
            << "Stable" << one << list({"-600 orders:1=5000/6000", "0 orders:1=1000/8000"}) << ""
            << "";
        QTest::newRow("one sample") << "Stable" << one << list({"0 orders:1=1000/8000"}) << ""
                                    << "";
    }

    void lagTrend()
    {
        QFETCH(QString, state);
        QFETCH(QStringList, assigned);
        QFETCH(QStringList, history);
        QFETCH(QString, rule);
        QFETCH(QString, says);
        DiagnosisInput input = liveInput(stateNamed(state), QStringLiteral("orders:1=200"), assigned);
        input.history.insert(kGroup, historyOf(input, history));
        const QList<Finding> found = findLagTrend(input, kGroup);
        if (rule.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.value(0).title));
            return;
        }
        QCOMPARE(found.size(), 1);
        const Finding &f = found.constFirst();
        QCOMPARE(findingRuleId(f.rule), rule);
        const QString all = f.title + QLatin1Char('\n') + f.explanation + QLatin1Char('\n') + f.whatNext;
        QVERIFY2(all.contains(says), qPrintable(all));
        QVERIFY(f.produceRate && f.consumeRate);
        if (f.rule == FindingRule::LagGrowing) {
            QCOMPARE(f.severity, FindingSeverity::Warning);
            QVERIFY(!f.catchUpMs); // never, at this rate
        } else {
            QCOMPARE(f.severity, FindingSeverity::Info);
            QCOMPARE(*f.catchUpMs, qint64(7800) * 1000);
        }
    }

    void positions_data()
    {
        QTest::addColumn<QString>("committed");
        QTest::addColumn<QString>("positions");
        QTest::addColumn<QStringList>("expected"); // "rule severity partitions count"

        QTest::newRow("committed trails")
            << "orders:1=200 orders:3=50"
            << "orders:1=260 orders:3=50" << list({"redelivery-on-crash info orders-1 60"});
        QTest::newRow("committed ahead") << "orders:1=200"
                                         << "orders:1=180" << list({"committed-ahead-of-position warning orders-1 20"});
        QTest::newRow("both") << "orders:1=200 orders:3=50"
                              << "orders:1=180 orders:3=70"
                              << list({"committed-ahead-of-position warning orders-1 20",
                                       "redelivery-on-crash info orders-3 20"});
        QTest::newRow("in step") << "orders:1=200"
                                 << "orders:1=200" << QStringList();
        QTest::newRow("position without a commit") << "orders:1=-"
                                                   << "orders:1=200" << QStringList();
        QTest::newRow("no positions known") << "orders:1=200"
                                            << "" << QStringList();
    }

    void positions()
    {
        QFETCH(QString, committed);
        QFETCH(QString, positions);
        QFETCH(QStringList, expected);
        GroupInfo g = group(kGroup, GroupState::Stable, offsets(committed), members(list({"svc=orders:1,orders:3"})));
        for (const CommittedOffset &c : offsets(positions))
            g.positions.insert(c.tp, c.offset);
        const QList<Finding> found = findUncommittedProgress(inputWith(g), kGroup);
        QStringList got;
        for (const Finding &f : found) {
            const qint64 count = f.rule == FindingRule::RedeliveryOnCrash ? f.total(&FindingPartition::redelivered)
                                                                          : f.total(&FindingPartition::skippedOnCrash);
            got.append(QStringLiteral("%1 %2 %3 %4")
                           .arg(findingRuleId(f.rule), findingSeverityId(f.severity), names(f))
                           .arg(count));
            QVERIFY2(f.title.contains(formatCount(count)), qPrintable(f.title));
        }
        QCOMPARE(got, expected);
    }

    void clientDefaults_data()
    {
        QTest::addColumn<QString>("committed");
        QTest::addColumn<QString>("positions");
        QTest::addColumn<int>("policy"); // ResetPolicy
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("says");

        QTest::newRow("below log start: the reset policy")
            << "orders:0=3000"
            << "" << int(ResetPolicy::Unknown) << list({"client-reset-policy"})
            << "latest: they skip 7,000 messages this group has not read";
        QTest::newRow("assumed latest") << "orders:0=3000"
                                        << "" << int(ResetPolicy::Latest) << list({"client-reset-policy"})
                                        << "auto.offset.reset=latest (your setting) will skip 7,000 messages";
        QTest::newRow("assumed earliest") << "orders:0=3000"
                                          << "" << int(ResetPolicy::Earliest) << list({"client-reset-policy"})
                                          << "auto.offset.reset=earliest (your setting) will read 7,000 messages";
        QTest::newRow("redelivery: the commit mode")
            << "orders:1=200"
            << "orders:1=260" << int(ResetPolicy::Unknown) << list({"client-commit-mode"})
            << "Right now that is 60 messages on orders-1";
        QTest::newRow("both") << "orders:0=3000 orders:1=200"
                              << "orders:1=260" << int(ResetPolicy::Unknown)
                              << list({"client-reset-policy", "client-commit-mode"}) << "enable.auto.commit=true";
        QTest::newRow("healthy: nothing to attach")
            << "orders:0=6000 orders:1=200"
            << "orders:1=200" << int(ResetPolicy::Unknown) << QStringList() << "";
    }

    void clientDefaults()
    {
        QFETCH(QString, committed);
        QFETCH(QString, positions);
        QFETCH(int, policy);
        QFETCH(QStringList, expected);
        QFETCH(QString, says);
        GroupInfo g = group(kGroup, GroupState::Empty, offsets(committed));
        for (const CommittedOffset &c : offsets(positions))
            g.positions.insert(c.tp, c.offset);
        DiagnosisInput input = inputWith(g);
        input.client.resetPolicy = ResetPolicy(policy);
        QList<Finding> others = findCommittedBelowLogStart(input, kGroup) + findUncommittedProgress(input, kGroup);
        // Another group's findings are not this group's business.
        Finding foreign = findCommittedBelowLogStart(input, kGroup).value(0);
        foreign.groupId = QStringLiteral("someone-else");
        foreign.rule = FindingRule::CommittedBelowLogStart;
        FindingPartition elsewhere;
        elsewhere.tp = tp(QStringLiteral("payments:1"));
        elsewhere.earliestReads = 300;
        foreign.partitions = {elsewhere};
        others.append(foreign);
        const QList<Finding> found = findClientDefaults(input, kGroup, others);
        QCOMPARE(ruleIds(found), expected);
        QString all;
        for (const Finding &f : found) {
            QCOMPARE(f.severity, FindingSeverity::Info);
            QVERIFY2(!names(f).contains(QStringLiteral("payments-1")), qPrintable(names(f)));
            all += f.title + QLatin1Char('\n') + f.explanation + QLatin1Char('\n') + f.whatNext + QLatin1Char('\n');
        }
        QVERIFY2(all.contains(says), qPrintable(all));
        if (expected.contains(QStringLiteral("client-reset-policy"))) {
            // The usual defaults are named, and the brokers' ignorance of them said.
            QVERIFY2(all.contains(QStringLiteral("brokers never see it")), qPrintable(all));
            QVERIFY2(all.contains(QStringLiteral("segmentio/kafka-go: FirstOffset (earliest)")), qPrintable(all));
        }
        if (expected.contains(QStringLiteral("client-commit-mode")))
            QVERIFY2(all.contains(QStringLiteral("auto.commit.interval.ms = 5000 ms")), qPrintable(all));
    }

    // Findings that do not depend on client settings attach nothing.
    void clientDefaultsOnlyWhereRelevant()
    {
        DiagnosisInput input = liveInput();
        input.lagStatus.insert(kGroup, statusOf(list({"orders:1=STALL"})));
        QVERIFY(findClientDefaults(input, kGroup, findUnhealthyConsumers(input, kGroup)).isEmpty());
        QVERIFY(findClientDefaults(input, kGroup, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDiagnosisProgress)
#include "tst_diagnosisprogress.moc"
