#pragma once

#include "groupoffsetsmodel.h"
#include "lagbadge.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTimer;
class QSplitter;
class QTabWidget;

namespace OffsetLens {

class CopyableTableView;
class FilterLineEdit;
class HealthProxyModel;
class TableSync;
class LagChartView;
class OffsetVisualiser;

// One consumer group: state, members, assignor, coordinator, where the data came from, total lag and out-of-range
// partitions above the `kafka-consumer-groups --describe` table, which is filterable, sortable and copyable; below it
// the offset visualiser, whose lanes follow the table's order, filter and selection.
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
    // The latest refresh of the cluster this panel shows; one of another cluster switches the panel to it. With
    // `visualiserLater` the visualiser keeps the previous one until applyVisualiser(): the window applies each in
    // an event of its own, as each takes about 20 ms for a group of 10,000 partitions.
    void applySnapshot(const AnalyzedSnapshot &analyzed, bool visualiserLater = false);
    void applyVisualiser();

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);
    // The table/visualiser split and the visualiser's own settings.
    QByteArray saveVisualiserState() const;
    bool restoreVisualiserState(const QByteArray &state);

    OffsetVisualiser *visualiser() const { return m_visualiser; }
    LagChartView *chart() const { return m_chart; }
    QTabWidget *tabs() const { return m_tabs; }
    bool isChartShown() const;

    // Lag health, time lag and alerts from the lag monitor (none: not evaluated yet).
    void setBadge(const std::optional<GroupBadge> &badge);
    // The result of "Measure exactly" (read the message at each committed offset).
    void setExactTimeLag(const QString &text);

    // The title row's "Reset Offsets…" button (the window enables it where a reset can be planned).
    QPushButton *resetButton() const { return m_reset; }

Q_SIGNALS:
    void resetRequested(const QString &groupId);
    void exactTimeLagRequested(const QString &groupId);
    void thresholdsRequested(const QString &groupId);
    // "What is at my committed offset?": peek at the messages of the current row's partition; `committed` is the
    // group's commit there (kNoOffset when it has none).
    void peekRequested(const QString &topic, int partition, qint64 committed);
    void chartShown(const QString &groupId);

public Q_SLOTS:
    // Puts the selected rows on the clipboard as tab-separated text with a header line (also Ctrl+C, "Copy").
    void copySelection();

private:
    void updateHeader();
    void updateLagHealth();
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
    QLabel *m_lagHealth;
    QLabel *m_warning;
    QLabel *m_error;
    QPushButton *m_reset;
    QPushButton *m_thresholds;
    QPushButton *m_peek;
    OffsetVisualiser *m_visualiser;
    TableSync *m_tableSync;
    QTimer *m_lanesLater; // a big group's lanes, in the event after its table
    QString m_lanesGroup;
    QSplitter *m_split;
    LagChartView *m_chart;
    QTabWidget *m_tabs;
    std::optional<GroupBadge> m_lagBadge;
    QString m_exactTimeLag;
    AnalyzedSnapshot m_snapshot;
};

} // namespace OffsetLens
