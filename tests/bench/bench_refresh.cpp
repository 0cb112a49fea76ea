// Times full refreshes (SnapshotFetcher::fetch) against librdkafka's in-process mock cluster at scale:
// N topics x P partitions with a few messages each, G groups each with committed offsets on K partitions.
//
//   bench_refresh [--topics 100] [--partitions 100] [--groups 200] [--partitions-per-group 200] [--runs 5]
//                 [--mode both|pinned|hints]
//
// Modes (how the fetcher learns which partitions a group committed; metadata and watermarks are identical):
//   pinned  all groups are pinned in the profile, as on a cluster without ListGroups. librdkafka's mock cannot
//           answer "all committed offsets of a group", so every partition of the cluster is asked for each group.
//   hints   a GroupSource names each group's committed partitions (what the demo cluster does). Requests and
//           answers then have the size a real broker's OffsetFetch has: one request per group, K partitions.
#include "groupsource.h"
#include "mockcluster.h"
#include "snapshotfetcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace OffsetLens;

namespace {
struct Scale
{
    int topics = 100;
    int partitions = 100;
    int groups = 200;
    int partitionsPerGroup = 200;
    int messages = 3;
    int runs = 5;
};

QString topicName(int t)
{
    return QStringLiteral("bench-%1").arg(t, 3, 10, QLatin1Char('0'));
}

QString groupName(int g)
{
    return QStringLiteral("bench-group-%1").arg(g, 3, 10, QLatin1Char('0'));
}

// The partitions group g commits: a contiguous run, shifted per group, so groups overlap like real ones do.
QList<TopicPartition> groupPartitions(const Scale &scale, int g)
{
    const int total = scale.topics * scale.partitions;
    QList<TopicPartition> list;
    for (int k = 0; k < std::min(scale.partitionsPerGroup, total); ++k) {
        const int index = (g * 97 + k) % total;
        list.append({topicName(index / scale.partitions), index % scale.partitions});
    }
    return list;
}

class HintingGroupSource : public GroupSource
{
public:
    explicit HintingGroupSource(const Scale &scale)
    {
        for (int g = 0; g < scale.groups; ++g) {
            GroupInfo group;
            group.groupId = groupName(g);
            group.state = GroupState::Empty;
            group.protocolType = QStringLiteral("consumer");
            group.source = GroupSourceKind::Demo;
            m_listing.groups.append(group);
            m_listing.committedPartitions.insert(group.groupId, groupPartitions(scale, g));
        }
    }
    Listing fetchGroups(const QStringList &, std::chrono::milliseconds, const std::atomic_bool &) override
    {
        return m_listing;
    }

private:
    Listing m_listing;
};

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

bool populate(Test::MockCluster &mock, const Scale &scale)
{
    QElapsedTimer timer;
    timer.start();
    QList<std::pair<QString, int>> all;
    for (int t = 0; t < scale.topics; ++t) {
        if (!mock.createTopic(topicName(t), scale.partitions, 3))
            return false;
        for (int p = 0; p < scale.partitions; ++p)
            all.append({topicName(t), p});
    }
    if (!mock.produceMany(all, scale.messages))
        return false;
    std::printf("populate_produce_ms=%lld\n", static_cast<long long>(timer.restart()));

    // Real consumers commit, one per group, a few groups at a time.
    std::atomic_bool ok{true};
    std::atomic_int next{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
        workers.emplace_back([&]() {
            for (int g = next++; g < scale.groups && ok; g = next++) {
                QList<Test::MockCluster::Commit> commits;
                for (const TopicPartition &tp : groupPartitions(scale, g))
                    commits.append({tp.topic, tp.partition, 1 + (g % scale.messages), QString()});
                QString error;
                if (!mock.commit(groupName(g), commits, &error)) {
                    std::fprintf(stderr, "commit for %s failed: %s\n", qPrintable(groupName(g)), qPrintable(error));
                    ok = false;
                }
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    std::printf("populate_commit_ms=%lld\n", static_cast<long long>(timer.elapsed()));
    return ok;
}

// Returns false when the snapshot is not what the cluster holds.
bool runMode(const QString &mode, const Test::MockCluster &mock, const Scale &scale)
{
    ConnectionProfile profile;
    profile.name = QStringLiteral("bench");
    profile.bootstrapServers = mock.bootstrapServers();
    profile.requestTimeoutMs = 60000;
    const bool pinned = mode == QLatin1StringView("pinned");
    if (pinned) {
        for (int g = 0; g < scale.groups; ++g)
            profile.pinnedGroups.append(groupName(g));
    }
    SnapshotFetcher fetcher(profile);
    if (!pinned)
        fetcher.setGroupSource(std::make_shared<HintingGroupSource>(scale));
    const std::atomic_bool cancelled{false};
    const qint64 expectedRows =
        static_cast<qint64>(scale.groups) * std::min(scale.partitionsPerGroup, scale.topics * scale.partitions);
    const qint64 expectedPartitions = static_cast<qint64>(scale.topics) * scale.partitions;

    auto measure = [&](qint64 *rows, qint64 *partitionsWithHw, QStringList *errors) {
        QElapsedTimer timer;
        timer.start();
        bool ok = false;
        const ClusterSnapshot s = fetcher.fetch(SnapshotFetcher::Options(), cancelled, &ok);
        const qint64 ms = timer.elapsed();
        *rows = 0;
        *partitionsWithHw = 0;
        for (const GroupInfo &g : s.groups)
            *rows += std::count_if(g.offsets.cbegin(), g.offsets.cend(),
                                   [](const CommittedOffset &o) { return o.offset >= 0; });
        for (const TopicInfo &t : s.topics)
            *partitionsWithHw += std::count_if(t.partitions.cbegin(), t.partitions.cend(), [&](const PartitionInfo &p) {
                return p.highWatermark == scale.messages;
            });
        *errors = s.errors;
        return ok ? ms : -1;
    };

    std::printf("mode=%s\n", qPrintable(mode));
    qint64 rows = 0;
    qint64 withHw = 0;
    QStringList errors;
    const qint64 warmup = measure(&rows, &withHw, &errors);
    std::printf(
        "warmup_ms=%lld (first refresh: connections, coordinator lookups, learning what the cluster supports)\n",
        static_cast<long long>(warmup));
    std::vector<qint64> times;
    bool correct = warmup >= 0;
    for (int run = 0; run < scale.runs; ++run) {
        const qint64 ms = measure(&rows, &withHw, &errors);
        times.push_back(ms);
        correct = correct && ms >= 0 && rows == expectedRows && withHw == expectedPartitions;
        std::printf("run=%d refresh_ms=%lld rows=%lld partitions_with_hw=%lld\n", run + 1, static_cast<long long>(ms),
                    static_cast<long long>(rows), static_cast<long long>(withHw));
    }
    std::sort(times.begin(), times.end());
    const qint64 median = times.empty() ? -1 : times[times.size() / 2];
    const qint64 maximum = times.empty() ? -1 : times.back();
    std::printf("refresh_median_ms=%lld\nrefresh_max_ms=%lld\n", static_cast<long long>(median),
                static_cast<long long>(maximum));
    std::printf("rows_fetched=%lld (expected %lld)\npartitions=%lld groups=%d\n", static_cast<long long>(rows),
                static_cast<long long>(expectedRows), static_cast<long long>(expectedPartitions), scale.groups);
    std::printf("peak_rss_kb=%ld\n", peakRssKb());
    std::printf("target_lt_1000ms=%s\n", (median >= 0 && median < 1000) ? "met" : "NOT met");
    for (const QString &error : std::as_const(errors)) {
        if (!error.contains(QLatin1StringView("ListGroups")))
            std::printf("error: %s\n", qPrintable(error));
    }
    if (!correct)
        std::printf("result=WRONG (rows or watermarks differ from what the cluster holds)\n");
    return correct;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times full OffsetLens refreshes against a mock cluster."));
    parser.addHelpOption();
    const QCommandLineOption topics(QStringLiteral("topics"), QStringLiteral("Topics."), QStringLiteral("n"),
                                    QStringLiteral("100"));
    const QCommandLineOption partitions(QStringLiteral("partitions"), QStringLiteral("Partitions per topic."),
                                        QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption groups(QStringLiteral("groups"), QStringLiteral("Consumer groups."), QStringLiteral("n"),
                                    QStringLiteral("200"));
    const QCommandLineOption perGroup(QStringLiteral("partitions-per-group"),
                                      QStringLiteral("Committed partitions per group."), QStringLiteral("n"),
                                      QStringLiteral("200"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Timed refreshes per mode."),
                                  QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("both, pinned or hints."),
                                  QStringLiteral("mode"), QStringLiteral("both"));
    parser.addOptions({topics, partitions, groups, perGroup, runs, mode});
    parser.process(app);

    Scale scale;
    scale.topics = std::max(parser.value(topics).toInt(), 1);
    scale.partitions = std::max(parser.value(partitions).toInt(), 1);
    scale.groups = std::max(parser.value(groups).toInt(), 0);
    scale.partitionsPerGroup = std::max(parser.value(perGroup).toInt(), 1);
    scale.runs = std::max(parser.value(runs).toInt(), 1);
    scale.messages = 3;
    std::printf("scale: %d topics x %d partitions = %d partitions, %d groups x %d committed partitions, %d cores\n",
                scale.topics, scale.partitions, scale.topics * scale.partitions, scale.groups, scale.partitionsPerGroup,
                static_cast<int>(std::thread::hardware_concurrency()));

    Test::MockCluster mock(3);
    if (!mock.isValid() || !populate(mock, scale)) {
        std::fprintf(stderr, "could not set up the mock cluster\n");
        return 2;
    }
    const QString which = parser.value(mode);
    bool correct = true;
    if (which == QLatin1StringView("both") || which == QLatin1StringView("hints"))
        correct = runMode(QStringLiteral("hints"), mock, scale) && correct;
    if (which == QLatin1StringView("both") || which == QLatin1StringView("pinned"))
        correct = runMode(QStringLiteral("pinned"), mock, scale) && correct;
    return correct ? 0 : 1;
}
