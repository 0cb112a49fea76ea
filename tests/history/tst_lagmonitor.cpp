#include "../models/testsnapshots.h"
#include "historythreads.h"
#include "laghistorystore.h"
#include "lagmonitor.h"
#include "threadpriority.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <optional>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;
using namespace std::chrono_literals;

namespace {

constexpr qint64 kT0 = 1700000000000LL;
constexpr qint64 kStep = 5000;

// Refresh i of a consumer that falls behind: it commits one more message each time while ten more arrive.
qint64 committedAt(int i)
{
    return 50 + i;
}
qint64 hwAt(int i)
{
    return 100 + 10 * qint64(i);
}

GroupSample recorded(int i)
{
    GroupSample sample;
    sample.groupId = QStringLiteral("g");
    sample.timeMs = kT0 + i * kStep;
    sample.state = GroupState::Stable;
    sample.hasMembers = true;
    sample.partitions = {PartitionSample{{QStringLiteral("t"), 0}, committedAt(i), hwAt(i), 0}};
    return sample;
}

ClusterSnapshot live(int i)
{
    ClusterSnapshot s = base(quint64(i));
    s.takenAt = QDateTime::fromMSecsSinceEpoch(kT0 + i * kStep, Qt::UTC);
    s.topics = {topic(QStringLiteral("t"), {partition(0, 0, hwAt(i))})};
    s.groups = {group(QStringLiteral("g"), GroupState::Stable, {committed(QStringLiteral("t"), 0, committedAt(i))},
                      {member(QStringLiteral("m1"), QStringLiteral("c1"), QStringLiteral("/10.0.0.1"), {})})};
    return s;
}

LagHealth healthIn(const QSignalSpy &spy)
{
    return spy.last().at(0).value<ClusterLagStatus>().groups.value(QStringLiteral("g")).health.health;
}

} // namespace

class TestLagMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanupTestCase() { QVERIFY(HistoryThreads::waitForIdle(20s)); }

    // With a window, the monitor's diagnosis and the history's writer give way to the GUI thread when the CPUs are
    // busy (on Linux a nice value of 10 on their threads; QThread's priorities do nothing there); the GUI thread
    // keeps its own. Without one, they keep the process's priority.
    void workersGiveWayToTheGui()
    {
#if defined(Q_OS_LINUX)
        const QDir tasks(QStringLiteral("/proc/self/task"));
        const auto niceOfTask = [&tasks](const QString &tid) -> std::optional<int> {
            QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
            if (!stat.open(QIODevice::ReadOnly))
                return std::nullopt;
            // After "pid (comm) ": state is field 3 of stat(5), nice field 19.
            const QByteArray line = stat.readAll();
            const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
            return fields.size() > 16 ? std::optional<int>(fields.at(16).toInt()) : std::nullopt;
        };
        const auto niceOf = [&](const QString &threadName) -> std::optional<int> {
            for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
                if (comm.open(QIODevice::ReadOnly) && QString::fromUtf8(comm.readAll()).trimmed() == threadName)
                    return niceOfTask(tid);
            }
            return std::nullopt;
        };
        // The test's own thread (the GUI thread in the app) is the process's first: its nice value is whatever the
        // test was started with (`nice ctest` adds 10), and a thread at or above 10 already is left alone.
        const std::optional<int> base = niceOfTask(QString::number(QCoreApplication::applicationPid()));
        QVERIFY(base);
        const std::optional<int> lowered = std::max(*base, 10);
        const QTemporaryDir dir;
        {
            // Off (the command line): the monitor's thread keeps the process's priority.
            LagMonitor monitor(10);
            QSignalSpy status(&monitor, &LagMonitor::statusChanged);
            monitor.observe(live(1)); // runs after the thread's start-up work
            QVERIFY(status.wait(10000));
            QCOMPARE(niceOf(QStringLiteral("lag monitor")), base);
        }
        setBackgroundGivesWay(true); // what the window does at its start
        const auto off = qScopeGuard([] { setBackgroundGivesWay(false); });
        {
            LagMonitor monitor(10);
            LagHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")));
            QTRY_COMPARE(niceOf(QStringLiteral("lag monitor")), lowered);
            QTRY_COMPARE(niceOf(QStringLiteral("LagHistory")), lowered);
            QCOMPARE(niceOfTask(QString::number(QCoreApplication::applicationPid())), base);
        }
        QVERIFY(HistoryThreads::waitForIdle(20s)); // the store's thread closes its database before the folder goes
#else
        QSKIP("thread priorities are checked on Linux");
#endif
    }

    // Without history, a trend cannot be judged from one refresh.
    void unseededStartsWithoutHistory()
    {
        LagMonitor monitor(10);
        QSignalSpy status(&monitor, &LagMonitor::statusChanged);
        monitor.observe(live(10));
        QVERIFY(status.wait(10000));
        QCOMPARE(healthIn(status), LagHealth::Ok);
        QVERIFY(status.last()
                    .at(0)
                    .value<ClusterLagStatus>()
                    .groups.value(QStringLiteral("g"))
                    .health.reason.isEmpty()); // OK says nothing more at group level
    }

    // Seeded with the recorded refreshes, the first live refresh is judged on the whole window.
    void seededGoesOnFromTheRecordedHistory()
    {
        LagMonitor monitor(10);
        QSignalSpy status(&monitor, &LagMonitor::statusChanged);
        monitor.expectSeed();
        monitor.observe(live(10));
        QVERIFY(!status.wait(300)); // held back until the history is replayed

        QList<GroupSample> history;
        for (int i = 0; i < 10; ++i)
            history.append(recorded(i));
        // A recorded sample as new as the waiting refresh (or newer) is not replayed: here it would read as a
        // rewind.
        GroupSample clash = recorded(10);
        clash.partitions[0].committed = 1;
        history.append(clash);
        monitor.seed(history);
        QVERIFY(status.wait(10000));
        QCOMPARE(status.size(), 1);
        QCOMPARE(healthIn(status), LagHealth::Warn);
        const ClusterLagStatus first = status.last().at(0).value<ClusterLagStatus>();
        QVERIFY(first.groups.value(QStringLiteral("g")).maxTimeLagMs.has_value()); // the HW history came too

        // Only the first seed counts; later refreshes go straight through.
        monitor.seed({clash});
        monitor.observe(live(11));
        QVERIFY(status.wait(10000));
        QCOMPARE(healthIn(status), LagHealth::Warn);
    }

    // An empty seed (no history, or the database could not be opened) only releases the monitor.
    void emptySeedReleases()
    {
        LagMonitor monitor(10);
        QSignalSpy status(&monitor, &LagMonitor::statusChanged);
        monitor.expectSeed();
        monitor.observe(live(10));
        QVERIFY(!status.wait(200));
        monitor.seed({});
        QVERIFY(status.wait(10000));
        QCOMPARE(healthIn(status), LagHealth::Ok);
    }
};

QTEST_GUILESS_MAIN(TestLagMonitor)
#include "tst_lagmonitor.moc"
