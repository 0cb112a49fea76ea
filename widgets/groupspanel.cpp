#include "groupspanel.h"

#include "copyabletableview.h"
#include "filterlineedit.h"
#include "healthproxymodel.h"
#include "numberformat.h"
#include "panelparts.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace OffsetLens {

GroupsPanel::GroupsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new GroupsTableModel(this))
    , m_health(new HealthProxyModel(GroupsTableModel::HealthRole, HealthProxyModel::Style::Background, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new CopyableTableView(this))
    , m_filter(new FilterLineEdit(tr("Filter groups…"), this))
    , m_title(PanelParts::titleLabel(this))
    , m_facts(PanelParts::factsLabel(this))
    , m_note(PanelParts::noteLabel(QString(), this))
{
    m_health->setSourceModel(m_model);
    m_proxy->setSourceModel(m_health);
    m_proxy->setSortRole(GroupsTableModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_table->setModel(m_proxy);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setDefaultSectionSize(100);
    header->resizeSection(GroupsTableModel::GroupColumn, 340);
    header->resizeSection(GroupsTableModel::StateColumn, 150);
    m_table->fitColumnsToHeaders();
    m_filter->setTarget(m_table);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT groupActivated(index.data(GroupsTableModel::GroupIdRole).toString());
    });
    m_title->setText(tr("Consumer groups"));
    setFocusProxy(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    setTabOrder(m_filter, m_table);
    updateHeader();
}

void GroupsPanel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    m_snapshot = analyzed;
    m_model->applySnapshot(analyzed);
    updateHeader();
}

void GroupsPanel::updateHeader()
{
    const SnapshotFacts &totals = m_snapshot.facts();
    QList<std::pair<QString, QString>> facts{
        PanelParts::clusterFact(m_snapshot.snapshot()),
        {tr("Groups"), formatCount(m_model->rowCount())},
        {tr("Total lag"), formatCount(totals.totalLag())},
        {tr("Partitions out of range"), formatCount(totals.partitionsOutOfRange())},
    };
    if (totals.groupsWithErrors() > 0)
        facts.append({tr("With errors"), formatCount(totals.groupsWithErrors())});
    m_facts->setText(PanelParts::factsHtml(facts));
    // Say where the list comes from when it is not the broker's own listing.
    m_note->setText(m_snapshot.isValid() && !m_snapshot.snapshot().groupsListedByBroker
                        ? tr("The broker did not list consumer groups (unsupported or denied): showing pinned "
                             "groups and groups the demo cluster reports.")
                        : QString());
    m_note->setVisible(!m_note->text().isEmpty());
}

QByteArray GroupsPanel::saveState() const
{
    return m_table->saveHeaderState();
}

bool GroupsPanel::restoreState(const QByteArray &state)
{
    return m_table->restoreHeaderState(state);
}

} // namespace OffsetLens
