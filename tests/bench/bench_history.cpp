// Measures the lag history store at the scale: 40,000 committed partitions recorded every 5 s.
//
//   bench_history [--groups 400] [--partitions-per-group 100] [--topics 200] [--days 7] [--live-hours 2]
//                 [--interval-ms 5000] [--path FILE] [--keep]
//
// A synthetic cluster (G groups, each committed on all partitions of two topics; topics of P/2 partitions) whose
// offsets move like real ones: a share of topics is idle, the rest produce at rates spread over four orders of
// magnitude; most groups commit behind the HW every refresh, some are stopped; retention moves the log start a
// segment at a time. Simulated time, written to a real file through LagHistoryDatabase, in two phases:
//
//   1. history: the refreshes of the `days` before the live phase that the default RetentionPolicy keeps in its
//      coarse tiers (one per 15 min, then per 5 min, then per minute), computed with samplesToKeep and recorded
//      directly.
//      Their database bytes give the bytes per refresh (nothing is deleted in this phase).
//   2. live: every refresh of the last `live-hours` at the full rate, maintain() every 5 simulated minutes as
//      the store runs it. Once the phase is past its first hour, each maintain thins what aged past an hour, so
//      the last runs show the steady state: insert time per refresh, maintain time, database size.
//
// Each refresh records the groups' samples and the topics' (every partition's HW and log start), as the app does.
//
// Printed: insert time per refresh (record(), and samplesFromSnapshot() apart), encoded and database bytes per
// refresh, the size one day of history would take at the full rate (no downsampling), the steady-state size with
// the default policy (computed from bytes per refresh, and as measured at the end of the run), maintain() times
// and open() time (its integrity check reads the whole file).
#include "downsample.h"
#include "laghistorydatabase.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace OffsetLens;

namespace {

constexpr qint64 kSecondMs = 1000;
constexpr qint64 kMinuteMs = 60 * kSecondMs;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;

struct Options
{
    int groups = 400;
    int partitionsPerGroup = 100;
    int topics = 200;
    double days = 7;
    double liveHours = 2;
    qint64 intervalMs = 5000;
    QString path;
    bool keep = false;
};

// The cluster's offsets over simulated time. State is kept in doubles (rates are fractional), the snapshot holds
// the integer offsets a broker would report.
class SyntheticCluster
{
public:
    explicit SyntheticCluster(const Options &options)
        : m_random(20261123)
    {
        const int partitionsPerTopic = std::max(1, options.partitionsPerGroup / 2);
        m_snapshot.profileId = QStringLiteral("bench");
        for (int t = 0; t < options.topics; ++t) {
            TopicInfo topic;
            topic.name = QStringLiteral("bench.topic-%1").arg(t, 3, 10, QLatin1Char('0'));
            // 40 % idle; the others at 0.1 … 1,000 messages/s per partition, log-uniform.
            const double rate =
                m_random.bounded(100) < 40 ? 0.0 : std::pow(10.0, -1.0 + 4.0 * m_random.generateDouble());
            const double base = std::pow(10.0, 3.0 + 6.0 * m_random.generateDouble()); // 1e3 … 1e9 messages
            for (int p = 0; p < partitionsPerTopic; ++p) {
                PartitionInfo info;
                info.partition = p;
                Lane lane;
                lane.rate = rate * (0.8 + 0.4 * m_random.generateDouble());
                lane.hw = base * (0.99 + 0.02 * m_random.generateDouble()); // partitions within 1 % of each other
                lane.logStart = lane.rate > 0 ? lane.hw * 0.6 : 0;
                m_lanes.push_back(lane);
                topic.partitions.append(info);
            }
            m_snapshot.topics.append(topic);
        }
        for (int g = 0; g < options.groups; ++g) {
            GroupInfo group;
            group.groupId = QStringLiteral("bench.group-%1").arg(g, 3, 10, QLatin1Char('0'));
            group.state = GroupState::Stable;
            Consumer consumer;
            consumer.stopped = m_random.bounded(100) < 15;
            if (consumer.stopped)
                group.state = GroupState::Empty;
            else
                group.members.append(GroupMember{
                    QStringLiteral("member-%1").arg(g), {}, QStringLiteral("client"), QStringLiteral("/10.0.0.1"), {}});
            // Two topics, neighbours of each other; each topic is read by about four groups.
            for (int k = 0; k < 2; ++k) {
                const int t = (g / 2 + k * (options.topics / 2)) % options.topics;
                for (int p = 0; p < partitionsPerTopic; ++p) {
                    CommittedOffset offset;
                    offset.tp = {m_snapshot.topics.at(t).name, p};
                    group.offsets.append(offset);
                    const int lane = t * partitionsPerTopic + p;
                    consumer.lanes.append(lane);
                    consumer.committed.append(std::floor(m_lanes[lane].hw) - (consumer.stopped ? 5000 : 10));
                }
            }
            std::vector<int> order(group.offsets.size());
            for (int i = 0; i < int(order.size()); ++i)
                order[i] = i;
            std::sort(order.begin(), order.end(),
                      [&](int a, int b) { return group.offsets.at(a).tp < group.offsets.at(b).tp; });
            GroupInfo sorted = group;
            Consumer sortedConsumer = consumer;
            for (int i = 0; i < int(order.size()); ++i) {
                sorted.offsets[i] = group.offsets.at(order[i]);
                sortedConsumer.lanes[i] = consumer.lanes.at(order[i]);
                sortedConsumer.committed[i] = consumer.committed.at(order[i]);
            }
            m_snapshot.groups.append(sorted);
            m_consumers.push_back(sortedConsumer);
        }
        std::sort(m_snapshot.groups.begin(), m_snapshot.groups.end(),
                  [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });
    }

    qsizetype committedPartitions() const
    {
        qsizetype n = 0;
        for (const Consumer &c : m_consumers)
            n += c.lanes.size();
        return n;
    }

    // Moves the cluster on by `dtMs` and returns its snapshot at `timeMs`.
    const ClusterSnapshot &advance(qint64 timeMs, qint64 dtMs)
    {
        const double seconds = double(dtMs) / 1000.0;
        for (Lane &lane : m_lanes) {
            if (lane.rate <= 0)
                continue;
            lane.hw += lane.rate * seconds * (0.5 + m_random.generateDouble());
            // Retention: a segment (an hour of traffic) goes once more than a day of it is kept.
            const double segment = std::max(1.0, lane.rate * 3600);
            while (lane.hw - lane.logStart > 25 * segment)
                lane.logStart += segment;
        }
        for (Consumer &consumer : m_consumers) {
            if (consumer.stopped)
                continue;
            for (qsizetype i = 0; i < consumer.lanes.size(); ++i) {
                const Lane &lane = m_lanes[consumer.lanes.at(i)];
                // Commits trail the HW by up to one refresh of traffic (auto-commit every 5 s).
                const double lag = std::floor(lane.rate * 5 * m_random.generateDouble());
                consumer.committed[i] = std::max(consumer.committed.at(i), std::floor(lane.hw) - lag);
            }
        }
        m_snapshot.takenAt = QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC);
        int lane = 0;
        for (TopicInfo &topic : m_snapshot.topics) {
            for (PartitionInfo &info : topic.partitions) {
                info.highWatermark = qint64(m_lanes[lane].hw);
                info.logStartOffset = qint64(m_lanes[lane].logStart);
                ++lane;
            }
        }
        for (qsizetype g = 0; g < m_snapshot.groups.size(); ++g) {
            QList<CommittedOffset> &offsets = m_snapshot.groups[g].offsets;
            const Consumer &consumer = m_consumers[g];
            for (qsizetype i = 0; i < offsets.size(); ++i)
                offsets[i].offset = qint64(consumer.committed.at(i));
        }
        return m_snapshot;
    }

private:
    struct Lane
    {
        double rate = 0;
        double hw = 0;
        double logStart = 0;
    };
    struct Consumer
    {
        bool stopped = false;
        QList<int> lanes;
        QList<double> committed;
    };
    QRandomGenerator m_random;
    std::vector<Lane> m_lanes;
    std::vector<Consumer> m_consumers; // in the snapshot's group order
    ClusterSnapshot m_snapshot;
};

// Bytes of the database's pages in use (the file minus its free pages) and of the whole file plus WAL.
struct Size
{
    qint64 live = 0;
    qint64 file = 0;
};

Size measure(const QString &path, const LagHistoryDatabase &db)
{
    Size size;
    size.file = db.fileSizeBytes();
    {
        QSqlDatabase side = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-side"));
        side.setDatabaseName(path);
        if (side.open()) {
            QSqlQuery query(side);
            const auto pragma = [&](const QString &name) {
                return query.exec(QStringLiteral("PRAGMA ") + name) && query.next() ? query.value(0).toLongLong() : 0;
            };
            size.live = (pragma(QStringLiteral("page_count")) - pragma(QStringLiteral("freelist_count"))) *
                        pragma(QStringLiteral("page_size"));
        }
        side.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-side"));
    return size;
}

struct Stats
{
    std::vector<double> values;
    void add(double v) { values.push_back(v); }
    double at(double q) const
    {
        if (values.empty())
            return 0;
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, size_t(q * double(sorted.size())))];
    }
    double max() const { return values.empty() ? 0 : *std::max_element(values.begin(), values.end()); }
    double mean() const
    {
        double sum = 0;
        for (double v : values)
            sum += v;
        return values.empty() ? 0 : sum / double(values.size());
    }
};

double mib(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption groupsOption(QStringLiteral("groups"), QStringLiteral("Consumer groups."),
                                          QStringLiteral("n"), QStringLiteral("400"));
    const QCommandLineOption perGroupOption(QStringLiteral("partitions-per-group"),
                                            QStringLiteral("Committed partitions per group (two topics)."),
                                            QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption topicsOption(QStringLiteral("topics"), QStringLiteral("Topics."), QStringLiteral("n"),
                                          QStringLiteral("200"));
    const QCommandLineOption daysOption(QStringLiteral("days"),
                                        QStringLiteral("Simulated history before the live phase."),
                                        QStringLiteral("days"), QStringLiteral("7"));
    const QCommandLineOption liveOption(QStringLiteral("live-hours"),
                                        QStringLiteral("Simulated hours at the full refresh rate."),
                                        QStringLiteral("hours"), QStringLiteral("2"));
    const QCommandLineOption intervalOption(QStringLiteral("interval-ms"), QStringLiteral("Refresh interval."),
                                            QStringLiteral("ms"), QStringLiteral("5000"));
    const QCommandLineOption pathOption(
        QStringLiteral("path"), QStringLiteral("Database file (default: a temporary one)."), QStringLiteral("file"));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("Keep the temporary database."));
    parser.addOptions(
        {groupsOption, perGroupOption, topicsOption, daysOption, liveOption, intervalOption, pathOption, keepOption});
    parser.process(app);

    Options options;
    options.groups = std::max(1, parser.value(groupsOption).toInt());
    options.partitionsPerGroup = std::max(2, parser.value(perGroupOption).toInt());
    options.topics = std::max(2, parser.value(topicsOption).toInt());
    options.days = std::max(0.0, parser.value(daysOption).toDouble());
    options.liveHours = std::max(0.01, parser.value(liveOption).toDouble());
    options.intervalMs = std::max<qint64>(100, parser.value(intervalOption).toLongLong());
    options.keep = parser.isSet(keepOption);

    QTemporaryDir dir;
    dir.setAutoRemove(!options.keep);
    const QString path =
        parser.isSet(pathOption) ? parser.value(pathOption) : dir.filePath(QStringLiteral("bench-history.sqlite"));
    const RetentionPolicy policy;
    SyntheticCluster cluster(options);
    std::printf("cluster: %d groups, %lld committed partitions, %d topics; a refresh every %lld ms\n", options.groups,
                static_cast<long long>(cluster.committedPartitions()), options.topics,
                static_cast<long long>(options.intervalMs));
    std::printf("database: %s\n", qPrintable(path));

    LagHistoryDatabase db;
    const HistoryOpenResult opened = db.open(path);
    if (!opened.ok || opened.path.isEmpty()) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(opened.message));
        return 1;
    }

    // Simulated clock: the live phase ends at `end`; the history phase covers `days` before it starts.
    const qint64 end = 1800000000000LL;
    const qint64 liveStart = end - qint64(options.liveHours * double(kHourMs));
    const qint64 historyStart = liveStart - qint64(options.days * double(kDayMs));
    std::vector<qint64> historyTimes;
    {
        // Which full-rate refreshes the policy keeps in its coarse tiers, as of the live phase's start.
        QList<qint64> all;
        for (qint64 t = historyStart; t < liveStart - kHourMs; t += options.intervalMs)
            all.append(t);
        for (const qsizetype i : samplesToKeep(all, liveStart, policy))
            historyTimes.push_back(all.at(i));
    }

    Stats convertMs;
    Stats recordMs;
    Stats liveRecordMs;
    qint64 encodedBytes = 0;
    qint64 snapshots = 0;
    QString error;
    qint64 partitionsPerRefresh = 0; // committed partitions plus topic partitions
    const auto recordAt = [&](qint64 timeMs, qint64 dtMs, Stats *stats) {
        const ClusterSnapshot &snapshot = cluster.advance(timeMs, dtMs);
        QElapsedTimer timer;
        timer.start();
        const QList<GroupSample> samples = samplesFromSnapshot(snapshot);
        const QList<GroupSample> topicSamples = topicSamplesFromSnapshot(snapshot); // as the store records them
        convertMs.add(msSince(timer));
        partitionsPerRefresh = 0;
        for (const QList<GroupSample> *list : {&samples, &topicSamples}) {
            for (const GroupSample &s : *list) {
                encodedBytes += encodeSampleValues(s.partitions).size();
                partitionsPerRefresh += s.partitions.size();
            }
        }
        timer.start();
        if (!db.record(samples, topicSamples, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            std::exit(1);
        }
        const double ms = msSince(timer);
        recordMs.add(ms);
        if (stats)
            stats->add(ms);
        ++snapshots;
    };

    // Phase 1: the coarse tiers, recorded directly.
    QElapsedTimer phase;
    phase.start();
    qint64 previous = historyStart - options.intervalMs;
    for (const qint64 t : historyTimes) {
        recordAt(t, t - previous, nullptr);
        previous = t;
    }
    const Size afterHistory = measure(path, db);
    const qint64 historySnapshots = snapshots;
    std::printf("\nphase 1 (history): %lld refreshes over %.1f days in %.1f s\n",
                static_cast<long long>(historySnapshots), options.days, msSince(phase) / 1000.0);

    // Phase 2: live, at the full rate, with maintenance as the store runs it.
    phase.start();
    Stats maintainMs;
    Stats steadyMaintainMs;
    qint64 steadyRemoved = 0;
    qint64 nextMaintain = liveStart + 5 * kMinuteMs;
    for (qint64 t = liveStart; t <= end; t += options.intervalMs) {
        recordAt(t, t - previous, &liveRecordMs);
        previous = t;
        if (t >= nextMaintain) {
            nextMaintain += 5 * kMinuteMs;
            QElapsedTimer timer;
            timer.start();
            const qint64 removed = db.maintain(t, policy, &error);
            const double ms = msSince(timer);
            if (removed < 0) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return 1;
            }
            maintainMs.add(ms);
            if (t - liveStart > kHourMs) {
                steadyMaintainMs.add(ms);
                steadyRemoved += removed;
            }
        }
    }
    std::printf("phase 2 (live): %lld refreshes over %.2f h in %.1f s\n",
                static_cast<long long>(snapshots - historySnapshots), options.liveHours, msSince(phase) / 1000.0);
    QString finalError;
    const qint64 finalRemoved = db.maintain(end, policy, &finalError);
    const Size atEnd = measure(path, db);

    // Bytes per refresh from phase 1, where nothing was deleted (without it, from the whole run, which is the same
    // while the live phase is shorter than an hour); the schema's own pages are negligible.
    const double bytesPerSnapshot = historySnapshots > 0 ? double(afterHistory.live) / double(historySnapshots)
                                                         : double(atEnd.live) / double(std::max<qint64>(1, snapshots));
    const qint64 encodedPerSnapshot = snapshots > 0 ? encodedBytes / snapshots : 0;
    const double perDay = double(kDayMs / options.intervalMs);
    // How many refreshes the policy keeps of a history that has run for the whole retention.
    qsizetype steadyCount = 0;
    {
        QList<qint64> all;
        for (qint64 t = end - policy.retentionMs; t <= end; t += options.intervalMs)
            all.append(t);
        steadyCount = samplesToKeep(all, end, policy).size();
    }

    std::printf("\ninsert time per refresh, record() at the full rate (ms): median %.1f, p95 %.1f, max %.1f, "
                "mean %.1f (%zu refreshes)\n",
                liveRecordMs.at(0.5), liveRecordMs.at(0.95), liveRecordMs.max(), liveRecordMs.mean(),
                liveRecordMs.values.size());
    std::printf("insert time per refresh, all phases (ms): median %.1f, max %.1f\n", recordMs.at(0.5), recordMs.max());
    std::printf("samplesFromSnapshot() per refresh (ms): median %.1f, max %.1f\n", convertMs.at(0.5), convertMs.max());
    std::printf("bytes per refresh: %lld encoded values (%.1f per recorded partition: %lld committed + %lld of "
                "topics), %.0f in the database\n",
                static_cast<long long>(encodedPerSnapshot),
                double(encodedPerSnapshot) / double(std::max<qint64>(1, partitionsPerRefresh)),
                static_cast<long long>(cluster.committedPartitions()),
                static_cast<long long>(partitionsPerRefresh - cluster.committedPartitions()), bytesPerSnapshot);
    std::printf("one day at the full rate, before downsampling: %.0f refreshes, %.1f MiB per day\n", perDay,
                mib(qint64(bytesPerSnapshot * perDay)));
    std::printf("steady state with the default policy (%.0f days): %lld refreshes kept, %.1f MiB computed\n",
                double(policy.retentionMs) / double(kDayMs), static_cast<long long>(steadyCount),
                mib(qint64(bytesPerSnapshot * double(steadyCount))));
    std::printf("measured at the end of the run: %.1f MiB in use, %.1f MiB file + WAL (%lld refreshes recorded, "
                "%lld rows removed by the final maintain)\n",
                mib(atEnd.live), mib(atEnd.file), static_cast<long long>(snapshots),
                static_cast<long long>(finalRemoved));
    std::printf("maintain() every 5 min (ms): median %.1f, max %.1f (%zu runs); past the first live hour: "
                "median %.1f, max %.1f, %lld rows removed in %zu runs\n",
                maintainMs.at(0.5), maintainMs.max(), maintainMs.values.size(), steadyMaintainMs.at(0.5),
                steadyMaintainMs.max(), static_cast<long long>(steadyRemoved), steadyMaintainMs.values.size());

    db.close();
    QElapsedTimer timer;
    timer.start();
    const HistoryOpenResult reopened = db.open(path);
    std::printf("open() of the final file, integrity check included: %.0f ms%s\n", msSince(timer),
                reopened.ok && !reopened.fresh ? "" : " (FAILED to reopen)");
    return reopened.ok && !reopened.fresh ? 0 : 1;
}
