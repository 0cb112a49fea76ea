#include "resetformat.h"

#include "numberformat.h"
#include "resetfile.h"
#include "tableprinter.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ResetFormat", text);
}

QJsonValue offsetJson(qint64 offset)
{
    return offset == kNoOffset ? QJsonValue() : QJsonValue(offset);
}

} // namespace

CliOutput formatResetPlans(const QList<ResetPlan> &plans, OutputFormat format, bool exportCsv)
{
    CliOutput output;
    if (exportCsv) {
        output.out = QString::fromUtf8(exportResetCsv(plans));
        return output;
    }
    if (format == OutputFormat::Json) {
        QJsonArray array;
        for (const ResetPlan &plan : plans) {
            QJsonArray rows;
            for (const ResetPlanRow &row : plan.rows) {
                rows.append(QJsonObject{{QStringLiteral("topic"), row.tp.topic},
                                        {QStringLiteral("partition"), row.tp.partition},
                                        {QStringLiteral("committedBefore"), offsetJson(row.committedBefore)},
                                        {QStringLiteral("newOffset"), offsetJson(row.target)},
                                        {QStringLiteral("logStartOffset"), offsetJson(row.logStartOffset)},
                                        {QStringLiteral("highWatermark"), offsetJson(row.highWatermark)},
                                        {QStringLiteral("lagBefore"), offsetJson(row.lagBefore)},
                                        {QStringLiteral("lagAfter"), offsetJson(row.lagAfter)},
                                        {QStringLiteral("status"), resetRowStatusName(row.status)},
                                        {QStringLiteral("note"), row.note}});
            }
            const ResetPlanSummary sum = plan.summary();
            array.append(
                QJsonObject{{QStringLiteral("group"), plan.request.groupId},
                            {QStringLiteral("state"), groupStateName(plan.groupState)},
                            {QStringLiteral("strategy"), resetStrategyName(plan.request.strategy.kind)},
                            {QStringLiteral("error"), plan.error},
                            {QStringLiteral("errorDetails"), QJsonArray::fromStringList(plan.errorDetails)},
                            {QStringLiteral("warnings"), QJsonArray::fromStringList(plan.warnings)},
                            {QStringLiteral("summary"), QJsonObject{{QStringLiteral("partitions"), sum.partitions},
                                                                    {QStringLiteral("changed"), sum.changed},
                                                                    {QStringLiteral("clamped"), sum.clamped},
                                                                    {QStringLiteral("failed"), sum.failed},
                                                                    {QStringLiteral("lagBefore"), sum.lagBefore},
                                                                    {QStringLiteral("lagAfter"), sum.lagAfter},
                                                                    {QStringLiteral("reconsumed"), sum.reconsumed},
                                                                    {QStringLiteral("skipped"), sum.skipped}}},
                            {QStringLiteral("partitions"), rows}});
        }
        output.out = QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return output;
    }
    // The reference CLI pads its reset table to 30, 30, 10 and 15 columns.
    TablePrinter table({{QStringLiteral("GROUP"), 30},
                        {QStringLiteral("TOPIC"), 30},
                        {QStringLiteral("PARTITION"), 10},
                        {QStringLiteral("NEW-OFFSET"), 15}});
    for (const ResetPlan &plan : plans) {
        for (const ResetPlanRow &row : plan.rows) {
            if (row.writable())
                table.addRow({plan.request.groupId, row.tp.topic, QString::number(row.tp.partition),
                              QString::number(row.target)});
        }
    }
    output.out = format == OutputFormat::Csv ? table.toCsv() : QLatin1Char('\n') + table.toText();
    return output;
}

QString formatResetPlanNotes(const ResetPlan &plan)
{
    QString err;
    const QString group = plan.request.groupId;
    if (!plan.isValid()) {
        err += tr("Error: group '%1': %2\n").arg(group, plan.error);
        for (const QString &detail : plan.errorDetails) {
            if (detail != plan.error)
                err += QStringLiteral("  %1\n").arg(detail);
        }
    }
    for (const QString &warning : plan.warnings)
        err += tr("Warning: group '%1': %2\n").arg(group, warning);
    for (const ResetPlanRow &row : plan.rows) {
        if (row.status == ResetRowStatus::Failed)
            err += tr("Error: %1: %2 (not written)\n").arg(partitionName(row.tp), row.note);
        else if (!row.note.isEmpty())
            err += tr("Note: %1: %2\n").arg(partitionName(row.tp), row.note);
    }
    return err;
}

QString formatResetPermission(const ResetPermission &permission)
{
    QString err;
    if (!permission.allowed) {
        err += tr("Error: %1\n").arg(permission.reason);
        for (const QString &member : permission.members)
            err += QStringLiteral("  %1\n").arg(member);
        if (!permission.howToStop.isEmpty())
            err += permission.howToStop + QLatin1Char('\n');
    }
    for (const QString &warning : permission.warnings)
        err += tr("Warning: %1\n").arg(warning);
    return err;
}

QString formatResetApplyResult(const ResetApplyResult &result)
{
    QString err = result.summary() + QLatin1Char('\n');
    if (result.kind == ResetApplyResult::Kind::Refused)
        err += formatResetPermission(result.permission);
    if (result.kind != ResetApplyResult::Kind::Applied)
        return err;
    for (const GroupWriteResult &group : result.report.groups) {
        if (!group.error.isEmpty())
            err += tr("  group '%1': %2\n").arg(group.groupId, group.error);
        for (const PartitionWriteResult &p : group.partitions) {
            if (p.outcome == WriteOutcome::Confirmed)
                continue;
            err += QStringLiteral("  %1: %2").arg(partitionName(p.tp), writeOutcomeName(p.outcome));
            if (p.readBack != kNoOffset && p.readBack != p.requested)
                err += tr(", committed offset is now %1").arg(p.readBack);
            if (!p.error.isEmpty())
                err += QStringLiteral(": %1").arg(p.error);
            err += QLatin1Char('\n');
        }
    }
    return err;
}

CliOutput formatDeleteOffsetsPlan(const QString &groupId, const QList<std::pair<TopicPartition, qint64>> &rows,
                                  OutputFormat format)
{
    CliOutput output;
    TablePrinter table({{QStringLiteral("GROUP"), 30},
                        {QStringLiteral("TOPIC"), 30},
                        {QStringLiteral("PARTITION"), 10},
                        {QStringLiteral("CURRENT-OFFSET"), 15}});
    for (const auto &[tp, offset] : rows)
        table.addRow({groupId, tp.topic, QString::number(tp.partition),
                      offset == kNoOffset ? QString() : QString::number(offset)});
    output.out = format == OutputFormat::Csv ? table.toCsv() : QLatin1Char('\n') + table.toText();
    return output;
}

QString formatDeleteOffsetsResult(const DeleteOffsetsResult &result)
{
    QString err = result.summary() + QLatin1Char('\n');
    for (const PartitionDeleteResult &p : result.partitions) {
        if (!p.deleted)
            err += QStringLiteral("  %1: %2\n").arg(partitionName(p.tp), p.error);
    }
    return err;
}

} // namespace OffsetLens
