#include "background.h"
#include "clustersession.h"
#include "mockcluster.h"
#include "offsetwriter.h"
#include "silentlistener.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace OffsetLens;
using OffsetLens::Test::MockCluster;

class TestClusterSession : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;
    OffsetLens::Test::SilentListener m_silent;

    ConnectionProfile profile(int refreshIntervalMs = 0) const
    {
        ConnectionProfile p;
        p.name = QStringLiteral("mock");
        p.bootstrapServers = m_mock->bootstrapServers();
        p.pinnedGroups = {QStringLiteral("g1")};
        p.requestTimeoutMs = 5000;
        p.refreshIntervalMs = refreshIntervalMs;
        return p;
    }

    static ConnectionProfile unreachable(int timeoutMs)
    {
        ConnectionProfile p;
        p.name = QStringLiteral("nowhere");
        p.bootstrapServers = QStringLiteral("127.0.0.1:1");
        p.requestTimeoutMs = timeoutMs;
        p.refreshIntervalMs = 0;
        return p;
    }

    // A cluster whose refresh hangs until its timeout: a port that accepts and never answers. (A refused port fails
    // at once.)
    ConnectionProfile hanging(int timeoutMs) const
    {
        ConnectionProfile p = unreachable(timeoutMs);
        p.bootstrapServers = m_silent.bootstrapServers();
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(QStringLiteral("t"), 4));
        for (int p = 0; p < 4; ++p) // broker 2, which the broker-down tests take down, leads partitions 1 and 3
            QVERIFY(m_mock->setLeader(QStringLiteral("t"), p, p % 3 + 1));
        QVERIFY(m_mock->produce(QStringLiteral("t"), 1, 6));
        QVERIFY(m_mock->commit(QStringLiteral("g1"), {{QStringLiteral("t"), 1, 4, QString()}}));
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        QVERIFY(Background::waitForIdle(std::chrono::seconds(20)));
    }

    // Waits until the session's refresh reports that it reached the watermark phase (ListOffsets in flight).
    static bool waitForWatermarkPhase(ClusterSession &session, int timeoutMs)
    {
        bool reached = false;
        const QMetaObject::Connection c =
            connect(session.jobs(), &JobRunner::jobProgress, &session, [&](JobId, const JobProgress &p) {
                reached = reached || p.step.contains(QStringLiteral("watermarks"));
            });
        QElapsedTimer timer;
        timer.start();
        while (!reached && timer.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        disconnect(c);
        return reached;
    }

    void snapshotArrivesOnTheSessionThread()
    {
        ClusterSession session(profile());
        QCOMPARE(session.state(), ClusterSession::State::Disconnected);
        QSignalSpy states(&session, &ClusterSession::stateChanged);
        QSignalSpy started(&session, &ClusterSession::refreshStarted);
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        QThread *receivedOn = nullptr;
        connect(&session, &ClusterSession::snapshotReady, this, [&]() { receivedOn = QThread::currentThread(); });

        session.start();
        QCOMPARE(session.state(), ClusterSession::State::Connecting);
        QVERIFY(session.isRefreshing());
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(receivedOn, QThread::currentThread());
        QCOMPARE(session.state(), ClusterSession::State::Connected);
        QVERIFY(!session.isRefreshing());
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(1).at(0).value<ClusterSession::State>(), ClusterSession::State::Connected);

        const auto first = ready.at(0).at(0).value<AnalyzedSnapshot>().snapshot();
        QCOMPARE(first.sequence, quint64(1));
        QCOMPARE(started.at(0).at(0).toULongLong(), quint64(1));
        QCOMPARE(first.findPartition({QStringLiteral("t"), 1})->highWatermark, 6);
        QCOMPARE(first.findGroup(QStringLiteral("g1"))->offsets.at(0).offset, 4);

        // F5 twice while a refresh runs starts it once; the sequence increases.
        session.refreshNow();
        session.refreshNow();
        QCOMPARE(started.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 10000);
        QCOMPARE(ready.at(1).at(0).value<AnalyzedSnapshot>().snapshot().sequence, quint64(2));
        QTest::qWait(100);
        QCOMPARE(ready.size(), 2);

        session.stop();
        QCOMPARE(session.state(), ClusterSession::State::Disconnected);
    }

    void cancelledRefreshIsDropped()
    {
        m_mock->setRtt(-1, 400); // every request takes a while
        ClusterSession session(profile());
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        QSignalSpy failed(&session, &ClusterSession::refreshFailed);
        QSignalSpy cancelled(&session, &ClusterSession::refreshCancelled);
        session.start();
        QVERIFY(session.isRefreshing());
        session.cancelRefresh();
        QVERIFY(!session.isRefreshing());
        QCOMPARE(cancelled.size(), 1);
        session.cancelRefresh(); // nothing to cancel: no second signal
        QCOMPARE(cancelled.size(), 1);
        QTest::qWait(2500);
        m_mock->setRtt(-1, 0);
        QCOMPARE(ready.size(), 0);
        QCOMPARE(failed.size(), 0);

        // The session still works afterwards and numbers on.
        session.refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(ready.at(0).at(0).value<AnalyzedSnapshot>().snapshot().sequence, quint64(2));
    }

    void autoRefreshProducesSeveralSnapshots()
    {
        ClusterSession session(profile(150));
        QCOMPARE(session.refreshInterval(), 150);
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 4, 10000);
        quint64 previous = 0;
        for (const QList<QVariant> &args : std::as_const(ready)) {
            const auto snapshot = args.at(0).value<AnalyzedSnapshot>().snapshot();
            QVERIFY(snapshot.sequence > previous);
            previous = snapshot.sequence;
        }
        // Turning the interval off stops it.
        session.setRefreshInterval(0);
        QTest::qWait(300); // a refresh that was already running may still land
        const qsizetype settled = ready.size();
        QTest::qWait(600);
        QCOMPARE(ready.size(), settled);
    }

    void unreachableBootstrapFails()
    {
        ClusterSession session(unreachable(1000));
        QSignalSpy failed(&session, &ClusterSession::refreshFailed);
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QCOMPARE(ready.size(), 0);
        QCOMPARE(session.state(), ClusterSession::State::Failed);
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("Could not reach any broker at 127.0.0.1:1")),
                 qPrintable(failed.at(0).at(1).toString()));
    }

    void destroyWhileRefreshingReturnsPromptly()
    {
        auto session = std::make_unique<ClusterSession>(hanging(8000));
        session->start();
        QTest::qWait(300); // the worker is now waiting for the unreachable bootstrap
        QVERIFY(session->isRefreshing());
        QElapsedTimer timer;
        timer.start();
        session.reset();
        qInfo() << "session destroyed in" << timer.elapsed() << "ms";
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    // A refresh is one kind of job: others (here a one-group re-read and a write) run while auto-refresh goes on,
    // and a cancelled job's result never reaches its receiver.
    void otherJobsRunBesideAutoRefresh()
    {
        ClusterSession session(profile(100));
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 1, 10000);

        m_mock->setRtt(-1, 300); // every request now takes a while, so jobs overlap refreshes
        QTRY_VERIFY_WITH_TIMEOUT(session.isRefreshing(), 5000);
        CommittedOffsetsRead read;
        bool readDone = false;
        bool readDuringRefresh = false;
        session.jobs()->submit(
            JobOptions{QStringLiteral("Re-read g1"), {}},
            [](const JobContext &context) {
                return readCommittedOffsets(context, QStringLiteral("g1"), {{QStringLiteral("t"), 1}});
            },
            this,
            [&](CommittedOffsetsRead result) {
                read = result;
                readDone = true;
            });
        bool cancelledDelivered = false;
        const JobId write = session.jobs()->submit(
            JobOptions{QStringLiteral("Write"), {}},
            [](const JobContext &context) {
                return writeCommittedOffsets(context,
                                             {{QStringLiteral("g-never"), {{{QStringLiteral("t"), 0}, 1, {}}}}});
            },
            this, [&](OffsetWriteReport) { cancelledDelivered = true; });
        QVERIFY(session.jobs()->cancel(write));
        const qsizetype before = ready.size();
        QElapsedTimer timer;
        timer.start();
        while (!readDone && timer.elapsed() < 10000) {
            readDuringRefresh = readDuringRefresh || session.isRefreshing();
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        QVERIFY(readDone);
        QVERIFY(readDuringRefresh);
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.offsets.size(), 1);
        QCOMPARE(read.offsets.at(0).offset, 4);
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= before + 2, 10000); // auto-refresh went on
        m_mock->setRtt(-1, 0);
        QTest::qWait(500);
        QVERIFY(!cancelledDelivered);
    }

    // Destroying a session while its refresh waits for ListOffsets, one of whose brokers just went down, returns
    // at once: nothing on this thread waits for librdkafka. (Every broker answers in 2 s, so the watermark phase is
    // certainly still waiting; a request to a broker that drops is sometimes failed at once by librdkafka, sometimes
    // held until the timeout.)
    void destroyDuringWatermarksWithBrokerDown()
    {
        ConnectionProfile p = profile();
        p.requestTimeoutMs = 4000;
        auto session = std::make_unique<ClusterSession>(p);
        QSignalSpy ready(session.get(), &ClusterSession::snapshotReady);
        session->start(); // connected first: a cold connection adds a round trip before the metadata
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        m_mock->setRtt(-1, 2000);
        session->refreshNow();
        QVERIFY(waitForWatermarkPhase(*session, 15000));
        QTest::qWait(300);
        QVERIFY(session->isRefreshing());
        m_mock->setBrokerDown(2); // ...and destroyed at once, with no event processed in between
        QElapsedTimer timer;
        timer.start();
        session.reset();
        const qint64 ms = timer.elapsed();
        qInfo() << "session destroyed during the watermark phase in" << ms << "ms";
        m_mock->setBrokerUp(2);
        m_mock->setRtt(-1, 0);
        QVERIFY2(ms < 50, qPrintable(QString::number(ms)));
        // Its clients are destroyed in the background, within the request timeout.
        QVERIFY(Background::waitForIdle(std::chrono::seconds(15)));
    }

    // A refresh cancelled while it waits for ListOffsets (every broker slow, one just gone down) stops waiting at
    // once: the next refresh, which needs the fetcher the cancelled one was using, does not first sit out the
    // cancelled one's requests (2 s and more). Measured: time from refreshNow() to the snapshot minus the fetch's
    // own duration, i.e. how long the next refresh waited for the cancelled one.
    void cancelDuringWatermarksWithBrokerDown()
    {
        ConnectionProfile p = profile();
        p.requestTimeoutMs = 5000;
        ClusterSession session(p);
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        session.start(); // connected first: a cold connection adds a round trip before the metadata
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        ready.clear();
        m_mock->setRtt(-1, 2000); // every answer now takes 2 s
        session.refreshNow();
        QVERIFY(waitForWatermarkPhase(session, 15000));
        QTest::qWait(300);
        QVERIFY(session.isRefreshing());
        m_mock->setBrokerDown(2);
        session.cancelRefresh(); // at once: the refresh is still waiting
        QElapsedTimer timer;
        timer.start();
        session.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 1, 15000);
        const qint64 ms = timer.elapsed();
        m_mock->setBrokerUp(2);
        m_mock->setRtt(-1, 0);
        const ClusterSnapshot next = ready.at(0).at(0).value<AnalyzedSnapshot>().snapshot();
        const qint64 waited = ms - next.durationMs;
        qInfo() << "next refresh waited" << waited << "ms for the cancelled one (took" << next.durationMs
                << "ms itself)";
        QVERIFY2(waited < 1000, qPrintable(QString::number(waited)));
        QCOMPARE(next.sequence, quint64(3));
        QVERIFY(!next.errors.isEmpty()); // broker 2 is still down, and the snapshot says so
    }

    // The refresh job cancelled through jobs() (not through cancelRefresh) must not leave the session waiting for
    // a result that never comes.
    void refreshCancelledThroughItsJobDoesNotWedge()
    {
        m_mock->setRtt(-1, 400);
        ClusterSession session(profile());
        QSignalSpy ready(&session, &ClusterSession::snapshotReady);
        QSignalSpy cancelled(&session, &ClusterSession::refreshCancelled);
        session.start();
        QVERIFY(session.refreshJob() != 0);
        QVERIFY(session.jobs()->cancel(session.refreshJob()));
        QVERIFY(!session.isRefreshing());
        QCOMPARE(session.refreshJob(), JobId(0));
        QCOMPARE(cancelled.size(), 1);
        m_mock->setRtt(-1, 0);
        session.refreshNow();
        QVERIFY(session.isRefreshing());
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    }

    // A slot that destroys the session when a snapshot arrives (closing the cluster on what it sees) is safe.
    void slotMayDestroyTheSession()
    {
        auto *session = new ClusterSession(profile());
        const QPointer<ClusterSession> watch(session);
        connect(session, &ClusterSession::snapshotReady, this, [session] { delete session; });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(watch.isNull(), 10000);
        QTest::qWait(100);
    }

    void stopDuringRefreshDoesNotBlock()
    {
        ClusterSession session(hanging(8000));
        QSignalSpy failed(&session, &ClusterSession::refreshFailed);
        session.start();
        QTest::qWait(200);
        QElapsedTimer timer;
        timer.start();
        session.stop();
        QVERIFY(timer.elapsed() < 100);
        QCOMPARE(session.state(), ClusterSession::State::Disconnected);
        QTest::qWait(500);
        QCOMPARE(failed.size(), 0); // the cancelled refresh's result was dropped
    }
};

QTEST_GUILESS_MAIN(TestClusterSession)
#include "tst_clustersession.moc"
