#pragma once

#include "describe.h"
#include "keyedtablemodel.h"
#include "snapshotfacts.h"

namespace OffsetLens {

// One consumer group's partitions in the layout of `kafka-consumer-groups --describe` (rows in the CLI's order),
// plus the columns the CLI leaves out. Rows are keyed by (topic, partition).
class GroupOffsetsModel : public KeyedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TopicColumn,
        PartitionColumn,
        CurrentOffsetColumn,
        LogEndOffsetColumn, // the CLI's LOG-END-OFFSET, which is the high watermark
        LagColumn,
        ConsumerIdColumn,
        HostColumn,
        ClientIdColumn,
        LogStartColumn,
        PositionColumn,
        StatusColumn,
        MetadataColumn, // the metadata string stored with the commit (often empty)
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole + 1, // numeric where the column is numeric
        HealthRole,                  // 0 ok, 1 warning (out of range, unknown HW), 2 error
        OffsetStatusRole,            // int(OffsetStatus)
        TopicNameRole,
        PartitionRole,
        DeletedMessagesRole, // BelowLogStart: committed offsets' messages retention already deleted
    };

    explicit GroupOffsetsModel(QObject *parent = nullptr);

    // Switching groups, or clusters, resets the model; applying a snapshot of the same cluster updates in place.
    void setGroup(const QString &groupId);
    QString group() const { return m_group; }
    void applySnapshot(const AnalyzedSnapshot &analyzed);

    const QList<DescribeRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    std::optional<bool> rowLessThan(int leftRow, int rightRow, int column) const override;

private:
    void rebuild(bool reset);
    QString toolTip(const DescribeRow &row, int column) const;
    static bool dependsOnOffsets(int column); // shows a committed offset or a watermark, or is computed from one

    QString m_group;
    AnalyzedSnapshot m_snapshot;
    QList<TopicPartition> m_keys;
    QList<DescribeRow> m_rows;
};

} // namespace OffsetLens
