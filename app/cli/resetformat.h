#pragma once

#include "cliformat.h"
#include "groupdelete.h"
#include "resetplan.h"
#include "resetresult.h"

namespace OffsetLens {

// Exit codes of reset-offsets, delete-offsets and delete-group (also in the README).
namespace ResetExit {
inline constexpr int Ok = 0;          // dry run printed, or everything written and confirmed
inline constexpr int Unreachable = 1; // the cluster could not be reached or read
inline constexpr int Usage = 2;       // bad command line
inline constexpr int PlanFailed = 3;  // the plan is invalid: missing or leaderless partition, bad file, unknown group
inline constexpr int Refused = 4;     // the group is active (or its state unknown): nothing written
inline constexpr int Partial = 5;     // written, but not every partition is confirmed (the report says which)
inline constexpr int Moved = 6;       // the offsets moved between planning and writing: nothing written
inline constexpr int Interrupted = 130;
} // namespace ResetExit

// The plans as kafka-consumer-groups prints them: GROUP TOPIC PARTITION NEW-OFFSET (text, csv) or, with
// `exportCsv`, its --export CSV; json carries every column of the preview. Failed rows are not printed as rows.
CliOutput formatResetPlans(const QList<ResetPlan> &plans, OutputFormat format, bool exportCsv);
// For stderr: the plan's error and details, its warnings, and one line per clamped, fallen-back or failed row.
QString formatResetPlanNotes(const ResetPlan &plan);
// For stderr: a refusal with the members and how to stop them, or the warnings of an allowed group.
QString formatResetPermission(const ResetPermission &permission);
// For stderr: what the write did, per partition where it did not go as asked.
QString formatResetApplyResult(const ResetApplyResult &result);

// delete-offsets: GROUP TOPIC PARTITION CURRENT-OFFSET (dry run) and the result per partition.
CliOutput formatDeleteOffsetsPlan(const QString &groupId, const QList<std::pair<TopicPartition, qint64>> &rows,
                                  OutputFormat format);
QString formatDeleteOffsetsResult(const DeleteOffsetsResult &result);

} // namespace OffsetLens
