#include "peekview.h"

#include "peekformat.h"
#include "peektablemodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {

// Laying out one long unbroken line costs about 3 ms per KiB in QPlainTextEdit: 16 KiB keeps selecting a message
// well under the GUI's 50 ms budget (the size line says how much there is).
constexpr qsizetype kDetailChars = 16 * 1024;

QPlainTextEdit *readOnlyText(QWidget *parent, bool wrap)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    // Tab moves focus on rather than being swallowed: the pane stays keyboard accessible.
    edit->setTabChangesFocus(true);
    edit->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    return edit;
}

} // namespace

PeekView::PeekView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_anchor(new QComboBox(this))
    , m_offset(new QLineEdit(this))
    , m_before(new QSpinBox(this))
    , m_after(new QSpinBox(this))
    , m_peek(new QPushButton(tr("&Peek"), this))
    , m_cancel(new QPushButton(tr("&Cancel"), this))
    , m_status(new QLabel(this))
    , m_model(new PeekTableModel(this))
    , m_table(new QTableView(this))
    , m_detailInfo(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_text(readOnlyText(this, true))
    , m_json(readOnlyText(this, false))
    , m_hex(readOnlyText(this, false))
    , m_headers(new QTableWidget(0, 2, this))
{
    m_anchor->addItem(tr("Committed offset"), int(Anchor::Committed));
    m_anchor->addItem(tr("Last message (HW − 1)"), int(Anchor::LastMessage));
    m_anchor->addItem(tr("Log start"), int(Anchor::LogStart));
    m_anchor->addItem(tr("Typed offset"), int(Anchor::Typed));
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,18}")), this));
    m_offset->setPlaceholderText(tr("offset"));
    m_offset->setMaximumWidth(180);
    for (QSpinBox *box : {m_before, m_after}) {
        box->setRange(0, 500);
        box->setValue(5);
    }
    m_cancel->setEnabled(false);
    m_peek->setDefault(true);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *anchorLabel = new QLabel(tr("&At:"), this);
    anchorLabel->setBuddy(m_anchor);
    auto *beforeLabel = new QLabel(tr("&Before:"), this);
    beforeLabel->setBuddy(m_before);
    auto *afterLabel = new QLabel(tr("A&fter:"), this);
    afterLabel->setBuddy(m_after);
    auto *controls = new QHBoxLayout;
    controls->addWidget(anchorLabel);
    controls->addWidget(m_anchor);
    controls->addWidget(m_offset);
    controls->addWidget(beforeLabel);
    controls->addWidget(m_before);
    controls->addWidget(afterLabel);
    controls->addWidget(m_after);
    controls->addStretch();
    controls->addWidget(m_peek);
    controls->addWidget(m_cancel);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(PeekTableModel::Value, QHeaderView::Stretch);
    m_table->setColumnWidth(PeekTableModel::Timestamp, 330);
    m_table->setColumnWidth(PeekTableModel::Key, 120);
    m_table->setColumnWidth(PeekTableModel::Size, 200);

    m_tabs->addTab(m_text, tr("&Text"));
    m_tabs->addTab(m_json, tr("&JSON"));
    m_tabs->addTab(m_hex, tr("He&x"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_detailInfo->setWordWrap(true);
    m_detailInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *detailSplit = new QSplitter(Qt::Horizontal, this);
    detailSplit->addWidget(m_tabs);
    detailSplit->addWidget(m_headers);
    detailSplit->setStretchFactor(0, 3);
    detailSplit->setStretchFactor(1, 1);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detailInfo);
    detailLayout->addWidget(detailSplit, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_anchor, &QComboBox::activated, this, [this] { anchorChosen(); });
    connect(m_offset, &QLineEdit::textEdited, this,
            [this] { m_anchor->setCurrentIndex(m_anchor->findData(int(Anchor::Typed))); });
    connect(m_offset, &QLineEdit::returnPressed, m_peek, &QPushButton::click);
    connect(m_peek, &QPushButton::clicked, this, [this] {
        if (m_offset->text().isEmpty()) {
            m_status->setText(tr("Choose or type an offset to peek at."));
            return;
        }
        Q_EMIT peekRequested(request());
    });
    connect(m_cancel, &QPushButton::clicked, this, &PeekView::cancelRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showDetail(current); });
    showDetail({});
}

void PeekView::setPartition(const TopicPartition &tp, const PeekAnchors &anchors, qint64 initial)
{
    m_tp = tp;
    m_anchors = anchors;
    m_title->setText(tr("Messages of %1, partition %2").arg(tp.topic).arg(tp.partition));
    const auto describe = [this](Anchor anchor, const QString &name, qint64 offset) {
        const int index = m_anchor->findData(int(anchor));
        m_anchor->setItemText(index, offset >= 0 ? tr("%1 (%2)").arg(name).arg(offset) : tr("%1 (unknown)").arg(name));
        // A disabled entry still shows that the offset exists as a concept but is unknown here.
        if (auto *model = qobject_cast<QStandardItemModel *>(m_anchor->model()))
            model->item(index)->setEnabled(offset >= 0);
    };
    describe(Anchor::Committed, tr("Committed offset"), anchors.committed);
    describe(Anchor::LastMessage, tr("Last message (HW − 1)"),
             anchors.highWatermark > 0 ? anchors.highWatermark - 1 : kNoOffset);
    describe(Anchor::LogStart, tr("Log start"), anchors.logStart);
    Anchor chosen = Anchor::Typed;
    if (initial < 0)
        chosen = anchors.committed >= 0 ? Anchor::Committed : Anchor::LastMessage;
    else if (initial == anchors.committed)
        chosen = Anchor::Committed;
    else if (initial == anchors.highWatermark - 1)
        chosen = Anchor::LastMessage;
    else if (initial == anchors.logStart)
        chosen = Anchor::LogStart;
    m_anchor->setCurrentIndex(m_anchor->findData(int(chosen)));
    if (chosen == Anchor::Typed)
        m_offset->setText(QString::number(initial));
    else
        anchorChosen();
}

void PeekView::anchorChosen()
{
    qint64 offset = kNoOffset;
    switch (Anchor(m_anchor->currentData().toInt())) {
    case Anchor::Committed:
        offset = m_anchors.committed;
        break;
    case Anchor::LastMessage:
        offset = m_anchors.highWatermark > 0 ? m_anchors.highWatermark - 1 : kNoOffset;
        break;
    case Anchor::LogStart:
        offset = m_anchors.logStart;
        break;
    case Anchor::Typed:
        m_offset->setFocus();
        return;
    }
    m_offset->setText(offset >= 0 ? QString::number(offset) : QString());
}

PeekRequest PeekView::request() const
{
    PeekRequest request;
    request.tp = m_tp;
    bool ok = false;
    request.anchor = m_offset->text().toLongLong(&ok);
    if (!ok)
        request.anchor = kNoOffset;
    request.before = m_before->value();
    request.after = m_after->value();
    return request;
}

void PeekView::setRunning(bool running, const QString &step)
{
    m_peek->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (running)
        m_status->setText(step.isEmpty() ? tr("Reading…") : step);
}

void PeekView::showResult(const PeekResult &result)
{
    setRunning(false);
    m_model->setMessages(result.messages, result.request.anchor);
    QStringList status;
    if (!result.error.isEmpty())
        status.append(tr("The peek failed: %1").arg(result.error));
    if (!result.message.isEmpty())
        status.append(result.message);
    if (result.logStart >= 0 && result.highWatermark >= 0)
        status.append((result.messages.size() == 1 ? tr("1 message shown; the log holds offsets %2 to %3.")
                                                   : tr("%1 messages shown; the log holds offsets %2 to %3."))
                          .arg(result.messages.size())
                          .arg(result.logStart)
                          .arg(result.highWatermark - 1));
    m_status->setText(status.join(QLatin1Char(' ')));
    const int row = m_model->rowOf(result.request.anchor);
    if (m_model->rowCount() > 0) {
        const QModelIndex current = m_model->index(row >= 0 ? row : 0, 0);
        m_table->setCurrentIndex(current);
        m_table->scrollTo(current);
    } else {
        showDetail({});
    }
}

void PeekView::showDetail(const QModelIndex &current)
{
    const PeekedMessage *m = m_model->message(current.row());
    m_headers->setRowCount(0);
    if (!m) {
        m_detailInfo->setText(tr("Select a message to see its value and headers."));
        for (QPlainTextEdit *edit : {m_text, m_json, m_hex})
            edit->clear();
        return;
    }
    const QString key = m->keyIsNull          ? tr("(null)")
                        : looksBinary(m->key) ? tr("(binary)")
                                              : peekText(m->key, false, 200);
    m_detailInfo->setText(tr("Offset %1 · %2 · key %3 (%4) · value %5")
                              .arg(m->offset)
                              .arg(peekTimestamp(m->timestampMs, m->timestampType), key,
                                   peekSize(m->keySize, m->key.size(), m->keyIsNull),
                                   peekSize(m->valueSize, m->value.size(), m->valueIsNull)));
    const bool binary = looksBinary(m->value);
    m_text->setPlainText(m->valueIsNull ? tr("(null: a tombstone)") : peekText(m->value, true, kDetailChars));
    const std::optional<QString> json = m->valueTruncated() ? std::nullopt : peekJson(m->value);
    m_json->setPlainText(
        json ? *json
        : m->valueTruncated()
            ? tr("Not shown as JSON: the value is cut at %1.").arg(peekSize(m->value.size(), m->value.size(), false))
            : tr("The value is not JSON."));
    m_tabs->setTabEnabled(JsonTab, json.has_value());
    m_hex->setPlainText(peekHex(m->value));
    m_tabs->setCurrentIndex(json ? JsonTab : binary ? HexTab : TextTab);
    m_headers->setRowCount(int(m->headers.size()));
    for (int i = 0; i < m->headers.size(); ++i) {
        const PeekHeader &h = m->headers.at(i);
        m_headers->setItem(i, 0, new QTableWidgetItem(peekText(h.name.toUtf8(), false, 200)));
        const QString value = h.isNull               ? tr("(null)")
                              : looksBinary(h.value) ? peekHex(h.value, 64).trimmed()
                                                     : peekText(h.value, false, 1000);
        m_headers->setItem(i, 1, new QTableWidgetItem(value));
    }
}

QString PeekView::detailText(DetailTab tab) const
{
    return (tab == TextTab ? m_text : tab == JsonTab ? m_json : m_hex)->toPlainText();
}

QString PeekView::statusText() const
{
    return m_status->text();
}

PeekDialog::PeekDialog(QWidget *parent)
    : QDialog(parent)
    , m_view(new PeekView(this))
{
    setWindowTitle(tr("Peek at Messages"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(1100, 700);
}

} // namespace OffsetLens
