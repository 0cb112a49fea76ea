#include "profilestore.h"

#include <QCoreApplication>
#include <QSettings>
#include <QUrl>
#include <QUuid>

#include <algorithm>

namespace OffsetLens {

namespace {
const QString kGroup = QStringLiteral("profiles");

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ProfileStore", text);
}

QString settingsKey(const QString &profileId, const QString &name)
{
    // Ids of ad-hoc profiles hold bootstrap servers, which may contain '/' (a settings group separator).
    return QStringLiteral("profileSettings/%1/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(profileId)), name);
}

// Where versions before stable ids kept a profile's refresh interval: under its display name.
QString legacyIntervalKey(const QString &profileName)
{
    return QStringLiteral("refreshInterval/") + QString::fromLatin1(QUrl::toPercentEncoding(profileName));
}
} // namespace

ProfileStore::ProfileStore(QSettings *settings)
    : m_settings(settings ? settings : new QSettings)
    , m_ownsSettings(!settings)
{}

ProfileStore::~ProfileStore()
{
    if (m_ownsSettings)
        delete m_settings;
}

QString ProfileStore::demoProfileName()
{
    return tr("Demo cluster (embedded)");
}

QString ProfileStore::demoProfileId()
{
    return QStringLiteral("demo");
}

ConnectionProfile ProfileStore::demoProfile()
{
    ConnectionProfile profile;
    profile.id = demoProfileId();
    profile.name = demoProfileName();
    profile.isDemo = true;
    return profile;
}

QString ProfileStore::adHocProfileId(const QString &bootstrapServers)
{
    return QStringLiteral("bootstrap:") + bootstrapServers.trimmed();
}

bool ProfileStore::isSecretProperty(const QString &key)
{
    return key.contains(QLatin1String("password"), Qt::CaseInsensitive) ||
           key.contains(QLatin1String("secret"), Qt::CaseInsensitive);
}

QList<ConnectionProfile> ProfileStore::readProfiles() const
{
    QList<ConnectionProfile> result;
    QList<ConnectionProfile> migrated; // got their ids just now
    const int count = m_settings->beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile p;
        p.id = m_settings->value(QStringLiteral("id")).toString();
        p.name = m_settings->value(QStringLiteral("name")).toString();
        p.bootstrapServers = m_settings->value(QStringLiteral("bootstrap")).toString();
        p.pinnedGroups = m_settings->value(QStringLiteral("pinnedGroups")).toStringList();
        p.requestTimeoutMs = m_settings->value(QStringLiteral("requestTimeoutMs"), p.requestTimeoutMs).toInt();
        p.refreshIntervalMs = m_settings->value(QStringLiteral("refreshIntervalMs"), p.refreshIntervalMs).toInt();
        const QVariantMap props = m_settings->value(QStringLiteral("clientProperties")).toMap();
        for (auto it = props.cbegin(); it != props.cend(); ++it)
            p.clientProperties.insert(it.key(), it.value().toString());
        if (p.name.isEmpty() || p.name == demoProfileName())
            continue;
        if (p.id.isEmpty()) {
            // Saved before profiles had ids: give it one now and keep it from here on, together with what was kept
            // under its name (so a rename before it is next opened loses nothing).
            p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            migrated.append(p);
        }
        result.append(p);
    }
    m_settings->endArray();
    if (!migrated.isEmpty()) {
        const_cast<ProfileStore *>(this)->writeProfiles(result);
        for (const ConnectionProfile &p : std::as_const(migrated)) {
            const QString legacy = legacyIntervalKey(p.name);
            if (m_settings->contains(legacy)) {
                m_settings->setValue(settingsKey(p.id, QStringLiteral("refreshInterval")), m_settings->value(legacy));
                m_settings->remove(legacy);
            }
        }
    }
    return result;
}

void ProfileStore::writeProfiles(const QList<ConnectionProfile> &profiles)
{
    m_settings->remove(kGroup);
    m_settings->beginWriteArray(kGroup, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &p = profiles.at(i);
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("id"), p.id);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("bootstrap"), p.bootstrapServers);
        m_settings->setValue(QStringLiteral("pinnedGroups"), p.pinnedGroups);
        m_settings->setValue(QStringLiteral("requestTimeoutMs"), p.requestTimeoutMs);
        m_settings->setValue(QStringLiteral("refreshIntervalMs"), p.refreshIntervalMs);
        QVariantMap props;
        for (auto it = p.clientProperties.cbegin(); it != p.clientProperties.cend(); ++it) {
            if (!isSecretProperty(it.key()))
                props.insert(it.key(), it.value());
        }
        m_settings->setValue(QStringLiteral("clientProperties"), props);
    }
    m_settings->endArray();
    m_settings->sync();
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> result = readProfiles();
    std::sort(result.begin(), result.end(), [](const ConnectionProfile &a, const ConnectionProfile &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    result.prepend(demoProfile());
    return result;
}

std::optional<ConnectionProfile> ProfileStore::profile(const QString &name) const
{
    const QList<ConnectionProfile> all = profiles();
    const auto it = std::find_if(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) { return p.name == name; });
    return it == all.cend() ? std::nullopt : std::optional<ConnectionProfile>(*it);
}

std::optional<ConnectionProfile> ProfileStore::profileById(const QString &id) const
{
    const QList<ConnectionProfile> all = profiles();
    const auto it = std::find_if(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) { return p.id == id; });
    return it == all.cend() ? std::nullopt : std::optional<ConnectionProfile>(*it);
}

bool ProfileStore::save(const ConnectionProfile &profile, QString *error, ConnectionProfile *saved)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (profile.name.trimmed().isEmpty())
        return fail(tr("A profile needs a name."));
    if (profile.name == demoProfileName() || profile.isDemo || profile.id == demoProfileId())
        return fail(tr("The demo profile cannot be changed."));
    if (profile.bootstrapServers.trimmed().isEmpty())
        return fail(tr("A profile needs bootstrap servers."));

    ConnectionProfile stored = profile;
    if (stored.id.isEmpty())
        stored.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QList<ConnectionProfile> all = readProfiles();
    const bool nameTaken = std::any_of(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) {
        return p.name == stored.name && p.id != stored.id;
    });
    if (nameTaken)
        return fail(tr("Another profile is already called “%1”.").arg(stored.name));
    const auto existing =
        std::find_if(all.begin(), all.end(), [&](const ConnectionProfile &p) { return p.id == stored.id; });
    if (existing != all.end())
        *existing = stored;
    else
        all.append(stored);
    writeProfiles(all);
    if (saved)
        *saved = stored;
    return true;
}

void ProfileStore::remove(const QString &name)
{
    QList<ConnectionProfile> all = readProfiles();
    QStringList removedIds;
    for (const ConnectionProfile &p : std::as_const(all)) {
        if (p.name == name)
            removedIds.append(p.id);
    }
    if (removedIds.isEmpty())
        return;
    all.removeIf([&](const ConnectionProfile &p) { return p.name == name; });
    writeProfiles(all);
    for (const QString &id : std::as_const(removedIds))
        m_settings->remove(QStringLiteral("profileSettings/") + QString::fromLatin1(QUrl::toPercentEncoding(id)));
    m_settings->remove(legacyIntervalKey(name));
}

QString ProfileStore::lastUsed() const
{
    const QString value = m_settings->value(QStringLiteral("lastProfile")).toString();
    // Older versions stored the display name.
    for (const ConnectionProfile &p : profiles()) {
        if (p.id == value)
            return value;
    }
    for (const ConnectionProfile &p : profiles()) {
        if (p.name == value)
            return p.id;
    }
    return value;
}

void ProfileStore::setLastUsed(const QString &profileId)
{
    m_settings->setValue(QStringLiteral("lastProfile"), profileId);
}

int ProfileStore::refreshInterval(const ConnectionProfile &profile, int fallback) const
{
    const QString key = settingsKey(profile.id, QStringLiteral("refreshInterval"));
    if (m_settings->contains(key))
        return m_settings->value(key).toInt();
    // Migrate what an older version remembered under the display name (ad-hoc --bootstrap profiles, whose ids are
    // derived; stored profiles were migrated when they got their ids).
    const QString legacy = legacyIntervalKey(profile.name);
    if (!profile.id.isEmpty() && m_settings->contains(legacy)) {
        const int ms = m_settings->value(legacy).toInt();
        m_settings->setValue(key, ms);
        m_settings->remove(legacy);
        return ms;
    }
    return fallback;
}

void ProfileStore::setRefreshInterval(const QString &profileId, int ms)
{
    m_settings->setValue(settingsKey(profileId, QStringLiteral("refreshInterval")), ms);
}

} // namespace OffsetLens
