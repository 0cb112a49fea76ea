// The doctor's condensed history: diagnosing from it must say what diagnosing from the full history says, while it
// stays a few dozen samples per group however long the app runs.
#include "diagnose.h"
#include "diagnosismemory.h"
#include "diagnosissnapshots.h"
#include "findingformat.h"

#include <QTest>

#include <functional>

using namespace OffsetLens;
using namespace OffsetLens::DiagnosisTestData;

namespace {

const QString kGroup = QStringLiteral("svc");
constexpr qint64 kStep = 5000; // the app's default refresh interval

// The state of the group at one refresh: its sample (without groupId/time) and the partition's HW.
using Scenario = std::function<GroupSample(qint64 elapsedMs)>;

struct Run
{
    QList<GroupSample> full;
    DiagnosisMemory memory;
    qint64 endMs = 0;
};

// Feeds `durationMs` of refreshes every kStep to both the full history and the memory. A sample with groupId left
// empty means the group had no commits at that refresh (no sample, as samplesFromSnapshot gives none).
void simulate(Run &run, qint64 startMs, qint64 durationMs, const Scenario &scenario)
{
    for (qint64 t = 0; t <= durationMs; t += kStep) {
        GroupSample s = scenario(t);
        const qint64 timeMs = startMs + t;
        run.endMs = timeMs;
        if (s.groupId.isEmpty()) {
            run.memory.observe({}, timeMs);
            continue;
        }
        s.timeMs = timeMs;
        run.full.append(s);
        run.memory.observe({s}, timeMs);
    }
}

GroupSample sample(GroupState state, bool members, qint64 committed, qint64 hw)
{
    GroupSample s;
    s.groupId = kGroup;
    s.state = state;
    s.hasMembers = members;
    if (committed >= 0)
        s.partitions.append({TopicPartition{QStringLiteral("t"), 0}, committed, hw, 0});
    return s;
}

// The snapshot one refresh after the run: topic t-0 [0, hw], the group as given.
DiagnosisInput inputAfter(const Run &run, GroupState state, bool members, qint64 committed, qint64 hw,
                          bool simple = false)
{
    ClusterSnapshot s = base(1);
    s.takenAt = QDateTime::fromMSecsSinceEpoch(run.endMs + kStep, Qt::UTC);
    s.topics = {topic(QStringLiteral("t"), {partition(0, 0, hw)})};
    QList<GroupMember> list;
    if (members)
        list = DiagnosisTestData::members({QStringLiteral("svc-1=t:0")});
    s.groups = {group(kGroup, state,
                      committed >= 0 ? offsets(QStringLiteral("t:0=%1").arg(committed)) : QList<CommittedOffset>(),
                      list)};
    if (simple)
        s.groups[0].protocolType.clear();
    DiagnosisInput input;
    input.snapshot = s;
    input.offsetsRetentionMinutes = 3 * 24 * 60;
    return input;
}

struct Outcome
{
    QList<Finding> full;
    QList<Finding> condensed;
};

Outcome diagnoseBoth(DiagnosisInput input, const Run &run)
{
    Outcome outcome;
    GroupHistory history;
    history.groupId = kGroup;
    history.samples = run.full;
    input.history = {{kGroup, history}};
    outcome.full = diagnose(input);
    input.history = run.memory.histories();
    outcome.condensed = diagnose(input);
    return outcome;
}

constexpr qint64 kStart = 1700000000000LL;

} // namespace

class TestDiagnosisMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    // Produced 10/s, consumed 6/s for 30 minutes: the rate rule measures the same rates from the thinned window.
    void lagGrowingSameRates()
    {
        Run run;
        simulate(run, kStart, 30 * kMinute,
                 [](qint64 t) { return sample(GroupState::Stable, true, 1000 + t * 6 / 1000, 2000 + t * 10 / 1000); });
        const Outcome o =
            diagnoseBoth(inputAfter(run, GroupState::Stable, true, 1000 + 1800 * 6, 2000 + 1800 * 10), run);
        QCOMPARE(ruleIds(o.condensed), ruleIds(o.full));
        QVERIFY(ruleIds(o.full).contains(QStringLiteral("lag-growing")));
        const Finding &a = o.full.constFirst();
        const Finding &b = o.condensed.constFirst();
        QVERIFY(a.produceRate && b.produceRate && a.consumeRate && b.consumeRate);
        QCOMPARE(qRound(*b.produceRate), qRound(*a.produceRate));
        QCOMPARE(qRound(*b.consumeRate), qRound(*a.consumeRate));
        // 30 minutes at 5 s is 361 refreshes; the window keeps about one a minute, and one active run before it.
        QCOMPARE(run.full.size(), 361);
        QVERIFY2(run.memory.sampleCount() <= 22, // about one a minute in the window, the run ends before it
                 qPrintable(QString::number(run.memory.sampleCount())));
    }

    // Active for an hour, then Empty for two days with three days' offsets retention: the clock started when the
    // group became Empty, and the condensed history knows that moment exactly as the full one does.
    void expiryDeadlineExact()
    {
        Run run;
        simulate(run, kStart, 2 * kDay + kHour, [](qint64 t) {
            if (t < kHour)
                return sample(GroupState::Stable, true, t / 1000, 5000);
            return sample(GroupState::Empty, false, 3599, 5000);
        });
        const Outcome o = diagnoseBoth(inputAfter(run, GroupState::Empty, false, 3599, 5000), run);
        QCOMPARE(ruleIds(o.condensed), ruleIds(o.full));
        QVERIFY(ruleIds(o.full).contains(QStringLiteral("offsets-expiring")));
        QCOMPARE(findingsAsText(o.condensed), findingsAsText(o.full));
        QCOMPARE(o.condensed, o.full);
        QVERIFY2(run.memory.sampleCount() <= 22, // about one a minute in the window, the run ends before it
                 qPrintable(QString::number(run.memory.sampleCount())));
    }

    // The app's restart: the monitor watches live refreshes while the store condenses the recorded week; merged, it
    // dates the expiry exactly as a memory that saw everything.
    void mergedRecordedHistoryDatesExpiry()
    {
        Run run;
        simulate(run, kStart, 2 * kDay + kHour, [](qint64 t) {
            if (t < kHour)
                return sample(GroupState::Stable, true, t / 1000, 5000);
            return sample(GroupState::Empty, false, 3599, 5000);
        });
        const qint64 restartMs = run.endMs - 10 * kMinute;
        DiagnosisMemory recorded;
        DiagnosisMemory live;
        for (const GroupSample &s : std::as_const(run.full))
            (s.timeMs < restartMs ? recorded : live).observe({s}, s.timeMs);
        const DiagnosisInput input = inputAfter(run, GroupState::Empty, false, 3599, 5000);
        DiagnosisInput liveOnly = input;
        liveOnly.history = live.histories();
        live.mergeOlder(recorded);
        DiagnosisInput merged = input;
        merged.history = live.histories();
        const Outcome o = diagnoseBoth(input, run);
        QCOMPARE(findingsAsText(diagnose(merged)), findingsAsText(o.full));
        // Without the recorded week the group seems Empty for ten minutes only, and its deadline two days late.
        const QList<Finding> late = diagnose(liveOnly);
        QCOMPARE(late.constFirst().rule, FindingRule::OffsetsExpiring);
        QCOMPARE(o.full.constFirst().rule, FindingRule::OffsetsExpiring);
        QVERIFY(late.constFirst().deadline > o.full.constFirst().deadline.addDays(1));
    }

    // A group without a protocol (no members, Empty) that commits every ten minutes, then stops: each offset's clock
    // starts at its last commit.
    void protocollessLastCommit()
    {
        Run run;
        simulate(run, kStart, 2 * kDay + 12 * kHour, [](qint64 t) {
            const qint64 commits = std::min<qint64>(t, 2 * kHour) / (10 * kMinute);
            return sample(GroupState::Empty, false, 100 + commits * 50, 5000);
        });
        // Without a protocol each offset's clock starts at its last commit; with one, the group has been Empty since
        // before the history begins, which the condensed history must still say.
        for (const bool simple : {true, false}) {
            const Outcome o = diagnoseBoth(inputAfter(run, GroupState::Empty, false, 700, 5000, simple), run);
            QVERIFY(ruleIds(o.full).contains(QStringLiteral("offsets-expiring")));
            QCOMPARE(findingsAsText(o.condensed), findingsAsText(o.full));
            QCOMPARE(o.condensed, o.full);
        }
    }

    // Commits for an hour, then none (expired or deleted): the last offsets seen and when they went are kept.
    void vanishedOffsetsKept()
    {
        Run run;
        simulate(run, kStart, 3 * kHour, [](qint64 t) {
            if (t < kHour)
                return sample(GroupState::Empty, false, 400, 5000);
            return GroupSample();
        });
        const Outcome o = diagnoseBoth(inputAfter(run, GroupState::Empty, false, kNoOffset, 5000), run);
        QCOMPARE(findingsAsText(o.condensed), findingsAsText(o.full));
        QVERIFY(ruleIds(o.full).contains(QStringLiteral("offsets-vanished")));
        QCOMPARE(findingsAsText(o.condensed), findingsAsText(o.full));
        QCOMPARE(o.condensed, o.full);
    }

    // A group rebalancing now and then over a day: runs before the window stay bounded by maxOlder.
    void boundedOverADay()
    {
        Run run;
        simulate(run, kStart, kDay, [](qint64 t) {
            const bool rebalancing = (t / kMinute) % 7 == 0;
            return sample(rebalancing ? GroupState::PreparingRebalance : GroupState::Stable, true, t / 1000, t / 500);
        });
        const DiagnosisMemory::Limits limits;
        QVERIFY2(run.memory.sampleCount() <= limits.maxOlder + 2 * (limits.windowMs / limits.spacingMs) + 2,
                 qPrintable(QString::number(run.memory.sampleCount())));
        const QList<GroupSample> kept = run.memory.histories().value(kGroup).samples;
        for (qsizetype i = 1; i < kept.size(); ++i)
            QVERIFY(kept[i - 1].timeMs < kept[i].timeMs);
        QCOMPARE(kept.constLast().timeMs, run.endMs); // the newest refresh is always there
    }

    // Replayed history that overlaps the live refreshes is ignored; a group silent for over a week is forgotten.
    void overlapAndForget()
    {
        DiagnosisMemory memory;
        GroupSample s = sample(GroupState::Stable, true, 10, 20);
        s.timeMs = kStart;
        memory.observe({s}, kStart);
        GroupSample older = s;
        older.timeMs = kStart - 1000;
        older.partitions[0].committed = 5;
        memory.observe({older}, kStart - 1000);
        QCOMPARE(memory.sampleCount(), 1);
        QCOMPARE(memory.histories().value(kGroup).samples.constFirst().partitions.constFirst().committed, 10);
        memory.observe({}, kStart + 6 * kDay);
        QCOMPARE(memory.groupCount(), 1);
        memory.observe({}, kStart + 8 * kDay);
        QCOMPARE(memory.groupCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDiagnosisMemory)
#include "tst_diagnosismemory.moc"
