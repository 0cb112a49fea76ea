#include "brokerpanel.h"

#include "copyabletableview.h"
#include "numberformat.h"
#include "panelparts.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace OffsetLens {

BrokerPanel::BrokerPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new BrokerTableModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new CopyableTableView(this))
    , m_title(PanelParts::titleLabel(this))
    , m_facts(PanelParts::factsLabel(this))
    , m_selected(PanelParts::factsLabel(this))
    , m_errors(PanelParts::errorLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BrokerTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->resizeSection(BrokerTableModel::HostColumn, 200);
    m_table->fitColumnsToHeaders();
    m_title->setText(tr("Brokers"));
    setFocusProxy(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addWidget(m_errors);
    layout->addWidget(m_selected);
    layout->addWidget(m_table, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_brokerId = current.isValid() ? current.data(BrokerTableModel::BrokerIdRole).toInt() : -1;
                updateHeader();
            });
    updateHeader();
}

void BrokerPanel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    m_snapshot = analyzed;
    m_model->applySnapshot(analyzed);
    updateHeader();
}

void BrokerPanel::showBroker(int id)
{
    m_brokerId = id;
    const int row = m_model->rowForBroker(id);
    if (row < 0) {
        m_table->clearSelection();
    } else {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->setCurrentIndex(index);
        m_table->scrollTo(index);
    }
    updateHeader();
}

void BrokerPanel::updateHeader()
{
    const ClusterSnapshot &snapshot = m_snapshot.snapshot();
    QList<std::pair<QString, QString>> facts{PanelParts::clusterFact(snapshot)};
    facts.append({tr("Brokers"), QString::number(snapshot.brokers.size())});
    facts.append(
        {tr("Controller"), snapshot.controllerId >= 0 ? QString::number(snapshot.controllerId) : tr("unknown")});
    if (!snapshot.clusterId.isEmpty())
        facts.append({tr("Cluster id"), snapshot.clusterId});
    if (!snapshot.bootstrapServers.isEmpty())
        facts.append({tr("Bootstrap"), snapshot.bootstrapServers});
    m_facts->setText(PanelParts::factsHtml(facts));
    PanelParts::setError(m_errors, snapshot.errors.join(QLatin1Char('\n')));

    const int row = m_model->rowForBroker(m_brokerId);
    if (row < 0) {
        m_selected->setText(m_brokerId >= 0 ? tr("Broker %1 is not in the latest refresh.").arg(m_brokerId)
                                            : QString());
        m_selected->setVisible(m_brokerId >= 0);
        return;
    }
    const auto cell = [&](int column) {
        return m_model->index(row, column).data().toString();
    };
    QList<std::pair<QString, QString>> selected;
    selected.append({tr("Broker"), cell(BrokerTableModel::IdColumn)});
    selected.append(
        {tr("Address"), cell(BrokerTableModel::HostColumn) + QLatin1Char(':') + cell(BrokerTableModel::PortColumn)});
    selected.append({tr("Rack"), cell(BrokerTableModel::RackColumn)});
    selected.append({tr("Role"), m_brokerId == snapshot.controllerId ? tr("controller") : tr("broker")});
    selected.append({tr("Leads"), cell(BrokerTableModel::LeaderColumn)});
    selected.append({tr("Hosts replicas"), cell(BrokerTableModel::ReplicasColumn)});
    m_selected->setText(PanelParts::factsHtml(selected));
    m_selected->show();
}

QByteArray BrokerPanel::saveState() const
{
    return m_table->saveHeaderState();
}

bool BrokerPanel::restoreState(const QByteArray &state)
{
    return m_table->restoreHeaderState(state);
}

} // namespace OffsetLens
