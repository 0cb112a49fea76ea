#include "profileconfig.h"

#include <QString>

#include <algorithm>
#include <array>

namespace OffsetLens {

namespace {

// Appends `key`, removing an earlier entry for the same property (in either spelling) first.
void setLast(ProfileConfig &config, const QByteArray &key, const QByteArray &value)
{
    const QByteArrayView name = canonicalPropertyName(key);
    config.removeIf([name](const ProfileProperty &p) { return canonicalPropertyName(p.first) == name; });
    config.append({key, value});
}

void addIfSet(ProfileConfig &config, const char *key, const QString &value)
{
    if (!value.isEmpty())
        config.append({QByteArray(key), value.toUtf8()});
}

void addSasl(ProfileConfig &config, const ConnectionProfile &p)
{
    config.append({"sasl.mechanisms", saslMechanismName(p.saslMechanism)});
    switch (p.saslMechanism) {
    case SaslMechanism::Plain:
    case SaslMechanism::ScramSha256:
    case SaslMechanism::ScramSha512:
        addIfSet(config, "sasl.username", p.saslUsername);
        addIfSet(config, "sasl.password", p.secrets.saslPassword);
        break;
    case SaslMechanism::OAuthBearer:
        config.append(ProfileProperty("sasl.oauthbearer.method", "oidc"));
        addIfSet(config, "sasl.oauthbearer.client.id", p.oauthClientId);
        addIfSet(config, "sasl.oauthbearer.client.secret", p.secrets.oauthClientSecret);
        addIfSet(config, "sasl.oauthbearer.token.endpoint.url", p.oauthTokenEndpoint.trimmed());
        addIfSet(config, "sasl.oauthbearer.scope", p.oauthScope);
        addIfSet(config, "sasl.oauthbearer.extensions", p.oauthExtensions);
        break;
    case SaslMechanism::Gssapi:
        addIfSet(config, "sasl.kerberos.service.name", p.kerberosServiceName);
        addIfSet(config, "sasl.kerberos.principal", p.kerberosPrincipal);
        addIfSet(config, "sasl.kerberos.keytab", p.kerberosKeytab);
        break;
    }
}

void addTls(ProfileConfig &config, const ConnectionProfile &p)
{
    addIfSet(config, "ssl.ca.location", p.sslCaFile);
    addIfSet(config, "ssl.certificate.location", p.sslCertificateFile);
    addIfSet(config, "ssl.key.location", p.sslKeyFile);
    addIfSet(config, "ssl.key.password", p.secrets.sslKeyPassword);
    // Always said, so the log shows it; librdkafka 2.0 defaults to https, older releases to none.
    config.append(ProfileProperty("ssl.endpoint.identification.algorithm", p.sslVerifyHostname ? "https" : "none"));
}

} // namespace

ProfileConfig toClientConfig(const ConnectionProfile &profile)
{
    ProfileConfig config;
    config.append({"bootstrap.servers", profile.bootstrapServers.trimmed().toUtf8()});
    config.append({"security.protocol", securityProtocolName(profile.securityProtocol)});
    if (profile.usesSasl())
        addSasl(config, profile);
    if (profile.usesTls())
        addTls(config, profile);
    for (auto it = profile.clientProperties.cbegin(); it != profile.clientProperties.cend(); ++it)
        setLast(config, it.key().toUtf8(), it.value().toUtf8());
    const QMap<QString, QString> &secret = profile.secrets.secretProperties;
    for (auto it = secret.cbegin(); it != secret.cend(); ++it)
        setLast(config, it.key().toUtf8(), it.value().toUtf8());
    return config;
}

ProfileConfig redactedConfig(const ProfileConfig &config)
{
    ProfileConfig shown = config;
    for (ProfileProperty &p : shown) {
        if (!p.second.isEmpty() && isSecretKey(QString::fromUtf8(p.first)))
            p.second = kHiddenValue;
    }
    return shown;
}

QByteArrayView canonicalPropertyName(QByteArrayView key)
{
    if (key == "metadata.broker.list")
        return "bootstrap.servers";
    if (key == "sasl.mechanism")
        return "sasl.mechanisms";
    return key;
}

bool isSecretKey(QStringView key)
{
    // Substrings cover both clients and whatever plugins add: sasl.password, ssl.keystore.password,
    // sasl.oauthbearer.client.secret, basic.auth.user.info (user:password)...
    static constexpr std::array<QStringView, 5> kParts = {u"password", u"secret", u"credential", u"user.info", u"jaas"};
    static constexpr std::array<QStringView, 4> kExact = {u"ssl.key.pem", u"ssl.keystore.key",
                                                          u"sasl.oauthbearer.config", u"ssl_key"};
    const auto in = [key](QStringView part) {
        return key.contains(part, Qt::CaseInsensitive);
    };
    const auto is = [key](QStringView name) {
        return key.compare(name, Qt::CaseInsensitive) == 0;
    };
    return std::any_of(kParts.begin(), kParts.end(), in) || std::any_of(kExact.begin(), kExact.end(), is);
}

QByteArray securityProtocolName(SecurityProtocol protocol)
{
    switch (protocol) {
    case SecurityProtocol::Plaintext:
        return "plaintext";
    case SecurityProtocol::Ssl:
        return "ssl";
    case SecurityProtocol::SaslPlaintext:
        return "sasl_plaintext";
    case SecurityProtocol::SaslSsl:
        return "sasl_ssl";
    }
    return "plaintext";
}

QByteArray saslMechanismName(SaslMechanism mechanism)
{
    switch (mechanism) {
    case SaslMechanism::Plain:
        return "PLAIN";
    case SaslMechanism::ScramSha256:
        return "SCRAM-SHA-256";
    case SaslMechanism::ScramSha512:
        return "SCRAM-SHA-512";
    case SaslMechanism::OAuthBearer:
        return "OAUTHBEARER";
    case SaslMechanism::Gssapi:
        return "GSSAPI";
    }
    return "PLAIN";
}

std::optional<SecurityProtocol> parseSecurityProtocol(QStringView text)
{
    for (SecurityProtocol p : {SecurityProtocol::Plaintext, SecurityProtocol::Ssl, SecurityProtocol::SaslPlaintext,
                               SecurityProtocol::SaslSsl}) {
        if (text.trimmed().compare(QLatin1String(securityProtocolName(p)), Qt::CaseInsensitive) == 0)
            return p;
    }
    return std::nullopt;
}

std::optional<SaslMechanism> parseSaslMechanism(QStringView text)
{
    for (SaslMechanism m : {SaslMechanism::Plain, SaslMechanism::ScramSha256, SaslMechanism::ScramSha512,
                            SaslMechanism::OAuthBearer, SaslMechanism::Gssapi}) {
        if (text.trimmed().compare(QLatin1String(saslMechanismName(m)), Qt::CaseInsensitive) == 0)
            return m;
    }
    return std::nullopt;
}

} // namespace OffsetLens
