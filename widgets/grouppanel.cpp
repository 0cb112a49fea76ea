#include "grouppanel.h"

#include "copyabletableview.h"
#include "filterlineedit.h"
#include "healthproxymodel.h"
#include "numberformat.h"
#include "panelparts.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

namespace OffsetLens {

GroupPanel::GroupPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new GroupOffsetsModel(this))
    , m_health(new HealthProxyModel(GroupOffsetsModel::HealthRole, HealthProxyModel::Style::Background, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_table(new CopyableTableView(this))
    , m_filter(new FilterLineEdit(tr("Filter partitions, consumers, hosts…"), this))
    , m_title(PanelParts::titleLabel(this))
    , m_badge(PanelParts::badgeLabel(this))
    , m_facts(PanelParts::factsLabel(this))
    , m_lag(PanelParts::factsLabel(this))
    , m_warning(PanelParts::warningLabel(this))
    , m_error(PanelParts::errorLabel(this))
    , m_reset(new QPushButton(tr("&Reset Offsets…"), this))
{
    m_reset->setToolTip(tr("Plan a reset of this group's committed offsets, with a preview of every change"));
    connect(m_reset, &QPushButton::clicked, this, [this] { Q_EMIT resetRequested(group()); });
    m_health->setSourceModel(m_model);
    m_proxy->setSourceModel(m_health);
    m_proxy->setSortRole(GroupOffsetsModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column
    m_table->setModel(m_proxy);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setDefaultSectionSize(90);
    header->resizeSection(GroupOffsetsModel::TopicColumn, 210);
    header->resizeSection(GroupOffsetsModel::PartitionColumn, 86);
    header->resizeSection(GroupOffsetsModel::LogEndOffsetColumn, 150);
    header->resizeSection(GroupOffsetsModel::LagColumn, 80);
    header->resizeSection(GroupOffsetsModel::ConsumerIdColumn, 190);
    header->resizeSection(GroupOffsetsModel::StatusColumn, 260);
    m_table->fitColumnsToHeaders();
    m_filter->setTarget(m_table);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    setFocusProxy(m_table);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_badge);
    titleRow->addStretch(1);
    titleRow->addWidget(m_reset);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_facts);
    layout->addWidget(m_lag);
    layout->addWidget(m_warning);
    layout->addWidget(m_error);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    setTabOrder(m_filter, m_table);
    updateHeader();
}

void GroupPanel::setGroup(const QString &groupId)
{
    m_model->setGroup(groupId);
    updateHeader();
}

void GroupPanel::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    m_snapshot = analyzed;
    m_model->applySnapshot(analyzed);
    updateHeader();
}

void GroupPanel::copySelection()
{
    m_table->copySelection();
}

void GroupPanel::updateHeader()
{
    const QString id = m_model->group();
    m_title->setText(id.isEmpty() ? tr("Consumer group") : id);
    const ClusterSnapshot &snapshot = m_snapshot.snapshot();
    const GroupInfo *group = snapshot.findGroup(id);
    const GroupOverview *overview = m_snapshot.groupOverview(id);
    if (!group || !overview) {
        PanelParts::setBadge(m_badge, QString(), 0);
        m_facts->setText(snapshot.isValid() && !id.isEmpty()
                             ? tr("This group is not in the latest refresh.").toHtmlEscaped()
                             : QString());
        m_lag->clear();
        PanelParts::setError(m_warning, QString());
        PanelParts::setError(m_error, QString());
        return;
    }

    const bool pinned = group->source == GroupSourceKind::Pinned;
    switch (group->source) {
    case GroupSourceKind::Demo:
        PanelParts::setBadge(m_badge, tr("from the demo cluster"), 0);
        break;
    case GroupSourceKind::Pinned:
        PanelParts::setBadge(m_badge, tr("pinned — state unknown"), 1);
        break;
    case GroupSourceKind::Broker:
        PanelParts::setBadge(m_badge, QString(), 0);
        break;
    }

    QString coordinator = tr("unknown");
    if (group->coordinatorId >= 0) {
        coordinator = QString::number(group->coordinatorId);
        if (const BrokerInfo *broker = snapshot.findBroker(group->coordinatorId))
            coordinator += QStringLiteral(" (%1:%2)").arg(broker->host).arg(broker->port);
    }
    QString assignor = group->assignor;
    if (assignor.isEmpty())
        assignor = group->isSimple ? tr("none (simple group)") : QStringLiteral("-");
    m_facts->setText(PanelParts::factsHtml({
        PanelParts::clusterFact(snapshot),
        {tr("State"), groupStateName(group->state)},
        {tr("Members"), pinned ? QStringLiteral("-") : formatCount(group->members.size())},
        {tr("Assignor"), assignor},
        {tr("Coordinator"), coordinator},
    }));

    const GroupLagSummary &summary = overview->summary; // the same numbers as summarize(m_model->rows())
    QList<std::pair<QString, QString>> lag{
        {tr("Total lag"), summary.complete ? formatCount(summary.totalLag)
                                           : tr("≥ %1 (some watermarks unknown)").arg(formatCount(summary.totalLag))},
        {tr("Max lag"), formatCount(summary.maxLag)},
        {tr("Partitions"), formatCount(summary.partitions)},
        {tr("Out of range"), formatCount(summary.outOfRange)},
    };
    if (summary.withoutCommit > 0)
        lag.append({tr("Without commit"), formatCount(summary.withoutCommit)});
    m_lag->setText(PanelParts::factsHtml(lag));
    PanelParts::setError(m_warning, outOfRangeText());
    PanelParts::setError(m_error, group->error);
}

QString GroupPanel::outOfRangeText() const
{
    qsizetype below = 0;
    qsizetype ahead = 0;
    qint64 deleted = 0;
    for (const DescribeRow &row : m_model->rows()) {
        if (row.lag.status == OffsetStatus::BelowLogStart) {
            ++below;
            deleted += row.lag.deletedMessages;
        } else if (row.lag.status == OffsetStatus::AheadOfHighWatermark) {
            ++ahead;
        }
    }
    QStringList lines;
    if (below > 0) {
        const QString which = below == 1 ? tr("1 partition is") : tr("%1 partitions are").arg(below);
        lines.append(tr("%1 committed below the log start: retention already deleted %2 messages this group never "
                        "read. Its consumers will get OFFSET_OUT_OF_RANGE and reset according to auto.offset.reset.")
                         .arg(which, formatCount(deleted)));
    }
    if (ahead > 0) {
        const QString which = ahead == 1 ? tr("1 partition is") : tr("%1 partitions are").arg(ahead);
        lines.append(
            tr("%1 committed beyond the high watermark (negative lag): was a topic deleted and recreated?").arg(which));
    }
    return lines.join(QLatin1Char('\n'));
}

QByteArray GroupPanel::saveState() const
{
    return m_table->saveHeaderState();
}

bool GroupPanel::restoreState(const QByteArray &state)
{
    return m_table->restoreHeaderState(state);
}

} // namespace OffsetLens
