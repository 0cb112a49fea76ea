#include "importpreviewdialog.h"

#include "profileconfig.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {
enum Column
{
    LineColumn,
    KeyColumn,
    KindColumn,
    NoteColumn,
};

QString securityText(const ConnectionProfile &p)
{
    QString text = QString::fromLatin1(securityProtocolName(p.securityProtocol)).toUpper();
    if (p.usesSasl())
        text += QStringLiteral(", ") + QString::fromLatin1(saslMechanismName(p.saslMechanism));
    return text;
}
} // namespace

QString ImportPreviewDialog::kindName(ImportNoteKind kind)
{
    switch (kind) {
    case ImportNoteKind::Unsupported:
        return tr("Not carried over");
    case ImportNoteKind::Unknown:
        return tr("Unknown key");
    case ImportNoteKind::Converted:
        return tr("Converted");
    case ImportNoteKind::Warning:
        return tr("Check this");
    }
    return {};
}

ImportPreviewDialog::ImportPreviewDialog(const QString &filePath, const QString &formatName,
                                         const ProfileImport &result, QWidget *parent)
    : QDialog(parent)
    , m_result(result)
{
    setWindowTitle(tr("Import Profile"));
    auto *intro = new QLabel(tr("Importing <b>%1</b> as a %2.")
                                 .arg(QDir::toNativeSeparators(filePath).toHtmlEscaped(), formatName.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("importName"));
    m_name->setText(result.profile.name.isEmpty() ? QFileInfo(filePath).completeBaseName() : result.profile.name);
    const ConnectionProfile &p = result.profile;
    auto *summary = new QFormLayout;
    summary->addRow(tr("Profile &name:"), m_name);
    auto *servers =
        new QLabel(p.bootstrapServers.isEmpty() ? tr("(none: enter them after importing)") : p.bootstrapServers, this);
    servers->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary->addRow(tr("Bootstrap servers:"), servers);
    summary->addRow(tr("Security:"), new QLabel(securityText(p), this));
    if (!p.secrets.isEmpty()) {
        auto *secrets = new QLabel(tr("The passwords and secrets found in the file go where the profile keeps "
                                      "its secrets; they are never shown here."),
                                   this);
        secrets->setWordWrap(true);
        summary->addRow(tr("Secrets:"), secrets);
    }

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("importErrors"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    m_error->setPalette(errorPalette);
    if (!result.errors.isEmpty())
        m_error->setText(tr("The file has errors; the profile is incomplete where they say:\n%1")
                             .arg(result.errors.join(QLatin1Char('\n'))));
    m_error->setVisible(!result.errors.isEmpty());
    m_nameError = new QLabel(this);
    m_nameError->setObjectName(QStringLiteral("importNameError"));
    m_nameError->setPalette(errorPalette);
    m_nameError->hide(); // below the form: Qt 6.4's QFormLayout mishandles rows that are shown and hidden

    auto *notesLabel = new QLabel(result.notes.isEmpty() ? tr("Every key was carried over as it is.")
                                                         : tr("&Keys that were converted, left out or not understood:"),
                                  this);
    m_notes = new QTreeWidget(this);
    m_notes->setObjectName(QStringLiteral("importNotes"));
    m_notes->setRootIsDecorated(false);
    m_notes->setUniformRowHeights(true);
    m_notes->setHeaderLabels({tr("Line"), tr("Key"), tr("What"), tr("Note")});
    m_notes->setVisible(!result.notes.isEmpty());
    notesLabel->setBuddy(m_notes);
    for (const ImportNote &note : result.notes) {
        auto *item = new QTreeWidgetItem(m_notes);
        item->setText(LineColumn, note.line > 0 ? QString::number(note.line) : QString());
        item->setTextAlignment(LineColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(KeyColumn, note.key);
        item->setText(KindColumn, kindName(note.kind));
        item->setText(NoteColumn, note.message.section(QLatin1Char('\n'), 0, 0));
        item->setToolTip(NoteColumn, note.message);
    }
    m_notes->header()->setSectionResizeMode(LineColumn, QHeaderView::ResizeToContents);
    m_notes->header()->setSectionResizeMode(KeyColumn, QHeaderView::ResizeToContents);
    m_notes->header()->setSectionResizeMode(KindColumn, QHeaderView::ResizeToContents);

    m_noteText = new QPlainTextEdit(this);
    m_noteText->setObjectName(QStringLiteral("importNoteText"));
    m_noteText->setReadOnly(true);
    m_noteText->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_noteText->setTabChangesFocus(true);
    // Commands stay on one line each, so that a line copied is a command that runs.
    m_noteText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_noteText->setMinimumHeight(m_noteText->fontMetrics().lineSpacing() * 7);
    m_noteText->setVisible(!result.notes.isEmpty());
    auto *copy = new QPushButton(tr("&Copy Note"), this);
    copy->setObjectName(QStringLiteral("copyNote"));
    copy->setVisible(!result.notes.isEmpty());
    connect(copy, &QPushButton::clicked, this, [this] {
        QString selected = m_noteText->textCursor().selectedText();
        // QTextCursor hands paragraph breaks back as U+2029.
        QApplication::clipboard()->setText(selected.isEmpty() ? m_noteText->toPlainText()
                                                              : selected.replace(QChar::ParagraphSeparator, u'\n'));
    });
    connect(m_notes, &QTreeWidget::currentItemChanged, this, &ImportPreviewDialog::showNote);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *create = buttons->addButton(tr("C&reate Profile"), QDialogButtonBox::AcceptRole);
    create->setObjectName(QStringLiteral("createProfile"));
    create->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportPreviewDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportPreviewDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(summary);
    layout->addWidget(m_nameError);
    layout->addWidget(m_error);
    layout->addWidget(notesLabel);
    layout->addWidget(m_notes, 1);
    auto *noteLine = new QHBoxLayout;
    noteLine->addWidget(m_noteText, 1);
    noteLine->addWidget(copy, 0, Qt::AlignTop);
    layout->addLayout(noteLine, 1);
    layout->addWidget(buttons);
    resize(760, result.notes.isEmpty() ? 260 : 520);

    if (m_notes->topLevelItemCount() > 0)
        m_notes->setCurrentItem(m_notes->topLevelItem(0));
    m_name->setFocus();
    m_name->selectAll();
}

void ImportPreviewDialog::showNote()
{
    const int row = m_notes->indexOfTopLevelItem(m_notes->currentItem());
    if (row < 0 || row >= m_result.notes.size()) {
        m_noteText->clear();
        return;
    }
    const ImportNote &note = m_result.notes.at(row);
    const QString where = note.line > 0 ? tr("Line %1").arg(note.line) : tr("The file");
    const QString key = note.key.isEmpty() ? QString() : QStringLiteral(", %1").arg(note.key);
    m_noteText->setPlainText(QStringLiteral("%1%2 (%3):\n%4").arg(where, key, kindName(note.kind), note.message));
}

QString ImportPreviewDialog::profileName() const
{
    return m_name->text().trimmed();
}

void ImportPreviewDialog::accept()
{
    const QString error = profileName().isEmpty() ? tr("Give the profile a name.")
                          : m_check               ? m_check(profileName())
                                                  : QString();
    if (!error.isEmpty()) {
        m_nameError->setText(error);
        m_nameError->show();
        m_name->setFocus();
        m_name->selectAll();
        return;
    }
    QDialog::accept();
}

} // namespace OffsetLens
