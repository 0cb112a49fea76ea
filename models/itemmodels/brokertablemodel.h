#pragma once

#include "keyedtablemodel.h"
#include "snapshotfacts.h"

namespace OffsetLens {

// The brokers of a snapshot, one row per broker id.
class BrokerTableModel : public KeyedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        HostColumn,
        PortColumn,
        RackColumn,
        ControllerColumn,
        LeaderColumn,   // partitions this broker leads
        ReplicasColumn, // partition replicas this broker hosts
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole + 1,
        HealthRole, // 0 ok, 1 warning, 2 error
        BrokerIdRole,
    };

    explicit BrokerTableModel(QObject *parent = nullptr);

    // A snapshot of another cluster than the last one resets the model (its rows are other brokers).
    void applySnapshot(const AnalyzedSnapshot &analyzed);
    int rowForBroker(qint32 id) const; // -1 when unknown

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        BrokerInfo broker;
        qint64 partitionsLed = 0;
        qint64 replicasHosted = 0;

        friend bool operator==(const Row &, const Row &) = default;
    };

    QString m_profileId;
    QList<qint32> m_keys;
    QList<Row> m_rows;
};

} // namespace OffsetLens
