#include "editspanel.h"

#include "numberformat.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace OffsetLens {

EditsPanel::EditsPanel(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_total(new QLabel(this))
    , m_laneLabel(new QLabel(this))
    , m_offset(new QLineEdit(this))
    , m_set(new QPushButton(tr("Set"), this))
    , m_undo(new QPushButton(tr("Undo"), this))
    , m_discard(new QPushButton(tr("Discard"), this))
    , m_review(new QPushButton(tr("Review && Apply…"), this))
{
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_list->setColumnCount(4);
    m_list->setHeaderLabels({tr("Partition"), tr("Committed"), tr("Target"), tr("Change")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAccessibleName(tr("Pending edits"));
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->setMinimumHeight(90);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT rowActivated(
            TopicPartition{item->data(0, Qt::UserRole).toString(), item->data(0, Qt::UserRole + 1).toInt()});
    });
    m_total->setWordWrap(true);
    m_laneLabel->setBuddy(m_offset);
    m_offset->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9][0-9,  ]{0,24}")), m_offset));
    m_offset->setPlaceholderText(tr("offset"));
    m_offset->setAccessibleName(tr("Exact offset for the current lane"));
    m_offset->setClearButtonEnabled(true);
    connect(m_offset, &QLineEdit::returnPressed, this, &EditsPanel::submitOffset);
    connect(m_set, &QPushButton::clicked, this, &EditsPanel::submitOffset);
    m_undo->setToolTip(tr("Undo the last pending edit (Ctrl+Z)"));
    m_discard->setToolTip(tr("Forget every pending edit"));
    m_review->setToolTip(tr("Open the reset preview with exactly these targets; nothing is written before you "
                            "confirm there"));
    m_review->setDefault(false);
    m_review->setAutoDefault(false);
    connect(m_undo, &QPushButton::clicked, this, &EditsPanel::undoRequested);
    connect(m_discard, &QPushButton::clicked, this, &EditsPanel::discardRequested);
    connect(m_review, &QPushButton::clicked, this, &EditsPanel::reviewRequested);

    auto *offsetRow = new QHBoxLayout;
    offsetRow->addWidget(m_laneLabel);
    offsetRow->addWidget(m_offset, 1);
    offsetRow->addWidget(m_set);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_undo);
    buttons->addWidget(m_discard);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addLayout(offsetRow);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_total);
    layout->addLayout(buttons);
    layout->addWidget(m_review);
    setRows({});
    setCurrentLane(QString(), std::nullopt, false);
}

void EditsPanel::setStatus(const QString &text, bool editable)
{
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText,
                     editable ? QPalette().color(QPalette::WindowText) : QPalette().color(QPalette::PlaceholderText));
    m_status->setPalette(palette);
}

void EditsPanel::setRows(const QList<Row> &rows)
{
    m_list->clear();
    qint64 reread = 0;
    qint64 skipped = 0;
    for (const Row &row : rows) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, partitionName(row.tp));
        item->setData(0, Qt::UserRole, row.tp.topic);
        item->setData(0, Qt::UserRole + 1, row.tp.partition);
        item->setText(1, row.committed >= 0 ? formatCount(row.committed) : QStringLiteral("-"));
        item->setText(2, formatCount(row.target));
        item->setText(3, row.committed >= 0 ? formatSignedCount(row.target - row.committed) : tr("new"));
        for (int c = 1; c < 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        if (row.committed >= 0 && row.target < row.committed)
            reread += row.committed - row.target;
        else if (row.committed >= 0)
            skipped += row.target - row.committed;
    }
    if (rows.isEmpty()) {
        m_total->setText(tr("No pending edits."));
    } else {
        m_total->setText(tr("%n partition(s): %1 messages read again, %2 skipped.", nullptr, int(rows.size()))
                             .arg(formatCount(reread), formatCount(skipped)));
    }
    m_discard->setEnabled(!rows.isEmpty());
    m_review->setEnabled(!rows.isEmpty());
}

void EditsPanel::setCurrentLane(const QString &label, std::optional<qint64> value, bool enabled)
{
    m_laneLabel->setText(label.isEmpty() ? tr("O&ffset:") : tr("O&ffset for %1:").arg(label));
    if (!m_offset->hasFocus())
        m_offset->setText(value ? QString::number(*value) : QString());
    m_offset->setEnabled(enabled);
    m_set->setEnabled(enabled);
}

void EditsPanel::setCanUndo(bool canUndo)
{
    m_undo->setEnabled(canUndo);
}

void EditsPanel::submitOffset()
{
    QString text = m_offset->text();
    text.remove(QLatin1Char(',')).remove(QLatin1Char(' ')).remove(QChar(0x202F)).remove(QChar(0xA0));
    bool ok = false;
    const qint64 offset = text.toLongLong(&ok);
    if (!ok || offset < 0) {
        m_offset->selectAll();
        return;
    }
    Q_EMIT offsetEntered(offset);
}

} // namespace OffsetLens
