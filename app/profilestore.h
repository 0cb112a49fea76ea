#pragma once

#include "connectionprofile.h"

#include <QList>

#include <optional>

class QSettings;

namespace OffsetLens {

// Saved connection profiles (QSettings). The embedded demo cluster's profile is always present and cannot be
// removed. Secrets (any client property whose key contains "password" or "secret") are never written to the
// settings file: the user is asked again, or provides them with --command-config.
//
// Every profile has a stable id (a UUID; "demo" for the demo), and what the user sets up per profile (the refresh
// interval chosen in the menu) is kept under that id, so a renamed profile keeps it. Profiles and settings saved
// by versions that keyed everything by display name are migrated when first read.
class ProfileStore
{
public:
    explicit ProfileStore(QSettings *settings = nullptr); // nullptr: the application's default QSettings
    ~ProfileStore();

    static QString demoProfileName();
    static QString demoProfileId();
    static ConnectionProfile demoProfile();
    // The id of an ad-hoc profile for --bootstrap SERVERS: the same servers give the same id in every run.
    static QString adHocProfileId(const QString &bootstrapServers);

    QList<ConnectionProfile> profiles() const; // the demo first, then by name
    std::optional<ConnectionProfile> profile(const QString &name) const;
    std::optional<ConnectionProfile> profileById(const QString &id) const;
    // Replaces the profile with the same id (a rename keeps the id), or adds it (a new id when it has none).
    // Names must stay unique. `saved` (may be null) receives the profile as stored, with its id.
    bool save(const ConnectionProfile &profile, QString *error = nullptr, ConnectionProfile *saved = nullptr);
    void remove(const QString &name);

    QString lastUsed() const; // a profile id
    void setLastUsed(const QString &profileId);

    // The refresh interval the user last chose for a profile, or `fallback`.
    int refreshInterval(const ConnectionProfile &profile, int fallback) const;
    void setRefreshInterval(const QString &profileId, int ms);

    static bool isSecretProperty(const QString &key);

private:
    QList<ConnectionProfile> readProfiles() const;
    void writeProfiles(const QList<ConnectionProfile> &profiles);

    QSettings *m_settings;
    bool m_ownsSettings;
};

} // namespace OffsetLens
