#pragma once

#include "connectionprofile.h"
#include "profileexport.h"
#include "secretstore.h"

#include <QDialog>

#include <memory>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSettings;
class QToolButton;

namespace OffsetLens {

class ConnectionManager;
class ConnectionTestPanel;
class ProfileForm;
class ProfileStore;
class SecretStoreResolver;

// The cluster profiles: the list (demo first, then in the user's order, each with its colour and whether it is
// open), the editor of the selected one, a connection test, and Connect / Disconnect. Profiles are created,
// duplicated, deleted, reordered (buttons, Alt+Up/Down, drag), imported from Java or librdkafka/kcat client files
// and exported without their secrets.
//
// Unsaved edits are never dropped silently: whatever leaves the profile being edited (another selection, New,
// Duplicate, Import, Export, Close, Esc) first asks to save, discard or stay. Connect saves the edits, since
// connecting with what is typed is what the user asked for. Secrets go to the profile's secret store; where no
// keychain is reachable, the user is offered to be asked each time or to name a plain-text file.
class ProfileManagerDialog : public QDialog
{
    Q_OBJECT
public:
    enum class ImportFormat
    {
        JavaProperties,
        Librdkafka,
    };

    // `connections` may be null: Connect then only closes the dialog with connectedProfile(). Null settings and
    // secrets: the application's.
    explicit ProfileManagerDialog(ConnectionManager *connections, QWidget *parent = nullptr,
                                  QSettings *settings = nullptr, SecretStoreResolver *secrets = nullptr);
    ~ProfileManagerDialog() override;

    void selectProfile(const QString &id);
    QString currentId() const; // empty for a new profile not yet saved
    // The profile Connect opened (with its secrets), once the dialog is accepted.
    ConnectionProfile connectedProfile() const { return m_connected; }

    ProfileForm *form() const { return m_form; }
    ConnectionTestPanel *testPanel() const { return m_test; }
    QListWidget *list() const { return m_list; }
    QString statusText() const;

    // What the buttons do, for the window's menus and for tests.
    void newProfile();
    void duplicateProfile();
    void deleteProfile(); // asks first
    void moveProfile(int delta);
    bool saveProfile(); // false when the edits cannot be saved; the form or the status line says why
    void revertProfile();
    void importFile(const QString &path, ImportFormat format); // shows the preview, then creates the profile
    void exportProfile();                                      // asks for the format and the file
    bool exportTo(const QString &path, ExportFormat format);
    void connectProfile();
    void disconnectProfile();
    void testConnection();

    void reject() override; // Esc and Close: asks about unsaved edits first

Q_SIGNALS:
    // Saved profiles were added, changed, removed or reordered.
    void profilesChanged();

private:
    void buildUi();
    void reloadList(const QString &selectId);
    void showProfile(const QString &id);
    void readSecretsFor(const ConnectionProfile &profile);
    void onCurrentRowChanged(int row);
    void onRowsMoved(int from, int to);
    void reloadKeepingEdits(); // the list afresh from the store; the form keeps what is being edited
    bool confirmLeavingEdits();
    void dropPendingNew();
    void storeSecrets(const ConnectionProfile &saved);
    void onSecretsStored(ConnectionProfile saved, const SecretResult &result);
    void offerSecretsFallback(ConnectionProfile saved, const QString &why);
    QString chooseSecretsFile();
    void chooseImportFile(ImportFormat format);
    void updateItem(QListWidgetItem *item, const ConnectionProfile &profile);
    void updateOpenState();
    void updateButtons();
    void setStatus(const QString &text, bool error = false);
    bool isOpen(const QString &id) const;
    std::optional<ConnectionProfile> savedProfile(const QString &id) const;
    int rowOf(const QString &id) const;

    ConnectionManager *m_connections;
    std::unique_ptr<ProfileStore> m_store;
    QList<ConnectionProfile> m_profiles; // as saved, without secrets; the demo first
    QString m_currentId;                 // shown in the form; empty with m_pendingNew
    bool m_pendingNew = false;           // the form holds a new profile that is not saved yet
    int m_shownRow = -1;
    quint64 m_secretsGeneration = 0; // tells a late secrets read which profile it was for
    bool m_reloading = false;
    ConnectionProfile m_connected;

    QListWidget *m_list = nullptr;
    ProfileForm *m_form = nullptr;
    ConnectionTestPanel *m_test = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_delete = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_close = nullptr;
};

} // namespace OffsetLens
