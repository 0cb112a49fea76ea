#include "profileexport.h"

#include "jaasconfig.h"
#include "profileconfig.h"
#include "profilemetadata.h"
#include "propertiesfile.h"

#include <QCoreApplication>
#include <QStringList>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileExport", text);
}

// kcat reads one line per property and knows no escapes: a line break (or a NUL, which ends a C string) in a
// value cannot be written, and becomes a space.
QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
            c = QLatin1Char(' ');
    }
    return text;
}

QString comment(const QString &text)
{
    return QStringLiteral("# ") + oneLine(text);
}

// OffsetLens's settings; request.timeout.ms is a real key in the Java file.
void addMetadata(QStringList &lines, const ConnectionProfile &p, bool withRequestTimeout)
{
    if (!p.name.isEmpty())
        lines.append(metadataComment(QStringLiteral("name"), p.name));
    if (!p.colour.isEmpty())
        lines.append(metadataComment(QStringLiteral("colour"), p.colour));
    if (withRequestTimeout)
        lines.append(metadataComment(QStringLiteral("request.timeout.ms"), QString::number(p.requestTimeoutMs)));
    lines.append(metadataComment(QStringLiteral("refresh.interval.ms"), QString::number(p.refreshIntervalMs)));
    if (p.readOnly)
        lines.append(metadataComment(QStringLiteral("read.only"), QStringLiteral("true")));
    if (p.production)
        lines.append(metadataComment(QStringLiteral("production"), QStringLiteral("true")));
    for (const QString &group : p.pinnedGroups)
        lines.append(metadataComment(QStringLiteral("pinned.group"), group));
}

void addSecretsComment(QStringList &lines, const QStringList &leftOut)
{
    if (!leftOut.isEmpty()) {
        lines.append(
            comment(tr("Secrets were left out: %1. Add them before use.").arg(leftOut.join(QStringLiteral(", ")))));
    }
}

// The secret keys the profile has or its mechanism needs, in librdkafka's names.
QStringList secretKeys(const ConnectionProfile &p)
{
    QStringList keys;
    if (p.usesSasl()) {
        if (p.saslMechanism == SaslMechanism::OAuthBearer)
            keys.append(QStringLiteral("sasl.oauthbearer.client.secret"));
        else if (p.saslMechanism != SaslMechanism::Gssapi)
            keys.append(QStringLiteral("sasl.password"));
    }
    for (const ProfileProperty &property : toClientConfig(p)) {
        const QString key = QString::fromUtf8(property.first);
        if (isSecretKey(key) && !keys.contains(key))
            keys.append(key);
    }
    return keys;
}

QByteArray librdkafkaFile(const ConnectionProfile &p)
{
    QStringList lines;
    lines.append(
        comment(p.name.isEmpty()
                    ? tr("OffsetLens connection profile for librdkafka and kcat (kcat -F FILE)")
                    : tr("OffsetLens connection profile \"%1\" for librdkafka and kcat (kcat -F FILE)").arg(p.name)));
    addSecretsComment(lines, secretKeys(p));
    addMetadata(lines, p, true);
    for (const ProfileProperty &property : toClientConfig(p.withoutSecrets())) {
        const QString key = QString::fromUtf8(property.first);
        if (!isSecretKey(key))
            lines.append(oneLine(key) + QLatin1Char('=') + oneLine(QString::fromUtf8(property.second)));
    }
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

// Java's login module line for the profile's mechanism, without the secret.
QString jaasConfig(const ConnectionProfile &p, QStringList &librdkafkaOnly)
{
    QStringList options;
    const auto option = [&options](const char *name, const QString &value) {
        options.append(QLatin1String(name) + QLatin1Char('=') + jaasQuoted(value));
    };
    QString module;
    switch (p.saslMechanism) {
    case SaslMechanism::Plain:
    case SaslMechanism::ScramSha256:
    case SaslMechanism::ScramSha512:
        module = p.saslMechanism == SaslMechanism::Plain
                     ? QStringLiteral("org.apache.kafka.common.security.plain.PlainLoginModule")
                     : QStringLiteral("org.apache.kafka.common.security.scram.ScramLoginModule");
        option("username", p.saslUsername);
        break;
    case SaslMechanism::OAuthBearer: {
        module = QStringLiteral("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");
        option("clientId", p.oauthClientId);
        if (!p.oauthScope.isEmpty())
            option("scope", p.oauthScope);
        // Java takes extensions as extension_<name> options; names are letters only (Kafka's rule).
        QStringList extensions;
        bool representable = true;
        for (const QString &pair : p.oauthExtensions.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            const QString name = pair.left(eq);
            representable = representable && eq > 0 && std::all_of(name.begin(), name.end(), [](QChar c) {
                                return c.unicode() < 128 && c.isLetter();
                            });
            extensions.append(QStringLiteral("extension_") + name + QLatin1Char('=') + jaasQuoted(pair.mid(eq + 1)));
        }
        if (representable)
            options += extensions;
        else if (!p.oauthExtensions.isEmpty())
            librdkafkaOnly.append(QStringLiteral("sasl.oauthbearer.extensions"));
        break;
    }
    case SaslMechanism::Gssapi:
        module = QStringLiteral("com.sun.security.auth.module.Krb5LoginModule");
        if (p.kerberosKeytab.isEmpty()) {
            options.append(QStringLiteral("useTicketCache=true"));
        } else {
            options.append(QStringLiteral("useKeyTab=true storeKey=true"));
            option("keyTab", p.kerberosKeytab);
        }
        if (!p.kerberosPrincipal.isEmpty())
            option("principal", p.kerberosPrincipal);
        break;
    }
    options.prepend(QStringLiteral("required"));
    return module + QLatin1Char(' ') + options.join(QLatin1Char(' ')) + QLatin1Char(';');
}

QByteArray javaFile(const ConnectionProfile &p)
{
    QStringList properties;
    const auto property = [&properties](const char *key, const QString &value) {
        properties.append(javaPropertiesLine(QLatin1String(key), value));
    };
    QStringList leftOut;
    QStringList librdkafkaOnly; // librdkafka keys of the profile's config that Java cannot say
    QStringList notes;
    property("bootstrap.servers", p.bootstrapServers.trimmed());
    property("security.protocol", QString::fromLatin1(securityProtocolName(p.securityProtocol).toUpper()));
    if (p.usesSasl()) {
        property("sasl.mechanism", QString::fromLatin1(saslMechanismName(p.saslMechanism)));
        property("sasl.jaas.config", jaasConfig(p, librdkafkaOnly));
        if (p.saslMechanism == SaslMechanism::OAuthBearer) {
            leftOut.append(tr("clientSecret in sasl.jaas.config"));
            property("sasl.login.callback.handler.class",
                     QStringLiteral("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler"));
            property("sasl.oauthbearer.token.endpoint.url", p.oauthTokenEndpoint.trimmed());
        } else if (p.saslMechanism == SaslMechanism::Gssapi) {
            if (!p.kerberosServiceName.isEmpty())
                property("sasl.kerberos.service.name", p.kerberosServiceName);
        } else {
            leftOut.append(tr("password in sasl.jaas.config"));
        }
    }
    if (p.usesTls()) {
        if (!p.sslCaFile.isEmpty()) {
            property("ssl.truststore.type", QStringLiteral("PEM"));
            property("ssl.truststore.location", p.sslCaFile);
        }
        if (!p.sslCertificateFile.isEmpty() && p.sslCertificateFile == p.sslKeyFile) {
            property("ssl.keystore.type", QStringLiteral("PEM"));
            property("ssl.keystore.location", p.sslCertificateFile);
        } else if (!p.sslCertificateFile.isEmpty() || !p.sslKeyFile.isEmpty()) {
            librdkafkaOnly << QStringLiteral("ssl.certificate.location") << QStringLiteral("ssl.key.location");
            notes.append(comment(tr("The Java client reads the client certificate and key from one PEM file: join "
                                    "them (cat CERT KEY > keystore.pem), then set ssl.keystore.type=PEM and "
                                    "ssl.keystore.location=keystore.pem.")));
        }
        if (!p.secrets.sslKeyPassword.isEmpty())
            leftOut.append(QStringLiteral("ssl.key.password"));
        property("ssl.endpoint.identification.algorithm", p.sslVerifyHostname ? QStringLiteral("https") : QString());
    }
    property("request.timeout.ms", QString::number(p.requestTimeoutMs));

    // The extra librdkafka properties, and what Java had no words for, go to OffsetLens comment lines.
    QStringList metadata;
    addMetadata(metadata, p, false);
    for (const ProfileProperty &entry : toClientConfig(p.withoutSecrets())) {
        const QString key = QString::fromUtf8(entry.first);
        const bool extra = p.clientProperties.contains(key) || librdkafkaOnly.contains(key);
        if (extra && !isSecretKey(key))
            metadata.append(metadataComment(QStringLiteral("librdkafka.") + key, QString::fromUtf8(entry.second)));
    }
    for (const QString &key : p.secrets.secretProperties.keys())
        leftOut.append(key);
    for (auto it = p.clientProperties.cbegin(); it != p.clientProperties.cend(); ++it) {
        if (isSecretKey(it.key()) && !leftOut.contains(it.key()))
            leftOut.append(it.key());
    }

    QStringList lines;
    lines.append(comment(p.name.isEmpty()
                             ? tr("OffsetLens connection profile as Java client properties")
                             : tr("OffsetLens connection profile \"%1\" as Java client properties").arg(p.name)));
    addSecretsComment(lines, leftOut);
    lines += notes;
    lines += metadata;
    lines += properties;
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

} // namespace

QByteArray exportProfile(const ConnectionProfile &profile, ExportFormat format)
{
    return format == ExportFormat::Librdkafka ? librdkafkaFile(profile) : javaFile(profile);
}

} // namespace OffsetLens
