#include "connectdialog.h"

#include "commandline.h"
#include "profilestore.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace OffsetLens {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Open a Cluster"));

    m_list = new QListWidget(this);
    m_list->setMinimumWidth(220);
    auto *newButton = new QPushButton(tr("&New"), this);
    m_delete = new QPushButton(tr("&Delete"), this);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(newButton);
    listButtons->addWidget(m_delete);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list);
    left->addLayout(listButtons);

    m_name = new QLineEdit(this);
    m_bootstrap = new QLineEdit(this);
    m_bootstrap->setPlaceholderText(QStringLiteral("broker1:9092,broker2:9092"));
    m_pinned = new QPlainTextEdit(this);
    m_pinned->setPlaceholderText(tr("One group id per line. Shown even when the cluster cannot list groups."));
    m_pinned->setTabChangesFocus(true);
    m_properties = new QPlainTextEdit(this);
    m_properties->setPlaceholderText(QStringLiteral("security.protocol=SASL_SSL\nsasl.mechanisms=PLAIN"));
    m_properties->setTabChangesFocus(true);
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(500, 600000);
    m_timeout->setSingleStep(1000);
    m_timeout->setSuffix(tr(" ms"));
    m_interval = new QSpinBox(this);
    m_interval->setRange(0, 3600000);
    m_interval->setSingleStep(1000);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setSpecialValueText(tr("Off"));
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e"));

    m_name->setObjectName(QStringLiteral("profileName"));
    m_bootstrap->setObjectName(QStringLiteral("bootstrapServers"));
    m_pinned->setObjectName(QStringLiteral("pinnedGroups"));
    m_properties->setObjectName(QStringLiteral("clientProperties"));
    m_error->setObjectName(QStringLiteral("formError"));
    newButton->setObjectName(QStringLiteral("newProfile"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Bootstrap servers:"), m_bootstrap);
    form->addRow(tr("&Pinned groups:"), m_pinned);
    form->addRow(tr("Client p&roperties:"), m_properties);
    form->addRow(tr("Request &timeout:"), m_timeout);
    form->addRow(tr("Auto-&refresh:"), m_interval);
    form->addRow(m_error);
    auto *note = new QLabel(tr("Passwords and secrets are not saved; put them in a --command-config file or enter "
                               "them each time."),
                            this);
    note->setWordWrap(true);
    form->addRow(note);

    m_buttons = new QDialogButtonBox(this);
    m_save = m_buttons->addButton(tr("&Save"), QDialogButtonBox::ApplyRole);
    m_buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole)->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *body = new QHBoxLayout;
    body->addLayout(left);
    body->addLayout(form, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addWidget(m_buttons);

    connect(m_list, &QListWidget::currentRowChanged, this, &ConnectDialog::showProfile);
    connect(m_list, &QListWidget::itemActivated, this, &ConnectDialog::accept);
    connect(newButton, &QPushButton::clicked, this, &ConnectDialog::newProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectDialog::deleteProfile);
    connect(m_save, &QPushButton::clicked, this, &ConnectDialog::saveCurrent);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);

    reload(ProfileStore().lastUsed());
    resize(760, 460);
}

void ConnectDialog::reload(const QString &select)
{
    m_profiles = ProfileStore().profiles();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    int selectRow = 0;
    for (int i = 0; i < m_profiles.size(); ++i) {
        m_list->addItem(m_profiles[i].name);
        if (m_profiles[i].id == select)
            selectRow = i;
    }
    m_list->setCurrentRow(selectRow);
    showProfile(selectRow);
}

void ConnectDialog::selectProfile(const QString &profileId)
{
    reload(profileId);
}

void ConnectDialog::setFormEnabled(bool enabled)
{
    for (QWidget *w :
         {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_bootstrap), static_cast<QWidget *>(m_pinned),
          static_cast<QWidget *>(m_properties), static_cast<QWidget *>(m_timeout)}) {
        w->setEnabled(enabled);
    }
    m_save->setEnabled(enabled);
    m_delete->setEnabled(enabled);
}

void ConnectDialog::showProfile(int row)
{
    m_error->clear();
    const ConnectionProfile p = (row >= 0 && row < m_profiles.size()) ? m_profiles[row] : ConnectionProfile();
    m_name->setText(p.name);
    m_bootstrap->setText(p.isDemo ? tr("(started in-process on loopback ports)") : p.bootstrapServers);
    m_pinned->setPlainText(p.pinnedGroups.join(QLatin1Char('\n')));
    QStringList props;
    for (auto it = p.clientProperties.cbegin(); it != p.clientProperties.cend(); ++it)
        props.append(it.key() + QLatin1Char('=') + it.value());
    m_properties->setPlainText(props.join(QLatin1Char('\n')));
    m_timeout->setValue(p.requestTimeoutMs);
    m_interval->setValue(p.refreshIntervalMs);
    // The demo's connection is made by the app itself; only its refresh interval is the user's to choose.
    setFormEnabled(!p.isDemo);
}

void ConnectDialog::newProfile()
{
    m_list->clearSelection();
    m_list->setCurrentRow(-1);
    showProfile(-1);
    m_name->setText(tr("New cluster"));
    m_name->setFocus();
    m_name->selectAll();
}

void ConnectDialog::deleteProfile()
{
    const int row = m_list->currentRow();
    if (row <= 0 || row >= m_profiles.size())
        return;
    const QString name = m_profiles[row].name;
    if (QMessageBox::question(this, tr("Delete Profile"), tr("Delete the connection profile “%1”?").arg(name)) !=
        QMessageBox::Yes)
        return;
    ProfileStore().remove(name);
    reload(QString());
}

bool ConnectDialog::readForm(ConnectionProfile *profile, QString *error) const
{
    const int row = m_list->currentRow();
    if (row == 0 && !m_profiles.isEmpty() && m_profiles[0].isDemo) {
        *profile = m_profiles[0];
        profile->refreshIntervalMs = m_interval->value();
        return true;
    }
    // Editing keeps the profile's id (a rename is still the same profile); a new profile gets one when saved.
    profile->id = (row >= 0 && row < m_profiles.size()) ? m_profiles[row].id : QString();
    profile->name = m_name->text().trimmed();
    profile->bootstrapServers = m_bootstrap->text().trimmed();
    if (profile->name.isEmpty()) {
        *error = tr("Give the profile a name.");
        return false;
    }
    if (profile->name == ProfileStore::demoProfileName()) {
        *error = tr("That name is reserved for the embedded demo cluster.");
        return false;
    }
    QString bootstrapError;
    if (!validateBootstrapServers(profile->bootstrapServers, &bootstrapError)) {
        *error = tr("Bootstrap servers: %1").arg(bootstrapError);
        return false;
    }
    profile->pinnedGroups.clear();
    for (const QString &line : m_pinned->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            profile->pinnedGroups.append(line.trimmed());
    }
    profile->clientProperties.clear();
    int lineNo = 0;
    for (const QString &raw : m_properties->toPlainText().split(QLatin1Char('\n'))) {
        ++lineNo;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = tr("Client properties, line %1: expected key=value").arg(lineNo);
            return false;
        }
        profile->clientProperties.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    profile->requestTimeoutMs = m_timeout->value();
    profile->refreshIntervalMs = m_interval->value();
    return true;
}

bool ConnectDialog::saveCurrent()
{
    ConnectionProfile p;
    QString error;
    if (!readForm(&p, &error) || (!p.isDemo && !ProfileStore().save(p, &error, &p))) {
        m_error->setText(error);
        return false;
    }
    if (!p.isDemo)
        reload(p.id);
    return true;
}

void ConnectDialog::accept()
{
    ConnectionProfile p;
    QString error;
    if (!readForm(&p, &error)) {
        m_error->setText(error);
        return;
    }
    // Connecting keeps what the user typed, so a new cluster does not have to be entered twice.
    if (!p.isDemo && !ProfileStore().save(p, &error, &p)) {
        m_error->setText(error);
        return;
    }
    m_result = p;
    QDialog::accept();
}

ConnectionProfile ConnectDialog::profile() const
{
    return m_result;
}

} // namespace OffsetLens
