#include "clustersession.h"
#include "mockcluster.h"

#include <QElapsedTimer>
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

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->isValid());
        QVERIFY(m_mock->createTopic(QStringLiteral("t"), 4));
        QVERIFY(m_mock->produce(QStringLiteral("t"), 1, 6));
        QVERIFY(m_mock->commit(QStringLiteral("g1"), {{QStringLiteral("t"), 1, 4, QString()}}));
    }

    void cleanupTestCase() { m_mock.reset(); }

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

        const auto first = ready.at(0).at(0).value<ClusterSnapshot>();
        QCOMPARE(first.sequence, quint64(1));
        QCOMPARE(started.at(0).at(0).toULongLong(), quint64(1));
        QCOMPARE(first.findPartition({QStringLiteral("t"), 1})->highWatermark, 6);
        QCOMPARE(first.findGroup(QStringLiteral("g1"))->offsets.at(0).offset, 4);

        // F5 twice while a refresh runs starts it once; the sequence increases.
        session.refreshNow();
        session.refreshNow();
        QCOMPARE(started.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 10000);
        QCOMPARE(ready.at(1).at(0).value<ClusterSnapshot>().sequence, quint64(2));
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
        session.start();
        QVERIFY(session.isRefreshing());
        session.cancelRefresh();
        QVERIFY(!session.isRefreshing());
        QTest::qWait(2500);
        m_mock->setRtt(-1, 0);
        QCOMPARE(ready.size(), 0);
        QCOMPARE(failed.size(), 0);

        // The session still works afterwards and numbers on.
        session.refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(ready.at(0).at(0).value<ClusterSnapshot>().sequence, quint64(2));
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
            const auto snapshot = args.at(0).value<ClusterSnapshot>();
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
        auto session = std::make_unique<ClusterSession>(unreachable(8000));
        session->start();
        QTest::qWait(300); // the worker is now waiting for the unreachable bootstrap
        QVERIFY(session->isRefreshing());
        QElapsedTimer timer;
        timer.start();
        session.reset();
        qInfo() << "session destroyed in" << timer.elapsed() << "ms";
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    void stopDuringRefreshDoesNotBlock()
    {
        ClusterSession session(unreachable(8000));
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
