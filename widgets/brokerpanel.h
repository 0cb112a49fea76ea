#pragma once

#include "brokertablemodel.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;

namespace OffsetLens {

class CopyableTableView;

// All brokers of the cluster in a table, with the selected one's facts above it.
class BrokerPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BrokerPanel(QWidget *parent = nullptr);

    BrokerTableModel *model() const { return m_model; }
    CopyableTableView *tableView() const { return m_table; }

    // The latest refresh of the cluster this panel shows; one of another cluster switches the panel to it.
    void applySnapshot(const AnalyzedSnapshot &analyzed);
    // Selects broker id in the table (-1: no broker, the cluster overview).
    void showBroker(int id);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

private:
    void updateHeader();

    BrokerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    CopyableTableView *m_table;
    QLabel *m_title;
    QLabel *m_facts;
    QLabel *m_selected;
    QLabel *m_errors;
    AnalyzedSnapshot m_snapshot;
    int m_brokerId = -1;
};

} // namespace OffsetLens
