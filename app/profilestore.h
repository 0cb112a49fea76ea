#pragma once

#include "connectionprofile.h"
#include "diagnosisinput.h"
#include "secretstore.h"

#include <QHash>
#include <QList>

#include <functional>
#include <optional>

class QSettings;

namespace OffsetLens {

class SecretStoreResolver;

// Saved connection profiles (QSettings), in the order the user gave them. The embedded demo cluster's profile is
// always present, always first, and cannot be changed or removed.
//
// Secrets never go to the settings file. save() writes everything else: it drops profile.secrets and moves client
// properties whose key is secret (isSecretProperty()) into secrets.secretProperties of the profile it hands back.
// The secrets themselves go through saveSecrets() into the store the profile chose (SecretStorage: the keychain,
// memory for this run, or a plain-text file the user picked), and come back through readSecrets(), both
// asynchronous. The settings file only records where a profile's secrets were last put, so that a profile without
// any never touches the keychain and a change of storage cleans up the old place.
//
// Every profile has a stable id (a UUID; "demo" for the demo), and what the user sets up per profile (the refresh
// interval chosen in the menu) is kept under that id, so a renamed profile keeps it. Profiles and settings saved
// by older versions (keyed by display name; only bootstrap servers and client properties) are migrated when first
// read.
//
// A ProfileStore is cheap and may be short-lived: callbacks of its asynchronous calls never use it, only the
// settings (re-opened when the store owned them; skipped when injected settings have gone) and the resolver.
class ProfileStore
{
public:
    // nullptr: the application's default QSettings / SecretStoreResolver::instance().
    explicit ProfileStore(QSettings *settings = nullptr, SecretStoreResolver *secrets = nullptr);
    ~ProfileStore();
    ProfileStore(const ProfileStore &) = delete;
    ProfileStore &operator=(const ProfileStore &) = delete;

    static QString demoProfileName();
    static QString demoProfileId();
    static ConnectionProfile demoProfile();
    // The id of an ad-hoc profile for --bootstrap SERVERS: the same servers give the same id in every run.
    static QString adHocProfileId(const QString &bootstrapServers);

    // All of these come without secrets.
    QList<ConnectionProfile> profiles() const; // the demo first, then in the user's order
    std::optional<ConnectionProfile> profile(const QString &name) const;
    std::optional<ConnectionProfile> profileById(const QString &id) const;

    // Replaces the profile with the same id (a rename keeps the id and the place in the list), or appends it (a new
    // id when it has none). Names must stay unique. Secrets are not written (see saveSecrets()). `saved` (may be
    // null) receives the profile as stored, with its id, and its secret client properties moved into its secrets.
    bool save(const ConnectionProfile &profile, QString *error = nullptr, ConnectionProfile *saved = nullptr);
    // Moves a saved profile to `newIndex` in profiles() (the demo stays at 0; the index is clamped).
    bool move(const QString &id, int newIndex);
    // A copy right after the original: a new id, "Name (copy)" (or "(copy 2)"...), and its secrets copied in the
    // background (`secretsCopied` reports how that went). nullopt (and `error`) when there is no such profile.
    std::optional<ConnectionProfile> duplicate(const QString &id, QString *error = nullptr,
                                               SecretCallback secretsCopied = {});
    // Removes the profile, what was kept under its id, and its secrets (in the background).
    void removeById(const QString &id, SecretCallback secretsRemoved = {});
    void remove(const QString &name); // every saved profile with that display name

    // Writes profile.secrets, together with any secret client properties, to the store the profile chose, and
    // takes them out of the place they were before if that changed. Empty secrets delete what was stored. The
    // profile must have been saved (it needs its id).
    void saveSecrets(const ConnectionProfile &profile, SecretCallback done);
    // What is stored for the profile (result.secrets; empty and found == false when nothing is).
    void readSecrets(const ConnectionProfile &profile, SecretCallback done) const;
    // readSecrets() waited for in a local event loop: for the command line only, never on the GUI thread.
    SecretResult readSecretsBlocking(const ConnectionProfile &profile) const;
    // Whether secrets were saved for the profile (and where: its SecretStorage when they were).
    bool hasStoredSecrets(const QString &id) const;

    QString lastUsed() const; // a profile id
    void setLastUsed(const QString &profileId);

    // The refresh interval the user last chose for a profile, or `fallback`.
    int refreshInterval(const ConnectionProfile &profile, int fallback) const;
    void setRefreshInterval(const QString &profileId, int ms);

    // What the user told the doctor about a group's consumers (auto.offset.reset, how they commit), per group id;
    // entries that do not read back are left out and named in `rejected`. Setting the default forgets the group.
    QHash<QString, ClientAssumptions> clientAssumptions(const QString &profileId,
                                                        QStringList *rejected = nullptr) const;
    void setClientAssumptions(const QString &profileId, const QString &groupId, const ClientAssumptions &client);

    // Client property keys whose values are secret: passwords, secrets, sasl.jaas.config and inline private keys.
    static bool isSecretProperty(const QString &key);

private:
    struct SecretsLocation;

    QList<ConnectionProfile> readProfiles() const;
    void writeProfiles(const QList<ConnectionProfile> &profiles);
    std::optional<SecretsLocation> storedSecretsLocation(const QString &id) const;
    // Runs `change` on the settings later, from a callback: on m_settings while they exist, or on a fresh default
    // QSettings when this store made its own.
    std::function<void(const std::function<void(QSettings &)> &)> deferredSettings() const;

    QSettings *m_settings;
    bool m_ownsSettings;
    SecretStoreResolver *m_secrets;
};

} // namespace OffsetLens
