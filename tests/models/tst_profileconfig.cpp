#include "keymaterial.h"
#include "profileconfig.h"
#include "profilevalidation.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace OffsetLens;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OffsetLens::ConnectionProfile)

namespace {

// Stand-ins for the files a profile names: validation only looks at the first bytes.
const QByteArray kCert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
const QByteArray kKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG\n-----END PRIVATE KEY-----\n";
const QByteArray kEncryptedKey =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0B\n-----END ENCRYPTED PRIVATE KEY-----\n";
const QByteArray kEncryptedRsaKey = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: "
                                    "AES-128-CBC,D45BE61D\n\nabc\n-----END RSA PRIVATE KEY-----\n";
// What openssl pkcs12 writes: attributes before the blocks.
const QByteArray kBagCertAndKey = "Bag Attributes\n    localKeyID: 01 00 00 00\nsubject=CN = t\n" + kCert +
                                  "Bag Attributes\n    localKeyID: 01 00 00 00\n" + kKey;
const QByteArray kJks("\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x01", 12);
const QByteArray kPkcs12("\x30\x82\x09\xcf\x02\x01\x03\x30\x82\x09\x85\x06", 12);
const QByteArray kDerCert("\x30\x82\x02\xf9\x30\x82\x01\xe1\xa0\x03\x02\x01", 12);
const QByteArray kDerKey("\x30\x82\x04\xa5\x02\x01\x00\x02\x82\x01\x01\x00", 12);

using Files = QHash<QString, QByteArray>; // path -> content; "dir:" prefix in the content: a folder

// A probe over `files`; paths not in it do not exist, "/locked/..." ones cannot be read.
FileProbe fakeProbe(const Files &files)
{
    return [files](const QString &path) {
        FileFacts f;
        if (path.startsWith(u"/locked/"_s)) {
            f.exists = true;
            return f;
        }
        const auto it = files.constFind(path);
        if (it == files.cend())
            return f;
        f.exists = true;
        f.readable = true;
        f.directory = *it == "dir:";
        if (!f.directory) {
            f.size = it->size();
            f.head = it->left(kFileProbeBytes);
        }
        return f;
    };
}

Files standardFiles()
{
    return {{u"/pki/ca.pem"_s, kCert},
            {u"/pki/client.pem"_s, kCert},
            {u"/pki/client.key"_s, kKey},
            {u"/pki/enc.key"_s, kEncryptedKey},
            {u"/pki/rsa-enc.key"_s, kEncryptedRsaKey},
            {u"/pki/both.pem"_s, kBagCertAndKey},
            {u"/pki/truststore.jks"_s, kJks},
            {u"/pki/keystore.p12"_s, kPkcs12},
            {u"/pki/ca.der"_s, kDerCert},
            {u"/pki/key.der"_s, kDerKey},
            {u"/pki/empty.pem"_s, QByteArray()},
            {u"/pki/notes.txt"_s, "just some text\n"},
            {u"/pki/certs"_s, "dir:"},
            {u"/krb/client.keytab"_s, QByteArray("\x05\x02\x00\x00", 4)}};
}

ConnectionProfile base()
{
    ConnectionProfile p;
    p.id = u"p1"_s;
    p.name = u"Dev"_s;
    p.bootstrapServers = u"b1:9092,b2:9092"_s;
    return p;
}

ConnectionProfile withProtocol(SecurityProtocol protocol, SaslMechanism mechanism = SaslMechanism::Plain)
{
    ConnectionProfile p = base();
    p.securityProtocol = protocol;
    p.saslMechanism = mechanism;
    return p;
}

ConnectionProfile plainLogin(SecurityProtocol protocol = SecurityProtocol::SaslSsl,
                             SaslMechanism mechanism = SaslMechanism::Plain)
{
    ConnectionProfile p = withProtocol(protocol, mechanism);
    p.saslUsername = u"alice"_s;
    p.secrets.saslPassword = u"s3cret"_s;
    return p;
}

ConnectionProfile oidc()
{
    ConnectionProfile p = withProtocol(SecurityProtocol::SaslSsl, SaslMechanism::OAuthBearer);
    p.oauthClientId = u"offsetlens"_s;
    p.secrets.oauthClientSecret = u"oidc-secret"_s;
    p.oauthTokenEndpoint = u"https://idp.example.com/oauth2/token"_s;
    return p;
}

ConnectionProfile kerberos()
{
    ConnectionProfile p = withProtocol(SecurityProtocol::SaslPlaintext, SaslMechanism::Gssapi);
    p.kerberosPrincipal = u"offsetlens@EXAMPLE.COM"_s;
    p.kerberosKeytab = u"/krb/client.keytab"_s;
    return p;
}

ConnectionProfile mtls()
{
    ConnectionProfile p = withProtocol(SecurityProtocol::Ssl);
    p.sslCaFile = u"/pki/ca.pem"_s;
    p.sslCertificateFile = u"/pki/client.pem"_s;
    p.sslKeyFile = u"/pki/client.key"_s;
    return p;
}

QStringList lines(const ProfileConfig &config)
{
    QStringList out;
    for (const ProfileProperty &p : config)
        out.append(QString::fromUtf8(p.first + '=' + p.second));
    return out;
}

QString fieldName(ProfileField f)
{
    switch (f) {
    case ProfileField::Name:
        return u"Name"_s;
    case ProfileField::Colour:
        return u"Colour"_s;
    case ProfileField::BootstrapServers:
        return u"BootstrapServers"_s;
    case ProfileField::SecurityProtocol:
        return u"SecurityProtocol"_s;
    case ProfileField::SaslMechanism:
        return u"SaslMechanism"_s;
    case ProfileField::SaslUsername:
        return u"SaslUsername"_s;
    case ProfileField::SaslPassword:
        return u"SaslPassword"_s;
    case ProfileField::OAuthClientId:
        return u"OAuthClientId"_s;
    case ProfileField::OAuthClientSecret:
        return u"OAuthClientSecret"_s;
    case ProfileField::OAuthTokenEndpoint:
        return u"OAuthTokenEndpoint"_s;
    case ProfileField::OAuthExtensions:
        return u"OAuthExtensions"_s;
    case ProfileField::KerberosPrincipal:
        return u"KerberosPrincipal"_s;
    case ProfileField::KerberosKeytab:
        return u"KerberosKeytab"_s;
    case ProfileField::SslCaFile:
        return u"SslCaFile"_s;
    case ProfileField::SslCertificateFile:
        return u"SslCertificateFile"_s;
    case ProfileField::SslKeyFile:
        return u"SslKeyFile"_s;
    case ProfileField::SslKeyPassword:
        return u"SslKeyPassword"_s;
    case ProfileField::SecretsFile:
        return u"SecretsFile"_s;
    case ProfileField::ClientProperties:
        return u"ClientProperties"_s;
    case ProfileField::RequestTimeout:
        return u"RequestTimeout"_s;
    case ProfileField::RefreshInterval:
        return u"RefreshInterval"_s;
    }
    return u"?"_s;
}

// Each expected problem is "Field error|warning: words the message contains".
void compareProblems(const QList<ProfileProblem> &actual, const QStringList &expected)
{
    QStringList shown;
    for (const ProfileProblem &p : actual) {
        shown.append(fieldName(p.field) + (p.severity == ProblemSeverity::Error ? u" error: "_s : u" warning: "_s) +
                     p.message);
    }
    if (shown.size() != expected.size())
        QFAIL(qPrintable(u"got:\n  "_s + shown.join(u"\n  "_s)));
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const qsizetype colon = expected.at(i).indexOf(u": "_s);
        const QString head = expected.at(i).left(colon + 2);
        const QString words = expected.at(i).mid(colon + 2);
        if (!shown.at(i).startsWith(head) || !shown.at(i).contains(words))
            QFAIL(qPrintable(u"problem %1: expected \"%2\", got \"%3\""_s.arg(i).arg(expected.at(i), shown.at(i))));
    }
}

} // namespace

class TestProfileConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientConfig_data()
    {
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QStringList>("expected");

        const QString servers = u"bootstrap.servers=b1:9092,b2:9092"_s;
        QTest::newRow("plaintext") << base() << QStringList{servers, u"security.protocol=plaintext"_s};
        {
            // Fields of other protocols and mechanisms are kept in the profile but not sent.
            ConnectionProfile p = mtls();
            p.securityProtocol = SecurityProtocol::Plaintext;
            p.saslUsername = u"alice"_s;
            p.secrets.saslPassword = u"pw"_s;
            p.secrets.sslKeyPassword = u"kp"_s;
            p.kerberosKeytab = u"/k"_s;
            QTest::newRow("plaintext ignores TLS and SASL fields")
                << p << QStringList{servers, u"security.protocol=plaintext"_s};
        }
        {
            ConnectionProfile p = base();
            p.bootstrapServers = u"  [::1]:9092 "_s;
            QTest::newRow("servers trimmed")
                << p << QStringList{u"bootstrap.servers=[::1]:9092"_s, u"security.protocol=plaintext"_s};
        }
        QTest::newRow("ssl, system trust store")
            << withProtocol(SecurityProtocol::Ssl)
            << QStringList{servers, u"security.protocol=ssl"_s, u"ssl.endpoint.identification.algorithm=https"_s};
        {
            ConnectionProfile p = mtls();
            p.secrets.sslKeyPassword = u"keypass"_s;
            p.sslVerifyHostname = false;
            p.saslUsername = u"ignored"_s;
            QTest::newRow("ssl, mTLS with key password, no hostname check")
                << p
                << QStringList{servers,
                               u"security.protocol=ssl"_s,
                               u"ssl.ca.location=/pki/ca.pem"_s,
                               u"ssl.certificate.location=/pki/client.pem"_s,
                               u"ssl.key.location=/pki/client.key"_s,
                               u"ssl.key.password=keypass"_s,
                               u"ssl.endpoint.identification.algorithm=none"_s};
        }
        QTest::newRow("sasl_plaintext PLAIN")
            << plainLogin(SecurityProtocol::SaslPlaintext)
            << QStringList{servers, u"security.protocol=sasl_plaintext"_s, u"sasl.mechanisms=PLAIN"_s,
                           u"sasl.username=alice"_s, u"sasl.password=s3cret"_s};
        {
            ConnectionProfile p = plainLogin(SecurityProtocol::SaslSsl, SaslMechanism::ScramSha256);
            p.sslCaFile = u"/pki/ca.pem"_s;
            QTest::newRow("sasl_ssl SCRAM-SHA-256 with CA")
                << p
                << QStringList{servers,
                               u"security.protocol=sasl_ssl"_s,
                               u"sasl.mechanisms=SCRAM-SHA-256"_s,
                               u"sasl.username=alice"_s,
                               u"sasl.password=s3cret"_s,
                               u"ssl.ca.location=/pki/ca.pem"_s,
                               u"ssl.endpoint.identification.algorithm=https"_s};
        }
        QTest::newRow("sasl_ssl SCRAM-SHA-512") << plainLogin(SecurityProtocol::SaslSsl, SaslMechanism::ScramSha512)
                                                << QStringList{servers,
                                                               u"security.protocol=sasl_ssl"_s,
                                                               u"sasl.mechanisms=SCRAM-SHA-512"_s,
                                                               u"sasl.username=alice"_s,
                                                               u"sasl.password=s3cret"_s,
                                                               u"ssl.endpoint.identification.algorithm=https"_s};
        {
            ConnectionProfile p = plainLogin(SecurityProtocol::SaslPlaintext);
            p.secrets.saslPassword.clear(); // asked at connect time: not sent empty
            QTest::newRow("no password yet") << p
                                             << QStringList{servers, u"security.protocol=sasl_plaintext"_s,
                                                            u"sasl.mechanisms=PLAIN"_s, u"sasl.username=alice"_s};
        }
        QTest::newRow("OIDC, required fields only")
            << oidc()
            << QStringList{servers,
                           u"security.protocol=sasl_ssl"_s,
                           u"sasl.mechanisms=OAUTHBEARER"_s,
                           u"sasl.oauthbearer.method=oidc"_s,
                           u"sasl.oauthbearer.client.id=offsetlens"_s,
                           u"sasl.oauthbearer.client.secret=oidc-secret"_s,
                           u"sasl.oauthbearer.token.endpoint.url=https://idp.example.com/oauth2/token"_s,
                           u"ssl.endpoint.identification.algorithm=https"_s};
        {
            ConnectionProfile p = oidc();
            p.oauthScope = u"kafka offline_access"_s;
            p.oauthExtensions = u"logicalCluster=lkc-1,identityPoolId=pool-2"_s;
            p.saslUsername = u"not-sent"_s;
            QTest::newRow("OIDC with scope and extensions")
                << p
                << QStringList{servers,
                               u"security.protocol=sasl_ssl"_s,
                               u"sasl.mechanisms=OAUTHBEARER"_s,
                               u"sasl.oauthbearer.method=oidc"_s,
                               u"sasl.oauthbearer.client.id=offsetlens"_s,
                               u"sasl.oauthbearer.client.secret=oidc-secret"_s,
                               u"sasl.oauthbearer.token.endpoint.url=https://idp.example.com/oauth2/token"_s,
                               u"sasl.oauthbearer.scope=kafka offline_access"_s,
                               u"sasl.oauthbearer.extensions=logicalCluster=lkc-1,identityPoolId=pool-2"_s,
                               u"ssl.endpoint.identification.algorithm=https"_s};
        }
        {
            ConnectionProfile p = kerberos();
            p.kerberosServiceName = u"kafka-prod"_s;
            QTest::newRow("GSSAPI with keytab") << p
                                                << QStringList{servers,
                                                               u"security.protocol=sasl_plaintext"_s,
                                                               u"sasl.mechanisms=GSSAPI"_s,
                                                               u"sasl.kerberos.service.name=kafka-prod"_s,
                                                               u"sasl.kerberos.principal=offsetlens@EXAMPLE.COM"_s,
                                                               u"sasl.kerberos.keytab=/krb/client.keytab"_s};
        }
        QTest::newRow("GSSAPI from the ticket cache")
            << withProtocol(SecurityProtocol::SaslPlaintext, SaslMechanism::Gssapi)
            << QStringList{servers, u"security.protocol=sasl_plaintext"_s, u"sasl.mechanisms=GSSAPI"_s};
        {
            ConnectionProfile p = base();
            p.clientProperties = {{u"socket.keepalive.enable"_s, u"true"_s}, {u"client.id"_s, u"me"_s}};
            QTest::newRow("extra properties last, in key order")
                << p
                << QStringList{servers, u"security.protocol=plaintext"_s, u"client.id=me"_s,
                               u"socket.keepalive.enable=true"_s};
        }
        {
            ConnectionProfile p = plainLogin(SecurityProtocol::SaslPlaintext);
            p.clientProperties = {{u"security.protocol"_s, u"SASL_SSL"_s},
                                  {u"sasl.mechanism"_s, u"SCRAM-SHA-256"_s},
                                  {u"metadata.broker.list"_s, u"other:9093"_s}};
            QTest::newRow("an extra replaces the field's entry, aliases too")
                << p
                << QStringList{u"sasl.username=alice"_s, u"sasl.password=s3cret"_s,
                               u"metadata.broker.list=other:9093"_s, u"sasl.mechanism=SCRAM-SHA-256"_s,
                               u"security.protocol=SASL_SSL"_s};
        }
        {
            ConnectionProfile p = mtls();
            p.secrets.sslKeyPassword = u"from-field"_s;
            p.clientProperties = {{u"ssl.keystore.location"_s, u"/pki/ks.p12"_s}};
            p.secrets.secretProperties = {{u"ssl.keystore.password"_s, u"ks-pass"_s},
                                          {u"ssl.key.password"_s, u"from-secret"_s}};
            QTest::newRow("secret properties last, over everything")
                << p
                << QStringList{servers,
                               u"security.protocol=ssl"_s,
                               u"ssl.ca.location=/pki/ca.pem"_s,
                               u"ssl.certificate.location=/pki/client.pem"_s,
                               u"ssl.key.location=/pki/client.key"_s,
                               u"ssl.endpoint.identification.algorithm=https"_s,
                               u"ssl.keystore.location=/pki/ks.p12"_s,
                               u"ssl.key.password=from-secret"_s,
                               u"ssl.keystore.password=ks-pass"_s};
        }
    }

    void clientConfig()
    {
        QFETCH(ConnectionProfile, profile);
        QFETCH(QStringList, expected);
        QCOMPARE(lines(toClientConfig(profile)), expected);
    }

    void secretKeys_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("secret");
        for (const char *key : {"sasl.password", "ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
                                "sasl.oauthbearer.client.secret", "sasl.jaas.config", "SASL.JAAS.CONFIG", "ssl.key.pem",
                                "ssl.keystore.key", "sasl.oauthbearer.config", "basic.auth.user.info",
                                "some.plugin.credentials", "my.Secret.thing"})
            QTest::newRow(key) << QString::fromLatin1(key) << true;
        for (const char *key :
             {"sasl.username", "ssl.ca.location", "ssl.certificate.pem", "ssl.ca.pem", "sasl.oauthbearer.client.id",
              "sasl.oauthbearer.token.endpoint.url", "ssl.keystore.location", "bootstrap.servers", "client.id", ""})
            QTest::newRow(*key ? key : "(empty)") << QString::fromLatin1(key) << false;
    }

    void secretKeys()
    {
        QFETCH(QString, key);
        QFETCH(bool, secret);
        QCOMPARE(isSecretKey(key), secret);
    }

    void redacted()
    {
        ConnectionProfile p = mtls();
        p.securityProtocol = SecurityProtocol::SaslSsl;
        p.saslUsername = u"alice"_s;
        p.secrets.saslPassword = u"pw-1"_s;
        p.secrets.sslKeyPassword = u"pw-2"_s;
        p.clientProperties = {{u"client.id"_s, u"me"_s}};
        p.secrets.secretProperties = {{u"ssl.keystore.password"_s, u"pw-3"_s},
                                      {u"sasl.oauthbearer.config"_s, QString()}};
        const ProfileConfig config = toClientConfig(p);
        const ProfileConfig shown = redactedConfig(config);
        QCOMPARE(shown.size(), config.size());
        const QString text = lines(shown).join(u'\n');
        for (const char *secret : {"pw-1", "pw-2", "pw-3"})
            QVERIFY2(!text.contains(QLatin1String(secret)), qPrintable(text));
        QVERIFY(lines(shown).contains(u"sasl.password=[hidden]"_s));
        QVERIFY(lines(shown).contains(u"ssl.key.password=[hidden]"_s));
        QVERIFY(lines(shown).contains(u"ssl.keystore.password=[hidden]"_s));
        QVERIFY(lines(shown).contains(u"sasl.oauthbearer.config="_s)); // empty: says it is missing, nothing more
        QVERIFY(lines(shown).contains(u"sasl.username=alice"_s));
        QVERIFY(lines(shown).contains(u"client.id=me"_s));
        // Same keys in the same order.
        for (qsizetype i = 0; i < config.size(); ++i)
            QCOMPARE(shown.at(i).first, config.at(i).first);
    }

    void enumNames()
    {
        for (SecurityProtocol sp : {SecurityProtocol::Plaintext, SecurityProtocol::Ssl, SecurityProtocol::SaslPlaintext,
                                    SecurityProtocol::SaslSsl}) {
            QCOMPARE(parseSecurityProtocol(QString::fromLatin1(securityProtocolName(sp))), sp);
            QCOMPARE(parseSecurityProtocol(QString::fromLatin1(securityProtocolName(sp).toUpper())), sp);
        }
        for (SaslMechanism m : {SaslMechanism::Plain, SaslMechanism::ScramSha256, SaslMechanism::ScramSha512,
                                SaslMechanism::OAuthBearer, SaslMechanism::Gssapi})
            QCOMPARE(parseSaslMechanism(QString::fromLatin1(saslMechanismName(m)).toLower()), m);
        QCOMPARE(parseSecurityProtocol(u"TLS"_s), std::nullopt);
        QCOMPARE(parseSaslMechanism(u"AWS_MSK_IAM"_s), std::nullopt);
    }

    void keyMaterial_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("blocks"); // c: certificate, k: key, e: encrypted key

        QTest::newRow("empty") << QByteArray() << int(KeyMaterialFormat::Empty) << QString();
        QTest::newRow("certificate") << kCert << int(KeyMaterialFormat::Pem) << u"c"_s;
        QTest::newRow("key") << kKey << int(KeyMaterialFormat::Pem) << u"k"_s;
        QTest::newRow("PKCS#8 encrypted") << kEncryptedKey << int(KeyMaterialFormat::Pem) << u"ke"_s;
        QTest::newRow("traditional encrypted") << kEncryptedRsaKey << int(KeyMaterialFormat::Pem) << u"ke"_s;
        QTest::newRow("openssl pkcs12 output") << kBagCertAndKey << int(KeyMaterialFormat::Pem) << u"ck"_s;
        QTest::newRow("EC key") << QByteArray("-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----\n")
                                << int(KeyMaterialFormat::Pem) << u"k"_s;
        QTest::newRow("CSR is neither") << QByteArray("-----BEGIN CERTIFICATE REQUEST-----\nabc\n")
                                        << int(KeyMaterialFormat::Pem) << QString();
        QTest::newRow("unterminated label")
            << QByteArray("-----BEGIN CERTIF") << int(KeyMaterialFormat::Pem) << QString();
        QTest::newRow("JKS") << kJks << int(KeyMaterialFormat::Jks) << QString();
        QTest::newRow("JCEKS") << QByteArray("\xce\xce\xce\xce\x00\x00\x00\x02", 8) << int(KeyMaterialFormat::Jceks)
                               << QString();
        QTest::newRow("PKCS#12") << kPkcs12 << int(KeyMaterialFormat::Pkcs12) << QString();
        QTest::newRow("DER certificate") << kDerCert << int(KeyMaterialFormat::DerCertificate) << QString();
        QTest::newRow("DER key") << kDerKey << int(KeyMaterialFormat::DerKey) << QString();
        QTest::newRow("short DER length")
            << QByteArray("\x30\x05\x02\x01\x03", 5) << int(KeyMaterialFormat::Pkcs12) << QString();
        QTest::newRow("truncated DER") << QByteArray("\x30\x84\x00", 3) << int(KeyMaterialFormat::Other) << QString();
        QTest::newRow("lone 0x30") << QByteArray("0") << int(KeyMaterialFormat::Other) << QString();
        QTest::newRow("text") << QByteArray("hello\n") << int(KeyMaterialFormat::Other) << QString();
    }

    void keyMaterial()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, format);
        QFETCH(QString, blocks);
        const KeyMaterial m = classifyKeyMaterial(head);
        QCOMPARE(int(m.format), format);
        QString found;
        if (m.certificate)
            found += u'c';
        if (m.privateKey)
            found += u'k';
        if (m.encryptedKey)
            found += u'e';
        QCOMPARE(found, blocks);
    }

    void conversionCommands()
    {
        const PemConversion trust = truststoreToPem(u"/etc/kafka/client.truststore.jks"_s, StoreType::Jks);
        QCOMPARE(trust.caFile, u"/etc/kafka/client.truststore-ca.pem"_s);
        QCOMPARE(trust.commands,
                 QStringList({u"keytool -importkeystore -srckeystore /etc/kafka/client.truststore.jks -srcstoretype "
                              "JKS -destkeystore /etc/kafka/client.truststore.p12 -deststoretype PKCS12"_s,
                              u"openssl pkcs12 -in /etc/kafka/client.truststore.p12 -nokeys -out "
                              "/etc/kafka/client.truststore-ca.pem"_s}));
        const PemConversion keys = keystoreToPem(u"/home/me/my keys/ks.p12"_s, StoreType::Pkcs12);
        QCOMPARE(keys.certificateFile, u"/home/me/my keys/ks-cert.pem"_s);
        QCOMPARE(keys.keyFile, u"/home/me/my keys/ks-key.pem"_s);
        QCOMPARE(keys.commands, QStringList({u"openssl pkcs12 -in '/home/me/my keys/ks.p12' -clcerts -nokeys -out "
                                             "'/home/me/my keys/ks-cert.pem'"_s,
                                             u"openssl pkcs12 -in '/home/me/my keys/ks.p12' -nocerts -out "
                                             "'/home/me/my keys/ks-key.pem'"_s}));
        // A JKS file named .p12 must not be overwritten by its own conversion.
        const PemConversion odd = truststoreToPem(u"trust.p12"_s, StoreType::Jks);
        QVERIFY(odd.commands.constFirst().endsWith(u"-destkeystore trust-converted.p12 -deststoretype PKCS12"_s));
        QCOMPARE(shellQuoted(u"it's"_s), u"'it'\\''s'"_s);
        QCOMPARE(shellQuoted(QString()), u"''"_s);
        QCOMPARE(derToPem(u"/x/key.der"_s, true).commands,
                 QStringList{u"openssl pkey -inform DER -in /x/key.der -out /x/key.pem"_s});
    }

    void bootstrap_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::addColumn<QStringList>("problems");

        QTest::newRow("one") << u"broker:9092"_s << QStringList{};
        QTest::newRow("several, spaces after commas") << u"a:9092, b.example.com:9093 ,c_1:1"_s << QStringList{};
        QTest::newRow("IPv4 and IPv6") << u"10.0.0.1:9092,[::1]:9092,[fe80::1%eth0]:65535"_s << QStringList{};
        QTest::newRow("empty") << u"  "_s << QStringList{u"BootstrapServers error: at least one broker"_s};
        QTest::newRow("trailing comma") << u"a:9092,"_s << QStringList{u"BootstrapServers warning: empty entry"_s};
        QTest::newRow("double comma") << u"a:9092,,b:9092"_s << QStringList{u"BootstrapServers warning: empty entry"_s};
        QTest::newRow("listener scheme") << u"SASL_SSL://broker:9092"_s
                                         << QStringList{u"BootstrapServers error: Remove \"SASL_SSL://\""_s};
        QTest::newRow("PLAINTEXT scheme in a list")
            << u"a:9092,PLAINTEXT://b:9092"_s << QStringList{u"BootstrapServers error: Remove \"PLAINTEXT://\""_s};
        QTest::newRow("space separated") << u"a:9092 b:9092"_s << QStringList{u"BootstrapServers error: not spaces"_s};
        QTest::newRow("space in host") << u"my host:9092"_s << QStringList{u"BootstrapServers error: a space"_s};
        QTest::newRow("missing port") << u"broker"_s << QStringList{u"BootstrapServers warning: uses 9092"_s};
        QTest::newRow("IPv6 without port") << u"[::1]"_s << QStringList{u"BootstrapServers warning: no port"_s};
        QTest::newRow("colon, no port") << u"broker:"_s
                                        << QStringList{u"BootstrapServers error: no port number after"_s};
        QTest::newRow("port zero") << u"broker:0"_s << QStringList{u"BootstrapServers error: 1 to 65535"_s};
        QTest::newRow("port too big") << u"broker:65536"_s << QStringList{u"BootstrapServers error: 1 to 65535"_s};
        QTest::newRow("port huge") << u"broker:99999999999999999999"_s
                                   << QStringList{u"BootstrapServers error: 1 to 65535"_s};
        QTest::newRow("port not a number")
            << u"broker:90x2"_s << QStringList{u"BootstrapServers error: is not a number"_s};
        QTest::newRow("negative port") << u"broker:-1"_s << QStringList{u"BootstrapServers error: is not a number"_s};
        QTest::newRow("bare IPv6") << u"::1:9092"_s << QStringList{u"BootstrapServers error: in brackets"_s};
        QTest::newRow("unclosed bracket")
            << u"[::1:9092"_s << QStringList{u"BootstrapServers error: no closing bracket"_s};
        QTest::newRow("bracketed name") << u"[broker]:9092"_s
                                        << QStringList{u"BootstrapServers error: not an IPv6 address"_s};
        QTest::newRow("junk after bracket")
            << u"[::1]9092"_s << QStringList{u"BootstrapServers error: colon and the port"_s};
        QTest::newRow("no host") << u":9092"_s << QStringList{u"BootstrapServers error: no host name"_s};
        QTest::newRow("path pasted") << u"broker/kafka:9092"_s
                                     << QStringList{u"BootstrapServers error: cannot contain \"/\""_s};
        QTest::newRow("one problem per entry, in order")
            << u"a:0,b:9092,c:x,"_s
            << QStringList{u"BootstrapServers error: \"a:0\""_s, u"BootstrapServers error: \"c:x\""_s,
                           u"BootstrapServers warning: empty entry"_s};
        {
            QStringList many;
            for (int i = 0; i < 1000; ++i)
                many.append(u"h%1:0"_s.arg(i));
            QStringList expected;
            for (int i = 0; i < 10; ++i)
                expected.append(u"BootstrapServers error: \"h%1:0\""_s.arg(i));
            QTest::newRow("at most ten entry problems") << many.join(u',') << expected;
        }
    }

    void bootstrap()
    {
        QFETCH(QString, servers);
        QFETCH(QStringList, problems);
        compareProblems(validateBootstrapServers(servers), problems);
    }

    void validation_data()
    {
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QStringList>("problems");

        QTest::newRow("plaintext, fine") << base() << QStringList{};
        {
            ConnectionProfile p = base();
            p.name = u"  "_s;
            p.colour = u"red"_s;
            QTest::newRow("name and colour") << p << QStringList{u"Name error: name"_s, u"Colour error: #rrggbb"_s};
        }
        for (const char *colour : {"#A0b1C2", ""}) {
            ConnectionProfile p = base();
            p.colour = QString::fromLatin1(colour);
            QTest::addRow("colour '%s' is fine", colour) << p << QStringList{};
        }
        for (const char *colour : {"#12345", "#1234567", "#12345g", "123456#"}) {
            ConnectionProfile p = base();
            p.colour = QString::fromLatin1(colour);
            QTest::addRow("colour '%s'", colour) << p << QStringList{u"Colour error: #rrggbb"_s};
        }
        {
            ConnectionProfile p = base();
            p.bootstrapServers = u"PLAINTEXT://b:9092"_s;
            QTest::newRow("bootstrap problems are included") << p << QStringList{u"BootstrapServers error: Remove"_s};
            p.bootstrapServers.clear();
            p.isDemo = true;
            QTest::newRow("the demo's servers come later") << p << QStringList{};
        }
        QTest::newRow("PLAIN over TLS, fine") << plainLogin() << QStringList{};
        QTest::newRow("PLAIN over plaintext")
            << plainLogin(SecurityProtocol::SaslPlaintext) << QStringList{u"SecurityProtocol warning: unencrypted"_s};
        QTest::newRow("SCRAM over plaintext, fine")
            << plainLogin(SecurityProtocol::SaslPlaintext, SaslMechanism::ScramSha256) << QStringList{};
        {
            ConnectionProfile p = plainLogin(SecurityProtocol::SaslSsl, SaslMechanism::ScramSha512);
            p.saslUsername.clear();
            p.secrets.saslPassword.clear();
            QTest::newRow("SCRAM without user and password")
                << p << QStringList{u"SaslUsername error: user name"_s, u"SaslPassword error: password"_s};
            p.secretStorage = SecretStorage::AskEachTime;
            QTest::newRow("password asked at each connection") << p << QStringList{u"SaslUsername error: user name"_s};
        }
        {
            ConnectionProfile p = plainLogin(SecurityProtocol::Ssl);
            p.saslUsername.clear();
            QTest::newRow("SASL fields unchecked without SASL") << p << QStringList{};
        }
        QTest::newRow("OIDC, fine") << oidc() << QStringList{};
        {
            ConnectionProfile p = oidc();
            p.oauthClientId.clear();
            p.secrets.oauthClientSecret.clear();
            p.oauthTokenEndpoint.clear();
            QTest::newRow("OIDC, nothing")
                << p
                << QStringList{u"OAuthClientId error: client id"_s, u"OAuthClientSecret error: client secret"_s,
                               u"OAuthTokenEndpoint error: token endpoint URL"_s};
        }
        for (const char *url :
             {"idp.example.com/token", "ftp://idp/token", "https://", "https:// idp/x", "file:///etc/passwd"}) {
            ConnectionProfile p = oidc();
            p.oauthTokenEndpoint = QString::fromLatin1(url);
            QTest::addRow("token endpoint %s", url) << p << QStringList{u"OAuthTokenEndpoint error: https://"_s};
        }
        {
            ConnectionProfile p = oidc();
            p.oauthTokenEndpoint = u"HTTP://idp.internal:8080/token"_s;
            QTest::newRow("token endpoint over http") << p << QStringList{u"OAuthTokenEndpoint warning: unencrypted"_s};
            p = oidc();
            p.oauthExtensions = u"a=1,broken"_s;
            QTest::newRow("bad extension") << p << QStringList{u"OAuthExtensions error: \"broken\""_s};
            p.oauthExtensions = u"a=1,b=,"_s;
            QTest::newRow("extensions fine") << p << QStringList{};
        }
        QTest::newRow("Kerberos with keytab, fine") << kerberos() << QStringList{};
        {
            ConnectionProfile p = kerberos();
            p.kerberosKeytab.clear();
            QTest::newRow("Kerberos from the ticket cache") << p << QStringList{u"KerberosKeytab warning: kinit"_s};
            p = kerberos();
            p.kerberosPrincipal.clear();
            QTest::newRow("Kerberos keytab, no principal")
                << p << QStringList{u"KerberosPrincipal warning: kafkaclient"_s};
            p.kerberosKeytab = u"/krb/missing.keytab"_s;
            QTest::newRow("Kerberos keytab missing")
                << p << QStringList{u"KerberosKeytab error: no file /krb/missing.keytab"_s};
            p.kerberosKeytab = u"/locked/client.keytab"_s;
            QTest::newRow("Kerberos keytab unreadable") << p << QStringList{u"KerberosKeytab error: cannot be read"_s};
        }
        QTest::newRow("mTLS, fine") << mtls() << QStringList{};
        {
            ConnectionProfile p = mtls();
            p.securityProtocol = SecurityProtocol::Plaintext;
            p.sslCaFile = u"/nowhere.pem"_s;
            QTest::newRow("TLS files unchecked without TLS") << p << QStringList{};
        }
        const auto tlsWith = [](const char *ca, const char *cert, const char *key) {
            ConnectionProfile p = withProtocol(SecurityProtocol::Ssl);
            p.sslCaFile = QString::fromLatin1(ca);
            p.sslCertificateFile = QString::fromLatin1(cert);
            p.sslKeyFile = QString::fromLatin1(key);
            return p;
        };
        QTest::newRow("CA folder") << tlsWith("/pki/certs", "", "") << QStringList{};
        QTest::newRow("CA missing") << tlsWith("/pki/nope.pem", "", "")
                                    << QStringList{u"SslCaFile error: no file /pki/nope.pem"_s};
        QTest::newRow("CA unreadable") << tlsWith("/locked/ca.pem", "", "")
                                       << QStringList{u"SslCaFile error: check its permissions"_s};
        QTest::newRow("CA empty") << tlsWith("/pki/empty.pem", "", "") << QStringList{u"SslCaFile error: empty"_s};
        QTest::newRow("CA not PEM") << tlsWith("/pki/notes.txt", "", "")
                                    << QStringList{u"SslCaFile error: -----BEGIN"_s};
        QTest::newRow("CA is a key") << tlsWith("/pki/client.key", "", "")
                                     << QStringList{u"SslCaFile error: a private key, not a certificate"_s};
        QTest::newRow("CA is JKS")
            << tlsWith("/pki/truststore.jks", "", "")
            << QStringList{u"SslCaFile error: Java key store (JKS); librdkafka reads PEM. Convert it:\n"
                           "keytool -importkeystore -srckeystore /pki/truststore.jks -srcstoretype JKS -destkeystore "
                           "/pki/truststore.p12 -deststoretype PKCS12\n"
                           "openssl pkcs12 -in /pki/truststore.p12 -nokeys -out /pki/truststore-ca.pem\n"
                           "then choose /pki/truststore-ca.pem."_s};
        QTest::newRow("CA is DER") << tlsWith("/pki/ca.der", "", "")
                                   << QStringList{u"SslCaFile error: openssl x509 -inform DER -in /pki/ca.der"_s};
        QTest::newRow("CA with a key in it too") << tlsWith("/pki/both.pem", "", "") << QStringList{};
        QTest::newRow("certificate without key")
            << tlsWith("", "/pki/client.pem", "") << QStringList{u"SslKeyFile error: needs its private key"_s};
        QTest::newRow("key without certificate")
            << tlsWith("", "", "/pki/client.key")
            << QStringList{u"SslCertificateFile error: needs its client certificate"_s};
        QTest::newRow("key file is a certificate")
            << tlsWith("", "/pki/client.pem", "/pki/client.pem")
            << QStringList{u"SslKeyFile error: a certificate, not a private key"_s};
        QTest::newRow("certificate file is a key")
            << tlsWith("", "/pki/client.key", "/pki/client.key")
            << QStringList{u"SslCertificateFile error: a private key, not a certificate"_s};
        QTest::newRow("one PEM with both") << tlsWith("", "/pki/both.pem", "/pki/both.pem") << QStringList{};
        QTest::newRow("PKCS#12 as certificate and key")
            << tlsWith("", "/pki/keystore.p12", "/pki/keystore.p12")
            << QStringList{
                   u"SslCertificateFile error: a PKCS#12 file; librdkafka reads PEM. Convert it:\n"
                   "openssl pkcs12 -in /pki/keystore.p12 -clcerts -nokeys -out /pki/keystore-cert.pem\n"
                   "openssl pkcs12 -in /pki/keystore.p12 -nocerts -out /pki/keystore-key.pem\n"
                   "then choose /pki/keystore-cert.pem as the certificate and /pki/keystore-key.pem as the key."_s,
                   u"SslKeyFile error: a PKCS#12 file"_s};
        QTest::newRow("DER key") << tlsWith("", "/pki/client.pem", "/pki/key.der")
                                 << QStringList{u"SslKeyFile error: openssl pkey -inform DER -in /pki/key.der"_s};
        QTest::newRow("DER certificate as key") << tlsWith("", "/pki/client.pem", "/pki/ca.der")
                                                << QStringList{u"SslKeyFile error: a certificate, not a private key"_s};
        QTest::newRow("key folder") << tlsWith("", "/pki/client.pem", "/pki/certs")
                                    << QStringList{u"SslKeyFile error: a folder"_s};
        {
            ConnectionProfile p = tlsWith("", "/pki/client.pem", "/pki/enc.key");
            QTest::newRow("encrypted key, no password") << p << QStringList{u"SslKeyPassword warning: encrypted"_s};
            p.sslKeyFile = u"/pki/rsa-enc.key"_s;
            QTest::newRow("encrypted traditional key, no password")
                << p << QStringList{u"SslKeyPassword warning: encrypted"_s};
            p.secrets.sslKeyPassword = u"pw"_s;
            QTest::newRow("encrypted key with password") << p << QStringList{};
        }
        {
            ConnectionProfile p = base();
            p.secretStorage = SecretStorage::PlainTextFile;
            QTest::newRow("plain-text secrets without a file") << p << QStringList{u"SecretsFile error: Choose"_s};
            p.secretsFile = u"/home/me/secrets.txt"_s;
            QTest::newRow("plain-text secrets with a file") << p << QStringList{};
        }
        {
            ConnectionProfile p = plainLogin(SecurityProtocol::SaslSsl);
            p.clientProperties = {{u"sasl.password"_s, u"oops"_s}, {u"security.protocol"_s, u"SSL"_s},
                                  {u"client.id"_s, u"fine"_s},     {u"topic.auto.offset.reset"_s, u"earliest"_s},
                                  {u"no.such.property"_s, u"1"_s}, {u"bad key"_s, u"1"_s}};
            p.secrets.secretProperties = {{QString(), u"x"_s}, {u"ssl.keystore.password"_s, u"fine"_s}};
            QTest::newRow("extra properties")
                << p
                << QStringList{u"ClientProperties error: \"bad key\" is not a property name"_s,
                               u"ClientProperties warning: no.such.property is not a librdkafka"_s,
                               u"ClientProperties warning: sasl.password looks secret"_s,
                               u"ClientProperties warning: sasl.password replaces"_s,
                               u"ClientProperties warning: security.protocol replaces"_s,
                               u"ClientProperties error: \"\" is not a property name"_s};
        }
        {
            ConnectionProfile p = base();
            p.clientProperties = {{u"metadata.broker.list"_s, u"x:1"_s}};
            QTest::newRow("an alias replaces too")
                << p << QStringList{u"ClientProperties warning: metadata.broker.list replaces"_s};
        }
        const auto timing = [](int request, int refresh) {
            ConnectionProfile p = base();
            p.requestTimeoutMs = request;
            p.refreshIntervalMs = refresh;
            return p;
        };
        QTest::newRow("timeouts at their limits")
            << timing(100, 200) << QStringList{u"RequestTimeout warning: under a second"_s};
        QTest::newRow("timeouts fine") << timing(600000, 3600000) << QStringList{};
        QTest::newRow("refresh off") << timing(10000, 0) << QStringList{};
        QTest::newRow("request timeout zero")
            << timing(0, 5000) << QStringList{u"RequestTimeout error: from 100 to 600000 ms"_s};
        QTest::newRow("request timeout too long")
            << timing(600001, 5000) << QStringList{u"RequestTimeout error: from 100 to 600000 ms"_s};
        QTest::newRow("refresh too fast") << timing(10000, 199) << QStringList{u"RefreshInterval error: 0 (off)"_s};
        QTest::newRow("refresh negative") << timing(10000, -1) << QStringList{u"RefreshInterval error: 0 (off)"_s};
        QTest::newRow("refresh too slow") << timing(10000, 3600001) << QStringList{u"RefreshInterval error: 0 (off)"_s};
    }

    void validation()
    {
        QFETCH(ConnectionProfile, profile);
        QFETCH(QStringList, problems);
        const QList<ProfileProblem> found = validateProfile(profile, fakeProbe(standardFiles()));
        compareProblems(found, problems);
        QCOMPARE(hasErrors(found), std::any_of(problems.begin(), problems.end(),
                                               [](const QString &p) { return p.contains(u" error: "_s); }));
    }

    // The real probe, on real files.
    void realFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&dir](const QString &name, const QByteArray &content) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(content), content.size());
        };
        write(u"ca.pem"_s, kCert);
        write(u"client.pem"_s, kCert);
        write(u"client.key"_s, kEncryptedKey);
        // A big file: only the first kFileProbeBytes are read, and a key beyond them is not held against it.
        write(u"big.pem"_s, kCert + QByteArray(kFileProbeBytes * 4, 'x') + kKey);
        QVERIFY(QDir(dir.path()).mkdir(u"certs"_s));

        const FileFacts big = probeFile(dir.filePath(u"big.pem"_s));
        QVERIFY(big.exists && big.readable && !big.directory);
        QCOMPARE(big.head.size(), kFileProbeBytes);
        QCOMPARE(big.size, qint64(kFileProbeBytes * 4 + kCert.size() + kKey.size()));
        const FileFacts folder = probeFile(dir.filePath(u"certs"_s));
        QVERIFY(folder.exists && folder.directory && folder.head.isEmpty());
        QVERIFY(!probeFile(dir.filePath(u"missing"_s)).exists);

        ConnectionProfile p = mtls();
        p.sslCaFile = dir.filePath(u"certs"_s);
        p.sslCertificateFile = dir.filePath(u"client.pem"_s);
        p.sslKeyFile = dir.filePath(u"client.key"_s);
        compareProblems(validateProfile(p), {u"SslKeyPassword warning: encrypted"_s});
        p.sslKeyFile = dir.filePath(u"big.pem"_s);
        compareProblems(validateProfile(p), {});
        p.sslCaFile = dir.filePath(u"missing.pem"_s);
        compareProblems(validateProfile(p), {u"SslCaFile error: no file"_s});
    }
};

QTEST_GUILESS_MAIN(TestProfileConfig)
#include "tst_profileconfig.moc"
