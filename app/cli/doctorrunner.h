#pragma once

#include "cliformat.h"
#include "finding.h"

#include <QString>

namespace OffsetLens {

struct AppOptions;

// `offsetlens doctor`: the doctor panel's findings for one snapshot of the cluster, in the same words. Exit codes:
// 0 no finding at error severity, 1 at least one, 2 usage error (including an unknown --group), 3 the cluster could
// not be reached (or the demo not started), 130 interrupted.
int runDoctor(const AppOptions &options);

// The rules that need a lag history or the lag tracker's verdicts; one snapshot gives them nothing to go on.
QList<FindingRule> doctorRulesNeedingHistory();

// The report for findings already computed; pure. Text: findingsAsText plus a note naming the rules that had no
// history. JSON: findingsAsJson plus "group" (the --group filter or null) and "withoutHistory" (those rule ids).
CliOutput formatDoctor(const QList<Finding> &findings, OutputFormat format, const QString &groupFilter);
int doctorExitCode(const QList<Finding> &findings);

} // namespace OffsetLens
