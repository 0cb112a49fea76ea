#pragma once

#include "connectionprofile.h"

#include <QList>

#include <optional>

class QSettings;

namespace OffsetLens {

// Saved connection profiles (QSettings). The embedded demo cluster's profile is always present and cannot be
// removed. Secrets (any client property whose key contains "password" or "secret") are never written to the
// settings file: the user is asked again, or provides them with --command-config.
class ProfileStore
{
public:
    explicit ProfileStore(QSettings *settings = nullptr); // nullptr: the application's default QSettings
    ~ProfileStore();

    static QString demoProfileName();
    static ConnectionProfile demoProfile();

    QList<ConnectionProfile> profiles() const; // the demo first, then by name
    std::optional<ConnectionProfile> profile(const QString &name) const;
    bool save(const ConnectionProfile &profile, QString *error = nullptr); // replaces a profile of the same name
    void remove(const QString &name);

    QString lastUsed() const;
    void setLastUsed(const QString &name);

    static bool isSecretProperty(const QString &key);

private:
    QSettings *m_settings;
    bool m_ownsSettings;
};

} // namespace OffsetLens
