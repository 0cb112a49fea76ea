#pragma once

#include "cliformat.h"
#include "proberesult.h"

namespace OffsetLens {

struct AppOptions;

// `offsetlens test-connection`: the desktop app's "Test connection", step by step, in the same words. Exit codes:
// 0 connected, 1 the cluster could not be reached or refused the connection, 2 usage error, 3 connected but an
// operation failed (usually an authorization), 130 interrupted.
int runTestConnection(const AppOptions &options);

// The pieces of the text report (the command prints them as the steps finish) and the whole report; pure.
QString formatProbeHeader(const QString &bootstrapServers);
QString formatProbeStep(const ProbeStep &step);
QString formatProbeResult(const ProbeReport &report);
CliOutput formatProbeReport(const ProbeReport &report, OutputFormat format);
int probeExitCode(const ProbeReport &report);

} // namespace OffsetLens
