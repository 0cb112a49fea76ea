#pragma once

#include "resetplan.h"

#include <QByteArray>

namespace OffsetLens {

// kafka-consumer-groups' reset CSV: `topic,partition,offset` (one group) or `group,topic,partition,offset`
// (several), no header. Parsing is strict and says where: "line 3: expected 3 or 4 columns, found 2". Empty lines
// and a UTF-8 BOM are accepted; numbers must be whole, in range, partition >= 0, offset >= 0; all rows must have
// the same column count. With 4 columns only rows of `groupId` become targets (the others are counted in warnings).
// Unknown topics or partitions are not checked here (no snapshot): the planner reports those with the line number.
struct ResetFileParse
{
    QList<OffsetTarget> targets; // with their line numbers
    int columns = 0;             // 3 or 4, 0 when nothing was read
    QStringList errors;          // non-empty: the file is rejected
    QStringList warnings;
};
ResetFileParse parseResetFile(const QByteArray &content, const QString &groupId);

// The CLI's `--export` CSV of plans, without header: 3 columns for one group, 4 for several. Failed rows are left
// out (the CLI would not have produced them).
QByteArray exportResetCsv(const QList<ResetPlan> &plans);

// The equivalent reference command: `kafka-consumer-groups.sh --bootstrap-server B --group G --reset-offsets
// <scope> <strategy> --dry-run`, quoted for a POSIX shell. FromGroup and Explicit plans have no such option: they
// are given as `--from-file plan.csv` (the exported plan).
QString referenceDryRunCommand(const ResetPlan &plan, const QString &bootstrapServers);

} // namespace OffsetLens
