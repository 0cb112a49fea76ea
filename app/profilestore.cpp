#include "profilestore.h"

#include "clientassumptions.h"
#include "memorysecretstore.h"
#include "profileconfig.h"
#include "secretstoreresolver.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSettings>
#include <QUrl>
#include <QUuid>

#include <algorithm>

namespace OffsetLens {

namespace {
const QString kGroup = QStringLiteral("profiles");
// 1 (implicit): name, bootstrap, pinned groups, timeouts and client properties; sorted by name when shown.
// 2: every field of ConnectionProfile; kept in the user's order.
const QString kFormatKey = QStringLiteral("profilesFormat");
constexpr int kFormat = 2;

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ProfileStore", text);
}

QString encodedId(const QString &profileId)
{
    // Ids of ad-hoc profiles hold bootstrap servers, which may contain '/' (a settings group separator).
    return QString::fromLatin1(QUrl::toPercentEncoding(profileId));
}

QString settingsKey(const QString &profileId, const QString &name)
{
    return QStringLiteral("profileSettings/%1/%2").arg(encodedId(profileId), name);
}

// Where versions before stable ids kept a profile's refresh interval: under its display name.
QString legacyIntervalKey(const QString &profileName)
{
    return QStringLiteral("refreshInterval/") + QString::fromLatin1(QUrl::toPercentEncoding(profileName));
}

// Enums are stored by name, never by number, so that reordering an enum cannot change what a saved profile means.
// The protocol and mechanism names are librdkafka's.
template <typename Enum> struct EnumName
{
    Enum value;
    const char *name;
};

constexpr EnumName<SecurityProtocol> kProtocols[] = {
    {SecurityProtocol::Plaintext, "PLAINTEXT"},
    {SecurityProtocol::Ssl, "SSL"},
    {SecurityProtocol::SaslPlaintext, "SASL_PLAINTEXT"},
    {SecurityProtocol::SaslSsl, "SASL_SSL"},
};
constexpr EnumName<SaslMechanism> kMechanisms[] = {
    {SaslMechanism::Plain, "PLAIN"},
    {SaslMechanism::ScramSha256, "SCRAM-SHA-256"},
    {SaslMechanism::ScramSha512, "SCRAM-SHA-512"},
    {SaslMechanism::OAuthBearer, "OAUTHBEARER"},
    {SaslMechanism::Gssapi, "GSSAPI"},
};
constexpr EnumName<SecretStorage> kStorages[] = {
    {SecretStorage::Keychain, "keychain"},
    {SecretStorage::AskEachTime, "ask"},
    {SecretStorage::PlainTextFile, "file"},
};

template <typename Enum, std::size_t N> QString nameOf(const EnumName<Enum> (&names)[N], Enum value)
{
    for (const auto &entry : names) {
        if (entry.value == value)
            return QLatin1String(entry.name);
    }
    return QLatin1String(names[0].name);
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const EnumName<Enum> (&names)[N], const QString &name)
{
    for (const auto &entry : names) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.value;
    }
    return std::nullopt;
}

// Versions before format 2 could only set security through extra client properties. Those that now have a field
// of their own move into it, so the profile manager shows them where the user expects; anything this cannot map
// exactly (an unknown value, OAUTHBEARER without OIDC) stays an extra property, which still applies last.
void liftLegacyProperties(ConnectionProfile &p)
{
    QMap<QString, QString> &props = p.clientProperties;
    const auto take = [&](const char *key, const std::function<bool(const QString &)> &apply) {
        const auto it = props.find(QLatin1String(key));
        if (it != props.end() && apply(it.value().trimmed()))
            props.erase(it);
    };
    const auto text = [&](const char *key, QString *field) {
        take(key, [field](const QString &value) {
            *field = value;
            return true;
        });
    };
    take("security.protocol", [&](const QString &value) {
        const std::optional<SecurityProtocol> protocol = valueOf(kProtocols, value);
        if (protocol)
            p.securityProtocol = *protocol;
        return protocol.has_value();
    });
    const bool oidc =
        props.value(QStringLiteral("sasl.oauthbearer.method")).trimmed().toLower() == QLatin1String("oidc");
    for (const char *key : {"sasl.mechanisms", "sasl.mechanism"}) {
        take(key, [&](const QString &value) {
            const std::optional<SaslMechanism> mechanism = valueOf(kMechanisms, value);
            if (!mechanism || (*mechanism == SaslMechanism::OAuthBearer && !oidc))
                return false;
            p.saslMechanism = *mechanism;
            return true;
        });
    }
    if (oidc && p.saslMechanism == SaslMechanism::OAuthBearer)
        props.remove(QStringLiteral("sasl.oauthbearer.method")); // implied by the mechanism now
    text("sasl.username", &p.saslUsername);
    text("ssl.ca.location", &p.sslCaFile);
    text("ssl.certificate.location", &p.sslCertificateFile);
    text("ssl.key.location", &p.sslKeyFile);
    take("ssl.endpoint.identification.algorithm", [&](const QString &value) {
        if (value.compare(QLatin1String("none"), Qt::CaseInsensitive) != 0 &&
            value.compare(QLatin1String("https"), Qt::CaseInsensitive) != 0)
            return false;
        p.sslVerifyHostname = value.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
        return true;
    });
    text("sasl.oauthbearer.client.id", &p.oauthClientId);
    text("sasl.oauthbearer.token.endpoint.url", &p.oauthTokenEndpoint);
    text("sasl.oauthbearer.scope", &p.oauthScope);
    text("sasl.oauthbearer.extensions", &p.oauthExtensions);
    text("sasl.kerberos.service.name", &p.kerberosServiceName);
    text("sasl.kerberos.principal", &p.kerberosPrincipal);
    text("sasl.kerberos.keytab", &p.kerberosKeytab);
}

// The profile's secrets with its secret client properties added (they take precedence: they were typed later).
ProfileSecrets collectSecrets(const ConnectionProfile &p)
{
    ProfileSecrets secrets = p.secrets;
    for (auto it = p.clientProperties.cbegin(); it != p.clientProperties.cend(); ++it) {
        if (ProfileStore::isSecretProperty(it.key()))
            secrets.secretProperties.insert(it.key(), it.value());
    }
    return secrets;
}

using DeferredSettings = std::function<void(const std::function<void(QSettings &)> &)>;
} // namespace

struct ProfileStore::SecretsLocation
{
    SecretStorage storage = SecretStorage::Keychain;
    QString file; // PlainTextFile only

    static SecretsLocation of(const ConnectionProfile &p)
    {
        return {p.secretStorage, p.secretStorage == SecretStorage::PlainTextFile ? p.secretsFile : QString()};
    }
    friend bool operator==(const SecretsLocation &, const SecretsLocation &) = default;
};

namespace {
// Records where a profile's secrets are, under its id (so removing the profile's settings removes the record).
void recordLocation(QSettings &settings, const QString &id, SecretStorage storage, const QString &file)
{
    settings.setValue(settingsKey(id, QStringLiteral("secretsIn")), nameOf(kStorages, storage));
    if (file.isEmpty())
        settings.remove(settingsKey(id, QStringLiteral("secretsFile")));
    else
        settings.setValue(settingsKey(id, QStringLiteral("secretsFile")), file);
}

void forgetLocation(QSettings &settings, const QString &id)
{
    settings.remove(settingsKey(id, QStringLiteral("secretsIn")));
    settings.remove(settingsKey(id, QStringLiteral("secretsFile")));
}

// Writes `secrets` for `id` to `target`; once they are there, records that and clears `previous` (when it is
// another place). Used from callbacks, so it takes everything it needs by value.
void writeSecretsTo(SecretStoreResolver *resolver, const DeferredSettings &settings, const QString &id,
                    SecretStorage storage, const QString &file, std::shared_ptr<SecretStore> previous,
                    const ProfileSecrets &secrets, SecretCallback done)
{
    resolver->store(storage, file)->write(id, secrets, [=](const SecretResult &result) {
        if (result.ok()) {
            settings([&](QSettings &s) { recordLocation(s, id, storage, file); });
            if (previous)
                previous->remove(id); // best effort: the secrets are safe in their new place either way
        }
        if (done)
            done(result);
    });
}
} // namespace

ProfileStore::ProfileStore(QSettings *settings, SecretStoreResolver *secrets)
    : m_settings(settings ? settings : new QSettings)
    , m_ownsSettings(!settings)
    , m_secrets(secrets ? secrets : &SecretStoreResolver::instance())
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
    // One rule for what is secret, the one the form, the importers and the export use (passwords, secrets,
    // credentials, sasl.jaas.config, sasl.oauthbearer.config, an inline private key...).
    return isSecretKey(key);
}

QList<ConnectionProfile> ProfileStore::readProfiles() const
{
    const int format = m_settings->value(kFormatKey, 1).toInt();
    QList<ConnectionProfile> result;
    QList<ConnectionProfile> migrated; // got their ids just now
    const int count = m_settings->beginReadArray(kGroup);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        const auto text = [&](const QString &key) {
            return m_settings->value(key).toString();
        };
        ConnectionProfile p;
        p.id = text(QStringLiteral("id"));
        p.name = text(QStringLiteral("name"));
        p.colour = text(QStringLiteral("colour"));
        p.bootstrapServers = text(QStringLiteral("bootstrap"));
        p.securityProtocol =
            valueOf(kProtocols, text(QStringLiteral("securityProtocol"))).value_or(SecurityProtocol::Plaintext);
        p.saslMechanism = valueOf(kMechanisms, text(QStringLiteral("saslMechanism"))).value_or(SaslMechanism::Plain);
        p.saslUsername = text(QStringLiteral("saslUsername"));
        p.oauthClientId = text(QStringLiteral("oauthClientId"));
        p.oauthTokenEndpoint = text(QStringLiteral("oauthTokenEndpoint"));
        p.oauthScope = text(QStringLiteral("oauthScope"));
        p.oauthExtensions = text(QStringLiteral("oauthExtensions"));
        p.kerberosServiceName = text(QStringLiteral("kerberosServiceName"));
        p.kerberosPrincipal = text(QStringLiteral("kerberosPrincipal"));
        p.kerberosKeytab = text(QStringLiteral("kerberosKeytab"));
        p.sslCaFile = text(QStringLiteral("sslCaFile"));
        p.sslCertificateFile = text(QStringLiteral("sslCertificateFile"));
        p.sslKeyFile = text(QStringLiteral("sslKeyFile"));
        p.sslVerifyHostname = m_settings->value(QStringLiteral("sslVerifyHostname"), true).toBool();
        p.secretStorage = valueOf(kStorages, text(QStringLiteral("secretStorage"))).value_or(SecretStorage::Keychain);
        p.secretsFile = text(QStringLiteral("secretsFile"));
        p.pinnedGroups = m_settings->value(QStringLiteral("pinnedGroups")).toStringList();
        p.requestTimeoutMs = m_settings->value(QStringLiteral("requestTimeoutMs"), p.requestTimeoutMs).toInt();
        p.refreshIntervalMs = m_settings->value(QStringLiteral("refreshIntervalMs"), p.refreshIntervalMs).toInt();
        p.readOnly = m_settings->value(QStringLiteral("readOnly"), false).toBool();
        p.production = m_settings->value(QStringLiteral("production"), false).toBool();
        const QVariantMap props = m_settings->value(QStringLiteral("clientProperties")).toMap();
        for (auto it = props.cbegin(); it != props.cend(); ++it)
            p.clientProperties.insert(it.key(), it.value().toString());
        if (p.name.isEmpty() || p.name == demoProfileName())
            continue;
        if (format < kFormat)
            liftLegacyProperties(p);
        if (p.id.isEmpty()) {
            // Saved before profiles had ids: give it one now and keep it from here on, together with what was kept
            // under its name (so a rename before it is next opened loses nothing).
            p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            migrated.append(p);
        }
        result.append(p);
    }
    m_settings->endArray();
    if (format < kFormat && !result.isEmpty()) {
        // Older versions showed profiles sorted by name: that is the order the user knows, so it becomes theirs.
        std::stable_sort(result.begin(), result.end(), [](const ConnectionProfile &a, const ConnectionProfile &b) {
            return QString::localeAwareCompare(a.name, b.name) < 0;
        });
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
    m_settings->setValue(kFormatKey, kFormat);
    m_settings->beginWriteArray(kGroup, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        const ConnectionProfile &p = profiles.at(i);
        m_settings->setArrayIndex(i);
        // Everything but p.secrets, which never comes near this file.
        m_settings->setValue(QStringLiteral("id"), p.id);
        m_settings->setValue(QStringLiteral("name"), p.name);
        m_settings->setValue(QStringLiteral("colour"), p.colour);
        m_settings->setValue(QStringLiteral("bootstrap"), p.bootstrapServers);
        m_settings->setValue(QStringLiteral("securityProtocol"), nameOf(kProtocols, p.securityProtocol));
        m_settings->setValue(QStringLiteral("saslMechanism"), nameOf(kMechanisms, p.saslMechanism));
        m_settings->setValue(QStringLiteral("saslUsername"), p.saslUsername);
        m_settings->setValue(QStringLiteral("oauthClientId"), p.oauthClientId);
        m_settings->setValue(QStringLiteral("oauthTokenEndpoint"), p.oauthTokenEndpoint);
        m_settings->setValue(QStringLiteral("oauthScope"), p.oauthScope);
        m_settings->setValue(QStringLiteral("oauthExtensions"), p.oauthExtensions);
        m_settings->setValue(QStringLiteral("kerberosServiceName"), p.kerberosServiceName);
        m_settings->setValue(QStringLiteral("kerberosPrincipal"), p.kerberosPrincipal);
        m_settings->setValue(QStringLiteral("kerberosKeytab"), p.kerberosKeytab);
        m_settings->setValue(QStringLiteral("sslCaFile"), p.sslCaFile);
        m_settings->setValue(QStringLiteral("sslCertificateFile"), p.sslCertificateFile);
        m_settings->setValue(QStringLiteral("sslKeyFile"), p.sslKeyFile);
        m_settings->setValue(QStringLiteral("sslVerifyHostname"), p.sslVerifyHostname);
        m_settings->setValue(QStringLiteral("secretStorage"), nameOf(kStorages, p.secretStorage));
        m_settings->setValue(QStringLiteral("secretsFile"), p.secretsFile);
        m_settings->setValue(QStringLiteral("pinnedGroups"), p.pinnedGroups);
        m_settings->setValue(QStringLiteral("requestTimeoutMs"), p.requestTimeoutMs);
        m_settings->setValue(QStringLiteral("refreshIntervalMs"), p.refreshIntervalMs);
        m_settings->setValue(QStringLiteral("readOnly"), p.readOnly);
        m_settings->setValue(QStringLiteral("production"), p.production);
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
    if (profile.secretStorage == SecretStorage::PlainTextFile && profile.secretsFile.trimmed().isEmpty())
        return fail(tr("Choose the file for the profile's secrets, or keep them elsewhere."));

    ConnectionProfile stored = profile;
    if (stored.id.isEmpty())
        stored.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // What is handed back carries the secrets the caller may pass on to saveSecrets(); what is written has none.
    stored.secrets = collectSecrets(profile);
    stored.clientProperties.removeIf(
        [](const QMap<QString, QString>::iterator &it) { return isSecretProperty(it.key()); });
    QList<ConnectionProfile> all = readProfiles();
    const bool nameTaken = std::any_of(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) {
        return p.name == stored.name && p.id != stored.id;
    });
    if (nameTaken)
        return fail(tr("Another profile is already called “%1”.").arg(stored.name));
    const auto existing =
        std::find_if(all.begin(), all.end(), [&](const ConnectionProfile &p) { return p.id == stored.id; });
    if (existing != all.end())
        *existing = stored.withoutSecrets();
    else
        all.append(stored.withoutSecrets());
    writeProfiles(all);
    if (saved)
        *saved = stored;
    return true;
}

bool ProfileStore::move(const QString &id, int newIndex)
{
    QList<ConnectionProfile> all = readProfiles();
    const auto it = std::find_if(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) { return p.id == id; });
    if (it == all.cend())
        return false;
    // profiles() puts the demo at 0, in front of the saved ones.
    const qsizetype to = std::clamp<qsizetype>(qsizetype(newIndex) - 1, 0, all.size() - 1);
    all.move(it - all.cbegin(), to);
    writeProfiles(all);
    return true;
}

std::optional<ConnectionProfile> ProfileStore::duplicate(const QString &id, QString *error,
                                                         SecretCallback secretsCopied)
{
    QList<ConnectionProfile> all = readProfiles();
    const auto it = std::find_if(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) { return p.id == id; });
    if (it == all.cend()) {
        if (error)
            *error = id == demoProfileId() ? tr("The demo profile cannot be duplicated.") : tr("No such profile.");
        return std::nullopt;
    }
    const ConnectionProfile original = *it;
    ConnectionProfile copy = original;
    copy.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto taken = [&](const QString &name) {
        return name == demoProfileName() ||
               std::any_of(all.cbegin(), all.cend(), [&](const ConnectionProfile &p) { return p.name == name; });
    };
    copy.name = tr("%1 (copy)").arg(original.name);
    for (int n = 2; taken(copy.name); ++n)
        copy.name = tr("%1 (copy %2)").arg(original.name).arg(n);
    all.insert(it - all.cbegin() + 1, copy);
    writeProfiles(all);

    // The copy's secrets go where the original's are meant to go (its SecretStorage), read from where they are.
    if (!storedSecretsLocation(original.id)) {
        deliverSecretResult(secretsCopied, SecretResult());
        return copy;
    }
    SecretStoreResolver *resolver = m_secrets;
    const DeferredSettings settings = deferredSettings();
    const SecretsLocation target = SecretsLocation::of(copy);
    readSecrets(original, [=](const SecretResult &read) {
        if (!read.ok() || !read.found) {
            if (secretsCopied)
                secretsCopied(read);
            return;
        }
        writeSecretsTo(resolver, settings, copy.id, target.storage, target.file, nullptr, read.secrets, secretsCopied);
    });
    return copy;
}

void ProfileStore::removeById(const QString &id, SecretCallback secretsRemoved)
{
    QList<ConnectionProfile> all = readProfiles();
    const qsizetype removed = all.removeIf([&](const ConnectionProfile &p) { return p.id == id; });
    if (removed > 0)
        writeProfiles(all);
    const std::optional<SecretsLocation> location = storedSecretsLocation(id);
    m_settings->remove(QStringLiteral("profileSettings/") + encodedId(id)); // the interval, the secrets record
    m_secrets->sessionStore()->remove(id); // whatever was typed in this run, wherever the profile keeps them
    if (!location || location->storage == SecretStorage::AskEachTime) {
        deliverSecretResult(secretsRemoved, SecretResult());
        return;
    }
    m_secrets->store(location->storage, location->file)->remove(id, std::move(secretsRemoved));
}

void ProfileStore::remove(const QString &name)
{
    const QList<ConnectionProfile> all = readProfiles();
    for (const ConnectionProfile &p : all) {
        if (p.name == name)
            removeById(p.id);
    }
    m_settings->remove(legacyIntervalKey(name));
}

std::optional<ProfileStore::SecretsLocation> ProfileStore::storedSecretsLocation(const QString &id) const
{
    if (id.isEmpty())
        return std::nullopt;
    const std::optional<SecretStorage> storage =
        valueOf(kStorages, m_settings->value(settingsKey(id, QStringLiteral("secretsIn"))).toString());
    if (!storage)
        return std::nullopt;
    return SecretsLocation{*storage, m_settings->value(settingsKey(id, QStringLiteral("secretsFile"))).toString()};
}

bool ProfileStore::hasStoredSecrets(const QString &id) const
{
    return storedSecretsLocation(id).has_value();
}

DeferredSettings ProfileStore::deferredSettings() const
{
    if (m_ownsSettings) {
        // Ours goes with this store; a fresh default QSettings reaches the same file.
        return [](const std::function<void(QSettings &)> &change) {
            QSettings settings;
            change(settings);
        };
    }
    return [settings = QPointer<QSettings>(m_settings)](const std::function<void(QSettings &)> &change) {
        if (settings)
            change(*settings);
    };
}

void ProfileStore::saveSecrets(const ConnectionProfile &profile, SecretCallback done)
{
    if (profile.id.isEmpty() || profile.isDemo || profile.id == demoProfileId()) {
        deliverSecretResult(
            done, SecretResult::failure(SecretError::Other, tr("Save the profile before its passwords and secrets.")));
        return;
    }
    const SecretsLocation target = SecretsLocation::of(profile);
    if (target.storage == SecretStorage::PlainTextFile && target.file.trimmed().isEmpty()) {
        deliverSecretResult(done, SecretResult::failure(SecretError::Io, tr("No file was chosen for the secrets.")));
        return;
    }
    const ProfileSecrets secrets = collectSecrets(profile);
    const std::optional<SecretsLocation> previous = storedSecretsLocation(profile.id);
    const DeferredSettings settings = deferredSettings();
    const QString id = profile.id;
    if (secrets.isEmpty()) {
        // Nothing to keep: clear what was kept, and only that (a profile without secrets never asks the keychain).
        if (!previous) {
            deliverSecretResult(done, SecretResult());
            return;
        }
        m_secrets->store(previous->storage, previous->file)->remove(id, [=](const SecretResult &result) {
            if (result.ok())
                settings([&](QSettings &s) { forgetLocation(s, id); });
            if (done)
                done(result);
        });
        return;
    }
    std::shared_ptr<SecretStore> old;
    if (previous && *previous != target)
        old = m_secrets->store(previous->storage, previous->file);
    writeSecretsTo(m_secrets, settings, id, target.storage, target.file, old, secrets, std::move(done));
}

void ProfileStore::readSecrets(const ConnectionProfile &profile, SecretCallback done) const
{
    // From where they were put, which is the profile's SecretStorage unless that changed without saveSecrets().
    const std::optional<SecretsLocation> location = storedSecretsLocation(profile.id);
    if (location) {
        m_secrets->store(location->storage, location->file)->read(profile.id, std::move(done));
    } else if (profile.secretStorage == SecretStorage::AskEachTime && !profile.id.isEmpty()) {
        m_secrets->sessionStore()->read(profile.id, std::move(done)); // memory: free to ask
    } else {
        deliverSecretResult(done, SecretResult()); // none saved: the keychain is not even asked
    }
}

SecretResult ProfileStore::readSecretsBlocking(const ConnectionProfile &profile) const
{
    return waitForSecretResult([&](SecretCallback done) { readSecrets(profile, std::move(done)); });
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

QHash<QString, ClientAssumptions> ProfileStore::clientAssumptions(const QString &profileId, QStringList *rejected) const
{
    // One map value, not a key per group: group ids may hold any character, settings keys may not.
    const QVariantMap stored = m_settings->value(settingsKey(profileId, QStringLiteral("groupClients"))).toMap();
    QHash<QString, QString> map;
    for (auto it = stored.cbegin(); it != stored.cend(); ++it)
        map.insert(it.key(), it.value().toString());
    return clientAssumptionsFromMap(map, rejected);
}

void ProfileStore::setClientAssumptions(const QString &profileId, const QString &groupId,
                                        const ClientAssumptions &client)
{
    const QString key = settingsKey(profileId, QStringLiteral("groupClients"));
    QVariantMap stored = m_settings->value(key).toMap();
    if (client == ClientAssumptions{})
        stored.remove(groupId);
    else
        stored.insert(groupId, clientAssumptionsToText(client));
    if (stored.isEmpty())
        m_settings->remove(key);
    else
        m_settings->setValue(key, stored);
}

} // namespace OffsetLens
