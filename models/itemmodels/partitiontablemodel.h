#pragma once

#include "keyedtablemodel.h"
#include "snapshotfacts.h"

namespace OffsetLens {

// The partitions of one topic (setTopic) as the latest snapshot saw them.
class PartitionTableModel : public KeyedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PartitionColumn,
        LeaderColumn,
        ReplicasColumn,
        IsrColumn,
        OfflineColumn,
        LogStartColumn,
        HighWatermarkColumn,
        LastStableColumn,
        MessagesColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole + 1, // numeric where the column is numeric
        HealthRole,                  // 0 ok, 1 warning (under-replicated), 2 error (leaderless or error)
        UnderReplicatedRole,         // bool
        LeaderlessRole,              // bool
        PartitionRole,               // partition id
    };

    explicit PartitionTableModel(QObject *parent = nullptr);

    // Switching topics, or clusters, resets the model (the rows are different items); applying a snapshot of the
    // same cluster updates in place.
    void setTopic(const QString &topic);
    QString topic() const { return m_topic; }
    void applySnapshot(const AnalyzedSnapshot &analyzed);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuild(bool reset);
    static quint8 carriedFlags(int column); // the CarriedOffset flags a column's value depends on

    QString m_topic;
    AnalyzedSnapshot m_snapshot;
    QList<qint32> m_keys;
    QList<PartitionInfo> m_rows;
};

} // namespace OffsetLens
