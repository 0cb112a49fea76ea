#include "unlockwritesdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace OffsetLens {

UnlockWritesDialog::UnlockWritesDialog(const QString &clusterName, const QString &bootstrapServers, QWidget *parent)
    : QDialog(parent)
    , m_clusterName(clusterName)
    , m_name(new QLineEdit(this))
{
    setWindowTitle(tr("Unlock Writes"));
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    auto *text = new QLabel(this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    const QString where = bootstrapServers.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(bootstrapServers);
    text->setText(tr("<p><b>%1</b>%2 is tagged as a <b>production</b> cluster.</p>"
                     "<p>Unlocking allows resetting and deleting its consumer groups' offsets and deleting its "
                     "groups until OffsetLens quits, the cluster is closed, or you lock it again. Each write still "
                     "asks for confirmation.</p>"
                     "<p>Type the cluster's name to unlock it:</p>")
                      .arg(clusterName.toHtmlEscaped(), where.toHtmlEscaped()));
    m_name->setObjectName(QStringLiteral("unlockClusterName"));
    m_name->setPlaceholderText(clusterName);
    m_name->setClearButtonEnabled(true);

    auto *buttons = new QDialogButtonBox(this);
    m_unlock = buttons->addButton(tr("Unlock Writes"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_unlock->setEnabled(false);
    m_unlock->setAutoDefault(false);
    m_cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString &typed) {
        // The exact name (surrounding spaces aside): a prefix or another cluster's name does not unlock.
        const bool match = typed.trimmed() == m_clusterName;
        m_unlock->setEnabled(match);
        m_unlock->setDefault(match);
        m_cancel->setDefault(!match);
    });

    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_name);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    m_name->setFocus();
}

} // namespace OffsetLens
