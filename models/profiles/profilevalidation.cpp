#include "profilevalidation.h"

#include "librdkafkaproperties.h"
#include "profileconfig.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileValidation", text);
}

// User text quoted in a message, kept short.
QString shown(QStringView text, qsizetype max = 60)
{
    return text.size() <= max ? text.toString() : text.left(max).toString() + QStringLiteral("…");
}

// A path is only useful whole; the limit is for hostile input.
QString shownPath(QStringView path)
{
    return shown(path, 1024);
}

constexpr int kMinRequestTimeoutMs = 100; // the CLI's --timeout range
constexpr int kMaxRequestTimeoutMs = 600000;
constexpr int kMinRefreshIntervalMs = 200; // the CLI's --refresh-interval
constexpr int kMaxRefreshIntervalMs = 3600000;

class Checker
{
public:
    Checker(const ConnectionProfile &profile, const FileProbe &probe)
        : m_p(profile)
        , m_probe(probe)
    {}

    QList<ProfileProblem> run()
    {
        if (m_p.name.trimmed().isEmpty())
            error(ProfileField::Name, tr("Give the profile a name."));
        if (!m_p.colour.isEmpty() && !isColour(m_p.colour))
            error(ProfileField::Colour, tr("The colour must be #rrggbb (such as #d03030), or empty for none."));
        if (!m_p.isDemo) // the demo cluster's address is known once it runs
            m_problems += validateBootstrapServers(m_p.bootstrapServers);
        if (m_p.usesSasl())
            sasl();
        if (m_p.usesTls())
            tls();
        if (m_p.secretStorage == SecretStorage::PlainTextFile && m_p.secretsFile.trimmed().isEmpty())
            error(ProfileField::SecretsFile, tr("Choose the file the secrets are to be kept in."));
        clientProperties();
        timeouts();
        return m_problems;
    }

private:
    void error(ProfileField field, const QString &message)
    {
        m_problems.append({field, ProblemSeverity::Error, message});
    }
    void warning(ProfileField field, const QString &message)
    {
        m_problems.append({field, ProblemSeverity::Warning, message});
    }

    static bool isColour(const QString &text)
    {
        const auto hex = [](QChar c) {
            return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                   (c >= QLatin1Char('a') && c <= QLatin1Char('f')) || (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
        };
        return text.size() == 7 && text.front() == QLatin1Char('#') && std::all_of(text.begin() + 1, text.end(), hex);
    }

    // A secret is needed unless the user chose to type it at each connection.
    bool secretMissing(const QString &secret) const
    {
        return secret.isEmpty() && m_p.secretStorage != SecretStorage::AskEachTime;
    }

    void sasl()
    {
        switch (m_p.saslMechanism) {
        case SaslMechanism::Plain:
        case SaslMechanism::ScramSha256:
        case SaslMechanism::ScramSha512:
            if (m_p.saslUsername.isEmpty())
                error(ProfileField::SaslUsername, tr("Enter the user name."));
            if (secretMissing(m_p.secrets.saslPassword))
                error(ProfileField::SaslPassword,
                      tr("Enter the password, or choose to be asked for it at each connection."));
            if (m_p.saslMechanism == SaslMechanism::Plain && m_p.securityProtocol == SecurityProtocol::SaslPlaintext)
                warning(ProfileField::SecurityProtocol,
                        tr("PLAIN over SASL_PLAINTEXT sends the password unencrypted; use SASL_SSL unless the "
                           "network is trusted."));
            break;
        case SaslMechanism::OAuthBearer:
            oauth();
            break;
        case SaslMechanism::Gssapi:
            kerberos();
            break;
        }
    }

    void oauth()
    {
        if (m_p.oauthClientId.isEmpty())
            error(ProfileField::OAuthClientId, tr("Enter the OIDC client id."));
        if (secretMissing(m_p.secrets.oauthClientSecret))
            error(ProfileField::OAuthClientSecret,
                  tr("Enter the client secret, or choose to be asked for it at each connection."));
        const QString endpoint = m_p.oauthTokenEndpoint.trimmed();
        const QUrl url(endpoint, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (endpoint.isEmpty()) {
            error(ProfileField::OAuthTokenEndpoint, tr("Enter the token endpoint URL of the identity provider."));
        } else if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")) ||
                   url.host().isEmpty()) {
            error(ProfileField::OAuthTokenEndpoint,
                  tr("The token endpoint must be an https:// (or http://) URL, such as "
                     "https://login.example.com/oauth2/token."));
        } else if (scheme == QLatin1String("http")) {
            warning(ProfileField::OAuthTokenEndpoint,
                    tr("The token endpoint uses http://, so the client secret travels unencrypted."));
        }
        for (const QString &pair : m_p.oauthExtensions.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (pair.indexOf(QLatin1Char('=')) <= 0) {
                error(ProfileField::OAuthExtensions,
                      tr("Extensions are key=value pairs separated by commas; \"%1\" is not one.")
                          .arg(shown(pair.trimmed())));
                break;
            }
        }
    }

    void kerberos()
    {
        // Kept simple: without a keytab librdkafka can still work from a ticket obtained with kinit.
        if (m_p.kerberosKeytab.isEmpty()) {
            warning(ProfileField::KerberosKeytab,
                    tr("No keytab: librdkafka relies on a ticket from kinit (the ticket cache) and cannot renew it "
                       "itself."));
        } else {
            const FileFacts f = m_probe(m_p.kerberosKeytab);
            if (!fileReadable(ProfileField::KerberosKeytab, m_p.kerberosKeytab, f))
                return;
            if (m_p.kerberosPrincipal.isEmpty())
                warning(ProfileField::KerberosPrincipal,
                        tr("No principal: librdkafka logs in as \"kafkaclient\" with the keytab."));
        }
    }

    // Exists, is a readable file (or a folder, where that is allowed); reports otherwise.
    bool fileReadable(ProfileField field, const QString &path, const FileFacts &f, bool folderAllowed = false)
    {
        if (!f.exists) {
            error(field, tr("There is no file %1.").arg(shownPath(path)));
            return false;
        }
        if (f.directory && !folderAllowed) {
            error(field, tr("%1 is a folder, not a file.").arg(shownPath(path)));
            return false;
        }
        if (!f.readable) {
            error(field, tr("%1 cannot be read (check its permissions).").arg(shownPath(path)));
            return false;
        }
        return true;
    }

    enum class Need
    {
        CaCertificates,
        ClientCertificate,
        PrivateKey,
    };

    QString commands(const PemConversion &c) { return c.commands.join(QLatin1Char('\n')); }

    // The file is a Java or PKCS#12 store: how to get PEM out of it.
    void storeGiven(ProfileField field, const QString &path, StoreType type, Need need)
    {
        const QString what =
            type == StoreType::Pkcs12 ? tr("a PKCS#12 file") : tr("a Java key store (%1)").arg(storeTypeName(type));
        if (need == Need::CaCertificates) {
            const PemConversion c = truststoreToPem(path, type);
            error(field, tr("%1 is %2; librdkafka reads PEM. Convert it:\n%3\nthen choose %4.")
                             .arg(shownPath(path), what, commands(c), c.caFile));
        } else {
            const PemConversion c = keystoreToPem(path, type);
            error(field, tr("%1 is %2; librdkafka reads PEM. Convert it:\n%3\nthen choose %4 as the certificate and "
                            "%5 as the key.")
                             .arg(shownPath(path), what, commands(c), c.certificateFile, c.keyFile));
        }
    }

    // Returns what the file holds when it is PEM of the kind needed.
    std::optional<KeyMaterial> pemFile(ProfileField field, const QString &path, Need need)
    {
        const FileFacts f = m_probe(path);
        if (!fileReadable(field, path, f, need == Need::CaCertificates))
            return std::nullopt;
        if (f.directory) // a folder of CA certificates (OpenSSL's hashed layout)
            return std::nullopt;
        const KeyMaterial m = classifyKeyMaterial(f.head);
        const bool wantKey = need == Need::PrivateKey;
        // Only part of a big file was read: what is missing may come later.
        const bool partial = f.size > f.head.size();
        switch (m.format) {
        case KeyMaterialFormat::Empty:
            error(field, tr("%1 is empty.").arg(shownPath(path)));
            return std::nullopt;
        case KeyMaterialFormat::Jks:
        case KeyMaterialFormat::Jceks:
        case KeyMaterialFormat::Pkcs12:
            storeGiven(field, path,
                       m.format == KeyMaterialFormat::Jks     ? StoreType::Jks
                       : m.format == KeyMaterialFormat::Jceks ? StoreType::Jceks
                                                              : StoreType::Pkcs12,
                       need);
            return std::nullopt;
        case KeyMaterialFormat::DerCertificate:
            if (wantKey)
                error(field, tr("%1 is a certificate, not a private key.").arg(shownPath(path)));
            else
                error(field, tr("%1 is a certificate in binary DER form; librdkafka reads PEM. Convert it:\n%2")
                                 .arg(shownPath(path), commands(derToPem(path, false))));
            return std::nullopt;
        case KeyMaterialFormat::DerKey:
            if (wantKey)
                error(field, tr("%1 is a key in binary DER form; librdkafka reads PEM. Convert it:\n%2")
                                 .arg(shownPath(path), commands(derToPem(path, true))));
            else
                error(field, tr("%1 is a private key, not a certificate.").arg(shownPath(path)));
            return std::nullopt;
        case KeyMaterialFormat::Other:
            error(field, tr("%1 is not a PEM file (one with \"-----BEGIN ...\" lines).").arg(shownPath(path)));
            return std::nullopt;
        case KeyMaterialFormat::Pem:
            break;
        }
        if (wantKey && !m.privateKey && !partial) {
            error(field, m.certificate ? tr("%1 is a certificate, not a private key.").arg(shownPath(path))
                                       : tr("%1 holds no private key.").arg(shownPath(path)));
            return std::nullopt;
        }
        if (!wantKey && !m.certificate && !partial) {
            error(field, m.privateKey ? tr("%1 is a private key, not a certificate.").arg(shownPath(path))
                                      : tr("%1 holds no certificate.").arg(shownPath(path)));
            return std::nullopt;
        }
        return m;
    }

    void tls()
    {
        if (!m_p.sslCaFile.isEmpty())
            pemFile(ProfileField::SslCaFile, m_p.sslCaFile, Need::CaCertificates);
        const bool certificate = !m_p.sslCertificateFile.isEmpty();
        const bool key = !m_p.sslKeyFile.isEmpty();
        if (certificate && !key)
            error(ProfileField::SslKeyFile, tr("A client certificate needs its private key file too."));
        if (key && !certificate)
            error(ProfileField::SslCertificateFile, tr("A private key needs its client certificate file too."));
        if (certificate)
            pemFile(ProfileField::SslCertificateFile, m_p.sslCertificateFile, Need::ClientCertificate);
        if (key) {
            const std::optional<KeyMaterial> m = pemFile(ProfileField::SslKeyFile, m_p.sslKeyFile, Need::PrivateKey);
            if (m && m->encryptedKey && secretMissing(m_p.secrets.sslKeyPassword))
                warning(ProfileField::SslKeyPassword, tr("The private key is encrypted: enter its password."));
        }
    }

    void clientProperties()
    {
        // The properties the profile's own fields set; an extra one with the same name replaces them.
        ConnectionProfile fieldsOnly = m_p;
        fieldsOnly.clientProperties.clear();
        fieldsOnly.secrets.secretProperties.clear();
        QSet<QByteArray> own;
        for (const ProfileProperty &p : toClientConfig(fieldsOnly))
            own.insert(canonicalPropertyName(p.first).toByteArray());
        const auto badName = [](const QString &key) {
            return key.isEmpty() || std::any_of(key.begin(), key.end(), [](QChar c) { return c.isSpace(); });
        };
        for (auto it = m_p.clientProperties.cbegin(); it != m_p.clientProperties.cend(); ++it) {
            const QString &key = it.key();
            if (badName(key)) {
                error(ProfileField::ClientProperties, tr("\"%1\" is not a property name.").arg(shown(key)));
            } else if (isSecretKey(key)) {
                warning(ProfileField::ClientProperties,
                        tr("%1 looks secret; kept as an extra property it is stored in plain text with the profile.")
                            .arg(shown(key)));
            } else if (!isLibrdkafkaProperty(key)) {
                warning(ProfileField::ClientProperties,
                        tr("%1 is not a librdkafka 2.0.2 property; connecting fails if your librdkafka does not know "
                           "it.")
                            .arg(shown(key)));
            }
            if (own.contains(canonicalPropertyName(key.toUtf8()).toByteArray()))
                warning(ProfileField::ClientProperties,
                        tr("%1 replaces what the profile's own settings say.").arg(shown(key)));
        }
        for (auto it = m_p.secrets.secretProperties.cbegin(); it != m_p.secrets.secretProperties.cend(); ++it) {
            if (badName(it.key()))
                error(ProfileField::ClientProperties, tr("\"%1\" is not a property name.").arg(shown(it.key())));
        }
    }

    void timeouts()
    {
        if (m_p.requestTimeoutMs < kMinRequestTimeoutMs || m_p.requestTimeoutMs > kMaxRequestTimeoutMs)
            error(ProfileField::RequestTimeout, tr("The request timeout must be from %1 to %2 ms.")
                                                    .arg(kMinRequestTimeoutMs)
                                                    .arg(kMaxRequestTimeoutMs));
        else if (m_p.requestTimeoutMs < 1000)
            warning(ProfileField::RequestTimeout,
                    tr("A request timeout under a second is often too short for a busy or distant cluster."));
        const int refresh = m_p.refreshIntervalMs;
        if (refresh < 0 || (refresh > 0 && refresh < kMinRefreshIntervalMs) || refresh > kMaxRefreshIntervalMs)
            error(ProfileField::RefreshInterval, tr("The refresh interval must be 0 (off) or from %1 ms to %2 ms.")
                                                     .arg(kMinRefreshIntervalMs)
                                                     .arg(kMaxRefreshIntervalMs));
    }

    const ConnectionProfile &m_p;
    const FileProbe &m_probe;
    QList<ProfileProblem> m_problems;
};

bool isHostChar(QChar c)
{
    return c.unicode() < 128 &&
           (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('_'));
}

bool isIpv6Char(QChar c)
{
    // Hex digits, colons, a dotted IPv4 tail, and a zone ("%eth0").
    return c.unicode() < 128 &&
           (c.isLetterOrNumber() || c == QLatin1Char(':') || c == QLatin1Char('.') || c == QLatin1Char('%'));
}

// What is wrong with one `host:port` entry, or nothing.
std::optional<ProfileProblem> entryProblem(const QString &entry)
{
    const auto error = [](const QString &message) {
        return ProfileProblem{ProfileField::BootstrapServers, ProblemSeverity::Error, message};
    };
    const qsizetype scheme = entry.indexOf(QLatin1String("://"));
    if (scheme > 0) {
        return error(tr("Remove \"%1\" from \"%2\": brokers are given as host:port, and the protocol is chosen "
                        "under Security.")
                         .arg(shown(entry.left(scheme + 3)), shown(entry)));
    }
    if (std::any_of(entry.begin(), entry.end(), [](QChar c) { return c.isSpace(); })) {
        const QStringList words = entry.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (words.size() > 1 &&
            std::all_of(words.begin(), words.end(), [](const QString &w) { return w.contains(QLatin1Char(':')); }))
            return error(tr("Separate brokers with commas, not spaces: \"%1\".").arg(shown(entry)));
        return error(tr("\"%1\" contains a space.").arg(shown(entry)));
    }
    QString host;
    QString port;
    bool hasPort = false;
    if (entry.startsWith(QLatin1Char('['))) {
        const qsizetype close = entry.indexOf(QLatin1Char(']'));
        if (close < 0)
            return error(tr("\"%1\": the IPv6 address has no closing bracket.").arg(shown(entry)));
        host = entry.mid(1, close - 1);
        if (host.isEmpty() || !host.contains(QLatin1Char(':')) || !std::all_of(host.begin(), host.end(), isIpv6Char))
            return error(tr("\"%1\" is not an IPv6 address.").arg(shown(host)));
        const QString rest = entry.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(QLatin1Char(':')))
            return error(tr("\"%1\": expected a colon and the port after the bracket.").arg(shown(entry)));
        hasPort = !rest.isEmpty();
        port = rest.mid(1);
    } else {
        const qsizetype colons = entry.count(QLatin1Char(':'));
        if (colons > 1)
            return error(
                tr("\"%1\" looks like an IPv6 address: put it in brackets, such as [::1]:9092.").arg(shown(entry)));
        hasPort = colons == 1;
        const qsizetype colon = entry.indexOf(QLatin1Char(':'));
        host = hasPort ? entry.left(colon) : entry;
        port = hasPort ? entry.mid(colon + 1) : QString();
        if (host.isEmpty())
            return error(tr("\"%1\" has no host name before the port.").arg(shown(entry)));
        const auto bad = std::find_if_not(host.begin(), host.end(), isHostChar);
        if (bad != host.end())
            return error(tr("\"%1\": a host name cannot contain \"%2\".").arg(shown(entry), *bad));
    }
    if (!hasPort) {
        return ProfileProblem{ProfileField::BootstrapServers, ProblemSeverity::Warning,
                              tr("\"%1\" has no port, so librdkafka uses 9092 (Java clients need one); write "
                                 "\"%1:9092\" to say so.")
                                  .arg(shown(entry))};
    }
    if (port.isEmpty())
        return error(tr("\"%1\" has no port number after the colon.").arg(shown(entry)));
    if (!std::all_of(port.begin(), port.end(), [](QChar c) { return c.unicode() < 128 && c.isDigit(); }))
        return error(tr("\"%1\": the port \"%2\" is not a number.").arg(shown(entry), shown(port)));
    const int number = port.size() > 5 ? 0 : port.toInt();
    if (number < 1 || number > 65535)
        return error(tr("\"%1\": the port must be from 1 to 65535.").arg(shown(entry)));
    return std::nullopt;
}

} // namespace

QList<ProfileProblem> validateProfile(const ConnectionProfile &profile, const FileProbe &probe)
{
    return Checker(profile, probe).run();
}

QList<ProfileProblem> validateBootstrapServers(const QString &servers)
{
    QList<ProfileProblem> problems;
    const QString text = servers.trimmed();
    if (text.isEmpty()) {
        problems.append({ProfileField::BootstrapServers, ProblemSeverity::Error,
                         tr("Enter at least one broker as host:port, such as broker1:9092.")});
        return problems;
    }
    // Something pasted by mistake can have thousands of entries; the first problems say enough.
    constexpr qsizetype kMaxEntryProblems = 10;
    bool emptyEntry = false;
    for (const QString &raw : text.split(QLatin1Char(','))) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            emptyEntry = true;
        else if (problems.size() < kMaxEntryProblems)
            if (const std::optional<ProfileProblem> problem = entryProblem(entry))
                problems.append(*problem);
    }
    if (emptyEntry) {
        problems.append({ProfileField::BootstrapServers, ProblemSeverity::Warning,
                         tr("There is an empty entry: two commas in a row, or one at the start or end.")});
    }
    return problems;
}

bool hasErrors(const QList<ProfileProblem> &problems)
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const ProfileProblem &p) { return p.severity == ProblemSeverity::Error; });
}

} // namespace OffsetLens
