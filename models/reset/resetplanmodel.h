#pragma once

#include "offsetwrite.h"
#include "resetplan.h"

#include <QAbstractTableModel>
#include <QHash>

namespace OffsetLens {

// A reset plan's rows as a table: the preview of "what will this reset do", and after an apply, the same rows with
// what the writer read back per partition. Colours stay out of models/: views read HealthRole and StatusRole.
class ResetPlanModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TopicColumn,
        PartitionColumn,
        BeforeColumn, // committed before
        TargetColumn,
        ChangeColumn, // target - before
        LogStartColumn,
        HighWatermarkColumn,
        LagBeforeColumn,
        LagAfterColumn,
        NoteColumn,    // the row's status in words, then the planner's note
        OutcomeColumn, // only meaningful with a write report (see hasReport)
        ColumnCount
    };
    enum Roles
    {
        SortRole = Qt::UserRole + 1, // numeric where the column is numeric
        HealthRole,                  // 0 fine, 1 look at it (clamped, outcome unconfirmed), 2 failed / rejected
        StatusRole,                  // int(ResetRowStatus)
        UnchangedRole,               // bool: nothing moves on this row
    };

    explicit ResetPlanModel(QObject *parent = nullptr);

    void setPlan(const ResetPlan &plan);
    const ResetPlan &plan() const { return m_plan; }
    // The writer's per-partition results for this plan's rows; an empty report clears the outcomes.
    void setWriteReport(const OffsetWriteReport &report);
    bool hasReport() const { return m_hasReport; }
    const ResetPlanRow &row(int row) const { return m_plan.rows.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "confirmed", "rejected: not authorized", ... the words the outcome column shows.
    static QString outcomeText(const PartitionWriteResult &result);
    static int outcomeHealth(WriteOutcome outcome);

private:
    QString noteText(const ResetPlanRow &row) const;
    QVariant sortValue(const ResetPlanRow &row, int column) const;
    int health(const ResetPlanRow &row) const;

    ResetPlan m_plan;
    bool m_hasReport = false;
    QHash<TopicPartition, PartitionWriteResult> m_outcomes;
};

} // namespace OffsetLens
