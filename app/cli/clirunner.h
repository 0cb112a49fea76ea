#pragma once

#include "commandline.h"
#include "democluster.h"
#include "snapshotfetcher.h"

#include <atomic>
#include <cstdio>
#include <memory>

namespace OffsetLens {

// The headless subcommands (describe, list-groups, topics) and --demo-broker. They share the session code
// (SnapshotFetcher) and the demo cluster with the GUI. Returns the process exit code.
int runHeadless(const AppOptions &options);

// The demo cluster the command line asks for (--seed, --demo-scale).
DemoCluster::Options demoOptions(const AppOptions &options);

// The one cluster a subcommand talks to: --bootstrap, --profile, or the embedded demo (started here).
struct CliCluster
{
    ConnectionProfile profile;
    std::unique_ptr<DemoCluster> demo;
    std::shared_ptr<KafkaConnection> connection;
    std::unique_ptr<SnapshotFetcher> fetcher; // with the demo's group source for the demo
};
// 0, or the exit code after printing why not.
int openCliCluster(const AppOptions &options, CliCluster &cluster);
// One snapshot; on a demo that has just started, waits (up to 15 s) for its groups to settle first.
ClusterSnapshot fetchCliSnapshot(CliCluster &cluster, const SnapshotFetcher::Options &fetchOptions,
                                 const JobContext &context, bool *ok);
// Ctrl+C and SIGTERM set the returned flag, which the subcommands use as their jobs' cancel flag.
const std::atomic_bool &installInterruptHandler();
void printTo(FILE *stream, const QString &text);

} // namespace OffsetLens
