// The offset doctor as a whole: every rule over a cluster, the order and filters the panel uses, the text and JSON
// the CLI prints, and a snapshot shaped like the demo cluster's (the reference for an integration test on it).
#include "diagnose.h"
#include "diagnosissnapshots.h"
#include "findingformat.h"
#include "lagtracker.h"
#include "resetplanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSet>
#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::DiagnosisTestData;

namespace {

const QString kSolTrades = QStringLiteral("sol-trades");
const QString kPayments = QStringLiteral("payments");
const QStringList kSchedule = {QStringLiteral("SCHEDULE-CAR-ORDER"), QStringLiteral("SCHEDULE-CAR-PRICE"),
                               QStringLiteral("SCHEDULE-DEVICE-STORAGE")};
const QString kStackCharge = QStringLiteral("stack-charge-tcp-command-xfy");

// The demo's scenario (kafka/demo/democluster.cpp) a minute after start: sol-trades (3 partitions) read by
// data-flow (2 auto-committing members, range) and data-kline (1 throttled member, round-robin); payments (2) read
// by payments-settlement (at-least-once, commits after processing) and by billing-replay (stopped, 50–90 behind);
// three 1-partition SCHEDULE topics whose large messages made the mock's 5 MiB retention move the log start past
// stack-charge-tcp-command-xfy's commits at offset 1, each also read by a per-topic group that keeps up.
ClusterSnapshot demoShapedSnapshot(quint64 sequence)
{
    ClusterSnapshot s = base(sequence);
    s.groupsListedByBroker = false; // the mock cannot list groups: the demo reports its own
    s.topics = {
        topic(QStringLiteral("SCHEDULE-CAR-ORDER"), {partition(0, 18, 30)}),
        topic(QStringLiteral("SCHEDULE-CAR-PRICE"), {partition(0, 17, 31)}),
        topic(QStringLiteral("SCHEDULE-DEVICE-STORAGE"), {partition(0, 19, 29)}),
        topic(kPayments, {partition(0, 0, 200), partition(1, 0, 210)}),
        topic(kSolTrades, {partition(0, 0, 400), partition(1, 0, 410), partition(2, 0, 420)}),
    };
    auto demoGroup = [](const QString &id, GroupState state, QList<CommittedOffset> offsets, QList<GroupMember> members,
                        const QString &assignor) {
        GroupInfo g = group(id, state, offsets, members, GroupSourceKind::Demo);
        g.assignor = assignor;
        return g;
    };
    GroupInfo dataFlow =
        demoGroup(QStringLiteral("data-flow-default-group-1888"), GroupState::Stable,
                  {committed(kSolTrades, 0, 390), committed(kSolTrades, 1, 405), committed(kSolTrades, 2, 415)},
                  {member(QStringLiteral("rdkafka-a1"), QStringLiteral("consumer-data-flow-default-group-1888-1"),
                          QStringLiteral("/127.0.0.1"), {{kSolTrades, 0}, {kSolTrades, 1}}),
                   member(QStringLiteral("rdkafka-a2"), QStringLiteral("consumer-data-flow-default-group-1888-2"),
                          QStringLiteral("/127.0.0.1"), {{kSolTrades, 2}})},
                  QStringLiteral("range"));
    dataFlow.positions = {{{kSolTrades, 0}, 400}, {{kSolTrades, 1}, 410}, {{kSolTrades, 2}, 420}};
    GroupInfo kline =
        demoGroup(QStringLiteral("data-kline-group-api"), GroupState::Stable,
                  {committed(kSolTrades, 0, 330), committed(kSolTrades, 1, 345), committed(kSolTrades, 2, 350)},
                  {member(QStringLiteral("rdkafka-b1"), QStringLiteral("kline-api-aggregator"),
                          QStringLiteral("/127.0.0.1"), {{kSolTrades, 0}, {kSolTrades, 1}, {kSolTrades, 2}})},
                  QStringLiteral("roundrobin"));
    kline.positions = {{{kSolTrades, 0}, 336}, {{kSolTrades, 1}, 345}, {{kSolTrades, 2}, 357}};
    GroupInfo payments = demoGroup(QStringLiteral("payments-settlement"), GroupState::Stable,
                                   {committed(kPayments, 0, 185), committed(kPayments, 1, 200)},
                                   {member(QStringLiteral("rdkafka-c1"), QStringLiteral("payments-settlement-worker-1"),
                                           QStringLiteral("/127.0.0.1"), {{kPayments, 0}, {kPayments, 1}})},
                                   QStringLiteral("range"));
    payments.positions = {{{kPayments, 0}, 185}, {{kPayments, 1}, 200}};
    const GroupInfo billing =
        demoGroup(QStringLiteral("billing-replay"), GroupState::Empty,
                  {committed(kPayments, 0, 130), committed(kPayments, 1, 120)}, {}, QStringLiteral("range"));
    QList<CommittedOffset> early;
    for (const QString &t : kSchedule)
        early.append(committed(t, 0, 1));
    s.groups = {billing, dataFlow, kline, payments,
                demoGroup(kStackCharge, GroupState::Empty, early, {}, QStringLiteral("range"))};
    for (const TopicInfo &t : std::as_const(s.topics)) {
        if (!t.name.startsWith(QStringLiteral("SCHEDULE-")))
            continue;
        const QString id = kStackCharge + QLatin1Char('-') + t.name;
        GroupInfo perTopic =
            demoGroup(id, GroupState::Stable, {committed(t.name, 0, t.partitions.at(0).highWatermark)},
                      {member(id + QStringLiteral("-m"), QStringLiteral("tcp-command-") + t.name.toLower(),
                              QStringLiteral("/127.0.0.1"), {{t.name, 0}})},
                      QStringLiteral("range"));
        perTopic.positions = {{{t.name, 0}, t.partitions.at(0).highWatermark}};
        s.groups.append(perTopic);
    }
    std::sort(s.groups.begin(), s.groups.end(),
              [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });
    return s;
}

// Two refreshes 10 s apart through the real tracker, as the app feeds it.
DiagnosisInput demoInput()
{
    ClusterSnapshot first = demoShapedSnapshot(1);
    ClusterSnapshot second = demoShapedSnapshot(2);
    second.takenAt = first.takenAt.addSecs(10);
    LagTracker tracker;
    tracker.observe(first);
    DiagnosisInput input;
    input.snapshot = second;
    input.lagStatus = tracker.observe(second).groups;
    return input;
}

QString line(const Finding &f)
{
    return findingSeverityId(f.severity) + QLatin1Char(' ') + findingRuleId(f.rule) + QLatin1Char(' ') + f.groupId;
}

QStringList lines(const QList<Finding> &findings)
{
    QStringList l;
    for (const Finding &f : findings)
        l.append(line(f));
    return l;
}

QStringList keys(const QJsonObject &o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

} // namespace

class TestDiagnosis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void idsAreStableAndUnique()
    {
        QSet<QString> ids;
        for (const FindingRule rule : allFindingRules()) {
            const QString id = findingRuleId(rule);
            QVERIFY2(!ids.contains(id), qPrintable(id));
            ids.insert(id);
            QCOMPARE(findingRuleFromId(id), std::optional<FindingRule>(rule));
        }
        QCOMPARE(ids.size(), int(FindingRule::CommitMode) + 1);
        QCOMPARE(findingRuleId(FindingRule::CommittedBelowLogStart), QStringLiteral("committed-below-log-start"));
        QVERIFY(!findingRuleFromId(u"no-such-rule"));
        QCOMPARE(findingSeverityFromId(u"warning"), std::optional<FindingSeverity>(FindingSeverity::Warning));
        QCOMPARE(findingScopeId(FindingScope::Group), QStringLiteral("group"));
    }

    // The reference for an integration test on the live demo: which findings its scenario shows a minute in.
    void demoShapedCluster()
    {
        const QList<Finding> found = diagnose(demoInput());
        const QStringList expected = {
            QStringLiteral("error committed-below-log-start stack-charge-tcp-command-xfy"),
            QStringLiteral("warning consumer-stopped billing-replay"),
            QStringLiteral("warning consumer-stopped stack-charge-tcp-command-xfy"),
            QStringLiteral("info offsets-expiring billing-replay"),
            QStringLiteral("info client-reset-policy billing-replay"),
            QStringLiteral("info redelivery-on-crash data-flow-default-group-1888"),
            QStringLiteral("info client-commit-mode data-flow-default-group-1888"),
            QStringLiteral("info redelivery-on-crash data-kline-group-api"),
            QStringLiteral("info client-commit-mode data-kline-group-api"),
            QStringLiteral("info offsets-expiring stack-charge-tcp-command-xfy"),
            QStringLiteral("info client-reset-policy stack-charge-tcp-command-xfy"),
        };
        QCOMPARE(lines(found), expected);

        // The out-of-range group, with its numbers: 3 partitions, 18 + 17 + 19 − 3 deleted, 12 + 14 + 10 retained.
        const Finding &outOfRange = found.constFirst();
        QCOMPARE(names(outOfRange),
                 QStringLiteral("SCHEDULE-CAR-ORDER-0 SCHEDULE-CAR-PRICE-0 SCHEDULE-DEVICE-STORAGE-0"));
        QCOMPARE(outOfRange.total(&FindingPartition::deleted), qint64(51));
        QCOMPARE(outOfRange.total(&FindingPartition::latestSkips), qint64(36));
        QVERIFY2(outOfRange.title.contains(QStringLiteral("51 messages")), qPrintable(outOfRange.title));
        QCOMPARE(requestText(outOfRange.actions.at(0)),
                 QStringLiteral("stack-charge-tcp-command-xfy to earliest SCHEDULE-CAR-ORDER:0 SCHEDULE-CAR-PRICE:0 "
                                "SCHEDULE-DEVICE-STORAGE:0"));
        QVERIFY(outOfRange.actions.at(0).blockedBy.isEmpty()); // Empty: the preview may apply it
        // The stopped group: lag 70 + 90.
        QCOMPARE(found.at(1).total(&FindingPartition::latestSkips), qint64(160));
        // data-flow: 10 + 5 + 5 messages a crash now delivers again.
        QCOMPARE(found.at(5).total(&FindingPartition::redelivered), qint64(20));
    }

    // The last refresh's findings given back: what is unchanged shares their partition lists (the monitor holds
    // both sets while the GUI shows the old one), and the findings read exactly as without them.
    void unchangedPartitionsAreShared()
    {
        DiagnosisInput input = demoInput();
        const QList<Finding> before = diagnose(input);
        // Within a refresh too: an Empty group's auto.offset.reset finding is about exactly its expiring partitions.
        const auto of = [&before](FindingRule rule, const QString &groupId) {
            return std::find_if(before.cbegin(), before.cend(),
                                [&](const Finding &f) { return f.rule == rule && f.groupId == groupId; });
        };
        const auto expiring = of(FindingRule::OffsetsExpiring, QStringLiteral("billing-replay"));
        const auto policy = of(FindingRule::ResetPolicy, QStringLiteral("billing-replay"));
        QVERIFY(expiring != before.cend() && policy != before.cend());
        QCOMPARE(policy->partitions, expiring->partitions);
        QVERIFY(policy->partitions.constData() == expiring->partitions.constData());
        input.previous = before;
        const QList<Finding> again = diagnose(input);
        QCOMPARE(lines(again), lines(before));
        QCOMPARE(again, before);
        for (qsizetype i = 0; i < again.size(); ++i)
            QVERIFY2(again.at(i).partitions.constData() == before.at(i).partitions.constData(),
                     qPrintable(line(again.at(i))));

        // One group's HW moved: its findings have lists of their own, with the new numbers; the others still share.
        const QString moved = QStringLiteral("stack-charge-tcp-command-xfy");
        const GroupInfo *group = input.snapshot.findGroup(moved);
        QVERIFY(group && !group->offsets.isEmpty());
        const TopicPartition tp = group->offsets.constFirst().tp;
        for (TopicInfo &topic : input.snapshot.topics) {
            for (PartitionInfo &p : topic.partitions) {
                if (topic.name == tp.topic && p.partition == tp.partition)
                    p.highWatermark += 5;
            }
        }
        const QList<Finding> after = diagnose(input);
        QCOMPARE(lines(after), lines(before));
        input.previous.clear();
        QCOMPARE(diagnose(input), after);
        int own = 0;
        for (qsizetype i = 0; i < after.size(); ++i) {
            const bool shared = after.at(i).partitions.constData() == before.at(i).partitions.constData();
            const bool hasMoved = std::any_of(after.at(i).partitions.cbegin(), after.at(i).partitions.cend(),
                                              [&tp](const FindingPartition &p) { return p.tp == tp; });
            QVERIFY2(shared == !hasMoved, qPrintable(line(after.at(i))));
            own += hasMoved ? 1 : 0;
        }
        QVERIFY(own >= 2); // out of range and stopped, at least
    }

    // The auto.offset.reset finding of a group with one cause whose partitions carry words of that cause (out of
    // range: "51 deleted unread…"): its own partitions, without those words.
    void resetPolicyKeepsNoWordsOfItsCause()
    {
        DiagnosisInput input = demoInput();
        for (GroupInfo &g : input.snapshot.groups) {
            if (g.groupId == kStackCharge) {
                g.state = GroupState::Stable; // not Empty: its offsets do not expire
                g.members = {member(QStringLiteral("m"), QStringLiteral("c"), QStringLiteral("/127.0.0.1"),
                                    {{kSchedule.at(0), 0}, {kSchedule.at(1), 0}, {kSchedule.at(2), 0}})};
            }
        }
        const QList<Finding> found = diagnose(input);
        QList<const Finding *> causes;
        const Finding *policy = nullptr;
        for (const Finding &f : found) {
            if (f.groupId != kStackCharge)
                continue;
            if (f.rule == FindingRule::ResetPolicy)
                policy = &f;
            else if (f.rule == FindingRule::CommittedBelowLogStart || f.rule == FindingRule::OffsetsExpiring)
                causes.append(&f);
        }
        QCOMPARE(causes.size(), 1);
        QCOMPARE(causes.constFirst()->rule, FindingRule::CommittedBelowLogStart);
        QVERIFY(policy);
        QCOMPARE(policy->partitions.size(), causes.constFirst()->partitions.size());
        for (qsizetype i = 0; i < policy->partitions.size(); ++i) {
            QVERIFY(!causes.constFirst()->partitions.at(i).detail.isEmpty());
            QVERIFY(policy->partitions.at(i).detail.isEmpty());
            QCOMPARE(policy->partitions.at(i).deleted, causes.constFirst()->partitions.at(i).deleted);
        }
    }

    void sortedBySeverityThenGroupThenRule()
    {
        QList<Finding> list;
        auto make = [](FindingSeverity s, const QString &group, FindingRule rule) {
            Finding f;
            f.severity = s;
            f.groupId = group;
            f.rule = rule;
            return f;
        };
        list.append(make(FindingSeverity::Info, QStringLiteral("a"), FindingRule::ResetPolicy));
        list.append(make(FindingSeverity::Error, QStringLiteral("b"), FindingRule::CommittedBelowLogStart));
        list.append(make(FindingSeverity::Warning, QStringLiteral("a"), FindingRule::ConsumerStopped));
        list.append(make(FindingSeverity::Error, QStringLiteral("a"), FindingRule::CommittedAboveHighWatermark));
        list.append(make(FindingSeverity::Error, QStringLiteral("a"), FindingRule::CommittedBelowLogStart));
        Finding cluster = make(FindingSeverity::Warning, QString(), FindingRule::ConsumerStopped);
        cluster.scope = FindingScope::Cluster;
        list.append(cluster);
        sortFindings(list);
        QCOMPARE(lines(list),
                 QStringList({QStringLiteral("error committed-below-log-start a"),
                              QStringLiteral("error committed-above-high-watermark a"),
                              QStringLiteral("error committed-below-log-start b"),
                              QStringLiteral("warning consumer-stopped "), QStringLiteral("warning consumer-stopped a"),
                              QStringLiteral("info client-reset-policy a")}));
    }

    void filtersForThePanel()
    {
        const QList<Finding> found = diagnose(demoInput());
        FindingFilter byGroup;
        byGroup.groupId = QStringLiteral("billing-replay");
        QCOMPARE(filterFindings(found, byGroup).size(), 3);
        FindingFilter byTopic;
        byTopic.topic = QStringLiteral("SCHEDULE-CAR-ORDER");
        QCOMPARE(lines(filterFindings(found, byTopic)),
                 QStringList({QStringLiteral("error committed-below-log-start stack-charge-tcp-command-xfy"),
                              QStringLiteral("warning consumer-stopped stack-charge-tcp-command-xfy"),
                              QStringLiteral("info offsets-expiring stack-charge-tcp-command-xfy"),
                              QStringLiteral("info client-reset-policy stack-charge-tcp-command-xfy")}));
        FindingFilter serious;
        serious.minimum = FindingSeverity::Warning;
        QCOMPARE(filterFindings(found, serious).size(), 3);
        FindingFilter nothing;
        nothing.groupId = QStringLiteral("payments-settlement");
        QVERIFY(filterFindings(found, nothing).isEmpty());

        const QHash<QString, FindingSeverity> worst = worstSeverityByGroup(found);
        QCOMPARE(worst.value(kStackCharge), FindingSeverity::Error);
        QCOMPARE(worst.value(QStringLiteral("billing-replay")), FindingSeverity::Warning);
        QCOMPARE(worst.value(QStringLiteral("data-flow-default-group-1888")), FindingSeverity::Info);
        QVERIFY(!worst.contains(QStringLiteral("payments-settlement")));
        QCOMPARE(worstSeverity(found), std::optional<FindingSeverity>(FindingSeverity::Error));
        QVERIFY(!worstSeverity({}));

        DiagnosisInput input = demoInput();
        QCOMPARE(lines(diagnoseGroup(input, QStringLiteral("billing-replay"))), lines(filterFindings(found, byGroup)));
    }

    // Healthy groups, a Dead group without offsets, commits exactly at the HW: nothing at all.
    void healthyClusterHasNoFindings()
    {
        ClusterSnapshot s = doctorCluster();
        s.groups = {
            group(QStringLiteral("at-hw"), GroupState::Stable,
                  offsets("orders:0=12000 orders:1=500 orders:2=50 orders:3=200"),
                  members({QStringLiteral("svc-1=orders:0,orders:1"), QStringLiteral("svc-2=orders:2,orders:3")})),
            group(QStringLiteral("dead"), GroupState::Dead, {}),
            group(QStringLiteral("unknown-hw"), GroupState::Stable, offsets("events:0=5"),
                  members({QStringLiteral("svc=events:0")})),
        };
        DiagnosisInput input;
        input.snapshot = s;
        const QList<Finding> found = diagnose(input);
        QVERIFY2(found.isEmpty(), qPrintable(findingsAsText(found)));
        QCOMPARE(findingsAsText(found), QStringLiteral("No findings.\n"));
        QCOMPARE(
            QJsonDocument::fromJson(findingsAsJson(found)).object().value(QStringLiteral("findings")).toArray().size(),
            0);
        QVERIFY(diagnose(DiagnosisInput()).isEmpty());
    }

    // A stalled or stopped consumer explains its growing lag: one finding, not two.
    void stallExplainsGrowingLag()
    {
        DiagnosisInput input = inputWith(group(QStringLiteral("live"), GroupState::Stable, offsets("orders:1=200"),
                                               members({QStringLiteral("svc=orders:1")})));
        GroupHistory h;
        h.groupId = QStringLiteral("live");
        for (const qint64 seconds : {-600, 0}) {
            GroupSample sample;
            sample.groupId = h.groupId;
            sample.timeMs = snapshotMs(input) + seconds * 1000;
            sample.state = GroupState::Stable;
            sample.hasMembers = true;
            sample.partitions = {{tp(QStringLiteral("orders:1")), 200, seconds == 0 ? 500 : 250, 0}};
            h.samples.append(sample);
        }
        input.history.insert(h.groupId, h);
        QCOMPARE(ruleIds(diagnose(input)), QStringList({QStringLiteral("lag-growing")}));
        GroupLagStatus status;
        status.health.partitions.append(
            {tp(QStringLiteral("orders:1")), HealthVerdict{LagHealth::Stall, HealthWhy::Stuck}});
        input.lagStatus.insert(h.groupId, status);
        QCOMPARE(ruleIds(diagnose(input)), QStringList({QStringLiteral("consumer-stalled")}));
    }

    // A group the history knows and the cluster no longer lists: its offsets vanished with it.
    void vanishedGroupIsDiagnosed()
    {
        DiagnosisInput input = inputWith(group(QStringLiteral("other"), GroupState::Empty, {}));
        GroupHistory h;
        h.groupId = QStringLiteral("gone");
        GroupSample sample;
        sample.groupId = h.groupId;
        sample.timeMs = snapshotMs(input) - kHour;
        sample.state = GroupState::Empty;
        sample.partitions = {{tp(QStringLiteral("orders:1")), 200, 500, 0}};
        h.samples.append(sample);
        input.history.insert(h.groupId, h);
        QCOMPARE(lines(diagnose(input)), QStringList({QStringLiteral("warning offsets-vanished gone"),
                                                      QStringLiteral("info client-reset-policy gone")}));
    }

    // Every suggested reset is a request the existing preview plans as it is: valid, on exactly the partitions the
    // finding names (or the application's committed ones), with the targets the text promises.
    void actionsOpenInThePreview()
    {
        QList<DiagnosisInput> inputs{demoInput()};
        // A shared group id, a stalled consumer, a partition without a commit, a commit beyond the HW, and offsets
        // that vanished (the history saw them; the cluster has none).
        {
            GroupInfo shared = group(QStringLiteral("shared"), GroupState::Stable,
                                     offsets("orders:0=6000 orders:1=100 payments:0=10 payments:1=150"),
                                     members({QStringLiteral("svc-orders=orders:0,orders:1"),
                                              QStringLiteral("svc-payments=payments:0,payments:1")}));
            DiagnosisInput input = inputWith(shared);
            input.snapshot.groups.append(group(QStringLiteral("stalled"), GroupState::Empty, offsets("orders:1=200")));
            input.snapshot.groups.append(group(QStringLiteral("ahead"), GroupState::Empty, offsets("orders:1=800")));
            input.snapshot.groups.append(group(QStringLiteral("wiped"), GroupState::Empty, {}));
            input.snapshot.groups.append(
                group(QStringLiteral("partial"), GroupState::Empty, offsets("orders:0=6000 orders:1=-")));
            std::sort(input.snapshot.groups.begin(), input.snapshot.groups.end(),
                      [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });
            GroupLagStatus stall;
            stall.health.partitions.append(
                {tp(QStringLiteral("orders:1")), HealthVerdict{LagHealth::Stall, HealthWhy::Stuck}});
            input.lagStatus.insert(QStringLiteral("stalled"), stall);
            GroupHistory h;
            h.groupId = QStringLiteral("wiped");
            GroupSample seen;
            seen.groupId = h.groupId;
            seen.timeMs = snapshotMs(input) - kHour;
            seen.state = GroupState::Empty;
            seen.partitions = {{tp(QStringLiteral("orders:0")), 3000, 12000, 5000},
                               {tp(QStringLiteral("orders:1")), 200, 500, 0}};
            h.samples.append(seen);
            input.history.insert(h.groupId, h);
            inputs.append(input);
        }
        QSet<ResetStrategyKind> kinds;
        for (const DiagnosisInput &input : std::as_const(inputs)) {
            for (const Finding &f : diagnose(input)) {
                for (const SuggestedAction &a : f.actions) {
                    if (!a.reset)
                        continue;
                    kinds.insert(a.reset->strategy.kind);
                    const ResetPlan plan = planReset(input.snapshot, *a.reset);
                    const QString what = findingRuleId(f.rule) + QStringLiteral(": ") + requestText(a);
                    QVERIFY2(plan.isValid(), qPrintable(what + QStringLiteral(" -> ") + plan.error));
                    QVERIFY2(!plan.rows.isEmpty(), qPrintable(what));
                    for (const ResetPlanRow &row : plan.rows)
                        QVERIFY2(row.writable(), qPrintable(what + QStringLiteral(" -> ") + row.note));
                    if (f.rule == FindingRule::SharedGroupId)
                        continue; // a new group: its partitions are the application's, not the finding's
                    QList<TopicPartition> planned;
                    for (const ResetPlanRow &row : plan.rows)
                        planned.append(row.tp);
                    QList<TopicPartition> named;
                    for (const FindingPartition &p : f.partitions)
                        named.append(p.tp);
                    QCOMPARE(planned, named);
                    if (a.reset->strategy.kind == ResetStrategyKind::ToEarliest) {
                        for (const ResetPlanRow &row : plan.rows)
                            QCOMPARE(row.target, row.logStartOffset);
                    }
                }
            }
        }
        // Every kind of fix the doctor offers was planned once.
        for (const ResetStrategyKind kind :
             {ResetStrategyKind::ToEarliest, ResetStrategyKind::ToLatest, ResetStrategyKind::ToCurrent,
              ResetStrategyKind::ShiftBy, ResetStrategyKind::Explicit})
            QVERIFY2(kinds.contains(kind), qPrintable(resetStrategyName(kind)));
    }

    void text()
    {
        const QString out = findingsAsText(diagnose(demoInput()));
        const QStringList l = out.split(QLatin1Char('\n'));
        QCOMPARE(l.value(0), QStringLiteral("ERROR committed-below-log-start group stack-charge-tcp-command-xfy"));
        QVERIFY2(
            l.value(1) ==
                QStringLiteral("  Committed offsets below the log start on 3 partitions: 51 messages deleted unread"),
            qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("  What happens next:\n    On restart the consumer gets \"offset out of "
                                             "range\"")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral(
                     "    SCHEDULE-CAR-ORDER-0: committed 1, log start 18, HW 30, lag 29 \u2014 17 deleted unread; "
                     "earliest resumes at 18, latest at 30 (skipping 12)\n")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("    reset preview: group stack-charge-tcp-command-xfy, to earliest on "
                                             "SCHEDULE-CAR-ORDER:0 SCHEDULE-CAR-PRICE:0 SCHEDULE-DEVICE-STORAGE:0")),
                 qPrintable(out));
        QVERIFY2(out.endsWith(QStringLiteral("\n1 error, 2 warnings, 8 info\n")), qPrintable(out));
    }

    void json()
    {
        const QList<Finding> found = diagnose(demoInput());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(findingsAsJson(found, true), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QCOMPARE(keys(root), QStringList({QStringLiteral("counts"), QStringLiteral("findings")}));
        QCOMPARE(
            root.value(QStringLiteral("counts")).toObject(),
            QJsonObject({{QStringLiteral("error"), 1}, {QStringLiteral("warning"), 2}, {QStringLiteral("info"), 8}}));
        const QJsonArray list = root.value(QStringLiteral("findings")).toArray();
        QCOMPARE(list.size(), found.size());

        // Every finding, partition and action carries every key, null where unknown.
        const QStringList findingKeys = {
            QStringLiteral("actions"),    QStringLiteral("catchUpMs"),   QStringLiteral("consumeRate"),
            QStringLiteral("deadline"),   QStringLiteral("explanation"), QStringLiteral("group"),
            QStringLiteral("partitions"), QStringLiteral("produceRate"), QStringLiteral("rule"),
            QStringLiteral("scope"),      QStringLiteral("severity"),    QStringLiteral("title"),
            QStringLiteral("topic"),      QStringLiteral("whatNext")};
        const QStringList partitionKeys = {QStringLiteral("committed"),
                                           QStringLiteral("deleted"),
                                           QStringLiteral("detail"),
                                           QStringLiteral("earliestReads"),
                                           QStringLiteral("earliestRereads"),
                                           QStringLiteral("highWatermark"),
                                           QStringLiteral("lag"),
                                           QStringLiteral("latestSkips"),
                                           QStringLiteral("logStart"),
                                           QStringLiteral("partition"),
                                           QStringLiteral("position"),
                                           QStringLiteral("redelivered"),
                                           QStringLiteral("skippedOnCrash"),
                                           QStringLiteral("topic")};
        for (const QJsonValue &v : list) {
            const QJsonObject f = v.toObject();
            QCOMPARE(keys(f), findingKeys);
            for (const QJsonValue &p : f.value(QStringLiteral("partitions")).toArray())
                QCOMPARE(keys(p.toObject()), partitionKeys);
            for (const QJsonValue &a : f.value(QStringLiteral("actions")).toArray())
                QCOMPARE(keys(a.toObject()),
                         QStringList({QStringLiteral("blockedBy"), QStringLiteral("reset"), QStringLiteral("text")}));
        }

        const QJsonObject first = list.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("rule")).toString(), QStringLiteral("committed-below-log-start"));
        QCOMPARE(first.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(first.value(QStringLiteral("scope")).toString(), QStringLiteral("group"));
        QCOMPARE(first.value(QStringLiteral("group")).toString(), kStackCharge);
        QVERIFY(first.value(QStringLiteral("topic")).isNull()); // three topics
        QVERIFY(first.value(QStringLiteral("deadline")).isNull());
        const QJsonObject p0 = first.value(QStringLiteral("partitions")).toArray().at(0).toObject();
        QCOMPARE(p0.value(QStringLiteral("topic")).toString(), QStringLiteral("SCHEDULE-CAR-ORDER"));
        QCOMPARE(p0.value(QStringLiteral("committed")).toInteger(), 1);
        QCOMPARE(p0.value(QStringLiteral("logStart")).toInteger(), 18);
        QCOMPARE(p0.value(QStringLiteral("deleted")).toInteger(), 17);
        QCOMPARE(p0.value(QStringLiteral("latestSkips")).toInteger(), 12);
        QVERIFY(p0.value(QStringLiteral("position")).isNull());
        QVERIFY(p0.value(QStringLiteral("redelivered")).isNull());
        const QJsonObject reset =
            first.value(QStringLiteral("actions")).toArray().at(0).toObject().value(QStringLiteral("reset")).toObject();
        QCOMPARE(reset.value(QStringLiteral("strategy")).toString(), QStringLiteral("to-earliest"));
        QCOMPARE(reset.value(QStringLiteral("group")).toString(), kStackCharge);
        QCOMPARE(reset.value(QStringLiteral("scope")).toObject().value(QStringLiteral("allTopics")).toBool(), false);
        QCOMPARE(reset.value(QStringLiteral("scope")).toObject().value(QStringLiteral("topics")).toArray().size(), 3);
        QVERIFY(reset.value(QStringLiteral("offset")).isNull());
        // An action without a reset has a null one.
        bool sawTextOnly = false;
        for (const QJsonValue &v : list) {
            for (const QJsonValue &a : v.toObject().value(QStringLiteral("actions")).toArray())
                sawTextOnly = sawTextOnly || a.toObject().value(QStringLiteral("reset")).isNull();
        }
        QVERIFY(sawTextOnly);
        // The same text as the panel shows.
        QCOMPARE(first.value(QStringLiteral("title")).toString(), found.at(0).title);
        QCOMPARE(first.value(QStringLiteral("whatNext")).toString(), found.at(0).whatNext);
    }
};

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_diagnosis.moc"
