#include "grouppanel.h"

#include "copyabletableview.h"
#include "filterlineedit.h"
#include "healthproxymodel.h"
#include "lagchartview.h"
#include "numberformat.h"
#include "offsetvisualiser.h"
#include "panelparts.h"
#include "rowsortproxy.h"
#include "tablesync.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace OffsetLens {

GroupPanel::GroupPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new GroupOffsetsModel(this))
    , m_health(new HealthProxyModel(GroupOffsetsModel::HealthRole, HealthProxyModel::Style::Background, this))
    , m_proxy(new RowSortProxy(m_model, GroupOffsetsModel::SortRole, this))
    , m_table(new CopyableTableView(this))
    , m_filter(new FilterLineEdit(tr("Filter partitions, consumers, hosts…"), this))
    , m_title(PanelParts::titleLabel(this))
    , m_badge(PanelParts::badgeLabel(this))
    , m_facts(PanelParts::factsLabel(this))
    , m_lag(PanelParts::factsLabel(this))
    , m_lagHealth(PanelParts::factsLabel(this))
    , m_warning(PanelParts::warningLabel(this))
    , m_error(PanelParts::errorLabel(this))
    , m_reset(new QPushButton(tr("&Reset Offsets…"), this))
    , m_thresholds(new QPushButton(tr("A&lert Thresholds…"), this))
    , m_peek(new QPushButton(tr("Pee&k at Messages…"), this))
    , m_visualiser(new OffsetVisualiser(this))
    , m_split(new QSplitter(Qt::Vertical, this))
    , m_chart(new LagChartView(this))
    , m_tabs(new QTabWidget(this))
{
    m_thresholds->setToolTip(tr("Alert when this group's total lag or time lag passes a limit"));
    connect(m_thresholds, &QPushButton::clicked, this, [this] { Q_EMIT thresholdsRequested(group()); });
    // "Measure exactly" is a link in the lag health line.
    m_lagHealth->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_lagHealth, &QLabel::linkActivated, this, [this] {
        m_exactTimeLag = tr("measuring…");
        updateLagHealth();
        Q_EMIT exactTimeLagRequested(group());
    });
    m_reset->setToolTip(tr("Plan a reset of this group's committed offsets, with a preview of every change"));
    connect(m_reset, &QPushButton::clicked, this, [this] { Q_EMIT resetRequested(group()); });
    m_peek->setToolTip(tr("Show the messages at and around the committed offset of the selected partition"));
    connect(m_peek, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (!current.isValid())
            return;
        const TopicPartition tp{current.data(GroupOffsetsModel::TopicNameRole).toString(),
                                current.data(GroupOffsetsModel::PartitionRole).toInt()};
        qint64 committed = kNoOffset;
        if (const GroupInfo *info = m_snapshot.snapshot().findGroup(group())) {
            for (const CommittedOffset &o : info->offsets) {
                if (o.tp == tp)
                    committed = o.offset;
            }
        }
        Q_EMIT peekRequested(tp.topic, tp.partition, committed);
    });
    m_health->setSourceModel(m_model);
    m_proxy->setSourceModel(m_health);
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
    titleRow->addWidget(m_thresholds);
    titleRow->addWidget(m_peek);
    titleRow->addWidget(m_reset);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_facts);
    layout->addWidget(m_lag);
    layout->addWidget(m_lagHealth);
    layout->addWidget(m_warning);
    layout->addWidget(m_error);
    m_split->addWidget(m_table);
    m_split->addWidget(m_visualiser);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 2);
    m_split->setChildrenCollapsible(false);
    // Offsets now (table and visualiser) and lag over time (charts), one tab each.
    auto *offsets = new QWidget(this);
    auto *offsetsLayout = new QVBoxLayout(offsets);
    offsetsLayout->setContentsMargins(0, 4, 0, 0);
    offsetsLayout->addWidget(m_filter);
    offsetsLayout->addWidget(m_split, 1);
    m_tabs->addTab(offsets, tr("&Offsets"));
    m_tabs->addTab(m_chart, tr("Lag over &Time"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (isChartShown())
            Q_EMIT chartShown(group());
    });
    layout->addWidget(m_tabs, 1);
    setTabOrder(m_filter, m_table);
    setTabOrder(m_table, m_visualiser);
    m_visualiser->setSubject(LaneSubject::Group, QString());
    m_lanesLater = new QTimer(this);
    m_lanesLater->setSingleShot(true);
    m_lanesLater->setInterval(0);
    connect(m_lanesLater, &QTimer::timeout, this, [this] {
        m_visualiser->setSubject(LaneSubject::Group, m_lanesGroup);
        m_tableSync->syncOrder(); // the table's order and filter, which it passed on while the lanes were empty
    });
    m_tableSync = new TableSync(m_table, m_visualiser, [](const QModelIndex &index) {
        return TopicPartition{index.data(GroupOffsetsModel::TopicNameRole).toString(),
                              index.data(GroupOffsetsModel::PartitionRole).toInt()};
    });
    updateHeader();
}

void GroupPanel::setGroup(const QString &groupId)
{
    const bool other = groupId != m_model->group();
    m_model->setGroup(groupId);
    // A group of thousands of partitions shows its table at once and its lanes in the next event: made in one, the
    // first click on a group of 10,000 held the window for over 100 ms. Meanwhile the lanes are empty, not another
    // group's.
    constexpr int kLanesLaterRows = 2000;
    if (other && m_model->rowCount() > kLanesLaterRows) {
        m_visualiser->setSubject(LaneSubject::Group, QString());
        m_lanesGroup = groupId;
        m_lanesLater->start();
    } else if (other) {
        m_lanesLater->stop();
        m_visualiser->setSubject(LaneSubject::Group, groupId);
    } // the same group again: its lanes stand, or are on their way
    m_chart->setGroup(groupId);
    if (other) {
        m_lagBadge.reset();
        m_exactTimeLag.clear();
    }
    updateHeader();
}

void GroupPanel::applySnapshot(const AnalyzedSnapshot &analyzed, bool visualiserLater)
{
    // Another cluster's group of the same name: its badge and measurement are not this one's.
    if (analyzed.snapshot().profileId != m_snapshot.snapshot().profileId) {
        m_lagBadge.reset();
        m_exactTimeLag.clear();
    }
    m_snapshot = analyzed;
    m_model->applySnapshot(analyzed);
    if (!visualiserLater)
        m_visualiser->applySnapshot(analyzed);
    updateHeader();
}

void GroupPanel::applyVisualiser()
{
    m_visualiser->applySnapshot(m_snapshot);
}

bool GroupPanel::isChartShown() const
{
    return m_tabs->currentWidget() == m_chart && isVisible();
}

void GroupPanel::setBadge(const std::optional<GroupBadge> &badge)
{
    if (badge == m_lagBadge)
        return;
    m_lagBadge = badge;
    updateLagHealth();
}

void GroupPanel::setExactTimeLag(const QString &text)
{
    m_exactTimeLag = text;
    updateLagHealth();
}

void GroupPanel::updateLagHealth()
{
    if (m_model->group().isEmpty()) {
        m_lagHealth->clear();
        return;
    }
    // Time lag first, with its "Measure exactly" link beside it; health (whose reason can be long) after.
    QList<std::pair<QString, QString>> time;
    QList<std::pair<QString, QString>> health;
    if (!m_lagBadge) {
        time.append({tr("Time lag"), tr("not estimated yet")});
        health.append({tr("Lag health"), tr("not evaluated yet (needs a few refreshes)")});
    } else {
        time.append(
            {tr("Time lag"), m_lagBadge->timeLagMs
                                 ? tr("≈ %1 (estimated)").arg(formatDuration(*m_lagBadge->timeLagMs))
                                 : (m_lagBadge->timeLagNote.isEmpty() ? tr("unknown") : m_lagBadge->timeLagNote)});
        QString text = lagHealthName(m_lagBadge->health);
        if (!m_lagBadge->healthReason.isEmpty())
            text += QStringLiteral(" — ") + m_lagBadge->healthReason;
        health.append({tr("Lag health"), text});
        if (m_lagBadge->alert)
            health.append({tr("Alert"), m_lagBadge->alertText});
    }
    if (!m_exactTimeLag.isEmpty())
        time.append({tr("Exact"), m_exactTimeLag});
    m_lagHealth->setText(PanelParts::factsHtml(time) +
                         QStringLiteral(" <a href=\"measure\">%1</a><br>").arg(tr("Measure exactly").toHtmlEscaped()) +
                         PanelParts::factsHtml(health));
    m_lagHealth->setToolTip(tr("Health follows Burrow's rules over the last commits seen; time lag is estimated from "
                               "the HW's recent history. \"Measure exactly\" reads the message at each committed "
                               "offset and reports how long ago it was written."));
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
        m_lagHealth->clear();
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
    updateLagHealth();
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

QByteArray GroupPanel::saveVisualiserState() const
{
    return PanelParts::saveSplitState(m_split, m_visualiser->saveState());
}

bool GroupPanel::restoreVisualiserState(const QByteArray &state)
{
    QByteArray visualiser;
    return PanelParts::restoreSplitState(m_split, state, &visualiser) && m_visualiser->restoreState(visualiser);
}

} // namespace OffsetLens
