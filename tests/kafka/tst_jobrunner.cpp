// The job runner's contract, with work that needs no cluster: results arrive on the runner's thread, jobs run side
// by side, cancelled / superseded results and callbacks of destroyed receivers are never delivered, and
// destroying the runner never waits for its jobs.
#include "background.h"
#include "blockingcall.h"
#include "jobrunner.h"
#include "kafkaconnection.h"
#include "threadpriority.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <future>
#include <stdexcept>
#include <sys/resource.h>
#include <unistd.h>

using namespace OffsetLens;
using namespace std::chrono_literals;

namespace {
std::shared_ptr<KafkaConnection> unusedConnection()
{
    ConnectionProfile profile;
    profile.id = QStringLiteral("jobs");
    profile.bootstrapServers = QStringLiteral("127.0.0.1:1");
    return std::make_shared<KafkaConnection>(profile);
}

// Sleeps in slices until `duration` passed or the job was cancelled; returns whether it saw the cancel. Sets
// `running` first, so a test can cancel a job that really runs (a job cancelled before it starts never runs).
bool sleepUnlessCancelled(const JobContext &context, std::chrono::milliseconds duration,
                          std::atomic_bool *running = nullptr)
{
    if (running)
        *running = true;
    const auto end = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < end) {
        if (context.isCancelled())
            return true;
        std::this_thread::sleep_for(5ms);
    }
    return false;
}
} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanupTestCase() { QVERIFY(Background::waitForIdle(10s)); }

    // Behind a window, background threads (and the librdkafka threads they start, which inherit it) give way to the
    // GUI thread: nice 10 on Linux. The command line's keep the process's priority.
    void backgroundThreadsGiveWayBehindAWindow()
    {
#if defined(Q_OS_LINUX)
        const auto niceHere = [] {
            errno = 0;
            return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
        };
        const int base = niceHere();
        const auto niceOfBackground = [&] {
            std::promise<int> nice;
            Background::run("nice-probe", [&nice, &niceHere] { nice.set_value(niceHere()); });
            return nice.get_future().get();
        };
        QCOMPARE(niceOfBackground(), base);
        setBackgroundGivesWay(true);
        const auto off = qScopeGuard([] { setBackgroundGivesWay(false); });
        QCOMPARE(niceOfBackground(), std::max(base, 10));
        QCOMPARE(niceHere(), base);
#else
        QSKIP("thread priorities are checked on Linux");
#endif
    }

    void resultArrivesOnTheRunnersThread()
    {
        JobRunner runner(unusedConnection());
        QSignalSpy started(&runner, &JobRunner::jobStarted);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        QThread *workedOn = nullptr;
        QThread *deliveredOn = nullptr;
        int result = 0;
        const JobId id = runner.submit(
            JobOptions{QStringLiteral("Answer"), {}},
            [&](const JobContext &) {
                workedOn = QThread::currentThread();
                return 42;
            },
            this,
            [&](int value) {
                deliveredOn = QThread::currentThread();
                result = value;
            });
        QVERIFY(id != 0);
        QVERIFY(runner.isActive(id));
        QCOMPARE(runner.title(id), QStringLiteral("Answer"));
        QCOMPARE(started.size(), 1);
        QTRY_COMPARE(result, 42);
        QVERIFY(workedOn != QThread::currentThread());
        QCOMPARE(deliveredOn, QThread::currentThread());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<JobId>(), id);
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QVERIFY(!runner.isActive(id));
    }

    // Job A finishes only once job B has run: with one job at a time this would time out.
    void jobsRunSideBySide()
    {
        JobRunner runner(unusedConnection());
        auto bRan = std::make_shared<std::promise<void>>();
        std::shared_future<void> bRanFuture = bRan->get_future().share();
        bool aSawB = false;
        bool bDone = false;
        runner.submit(
            JobOptions{QStringLiteral("A"), {}},
            [bRanFuture](const JobContext &) { return bRanFuture.wait_for(5s) == std::future_status::ready; }, this,
            [&](bool sawB) { aSawB = sawB; });
        runner.submit(
            JobOptions{QStringLiteral("B"), {}},
            [bRan](const JobContext &) {
                bRan->set_value();
                return true;
            },
            this, [&](bool) { bDone = true; });
        QTRY_VERIFY(bDone);
        QTRY_VERIFY_WITH_TIMEOUT(aSawB, 6000);
    }

    void cancelledJobIsNeverDelivered()
    {
        JobRunner runner(unusedConnection());
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto sawCancel = std::make_shared<std::atomic_bool>(false);
        auto running = std::make_shared<std::atomic_bool>(false);
        bool delivered = false;
        bool otherDelivered = false;
        const JobId id = runner.submit(
            JobOptions{QStringLiteral("Long"), {}},
            [sawCancel, running](const JobContext &context) {
                *sawCancel = sleepUnlessCancelled(context, 5s, running.get());
                return 1;
            },
            this, [&](int) { delivered = true; });
        runner.submit(
            JobOptions{QStringLiteral("Other"), {}}, [](const JobContext &) { return 2; }, this,
            [&](int) { otherDelivered = true; });
        QTRY_VERIFY(running->load());
        QVERIFY(runner.cancel(id));
        QVERIFY(!runner.cancel(id)); // only once
        QVERIFY(!runner.isActive(id));
        QCOMPARE(finished.constLast().at(0).value<JobId>(), id);
        QCOMPARE(finished.constLast().at(1).toBool(), false);
        QTRY_VERIFY(otherDelivered);
        QTRY_VERIFY_WITH_TIMEOUT(sawCancel->load(), 1000); // the work itself stopped early
        QTest::qWait(100);                                 // its (stale) result would have arrived by now
        QVERIFY(!delivered);
    }

    void supersededJobIsDropped()
    {
        JobRunner runner(unusedConnection());
        auto firstSawCancel = std::make_shared<std::atomic_bool>(false);
        auto running = std::make_shared<std::atomic_bool>(false);
        QList<int> delivered;
        const JobId first = runner.submit(
            JobOptions{QStringLiteral("Look up 10:00"), QStringLiteral("lookup")},
            [firstSawCancel, running](const JobContext &context) {
                *firstSawCancel = sleepUnlessCancelled(context, 2s, running.get());
                return 1;
            },
            this, [&](int v) { delivered.append(v); });
        QTRY_VERIFY(running->load());
        const JobId second = runner.submit(
            JobOptions{QStringLiteral("Look up 11:00"), QStringLiteral("lookup")}, [](const JobContext &) { return 2; },
            this, [&](int v) { delivered.append(v); });
        const JobId unrelated = runner.submit(
            JobOptions{QStringLiteral("Other"), QStringLiteral("other")}, [](const JobContext &) { return 3; }, this,
            [&](int v) { delivered.append(v); });
        QVERIFY(!runner.isActive(first));
        QVERIFY(runner.isActive(second) || delivered.contains(2));
        Q_UNUSED(unrelated);
        QTRY_COMPARE(delivered.size(), 2);
        QTRY_VERIFY(firstSawCancel->load());
        QTest::qWait(100);
        std::sort(delivered.begin(), delivered.end());
        QCOMPARE(delivered, (QList<int>{2, 3}));
    }

    void destroyedReceiverIsNeverCalled()
    {
        JobRunner runner(unusedConnection());
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto *receiver = new QObject;
        auto sawCancel = std::make_shared<std::atomic_bool>(false);
        auto running = std::make_shared<std::atomic_bool>(false);
        bool called = false;
        const JobId id = runner.submit(
            JobOptions{QStringLiteral("For a dialog"), {}},
            [sawCancel, running](const JobContext &context) {
                *sawCancel = sleepUnlessCancelled(context, 3s, running.get());
                return 0;
            },
            receiver, [&called](int) { called = true; });
        QTRY_VERIFY(running->load());
        delete receiver; // e.g. the dialog was closed
        QVERIFY(!runner.isActive(id));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QTRY_VERIFY_WITH_TIMEOUT(sawCancel->load(), 1000);
        QTest::qWait(100);
        QVERIFY(!called);
    }

    void progressIsReported()
    {
        JobRunner runner(unusedConnection());
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        bool done = false;
        const JobId id = runner.submit(
            JobOptions{QStringLiteral("Steps"), {}},
            [](const JobContext &context) {
                context.reportProgress(0, 2, QStringLiteral("first"));
                context.reportProgress(1, 2, QStringLiteral("second"));
                std::this_thread::sleep_for(20ms); // the last report must arrive before the result
                return 0;
            },
            this, [&](int) { done = true; });
        QTRY_VERIFY(done);
        QCOMPARE(progress.size(), 2);
        QCOMPARE(progress.at(0).at(0).value<JobId>(), id);
        const auto second = progress.at(1).at(1).value<JobProgress>();
        QCOMPARE(second.step, QStringLiteral("second"));
        QCOMPARE(second.done, 1);
        QCOMPARE(second.total, 2);
    }

    void failingWorkIsReportedNotDelivered()
    {
        JobRunner runner(unusedConnection());
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        bool called = false;
        runner.submit(
            JobOptions{QStringLiteral("Throws"), {}},
            [](const JobContext &) -> int { throw std::runtime_error("boom"); }, this, [&](int) { called = true; });
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QVERIFY(!called);
    }

    // A callback may destroy the runner itself (its slot closes the cluster): nothing touches it afterwards (the
    // sanitizer build would report a use after free).
    void callbackMayDestroyTheRunner()
    {
        auto *runner = new JobRunner(unusedConnection());
        const QPointer<JobRunner> watch(runner);
        bool called = false;
        runner->submit(
            JobOptions{QStringLiteral("Last"), {}}, [](const JobContext &) { return 1; }, this,
            [&called, runner](int) {
                called = true;
                delete runner;
            });
        QTRY_VERIFY(called);
        QVERIFY(watch.isNull());
    }

    // The runner goes away (a cluster is closed) while a job ignores cancel for a second: its destructor returns
    // at once, the job finishes on its own thread, and its callback is never called.
    void destroyingTheRunnerNeverWaits()
    {
        auto runner = std::make_unique<JobRunner>(unusedConnection());
        auto finishedWork = std::make_shared<std::atomic_bool>(false);
        bool called = false;
        runner->submit(
            JobOptions{QStringLiteral("Stubborn"), {}},
            [finishedWork](const JobContext &) {
                std::this_thread::sleep_for(1s);
                *finishedWork = true;
                return 0;
            },
            this, [&](int) { called = true; });
        QTest::qWait(50); // the work is running
        QElapsedTimer timer;
        timer.start();
        runner.reset();
        const qint64 ms = timer.elapsed();
        qInfo() << "runner destroyed in" << ms << "ms";
        QVERIFY2(ms < 50, qPrintable(QString::number(ms)));
        QVERIFY(!finishedWork->load());
        QVERIFY(Background::waitForIdle(5s));
        QVERIFY(finishedWork->load());
        QCoreApplication::processEvents();
        QVERIFY(!called);
    }

    // A request that went to a broker which then dropped stays queued there until its timeout: the hedged wait
    // sends it again beside the first after `hedgeAfter` and takes the first answer.
    void hedgedCallTakesTheFirstAnswer()
    {
        std::atomic_int started{0};
        const auto call = [&started](int waitMs) {
            const int nth = ++started;
            if (nth == 1) // the first request is stuck for its whole budget
                std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
            return nth;
        };
        const std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        const std::optional<int> answer =
            awaitHedgedCall(call, nullptr, Deadline(std::chrono::milliseconds(3000)), cancelled, 200ms, 2);
        const qint64 ms = timer.elapsed();
        qInfo() << "hedged answer after" << ms << "ms";
        QCOMPARE(answer, std::optional<int>(2));
        QVERIFY2(ms >= 200 && ms < 1000, qPrintable(QString::number(ms)));
        QVERIFY(Background::waitForIdle(5s)); // the stuck one ends on its own, its answer dropped
        QCOMPARE(started.load(), 2);
    }

    // A prompt answer is not asked for twice, and never more than `maxCalls` requests go out.
    void hedgedCallIsBounded()
    {
        std::atomic_int started{0};
        const std::atomic_bool cancelled{false};
        QCOMPARE(awaitHedgedCall([&started](int) { return ++started; }, nullptr, Deadline(2000ms), cancelled, 200ms),
                 std::optional<int>(1));
        QCOMPARE(started.load(), 1);

        started = 0;
        std::atomic_bool cancel{false};
        auto release = std::make_shared<std::atomic_bool>(false); // the calls outlive this test function
        QElapsedTimer timer;
        timer.start();
        std::thread canceller([&cancel] {
            std::this_thread::sleep_for(700ms);
            cancel = true;
        });
        const auto never = [&started, release](int) {
            ++started;
            while (!*release)
                std::this_thread::sleep_for(5ms);
            return 0;
        };
        QCOMPARE(awaitHedgedCall(never, nullptr, Deadline(5000ms), cancel, 100ms, 3), std::nullopt);
        const qint64 ms = timer.elapsed();
        canceller.join();
        *release = true;
        qInfo() << "cancelled after" << ms << "ms with" << started.load() << "requests out";
        QVERIFY(ms < 900);
        QVERIFY(Background::waitForIdle(5s));
        QCOMPARE(started.load(), 3);
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
