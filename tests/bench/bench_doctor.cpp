// Measures what the offset doctor costs the lag monitor's thread at every refresh: condensing the refresh into the
// doctor's memory and running every rule on every group, at the history benchmark's scale (40,000 committed
// partitions).
//
//   bench_doctor [--topics 200] [--partitions 100] [--groups 400] [--topics-per-group 1] [--refreshes 400]
//
// A synthetic cluster (half the groups Stable with two members, half Empty) whose HWs and commits move every
// refresh (5 s of simulated time apart), fed through LagTracker, DiagnosisMemory and diagnose() exactly as
// LagMonitor does. Printed: per-refresh times (median, 95th percentile, max) of the tracker, the memory and the
// diagnosis, the findings of the last refresh, and the samples the memory holds (its size in steady state).
#include "diagnose.h"
#include "diagnosismemory.h"
#include "lagtracker.h"
#include "testsnapshots.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

using namespace OffsetLens;

namespace {

struct Stats
{
    std::vector<double> ms;
    void add(qint64 ns) { ms.push_back(double(ns) / 1e6); }
    double at(double q)
    {
        std::sort(ms.begin(), ms.end());
        return ms.empty() ? 0 : ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))];
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption topicsOpt(QStringLiteral("topics"), QStringLiteral("topics"), QStringLiteral("n"),
                                       QStringLiteral("200"));
    const QCommandLineOption partitionsOpt(QStringLiteral("partitions"), QStringLiteral("partitions per topic"),
                                           QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption groupsOpt(QStringLiteral("groups"), QStringLiteral("groups"), QStringLiteral("n"),
                                       QStringLiteral("400"));
    const QCommandLineOption perGroupOpt(QStringLiteral("topics-per-group"), QStringLiteral("topics per group"),
                                         QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption refreshesOpt(QStringLiteral("refreshes"), QStringLiteral("refreshes"), QStringLiteral("n"),
                                          QStringLiteral("400"));
    parser.addOptions({topicsOpt, partitionsOpt, groupsOpt, perGroupOpt, refreshesOpt});
    parser.process(app);
    const int topics = parser.value(topicsOpt).toInt();
    const int partitions = parser.value(partitionsOpt).toInt();
    const int groups = parser.value(groupsOpt).toInt();
    const int perGroup = parser.value(perGroupOpt).toInt();
    const int refreshes = parser.value(refreshesOpt).toInt();

    LagTracker tracker;
    DiagnosisMemory memory;
    Stats trackerMs;
    Stats memoryMs;
    Stats diagnoseMs;
    qsizetype findings = 0;
    const ClusterSnapshot first = TestSnapshots::synthetic(topics, partitions, groups, perGroup, 0, 1);
    qint64 committedPartitions = 0;
    for (const GroupInfo &g : first.groups)
        committedPartitions += g.offsets.size();
    std::printf("bench_doctor: %d topics x %d partitions, %d groups, %lld committed partitions, %d refreshes\n", topics,
                partitions, groups, static_cast<long long>(committedPartitions), refreshes);
    for (int r = 0; r < refreshes; ++r) {
        // Offsets move 7 per refresh (the synthetic cluster's HWs and every 7th group's commits).
        ClusterSnapshot s =
            TestSnapshots::synthetic(topics, partitions, groups, perGroup, qint64(r) * 14, quint64(r + 1));
        s.takenAt = first.takenAt.addMSecs(qint64(r) * 5000);
        QElapsedTimer timer;
        timer.start();
        const QList<GroupSample> samples = samplesFromSnapshot(s);
        const ClusterLagStatus status = tracker.observe(samples, s.takenAt.toMSecsSinceEpoch());
        trackerMs.add(timer.nsecsElapsed());
        timer.restart();
        memory.observe(samples, s.takenAt.toMSecsSinceEpoch());
        memoryMs.add(timer.nsecsElapsed());
        timer.restart();
        DiagnosisInput input;
        input.snapshot = s;
        input.lagStatus = status.groups;
        input.history = memory.histories();
        findings = diagnose(input).size();
        diagnoseMs.add(timer.nsecsElapsed());
    }
    std::printf("  tracker (samples + health + time lag): median %.1f ms, p95 %.1f ms, max %.1f ms\n",
                trackerMs.at(0.5), trackerMs.at(0.95), trackerMs.at(1.0));
    std::printf("  doctor memory observe:                 median %.1f ms, p95 %.1f ms, max %.1f ms\n", memoryMs.at(0.5),
                memoryMs.at(0.95), memoryMs.at(1.0));
    std::printf("  diagnose (all rules, all groups):      median %.1f ms, p95 %.1f ms, max %.1f ms\n",
                diagnoseMs.at(0.5), diagnoseMs.at(0.95), diagnoseMs.at(1.0));
    std::printf("  findings at the last refresh: %lld; memory: %lld samples of %lld groups (%.1f per group)\n",
                static_cast<long long>(findings), static_cast<long long>(memory.sampleCount()),
                static_cast<long long>(memory.groupCount()),
                memory.groupCount() ? double(memory.sampleCount()) / double(memory.groupCount()) : 0.0);
    // Everything the lag monitor's thread keeps (tracker, memory, the last findings) and the synthetic snapshots.
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("  peak RSS: %ld kB\n", usage.ru_maxrss);
    return 0;
}
