#pragma once

#include "commandline.h"
#include "democluster.h"

namespace OffsetLens {

// The headless subcommands (describe, list-groups, topics) and --demo-broker. They share the session code
// (SnapshotFetcher) and the demo cluster with the GUI. Returns the process exit code.
int runHeadless(const AppOptions &options);

// The demo cluster the command line asks for (--seed, --demo-scale).
DemoCluster::Options demoOptions(const AppOptions &options);

} // namespace OffsetLens
