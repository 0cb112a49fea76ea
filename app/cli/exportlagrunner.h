#pragma once

#include "commandline.h"

namespace OffsetLens {

// export-lag's exit codes, in line with the other subcommands' (README, "Command line").
namespace ExportLagExit {
inline constexpr int Ok = 0;
inline constexpr int Failed = 1;      // the demo could not be started or read, or the history could not be opened
inline constexpr int Usage = 2;       // bad command line, or no profile of that name
inline constexpr int NoHistory = 3;   // nothing recorded for the group in the range
inline constexpr int WriteFailed = 5; // the file could not be written
inline constexpr int Interrupted = 130;
} // namespace ExportLagExit

// export-lag: a group's recorded lag history as a chart (PNG, JPG, PDF) or its plotted series (CSV), drawn by the
// desktop app's chart so that both look alike. --profile and --bootstrap read what the desktop app recorded for
// that cluster and never connect; --demo records the embedded demo first. Needs a QApplication (the chart is a
// widget, never shown). Returns an ExportLagExit code.
int runExportLag(const AppOptions &options);

} // namespace OffsetLens
