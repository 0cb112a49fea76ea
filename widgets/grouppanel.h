#pragma once

#include "groupoffsetsmodel.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;

namespace OffsetLens {

class CopyableTableView;
class FilterLineEdit;
class HealthProxyModel;

// One consumer group: state, members, assignor, coordinator, where the data came from, total lag and out-of-range
// partitions above the `kafka-consumer-groups --describe` table, which is filterable, sortable and copyable.
class GroupPanel : public QWidget
{
    Q_OBJECT

public:
    explicit GroupPanel(QWidget *parent = nullptr);

    GroupOffsetsModel *model() const { return m_model; }
    CopyableTableView *tableView() const { return m_table; }
    FilterLineEdit *filterEdit() const { return m_filter; }

    void setGroup(const QString &groupId);
    QString group() const { return m_model->group(); }
    // The latest refresh of the cluster this panel shows; one of another cluster switches the panel to it.
    void applySnapshot(const AnalyzedSnapshot &analyzed);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // The title row's "Reset Offsets…" button (the window enables it where a reset can be planned).
    QPushButton *resetButton() const { return m_reset; }

Q_SIGNALS:
    void resetRequested(const QString &groupId);

public Q_SLOTS:
    // Puts the selected rows on the clipboard as tab-separated text with a header line (also Ctrl+C, "Copy").
    void copySelection();

private:
    void updateHeader();
    QString outOfRangeText() const;

    GroupOffsetsModel *m_model;
    HealthProxyModel *m_health;
    QSortFilterProxyModel *m_proxy;
    CopyableTableView *m_table;
    FilterLineEdit *m_filter;
    QLabel *m_title;
    QLabel *m_badge;
    QLabel *m_facts;
    QLabel *m_lag;
    QLabel *m_warning;
    QLabel *m_error;
    QPushButton *m_reset;
    AnalyzedSnapshot m_snapshot;
};

} // namespace OffsetLens
