#include "topicpanel.h"

#include "copyabletableview.h"
#include "healthproxymodel.h"
#include "lagchartview.h"
#include "numberformat.h"
#include "offsetvisualiser.h"
#include "panelparts.h"
#include "tablesync.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace OffsetLens {

TopicPanel::TopicPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new PartitionTableModel(this))
    , m_health(new HealthProxyModel(PartitionTableModel::HealthRole, HealthProxyModel::Style::Background, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new CopyableTableView(this))
    , m_title(PanelParts::titleLabel(this))
    , m_badge(PanelParts::badgeLabel(this))
    , m_facts(PanelParts::factsLabel(this))
    , m_error(PanelParts::errorLabel(this))
    , m_note(PanelParts::noteLabel(tr("High watermark (HW): the end of what consumers can read. The leader's log "
                                      "end offset (LEO) is not shown: LEO ≥ HW; equal when all in-sync replicas "
                                      "have caught up — brokers do not report the LEO to clients."),
                                   this))
    , m_visualiser(new OffsetVisualiser(this))
    , m_split(new QSplitter(Qt::Vertical, this))
    , m_chart(new LagChartView(this))
    , m_tabs(new QTabWidget(this))
{
    m_health->setSourceModel(m_model);
    m_proxy->setSourceModel(m_health);
    m_proxy->setSortRole(PartitionTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setDefaultSectionSize(96);
    m_table->horizontalHeader()->resizeSection(PartitionTableModel::PartitionColumn, 76);
    m_table->horizontalHeader()->resizeSection(PartitionTableModel::LeaderColumn, 64);
    m_table->horizontalHeader()->resizeSection(PartitionTableModel::HighWatermarkColumn, 116);
    m_table->fitColumnsToHeaders();
    setFocusProxy(m_table);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_badge);
    titleRow->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_facts);
    layout->addWidget(m_error);
    m_split->addWidget(m_table);
    m_split->addWidget(m_visualiser);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 2);
    m_split->setChildrenCollapsible(false);
    // Partitions now (table and visualiser) and the topic over time (charts), one tab each.
    auto *partitions = new QWidget(this);
    auto *partitionsLayout = new QVBoxLayout(partitions);
    partitionsLayout->setContentsMargins(0, 4, 0, 0);
    partitionsLayout->addWidget(m_split, 1);
    partitionsLayout->addWidget(m_note);
    m_tabs->addTab(partitions, tr("&Partitions"));
    m_tabs->addTab(m_chart, tr("Produce over &Time"));
    m_chart->setSubject(HistorySubject::Topic, QString());
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (isChartShown())
            Q_EMIT chartShown(topic());
    });
    layout->addWidget(m_tabs, 1);
    m_visualiser->setSubject(LaneSubject::Topic, QString());
    new TableSync(m_table, m_visualiser, [this](const QModelIndex &index) {
        return TopicPartition{m_model->topic(), index.data(PartitionTableModel::PartitionRole).toInt()};
    });
    updateHeader();
}

void TopicPanel::setTopic(const QString &topic)
{
    m_model->setTopic(topic);
    m_visualiser->setSubject(LaneSubject::Topic, topic);
    m_chart->setSubject(HistorySubject::Topic, topic);
    updateHeader();
}

bool TopicPanel::isChartShown() const
{
    return m_tabs->currentWidget() == m_chart && isVisible();
}

void TopicPanel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    m_snapshot = analyzed;
    m_model->applySnapshot(analyzed);
    m_visualiser->applySnapshot(analyzed);
    updateHeader();
}

void TopicPanel::showPartition(qint32 partition)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(PartitionTableModel::PartitionRole).toInt() == partition) {
            m_table->setCurrentIndex(index);
            m_table->selectRow(row);
            m_table->scrollTo(index);
            return;
        }
    }
}

void TopicPanel::updateHeader()
{
    const QString name = m_model->topic();
    m_title->setText(name.isEmpty() ? tr("Topic") : name);
    const ClusterSnapshot &snapshot = m_snapshot.snapshot();
    const TopicInfo *topic = snapshot.findTopic(name);
    if (!topic) {
        PanelParts::setBadge(m_badge, QString(), 0);
        m_facts->setText(snapshot.isValid() && !name.isEmpty()
                             ? tr("This topic is not in the latest refresh.").toHtmlEscaped()
                             : QString());
        PanelParts::setError(m_error, QString());
        return;
    }
    PanelParts::setBadge(m_badge, topic->isInternal ? tr("internal topic") : QString(), 0);

    const TopicFacts &topicFacts = m_snapshot.facts().topics()[topic - snapshot.topics.constData()];
    QList<std::pair<QString, QString>> facts{
        PanelParts::clusterFact(snapshot),
        {tr("Partitions"), formatCount(topic->partitionCount())},
        {tr("Replication factor"), QString::number(topic->replicationFactor)},
        {tr("Messages"), formatCount(topicFacts.messages)},
        {tr("Internal"), topic->isInternal ? tr("yes") : tr("no")},
    };
    if (topicFacts.underReplicated > 0)
        facts.append({tr("Under-replicated"), formatCount(topicFacts.underReplicated)});
    if (topicFacts.leaderless > 0)
        facts.append({tr("Leaderless"), formatCount(topicFacts.leaderless)});
    m_facts->setText(PanelParts::factsHtml(facts));
    PanelParts::setError(m_error, topic->error);
}

QByteArray TopicPanel::saveState() const
{
    return m_table->saveHeaderState();
}

bool TopicPanel::restoreState(const QByteArray &state)
{
    return m_table->restoreHeaderState(state);
}

QByteArray TopicPanel::saveVisualiserState() const
{
    return PanelParts::saveSplitState(m_split, m_visualiser->saveState());
}

bool TopicPanel::restoreVisualiserState(const QByteArray &state)
{
    QByteArray visualiser;
    return PanelParts::restoreSplitState(m_split, state, &visualiser) && m_visualiser->restoreState(visualiser);
}

} // namespace OffsetLens
