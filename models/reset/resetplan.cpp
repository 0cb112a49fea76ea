#include "resetplan.h"

namespace OffsetLens {

ResetPlanSummary ResetPlan::summary() const
{
    ResetPlanSummary s;
    s.partitions = rows.size();
    for (const ResetPlanRow &row : rows) {
        if (row.lagBefore != kNoOffset)
            s.lagBefore += row.lagBefore;
        if (row.status == ResetRowStatus::Clamped)
            ++s.clamped;
        if (!row.writable()) {
            ++s.failed;
            // Nothing is written for a failed row, so its lag stays what it was.
            if (row.lagBefore != kNoOffset)
                s.lagAfter += row.lagBefore;
            continue;
        }
        if (row.lagAfter != kNoOffset)
            s.lagAfter += row.lagAfter;
        if (row.committedBefore == kNoOffset) {
            ++s.changed;
            ++s.withoutCommitBefore;
            continue;
        }
        if (row.target != row.committedBefore)
            ++s.changed;
        if (row.target < row.committedBefore)
            s.reconsumed += row.committedBefore - row.target;
        else
            s.skipped += row.target - row.committedBefore;
    }
    return s;
}

GroupOffsetsToWrite ResetPlan::toWrite() const
{
    GroupOffsetsToWrite write;
    write.groupId = request.groupId;
    for (const ResetPlanRow &row : rows) {
        if (row.writable())
            write.offsets.append({row.tp, row.target, QString()});
    }
    return write;
}

namespace {
// Strategies whose targets are defined by the log as it is when written (its ends, a time, another group's current
// commits): their targets may follow a live log between preview and write without changing what the user asked.
bool targetsFollowTheLog(ResetStrategyKind kind)
{
    switch (kind) {
    case ResetStrategyKind::ToEarliest:
    case ResetStrategyKind::ToLatest:
    case ResetStrategyKind::ToDateTime:
    case ResetStrategyKind::ByDuration:
    case ResetStrategyKind::FromGroup:
        return true;
    default:
        return false;
    }
}
} // namespace

bool ResetPlan::sameEffectAs(const ResetPlan &other) const
{
    // An invalid plan writes nothing, so it never vouches for another one.
    if (!isValid() || !other.isValid() || request != other.request || rows.size() != other.rows.size())
        return false;
    const bool follow = targetsFollowTheLog(request.strategy.kind);
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const ResetPlanRow &a = rows.at(i);
        const ResetPlanRow &b = other.rows.at(i);
        if (a.tp != b.tp || a.committedBefore != b.committedBefore || a.writable() != b.writable())
            return false;
        if (!follow && (a.target != b.target || a.status != b.status))
            return false;
    }
    return true;
}

QString resetRowStatusName(ResetRowStatus status)
{
    switch (status) {
    case ResetRowStatus::Changed:
        return QStringLiteral("changed");
    case ResetRowStatus::Unchanged:
        return QStringLiteral("unchanged");
    case ResetRowStatus::Clamped:
        return QStringLiteral("clamped");
    case ResetRowStatus::Failed:
        break;
    }
    return QStringLiteral("failed");
}

QString resetStrategyName(ResetStrategyKind kind)
{
    switch (kind) {
    case ResetStrategyKind::ToEarliest:
        return QStringLiteral("to earliest");
    case ResetStrategyKind::ToLatest:
        return QStringLiteral("to latest");
    case ResetStrategyKind::ToCurrent:
        return QStringLiteral("to current");
    case ResetStrategyKind::ToOffset:
        return QStringLiteral("to offset");
    case ResetStrategyKind::ShiftBy:
        return QStringLiteral("shift by");
    case ResetStrategyKind::ToDateTime:
        return QStringLiteral("to date-time");
    case ResetStrategyKind::ByDuration:
        return QStringLiteral("by duration");
    case ResetStrategyKind::FromFile:
        return QStringLiteral("from file");
    case ResetStrategyKind::FromGroup:
        return QStringLiteral("from group");
    case ResetStrategyKind::Explicit:
        break;
    }
    return QStringLiteral("explicit offsets");
}

} // namespace OffsetLens
