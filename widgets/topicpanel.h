#pragma once

#include "partitiontablemodel.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;

namespace OffsetLens {

class CopyableTableView;
class HealthProxyModel;
class LagChartView;
class OffsetVisualiser;

// One topic: name, internal flag, partition count, replication factor, messages; its partitions with
// under-replicated rows highlighted and leaderless rows in the error colour, and below them the offset visualiser,
// whose lanes follow the table's order, filter and selection. A second tab charts the topic over time: produce rate
// and HW per partition, from the recorded history.
class TopicPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TopicPanel(QWidget *parent = nullptr);

    PartitionTableModel *model() const { return m_model; }
    CopyableTableView *tableView() const { return m_table; }

    void setTopic(const QString &topic);
    QString topic() const { return m_model->topic(); }
    // The latest refresh of the cluster this panel shows; one of another cluster switches the panel to it.
    void applySnapshot(const AnalyzedSnapshot &analyzed);
    // Selects a partition row (e.g. when a partition node is selected in the tree).
    void showPartition(qint32 partition);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);
    // The table/visualiser split and the visualiser's own settings.
    QByteArray saveVisualiserState() const;
    bool restoreVisualiserState(const QByteArray &state);

    OffsetVisualiser *visualiser() const { return m_visualiser; }
    LagChartView *chart() const { return m_chart; }
    QTabWidget *tabs() const { return m_tabs; }
    bool isChartShown() const;

Q_SIGNALS:
    // The chart tab came into view: its history should be loaded.
    void chartShown(const QString &topic);

private:
    void updateHeader();

    PartitionTableModel *m_model;
    HealthProxyModel *m_health;
    QSortFilterProxyModel *m_proxy;
    CopyableTableView *m_table;
    QLabel *m_title;
    QLabel *m_badge;
    QLabel *m_facts;
    QLabel *m_error;
    QLabel *m_note;
    OffsetVisualiser *m_visualiser;
    QSplitter *m_split;
    LagChartView *m_chart;
    QTabWidget *m_tabs;
    AnalyzedSnapshot m_snapshot;
};

} // namespace OffsetLens
