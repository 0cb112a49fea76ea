#include "deleteoffsetsdialog.h"

#include "filterlineedit.h"
#include "healthproxymodel.h"
#include "numberformat.h"
#include "panelparts.h"
#include "resetdialog.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {
enum Column
{
    TopicColumn,
    PartitionColumn,
    CommittedColumn,
    LagColumn,
    OutcomeColumn,
    ColumnCount
};

QTableWidgetItem *cell(const QString &text, bool number)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(number ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    return item;
}
} // namespace

DeleteOffsetsDialog::DeleteOffsetsDialog(const ClusterSnapshot &snapshot, const QString &groupId,
                                         const QStringList &initialTopics, QWidget *parent)
    : QDialog(parent)
    , m_snapshot(snapshot)
    , m_groupId(groupId)
    , m_title(PanelParts::titleLabel(this))
    , m_facts(PanelParts::factsLabel(this))
    , m_permissionPanel(new PermissionPanel(this))
    , m_filter(new FilterLineEdit(tr("Filter topics…"), this))
    , m_topics(new QListWidget(this))
    , m_summary(new QLabel(this))
    , m_preview(new QTableWidget(0, ColumnCount, this))
    , m_progressRow(new QWidget(this))
    , m_progressText(new QLabel(m_progressRow))
    , m_progress(new QProgressBar(m_progressRow))
    , m_cancel(new QPushButton(tr("Ca&ncel"), m_progressRow))
    , m_deleteButton(new QPushButton(tr("&Delete offsets…"), this))
    , m_closeButton(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Delete committed offsets of %1").arg(groupId));
    m_summary->setObjectName(QStringLiteral("deleteSummary"));
    m_summary->setWordWrap(true);
    m_filter->setTarget(m_topics);
    m_preview->setHorizontalHeaderLabels(
        {tr("Topic"), tr("Partition"), tr("Committed offset deleted"), tr("Lag"), tr("Outcome")});
    m_preview->verticalHeader()->hide();
    m_preview->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setSortingEnabled(true);
    m_preview->horizontalHeader()->resizeSection(TopicColumn, 180);
    m_preview->horizontalHeader()->resizeSection(CommittedColumn, 170);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->setColumnHidden(OutcomeColumn, true);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(200);
    for (QPushButton *button : {m_cancel, m_deleteButton, m_closeButton})
        button->setAutoDefault(false);

    auto *topicsLabel = new QLabel(tr("&Topics whose committed offsets go:"), this);
    topicsLabel->setBuddy(m_topics);
    auto *left = new QVBoxLayout;
    left->addWidget(topicsLabel);
    left->addWidget(m_filter);
    left->addWidget(m_topics, 1);
    auto *right = new QVBoxLayout;
    right->addWidget(m_summary);
    right->addWidget(m_preview, 1);
    auto *middle = new QHBoxLayout;
    middle->addLayout(left, 1);
    middle->addLayout(right, 2);

    auto *progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progress);
    progressLayout->addWidget(m_progressText, 1);
    progressLayout->addWidget(m_cancel);
    m_progressRow->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(
        PanelParts::noteLabel(tr("Consumers of this group start these partitions from auto.offset.reset next time."),
                              this),
        1);
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_closeButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addWidget(m_permissionPanel);
    layout->addLayout(middle, 1);
    layout->addWidget(m_progressRow);
    layout->addLayout(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (int i = 0; i < m_topics->count(); ++i)
            m_topics->item(i)->setHidden(!m_topics->item(i)->text().contains(text, Qt::CaseInsensitive));
    });
    connect(m_topics, &QListWidget::itemChanged, this, [this] {
        m_showingResult = false;
        updatePreview();
    });
    connect(m_cancel, &QPushButton::clicked, this, &DeleteOffsetsDialog::cancelRequested);
    connect(m_deleteButton, &QPushButton::clicked, this, &DeleteOffsetsDialog::confirmAndDelete);
    connect(m_closeButton, &QPushButton::clicked, this, &DeleteOffsetsDialog::reject);

    fillTopics(initialTopics);
    updateHeader();
    updatePreview();
    resize(900, 600);
}

void DeleteOffsetsDialog::fillTopics(const QStringList &checked)
{
    const QSignalBlocker blocker(m_topics);
    m_topics->clear();
    const GroupInfo *group = m_snapshot.findGroup(m_groupId);
    if (!group)
        return;
    QMap<QString, int> committed; // topic -> partitions with a commit, in name order
    for (const CommittedOffset &offset : group->offsets) {
        if (offset.offset >= 0)
            committed[offset.tp.topic] += 1;
    }
    for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
        auto *item = new QListWidgetItem(it.key(), m_topics);
        item->setData(Qt::UserRole, it.key());
        item->setToolTip(
            tr("%1 with a committed offset").arg(formatCountOf(it.value(), tr("partition"), tr("partitions"))));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(it.key()) ? Qt::Checked : Qt::Unchecked);
    }
}

void DeleteOffsetsDialog::updateHeader()
{
    m_title->setText(tr("Delete committed offsets of %1").arg(m_groupId));
    const GroupInfo *group = m_snapshot.findGroup(m_groupId);
    m_facts->setText(PanelParts::factsHtml({
        PanelParts::clusterFact(m_snapshot),
        {tr("Group"), m_groupId},
        {tr("State"), group ? groupStateName(group->state) : tr("not found")},
        {tr("Members"), group ? formatCount(group->members.size()) : QStringLiteral("0")},
    }));
}

DeleteOffsetsRequest DeleteOffsetsDialog::currentRequest() const
{
    DeleteOffsetsRequest request;
    request.groupId = m_groupId;
    const GroupInfo *group = m_snapshot.findGroup(m_groupId);
    if (!group)
        return request;
    QSet<QString> topics;
    for (int i = 0; i < m_topics->count(); ++i) {
        if (m_topics->item(i)->checkState() == Qt::Checked)
            topics.insert(m_topics->item(i)->data(Qt::UserRole).toString());
    }
    for (const CommittedOffset &offset : group->offsets) {
        if (offset.offset >= 0 && topics.contains(offset.tp.topic))
            request.partitions.append(offset.tp);
    }
    return request;
}

void DeleteOffsetsDialog::updatePreview()
{
    if (m_showingResult)
        return;
    const DeleteOffsetsRequest request = currentRequest();
    const GroupInfo *group = m_snapshot.findGroup(m_groupId);
    m_preview->setSortingEnabled(false);
    m_preview->setColumnHidden(OutcomeColumn, true);
    m_preview->setRowCount(int(request.partitions.size()));
    qint64 totalLag = 0;
    for (int row = 0; row < request.partitions.size(); ++row) {
        const TopicPartition &tp = request.partitions.at(row);
        const CommittedOffset *offset = group ? group->findOffset(tp) : nullptr;
        const PartitionInfo *partition = m_snapshot.findPartition(tp);
        const qint64 committed = offset ? offset->offset : kNoOffset;
        const qint64 hw = partition ? partition->highWatermark : kNoOffset;
        const qint64 lag = committed >= 0 && hw >= 0 ? hw - committed : kNoOffset;
        totalLag += qMax<qint64>(lag, 0);
        m_preview->setItem(row, TopicColumn, cell(tp.topic, false));
        auto *partitionCell = cell(QString::number(tp.partition), true);
        partitionCell->setData(Qt::DisplayRole, tp.partition);
        m_preview->setItem(row, PartitionColumn, partitionCell);
        m_preview->setItem(row, CommittedColumn, cell(formatOffset(committed), true));
        m_preview->setItem(row, LagColumn, cell(formatCount(lag), true));
        m_preview->setItem(row, OutcomeColumn, cell(QString(), false));
    }
    m_preview->setSortingEnabled(true);
    m_summary->setText(request.partitions.isEmpty()
                           ? tr("Tick the topics whose committed offsets should be deleted.")
                           : tr("%1 of %2 will lose their committed offset (total lag now %3).")
                                 .arg(formatCountOf(request.partitions.size(), tr("partition"), tr("partitions")),
                                      m_groupId, formatCount(totalLag)));
    updateActions();
}

void DeleteOffsetsDialog::setSnapshot(const ClusterSnapshot &snapshot)
{
    QStringList checked;
    for (int i = 0; i < m_topics->count(); ++i) {
        if (m_topics->item(i)->checkState() == Qt::Checked)
            checked.append(m_topics->item(i)->data(Qt::UserRole).toString());
    }
    m_snapshot = snapshot;
    fillTopics(checked);
    m_filter->clear();
    updateHeader();
    updatePreview();
}

void DeleteOffsetsDialog::setPermission(const ResetPermission &permission)
{
    m_permission = permission;
    m_permissionKnown = true;
    m_permissionPanel->setPermission(permission);
    updateActions();
}

QString DeleteOffsetsDialog::permissionText() const
{
    return m_permissionPanel->isHidden() ? QString() : m_permissionPanel->text();
}

void DeleteOffsetsDialog::setProgress(const QString &step)
{
    m_running = true;
    m_progressText->setText(step);
    m_progressRow->show();
    updateActions();
}

void DeleteOffsetsDialog::setResult(const DeleteOffsetsResult &result)
{
    m_running = false;
    m_progressRow->hide();
    m_showingResult = true;
    m_preview->setSortingEnabled(false);
    m_preview->setColumnHidden(OutcomeColumn, false);
    m_preview->setRowCount(int(result.partitions.size()));
    const QPalette palette = QApplication::palette();
    for (int row = 0; row < result.partitions.size(); ++row) {
        const PartitionDeleteResult &partition = result.partitions.at(row);
        const QString outcome =
            partition.deleted
                ? tr("deleted")
                : tr("not deleted: %1").arg(partition.error.isEmpty() ? tr("no answer") : partition.error);
        QTableWidgetItem *items[] = {
            cell(partition.tp.topic, false), cell(QString::number(partition.tp.partition), true),
            cell(formatOffset(partition.committedBefore), true), cell(QStringLiteral("-"), true), cell(outcome, false)};
        items[OutcomeColumn]->setIcon(
            style()->standardIcon(partition.deleted ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxCritical));
        for (int column = 0; column < ColumnCount; ++column) {
            if (!partition.deleted)
                items[column]->setBackground(HealthProxyModel::backgroundFor(2, palette));
            m_preview->setItem(row, column, items[column]);
        }
    }
    m_preview->setSortingEnabled(true);
    QString text = result.summary();
    if (!result.error.isEmpty())
        text = tr("Nothing deleted: %1").arg(result.error);
    m_summary->setText(result.succeeded() ? text : tr("PARTIAL OR FAILED: %1").arg(text));
    updateActions();
}

void DeleteOffsetsDialog::updateActions()
{
    const qsizetype count = currentRequest().partitions.size();
    QString whyNot;
    if (m_running)
        whyNot = tr("The delete is running.");
    else if (count == 0)
        whyNot = tr("Tick at least one topic.");
    else if (!m_permissionKnown)
        whyNot = tr("Waiting for the check whether the group may be changed.");
    else if (!m_permission.allowed)
        whyNot = m_permission.reason.isEmpty() ? tr("The group may not be changed now.") : m_permission.reason;
    m_deleteButton->setEnabled(whyNot.isEmpty());
    m_deleteButton->setToolTip(whyNot.isEmpty() ? tr("Delete after a final confirmation") : whyNot);
    m_closeButton->setEnabled(!m_running);
    m_topics->setEnabled(!m_running);
}

void DeleteOffsetsDialog::confirmAndDelete()
{
    const DeleteOffsetsRequest request = currentRequest();
    if (request.partitions.isEmpty() || !m_deleteButton->isEnabled())
        return;
    const QString cluster = m_snapshot.profileName.isEmpty() ? m_snapshot.bootstrapServers : m_snapshot.profileName;
    QMessageBox box(
        QMessageBox::Warning, tr("Delete committed offsets?"),
        tr("Delete the committed offsets of group \"%1\" on cluster \"%2\" for %3?")
            .arg(m_groupId, cluster, formatCountOf(request.partitions.size(), tr("partition"), tr("partitions"))),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("deleteConfirmation"));
    box.setInformativeText(tr("The previous offsets are kept in the audit log; a reset can put them back."));
    QPushButton *remove = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    setProgress(tr("Checking the group once more and deleting…"));
    Q_EMIT deleteRequested(request);
}

void DeleteOffsetsDialog::reject()
{
    if (m_running)
        return;
    QDialog::reject();
}

} // namespace OffsetLens
