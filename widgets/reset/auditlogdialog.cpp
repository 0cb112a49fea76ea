#include "auditlogdialog.h"

#include "healthproxymodel.h"
#include "numberformat.h"
#include "panelparts.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace OffsetLens {

namespace {
QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(number ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    return item;
}

QTableWidget *table(const QStringList &headers, QWidget *parent)
{
    auto *view = new QTableWidget(0, int(headers.size()), parent);
    view->setHorizontalHeaderLabels(headers);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

bool outcomeIsFine(const QString &outcome)
{
    return outcome.startsWith(QLatin1String("confirmed")) || outcome.startsWith(QLatin1String("deleted"));
}
} // namespace

AuditLogDialog::AuditLogDialog(const QList<ResetAuditEntry> &entries, QWidget *parent)
    : QDialog(parent)
    , m_list(entries)
    , m_entries(table({tr("Time"), tr("Action"), tr("Cluster"), tr("Group"), tr("Strategy"), tr("Summary")}, this))
    , m_rows(table({tr("Topic"), tr("Partition"), tr("Before"), tr("After"), tr("Outcome")}, this))
    , m_detail(PanelParts::factsLabel(this))
{
    setWindowTitle(tr("Audit log of offset writes"));
    std::stable_sort(m_list.begin(), m_list.end(),
                     [](const ResetAuditEntry &a, const ResetAuditEntry &b) { return a.time > b.time; });

    m_entries->setRowCount(int(m_list.size()));
    for (int row = 0; row < m_list.size(); ++row) {
        const ResetAuditEntry &entry = m_list.at(row);
        auto *time = cell(entry.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        time->setToolTip(entry.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        m_entries->setItem(row, 0, time);
        m_entries->setItem(row, 1, cell(resetAuditActionName(entry.action)));
        auto *cluster = cell(entry.clusterName.isEmpty() ? entry.bootstrapServers : entry.clusterName);
        cluster->setToolTip(entry.bootstrapServers);
        m_entries->setItem(row, 2, cluster);
        m_entries->setItem(row, 3, cell(entry.groupId));
        m_entries->setItem(row, 4, cell(entry.strategy));
        auto *summary = cell(entry.summary);
        summary->setToolTip(entry.summary);
        m_entries->setItem(row, 5, summary);
    }
    QHeaderView *header = m_entries->horizontalHeader();
    header->resizeSection(0, 150);
    header->resizeSection(1, 100);
    header->resizeSection(2, 150);
    header->resizeSection(3, 170);
    header->resizeSection(4, 150);
    m_rows->horizontalHeader()->resizeSection(0, 200);

    auto *empty = PanelParts::noteLabel(tr("No offsets were written with OffsetLens yet."), this);
    empty->setVisible(m_list.isEmpty());

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_detail);
    lowerLayout->addWidget(m_rows, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_entries);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *openFolder = new QPushButton(tr("&Open folder"), this);
    openFolder->setAutoDefault(false);
    openFolder->setToolTip(tr("Show the folder holding the audit log (JSON lines)"));
    auto *close = new QPushButton(tr("Close"), this);
    close->setAutoDefault(false);
    connect(openFolder, &QPushButton::clicked, this, &AuditLogDialog::openFolderRequested);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(openFolder);
    buttons->addStretch(1);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(empty);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    connect(m_entries, &QTableWidget::currentCellChanged, this, [this](int row) { showEntry(row); });
    if (!m_list.isEmpty())
        m_entries->selectRow(0);
    showEntry(m_list.isEmpty() ? -1 : 0);
    resize(1000, 640);
}

void AuditLogDialog::showEntry(int index)
{
    m_rows->setRowCount(0);
    if (index < 0 || index >= m_list.size()) {
        m_detail->clear();
        return;
    }
    const ResetAuditEntry &entry = m_list.at(index);
    m_detail->setText(PanelParts::factsHtml({
        {tr("Time (UTC)"), entry.time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))},
        {tr("Bootstrap"), entry.bootstrapServers},
        {tr("Group"), entry.groupId},
        {tr("From"), entry.origin},
        {tr("Partitions"), formatCount(entry.rows.size())},
    }));
    const QPalette palette = QApplication::palette();
    m_rows->setRowCount(int(entry.rows.size()));
    for (int row = 0; row < entry.rows.size(); ++row) {
        const ResetAuditEntry::Row &r = entry.rows.at(row);
        QTableWidgetItem *items[] = {cell(r.tp.topic), cell(QString::number(r.tp.partition), true),
                                     cell(formatOffset(r.before), true), cell(formatOffset(r.after), true),
                                     cell(r.outcome)};
        const bool fine = outcomeIsFine(r.outcome);
        for (int column = 0; column < 5; ++column) {
            if (!fine)
                items[column]->setBackground(HealthProxyModel::backgroundFor(2, palette));
            m_rows->setItem(row, column, items[column]);
        }
    }
}

} // namespace OffsetLens
