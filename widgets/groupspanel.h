#pragma once

#include "groupstablemodel.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;

namespace OffsetLens {

class CopyableTableView;
class FilterLineEdit;
class HealthProxyModel;

// Overview of all consumer groups with their state, members, partitions, total lag, source and errors.
class GroupsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit GroupsPanel(QWidget *parent = nullptr);

    GroupsTableModel *model() const { return m_model; }
    CopyableTableView *tableView() const { return m_table; }
    FilterLineEdit *filterEdit() const { return m_filter; }

    // The latest refresh of the cluster this panel shows; one of another cluster switches the panel to it.
    void applySnapshot(const AnalyzedSnapshot &analyzed);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    // Double-click or Enter on a row: the app navigates to that group.
    void groupActivated(const QString &groupId);

private:
    void updateHeader();

    GroupsTableModel *m_model;
    HealthProxyModel *m_health;
    QSortFilterProxyModel *m_proxy;
    CopyableTableView *m_table;
    FilterLineEdit *m_filter;
    QLabel *m_title;
    QLabel *m_facts;
    QLabel *m_note;
    AnalyzedSnapshot m_snapshot;
};

} // namespace OffsetLens
