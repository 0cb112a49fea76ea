#include "keychainsecretstore.h"
#include "memorysecretstore.h"
#include "plainfilesecretstore.h"
#include "secretstoreresolver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <sys/stat.h>

using namespace OffsetLens;

namespace {

ProfileSecrets sampleSecrets(const QString &seed)
{
    ProfileSecrets s;
    s.saslPassword = seed + QStringLiteral("-sasl");
    s.oauthClientSecret = seed + QStringLiteral("-oauth");
    s.sslKeyPassword = seed + QStringLiteral("-key");
    s.secretProperties.insert(QStringLiteral("sasl.jaas.config"), seed + QStringLiteral(" \"quoted\" \\ jaas"));
    s.secretProperties.insert(QStringLiteral("ssl.keystore.password"), seed + QStringLiteral("-keystore ü"));
    return s;
}

int modeOf(const QString &path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

QByteArray contentsOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

    int m_synchronousCallbacks = 0;

    // Runs one store operation and waits for its callback, which must not come from inside the call.
    std::optional<SecretResult> run(const std::function<void(SecretCallback)> &start, int timeoutMs = 20000)
    {
        auto result = std::make_shared<std::optional<SecretResult>>();
        start([result](const SecretResult &r) { *result = r; });
        if (result->has_value())
            ++m_synchronousCallbacks;
        static_cast<void>(QTest::qWaitFor([&] { return result->has_value(); }, timeoutMs));
        return *result;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void cleanup() { QCOMPARE(m_synchronousCallbacks, 0); }

    void codecRoundTrip()
    {
        const ProfileSecrets secrets = sampleSecrets(QStringLiteral("codec"));
        QCOMPARE(SecretCodec::decode(SecretCodec::encode(secrets)), secrets);
        QCOMPARE(SecretCodec::decode(SecretCodec::encode({})), ProfileSecrets());
        QVERIFY(!SecretCodec::decode("{ not json"));
        QVERIFY(!SecretCodec::decode("[1, 2]"));
        QVERIFY(!SecretCodec::decode("{\"saslPassword\": 42}"));
        QVERIFY(!SecretCodec::decode("{\"properties\": {\"a\": 1}}"));
    }

    void memoryStore()
    {
        MemorySecretStore store;
        const ProfileSecrets secrets = sampleSecrets(QStringLiteral("memory"));
        std::optional<SecretResult> r = run([&](SecretCallback done) { store.read(QStringLiteral("p"), done); });
        QVERIFY(r && r->ok() && !r->found);
        r = run([&](SecretCallback done) { store.write(QStringLiteral("p"), secrets, done); });
        QVERIFY(r && r->ok());
        QVERIFY(store.contains(QStringLiteral("p")));
        r = run([&](SecretCallback done) { store.read(QStringLiteral("p"), done); });
        QVERIFY(r && r->ok() && r->found);
        QCOMPARE(r->secrets, secrets);
        r = run([&](SecretCallback done) { store.remove(QStringLiteral("p"), done); });
        QVERIFY(r && r->ok());
        QVERIFY(!store.contains(QStringLiteral("p")));
        r = run([&](SecretCallback done) { store.remove(QStringLiteral("never-there"), done); });
        QVERIFY(r && r->ok());
        store.remove(QStringLiteral("no-callback")); // an empty callback is fine
    }

    void blockingHelperWaitsForTheCallback()
    {
        MemorySecretStore store;
        store.write(QStringLiteral("p"), sampleSecrets(QStringLiteral("blocking")), {});
        const SecretResult r =
            waitForSecretResult([&](SecretCallback done) { store.read(QStringLiteral("p"), std::move(done)); });
        QVERIFY(r.ok() && r.found);
        QCOMPARE(r.secrets, sampleSecrets(QStringLiteral("blocking")));
    }

    void plainFileRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secrets.txt"));
        PlainTextFileSecretStore store(path);
        std::optional<SecretResult> r = run([&](SecretCallback done) { store.read(QStringLiteral("a"), done); });
        QVERIFY(r && r->ok() && !r->found); // no file yet: nothing stored, not an error
        QVERIFY(!QFile::exists(path));

        const ProfileSecrets secrets = sampleSecrets(QStringLiteral("file"));
        r = run([&](SecretCallback done) { store.write(QStringLiteral("a"), secrets, done); });
        QVERIFY2(r && r->ok(), r ? qPrintable(r->message) : "no answer");
        r = run([&](SecretCallback done) { PlainTextFileSecretStore(path).read(QStringLiteral("a"), done); });
        QVERIFY(r && r->ok() && r->found);
        QCOMPARE(r->secrets, secrets);

        QCOMPARE(modeOf(path), 0600);
        // The warning comes first, where anyone opening the file sees it.
        const QByteArray bytes = contentsOf(path);
        QVERIFY2(bytes.startsWith("# OffsetLens connection secrets, in PLAIN TEXT."), bytes.left(80).constData());
        QVERIFY(bytes.contains("without any encryption"));
        QVERIFY(PlainTextFileSecretStore::header().startsWith(QStringLiteral("# ")));
    }

    void plainFileTightensPermissionsOfAnExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("chosen.secrets"));
        writeFile(path, QByteArray()); // the user created an empty file for it, world-readable
        QVERIFY(
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        QCOMPARE(modeOf(path), 0644);
        PlainTextFileSecretStore store(path);
        std::optional<SecretResult> r = run([&](SecretCallback done) { store.read(QStringLiteral("a"), done); });
        QVERIFY(r && r->ok() && !r->found); // an empty file holds nothing yet
        r = run(
            [&](SecretCallback done) { store.write(QStringLiteral("a"), sampleSecrets(QStringLiteral("x")), done); });
        QVERIFY(r && r->ok());
        QCOMPARE(modeOf(path), 0600);
    }

    void plainFileRewriteKeepsOtherProfiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.secrets"));
        PlainTextFileSecretStore store(path);
        const ProfileSecrets a = sampleSecrets(QStringLiteral("a"));
        const ProfileSecrets b = sampleSecrets(QStringLiteral("b"));
        ProfileSecrets a2;
        a2.saslPassword = QStringLiteral("changed");
        QVERIFY(run([&](SecretCallback done) { store.write(QStringLiteral("a"), a, done); })->ok());
        QVERIFY(run([&](SecretCallback done) { store.write(QStringLiteral("b"), b, done); })->ok());
        QVERIFY(run([&](SecretCallback done) { store.write(QStringLiteral("a"), a2, done); })->ok());

        std::optional<SecretResult> r = run([&](SecretCallback done) { store.read(QStringLiteral("b"), done); });
        QVERIFY(r && r->found);
        QCOMPARE(r->secrets, b);
        r = run([&](SecretCallback done) { store.read(QStringLiteral("a"), done); });
        QCOMPARE(r->secrets, a2);

        QVERIFY(run([&](SecretCallback done) { store.remove(QStringLiteral("a"), done); })->ok());
        r = run([&](SecretCallback done) { store.read(QStringLiteral("a"), done); });
        QVERIFY(r && r->ok() && !r->found);
        r = run([&](SecretCallback done) { store.read(QStringLiteral("b"), done); });
        QCOMPARE(r->secrets, b);
        // Replaced atomically: no temporary file is left next to it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("shared.secrets")});
        QCOMPARE(modeOf(path), 0600);
    }

    void plainFileCorruptIsReportedAndLeftAlone_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("profileId");
        QTest::newRow("not json") << QByteArray("# header\n{ \"format\": \"offsetlens-secrets\", oops") << "a";
        QTest::newRow("another format") << QByteArray("{\"profiles\": {}}") << "a";
        QTest::newRow("binary") << QByteArray("\x00\x01\x02 hunter2", 11) << "a";
        QTest::newRow("bad entry") << QByteArray("{\"format\": \"offsetlens-secrets\", \"version\": 1, "
                                                 "\"profiles\": {\"a\": {\"saslPassword\": 7}}}")
                                   << "a";
        QTest::newRow("newer version") << QByteArray("{\"format\": \"offsetlens-secrets\", \"version\": 99, "
                                                     "\"profiles\": {}}")
                                       << "a";
    }

    void plainFileCorruptIsReportedAndLeftAlone()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, profileId);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.secrets"));
        writeFile(path, bytes);
        PlainTextFileSecretStore store(path);
        std::optional<SecretResult> r = run([&](SecretCallback done) { store.read(profileId, done); });
        QVERIFY(r);
        QCOMPARE(r->error, SecretError::Corrupt);
        QVERIFY2(r->message.contains(QStringLiteral("broken.secrets")), qPrintable(r->message));
        QVERIFY(!r->message.contains(QStringLiteral("hunter2")));
        if (QByteArray(QTest::currentDataTag()) != "bad entry") {
            // Never overwritten: it may hold the secrets of other profiles.
            r = run([&](SecretCallback done) { store.write(profileId, sampleSecrets(QStringLiteral("new")), done); });
            QCOMPARE(r->error, SecretError::Corrupt);
            r = run([&](SecretCallback done) { store.remove(profileId, done); });
            QCOMPARE(r->error, SecretError::Corrupt);
            QCOMPARE(contentsOf(path), bytes);
        }
    }

    void plainFileWithoutAPlaceIsAnError()
    {
        std::optional<SecretResult> r =
            run([&](SecretCallback done) { PlainTextFileSecretStore(QString()).read(QStringLiteral("a"), done); });
        QCOMPARE(r->error, SecretError::Io);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/dir/secrets"));
        r = run([&](SecretCallback done) {
            PlainTextFileSecretStore(path).write(QStringLiteral("a"), sampleSecrets(QStringLiteral("x")), done);
        });
        QCOMPARE(r->error, SecretError::Io);
        QVERIFY2(r->message.contains(QStringLiteral("no/such/dir")), qPrintable(r->message));
    }

    void resolverPicksTheStore()
    {
        SecretStoreResolver resolver;
        QVERIFY(dynamic_cast<KeychainSecretStore *>(resolver.store(SecretStorage::Keychain).get()));
        QCOMPARE(resolver.store(SecretStorage::AskEachTime).get(), resolver.sessionStore().get()); // one per run
        // Held while it is used: the resolver makes a file store per call, owned by what it returns.
        const std::shared_ptr<SecretStore> fileStore =
            resolver.store(SecretStorage::PlainTextFile, QStringLiteral("/tmp/x.secrets"));
        auto *file = dynamic_cast<PlainTextFileSecretStore *>(fileStore.get());
        QVERIFY(file);
        QCOMPARE(file->filePath(), QStringLiteral("/tmp/x.secrets"));
        auto fake = std::make_shared<MemorySecretStore>();
        resolver.setKeychainStore(fake);
        QCOMPARE(resolver.store(SecretStorage::Keychain).get(), fake.get());
        QVERIFY(SecretStoreResolver::describe(SecretStorage::PlainTextFile, QStringLiteral("/tmp/x.secrets"))
                    .contains(QStringLiteral("/tmp/x.secrets")));
    }

    // This machine is headless (no Secret Service, no D-Bus session): every keychain operation must end with the
    // distinct NoKeychain error, within the store's timeout, never hang.
    void keychainWithoutBackendFailsInTime()
    {
        const int timeoutMs = 4000;
        KeychainSecretStore store(QStringLiteral("OffsetLens-test"), timeoutMs);
        QElapsedTimer clock;
        clock.start();
        std::optional<SecretResult> r =
            run([&](SecretCallback done) { store.read(QStringLiteral("tst_secretstore"), done); }, timeoutMs * 3);
        QVERIFY2(r, "the keychain read never finished");
        if (r->ok() || r->error == SecretError::AccessDenied)
            QSKIP("a keychain is reachable here; keychainRoundTrip covers it");
        QCOMPARE(r->error, SecretError::NoKeychain);
        QVERIFY2(clock.elapsed() < timeoutMs + 2000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(r->message.contains(QStringLiteral("keychain"), Qt::CaseInsensitive), qPrintable(r->message));

        r = run(
            [&](SecretCallback done) {
                store.write(QStringLiteral("tst_secretstore"), sampleSecrets(QStringLiteral("kc")), done);
            },
            timeoutMs * 3);
        QVERIFY(r);
        QCOMPARE(r->error, SecretError::NoKeychain);
        QVERIFY(!r->message.contains(QStringLiteral("kc-sasl")));
        r = run([&](SecretCallback done) { store.remove(QStringLiteral("tst_secretstore"), done); }, timeoutMs * 3);
        QVERIFY(r);
        QCOMPARE(r->error, SecretError::NoKeychain);
        QVERIFY(clock.elapsed() < 3 * (timeoutMs + 2000));
    }

    void keychainRoundTrip()
    {
        KeychainSecretStore store(QStringLiteral("OffsetLens-test"), 10000);
        const QString id = QStringLiteral("tst_secretstore-roundtrip");
        std::optional<SecretResult> r = run([&](SecretCallback done) { store.read(id, done); }, 30000);
        QVERIFY(r);
        if (!r->ok())
            QSKIP(qPrintable(QStringLiteral("no usable keychain here: ") + r->message));
        const ProfileSecrets secrets = sampleSecrets(QStringLiteral("keychain"));
        QVERIFY(run([&](SecretCallback done) { store.write(id, secrets, done); }, 30000)->ok());
        r = run([&](SecretCallback done) { store.read(id, done); }, 30000);
        QVERIFY(r->ok() && r->found);
        QCOMPARE(r->secrets, secrets);
        QVERIFY(run([&](SecretCallback done) { store.remove(id, done); }, 30000)->ok());
        r = run([&](SecretCallback done) { store.read(id, done); }, 30000);
        QVERIFY(r->ok() && !r->found);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
