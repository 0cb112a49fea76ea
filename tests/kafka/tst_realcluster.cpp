#include "snapshotfetcher.h"

#include <QtTest>

using namespace OffsetLens;

// A smoke test against a real Kafka cluster, for developers who have one:
//   OFFSETLENS_TEST_BOOTSTRAP=host:9092 [OFFSETLENS_TEST_GROUPS=g1,g2] ctest -R tst_realcluster
class TestRealCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fetchSnapshot()
    {
        const QString bootstrap = qEnvironmentVariable("OFFSETLENS_TEST_BOOTSTRAP");
        if (bootstrap.isEmpty())
            QSKIP("OFFSETLENS_TEST_BOOTSTRAP is not set");
        ConnectionProfile profile;
        profile.name = QStringLiteral("real");
        profile.bootstrapServers = bootstrap;
        profile.pinnedGroups =
            qEnvironmentVariable("OFFSETLENS_TEST_GROUPS").split(QLatin1Char(','), Qt::SkipEmptyParts);
        profile.requestTimeoutMs = 10000;
        SnapshotFetcher fetcher(profile);
        const std::atomic_bool cancelled{false};
        bool ok = false;
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        qInfo() << "took" << s.durationMs << "ms;" << s.brokers.size() << "brokers," << s.topics.size() << "topics,"
                << s.groups.size() << "groups; errors:" << s.errors;
        QVERIFY2(ok, qPrintable(s.errors.join(QLatin1Char('\n'))));
        QVERIFY(!s.brokers.isEmpty());
        QVERIFY(s.durationMs <= 3 * profile.requestTimeoutMs);
        for (const TopicInfo &topic : s.topics) {
            for (const PartitionInfo &p : topic.partitions) {
                if (p.logStartOffset >= 0 && p.highWatermark >= 0)
                    QVERIFY2(p.logStartOffset <= p.highWatermark, qPrintable(topic.name));
                if (p.lastStableOffset >= 0 && p.highWatermark >= 0)
                    QVERIFY(p.lastStableOffset <= p.highWatermark);
            }
        }
        for (const GroupInfo &group : s.groups) {
            for (const CommittedOffset &o : group.offsets)
                QVERIFY(o.offset >= 0 || !o.error.isEmpty());
            QVERIFY(std::is_sorted(group.offsets.cbegin(), group.offsets.cend(),
                                   [](const CommittedOffset &a, const CommittedOffset &b) { return a.tp < b.tp; }));
        }
    }
};

QTEST_GUILESS_MAIN(TestRealCluster)
#include "tst_realcluster.moc"
