#include "profilestore.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>

namespace OffsetLens {

namespace {
const QString kGroup = QStringLiteral("profiles");
}

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
    return QCoreApplication::translate("OffsetLens::ProfileStore", "Demo cluster (embedded)");
}

ConnectionProfile ProfileStore::demoProfile()
{
    ConnectionProfile profile;
    profile.name = demoProfileName();
    profile.isDemo = true;
    return profile;
}

bool ProfileStore::isSecretProperty(const QString &key)
{
    return key.contains(QLatin1String("password"), Qt::CaseInsensitive) ||
           key.contains(QLatin1String("secret"), Qt::CaseInsensitive);
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> result;
    const int count = m_settings->beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        ConnectionProfile p;
        p.name = m_settings->value(QStringLiteral("name")).toString();
        p.bootstrapServers = m_settings->value(QStringLiteral("bootstrap")).toString();
        p.pinnedGroups = m_settings->value(QStringLiteral("pinnedGroups")).toStringList();
        p.requestTimeoutMs = m_settings->value(QStringLiteral("requestTimeoutMs"), p.requestTimeoutMs).toInt();
        p.refreshIntervalMs = m_settings->value(QStringLiteral("refreshIntervalMs"), p.refreshIntervalMs).toInt();
        const QVariantMap props = m_settings->value(QStringLiteral("clientProperties")).toMap();
        for (auto it = props.cbegin(); it != props.cend(); ++it)
            p.clientProperties.insert(it.key(), it.value().toString());
        if (!p.name.isEmpty() && p.name != demoProfileName())
            result.append(p);
    }
    m_settings->endArray();
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

bool ProfileStore::save(const ConnectionProfile &profile, QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (profile.name.trimmed().isEmpty())
        return fail(QCoreApplication::translate("OffsetLens::ProfileStore", "A profile needs a name."));
    if (profile.name == demoProfileName() || profile.isDemo)
        return fail(QCoreApplication::translate("OffsetLens::ProfileStore", "The demo profile cannot be changed."));
    if (profile.bootstrapServers.trimmed().isEmpty())
        return fail(QCoreApplication::translate("OffsetLens::ProfileStore", "A profile needs bootstrap servers."));

    QList<ConnectionProfile> all = profiles();
    all.removeFirst(); // the demo is implicit, never stored
    all.removeIf([&](const ConnectionProfile &p) { return p.name == profile.name; });
    all.append(profile);

    m_settings->beginWriteArray(kGroup, int(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        const ConnectionProfile &p = all.at(i);
        m_settings->setArrayIndex(i);
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
    return true;
}

void ProfileStore::remove(const QString &name)
{
    QList<ConnectionProfile> all = profiles();
    all.removeFirst();
    const qsizetype removed = all.removeIf([&](const ConnectionProfile &p) { return p.name == name; });
    if (removed == 0)
        return;
    m_settings->remove(kGroup);
    for (const ConnectionProfile &p : std::as_const(all))
        save(p);
    if (all.isEmpty())
        m_settings->sync();
}

QString ProfileStore::lastUsed() const
{
    return m_settings->value(QStringLiteral("lastProfile")).toString();
}

void ProfileStore::setLastUsed(const QString &name)
{
    m_settings->setValue(QStringLiteral("lastProfile"), name);
}

} // namespace OffsetLens
