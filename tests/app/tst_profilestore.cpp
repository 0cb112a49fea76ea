#include "memorysecretstore.h"
#include "profilestore.h"
#include "secretstoreresolver.h"

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cctype>
#include <memory>
#include <optional>

using namespace OffsetLens;

namespace {

// A keychain that is never there, and counts how often it was asked.
class AbsentKeychain : public SecretStore
{
public:
    int calls = 0;
    void read(const QString &, SecretCallback done) override { fail(std::move(done)); }
    void write(const QString &, const ProfileSecrets &, SecretCallback done) override { fail(std::move(done)); }
    void remove(const QString &, SecretCallback done) override { fail(std::move(done)); }

private:
    void fail(SecretCallback done)
    {
        ++calls;
        deliverSecretResult(done, SecretResult::failure(SecretError::NoKeychain, QStringLiteral("absent")));
    }
};

// Every field set to something other than its default.
ConnectionProfile fullProfile()
{
    ConnectionProfile p;
    p.name = QStringLiteral("prod / eu");
    p.colour = QStringLiteral("#b3261e");
    p.bootstrapServers = QStringLiteral("kafka-1:9093,kafka-2:9093");
    p.securityProtocol = SecurityProtocol::SaslSsl;
    p.saslMechanism = SaslMechanism::ScramSha512;
    p.saslUsername = QStringLiteral("alice");
    p.oauthClientId = QStringLiteral("client-id");
    p.oauthTokenEndpoint = QStringLiteral("https://idp.example/token");
    p.oauthScope = QStringLiteral("kafka");
    p.oauthExtensions = QStringLiteral("logicalCluster=lkc-1,identityPoolId=pool-2");
    p.kerberosServiceName = QStringLiteral("kafka-svc");
    p.kerberosPrincipal = QStringLiteral("alice@EXAMPLE.COM");
    p.kerberosKeytab = QStringLiteral("/etc/alice.keytab");
    p.sslCaFile = QStringLiteral("/etc/ca.pem");
    p.sslCertificateFile = QStringLiteral("/etc/client.pem");
    p.sslKeyFile = QStringLiteral("/etc/client.key");
    p.sslVerifyHostname = false;
    p.secretStorage = SecretStorage::PlainTextFile;
    p.secretsFile = QStringLiteral("/home/alice/offsetlens.secrets");
    p.pinnedGroups = {QStringLiteral("billing"), QStringLiteral("audit")};
    p.clientProperties = {{QStringLiteral("client.id"), QStringLiteral("ops")},
                          {QStringLiteral("socket.keepalive.enable"), QStringLiteral("true")}};
    p.requestTimeoutMs = 2500;
    p.refreshIntervalMs = 0;
    p.readOnly = true;
    p.production = true;
    return p;
}

ConnectionProfile minimalProfile(const QString &name)
{
    ConnectionProfile p;
    p.name = name;
    p.bootstrapServers = QStringLiteral("%1:9092").arg(name);
    return p;
}

QStringList namesOf(const QList<ConnectionProfile> &profiles)
{
    QStringList names;
    for (const ConnectionProfile &p : profiles)
        names.append(p.name);
    return names;
}

// Every value QSettings reads back from the file, flattened to text.
QString allValues(QSettings &settings)
{
    QString text;
    for (const QString &key : settings.allKeys()) {
        const QVariant value = settings.value(key);
        text +=
            key + QLatin1Char('=') + value.toString() + value.toStringList().join(QLatin1Char(',')) + QLatin1Char('\n');
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            text += it.key() + QLatin1Char('=') + it.value().toString() + QLatin1Char('\n');
    }
    return text;
}

// Undoes the escapes of QSettings' INI files (\0, \xN, \xNN), so that ASCII stored as UTF-16 inside @Variant(...)
// reads as ASCII again.
QString unescapeIni(const QByteArray &bytes)
{
    QString out;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes.at(i) == '\\' && i + 1 < bytes.size() && bytes.at(i + 1) == '0') {
            ++i;
            continue;
        }
        if (bytes.at(i) == '\\' && i + 1 < bytes.size() && bytes.at(i + 1) == 'x') {
            const QByteArray hex = bytes.mid(i + 2, 2);
            const qsizetype digits = hex.size() > 1 && std::isxdigit(uchar(hex.at(1))) ? 2 : 1;
            bool ok = false;
            const int value = hex.left(digits).toInt(&ok, 16);
            if (ok) {
                out += QChar(value);
                i += 1 + digits;
                continue;
            }
        }
        out += QLatin1Char(bytes.at(i));
    }
    return out;
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SecretStoreResolver> m_resolver;
    std::shared_ptr<MemorySecretStore> m_keychain; // stands in for the OS keychain

    QString settingsPath() const { return m_dir->filePath(QStringLiteral("offsetlens.ini")); }
    ProfileStore store() { return ProfileStore(m_settings.get(), m_resolver.get()); }
    // The settings file as another run would see it.
    std::unique_ptr<QSettings> reopened()
    {
        m_settings->sync();
        return std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
    }

    static std::optional<SecretResult> wait(const std::function<void(SecretCallback)> &start)
    {
        auto result = std::make_shared<std::optional<SecretResult>>();
        start([result](const SecretResult &r) { *result = r; });
        static_cast<void>(QTest::qWaitFor([&] { return result->has_value(); }, 20000));
        return *result;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
        m_resolver = std::make_unique<SecretStoreResolver>();
        m_keychain = std::make_shared<MemorySecretStore>();
        m_resolver->setKeychainStore(m_keychain);
    }

    void cleanup()
    {
        m_settings.reset();
        m_resolver.reset();
        m_dir.reset();
    }

    void everyFieldRoundTrips()
    {
        ConnectionProfile saved;
        QString error;
        QVERIFY2(store().save(fullProfile(), &error, &saved), qPrintable(error));
        QVERIFY(!saved.id.isEmpty());

        auto settings = reopened();
        const std::optional<ConnectionProfile> loaded =
            ProfileStore(settings.get(), m_resolver.get()).profileById(saved.id);
        QVERIFY(loaded);
        ConnectionProfile expected = fullProfile();
        expected.id = saved.id;
        QCOMPARE(*loaded, expected);
        QCOMPARE(saved.withoutSecrets(), expected);

        // Enums by name, not number: reordering an enum must not change what a saved profile means.
        settings->beginReadArray(QStringLiteral("profiles"));
        settings->setArrayIndex(0);
        QCOMPARE(settings->value(QStringLiteral("securityProtocol")).toString(), QStringLiteral("SASL_SSL"));
        QCOMPARE(settings->value(QStringLiteral("saslMechanism")).toString(), QStringLiteral("SCRAM-SHA-512"));
        QCOMPARE(settings->value(QStringLiteral("secretStorage")).toString(), QStringLiteral("file"));
        settings->endArray();
    }

    void defaultsRoundTrip()
    {
        ConnectionProfile saved;
        QVERIFY(store().save(minimalProfile(QStringLiteral("dev")), nullptr, &saved));
        auto settings = reopened();
        const std::optional<ConnectionProfile> loaded = ProfileStore(settings.get()).profileById(saved.id);
        QVERIFY(loaded);
        ConnectionProfile expected = minimalProfile(QStringLiteral("dev"));
        expected.id = saved.id;
        QCOMPARE(*loaded, expected);
    }

    void everyEnumValueRoundTrips()
    {
        const QList<SecurityProtocol> protocols{SecurityProtocol::Plaintext, SecurityProtocol::Ssl,
                                                SecurityProtocol::SaslPlaintext, SecurityProtocol::SaslSsl};
        const QList<SaslMechanism> mechanisms{SaslMechanism::Plain, SaslMechanism::ScramSha256,
                                              SaslMechanism::ScramSha512, SaslMechanism::OAuthBearer,
                                              SaslMechanism::Gssapi};
        const QList<SecretStorage> storages{SecretStorage::Keychain, SecretStorage::AskEachTime,
                                            SecretStorage::PlainTextFile};
        for (qsizetype i = 0; i < 5; ++i) {
            ConnectionProfile p = minimalProfile(QStringLiteral("p%1").arg(i));
            p.securityProtocol = protocols.at(i % protocols.size());
            p.saslMechanism = mechanisms.at(i);
            p.secretStorage = storages.at(i % storages.size());
            p.secretsFile = QStringLiteral("/tmp/s");
            ConnectionProfile saved;
            QVERIFY(store().save(p, nullptr, &saved));
            auto settings = reopened();
            const std::optional<ConnectionProfile> loaded = ProfileStore(settings.get()).profileById(saved.id);
            QVERIFY(loaded);
            QCOMPARE(int(loaded->securityProtocol), int(p.securityProtocol));
            QCOMPARE(int(loaded->saslMechanism), int(p.saslMechanism));
            QCOMPARE(int(loaded->secretStorage), int(p.secretStorage));
        }
    }

    void orderIsTheUsersAndMoveReorders()
    {
        ProfileStore s = store();
        QList<ConnectionProfile> saved(3);
        QVERIFY(s.save(minimalProfile(QStringLiteral("zeta")), nullptr, &saved[0]));
        QVERIFY(s.save(minimalProfile(QStringLiteral("alpha")), nullptr, &saved[1]));
        QVERIFY(s.save(minimalProfile(QStringLiteral("mid")), nullptr, &saved[2]));
        const QString demo = ProfileStore::demoProfileName();
        QCOMPARE(namesOf(s.profiles()),
                 (QStringList{demo, QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mid")}));

        QVERIFY(s.move(saved[1].id, 1));
        QCOMPARE(namesOf(s.profiles()),
                 (QStringList{demo, QStringLiteral("alpha"), QStringLiteral("zeta"), QStringLiteral("mid")}));
        QVERIFY(s.move(saved[1].id, 99)); // clamped to the end
        QVERIFY(s.move(saved[2].id, 0));  // the demo stays first
        QCOMPARE(namesOf(s.profiles()),
                 (QStringList{demo, QStringLiteral("mid"), QStringLiteral("zeta"), QStringLiteral("alpha")}));
        QVERIFY(!s.move(ProfileStore::demoProfileId(), 2));
        QVERIFY(!s.move(QStringLiteral("no-such-id"), 1));

        // A rename keeps the place; the order is what the next run sees.
        ConnectionProfile renamed = saved[0];
        renamed.name = QStringLiteral("zeta 2");
        QVERIFY(s.save(renamed));
        auto settings = reopened();
        QCOMPARE(namesOf(ProfileStore(settings.get()).profiles()),
                 (QStringList{demo, QStringLiteral("mid"), QStringLiteral("zeta 2"), QStringLiteral("alpha")}));
    }

    void duplicateCopiesTheProfileAndItsSecrets()
    {
        ProfileStore s = store();
        ConnectionProfile original = fullProfile();
        original.secretStorage = SecretStorage::Keychain;
        original.secrets.saslPassword = QStringLiteral("dup-pass");
        ConnectionProfile saved;
        QVERIFY(s.save(original, nullptr, &saved));
        QVERIFY(s.save(minimalProfile(QStringLiteral("after"))));
        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());

        std::optional<SecretResult> copied;
        QString error;
        const std::optional<ConnectionProfile> copy =
            s.duplicate(saved.id, &error, [&](const SecretResult &r) { copied = r; });
        QVERIFY2(copy, qPrintable(error));
        QVERIFY(copy->id != saved.id);
        QCOMPARE(copy->name, QStringLiteral("prod / eu (copy)"));
        ConnectionProfile expected = saved.withoutSecrets();
        expected.id = copy->id;
        expected.name = copy->name;
        QCOMPARE(*copy, expected);
        QCOMPARE(*s.profileById(copy->id), expected);
        QCOMPARE(
            namesOf(s.profiles()).mid(1),
            (QStringList{QStringLiteral("prod / eu"), QStringLiteral("prod / eu (copy)"), QStringLiteral("after")}));

        QTRY_VERIFY(copied.has_value());
        QVERIFY(copied->ok());
        QVERIFY(m_keychain->contains(copy->id));
        const std::optional<SecretResult> read = wait([&](SecretCallback done) { s.readSecrets(*copy, done); });
        QVERIFY(read && read->ok() && read->found);
        QCOMPARE(read->secrets.saslPassword, QStringLiteral("dup-pass"));

        QCOMPARE(s.duplicate(saved.id)->name, QStringLiteral("prod / eu (copy 2)"));
        QVERIFY(!s.duplicate(ProfileStore::demoProfileId(), &error));
        QVERIFY(!error.isEmpty());

        // A profile without secrets duplicates without asking any store.
        const ConnectionProfile plain = *s.profile(QStringLiteral("after"));
        std::optional<SecretResult> none;
        QVERIFY(s.duplicate(plain.id, nullptr, [&](const SecretResult &r) { none = r; }));
        QTRY_VERIFY(none.has_value());
        QVERIFY(none->ok() && !none->found);
    }

    void removeTakesSecretsAndSettingsAlong()
    {
        ProfileStore s = store();
        ConnectionProfile p = minimalProfile(QStringLiteral("gone"));
        p.secrets.sslKeyPassword = QStringLiteral("k");
        ConnectionProfile saved;
        QVERIFY(s.save(p, nullptr, &saved));
        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());
        s.setRefreshInterval(saved.id, 30000);
        s.setClientAssumptions(saved.id, QStringLiteral("orders"), {ResetPolicy::Earliest, CommitMode::Auto, 0});
        QVERIFY(m_keychain->contains(saved.id));
        QVERIFY(s.hasStoredSecrets(saved.id));

        const std::optional<SecretResult> removed = wait([&](SecretCallback done) { s.removeById(saved.id, done); });
        QVERIFY(removed && removed->ok());
        QVERIFY(!s.profileById(saved.id));
        QVERIFY(!m_keychain->contains(saved.id));
        QVERIFY(!s.hasStoredSecrets(saved.id));
        QCOMPARE(s.refreshInterval(saved, 5000), 5000);
        QVERIFY(s.clientAssumptions(saved.id).isEmpty());

        // By display name, as the old dialog does.
        QVERIFY(s.save(minimalProfile(QStringLiteral("by-name"))));
        s.remove(QStringLiteral("by-name"));
        QCOMPARE(s.profiles().size(), 1);
    }

    // What the user told the doctor about a group's consumers: per profile, for any group id, and read back after
    // the settings are opened again; a damaged entry is named and left out, never half-applied.
    void groupClientSettingsPersistPerProfile()
    {
        const QString odd = QStringLiteral("team/orders=v2;\u05e9\u05dc\u05d5\u05dd [x]"); // '/', '=', ';', RTL
        {
            ProfileStore s = store();
            s.setClientAssumptions(QStringLiteral("p1"), odd, {ResetPolicy::None, CommitMode::Manual, 0});
            s.setClientAssumptions(QStringLiteral("p1"), QStringLiteral("billing"),
                                   {ResetPolicy::Latest, CommitMode::Auto, 1000});
            s.setClientAssumptions(QStringLiteral("p2"), QStringLiteral("billing"),
                                   {ResetPolicy::Earliest, CommitMode::Unknown, 0});
        }
        m_settings = std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
        ProfileStore s = store();
        const QHash<QString, ClientAssumptions> p1 = s.clientAssumptions(QStringLiteral("p1"));
        QCOMPARE(p1.size(), 2);
        QVERIFY(p1.value(odd) == (ClientAssumptions{ResetPolicy::None, CommitMode::Manual, 0}));
        QVERIFY(p1.value(QStringLiteral("billing")) ==
                (ClientAssumptions{ResetPolicy::Latest, CommitMode::Auto, 1000}));
        QCOMPARE(s.clientAssumptions(QStringLiteral("p2")).value(QStringLiteral("billing")).resetPolicy,
                 ResetPolicy::Earliest);

        // Back to "not known" forgets the group; the profile's other groups stay.
        s.setClientAssumptions(QStringLiteral("p1"), odd, {});
        QCOMPARE(s.clientAssumptions(QStringLiteral("p1")).keys(), QList<QString>{QStringLiteral("billing")});

        // A damaged entry (edited by hand, or from a newer version) is named, the rest still applies.
        const QString key = QStringLiteral("profileSettings/p1/groupClients");
        QVariantMap raw = m_settings->value(key).toMap();
        raw.insert(QStringLiteral("broken"), QStringLiteral("reset=sometimes"));
        m_settings->setValue(key, raw);
        QStringList rejected;
        QCOMPARE(s.clientAssumptions(QStringLiteral("p1"), &rejected).size(), 1);
        QCOMPARE(rejected.size(), 1);
        QVERIFY2(rejected.constFirst().startsWith(QStringLiteral("broken: ")), qPrintable(rejected.join(u'|')));
    }

    void secretsFollowTheChosenStorage()
    {
        ProfileStore s = store();
        ConnectionProfile p = minimalProfile(QStringLiteral("moving"));
        p.secrets.saslPassword = QStringLiteral("first");
        ConnectionProfile saved;
        QVERIFY(s.save(p, nullptr, &saved));
        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());
        QVERIFY(m_keychain->contains(saved.id));

        // To a plain-text file: out of the keychain, into the file.
        const QString file = m_dir->filePath(QStringLiteral("chosen.secrets"));
        saved.secretStorage = SecretStorage::PlainTextFile;
        saved.secretsFile = file;
        saved.secrets.saslPassword = QStringLiteral("second");
        QVERIFY(s.save(saved, nullptr, &saved));
        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());
        QVERIFY(!m_keychain->contains(saved.id));
        QVERIFY(QFile::exists(file));
        std::optional<SecretResult> read = wait([&](SecretCallback done) { s.readSecrets(saved, done); });
        QVERIFY(read && read->ok() && read->found);
        QCOMPARE(read->secrets.saslPassword, QStringLiteral("second"));

        // Ask each time: memory for this run only.
        saved.secretStorage = SecretStorage::AskEachTime;
        QVERIFY(s.save(saved, nullptr, &saved));
        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());
        QVERIFY(m_resolver->sessionStore()->contains(saved.id));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(!f.readAll().contains("second"));
        }

        // No secrets any more: nothing kept anywhere.
        saved.secrets = {};
        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());
        QVERIFY(!m_resolver->sessionStore()->contains(saved.id));
        QVERIFY(!s.hasStoredSecrets(saved.id));
        read = wait([&](SecretCallback done) { s.readSecrets(saved, done); });
        QVERIFY(read && read->ok() && !read->found);

        // A file store without a file is refused before anything is written.
        ConnectionProfile fileless = saved;
        fileless.secretStorage = SecretStorage::PlainTextFile;
        fileless.secretsFile.clear();
        QString error;
        QVERIFY(!s.save(fileless, &error));
        QVERIFY(!error.isEmpty());
    }

    // On a machine without a keychain, profiles without secrets must keep working: the keychain is not asked.
    void profilesWithoutSecretsNeverAskTheKeychain()
    {
        auto absent = std::make_shared<AbsentKeychain>();
        m_resolver->setKeychainStore(absent);
        ProfileStore s = store();
        ConnectionProfile saved;
        QVERIFY(s.save(minimalProfile(QStringLiteral("plain")), nullptr, &saved));
        std::optional<SecretResult> r = wait([&](SecretCallback done) { s.readSecrets(saved, done); });
        QVERIFY(r && r->ok() && !r->found);
        r = wait([&](SecretCallback done) { s.saveSecrets(saved, done); }); // nothing to save
        QVERIFY(r && r->ok());
        QVERIFY(wait([&](SecretCallback done) { s.removeById(saved.id, done); })->ok());
        QCOMPARE(absent->calls, 0);

        // With secrets, the failure comes back as it is, and nothing is recorded as stored.
        QVERIFY(s.save(minimalProfile(QStringLiteral("secret")), nullptr, &saved));
        saved.secrets.saslPassword = QStringLiteral("p");
        r = wait([&](SecretCallback done) { s.saveSecrets(saved, done); });
        QVERIFY(r);
        QCOMPARE(r->error, SecretError::NoKeychain);
        QVERIFY(!s.hasStoredSecrets(saved.id));
        QCOMPARE(absent->calls, 1);
    }

    // What versions before format 2 stored: no ids, only bootstrap servers, pins, timeouts and client properties,
    // shown sorted by name.
    void oldFormatIsMigrated()
    {
        {
            QSettings old(settingsPath(), QSettings::IniFormat);
            old.beginWriteArray(QStringLiteral("profiles"), 3);
            old.setArrayIndex(0);
            old.setValue(QStringLiteral("name"), QStringLiteral("zulu"));
            old.setValue(QStringLiteral("bootstrap"), QStringLiteral("z:9092"));
            old.setValue(QStringLiteral("pinnedGroups"), QStringList{QStringLiteral("billing")});
            old.setValue(QStringLiteral("requestTimeoutMs"), 3000);
            old.setValue(QStringLiteral("clientProperties"),
                         QVariantMap{{QStringLiteral("security.protocol"), QStringLiteral("sasl_ssl")},
                                     {QStringLiteral("sasl.mechanisms"), QStringLiteral("SCRAM-SHA-256")},
                                     {QStringLiteral("sasl.username"), QStringLiteral("bob")},
                                     {QStringLiteral("ssl.ca.location"), QStringLiteral("/ca.pem")},
                                     {QStringLiteral("ssl.endpoint.identification.algorithm"), QStringLiteral("none")},
                                     {QStringLiteral("client.id"), QStringLiteral("old")}});
            old.setArrayIndex(1);
            old.setValue(QStringLiteral("name"), QStringLiteral("alpha"));
            old.setValue(QStringLiteral("bootstrap"), QStringLiteral("a:9092"));
            old.setArrayIndex(2);
            old.setValue(QStringLiteral("name"), QStringLiteral("mike"));
            old.setValue(QStringLiteral("bootstrap"), QStringLiteral("m:9092"));
            // Nothing here maps exactly onto a field: it all stays an extra property.
            old.setValue(QStringLiteral("clientProperties"),
                         QVariantMap{{QStringLiteral("security.protocol"), QStringLiteral("carrier-pigeon")},
                                     {QStringLiteral("sasl.mechanisms"), QStringLiteral("OAUTHBEARER")}});
            old.endArray();
            old.setValue(QStringLiteral("refreshInterval/zulu"), 60000);
        }
        m_settings = std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
        ProfileStore s = store();
        const QList<ConnectionProfile> all = s.profiles();
        QCOMPARE(namesOf(all).mid(1), (QStringList{QStringLiteral("alpha"), QStringLiteral("mike"),
                                                   QStringLiteral("zulu")})); // as they were shown
        const ConnectionProfile zulu = *s.profile(QStringLiteral("zulu"));
        QVERIFY(!zulu.id.isEmpty());
        QCOMPARE(zulu.bootstrapServers, QStringLiteral("z:9092"));
        QCOMPARE(zulu.pinnedGroups, QStringList{QStringLiteral("billing")});
        QCOMPARE(zulu.requestTimeoutMs, 3000);
        QCOMPARE(zulu.securityProtocol, SecurityProtocol::SaslSsl);
        QCOMPARE(zulu.saslMechanism, SaslMechanism::ScramSha256);
        QCOMPARE(zulu.saslUsername, QStringLiteral("bob"));
        QCOMPARE(zulu.sslCaFile, QStringLiteral("/ca.pem"));
        QCOMPARE(zulu.sslVerifyHostname, false);
        QCOMPARE(zulu.clientProperties, (QMap<QString, QString>{{QStringLiteral("client.id"), QStringLiteral("old")}}));
        QCOMPARE(zulu.secretStorage, SecretStorage::Keychain);
        QCOMPARE(s.refreshInterval(zulu, 5000), 60000);

        const ConnectionProfile mike = *s.profile(QStringLiteral("mike"));
        QCOMPARE(mike.securityProtocol, SecurityProtocol::Plaintext);
        QCOMPARE(mike.clientProperties.size(), 2);

        // Stored once, stable afterwards, and the user's order from now on.
        auto settings = reopened();
        QCOMPARE(settings->value(QStringLiteral("profilesFormat")).toInt(), 2);
        ProfileStore again(settings.get());
        QCOMPARE(again.profile(QStringLiteral("zulu"))->id, zulu.id);
        QCOMPARE(*again.profile(QStringLiteral("zulu")), zulu);
        QVERIFY(again.move(zulu.id, 1));
        QCOMPARE(namesOf(again.profiles()).mid(1),
                 (QStringList{QStringLiteral("zulu"), QStringLiteral("alpha"), QStringLiteral("mike")}));
    }

    // The reliability issue: a password planted in every secret field must never reach the settings file.
    void plantedPasswordNeverReachesTheSettingsFile()
    {
        const QString planted = QStringLiteral("PlantedSecretXyzzyQ");
        ConnectionProfile p = fullProfile();
        p.secretStorage = SecretStorage::Keychain;
        p.secrets.saslPassword = planted;
        p.secrets.oauthClientSecret = planted;
        p.secrets.sslKeyPassword = planted;
        p.secrets.secretProperties.insert(QStringLiteral("ssl.keystore.password"), planted);
        p.clientProperties.insert(QStringLiteral("sasl.password"), planted);
        p.clientProperties.insert(QStringLiteral("ssl.key.password"), planted);
        p.clientProperties.insert(QStringLiteral("sasl.oauthbearer.client.secret"), planted);
        // Secret without "password" or "secret" in its name: the project's one rule (isSecretKey) knows them.
        p.clientProperties.insert(QStringLiteral("sasl.oauthbearer.config"), QStringLiteral("principal=") + planted);
        p.clientProperties.insert(QStringLiteral("basic.auth.user.info"), QStringLiteral("user:") + planted);
        p.clientProperties.insert(QStringLiteral("sasl.jaas.config"),
                                  QStringLiteral("org.apache.kafka...PlainLoginModule required password=\"") + planted +
                                      QLatin1Char('"'));

        ProfileStore s = store();
        ConnectionProfile saved;
        QVERIFY(s.save(p, nullptr, &saved));
        // Moved into the secrets, not dropped, and out of the extra properties.
        QCOMPARE(saved.secrets.secretProperties.value(QStringLiteral("sasl.password")), planted);
        QCOMPARE(saved.secrets.secretProperties.value(QStringLiteral("ssl.key.password")), planted);
        QVERIFY(saved.secrets.secretProperties.value(QStringLiteral("sasl.jaas.config")).contains(planted));
        QCOMPARE(saved.secrets.saslPassword, planted);
        QVERIFY(!saved.clientProperties.contains(QStringLiteral("sasl.password")));
        QCOMPARE(saved.clientProperties.value(QStringLiteral("client.id")), QStringLiteral("ops"));

        QVERIFY(wait([&](SecretCallback done) { s.saveSecrets(saved, done); })->ok());
        // Every secret went to the (stand-in) keychain, the client properties ones included.
        const std::optional<SecretResult> read = wait([&](SecretCallback done) { s.readSecrets(saved, done); });
        QVERIFY(read && read->found);
        QCOMPARE(read->secrets.secretProperties.size(), 7);
        QVERIFY(read->secrets.secretProperties.value(QStringLiteral("basic.auth.user.info")).contains(planted));
        QCOMPARE(read->secrets.oauthClientSecret, planted);

        // Everything else that writes settings, too.
        QVERIFY(s.save(saved)); // saving what save() handed back, secrets and all
        QVERIFY(s.duplicate(saved.id));
        QVERIFY(s.move(saved.id, 2));
        s.setRefreshInterval(saved.id, 15000);
        s.setLastUsed(saved.id);

        auto settings = reopened();
        const QByteArray bytes = [&] {
            QFile file(settingsPath());
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(bytes.contains("kafka-1:9093")); // the right file, with the profile in it
        QVERIFY(!bytes.contains(planted.toUtf8()));
        // Maps are stored as escaped QDataStream bytes, strings in UTF-16: "\0P\0l\0\x61\0n..." in the file.
        const QString unescaped = unescapeIni(bytes);
        QVERIFY(unescaped.contains(QStringLiteral("client.id"))); // the check can see map keys
        QVERIFY(!unescaped.contains(planted));
        QVERIFY(!allValues(*settings).contains(planted));
        QVERIFY(allValues(*settings).contains(QStringLiteral("ops")));
    }
};

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
