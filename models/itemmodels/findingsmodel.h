#pragma once

#include "finding.h"
#include "keyedtablemodel.h"

#include <QSortFilterProxyModel>

namespace OffsetLens {

// The offset doctor's findings for one cluster, one row per finding in the doctor's order (sortFindings). A new
// diagnosis is applied as a keyed diff (rule, group, topic), so the finding a person is reading stays selected
// while the numbers in it move.
class FindingsModel : public KeyedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        SubjectColumn, // the group (or the topic, for topic findings)
        TitleColumn,
        ColumnCount
    };
    enum Roles
    {
        SeverityRole = Qt::UserRole + 1, // int(FindingSeverity)
        RuleIdRole,                      // "committed-below-log-start"
        GroupIdRole,
        TopicRole,
    };

    explicit FindingsModel(QObject *parent = nullptr);

    // The findings of `profileId`; another cluster than before resets the model. `evaluated` is false until the
    // first diagnosis of the cluster arrived (the views then say "not diagnosed yet" rather than "nothing found").
    void setFindings(const QString &profileId, const QList<Finding> &findings);
    void clear();
    QString profileId() const { return m_profileId; }
    bool isEvaluated() const { return m_evaluated; }
    const Finding &finding(int row) const { return m_rows.at(row); }
    const QList<Finding> &findings() const { return m_rows; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_profileId;
    bool m_evaluated = false;
    QList<QString> m_keys;
    QList<Finding> m_rows;
};

// The findings one view shows: the whole cluster, one group or one topic, from a minimum severity on
// (findingMatches). Keeps the doctor's order.
class FindingsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit FindingsFilterModel(QObject *parent = nullptr);

    void setFilter(const FindingFilter &filter);
    FindingFilter filter() const { return m_filter; }
    // The findings that pass, in order (for "Copy" and "Export").
    QList<Finding> shownFindings() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    FindingFilter m_filter;
};

} // namespace OffsetLens
