#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// How a client reaches the brokers (librdkafka's security.protocol).
enum class SecurityProtocol
{
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
};

// librdkafka's sasl.mechanisms; only read when the protocol is one of the SASL ones.
enum class SaslMechanism
{
    Plain,
    ScramSha256,
    ScramSha512,
    OAuthBearer, // OIDC client credentials (sasl.oauthbearer.method=oidc)
    Gssapi,      // Kerberos
};

// Where a profile's secrets live. Never the settings file.
enum class SecretStorage
{
    Keychain,      // the OS keychain (QtKeychain); the default
    AskEachTime,   // kept in memory for the current run only
    PlainTextFile, // a file the user chose explicitly, after a warning that names it
};

// The secrets of one profile. Kept apart from everything else so that the settings file, exports, logs and error
// texts can be written from a profile with its secrets removed (ConnectionProfile::withoutSecrets()).
struct ProfileSecrets
{
    QString saslPassword;      // PLAIN and SCRAM
    QString oauthClientSecret; // OAUTHBEARER (OIDC client credentials)
    QString sslKeyPassword;    // the client key's passphrase (mTLS)
    // Extra client properties whose value is secret (their key contains "password" or "secret").
    QMap<QString, QString> secretProperties;

    bool isEmpty() const
    {
        return saslPassword.isEmpty() && oauthClientSecret.isEmpty() && sslKeyPassword.isEmpty() &&
               secretProperties.isEmpty();
    }
    friend bool operator==(const ProfileSecrets &, const ProfileSecrets &) = default;
};

// What the user set up to reach one cluster. A plain value: the GUI edits and persists it, kafka/ connects with it.
struct ConnectionProfile
{
    // Stable identity: settings, open sessions and the tree are keyed by it, so renaming a profile loses nothing.
    // Saved profiles get a UUID; the embedded demo is "demo"; an ad-hoc --bootstrap connection is
    // "bootstrap:<servers>".
    QString id;
    QString name;
    QString colour;            // "#rrggbb" tag shown as a band and in the tree, so prod is never taken for dev; empty: none
    QString bootstrapServers;  // "host:port[,host:port...]"

    SecurityProtocol securityProtocol = SecurityProtocol::Plaintext;
    SaslMechanism saslMechanism = SaslMechanism::Plain;
    QString saslUsername; // PLAIN and SCRAM
    // OAUTHBEARER with OIDC client credentials.
    QString oauthClientId;
    QString oauthTokenEndpoint;
    QString oauthScope;
    QString oauthExtensions; // "key=value,key=value" (sasl.oauthbearer.extensions); optional
    // GSSAPI (Kerberos).
    QString kerberosServiceName; // default "kafka"
    QString kerberosPrincipal;
    QString kerberosKeytab;

    QString sslCaFile;          // PEM; empty: the system's trust store
    QString sslCertificateFile; // PEM client certificate (mTLS)
    QString sslKeyFile;         // PEM client key (mTLS)
    bool sslVerifyHostname = true;

    ProfileSecrets secrets;
    SecretStorage secretStorage = SecretStorage::Keychain;
    QString secretsFile; // with SecretStorage::PlainTextFile: where the user chose to keep them

    QStringList pinnedGroups; // groups to show when the broker cannot list them (ACLs, no ListGroups support)
    // Extra librdkafka properties, applied last so they override anything above. Secret ones live in
    // secrets.secretProperties instead.
    QMap<QString, QString> clientProperties;
    int requestTimeoutMs = 10000; // per refresh phase; a refresh never waits longer than this for one request
    int refreshIntervalMs = 5000; // auto-refresh; 0 turns it off
    bool readOnly = false;        // nothing is ever written through this profile
    // Tagged as production: read-only until the user unlocks it for the current run (never persisted unlocked).
    bool production = false;
    bool isDemo = false; // the embedded demo cluster: bootstrapServers is filled in when it starts

    ConnectionProfile withoutSecrets() const
    {
        ConnectionProfile copy = *this;
        copy.secrets = {};
        return copy;
    }
    bool usesSasl() const
    {
        return securityProtocol == SecurityProtocol::SaslPlaintext || securityProtocol == SecurityProtocol::SaslSsl;
    }
    bool usesTls() const
    {
        return securityProtocol == SecurityProtocol::Ssl || securityProtocol == SecurityProtocol::SaslSsl;
    }

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

} // namespace OffsetLens
