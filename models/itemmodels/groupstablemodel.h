#pragma once

#include "keyedtablemodel.h"
#include "lagbadge.h"
#include "snapshotfacts.h"

namespace OffsetLens {

QString groupSourceName(GroupSourceKind source); // "Broker", "Pinned", "Demo"

// Overview of all consumer groups of a snapshot, one row per group id.
class GroupsTableModel : public KeyedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        GroupColumn,
        StateColumn,
        MembersColumn,
        PartitionsColumn,
        TotalLagColumn,
        LagHealthColumn, // Burrow's health over the recent refreshes, and alerts
        TimeLagColumn,   // the largest time lag, estimated from the HW history
        DoctorColumn,    // the offset doctor's findings: the worst severity and how many
        SourceColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole + 1,
        HealthRole, // 0 ok, 1 warning (offsets out of range, incomplete lag), 2 error
        GroupIdRole,
        OutOfRangeRole, // number of partitions whose committed offset is out of range
    };

    explicit GroupsTableModel(QObject *parent = nullptr);

    // A snapshot of another cluster than the last one resets the model (its rows are other groups).
    void applySnapshot(const AnalyzedSnapshot &analyzed);
    int rowForGroup(const QString &groupId) const; // -1 when unknown
    // Health, time lag, alerts and the doctor's findings from the lag monitor (ignored when of another cluster than
    // the rows).
    void setBadges(const ClusterBadges &badges);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Row = GroupOverview;

    QString m_profileId;
    QList<QString> m_keys;
    QList<Row> m_rows;
    QHash<QString, GroupBadge> m_badges;
};

} // namespace OffsetLens
