#include "jaasconfig.h"
#include "profileconfig.h"
#include "profileexport.h"
#include "profileimport.h"
#include "propertiesfile.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace OffsetLens;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OffsetLens::ConnectionProfile)
Q_DECLARE_METATYPE(OffsetLens::ExportFormat)

namespace {

QByteArray file(std::initializer_list<const char *> lines)
{
    QByteArray out;
    for (const char *line : lines)
        out += QByteArray(line) + '\n';
    return out;
}

// A profile as one line per field, so that a failed comparison shows what differs.
QStringList describe(const ConnectionProfile &p)
{
    QStringList d{
        u"id="_s + p.id,
        u"name="_s + p.name,
        u"colour="_s + p.colour,
        u"bootstrap="_s + p.bootstrapServers,
        u"protocol="_s + QString::fromLatin1(securityProtocolName(p.securityProtocol)),
        u"mechanism="_s + QString::fromLatin1(saslMechanismName(p.saslMechanism)),
        u"username="_s + p.saslUsername,
        u"oauthClientId="_s + p.oauthClientId,
        u"oauthTokenEndpoint="_s + p.oauthTokenEndpoint,
        u"oauthScope="_s + p.oauthScope,
        u"oauthExtensions="_s + p.oauthExtensions,
        u"kerberosServiceName="_s + p.kerberosServiceName,
        u"kerberosPrincipal="_s + p.kerberosPrincipal,
        u"kerberosKeytab="_s + p.kerberosKeytab,
        u"sslCaFile="_s + p.sslCaFile,
        u"sslCertificateFile="_s + p.sslCertificateFile,
        u"sslKeyFile="_s + p.sslKeyFile,
        u"sslVerifyHostname="_s + (p.sslVerifyHostname ? u"true"_s : u"false"_s),
        u"secret saslPassword="_s + p.secrets.saslPassword,
        u"secret oauthClientSecret="_s + p.secrets.oauthClientSecret,
        u"secret sslKeyPassword="_s + p.secrets.sslKeyPassword,
        u"secretStorage="_s + QString::number(int(p.secretStorage)),
        u"secretsFile="_s + p.secretsFile,
        u"pinnedGroups="_s + p.pinnedGroups.join(u'|'),
        u"requestTimeoutMs="_s + QString::number(p.requestTimeoutMs),
        u"refreshIntervalMs="_s + QString::number(p.refreshIntervalMs),
        u"readOnly="_s + (p.readOnly ? u"true"_s : u"false"_s),
        u"production="_s + (p.production ? u"true"_s : u"false"_s),
        u"isDemo="_s + (p.isDemo ? u"true"_s : u"false"_s),
    };
    for (auto it = p.clientProperties.cbegin(); it != p.clientProperties.cend(); ++it)
        d.append(u"extra "_s + it.key() + u'=' + it.value());
    for (auto it = p.secrets.secretProperties.cbegin(); it != p.secrets.secretProperties.cend(); ++it)
        d.append(u"secret extra "_s + it.key() + u'=' + it.value());
    return d;
}

QString kindName(ImportNoteKind kind)
{
    switch (kind) {
    case ImportNoteKind::Unsupported:
        return u"Unsupported"_s;
    case ImportNoteKind::Unknown:
        return u"Unknown"_s;
    case ImportNoteKind::Converted:
        return u"Converted"_s;
    case ImportNoteKind::Warning:
        return u"Warning"_s;
    }
    return u"?"_s;
}

// "Kind key@line" per note.
QStringList noteTexts(const QList<ImportNote> &notes)
{
    QStringList out;
    for (const ImportNote &n : notes)
        out.append(kindName(n.kind) + u' ' + n.key + u'@' + QString::number(n.line));
    return out;
}

const ImportNote *findNote(const ProfileImport &result, const QString &key)
{
    const auto it =
        std::find_if(result.notes.begin(), result.notes.end(), [&key](const ImportNote &n) { return n.key == key; });
    return it == result.notes.end() ? nullptr : &*it;
}

// Each expected error is a part of the actual one at the same place ("line 3: ...").
void compareErrors(const QStringList &actual, const QStringList &expected)
{
    if (actual.size() != expected.size())
        QFAIL(qPrintable(u"errors:\n  "_s + actual.join(u"\n  "_s)));
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(actual.at(i).contains(expected.at(i)), qPrintable(actual.at(i)));
}

ConnectionProfile sasl(SecurityProtocol protocol, SaslMechanism mechanism, const QString &servers)
{
    ConnectionProfile p;
    p.securityProtocol = protocol;
    p.saslMechanism = mechanism;
    p.bootstrapServers = servers;
    return p;
}

// Profiles that name only what their protocol and mechanism use, as an export writes them.
ConnectionProfile roundTripBase()
{
    ConnectionProfile p;
    p.id = u"3f2a"_s;
    p.name = u"Production EU"_s;
    p.colour = u"#d03030"_s;
    p.bootstrapServers = u"b1.example.com:9093,[2001:db8::1]:9093"_s;
    p.requestTimeoutMs = 15000;
    p.refreshIntervalMs = 0;
    p.pinnedGroups = {u"billing"_s, u"group, with comma"_s};
    p.production = true;
    p.readOnly = true;
    p.secretStorage = SecretStorage::PlainTextFile; // machine-local: not exported
    p.secretsFile = u"/home/me/secrets"_s;
    return p;
}

} // namespace

class TestProfileImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // java.util.Properties syntax, entry by entry.
    void javaSyntax_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("entries"); // "key|value@line"
        QTest::addColumn<int>("errors");

        QTest::newRow("separators") << file({"a=1", "b:2", "c 3", "d\t4", "e = 5", "f : 6", "g   7", "h=:8", "i==9"})
                                    << QStringList{u"a|1@1"_s, u"b|2@2"_s, u"c|3@3"_s,  u"d|4@4"_s, u"e|5@5"_s,
                                                   u"f|6@6"_s, u"g|7@7"_s, u"h|:8@8"_s, u"i|=9@9"_s}
                                    << 0;
        QTest::newRow("comments and blanks")
            << file({"# comment", "! also", "   # indented", "", "   ", "a=1 # not a comment"})
            << QStringList{u"a|1 # not a comment@6"_s} << 0;
        QTest::newRow("key only and empty value") << file({"lonely", "empty=", "spaced =   "})
                                                  << QStringList{u"lonely|@1"_s, u"empty|@2"_s, u"spaced|@3"_s} << 0;
        QTest::newRow("trailing whitespace kept") << QByteArray("a=1  \t\n") << QStringList{u"a|1  \t@1"_s} << 0;
        QTest::newRow("leading whitespace of the value dropped")
            << QByteArray("a=   \\  x\n") << QStringList{u"a|  x@1"_s} << 0;
        QTest::newRow("continuation") << file({"a=one, \\", "    two, \\", "\tthree", "b=4"})
                                      << QStringList{u"a|one, two, three@1"_s, u"b|4@4"_s} << 0;
        QTest::newRow("continued line is not a comment")
            << file({"a=x\\", "  # y", "b=2"}) << QStringList{u"a|x# y@1"_s, u"b|2@3"_s} << 0;
        QTest::newRow("comment does not continue") << file({"# a \\", "b=2"}) << QStringList{u"b|2@2"_s} << 0;
        QTest::newRow("escaped backslash does not continue")
            << file({"a=C:\\\\", "b=2"}) << QStringList{u"a|C:\\@1"_s, u"b|2@2"_s} << 0;
        QTest::newRow("three backslashes continue") << file({"a=x\\\\\\", "y"}) << QStringList{u"a|x\\y@1"_s} << 0;
        QTest::newRow("blank line ends a continuation")
            << file({"a=x\\", "", "b=2"}) << QStringList{u"a|x@1"_s, u"b|2@3"_s} << 0;
        QTest::newRow("backslash at end of file") << QByteArray("a=x\\") << QStringList{u"a|x@1"_s} << 0;
        QTest::newRow("escapes") << QByteArray("a=t\\tn\\nr\\rf\\f\\b\\q\\\\\n")
                                 << QStringList{u"a|t\tn\nr\rf\fbq\\@1"_s} << 0;
        QTest::newRow("unicode escapes") << QByteArray("k\\u00e9y=J\\u00F6rg \\u20ac \\ud83d\\ude00\n")
                                         << QStringList{u"k\u00e9y|J\u00f6rg \u20ac \U0001F600@1"_s} << 0;
        QTest::newRow("escaped separators in key")
            << QByteArray("a\\=b\\:c\\ d=1\n\\#x=2\n") << QStringList{u"a=b:c d|1@1"_s, u"#x|2@2"_s} << 0;
        QTest::newRow("malformed unicode escapes")
            << file({"a=\\u12", "b=\\u12G4", "c=ok", "d\\uzzzz=1"}) << QStringList{u"c|ok@3"_s} << 3;
        QTest::newRow("CRLF and CR") << QByteArray("a=1\r\nb=2\rc=3\r\n")
                                     << QStringList{u"a|1@1"_s, u"b|2@2"_s, u"c|3@3"_s} << 0;
        QTest::newRow("continuation over CRLF") << QByteArray("a=1\\\r\n  2\r\n") << QStringList{u"a|12@1"_s} << 0;
        QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf"
                                           "a=1\n")
                             << QStringList{u"a|1@1"_s} << 0;
        QTest::newRow("UTF-8") << QByteArray("name=Z\xc3\xbcrich\n") << QStringList{u"name|Z\u00fcrich@1"_s} << 0;
        QTest::newRow("ISO 8859-1 when not UTF-8")
            << QByteArray("name=Z\xfcrich\n") << QStringList{u"name|Z\u00fcrich@1"_s} << 0;
        QTest::newRow("repeated key stays twice") << file({"a=1", "a=2"}) << QStringList{u"a|1@1"_s, u"a|2@2"_s} << 0;
    }

    void javaSyntax()
    {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, entries);
        QFETCH(int, errors);
        const PropertiesFile parsed = parseJavaProperties(content);
        QStringList got;
        for (const PropertyEntry &e : parsed.entries)
            got.append(e.key + u'|' + e.value + u'@' + QString::number(e.line));
        QCOMPARE(got, entries);
        QCOMPARE(parsed.errors.size(), errors);
    }

    void javaComments()
    {
        const PropertiesFile parsed = parseJavaProperties(file({"#one", "  !two", "a=1\\", "#three"}));
        QCOMPARE(parsed.comments.size(), 2);
        QCOMPARE(parsed.comments.at(0).value, u"one"_s);
        QCOMPARE(parsed.comments.at(1).value, u"two"_s);
        QCOMPARE(parsed.comments.at(1).line, 2);
        QCOMPARE(parsed.entries.constFirst().value, u"1#three"_s);
        QVERIFY(parseJavaProperties(QByteArray("name=Z\xfcrich\n")).warnings.constFirst().startsWith(u"line 1:"_s));
    }

    // Whatever javaPropertiesLine() writes, Properties.load() syntax reads back exactly.
    void javaLineRoundTrip_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << u"bootstrap.servers"_s << u"a:1,b:2"_s;
        QTest::newRow("url") << u"u"_s << u"https://idp/token?x=1#frag"_s;
        QTest::newRow("spaces") << u"a key"_s << u"  leading and trailing  "_s;
        QTest::newRow("separators in key") << u"a=b:c"_s << u"=:"_s;
        QTest::newRow("comment chars") << u"#x"_s << u"!y"_s;
        QTest::newRow("bang key") << u"!x"_s << u"#y"_s;
        QTest::newRow("backslashes") << u"C:\\dir\\"_s << u"C:\\dir\\"_s;
        QTest::newRow("controls") << u"t\tn\nr\rf\f"_s << u"t\tn\nr\rf\f\x01"_s;
        QTest::newRow("unicode") << u"cl\u00e9"_s << u"Z\u00fcrich \u20ac \U0001F600"_s;
        QTest::newRow("empty") << u"k"_s << QString();
        QTest::newRow("jaas") << u"sasl.jaas.config"_s
                              << u"x.PlainLoginModule required username=\"a\\\"b\" password=\"c\";"_s;
    }

    void javaLineRoundTrip()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        const QString line = javaPropertiesLine(key, value);
        for (const QChar c : line)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() < 0x7f, qPrintable(line));
        const PropertiesFile parsed = parseJavaProperties(line.toLatin1() + '\n');
        QCOMPARE(parsed.entries.size(), 1);
        QCOMPARE(parsed.entries.constFirst().key, key);
        QCOMPARE(parsed.entries.constFirst().value, value);
    }

    void librdkafkaSyntax()
    {
        const PropertiesFile parsed = parseLibrdkafkaProperties(
            file({"# comment", "  a = 1 ", "b=x=y", "c=", "novalue", "=nokey", "d=\\n not an escape", "! x=1"}));
        QStringList got;
        for (const PropertyEntry &e : parsed.entries)
            got.append(e.key + u'|' + e.value + u'@' + QString::number(e.line));
        QCOMPARE(got, QStringList({u"a|1@2"_s, u"b|x=y@3"_s, u"c|@4"_s, u"d|\\n not an escape@7"_s, u"! x|1@8"_s}));
        QCOMPARE(parsed.errors, QStringList({u"line 5: expected name=value"_s, u"line 6: expected name=value"_s}));
        QCOMPARE(parsed.comments.size(), 1);
        // librdkafka takes bytes; they must be UTF-8 to become a profile.
        const PropertiesFile latin1 = parseLibrdkafkaProperties(QByteArray("a=1\nb=Z\xfcrich\n"));
        QVERIFY(latin1.entries.isEmpty());
        QCOMPARE(latin1.errors, QStringList{u"line 2: not UTF-8 text"_s});
    }

    void jaas_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("parsed"); // "Class flag name=value ...; ..." or "error: words"

        QTest::newRow("plain") << u"org.apache.kafka.common.security.plain.PlainLoginModule required "
                                  "username=\"alice\" password=\"s3cret\";"_s
                               << u"PlainLoginModule required username=alice password=s3cret;"_s;
        QTest::newRow("single quotes and spaces")
            << u"  x.ScramLoginModule   REQUIRED  username = 'bob smith'\n password='a\"b' ;  "_s
            << u"ScramLoginModule REQUIRED username=bob smith password=a\"b;"_s;
        QTest::newRow("escapes") << u"M optional a=\"q\\\"uote\" b=\"back\\\\slash\" c=\"\\n\\t\\101\\x\";"_s
                                 << u"M optional a=q\"uote b=back\\slash c=\n\tAx;"_s;
        QTest::newRow("unquoted values") << u"x.Krb5LoginModule required useKeyTab=true storeKey=true "
                                            "keyTab=/etc/k.keytab principal=a@B.C;"_s
                                         << u"Krb5LoginModule required useKeyTab=true storeKey=true "
                                            "keyTab=/etc/k.keytab principal=a@B.C;"_s;
        QTest::newRow("comments") << u"// leading\nM /* inside */ required a=\"1\" // trailing\n;"_s
                                  << u"M required a=1;"_s;
        QTest::newRow("no options") << u"M sufficient;"_s << u"M sufficient;"_s;
        QTest::newRow("two modules") << u"A required; B optional x=\"y\";"_s << u"A required; B optional x=y;"_s;
        QTest::newRow("empty") << u"  "_s << u"error: no login module"_s;
        QTest::newRow("no semicolon") << u"M required a=\"1\""_s << u"error: missing ';'"_s;
        QTest::newRow("bad flag") << u"M mandatory a=\"1\";"_s << u"error: expected required"_s;
        QTest::newRow("no flag") << u"M;"_s << u"error: expected required"_s;
        QTest::newRow("unterminated quote")
            << u"M required a=\"1;"_s << u"error: the value of a has no closing quote"_s;
        QTest::newRow("no equals") << u"M required a \"1\";"_s << u"error: expected '=' after a"_s;
        QTest::newRow("no value") << u"M required a=;"_s << u"error: no value for a"_s;
        QTest::newRow("starts with a quote") << u"\"M\" required;"_s << u"error: expected a login module"_s;
        QTest::newRow("stray equals") << u"M required =1;"_s << u"error: unexpected '='"_s;
        QTest::newRow("unclosed comment") << u"M required /* a=1;"_s << u"error: missing ';'"_s;
    }

    void jaas()
    {
        QFETCH(QString, text);
        QFETCH(QString, parsed);
        const JaasConfig config = parseJaasConfig(text);
        QString got;
        if (!config.error.isEmpty()) {
            got = u"error: "_s + config.error;
            QVERIFY(config.modules.isEmpty());
        }
        for (const JaasLoginModule &m : config.modules) {
            if (!got.isEmpty())
                got += u' ';
            got += m.simpleClassName() + u' ' + m.flag;
            for (const JaasOption &o : m.options)
                got += u' ' + o.name + u'=' + o.value;
            got += u';';
        }
        if (parsed.startsWith(u"error: "_s))
            QVERIFY2(got.startsWith(parsed), qPrintable(got));
        else
            QCOMPARE(got, parsed);
    }

    void jaasQuoting()
    {
        for (const QString &value : {u"plain"_s, u"with \"quotes\" and \\ backslash"_s, u"new\nline"_s, QString()}) {
            const JaasConfig config = parseJaasConfig(QString(u"M required v="_s + jaasQuoted(value) + u';'));
            QVERIFY2(config.error.isEmpty(), qPrintable(config.error));
            QCOMPARE(config.modules.constFirst().options.constFirst().value, value);
        }
    }

    void importJava_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QStringList>("notes");
        QTest::addColumn<QStringList>("errors");

        {
            ConnectionProfile p =
                sasl(SecurityProtocol::SaslSsl, SaslMechanism::Plain, u"pkc-12345.eu-west-1.aws.example.cloud:9092"_s);
            p.saslUsername = u"APIKEY"_s;
            p.secrets.saslPassword = u"API/SECRET+x=="_s;
            p.clientProperties = {{u"client.id"_s, u"ccloud-java-client"_s}};
            QTest::newRow("PLAIN, cloud style")
                << file({"# Required connection configs for Kafka producer, consumer, and admin",
                         "bootstrap.servers=pkc-12345.eu-west-1.aws.example.cloud:9092", "security.protocol=SASL_SSL",
                         "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                         "username='APIKEY' password='API/SECRET+x==';",
                         "sasl.mechanism=PLAIN", "client.dns.lookup=use_all_dns_ips", "session.timeout.ms=45000",
                         "acks=all", "client.id=ccloud-java-client"})
                << p
                << QStringList{u"Converted sasl.jaas.config@4"_s, u"Unsupported client.dns.lookup@6"_s,
                               u"Unsupported session.timeout.ms@7"_s, u"Unsupported acks@8"_s,
                               u"Converted client.id@9"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::ScramSha512, u"b1:9093,b2:9093"_s);
            p.saslUsername = u"svc-offsets"_s;
            p.secrets.saslPassword = u"p@ss\"word \u00e9"_s;
            p.sslCaFile = u"/etc/kafka/ca.pem"_s;
            p.sslVerifyHostname = false;
            QTest::newRow("SCRAM, continuation lines, escapes on two levels")
                << file({"security.protocol = SASL_SSL", "bootstrap.servers : b1:9093, b2:9093",
                         "sasl.mechanism SCRAM-SHA-512",
                         "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\",
                         "    username=\"svc-offsets\" \\", "    password=\"p@ss\\\\\\\"word \\u00e9\";",
                         "ssl.truststore.type=PEM", "ssl.truststore.location=/etc/kafka/ca.pem",
                         "ssl.endpoint.identification.algorithm="})
                << p
                << QStringList{u"Converted sasl.jaas.config@4"_s, u"Converted ssl.truststore.location@8"_s,
                               u"Converted ssl.endpoint.identification.algorithm@9"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::OAuthBearer, u"kafka:9093"_s);
            p.oauthClientId = u"offsetlens"_s;
            p.secrets.oauthClientSecret = u"s3cr3t"_s;
            p.oauthScope = u"kafka"_s;
            p.oauthExtensions = u"logicalCluster=lkc-1,identityPoolId=pool-2"_s;
            p.oauthTokenEndpoint = u"https://idp.example.com/oauth2/token"_s;
            QTest::newRow("OAUTHBEARER with OIDC")
                << file({"bootstrap.servers=kafka:9093", "security.protocol=SASL_SSL", "sasl.mechanism=OAUTHBEARER",
                         "sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.secured."
                         "OAuthBearerLoginCallbackHandler",
                         "sasl.oauthbearer.token.endpoint.url=https://idp.example.com/oauth2/token",
                         "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
                         "required clientId='offsetlens' clientSecret='s3cr3t' scope='kafka' "
                         "extension_logicalCluster='lkc-1' extension_identityPoolId='pool-2';"})
                << p
                << QStringList{u"Converted sasl.login.callback.handler.class@4"_s, u"Converted sasl.jaas.config@6"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslPlaintext, SaslMechanism::Gssapi, u"kdc-kafka:9092"_s);
            p.kerberosServiceName = u"kafka"_s;
            p.kerberosKeytab = u"/etc/security/keytabs/offsetlens.keytab"_s;
            p.kerberosPrincipal = u"offsetlens@EXAMPLE.COM"_s;
            QTest::newRow("Kerberos, mechanism left to the default")
                << file({"bootstrap.servers=kdc-kafka:9092", "security.protocol=SASL_PLAINTEXT",
                         "sasl.kerberos.service.name=kafka",
                         "sasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required \\",
                         "  useKeyTab=true \\", "  storeKey=true \\",
                         "  keyTab=\"/etc/security/keytabs/offsetlens.keytab\" \\",
                         "  principal=\"offsetlens@EXAMPLE.COM\";"})
                << p << QStringList{u"Converted sasl.jaas.config@4"_s} << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslPlaintext, SaslMechanism::Gssapi, u"k:9092"_s);
            p.kerberosServiceName = u"from-property"_s;
            p.kerberosPrincipal = u"me@R"_s;
            QTest::newRow("Kerberos from the ticket cache, serviceName option")
                << file({"bootstrap.servers=k:9092", "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=GSSAPI",
                         "sasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required useTicketCache=true "
                         "principal=\"me@R\" serviceName=\"from-jaas\" ticketCache=\"/tmp/krb5cc\" frobnicate=1;",
                         "sasl.kerberos.service.name=from-property"})
                << p
                << QStringList{u"Unsupported sasl.jaas.config@4"_s, u"Unknown sasl.jaas.config@4"_s,
                               u"Converted sasl.jaas.config@4"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            p.bootstrapServers = u"secure:9093"_s;
            p.sslCaFile = u"/var/private/ssl/client.truststore-ca.pem"_s;
            p.sslCertificateFile = u"/var/private/ssl/client.keystore-cert.pem"_s;
            p.sslKeyFile = u"/var/private/ssl/client.keystore-key.pem"_s;
            p.secrets.sslKeyPassword = u"key-pass"_s;
            QTest::newRow("mTLS with JKS stores")
                << file({"bootstrap.servers=secure:9093", "security.protocol=SSL",
                         "ssl.truststore.location=/var/private/ssl/client.truststore.jks",
                         "ssl.truststore.password=changeit",
                         "ssl.keystore.location=/var/private/ssl/client.keystore.jks", "ssl.keystore.password=ks-pass",
                         "ssl.key.password=key-pass", "ssl.keystore.type=JKS", "ssl.enabled.protocols=TLSv1.2,TLSv1.3",
                         "ssl.protocol=TLSv1.3"})
                << p
                << QStringList{u"Warning ssl.truststore.location@3"_s,   u"Unsupported ssl.truststore.password@4"_s,
                               u"Warning ssl.keystore.location@5"_s,     u"Unsupported ssl.keystore.password@6"_s,
                               u"Unsupported ssl.enabled.protocols@9"_s, u"Unsupported ssl.protocol@10"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            p.bootstrapServers = u"s:9093"_s;
            p.sslCertificateFile = u"/pki/client.pem"_s;
            p.sslKeyFile = u"/pki/client.pem"_s;
            p.secrets.sslKeyPassword = u"kp"_s;
            QTest::newRow("PEM key store")
                << file({"bootstrap.servers=s:9093", "security.protocol=SSL", "ssl.keystore.type=pem",
                         "ssl.keystore.location=/pki/client.pem", "ssl.keystore.password=unused",
                         "ssl.key.password=kp"})
                << p << QStringList{u"Converted ssl.keystore.location@4"_s, u"Unsupported ssl.keystore.password@5"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            p.sslCaFile = u"/pki/ca.crt"_s;
            p.sslCertificateFile = u"/pki/ks-cert.pem"_s;
            p.sslKeyFile = u"/pki/ks-key.pem"_s;
            QTest::newRow("store types from the file names")
                << file({"security.protocol=SSL", "ssl.truststore.location=/pki/ca.crt",
                         "ssl.keystore.location=/pki/ks.p12"})
                << p << QStringList{u"Warning ssl.truststore.location@2"_s, u"Warning ssl.keystore.location@3"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            QTest::newRow("unknown store types, store keys without a file")
                << file({"security.protocol=SSL", "ssl.truststore.location=/pki/t.bcfks", "ssl.truststore.type=BCFKS",
                         "ssl.keystore.type=JKS", "ssl.keystore.password=x"})
                << p
                << QStringList{u"Unsupported ssl.truststore.type@3"_s, u"Unsupported ssl.keystore.type@4"_s,
                               u"Unsupported ssl.keystore.password@5"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            p.clientProperties = {
                {u"ssl.ca.pem"_s, u"-----BEGIN CERTIFICATE----- MIIB -----END CERTIFICATE-----"_s},
                {u"ssl.certificate.pem"_s, u"-----BEGIN CERTIFICATE----- C -----END CERTIFICATE-----"_s}};
            p.secrets.secretProperties = {
                {u"ssl.key.pem"_s, u"-----BEGIN PRIVATE KEY----- K -----END PRIVATE KEY-----"_s}};
            QTest::newRow("inline PEM")
                << file({"security.protocol=SSL", "ssl.keystore.type=PEM",
                         "ssl.truststore.certificates=-----BEGIN CERTIFICATE----- \\", "   MIIB \\",
                         "   -----END CERTIFICATE-----",
                         "ssl.keystore.certificate.chain=-----BEGIN CERTIFICATE----- C -----END CERTIFICATE-----",
                         "ssl.keystore.key=-----BEGIN PRIVATE KEY----- K -----END PRIVATE KEY-----"})
                << p
                << QStringList{u"Converted ssl.truststore.certificates@3"_s,
                               u"Converted ssl.keystore.certificate.chain@6"_s, u"Converted ssl.keystore.key@7"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.bootstrapServers = u"new:9092"_s;
            p.requestTimeoutMs = 30000;
            p.sslCaFile = u"/x.pem"_s;
            p.saslUsername = u"\u00e9l\u00e8ve"_s;
            p.clientProperties = {{u"socket.keepalive.enable"_s, u"true"_s}};
            QTest::newRow("duplicates, unknown keys, librdkafka keys in a Java file")
                << file({"bootstrap.servers=old:9092", "bootstrap.servers=new:9092", "foo.bar=1",
                         "request.timeout.ms=30000", "ssl.ca.location=/x.pem", "socket.keepalive.enable=true",
                         "receive.buffer.bytes=-1", "sasl.kerberos.kinit.cmd=kinit", "sasl.username=\\u00e9l\\u00e8ve"})
                << p << QStringList{u"Warning bootstrap.servers@2"_s,           u"Unknown foo.bar@3"_s,
                                    u"Converted request.timeout.ms@4"_s,        u"Converted ssl.ca.location@5"_s,
                                    u"Converted socket.keepalive.enable@6"_s,   u"Unsupported receive.buffer.bytes@7"_s,
                                    u"Unsupported sasl.kerberos.kinit.cmd@8"_s, u"Converted sasl.username@9"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::Plain, QString());
            p.saslUsername = u"u"_s;
            p.secrets.saslPassword = u"p"_s;
            QTest::newRow("mechanism from the login module")
                << file({"security.protocol=SASL_SSL",
                         "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                         "username=\"u\" password=\"p\";"})
                << p << QStringList{u"Warning sasl.mechanism@0"_s, u"Converted sasl.jaas.config@2"_s} << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::Gssapi, QString());
            QTest::newRow("SASL without mechanism or login: GSSAPI")
                << file({"security.protocol=sasl_ssl"}) << p << QStringList{u"Converted sasl.mechanism@0"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::Plain, QString());
            p.saslUsername = u"u"_s;
            QTest::newRow("login module and mechanism disagree")
                << file({"security.protocol=SASL_SSL", "sasl.mechanism=PLAIN",
                         "sasl.jaas.config=x.ScramLoginModule required username=\"u\" tokenauth=true;"})
                << p
                << QStringList{u"Warning sasl.mechanism@2"_s, u"Unsupported sasl.jaas.config@3"_s,
                               u"Converted sasl.jaas.config@3"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p;
            p.saslUsername = u"u"_s;
            QTest::newRow("login without SASL")
                << file({"sasl.jaas.config=x.PlainLoginModule required username=\"u\";"}) << p
                << QStringList{u"Converted sasl.jaas.config@1"_s, u"Warning sasl.jaas.config@1"_s} << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::OAuthBearer, QString());
            QTest::newRow("unsecured OAUTHBEARER, custom handler")
                << file({"security.protocol=SASL_SSL", "sasl.mechanism=OAUTHBEARER",
                         "sasl.login.callback.handler.class=com.example.MyHandler",
                         "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
                         "required unsecuredLoginStringClaim_sub=\"me\";"})
                << p
                << QStringList{u"Unsupported sasl.login.callback.handler.class@3"_s,
                               u"Unsupported sasl.jaas.config@4"_s, u"Converted sasl.jaas.config@4"_s}
                << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::Plain, QString());
            QTest::newRow("errors")
                << file({"security.protocol=SASL_SSL", "sasl.mechanism=AWS_MSK_IAM",
                         "sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;",
                         "request.timeout.ms=soon", "ssl.endpoint.identification.algorithm=maybe", "x=\\u00"})
                << p
                << QStringList{u"Unsupported sasl.jaas.config@3"_s, u"Warning request.timeout.ms@4"_s,
                               u"Warning ssl.endpoint.identification.algorithm@5"_s}
                << QStringList{u"line 6: malformed \\uXXXX"_s, u"line 2: SASL mechanism \"AWS_MSK_IAM\""_s};
        }
        {
            ConnectionProfile p;
            QTest::newRow("bad protocol and JAAS")
                << file({"security.protocol=TLS", "sasl.jaas.config=A required; B required;",
                         "sasl.jaas.config=x.PlainLoginModule required username=\"u\""})
                << p << QStringList{u"Warning sasl.jaas.config@3"_s}
                << QStringList{u"line 1: security.protocol \"TLS\""_s, u"line 3: sasl.jaas.config: missing ';'"_s};
        }
        {
            ConnectionProfile p;
            QTest::newRow("two login modules")
                << file({"sasl.jaas.config=A required; B required;"}) << p << QStringList{}
                << QStringList{u"line 1: sasl.jaas.config has 2 login modules"_s};
        }
    }

    void importJava()
    {
        QFETCH(QByteArray, content);
        QFETCH(ConnectionProfile, profile);
        QFETCH(QStringList, notes);
        QFETCH(QStringList, errors);
        const ProfileImport result = importJavaProperties(content);
        QCOMPARE(describe(result.profile), describe(profile));
        QCOMPARE(noteTexts(result.notes), notes);
        compareErrors(result.errors, errors);
        QCOMPARE(result.ok(), errors.isEmpty());
        for (const ImportNote &n : result.notes)
            QVERIFY2(!n.message.isEmpty(), qPrintable(n.key));
    }

    void importLibrdkafka_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QStringList>("notes");
        QTest::addColumn<QStringList>("errors");

        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::ScramSha256, u"b1:9092,b2:9092"_s);
            p.saslUsername = u"alice"_s;
            p.secrets.saslPassword = u"wonder=land"_s;
            p.sslCaFile = u"/etc/ssl/ca.pem"_s;
            p.clientProperties = {{u"enable.ssl.certificate.verification"_s, u"true"_s}};
            QTest::newRow("kcat.conf with SCRAM")
                << file({"# ~/.config/kcat.conf", "bootstrap.servers=b1:9092,b2:9092", "security.protocol=sasl_ssl",
                         "sasl.mechanisms=SCRAM-SHA-256", "sasl.username=alice", "sasl.password=wonder=land",
                         "ssl.ca.location=/etc/ssl/ca.pem", "enable.ssl.certificate.verification=true"})
                << p << QStringList{} << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::OAuthBearer, u"k:9093"_s);
            p.oauthClientId = u"cid"_s;
            p.secrets.oauthClientSecret = u"csecret"_s;
            p.oauthTokenEndpoint = u"https://idp/token"_s;
            p.oauthScope = u"kafka"_s;
            p.oauthExtensions = u"a=b,c=d"_s;
            QTest::newRow("OIDC") << file({"bootstrap.servers=k:9093", "security.protocol=SASL_SSL",
                                           "sasl.mechanism=oauthbearer", "sasl.oauthbearer.method=OIDC",
                                           "sasl.oauthbearer.client.id=cid", "sasl.oauthbearer.client.secret=csecret",
                                           "sasl.oauthbearer.token.endpoint.url=https://idp/token",
                                           "sasl.oauthbearer.scope=kafka", "sasl.oauthbearer.extensions=a=b,c=d"})
                                  << p << QStringList{} << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::OAuthBearer, QString());
            p.oauthClientId = u"cid"_s;
            QTest::newRow("OAUTHBEARER without the OIDC method")
                << file({"security.protocol=sasl_ssl", "sasl.mechanisms=OAUTHBEARER", "sasl.oauthbearer.client.id=cid"})
                << p << QStringList{u"Warning sasl.oauthbearer.method@0"_s} << QStringList{};
            p.oauthClientId.clear();
            p.clientProperties = {{u"sasl.oauthbearer.method"_s, u"default"_s}};
            p.secrets.secretProperties = {{u"sasl.oauthbearer.config"_s, u"principal=me"_s}};
            QTest::newRow("OAUTHBEARER unsecured")
                << file({"security.protocol=sasl_ssl", "sasl.mechanisms=OAUTHBEARER", "sasl.oauthbearer.method=default",
                         "sasl.oauthbearer.config=principal=me"})
                << p << QStringList{u"Warning sasl.oauthbearer.method@3"_s} << QStringList{};
        }
        {
            ConnectionProfile p = sasl(SecurityProtocol::SaslPlaintext, SaslMechanism::Gssapi, u"k:9092"_s);
            p.kerberosServiceName = u"kafka"_s;
            p.kerberosPrincipal = u"me@R"_s;
            p.kerberosKeytab = u"/k.keytab"_s;
            p.clientProperties = {{u"sasl.kerberos.kinit.cmd"_s, u"kinit -k -t %{sasl.kerberos.keytab} me"_s}};
            QTest::newRow("Kerberos, default mechanism")
                << file({"metadata.broker.list=k:9092", "security.protocol=sasl_plaintext",
                         "sasl.kerberos.service.name=kafka", "sasl.kerberos.principal=me@R",
                         "sasl.kerberos.keytab=/k.keytab",
                         "sasl.kerberos.kinit.cmd=kinit -k -t %{sasl.kerberos.keytab} me"})
                << p << QStringList{u"Converted sasl.mechanisms@0"_s} << QStringList{};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            p.bootstrapServers = u"s:9093"_s;
            p.sslCertificateFile = u"/c.pem"_s;
            p.sslKeyFile = u"/k.pem"_s;
            p.sslVerifyHostname = false;
            p.secrets.sslKeyPassword = u"kp"_s;
            QTest::newRow("mTLS, CRLF, BOM, spaces around =")
                << QByteArray("\xef\xbb\xbf"
                              "bootstrap.servers = s:9093\r\nsecurity.protocol=SSL\r\n"
                              "ssl.certificate.location=/c.pem\r\nssl.key.location =/k.pem\r\n"
                              "ssl.key.password= kp\r\nssl.endpoint.identification.algorithm=none\r\n")
                << p << QStringList{} << QStringList{};
        }
        {
            ConnectionProfile p;
            p.bootstrapServers = u"second:1"_s;
            p.clientProperties = {
                {u"topic.auto.offset.reset"_s, u"earliest"_s}, {u"no.such.thing"_s, u"1"_s}, {u"client.id"_s, u"me"_s}};
            p.secrets.secretProperties = {{u"ssl.keystore.password"_s, u"ks"_s},
                                          {u"sasl.jaas.config"_s, u"x.PlainLoginModule required;"_s}};
            QTest::newRow("extras, secrets among them, unknown and Java keys")
                << file({"bootstrap.servers=first:1", "metadata.broker.list=second:1",
                         "topic.auto.offset.reset=earliest", "ssl.keystore.password=ks", "no.such.thing=1",
                         "sasl.jaas.config=x.PlainLoginModule required;", "client.id=me"})
                << p << QStringList{u"Unknown no.such.thing@5"_s, u"Unknown sasl.jaas.config@6"_s} << QStringList{};
        }
        {
            ConnectionProfile p;
            p.bootstrapServers = u"b:1"_s;
            QTest::newRow("malformed lines")
                << file({"justakey", "bootstrap.servers=b:1", "=value", "   ", "# fine"}) << p << QStringList{}
                << QStringList{u"line 1: expected name=value"_s, u"line 3: expected name=value"_s};
        }
        {
            ConnectionProfile p;
            p.securityProtocol = SecurityProtocol::Ssl;
            QTest::newRow("bad values") << file({"security.protocol=tls", "security.protocol=ssl",
                                                 "sasl.mechanisms=NTLM", "ssl.endpoint.identification.algorithm=maybe"})
                                        << p << QStringList{u"Warning security.protocol@2"_s}
                                        << QStringList{u"line 3: SASL mechanism \"NTLM\""_s,
                                                       u"line 4: ssl.endpoint.identification.algorithm"_s};
            p.securityProtocol = SecurityProtocol::SaslSsl;
            QTest::newRow("unsupported mechanism is not taken for a missing one")
                << file({"security.protocol=sasl_ssl", "sasl.mechanisms=NTLM"}) << p << QStringList{}
                << QStringList{u"line 2: SASL mechanism \"NTLM\""_s};
        }
        QTest::newRow("not UTF-8") << QByteArray("sasl.username=J\xf6rg\n") << ConnectionProfile() << QStringList{}
                                   << QStringList{u"line 1: not UTF-8 text"_s};
    }

    void importLibrdkafka()
    {
        QFETCH(QByteArray, content);
        QFETCH(ConnectionProfile, profile);
        QFETCH(QStringList, notes);
        QFETCH(QStringList, errors);
        const ProfileImport result = importLibrdkafkaConfig(content);
        QCOMPARE(describe(result.profile), describe(profile));
        QCOMPARE(noteTexts(result.notes), notes);
        compareErrors(result.errors, errors);
        QCOMPARE(result.ok(), errors.isEmpty());
    }

    // The JKS note gives commands that can be pasted, and names the files the profile now points at.
    void jksNote()
    {
        const ProfileImport r = importJavaProperties(
            file({"security.protocol=SSL", "ssl.truststore.location=/etc/kafka/secrets/kafka.client.truststore.jks",
                  "ssl.truststore.password=changeit", "ssl.keystore.location=/etc/kafka/secrets/client keystore.jks"}));
        const ImportNote *trust = findNote(r, u"ssl.truststore.location"_s);
        QVERIFY(trust);
        QVERIFY2(trust->message.contains(
                     u"\n    keytool -importkeystore -srckeystore /etc/kafka/secrets/kafka.client.truststore.jks "
                     "-srcstoretype JKS -destkeystore /etc/kafka/secrets/kafka.client.truststore.p12 -deststoretype "
                     "PKCS12\n    openssl pkcs12 -in /etc/kafka/secrets/kafka.client.truststore.p12 -nokeys -out "
                     "/etc/kafka/secrets/kafka.client.truststore-ca.pem\n"_s),
                 qPrintable(trust->message));
        QVERIFY(trust->message.contains(u"CA file is set to /etc/kafka/secrets/kafka.client.truststore-ca.pem"_s));
        const ImportNote *keys = findNote(r, u"ssl.keystore.location"_s);
        QVERIFY(keys);
        QVERIFY2(keys->message.contains(u"openssl pkcs12 -in '/etc/kafka/secrets/client keystore.p12' -nocerts -out "
                                        "'/etc/kafka/secrets/client keystore-key.pem'"_s),
                 qPrintable(keys->message));
        QVERIFY(!keys->message.contains(u"PKCS#12 file itself"_s));
        // The password is not kept anywhere, and no note repeats it.
        QVERIFY(!describe(r.profile).join(u'\n').contains(u"changeit"_s));
        for (const ImportNote &n : r.notes)
            QVERIFY(!n.message.contains(u"changeit"_s));
    }

    // Secrets go to profile.secrets, whichever way they come in.
    void secretsNeverInClientProperties()
    {
        const QByteArray java =
            file({"security.protocol=SASL_SSL", "sasl.mechanism=PLAIN",
                  "sasl.jaas.config=x.PlainLoginModule required username=\"u\" password=\"pw1\";",
                  "ssl.key.password=pw2", "ssl.keystore.key=pw3", "sasl.password=pw4", "basic.auth.user.info=u:pw5"});
        const QByteArray librdkafka =
            file({"sasl.password=pw1", "ssl.key.password=pw2", "ssl.key.pem=pw3", "sasl.oauthbearer.client.secret=pw4",
                  "ssl.keystore.password=pw5", "sasl.oauthbearer.config=pw6"});
        for (const ProfileImport &r : {importJavaProperties(java), importLibrdkafkaConfig(librdkafka)}) {
            for (auto it = r.profile.clientProperties.cbegin(); it != r.profile.clientProperties.cend(); ++it)
                QVERIFY2(!it.value().startsWith(u"pw"_s), qPrintable(it.key()));
            ConnectionProfile withoutSecrets = r.profile.withoutSecrets();
            QVERIFY(!describe(withoutSecrets).join(u'\n').contains(u"pw"_s));
            QVERIFY(!r.profile.secrets.isEmpty());
        }
    }

    void metadataComments()
    {
        const ProfileImport r = importLibrdkafkaConfig(
            file({"#offsetlens.name=Z\\u00fcrich \\\\ test", "# offsetlens.colour=#112233", "#offsetlens.read.only=yes",
                  "#offsetlens.refresh.interval.ms=-5", "#offsetlens.future.thing=1", "#offsetlens.pinned.group=a",
                  "#offsetlens.pinned.group=a", "#offsetlens.bad\\u12=x", "# ordinary comment",
                  "#offsetlens.librdkafka.client.id=me", "#offsetlens.librdkafka.ssl.ca.location=/ca.pem"}));
        QVERIFY(r.ok());
        QCOMPARE(r.profile.name, u"Z\u00fcrich \\ test"_s);
        QCOMPARE(r.profile.colour, u"#112233"_s);
        QCOMPARE(r.profile.readOnly, false);
        QCOMPARE(r.profile.refreshIntervalMs, ConnectionProfile().refreshIntervalMs);
        QCOMPARE(r.profile.pinnedGroups, QStringList{u"a"_s});
        QCOMPARE(r.profile.clientProperties, (QMap<QString, QString>{{u"client.id"_s, u"me"_s}}));
        QCOMPARE(r.profile.sslCaFile, u"/ca.pem"_s);
        QCOMPARE(noteTexts(r.notes),
                 QStringList({u"Warning offsetlens.read.only@3"_s, u"Warning offsetlens.refresh.interval.ms@4"_s,
                              u"Unknown offsetlens.future.thing@5"_s, u"Warning offsetlens.@8"_s}));
    }

    void tooManyNotes()
    {
        QByteArray content;
        for (int i = 0; i < 5000; ++i)
            content += "unknown.key." + QByteArray::number(i) + "=1\n";
        const ProfileImport r = importJavaProperties(content);
        QCOMPARE(r.notes.size(), kMaxImportNotes + 1);
        QCOMPARE(r.notes.constLast().message, u"4800 more notes are not listed."_s);
        QCOMPARE(r.notes.at(kMaxImportNotes - 1).line, int(kMaxImportNotes));
        QVERIFY(r.profile.clientProperties.isEmpty());
    }

    void hostileInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        // Part of the first error of each importer; empty: no error expected.
        QTest::addColumn<QString>("javaError");
        QTest::addColumn<QString>("librdkafkaError");

        const QString bigError = u"larger than 1024 KiB"_s;
        const QString noPair = u"expected name=value"_s;
        QTest::newRow("empty") << QByteArray() << QString() << QString();
        QTest::newRow("over 1 MiB") << QByteArray(kMaxPropertiesFileBytes + 1, 'a') << bigError << bigError;
        QTest::newRow("NUL bytes") << QByteArray("bootstrap.servers=a:1\n\0\x01\x02", 25) << u"NUL bytes"_s
                                   << u"NUL bytes"_s;
        QTest::newRow("only a NUL") << QByteArray(1, '\0') << u"NUL bytes"_s << u"NUL bytes"_s;
        QTest::newRow("one long line") << QByteArray(kMaxPropertiesFileBytes - 1, '=') << QString() << noPair;
        QTest::newRow("backslashes") << QByteArray(kMaxPropertiesFileBytes, '\\') << QString() << noPair;
        QTest::newRow("continuation chain")
            << QByteArray("a=").append(QByteArray("x\\\n").repeated(300000)) << QString() << noPair;
        QTest::newRow("many lines") << QByteArray("k=v\n").repeated(kMaxPropertiesFileBytes / 4) << QString()
                                    << QString();
        QTest::newRow("huge JAAS")
            << (QByteArray("security.protocol=SASL_SSL\nsasl.jaas.config=x.PlainLoginModule required ") +
                QByteArray("a=\"b\" ").repeated(150000) + ';')
            << QString() << QString();
        QTest::newRow("unterminated JAAS quote")
            << (QByteArray("sasl.jaas.config=M required a=\"") + QByteArray(900000, 'x')) << u"no closing quote"_s
            << QString();
        QTest::newRow("JAAS comment flood")
            << (QByteArray("sasl.jaas.config=M required ") + QByteArray("/*").repeated(400000))
            << u"sasl.jaas.config: "_s << QString();
    }

    void hostileInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, javaError);
        QFETCH(QString, librdkafkaError);
        QElapsedTimer timer;
        timer.start();
        const ProfileImport java = importJavaProperties(content);
        const ProfileImport librdkafka = importLibrdkafkaConfig(content);
        const qint64 elapsed = timer.elapsed();
        for (const auto &[r, error] : {std::pair(java, javaError), std::pair(librdkafka, librdkafkaError)}) {
            if (!error.isEmpty()) {
                QVERIFY(!r.ok());
                QVERIFY2(r.errors.constFirst().contains(error), qPrintable(r.errors.constFirst()));
            }
            QVERIFY(r.notes.size() <= kMaxImportNotes + 1);
            QVERIFY(r.errors.size() <= kMaxImportNotes + 1);
        }
        // Linear work: a megabyte takes well under a second; the bound is generous for sanitizer builds.
        QVERIFY2(elapsed < 20000, qPrintable(QString::number(elapsed)));
    }

    // A small fuzz run: random bytes biased towards the syntax, through every entry point.
    void randomInput()
    {
        QRandomGenerator random(20240613);
        const QByteArray alphabet = QByteArray("=:\\\n\r#! \t\"';/*u0123456789abcdefABCDEFxyz.,[]_-{}%") +
                                    QByteArray("\xc3\xa9\xff\xfe\xed\x80", 6);
        const QList<QByteArray> words = {"bootstrap.servers",
                                         "security.protocol",
                                         "sasl.jaas.config",
                                         "sasl.mechanism",
                                         "ssl.truststore.location",
                                         "ssl.keystore.type",
                                         "PlainLoginModule required",
                                         "\\u00",
                                         "#offsetlens.",
                                         "librdkafka.",
                                         "SASL_SSL",
                                         "JKS",
                                         "PEM"};
        for (int round = 0; round < 3000; ++round) {
            QByteArray input;
            const int length = int(random.bounded(400));
            while (input.size() < length) {
                if (random.bounded(6) == 0)
                    input += words.at(int(random.bounded(qsizetype(words.size()))));
                else
                    input += alphabet.at(int(random.bounded(qsizetype(alphabet.size()))));
            }
            const ProfileImport java = importJavaProperties(input);
            const ProfileImport librdkafka = importLibrdkafkaConfig(input);
            QVERIFY(java.notes.size() <= kMaxImportNotes + 1 && librdkafka.notes.size() <= kMaxImportNotes + 1);
            (void)parseJaasConfig(QString::fromLatin1(input));
            // Whatever came in, what is exported reads back without errors.
            for (const ProfileImport &imported : {java, librdkafka}) {
                for (ExportFormat format : {ExportFormat::Librdkafka, ExportFormat::JavaProperties}) {
                    const QByteArray exported = exportProfile(imported.profile, format);
                    const ProfileImport back = format == ExportFormat::Librdkafka ? importLibrdkafkaConfig(exported)
                                                                                  : importJavaProperties(exported);
                    QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n') + u'\n' + QString::fromUtf8(exported)));
                }
            }
        }
    }

    void roundTrip_data()
    {
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<ExportFormat>("format");

        QList<std::pair<QByteArray, ConnectionProfile>> profiles;
        {
            ConnectionProfile p = roundTripBase();
            p.clientProperties = {{u"client.id"_s, u"offsetlens-ops"_s}, {u"debug"_s, u"broker,security"_s}};
            profiles.append({"plaintext with OffsetLens settings", p});
        }
        {
            ConnectionProfile p = ConnectionProfile();
            p.bootstrapServers = u"localhost:9092"_s;
            profiles.append({"defaults", p});
        }
        {
            ConnectionProfile p = roundTripBase();
            p.name = u"Z\u00fcrich \u20ac \\ \"quoted\" #1 = x"_s;
            p.colour.clear();
            p.pinnedGroups = {u"gr\u00fcn"_s, u" spaced"_s};
            p.readOnly = false;
            profiles.append({"unusual name and groups", p});
        }
        for (SaslMechanism m : {SaslMechanism::Plain, SaslMechanism::ScramSha256, SaslMechanism::ScramSha512}) {
            ConnectionProfile p = roundTripBase();
            p.securityProtocol = SecurityProtocol::SaslSsl;
            p.saslMechanism = m;
            p.saslUsername = u"user \"with\" quotes\\"_s;
            p.secrets.saslPassword = u"SECRET-1"_s;
            p.sslCaFile = u"/etc/kafka/ca.pem"_s;
            profiles.append({"SASL_SSL " + saslMechanismName(m), p});
        }
        {
            ConnectionProfile p = roundTripBase();
            p.securityProtocol = SecurityProtocol::SaslPlaintext;
            p.saslMechanism = SaslMechanism::Plain;
            p.saslUsername = u"alice"_s;
            profiles.append({"SASL_PLAINTEXT PLAIN", p});
        }
        {
            ConnectionProfile p = roundTripBase();
            p.securityProtocol = SecurityProtocol::SaslSsl;
            p.saslMechanism = SaslMechanism::OAuthBearer;
            p.oauthClientId = u"offsetlens"_s;
            p.secrets.oauthClientSecret = u"SECRET-2"_s;
            p.oauthTokenEndpoint = u"https://idp.example.com/oauth2/token"_s;
            p.oauthScope = u"kafka"_s;
            p.oauthExtensions = u"logicalCluster=lkc-1,identityPoolId=pool-2"_s;
            profiles.append({"OIDC", p});
            p.oauthExtensions = u"logical_cluster=lkc-1"_s; // not a Java extension name
            p.oauthScope.clear();
            profiles.append({"OIDC, extensions Java cannot name", p});
        }
        {
            ConnectionProfile p = roundTripBase();
            p.securityProtocol = SecurityProtocol::SaslPlaintext;
            p.saslMechanism = SaslMechanism::Gssapi;
            p.kerberosServiceName = u"kafka"_s;
            p.kerberosPrincipal = u"offsetlens@EXAMPLE.COM"_s;
            p.kerberosKeytab = u"/etc/security/offsetlens.keytab"_s;
            profiles.append({"Kerberos with keytab", p});
            p.kerberosKeytab.clear();
            p.kerberosServiceName.clear();
            profiles.append({"Kerberos from the ticket cache", p});
        }
        {
            ConnectionProfile p = roundTripBase();
            p.securityProtocol = SecurityProtocol::Ssl;
            p.sslCaFile = u"/pki/ca.pem"_s;
            p.sslCertificateFile = u"/pki/client cert.pem"_s;
            p.sslKeyFile = u"/pki/client.key"_s;
            p.sslVerifyHostname = false;
            p.secrets.sslKeyPassword = u"SECRET-3"_s;
            p.secrets.secretProperties = {{u"ssl.keystore.password"_s, u"SECRET-4"_s}};
            p.clientProperties = {{u"ssl.keystore.location"_s, u"/pki/ks.p12"_s}};
            profiles.append({"mTLS, two files", p});
            p.sslKeyFile = p.sslCertificateFile;
            p.sslVerifyHostname = true;
            profiles.append({"mTLS, one file", p});
        }
        for (const auto &[name, profile] : profiles) {
            QTest::addRow("%s, librdkafka", name.constData()) << profile << ExportFormat::Librdkafka;
            QTest::addRow("%s, Java", name.constData()) << profile << ExportFormat::JavaProperties;
        }
    }

    void roundTrip()
    {
        QFETCH(ConnectionProfile, profile);
        QFETCH(ExportFormat, format);
        const QByteArray exported = exportProfile(profile, format);
        QVERIFY2(!exported.contains("SECRET"), exported.constData());
        const ProfileImport back =
            format == ExportFormat::Librdkafka ? importLibrdkafkaConfig(exported) : importJavaProperties(exported);
        QVERIFY2(back.ok(), qPrintable(back.errors.join(u'\n') + u'\n' + QString::fromUtf8(exported)));
        for (const ImportNote &n : back.notes) {
            QVERIFY2(n.kind == ImportNoteKind::Converted,
                     qPrintable(n.key + u": "_s + n.message + u'\n' + QString::fromUtf8(exported)));
        }
        // What does not travel: the identity, and where this machine keeps the secrets.
        ConnectionProfile expected = profile.withoutSecrets();
        expected.id.clear();
        expected.secretStorage = ConnectionProfile().secretStorage;
        expected.secretsFile.clear();
        if (!back.profile.usesSasl() && format == ExportFormat::JavaProperties)
            expected.saslMechanism = back.profile.saslMechanism;
        QCOMPARE(describe(back.profile), describe(expected));
        QVERIFY(back.profile == expected);
    }

    void exportNamesLeftOutSecrets()
    {
        ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::ScramSha256, u"b:9093"_s);
        p.name = u"Ops"_s;
        p.saslUsername = u"alice"_s;
        p.secrets.saslPassword = u"pw"_s;
        p.sslCertificateFile = u"/c.pem"_s;
        p.sslKeyFile = u"/k.pem"_s;
        p.secrets.sslKeyPassword = u"kp"_s;
        p.secrets.secretProperties = {{u"ssl.keystore.password"_s, u"ksp"_s}};
        const QStringList rd = QString::fromUtf8(exportProfile(p, ExportFormat::Librdkafka)).split(u'\n');
        QCOMPARE(rd.at(0), u"# OffsetLens connection profile \"Ops\" for librdkafka and kcat (kcat -F FILE)"_s);
        QCOMPARE(rd.at(1), u"# Secrets were left out: sasl.password, ssl.key.password, ssl.keystore.password. Add "
                           "them before use."_s);
        QVERIFY(rd.contains(u"sasl.username=alice"_s));
        QVERIFY(rd.contains(u"ssl.key.location=/k.pem"_s));
        const QStringList java = QString::fromUtf8(exportProfile(p, ExportFormat::JavaProperties)).split(u'\n');
        QCOMPARE(java.at(1), u"# Secrets were left out: password in sasl.jaas.config, ssl.key.password, "
                             "ssl.keystore.password. Add them before use."_s);
        QVERIFY(java.at(2).contains(u"cat CERT KEY > keystore.pem"_s));
        QVERIFY(java.contains(u"sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                              "username=\\\"alice\\\";"_s) ||
                java.contains(u"sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                              "username=\"alice\";"_s));
        // Without secrets and nothing that needs one, there is no such line.
        ConnectionProfile open;
        open.bootstrapServers = u"b:1"_s;
        QVERIFY(!exportProfile(open, ExportFormat::Librdkafka).contains("Secrets"));
        // A password not known yet is still named: the file needs it.
        p.secrets = {};
        QVERIFY(exportProfile(p, ExportFormat::Librdkafka).contains("# Secrets were left out: sasl.password. "));
    }

    // What the librdkafka export writes is what toClientConfig() sets, secrets aside.
    void exportMatchesClientConfig()
    {
        ConnectionProfile p = sasl(SecurityProtocol::SaslSsl, SaslMechanism::OAuthBearer, u"b:9093"_s);
        p.oauthClientId = u"c"_s;
        p.secrets.oauthClientSecret = u"s"_s;
        p.oauthTokenEndpoint = u"https://idp/t"_s;
        p.clientProperties = {{u"client.id"_s, u"x"_s}};
        QStringList expected;
        for (const ProfileProperty &property : toClientConfig(p)) {
            if (!isSecretKey(QString::fromUtf8(property.first)))
                expected.append(QString::fromUtf8(property.first + '=' + property.second));
        }
        QStringList written;
        for (const QString &line : QString::fromUtf8(exportProfile(p, ExportFormat::Librdkafka)).split(u'\n')) {
            if (!line.isEmpty() && !line.startsWith(u'#'))
                written.append(line);
        }
        QCOMPARE(written, expected);
    }
};

QTEST_GUILESS_MAIN(TestProfileImport)
#include "tst_profileimport.moc"
