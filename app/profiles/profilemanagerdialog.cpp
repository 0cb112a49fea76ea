#include "profilemanagerdialog.h"

#include "colourtagbutton.h"
#include "connectionmanager.h"
#include "connectiontestpanel.h"
#include "profileform.h"
#include "profilelistdelegate.h"
#include "profilestore.h"

#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace OffsetLens {

namespace {
constexpr int kIdRole = Qt::UserRole;

QString detailOf(const ConnectionProfile &p)
{
    if (p.isDemo)
        return ProfileManagerDialog::tr("runs inside OffsetLens");
    return p.bootstrapServers;
}

QStringList badgesOf(const ConnectionProfile &p)
{
    QStringList badges;
    if (p.production)
        badges.append(ProfileManagerDialog::tr("production"));
    if (p.readOnly)
        badges.append(ProfileManagerDialog::tr("read-only"));
    return badges;
}
} // namespace

ProfileManagerDialog::ProfileManagerDialog(ConnectionManager *connections, QWidget *parent, QSettings *settings,
                                           SecretStoreResolver *secrets)
    : QDialog(parent)
    , m_connections(connections)
    , m_store(std::make_unique<ProfileStore>(settings, secrets))
{
    setWindowTitle(tr("Cluster Profiles"));
    buildUi();
    if (m_connections) {
        connect(m_connections, &ConnectionManager::opened, this, &ProfileManagerDialog::updateOpenState);
        connect(m_connections, &ConnectionManager::closed, this, &ProfileManagerDialog::updateOpenState);
    }
    reloadList(m_store->lastUsed());
    showProfile(m_list->currentItem()->data(kIdRole).toString());
    m_list->setFocus();
}

ProfileManagerDialog::~ProfileManagerDialog() = default;

void ProfileManagerDialog::buildUi()
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setItemDelegate(new ProfileListDelegate(m_list));
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setMinimumWidth(260);
    m_list->setAccessibleName(tr("Profiles"));

    m_new = new QPushButton(tr("&New"), this);
    m_new->setObjectName(QStringLiteral("newProfile"));
    m_new->setToolTip(tr("Create a profile for another cluster"));
    m_duplicate = new QPushButton(tr("Du&plicate"), this);
    m_duplicate->setObjectName(QStringLiteral("duplicateProfile"));
    m_duplicate->setToolTip(tr("A copy of the selected profile, secrets included"));
    m_delete = new QPushButton(tr("De&lete"), this);
    m_delete->setObjectName(QStringLiteral("deleteProfile"));
    m_delete->setToolTip(tr("Delete the selected profile and its stored secrets (Del)"));
    m_up = new QToolButton(this);
    m_up->setObjectName(QStringLiteral("moveUp"));
    m_up->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_up->setToolTip(tr("Move up (Alt+Up)"));
    m_up->setAccessibleName(tr("Move up"));
    m_down = new QToolButton(this);
    m_down->setObjectName(QStringLiteral("moveDown"));
    m_down->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    m_down->setToolTip(tr("Move down (Alt+Down)"));
    m_down->setAccessibleName(tr("Move down"));
    m_import = new QPushButton(tr("&Import"), this);
    m_import->setObjectName(QStringLiteral("importProfile"));
    auto *importMenu = new QMenu(m_import);
    importMenu->addAction(tr("&Java Client .properties File…"), this,
                          [this] { chooseImportFile(ImportFormat::JavaProperties); });
    importMenu->addAction(tr("&librdkafka or kcat Config File…"), this,
                          [this] { chooseImportFile(ImportFormat::Librdkafka); });
    m_import->setMenu(importMenu);
    m_export = new QPushButton(tr("E&xport…"), this);
    m_export->setObjectName(QStringLiteral("exportProfile"));
    m_export->setToolTip(tr("Write the profile as a client configuration file, without its secrets"));

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_duplicate);
    listButtons->addWidget(m_delete);
    listButtons->addStretch(1);
    listButtons->addWidget(m_up);
    listButtons->addWidget(m_down);
    auto *transferButtons = new QHBoxLayout;
    transferButtons->addWidget(m_import);
    transferButtons->addWidget(m_export);
    transferButtons->addStretch(1);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(listButtons);
    leftLayout->addLayout(transferButtons);

    m_form = new ProfileForm(this);
    m_form->setObjectName(QStringLiteral("profileForm"));
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("revertProfile"));
    m_revert->setToolTip(tr("Forget the edits of this profile"));
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveProfile"));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Save the edits (%1)").arg(QKeySequence(QKeySequence::Save).toString()));
    auto *formButtons = new QHBoxLayout;
    formButtons->addStretch(1);
    formButtons->addWidget(m_revert);
    formButtons->addWidget(m_save);
    auto *editor = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_form, 1);
    editorLayout->addLayout(formButtons);
    m_test = new ConnectionTestPanel(this);
    auto *testBox = new QGroupBox(tr("Connection Test"), this);
    auto *testLayout = new QVBoxLayout(testBox);
    testLayout->addWidget(m_test);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(editor);
    right->addWidget(testBox);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    right->setChildrenCollapsible(false);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 640});
    splitter->setChildrenCollapsible(false);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("managerStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(this);
    m_connect = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectProfile"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeDialog"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);

    // Enter connects wherever the focus is (line edits included); only Connect takes it.
    for (QPushButton *button : findChildren<QPushButton *>())
        button->setAutoDefault(false);
    m_connect->setDefault(true);

    // Tab goes from the list and its buttons into the form, then the test, then the dialog's buttons.
    setTabOrder(m_list, m_new);
    setTabOrder(m_new, m_duplicate);
    setTabOrder(m_duplicate, m_delete);
    setTabOrder(m_delete, m_up);
    setTabOrder(m_up, m_down);
    setTabOrder(m_down, m_import);
    setTabOrder(m_import, m_export);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProfileManagerDialog::onCurrentRowChanged);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &ProfileManagerDialog::connectProfile);
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex &, int start, int, const QModelIndex &, int row) {
                if (!m_reloading)
                    onRowsMoved(start, row > start ? row - 1 : row);
            });
    auto *deleteKey = new QShortcut(QKeySequence::Delete, m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, &ProfileManagerDialog::deleteProfile);
    // Only on the list's side: in the form, Alt+Down opens a combo box's list.
    auto *upKey =
        new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Up), left, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(upKey, &QShortcut::activated, this, [this] { moveProfile(-1); });
    auto *downKey =
        new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Down), left, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(downKey, &QShortcut::activated, this, [this] { moveProfile(1); });

    connect(m_new, &QPushButton::clicked, this, &ProfileManagerDialog::newProfile);
    connect(m_duplicate, &QPushButton::clicked, this, &ProfileManagerDialog::duplicateProfile);
    connect(m_delete, &QPushButton::clicked, this, &ProfileManagerDialog::deleteProfile);
    connect(m_up, &QToolButton::clicked, this, [this] { moveProfile(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveProfile(1); });
    connect(m_export, &QPushButton::clicked, this, &ProfileManagerDialog::exportProfile);
    connect(m_save, &QPushButton::clicked, this, &ProfileManagerDialog::saveProfile);
    connect(m_revert, &QPushButton::clicked, this, &ProfileManagerDialog::revertProfile);
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (isOpen(m_currentId) && !m_pendingNew)
            disconnectProfile();
        else
            connectProfile();
    });
    connect(m_close, &QPushButton::clicked, this, &ProfileManagerDialog::reject);
    connect(m_test, &ConnectionTestPanel::testRequested, this, &ProfileManagerDialog::testConnection);
    connect(m_form, &ProfileForm::edited, this, [this] {
        if (QListWidgetItem *item = m_list->item(m_shownRow))
            item->setData(ProfileListDelegate::ModifiedRole, m_form->isModified());
        updateButtons();
    });
    resize(1040, 720);
}

QString ProfileManagerDialog::currentId() const
{
    return m_pendingNew ? QString() : m_currentId;
}

QString ProfileManagerDialog::statusText() const
{
    return m_status->text();
}

void ProfileManagerDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    QPalette pal = palette();
    if (error) {
        const bool dark = pal.color(QPalette::Window).lightness() < 128;
        pal.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e));
    }
    m_status->setPalette(pal);
}

bool ProfileManagerDialog::isOpen(const QString &id) const
{
    return m_connections && !id.isEmpty() && m_connections->isOpen(id);
}

std::optional<ConnectionProfile> ProfileManagerDialog::savedProfile(const QString &id) const
{
    for (const ConnectionProfile &p : m_profiles) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

int ProfileManagerDialog::rowOf(const QString &id) const
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(kIdRole).toString() == id)
            return row;
    }
    return -1;
}

void ProfileManagerDialog::updateItem(QListWidgetItem *item, const ConnectionProfile &profile)
{
    item->setText(profile.name);
    item->setData(kIdRole, profile.id);
    item->setData(ProfileListDelegate::ColourRole, profile.colour);
    item->setData(ProfileListDelegate::DetailRole, detailOf(profile));
    item->setData(ProfileListDelegate::BadgesRole, badgesOf(profile));
    const bool open = isOpen(profile.id);
    item->setData(ProfileListDelegate::OpenRole, open);
    QStringList spoken{profile.name};
    if (open)
        spoken.append(ProfileListDelegate::openText());
    spoken += badgesOf(profile);
    item->setData(Qt::AccessibleTextRole, spoken.join(QStringLiteral(", ")));
    item->setToolTip(profile.isDemo ? tr("The embedded demo cluster; it cannot be edited") : profile.bootstrapServers);
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (!profile.isDemo && !profile.id.isEmpty())
        flags |= Qt::ItemIsDragEnabled;
    if (!profile.isDemo)
        flags |= Qt::ItemIsDropEnabled; // dropping onto the demo would move a profile above it
    item->setFlags(flags);
}

void ProfileManagerDialog::reloadList(const QString &selectId)
{
    m_reloading = true;
    m_profiles = m_store->profiles();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    int select = 0;
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        auto *item = new QListWidgetItem(m_list);
        updateItem(item, p);
        if (p.id == selectId && !m_pendingNew)
            select = m_list->count() - 1;
    }
    if (m_pendingNew) {
        auto *item = new QListWidgetItem(m_list);
        ConnectionProfile shown = m_form->profile();
        shown.id.clear();
        updateItem(item, shown);
        item->setData(ProfileListDelegate::ModifiedRole, true);
        select = m_list->count() - 1;
    }
    m_list->setCurrentRow(select);
    m_shownRow = select;
    m_reloading = false;
    updateButtons();
}

void ProfileManagerDialog::selectProfile(const QString &id)
{
    const int row = rowOf(id);
    if (row >= 0)
        m_list->setCurrentRow(row); // asks about unsaved edits like any other selection
}

void ProfileManagerDialog::onCurrentRowChanged(int row)
{
    if (m_reloading || row == m_shownRow)
        return;
    const QString id = row >= 0 ? m_list->item(row)->data(kIdRole).toString() : QString();
    if (!confirmLeavingEdits()) {
        const QSignalBlocker blocker(m_list);
        m_list->setCurrentRow(m_shownRow);
        return;
    }
    // Saving rebuilt the list, and leaving a new profile drops its row: find the row chosen again.
    dropPendingNew();
    {
        const QSignalBlocker blocker(m_list);
        m_list->setCurrentRow(rowOf(id));
    }
    m_shownRow = m_list->currentRow();
    showProfile(id);
}

bool ProfileManagerDialog::confirmLeavingEdits()
{
    if (!m_form->isModified())
        return true;
    const QString name = m_form->profile().name.isEmpty() ? tr("the new profile") : m_form->profile().name;
    QMessageBox box(QMessageBox::Question, tr("Unsaved Changes"), tr("Save the changes to “%1”?").arg(name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChanges"));
    box.setInformativeText(tr("Otherwise they are lost."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveProfile();
    case QMessageBox::Discard:
        if (m_pendingNew)
            dropPendingNew();
        else
            revertProfile();
        return true;
    default:
        return false;
    }
}

void ProfileManagerDialog::dropPendingNew()
{
    if (!m_pendingNew)
        return;
    m_pendingNew = false;
    const QSignalBlocker blocker(m_list);
    delete m_list->takeItem(m_list->count() - 1);
    m_shownRow = std::min(m_shownRow, m_list->count() - 1);
}

void ProfileManagerDialog::showProfile(const QString &id)
{
    m_test->clear();
    m_currentId = id;
    const ConnectionProfile profile = savedProfile(id).value_or(ConnectionProfile());
    m_form->setProfile(profile);
    readSecretsFor(profile);
    setStatus(QString());
    updateButtons();
}

void ProfileManagerDialog::readSecretsFor(const ConnectionProfile &profile)
{
    const quint64 generation = ++m_secretsGeneration;
    const bool stored = m_store->hasStoredSecrets(profile.id);
    if (profile.isDemo || profile.id.isEmpty() || (!stored && profile.secretStorage != SecretStorage::AskEachTime)) {
        m_form->setSecretsPending(false);
        return;
    }
    m_form->setSecretsPending(true);
    m_store->readSecrets(profile, [guard = QPointer<ProfileManagerDialog>(this), generation](const SecretResult &r) {
        if (!guard || generation != guard->m_secretsGeneration)
            return; // the dialog is gone, or shows another profile now
        guard->m_form->setSecretsPending(false);
        if (r.ok()) {
            guard->m_form->setSecrets(r.secrets);
            return;
        }
        guard->setStatus(r.error == SecretError::NoKeychain
                             ? tr("The stored secrets cannot be read: %1 Enter them again and choose where to keep "
                                  "them under Passwords and Secrets.")
                                   .arg(r.message)
                             : tr("The stored secrets cannot be read: %1").arg(r.message),
                         true);
    });
}

void ProfileManagerDialog::updateOpenState()
{
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        if (const std::optional<ConnectionProfile> p = savedProfile(item->data(kIdRole).toString()))
            updateItem(item, *p);
    }
    updateButtons();
}

void ProfileManagerDialog::updateButtons()
{
    const std::optional<ConnectionProfile> saved = savedProfile(m_currentId);
    const bool demo = !m_pendingNew && saved && saved->isDemo;
    const bool savedOne = !m_pendingNew && saved && !saved->isDemo;
    const bool modified = m_form->isModified();
    const int row = m_list->currentRow();
    const int lastSaved = int(m_profiles.size()) - 1;
    m_duplicate->setEnabled(savedOne);
    m_delete->setEnabled(savedOne || m_pendingNew);
    m_up->setEnabled(savedOne && row > 1);
    m_down->setEnabled(savedOne && row < lastSaved);
    m_export->setEnabled(!demo);
    m_save->setEnabled(modified || m_pendingNew);
    m_revert->setEnabled(modified);
    m_test->testButton()->setEnabled(!demo);
    m_test->testButton()->setToolTip(demo ? tr("The demo cluster runs inside OffsetLens: there is nothing to test")
                                          : QString());
    const bool open = !m_pendingNew && isOpen(m_currentId);
    m_connect->setText(open ? tr("Dis&connect") : tr("&Connect"));
    m_connect->setToolTip(open ? tr("Close this cluster's connection") : tr("Open this cluster (Enter)"));
    // Enter connects; on a profile that is open it closes the manager, never the connection.
    m_connect->setDefault(!open);
    m_close->setDefault(open);
}

void ProfileManagerDialog::newProfile()
{
    if (m_pendingNew || !confirmLeavingEdits())
        return;
    m_test->clear();
    ++m_secretsGeneration; // a late secrets read is not for this form any more
    ConnectionProfile fresh;
    // A free name, so that saving right away does not fail for a taken one.
    fresh.name = tr("New cluster");
    for (int n = 2; m_store->profile(fresh.name); ++n)
        fresh.name = tr("New cluster %1").arg(n);
    m_form->setProfile(fresh);
    m_form->setSecretsPending(false);
    m_pendingNew = true;
    m_currentId.clear();
    reloadList(QString());
    setStatus(tr("Fill in the new profile, then save or connect."));
    m_form->focusField(ProfileField::Name);
    if (auto *name = qobject_cast<QLineEdit *>(m_form->fieldWidget(ProfileField::Name)))
        name->selectAll();
}

void ProfileManagerDialog::duplicateProfile()
{
    const std::optional<ConnectionProfile> original = savedProfile(m_currentId);
    if (m_pendingNew || !original || original->isDemo || !confirmLeavingEdits())
        return;
    QString error;
    const quint64 generation = ++m_secretsGeneration;
    // The copy's secrets are copied in the background: they are read once they are there.
    const auto copied = [guard = QPointer<ProfileManagerDialog>(this), generation](const SecretResult &r) {
        if (!guard || generation != guard->m_secretsGeneration)
            return; // the dialog is gone, or shows another profile now
        if (!r.ok())
            guard->setStatus(tr("The copy was made, but its secrets were not copied: %1").arg(r.message), true);
        guard->readSecretsFor(guard->savedProfile(guard->m_currentId).value_or(ConnectionProfile()));
    };
    const std::optional<ConnectionProfile> copy = m_store->duplicate(original->id, &error, copied);
    if (!copy) {
        setStatus(error, true);
        return;
    }
    reloadList(copy->id);
    m_shownRow = m_list->currentRow();
    m_test->clear();
    m_currentId = copy->id;
    m_form->setProfile(*copy);
    m_form->setSecretsPending(true);
    setStatus(tr("“%1” is a copy of “%2”.").arg(copy->name, original->name));
    updateButtons();
    Q_EMIT profilesChanged();
}

void ProfileManagerDialog::deleteProfile()
{
    if (m_pendingNew) {
        dropPendingNew();
        reloadList(m_profiles.size() > 1 ? m_profiles.last().id : QString());
        m_shownRow = m_list->currentRow();
        showProfile(m_list->currentItem()->data(kIdRole).toString());
        return;
    }
    const std::optional<ConnectionProfile> profile = savedProfile(m_currentId);
    if (!profile || profile->isDemo)
        return;
    const bool open = isOpen(profile->id);
    QMessageBox box(QMessageBox::Warning, tr("Delete Profile"), tr("Delete the profile “%1”?").arg(profile->name),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("confirmDelete"));
    box.setInformativeText(open ? tr("Its connection is closed, and its stored passwords and secrets are deleted "
                                     "too. This cannot be undone.")
                                : tr("Its stored passwords and secrets are deleted too. This cannot be undone."));
    QPushButton *yes = box.addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    QPushButton *no = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(no); // Enter on a stray Delete key press keeps the profile
    box.exec();
    if (box.clickedButton() != yes)
        return;
    const int row = m_list->currentRow();
    if (open)
        m_connections->close(profile->id);
    m_store->removeById(profile->id, [guard = QPointer<ProfileManagerDialog>(this)](const SecretResult &r) {
        if (guard && !r.ok())
            guard->setStatus(tr("The profile was deleted, but its secrets could not be: %1").arg(r.message), true);
    });
    m_profiles = m_store->profiles();
    const int next = std::min(row, int(m_profiles.size()) - 1);
    reloadList(m_profiles.value(next).id);
    m_shownRow = m_list->currentRow();
    showProfile(m_profiles.value(next).id);
    setStatus(tr("Deleted “%1”.").arg(profile->name));
    Q_EMIT profilesChanged();
}

void ProfileManagerDialog::moveProfile(int delta)
{
    const std::optional<ConnectionProfile> profile = savedProfile(m_currentId);
    if (m_pendingNew || !profile || profile->isDemo)
        return;
    const int row = rowOf(profile->id);
    const int target = std::clamp(row + delta, 1, int(m_profiles.size()) - 1);
    if (target == row)
        return;
    m_store->move(profile->id, target);
    reloadKeepingEdits();
}

void ProfileManagerDialog::onRowsMoved(int from, int to)
{
    const std::optional<ConnectionProfile> moved = m_profiles.value(from);
    if (!moved || moved->isDemo)
        return;
    m_store->move(moved->id, to);
    m_profiles = m_store->profiles();
    // Rebuilt once the list's own move has finished, from what the store now says (the demo stays first).
    QTimer::singleShot(0, this, &ProfileManagerDialog::reloadKeepingEdits);
}

void ProfileManagerDialog::reloadKeepingEdits()
{
    const bool edited = m_form->isModified();
    reloadList(m_pendingNew ? QString() : m_currentId);
    m_shownRow = m_list->currentRow();
    if (QListWidgetItem *item = m_list->item(m_shownRow))
        item->setData(ProfileListDelegate::ModifiedRole, edited);
    Q_EMIT profilesChanged();
}

bool ProfileManagerDialog::saveProfile()
{
    if (!m_form->isEditable())
        return true;
    if (!m_form->isModified() && !m_pendingNew)
        return true;
    if (m_form->hasErrors()) {
        setStatus(tr("The profile cannot be saved yet: correct the fields marked in red."), true);
        m_form->focusFirstError();
        return false;
    }
    const ConnectionProfile edited = m_form->profile();
    const std::optional<ConnectionProfile> before = savedProfile(edited.id);
    // Secrets still being read are not known: saving them now would replace what is stored with nothing.
    const bool secretsKnown = !m_form->secretsPending();
    QString error;
    ConnectionProfile saved;
    if (!m_store->save(edited, &error, &saved)) {
        setStatus(error, true);
        m_form->focusField(ProfileField::Name);
        return false;
    }
    m_pendingNew = false;
    m_currentId = saved.id;
    if (before && before->refreshIntervalMs != saved.refreshIntervalMs) {
        // Edited here, the profile's interval is the user's latest word, like a choice in the window's menu.
        m_store->setRefreshInterval(saved.id, saved.refreshIntervalMs);
        if (isOpen(saved.id))
            m_connections->setRefreshInterval(saved.id, saved.refreshIntervalMs);
    }
    if (secretsKnown)
        storeSecrets(saved);
    // An open connection follows: a new name, colour or flags at once, new connection settings by reconnecting.
    // While the secrets are still being read, only the name, colour and flags go to it (a read-only flag must never
    // wait for a keychain); the connection settings follow once the secrets are known.
    if (isOpen(saved.id) && secretsKnown) {
        m_connections->open(saved);
    } else if (isOpen(saved.id)) {
        ConnectionProfile running = m_connections->profile(saved.id);
        running.name = saved.name;
        running.colour = saved.colour;
        running.readOnly = saved.readOnly;
        running.production = saved.production;
        m_connections->open(running);
    }
    reloadList(saved.id);
    m_shownRow = m_list->currentRow();
    m_form->setProfile(saved);
    m_form->setSecretsPending(!secretsKnown);
    if (!secretsKnown)
        readSecretsFor(saved);
    setStatus(isOpen(saved.id) ? tr("Saved “%1”; its open connection uses the new settings.").arg(saved.name)
                               : tr("Saved “%1”.").arg(saved.name));
    updateButtons();
    Q_EMIT profilesChanged();
    return true;
}

void ProfileManagerDialog::revertProfile()
{
    if (m_pendingNew) {
        ConnectionProfile fresh;
        fresh.name = m_form->profile().name;
        m_form->setProfile(fresh);
    } else {
        showProfile(m_currentId);
    }
    if (QListWidgetItem *item = m_list->item(m_shownRow))
        item->setData(ProfileListDelegate::ModifiedRole, m_pendingNew);
    setStatus(tr("The edits were discarded."));
    updateButtons();
}

void ProfileManagerDialog::testConnection()
{
    ConnectionProfile profile = m_form->profile();
    if (profile.isDemo)
        return;
    if (!validateBootstrapServers(profile.bootstrapServers).isEmpty()) {
        setStatus(tr("Enter valid bootstrap servers before testing."), true);
        m_form->focusField(ProfileField::BootstrapServers);
        return;
    }
    // The edits are tested as they are, saved or not: testing before saving is the point.
    setStatus(QString());
    m_test->start(profile);
}

void ProfileManagerDialog::connectProfile()
{
    if (m_pendingNew || m_form->isModified()) {
        if (!saveProfile())
            return;
    }
    const ConnectionProfile profile = m_form->profile();
    if (profile.id.isEmpty())
        return;
    if (m_form->secretsPending()) {
        setStatus(tr("The stored secrets are still being read; connect again in a moment."), true);
        return;
    }
    // Asked each time: the secret fields are where the user is asked.
    if (profile.secretStorage == SecretStorage::AskEachTime && profile.usesSasl()) {
        std::optional<ProfileField> missing;
        if (profile.saslMechanism == SaslMechanism::OAuthBearer && profile.secrets.oauthClientSecret.isEmpty())
            missing = ProfileField::OAuthClientSecret;
        else if (profile.saslMechanism != SaslMechanism::OAuthBearer &&
                 profile.saslMechanism != SaslMechanism::Gssapi && profile.secrets.saslPassword.isEmpty())
            missing = ProfileField::SaslPassword;
        if (missing) {
            setStatus(tr("This profile asks for its secret at each connection: type it, then connect."), true);
            m_form->focusField(*missing);
            return;
        }
        // Kept in memory for this run, so that reopening does not ask again.
        storeSecrets(profile);
    }
    if (m_connections)
        m_connections->open(profile);
    m_store->setLastUsed(profile.id);
    m_connected = profile;
    QDialog::accept();
}

void ProfileManagerDialog::disconnectProfile()
{
    if (isOpen(m_currentId)) {
        m_connections->close(m_currentId);
        setStatus(tr("Disconnected from “%1”.").arg(m_form->profile().name));
    }
    updateOpenState();
}

void ProfileManagerDialog::reject()
{
    if (!confirmLeavingEdits())
        return;
    m_test->clear();
    QDialog::reject();
}

} // namespace OffsetLens
