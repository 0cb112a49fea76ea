#include "resetplanmodel.h"

#include "numberformat.h"

#include <limits>

namespace OffsetLens {

namespace {
bool known(qint64 value)
{
    return value >= 0;
}

// A signed change with its sign always written, so "+20" and "-20" read as moves, not positions.
QString formatChange(qint64 change)
{
    if (change > 0)
        return QStringLiteral("+") + formatCount(change);
    return formatCount(change);
}
} // namespace

ResetPlanModel::ResetPlanModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ResetPlanModel::setPlan(const ResetPlan &plan)
{
    // A plan replaces the whole preview (rows come and go with the scope): a reset is simpler than a keyed diff and
    // previews are small.
    beginResetModel();
    m_plan = plan;
    m_outcomes.clear();
    m_hasReport = false;
    endResetModel();
}

void ResetPlanModel::setWriteReport(const OffsetWriteReport &report)
{
    m_outcomes.clear();
    for (const GroupWriteResult &group : report.groups) {
        for (const PartitionWriteResult &partition : group.partitions)
            m_outcomes.insert(partition.tp, partition);
    }
    m_hasReport = !report.groups.isEmpty();
    if (!m_plan.rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int ResetPlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_plan.rows.size());
}

int ResetPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ResetPlanModel::outcomeText(const PartitionWriteResult &result)
{
    QString text = writeOutcomeName(result.outcome);
    if (result.outcome == WriteOutcome::Differs && known(result.readBack))
        text += tr(": read back %1").arg(formatOffset(result.readBack));
    if (!result.error.isEmpty())
        text += QStringLiteral(": ") + result.error;
    return text;
}

int ResetPlanModel::outcomeHealth(WriteOutcome outcome)
{
    switch (outcome) {
    case WriteOutcome::Confirmed:
        return 0;
    case WriteOutcome::Accepted:
    case WriteOutcome::Differs:
    case WriteOutcome::Unknown:
        return 1;
    case WriteOutcome::Rejected:
    case WriteOutcome::NotSent:
        return 2;
    }
    return 2;
}

QString ResetPlanModel::noteText(const ResetPlanRow &row) const
{
    // The status is spelled out first so that a clamped or failed row is marked by words, not by colour alone.
    const QString status = resetRowStatusName(row.status);
    if (row.note.isEmpty())
        return status;
    if (row.note.startsWith(status, Qt::CaseInsensitive))
        return row.note; // "clamped from 900" says it already
    return status + QStringLiteral(" — ") + row.note;
}

int ResetPlanModel::health(const ResetPlanRow &row) const
{
    int health = 0;
    if (row.status == ResetRowStatus::Failed)
        health = 2;
    else if (row.status == ResetRowStatus::Clamped)
        health = 1;
    if (m_hasReport) {
        const auto it = m_outcomes.constFind(row.tp);
        // A failed row was never sent; otherwise a row without a result is as bad as a rejected one.
        const int outcome = it != m_outcomes.cend() ? outcomeHealth(it->outcome) : (row.writable() ? 2 : 0);
        health = qMax(health, outcome);
    }
    return health;
}

QVariant ResetPlanModel::sortValue(const ResetPlanRow &row, int column) const
{
    const bool hasChange = known(row.target) && known(row.committedBefore);
    switch (column) {
    case TopicColumn:
        return row.tp.topic;
    case PartitionColumn:
        return row.tp.partition;
    case BeforeColumn:
        return row.committedBefore;
    case TargetColumn:
        return row.target;
    case ChangeColumn:
        return hasChange ? row.target - row.committedBefore : std::numeric_limits<qint64>::min();
    case LogStartColumn:
        return row.logStartOffset;
    case HighWatermarkColumn:
        return row.highWatermark;
    case LagBeforeColumn:
        return row.lagBefore;
    case LagAfterColumn:
        return row.lagAfter;
    case NoteColumn:
        return noteText(row);
    }
    return {};
}

QVariant ResetPlanModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_plan.rows.size())
        return {};
    const ResetPlanRow &row = m_plan.rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TopicColumn:
            return row.tp.topic;
        case PartitionColumn:
            return QString::number(row.tp.partition);
        case BeforeColumn:
            return known(row.committedBefore) ? formatOffset(row.committedBefore) : tr("none");
        case TargetColumn:
            return formatOffset(row.target);
        case ChangeColumn:
            if (!known(row.target))
                return QStringLiteral("-");
            if (!known(row.committedBefore))
                return tr("new commit");
            return formatChange(row.target - row.committedBefore);
        case LogStartColumn:
            return formatOffset(row.logStartOffset);
        case HighWatermarkColumn:
            return formatOffset(row.highWatermark);
        case LagBeforeColumn:
            return formatCount(row.lagBefore);
        case LagAfterColumn:
            return formatCount(row.lagAfter);
        case NoteColumn:
            return noteText(row);
        case OutcomeColumn: {
            if (!m_hasReport)
                return QString();
            const auto it = m_outcomes.constFind(row.tp);
            if (it != m_outcomes.cend())
                return outcomeText(*it);
            return row.writable() ? tr("no result from the writer") : tr("not written (failed in the plan)");
        }
        }
        return {};
    case Qt::ToolTipRole:
        if (column == NoteColumn || column == OutcomeColumn)
            return data(index, Qt::DisplayRole);
        if (column == ChangeColumn && known(row.target) && known(row.committedBefore)) {
            const qint64 change = row.target - row.committedBefore;
            if (change < 0)
                return tr("%1 messages will be consumed again").arg(formatCount(-change));
            if (change > 0)
                return tr("%1 messages will be skipped").arg(formatCount(change));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == TopicColumn || column == NoteColumn || column == OutcomeColumn)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case SortRole:
        if (column == OutcomeColumn)
            return data(index, Qt::DisplayRole);
        return sortValue(row, column);
    case HealthRole:
        return health(row);
    case StatusRole:
        return int(row.status);
    case UnchangedRole:
        return row.status == ResetRowStatus::Unchanged;
    }
    return {};
}

QVariant ResetPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ChangeColumn:
            return tr("Target minus the committed offset: negative re-consumes messages, positive skips them");
        case HighWatermarkColumn:
            return tr("High watermark: what kafka-consumer-groups calls LOG-END-OFFSET");
        case LagAfterColumn:
            return tr("High watermark minus the target");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TopicColumn:
        return tr("Topic");
    case PartitionColumn:
        return tr("Partition");
    case BeforeColumn:
        return tr("Committed before");
    case TargetColumn:
        return tr("Target");
    case ChangeColumn:
        return tr("Change");
    case LogStartColumn:
        return tr("Log start");
    case HighWatermarkColumn:
        return tr("HW");
    case LagBeforeColumn:
        return tr("Lag before");
    case LagAfterColumn:
        return tr("Lag after");
    case NoteColumn:
        return tr("Note");
    case OutcomeColumn:
        return tr("Outcome");
    }
    return {};
}

} // namespace OffsetLens
