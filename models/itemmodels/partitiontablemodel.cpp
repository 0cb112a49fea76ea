#include "partitiontablemodel.h"

#include "carryforward.h"
#include "numberformat.h"

namespace OffsetLens {

PartitionTableModel::PartitionTableModel(QObject *parent)
    : KeyedTableModel(parent)
{}

void PartitionTableModel::setTopic(const QString &topic)
{
    if (topic == m_topic)
        return;
    m_topic = topic;
    rebuild(true);
}

void PartitionTableModel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    const bool otherCluster = analyzed.snapshot().profileId != m_snapshot.snapshot().profileId;
    m_snapshot = analyzed;
    rebuild(otherCluster);
}

void PartitionTableModel::rebuild(bool reset)
{
    QList<qint32> keys;
    QList<PartitionInfo> rows;
    if (const TopicInfo *topic = m_snapshot.snapshot().findTopic(m_topic)) {
        rows = topic->partitions;
        keys.reserve(rows.size());
        for (const PartitionInfo &p : std::as_const(rows))
            keys.append(p.partition);
    }
    replaceRows(m_keys, m_rows, keys, rows, reset);
}

int PartitionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PartitionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

quint8 PartitionTableModel::carriedFlags(int column)
{
    switch (column) {
    case LogStartColumn:
        return CarriedLogStart;
    case HighWatermarkColumn:
        return CarriedHighWatermark;
    case LastStableColumn:
        return CarriedLastStable;
    case MessagesColumn:
        return CarriedLogStart | CarriedHighWatermark;
    default:
        return 0;
    }
}

QVariant PartitionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PartitionInfo &p = m_rows[index.row()];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case PartitionColumn:
            return QString::number(p.partition);
        case LeaderColumn:
            return p.leader < 0 ? tr("none") : QString::number(p.leader);
        case ReplicasColumn:
            return formatIdList(p.replicas);
        case IsrColumn:
            return formatIdList(p.isr);
        case OfflineColumn:
            return formatIdList(p.offlineReplicas);
        case LogStartColumn:
            return formatOffset(p.logStartOffset);
        case HighWatermarkColumn:
            return formatOffset(p.highWatermark);
        case LastStableColumn:
            return formatOffset(p.lastStableOffset);
        case MessagesColumn:
            return formatOffset(p.messageCount());
        case ErrorColumn:
            return p.error;
        }
        break;
    case CarriedFromRole:
        return carriedFlags(column) & p.carried ? p.carriedFromMs : qint64(0);
    case Qt::ToolTipRole:
        if (carriedFlags(column) & p.carried)
            return QStringList{carriedNote(p.carriedFromMs), p.error}.join(QLatin1Char('\n'));
        if (p.leader < 0)
            return tr("No leader: the partition cannot be read or written");
        if (p.isUnderReplicated())
            return tr("Under-replicated: %1 of %2 replicas are in sync").arg(p.isr.size()).arg(p.replicas.size());
        if (column == HighWatermarkColumn)
            return tr("High watermark: the end of what consumers can read (replicated to all in-sync replicas)");
        if (column == LastStableColumn)
            return tr("Last stable offset: the end for read_committed consumers (open transactions stop it)");
        if (column == MessagesColumn)
            return tr("Messages retained: high watermark − log start");
        if (column == ErrorColumn && !p.error.isEmpty())
            return p.error;
        break;
    case Qt::TextAlignmentRole:
        return alignment(column == PartitionColumn || column == LeaderColumn || column == LogStartColumn ||
                         column == HighWatermarkColumn || column == LastStableColumn || column == MessagesColumn);
    case SortRole:
        switch (column) {
        case PartitionColumn:
            return p.partition;
        case LeaderColumn:
            return p.leader;
        case ReplicasColumn:
            return qint64(p.replicas.size());
        case IsrColumn:
            return qint64(p.isr.size());
        case OfflineColumn:
            return qint64(p.offlineReplicas.size());
        case LogStartColumn:
            return p.logStartOffset;
        case HighWatermarkColumn:
            return p.highWatermark;
        case LastStableColumn:
            return p.lastStableOffset;
        case MessagesColumn:
            return p.messageCount();
        case ErrorColumn:
            return p.error;
        }
        break;
    case HealthRole:
        if (p.leader < 0 || !p.error.isEmpty())
            return 2;
        return p.isUnderReplicated() ? 1 : 0;
    case UnderReplicatedRole:
        return p.isUnderReplicated();
    case LeaderlessRole:
        return p.leader < 0;
    case PartitionRole:
        return p.partition;
    default:
        break;
    }
    return {};
}

QVariant PartitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == HighWatermarkColumn)
        return tr("High watermark (HW). The leader's log end offset (LEO) is ≥ HW and equal when all in-sync "
                  "replicas have caught up; brokers do not report the LEO to clients.");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PartitionColumn:
        return tr("Partition");
    case LeaderColumn:
        return tr("Leader");
    case ReplicasColumn:
        return tr("Replicas");
    case IsrColumn:
        return tr("ISR");
    case OfflineColumn:
        return tr("Offline");
    case LogStartColumn:
        return tr("Log start");
    case HighWatermarkColumn:
        return tr("High watermark");
    case LastStableColumn:
        return tr("Last stable");
    case MessagesColumn:
        return tr("Messages");
    case ErrorColumn:
        return tr("Error");
    }
    return {};
}

} // namespace OffsetLens
