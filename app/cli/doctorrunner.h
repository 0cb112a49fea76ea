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

// Whether the diagnosis had the desktop app's recorded lag history of the cluster, and what it was.
struct DoctorHistoryUse
{
    bool used = false;
    QString note; // "lag history of profile 'prod' since 2026-11-20 10:00 UTC: 12 groups" or why there is none
};

// The report for findings already computed; pure. Text: findingsAsText plus a note on the history (and, without
// one, the rules that had nothing to go on). JSON: findingsAsJson plus "group" (the --group filter or null),
// "history" {"used", "note"} and "withoutHistory" (those rule ids; empty when the history was used).
CliOutput formatDoctor(const QList<Finding> &findings, OutputFormat format, const QString &groupFilter,
                       const DoctorHistoryUse &history = {});
int doctorExitCode(const QList<Finding> &findings);

} // namespace OffsetLens
