#include "brokertablemodel.h"

#include "numberformat.h"

namespace OffsetLens {

BrokerTableModel::BrokerTableModel(QObject *parent)
    : KeyedTableModel(parent)
{}

void BrokerTableModel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    const ClusterSnapshot &snapshot = analyzed.snapshot();
    QList<qint32> keys;
    QList<Row> rows;
    keys.reserve(snapshot.brokers.size());
    rows.reserve(snapshot.brokers.size());
    for (const BrokerInfo &broker : snapshot.brokers) {
        const BrokerLoad load = analyzed.facts().broker(broker.id);
        Row row{broker, load.partitionsLed, load.replicasHosted};
        // The snapshot's controller id is authoritative; the flag on the broker may not be filled in.
        row.broker.isController = broker.isController || broker.id == snapshot.controllerId;
        keys.append(broker.id);
        rows.append(row);
    }
    const bool otherCluster = snapshot.profileId != m_profileId;
    m_profileId = snapshot.profileId;
    replaceRows(m_keys, m_rows, keys, rows, otherCluster);
}

int BrokerTableModel::rowForBroker(qint32 id) const
{
    return int(m_keys.indexOf(id));
}

int BrokerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BrokerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BrokerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const BrokerInfo &b = row.broker;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return QString::number(b.id);
        case HostColumn:
            return b.host;
        case PortColumn:
            return QString::number(b.port);
        case RackColumn:
            return b.rack.isEmpty() ? QStringLiteral("—") : b.rack;
        case ControllerColumn:
            return b.isController ? tr("yes") : QString();
        case LeaderColumn:
            return formatCount(row.partitionsLed);
        case ReplicasColumn:
            return formatCount(row.replicasHosted);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == RackColumn && b.rack.isEmpty())
            return tr("Rack unknown: this client library does not report broker racks");
        break;
    case Qt::TextAlignmentRole:
        return alignment(index.column() == IdColumn || index.column() == PortColumn || index.column() == LeaderColumn ||
                         index.column() == ReplicasColumn);
    case SortRole:
        switch (index.column()) {
        case IdColumn:
            return b.id;
        case HostColumn:
            return b.host;
        case PortColumn:
            return b.port;
        case RackColumn:
            return b.rack;
        case ControllerColumn:
            return b.isController ? 1 : 0;
        case LeaderColumn:
            return row.partitionsLed;
        case ReplicasColumn:
            return row.replicasHosted;
        }
        break;
    case HealthRole:
        return 0;
    case BrokerIdRole:
        return b.id;
    default:
        break;
    }
    return {};
}

QVariant BrokerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("ID");
    case HostColumn:
        return tr("Host");
    case PortColumn:
        return tr("Port");
    case RackColumn:
        return tr("Rack");
    case ControllerColumn:
        return tr("Controller");
    case LeaderColumn:
        return tr("Partitions led");
    case ReplicasColumn:
        return tr("Replicas hosted");
    }
    return {};
}

} // namespace OffsetLens
