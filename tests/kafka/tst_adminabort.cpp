// librdkafka 2.0.2's abort "rd_kafka_enq_once_del_source_return: Assertion `eonce->refcnt > 0' failed", pinned
// down: a coordinator-targeted admin request (ListConsumerGroupOffsets, DescribeConsumerGroups) whose librdkafka
// request timeout expires while the group's coordinator goes down and comes back (confluentinc/librdkafka#5397
// describes the use-after-free behind it). The raw request shape is run in a child process, where it aborts; the
// app's shape (our own deadline, librdkafka's timeout an hour away: makeCoordinatorAdminOptions) meets the same
// flapping coordinator in this process and must come through every refresh.
#include "mockcluster.h"
#include "snapshotfetcher.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <thread>

using namespace OffsetLens;
using namespace OffsetLens::Test;

namespace {

const char kChildVariable[] = "OFFSETLENS_ADMIN_ABORT_CHILD";

// The trigger, with the plain C API: requests with short librdkafka timeouts while coordinator 2 flaps.
int runRawTrigger(int rounds)
{
    char error[512];
    rd_kafka_t *helper = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), error, sizeof error);
    rd_kafka_mock_cluster_t *mock = rd_kafka_mock_cluster_new(helper, 3);
    rd_kafka_mock_coordinator_set(mock, "group", "g1", 2);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", rd_kafka_mock_cluster_bootstraps(mock), error, sizeof error);
    rd_kafka_conf_set(conf, "log_level", "0", error, sizeof error);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    rd_kafka_queue_t *queue = rd_kafka_queue_new(rk);
    const char *groups[] = {"g1"};
    for (int i = 0; i < rounds; ++i) {
        rd_kafka_AdminOptions_t *options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ANY);
        rd_kafka_AdminOptions_set_request_timeout(options, 50 + (i % 7) * 30, error, sizeof error);
        rd_kafka_ListConsumerGroupOffsets_t *request = rd_kafka_ListConsumerGroupOffsets_new("g1", nullptr);
        rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options, queue);
        rd_kafka_ListConsumerGroupOffsets_destroy(request);
        rd_kafka_DescribeConsumerGroups(rk, groups, 1, options, queue);
        rd_kafka_AdminOptions_destroy(options);
        if (i % 3 == 0)
            rd_kafka_mock_broker_set_down(mock, 2);
        else
            rd_kafka_mock_broker_set_up(mock, 2);
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + (i % 5) * 15));
        while (rd_kafka_event_t *event = rd_kafka_queue_poll(queue, 0))
            rd_kafka_event_destroy(event);
    }
    std::printf("survived %d rounds\n", rounds);
    return 0; // the process is left to exit without tearing librdkafka down: only the abort is of interest
}

} // namespace

class TestAdminAbort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The trigger reproduces: short librdkafka timeouts on coordinator requests, a flapping coordinator.
    void rawShapeAborts()
    {
        int aborted = 0;
        QString last;
        for (int attempt = 0; attempt < 3 && aborted == 0; ++attempt) {
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QString::fromLatin1(kChildVariable), QStringLiteral("300"));
            child.setProcessEnvironment(env);
            child.start(QCoreApplication::applicationFilePath(), {});
            QVERIFY(child.waitForFinished(120000));
            last = QString::fromUtf8(child.readAllStandardError() + child.readAllStandardOutput());
            if (child.exitStatus() == QProcess::CrashExit && last.contains(QStringLiteral("eonce->refcnt > 0")))
                ++aborted;
        }
        qInfo().noquote() << "raw shape:" << (aborted ? "aborted as expected" : "survived") << last.trimmed().left(200);
        // A librdkafka with the fix (or another timing) may survive; then this documents that it did.
        if (aborted == 0)
            QSKIP("the raw request shape did not abort this time (a fixed librdkafka?)");
    }

    // The app's request shape through the real fetcher, with the same flapping coordinator: every refresh comes
    // back (offsets read, or the group's error named), none takes longer than its budget, the process lives.
    void appShapeSurvives()
    {
        MockCluster mock(3);
        QVERIFY(mock.createTopic(QStringLiteral("t"), 2));
        QVERIFY(mock.produce(QStringLiteral("t"), 0, 5));
        QVERIFY(mock.commit(QStringLiteral("g1"), {{QStringLiteral("t"), 0, 3, QString()}}));
        rd_kafka_mock_coordinator_set(mock.handle(), "group", "g1", 2);
        ConnectionProfile p = mock.profile(QStringLiteral("flapping"), 300);
        p.pinnedGroups = {QStringLiteral("g1")};
        SnapshotFetcher fetcher(p);
        const std::atomic_bool cancelled{false};
        int read = 0;
        int named = 0;
        for (int i = 0; i < 60; ++i) {
            if (i % 3 == 0)
                mock.setBrokerDown(2);
            else
                mock.setBrokerUp(2);
            QElapsedTimer timer;
            timer.start();
            bool ok = false;
            const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
            QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
            const GroupInfo *g = s.findGroup(QStringLiteral("g1"));
            if (g && !g->offsets.isEmpty() && g->offsets.constFirst().offset == 3)
                ++read;
            else
                ++named;
        }
        mock.setBrokerUp(2);
        qInfo() << "60 refreshes with the coordinator flapping:" << read << "read the offsets," << named
                << "did not (said why)";
        // How many of the flapping refreshes get through depends on timing (1 to 13 of 60, and now and then none),
        // so the check is the one the user needs: once the coordinator stays up, refreshes at the app's pace read
        // the offsets again by themselves (within about a second: the request left pending meanwhile is answered
        // then; none is sent for the group while it is).
        bool recovered = false;
        QElapsedTimer recovery;
        recovery.start();
        for (int i = 0; i < 60 && !recovered; ++i) {
            if (i > 0)
                QThread::msleep(500); // a refresh interval
            bool ok = false;
            const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
            const GroupInfo *g = s.findGroup(QStringLiteral("g1"));
            recovered = g && !g->offsets.isEmpty() && g->offsets.constFirst().offset == 3;
        }
        qInfo() << "read again" << recovery.elapsed() << "ms after the coordinator stayed up";
        QVERIFY(recovered);
    }
};

int main(int argc, char **argv)
{
    if (const QByteArray rounds = qgetenv(kChildVariable); !rounds.isEmpty())
        return runRawTrigger(rounds.toInt());
    QCoreApplication app(argc, argv);
    TestAdminAbort test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_adminabort.moc"
