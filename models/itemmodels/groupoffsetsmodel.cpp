#include "groupoffsetsmodel.h"

#include "carryforward.h"
#include "numberformat.h"

#include <QLocale>

#include <limits>
#include <type_traits>

namespace OffsetLens {

namespace {
QString dash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

// Calls f with the value a column sorts by: a qint64 where the column is numeric (or an enum), else a QString;
// nullptr for a column that does not exist. The sort role and rowLessThan both read it, so the two orders cannot
// drift apart.
template <typename F> auto withSortValue(const DescribeRow &row, int column, F f)
{
    switch (column) {
    case GroupOffsetsModel::TopicColumn:
        return f(row.tp.topic);
    case GroupOffsetsModel::PartitionColumn:
        return f(qint64(row.tp.partition));
    case GroupOffsetsModel::CurrentOffsetColumn:
        return f(row.currentOffset);
    case GroupOffsetsModel::LogEndOffsetColumn:
        return f(row.logEndOffset);
    case GroupOffsetsModel::LagColumn:
        // Rows without a lag value sort below every real lag, negative ones included.
        return f(row.lag.lag ? *row.lag.lag : std::numeric_limits<qint64>::min());
    case GroupOffsetsModel::ConsumerIdColumn:
        return f(row.consumerId);
    case GroupOffsetsModel::HostColumn:
        return f(row.host);
    case GroupOffsetsModel::ClientIdColumn:
        return f(row.clientId);
    case GroupOffsetsModel::LogStartColumn:
        return f(row.logStartOffset);
    case GroupOffsetsModel::PositionColumn:
        return f(row.position);
    case GroupOffsetsModel::StatusColumn:
        return f(qint64(row.lag.status));
    case GroupOffsetsModel::MetadataColumn:
        return f(row.metadata);
    }
    return f(nullptr);
}

bool isNumeric(int column)
{
    switch (column) {
    case GroupOffsetsModel::PartitionColumn:
    case GroupOffsetsModel::CurrentOffsetColumn:
    case GroupOffsetsModel::LogEndOffsetColumn:
    case GroupOffsetsModel::LagColumn:
    case GroupOffsetsModel::LogStartColumn:
    case GroupOffsetsModel::PositionColumn:
        return true;
    default:
        return false;
    }
}
} // namespace

GroupOffsetsModel::GroupOffsetsModel(QObject *parent)
    : KeyedTableModel(parent)
{}

void GroupOffsetsModel::setGroup(const QString &groupId)
{
    if (groupId == m_group)
        return;
    m_group = groupId;
    rebuild(true);
}

void GroupOffsetsModel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    const bool otherCluster = analyzed.snapshot().profileId != m_snapshot.snapshot().profileId;
    m_snapshot = analyzed;
    rebuild(otherCluster);
}

void GroupOffsetsModel::rebuild(bool reset)
{
    QList<DescribeRow> rows;
    const ClusterSnapshot &snapshot = m_snapshot.snapshot();
    if (const GroupInfo *group = snapshot.findGroup(m_group))
        rows = describeGroup(snapshot, *group);
    QList<TopicPartition> keys;
    keys.reserve(rows.size());
    for (const DescribeRow &row : std::as_const(rows))
        keys.append(row.tp);
    replaceRows(m_keys, m_rows, keys, rows, reset);
}

int GroupOffsetsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GroupOffsetsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool GroupOffsetsModel::dependsOnOffsets(int column)
{
    return column == CurrentOffsetColumn || column == LogEndOffsetColumn || column == LagColumn ||
           column == LogStartColumn || column == StatusColumn;
}

QVariant GroupOffsetsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DescribeRow &row = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TopicColumn:
            return row.tp.topic;
        case PartitionColumn:
            return QString::number(row.tp.partition);
        case CurrentOffsetColumn:
            return formatOffset(row.currentOffset);
        case LogEndOffsetColumn:
            return formatOffset(row.logEndOffset);
        case LagColumn:
            return row.lag.lag ? QLocale().toString(*row.lag.lag) : QStringLiteral("-");
        case ConsumerIdColumn:
            return dash(row.consumerId);
        case HostColumn:
            return dash(row.host);
        case ClientIdColumn:
            return dash(row.clientId);
        case LogStartColumn:
            return formatOffset(row.logStartOffset);
        case PositionColumn:
            return formatOffset(row.position);
        case StatusColumn:
            return offsetStatusText(row.lag.status);
        case MetadataColumn:
            return row.metadata;
        }
        break;
    case CarriedFromRole:
        return row.carriedFromMs != 0 && dependsOnOffsets(column) ? row.carriedFromMs : qint64(0);
    case Qt::ToolTipRole: {
        if (row.carriedFromMs != 0 && dependsOnOffsets(column))
            return carriedNote(row.carriedFromMs);
        const QString tip = toolTip(row, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return alignment(isNumeric(column));
    case SortRole:
        return withSortValue(row, column, [](const auto &value) -> QVariant {
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::nullptr_t>)
                return {};
            else
                return value;
        });
    case HealthRole:
        switch (row.lag.status) {
        case OffsetStatus::BelowLogStart:
        case OffsetStatus::AheadOfHighWatermark:
        case OffsetStatus::UnknownWatermark:
            return 1;
        case OffsetStatus::Normal:
        case OffsetStatus::NoCommit:
            break;
        }
        return 0;
    case OffsetStatusRole:
        return int(row.lag.status);
    case TopicNameRole:
        return row.tp.topic;
    case PartitionRole:
        return row.tp.partition;
    case DeletedMessagesRole:
        return row.lag.deletedMessages;
    default:
        break;
    }
    return {};
}

QString GroupOffsetsModel::toolTip(const DescribeRow &row, int column) const
{
    switch (row.lag.status) {
    case OffsetStatus::BelowLogStart:
        return tr("Offset out of range: the committed offset %1 is below the log start %2. Retention already "
                  "deleted %3 messages this group never read; the consumer will get OFFSET_OUT_OF_RANGE and "
                  "reset according to auto.offset.reset. LAG still counts them, as kafka-consumer-groups does.")
            .arg(formatOffset(row.currentOffset), formatOffset(row.logStartOffset),
                 formatCount(row.lag.deletedMessages));
    case OffsetStatus::AheadOfHighWatermark:
        return tr("Offset out of range: the committed offset %1 is beyond the high watermark %2, so the lag is "
                  "negative (was the topic deleted and recreated?).")
            .arg(formatOffset(row.currentOffset), formatOffset(row.logEndOffset));
    case OffsetStatus::UnknownWatermark:
        return tr("The high watermark could not be read (leaderless partition or a timeout): no lag value.");
    case OffsetStatus::NoCommit:
        if (column == CurrentOffsetColumn || column == LagColumn)
            return tr("The group has no committed offset for this partition: no lag value.");
        break;
    case OffsetStatus::Normal:
        break;
    }
    if (column == LogEndOffsetColumn)
        return tr("LOG-END-OFFSET here is the high watermark, as in kafka-consumer-groups.");
    if (column == PositionColumn && row.position < 0)
        return tr("Only the consumer itself knows its position; this source does not report it.");
    return {};
}

std::optional<bool> GroupOffsetsModel::rowLessThan(int leftRow, int rightRow, int column) const
{
    if (leftRow < 0 || rightRow < 0 || leftRow >= m_rows.size() || rightRow >= m_rows.size())
        return std::nullopt;
    const DescribeRow &right = m_rows[rightRow];
    // The comparison QSortFilterProxyModel makes of these values: qint64 by value, QString::compare case-sensitive.
    return withSortValue(m_rows[leftRow], column, [&](const auto &value) -> std::optional<bool> {
        using Value = std::decay_t<decltype(value)>;
        return withSortValue(right, column, [&](const auto &other) -> std::optional<bool> {
            if constexpr (std::is_same_v<Value, std::nullptr_t> ||
                          !std::is_same_v<std::decay_t<decltype(other)>, Value>)
                return std::nullopt;
            else if constexpr (std::is_same_v<Value, QString>)
                return value.compare(other, Qt::CaseSensitive) < 0;
            else
                return value < other;
        });
    });
}

QVariant GroupOffsetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CurrentOffsetColumn:
            return tr("Committed offset: the next offset the group reads after a restart or rebalance");
        case LogEndOffsetColumn:
            return tr("LOG-END-OFFSET here is the high watermark (HW), as in kafka-consumer-groups. The leader's "
                      "real log end offset is ≥ HW and is not reported to clients.");
        case LagColumn:
            return tr("LAG = high watermark − committed offset");
        case PositionColumn:
            return tr("The live consumer's position (next offset it fetches), where the source knows it");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TopicColumn:
        return QStringLiteral("TOPIC");
    case PartitionColumn:
        return QStringLiteral("PARTITION");
    case CurrentOffsetColumn:
        return QStringLiteral("CURRENT-OFFSET");
    case LogEndOffsetColumn:
        return QStringLiteral("LOG-END-OFFSET (HW)");
    case LagColumn:
        return QStringLiteral("LAG");
    case ConsumerIdColumn:
        return QStringLiteral("CONSUMER-ID");
    case HostColumn:
        return QStringLiteral("HOST");
    case ClientIdColumn:
        return QStringLiteral("CLIENT-ID");
    case LogStartColumn:
        return QStringLiteral("LOG-START");
    case PositionColumn:
        return QStringLiteral("POSITION");
    case StatusColumn:
        return QStringLiteral("STATUS");
    case MetadataColumn:
        return QStringLiteral("METADATA");
    }
    return {};
}

} // namespace OffsetLens
