#include "profileimport.h"

#include "jaasconfig.h"
#include "javaclientkeys.h"
#include "keymaterial.h"
#include "librdkafkaproperties.h"
#include "profileconfig.h"
#include "profilemetadata.h"
#include "propertiesfile.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <initializer_list>
#include <optional>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileImport", text);
}

// Hostile input must not turn a message into a wall of text.
QString shown(QStringView text)
{
    constexpr qsizetype kMax = 60;
    return text.size() <= kMax ? text.toString() : text.left(kMax).toString() + QStringLiteral("…");
}

// One key of the file with its (trimmed) value and line.
struct Value
{
    QString key;
    QString value;
    int line = 0;
};

// The file's keys; a key written twice keeps its first place and its last value, as both clients read it. The
// importer takes keys out as it maps them; what is left at the end is listed in file order.
class Entries
{
public:
    // The line the key was first seen on, 0 when new.
    int add(const QString &key, const QString &value, int line)
    {
        const auto it = m_values.find(key);
        if (it != m_values.end()) {
            const int first = it->line;
            *it = {key, value, line};
            return first;
        }
        m_values.insert(key, {key, value, line});
        m_order.append(key);
        return 0;
    }

    std::optional<Value> take(const QString &key)
    {
        const auto it = m_values.find(key);
        if (it == m_values.end())
            return std::nullopt;
        const Value v = *it;
        m_values.erase(it);
        return v;
    }
    std::optional<Value> take(const char *key) { return take(QString::fromLatin1(key)); }

    // A property and its aliases: the one written last counts.
    std::optional<Value> takeLast(std::initializer_list<const char *> keys)
    {
        std::optional<Value> last;
        for (const char *key : keys) {
            const std::optional<Value> v = take(key);
            if (v && (!last || v->line > last->line))
                last = v;
        }
        return last;
    }

    bool contains(const char *key) const { return m_values.contains(QString::fromLatin1(key)); }

    QList<Value> takeRest()
    {
        QList<Value> rest;
        for (const QString &key : std::as_const(m_order)) {
            if (const std::optional<Value> v = take(key))
                rest.append(*v);
        }
        m_order.clear();
        return rest;
    }

private:
    QHash<QString, Value> m_values;
    QStringList m_order;
};

// bootstrap.servers as both clients read a list: entries trimmed, empty ones skipped.
QString serverList(const QString &text)
{
    QStringList servers;
    for (const QString &s : text.split(QLatin1Char(','))) {
        if (!s.trimmed().isEmpty())
            servers.append(s.trimmed());
    }
    return servers.join(QLatin1Char(','));
}

bool sameFamily(SaslMechanism a, SaslMechanism b)
{
    const auto scram = [](SaslMechanism m) {
        return m == SaslMechanism::ScramSha256 || m == SaslMechanism::ScramSha512;
    };
    return a == b || (scram(a) && scram(b));
}

enum class JavaStore
{
    Pem,
    Jks,
    Jceks,
    Pkcs12,
    Other,
};

std::optional<JavaStore> storeFromName(const QString &type)
{
    const QString t = type.trimmed().toUpper();
    if (t == QLatin1String("PEM"))
        return JavaStore::Pem;
    if (t == QLatin1String("JKS"))
        return JavaStore::Jks;
    if (t == QLatin1String("JCEKS"))
        return JavaStore::Jceks;
    if (t == QLatin1String("PKCS12") || t == QLatin1String("PKCS#12"))
        return JavaStore::Pkcs12;
    return std::nullopt;
}

std::optional<JavaStore> storeFromFileName(const QString &path)
{
    const QString lower = path.toLower();
    for (const char *ext : {".pem", ".crt", ".cer"}) {
        if (lower.endsWith(QLatin1String(ext)))
            return JavaStore::Pem;
    }
    for (const char *ext : {".p12", ".pfx"}) {
        if (lower.endsWith(QLatin1String(ext)))
            return JavaStore::Pkcs12;
    }
    if (lower.endsWith(QLatin1String(".jks")))
        return JavaStore::Jks;
    return std::nullopt;
}

StoreType storeType(JavaStore store)
{
    return store == JavaStore::Jks ? StoreType::Jks : store == JavaStore::Jceks ? StoreType::Jceks : StoreType::Pkcs12;
}

class Importer
{
public:
    ProfileImport finish()
    {
        std::stable_sort(m_result.notes.begin(), m_result.notes.end(),
                         [](const ImportNote &a, const ImportNote &b) { return a.line < b.line; });
        if (m_droppedNotes > 0) {
            m_result.notes.append({QString(), 0, ImportNoteKind::Warning,
                                   QCoreApplication::translate("ProfileImport", "%n more notes are not listed.",
                                                               nullptr, int(m_droppedNotes))});
        }
        return m_result;
    }

    // Parse errors and warnings, and the keys; a key set twice gets a note.
    Entries collect(const PropertiesFile &file)
    {
        for (const QString &e : file.errors)
            m_result.errors.append(e);
        for (const QString &w : file.warnings)
            note(QString(), 0, ImportNoteKind::Warning, w);
        Entries entries;
        for (const PropertyEntry &e : file.entries) {
            const int first = entries.add(e.key, e.value.trimmed(), e.line);
            if (first > 0) {
                note(e.key, e.line, ImportNoteKind::Warning,
                     tr("set again (first on line %1); the last value counts, as in Kafka's clients").arg(first));
            }
        }
        return entries;
    }

    // OffsetLens's own comment lines; "librdkafka.<key>" ones are returned for applyLibrdkafka().
    Entries metadata(const QList<PropertyEntry> &comments)
    {
        Entries librdkafka;
        for (const PropertyEntry &c : comments) {
            const std::optional<MetadataEntry> m = parseMetadataComment(c.value);
            if (!m)
                continue;
            const QString key = QLatin1String(kMetadataPrefix) + m->field;
            const QString &value = m->value;
            const Value v{key, value.trimmed(), c.line};
            if (m->field.isEmpty())
                note(key, c.line, ImportNoteKind::Warning, tr("an OffsetLens comment that cannot be read; ignored"));
            else if (m->field == QLatin1String("name"))
                p().name = value;
            else if (m->field == QLatin1String("colour"))
                p().colour = value;
            else if (m->field == QLatin1String("request.timeout.ms"))
                number(v, p().requestTimeoutMs);
            else if (m->field == QLatin1String("refresh.interval.ms"))
                number(v, p().refreshIntervalMs);
            else if (m->field == QLatin1String("read.only"))
                flag(v, p().readOnly);
            else if (m->field == QLatin1String("production"))
                flag(v, p().production);
            else if (m->field == QLatin1String("pinned.group"))
                pinGroup(value);
            else if (m->field.startsWith(QLatin1String("librdkafka.")) && m->field.size() > 11)
                librdkafka.add(m->field.mid(11), value, c.line);
            else
                note(key, c.line, ImportNoteKind::Unknown, tr("an OffsetLens setting this version does not know"));
        }
        return librdkafka;
    }

    // The profile fields under librdkafka's names; only keys that are present.
    void applyLibrdkafka(Entries &e)
    {
        if (const auto v = e.takeLast({"bootstrap.servers", "metadata.broker.list"}))
            p().bootstrapServers = serverList(v->value);
        if (const auto v = e.take("security.protocol"))
            protocol(*v);
        if (const auto v = e.takeLast({"sasl.mechanisms", "sasl.mechanism"})) {
            m_mechanismGiven = true; // an unsupported one is an error, not a default
            mechanism(*v);
        }
        text(e, "sasl.username", p().saslUsername);
        text(e, "sasl.password", p().secrets.saslPassword);
        if (const auto v = e.take("sasl.oauthbearer.method")) {
            m_oidcGiven = v->value.compare(QLatin1String("oidc"), Qt::CaseInsensitive) == 0;
            if (!m_oidcGiven) {
                keep(v->key, v->value);
                note(*v, ImportNoteKind::Warning,
                     tr("OffsetLens's OAUTHBEARER is OIDC (sasl.oauthbearer.method=oidc); \"%1\" is kept as an extra "
                        "property and overrides that")
                         .arg(shown(v->value)));
            }
        }
        text(e, "sasl.oauthbearer.client.id", p().oauthClientId);
        text(e, "sasl.oauthbearer.client.secret", p().secrets.oauthClientSecret);
        text(e, "sasl.oauthbearer.token.endpoint.url", p().oauthTokenEndpoint);
        text(e, "sasl.oauthbearer.scope", p().oauthScope);
        text(e, "sasl.oauthbearer.extensions", p().oauthExtensions);
        text(e, "sasl.kerberos.service.name", p().kerberosServiceName);
        text(e, "sasl.kerberos.principal", p().kerberosPrincipal);
        text(e, "sasl.kerberos.keytab", p().kerberosKeytab);
        text(e, "ssl.ca.location", p().sslCaFile);
        text(e, "ssl.certificate.location", p().sslCertificateFile);
        text(e, "ssl.key.location", p().sslKeyFile);
        text(e, "ssl.key.password", p().secrets.sslKeyPassword);
        if (const auto v = e.take("ssl.endpoint.identification.algorithm")) {
            if (v->value.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
                p().sslVerifyHostname = true;
            } else if (v->value.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
                p().sslVerifyHostname = false;
            } else {
                error(v->line, tr("ssl.endpoint.identification.algorithm is \"%1\"; librdkafka takes https or none")
                                   .arg(shown(v->value)));
            }
        }
    }

    // What librdkafka assumes when a file leaves the mechanism or the OAUTHBEARER method out.
    void librdkafkaDefaults()
    {
        if (p().usesSasl() && !m_mechanismGiven) {
            p().saslMechanism = SaslMechanism::Gssapi;
            note(QStringLiteral("sasl.mechanisms"), 0, ImportNoteKind::Converted,
                 tr("not set: librdkafka's default, GSSAPI (Kerberos)"));
        }
        if (p().usesSasl() && p().saslMechanism == SaslMechanism::OAuthBearer && !m_oidcGiven &&
            !p().clientProperties.contains(QStringLiteral("sasl.oauthbearer.method"))) {
            note(QStringLiteral("sasl.oauthbearer.method"), 0, ImportNoteKind::Warning,
                 tr("not set, so librdkafka would use an unsecured test token; OffsetLens uses OIDC "
                    "(sasl.oauthbearer.method=oidc) with the client id, secret and token endpoint URL"));
        }
    }

    // Everything else of a librdkafka file is kept as an extra property.
    void keepLibrdkafkaRest(Entries &e)
    {
        for (const Value &v : e.takeRest()) {
            keep(v.key, v.value);
            if (isLibrdkafkaProperty(v.key))
                continue;
            const std::optional<JavaKeyKind> java = javaKeyKind(v.key);
            note(v, ImportNoteKind::Unknown,
                 java ? tr("a Java client property, not a librdkafka one (is this a Java properties file?); kept "
                           "as an extra property, which librdkafka will refuse")
                      : tr("not a librdkafka 2.0.2 property; kept as an extra property (connecting fails if your "
                           "librdkafka does not know it either)"));
        }
    }

    void applyJava(Entries &e)
    {
        if (const auto v = e.take("bootstrap.servers"))
            p().bootstrapServers = serverList(v->value);
        if (const auto v = e.take("security.protocol"))
            protocol(*v);
        const std::optional<Value> mechanismEntry = e.take("sasl.mechanism");
        const bool mechanismGiven = mechanismEntry && mechanism(*mechanismEntry);
        std::optional<SaslMechanism> fromJaas;
        const std::optional<Value> jaasEntry = e.take("sasl.jaas.config");
        if (jaasEntry)
            fromJaas = jaas(*jaasEntry);
        resolveJavaMechanism(mechanismEntry, mechanismGiven, jaasEntry, fromJaas);
        text(e, "sasl.kerberos.service.name", p().kerberosServiceName);
        text(e, "sasl.oauthbearer.token.endpoint.url", p().oauthTokenEndpoint);
        if (const auto v = e.take("sasl.login.callback.handler.class"))
            loginHandler(*v);
        inlinePem(e);
        truststore(e);
        keystore(e);
        text(e, "ssl.key.password", p().secrets.sslKeyPassword);
        if (const auto v = e.take("ssl.endpoint.identification.algorithm")) {
            if (v->value.isEmpty()) {
                p().sslVerifyHostname = false;
                note(*v, ImportNoteKind::Converted, tr("empty: hostname verification is off"));
            } else if (v->value.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0) {
                p().sslVerifyHostname = true;
            } else {
                note(*v, ImportNoteKind::Warning,
                     tr("\"%1\" is neither https nor empty; hostname verification stays on").arg(shown(v->value)));
            }
        }
        if (const auto v = e.take("request.timeout.ms")) {
            if (number(*v, p().requestTimeoutMs))
                note(*v, ImportNoteKind::Converted, tr("used as the profile's request timeout"));
        }
        Entries librdkafka; // keys of librdkafka's that are not Java's, in a Java file
        for (const Value &v : e.takeRest())
            javaRest(v, librdkafka);
        applyLibrdkafka(librdkafka);
        keepLibrdkafkaRest(librdkafka);
    }

private:
    ConnectionProfile &p() { return m_result.profile; }

    void note(const QString &key, int line, ImportNoteKind kind, const QString &message)
    {
        if (m_result.notes.size() < kMaxImportNotes)
            m_result.notes.append({key, line, kind, message});
        else
            ++m_droppedNotes;
    }
    void note(const Value &v, ImportNoteKind kind, const QString &message) { note(v.key, v.line, kind, message); }

    void error(int line, const QString &message)
    {
        if (m_result.errors.size() < kMaxImportNotes)
            m_result.errors.append(tr("line %1: %2").arg(line).arg(message));
    }

    void text(Entries &e, const char *key, QString &field)
    {
        if (const auto v = e.take(key))
            field = v->value;
    }

    // An extra librdkafka property, with the secrets if it is one.
    void keep(const QString &key, const QString &value)
    {
        (isSecretKey(key) ? p().secrets.secretProperties : p().clientProperties).insert(key, value);
    }

    bool number(const Value &v, int &field)
    {
        bool ok = false;
        const int n = v.value.toInt(&ok);
        if (!ok || n < 0) {
            note(v, ImportNoteKind::Warning, tr("\"%1\" is not a number of milliseconds; ignored").arg(shown(v.value)));
            return false;
        }
        field = n;
        return true;
    }

    void flag(const Value &v, bool &field)
    {
        if (v.value == QLatin1String("true") || v.value == QLatin1String("false"))
            field = v.value == QLatin1String("true");
        else
            note(v, ImportNoteKind::Warning, tr("\"%1\" is neither true nor false; ignored").arg(shown(v.value)));
    }

    void pinGroup(const QString &group)
    {
        if (!group.isEmpty() && !p().pinnedGroups.contains(group))
            p().pinnedGroups.append(group);
    }

    void protocol(const Value &v)
    {
        if (const std::optional<SecurityProtocol> sp = parseSecurityProtocol(v.value))
            p().securityProtocol = *sp;
        else
            error(v.line, tr("security.protocol \"%1\" is not one of PLAINTEXT, SSL, SASL_PLAINTEXT and SASL_SSL")
                              .arg(shown(v.value)));
    }

    bool mechanism(const Value &v)
    {
        if (const std::optional<SaslMechanism> m = parseSaslMechanism(v.value)) {
            p().saslMechanism = *m;
            return true;
        }
        error(v.line, tr("SASL mechanism \"%1\" is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER "
                         "and GSSAPI are)")
                          .arg(shown(v.value)));
        return false;
    }

    // sasl.jaas.config: fills the fields of its login module; returns the mechanism that module is for.
    std::optional<SaslMechanism> jaas(const Value &v)
    {
        const JaasConfig config = parseJaasConfig(v.value);
        if (!config.error.isEmpty()) {
            error(v.line, tr("sasl.jaas.config: %1").arg(config.error));
            return std::nullopt;
        }
        if (config.modules.size() != 1) {
            error(v.line,
                  tr("sasl.jaas.config has %1 login modules; Kafka takes exactly one").arg(config.modules.size()));
            return std::nullopt;
        }
        const JaasLoginModule &module = config.modules.constFirst();
        const QString name = module.simpleClassName();
        if (name == QLatin1String("PlainLoginModule") || name == QLatin1String("ScramLoginModule"))
            return passwordLogin(v, module);
        if (name == QLatin1String("OAuthBearerLoginModule"))
            return oauthLogin(v, module);
        if (name == QLatin1String("Krb5LoginModule"))
            return kerberosLogin(v, module);
        note(v, ImportNoteKind::Unsupported,
             tr("login module %1 is not supported; OffsetLens knows PLAIN, SCRAM, OAUTHBEARER (OIDC) and Kerberos")
                 .arg(shown(module.className)));
        return std::nullopt;
    }

    void unusedOptions(const Value &v, const QStringList &names)
    {
        if (!names.isEmpty()) {
            note(v, ImportNoteKind::Unknown,
                 tr("login module options not used: %1").arg(shown(names.join(QStringLiteral(", ")))));
        }
    }

    SaslMechanism passwordLogin(const Value &v, const JaasLoginModule &module)
    {
        QStringList unused;
        for (const JaasOption &o : module.options) {
            if (o.name == QLatin1String("username"))
                p().saslUsername = o.value;
            else if (o.name == QLatin1String("password"))
                p().secrets.saslPassword = o.value;
            else if (o.name == QLatin1String("tokenauth"))
                note(v, ImportNoteKind::Unsupported,
                     tr("delegation tokens (tokenauth) cannot be used from librdkafka"));
            else
                unused.append(o.name);
        }
        unusedOptions(v, unused);
        note(v, ImportNoteKind::Converted,
             tr("%1: the user name, and the password (kept with the secrets)").arg(module.simpleClassName()));
        // SCRAM does not say which hash; the Java client gets it from sasl.mechanism.
        return module.simpleClassName() == QLatin1String("PlainLoginModule") ? SaslMechanism::Plain
                                                                             : SaslMechanism::ScramSha512;
    }

    SaslMechanism oauthLogin(const Value &v, const JaasLoginModule &module)
    {
        QStringList unused;
        QStringList extensions;
        bool unsecured = false;
        for (const JaasOption &o : module.options) {
            if (o.name == QLatin1String("clientId"))
                p().oauthClientId = o.value;
            else if (o.name == QLatin1String("clientSecret"))
                p().secrets.oauthClientSecret = o.value;
            else if (o.name == QLatin1String("scope"))
                p().oauthScope = o.value;
            else if (o.name.startsWith(QLatin1String("extension_")) && o.name.size() > 10)
                extensions.append(o.name.mid(10) + QLatin1Char('=') + o.value);
            else if (o.name.startsWith(QLatin1String("unsecuredLogin")))
                unsecured = true;
            else
                unused.append(o.name);
        }
        if (!extensions.isEmpty())
            p().oauthExtensions = extensions.join(QLatin1Char(','));
        if (unsecured) {
            note(v, ImportNoteKind::Unsupported,
                 tr("the unsecured test login (unsecuredLogin...) is not supported; OffsetLens uses OIDC client "
                    "credentials"));
        }
        unusedOptions(v, unused);
        note(v, ImportNoteKind::Converted,
             tr("OAuthBearerLoginModule: the OIDC client id, scope and extensions, and the client secret (kept with "
                "the secrets)"));
        return SaslMechanism::OAuthBearer;
    }

    SaslMechanism kerberosLogin(const Value &v, const JaasLoginModule &module)
    {
        // Options that describe how Java logs in; librdkafka does the same with kinit and the keytab.
        static const QStringList implied = {QStringLiteral("useKeyTab"),         QStringLiteral("storeKey"),
                                            QStringLiteral("useTicketCache"),    QStringLiteral("doNotPrompt"),
                                            QStringLiteral("renewTGT"),          QStringLiteral("debug"),
                                            QStringLiteral("refreshKrb5Config"), QStringLiteral("isInitiator")};
        QStringList unused;
        for (const JaasOption &o : module.options) {
            if (o.name == QLatin1String("keyTab"))
                p().kerberosKeytab = o.value;
            else if (o.name == QLatin1String("principal"))
                p().kerberosPrincipal = o.value;
            else if (o.name == QLatin1String("serviceName"))
                p().kerberosServiceName = o.value; // sasl.kerberos.service.name, read after this, wins
            else if (o.name == QLatin1String("ticketCache"))
                note(v, ImportNoteKind::Unsupported,
                     tr("ticketCache: librdkafka's Kerberos library finds the ticket cache through KRB5CCNAME"));
            else if (!implied.contains(o.name))
                unused.append(o.name);
        }
        unusedOptions(v, unused);
        note(v, ImportNoteKind::Converted, tr("Krb5LoginModule: the principal and the keytab"));
        return SaslMechanism::Gssapi;
    }

    void resolveJavaMechanism(const std::optional<Value> &mechanismEntry, bool mechanismGiven,
                              const std::optional<Value> &jaasEntry, std::optional<SaslMechanism> fromJaas)
    {
        if (jaasEntry && fromJaas && !p().usesSasl()) {
            note(*jaasEntry, ImportNoteKind::Warning,
                 tr("security.protocol is %1, so SASL and this login are not used")
                     .arg(QString::fromLatin1(securityProtocolName(p().securityProtocol).toUpper())));
        }
        if (mechanismGiven) {
            if (fromJaas && !sameFamily(*fromJaas, p().saslMechanism)) {
                note(*mechanismEntry, ImportNoteKind::Warning,
                     tr("sasl.jaas.config is a login for %1, not %2: check which one the cluster expects")
                         .arg(QString::fromLatin1(saslMechanismName(*fromJaas)),
                              QString::fromLatin1(saslMechanismName(p().saslMechanism))));
            }
            return;
        }
        if (mechanismEntry) // given but not supported: already an error
            return;
        if (fromJaas) {
            p().saslMechanism = *fromJaas;
            if (p().usesSasl() && *fromJaas != SaslMechanism::Gssapi) { // GSSAPI is what Java assumes anyway
                note(QStringLiteral("sasl.mechanism"), 0, ImportNoteKind::Warning,
                     tr("not set; %1 as sasl.jaas.config suggests (the Java client would try GSSAPI)")
                         .arg(QString::fromLatin1(saslMechanismName(*fromJaas))));
            }
        } else if (p().usesSasl()) {
            p().saslMechanism = SaslMechanism::Gssapi;
            note(QStringLiteral("sasl.mechanism"), 0, ImportNoteKind::Converted,
                 tr("not set: the Java client's default, GSSAPI (Kerberos)"));
        }
    }

    void loginHandler(const Value &v)
    {
        if (v.value.endsWith(QLatin1String(".OAuthBearerLoginCallbackHandler"))) {
            note(v, ImportNoteKind::Converted,
                 tr("OIDC client credentials, which librdkafka does itself (sasl.oauthbearer.method=oidc)"));
        } else {
            note(v, ImportNoteKind::Unsupported,
                 tr("a Java class (%1); librdkafka cannot load it").arg(shown(v.value)));
        }
    }

    // Java's inline PEM settings have librdkafka twins.
    void inlinePem(Entries &e)
    {
        const std::pair<const char *, const char *> twins[] = {
            {"ssl.truststore.certificates", "ssl.ca.pem"},
            {"ssl.keystore.certificate.chain", "ssl.certificate.pem"},
            {"ssl.keystore.key", "ssl.key.pem"},
        };
        for (const auto &[java, librdkafka] : twins) {
            if (const auto v = e.take(java)) {
                const QString name = QString::fromLatin1(librdkafka);
                keep(name, v->value);
                m_inlinePem = true;
                note(*v, ImportNoteKind::Converted,
                     isSecretKey(name) ? tr("kept as librdkafka's %1, with the secrets").arg(name)
                                       : tr("kept as librdkafka's %1").arg(name));
            }
        }
    }

    // The store's type: as given, else guessed from the file name (`guessed`), else Kafka's default JKS.
    static JavaStore javaStore(const Value &location, const std::optional<Value> &type, bool &guessed)
    {
        guessed = false;
        if (type && !type->value.isEmpty())
            return storeFromName(type->value).value_or(JavaStore::Other);
        const std::optional<JavaStore> guess = storeFromFileName(location.value);
        guessed = guess.has_value();
        return guess.value_or(JavaStore::Jks);
    }

    // A PEM store's file used as it is; a guessed type is worth a look, since Java would have assumed JKS.
    void pemStore(const Value &location, bool guessed, const QString &what)
    {
        if (guessed) {
            note(
                location, ImportNoteKind::Warning,
                tr("%1; no store type given, so PEM after the file name (the Java client would assume JKS)").arg(what));
        } else {
            note(location, ImportNoteKind::Converted, what);
        }
    }

    QString conversionText(const QStringList &commands)
    {
        return QStringLiteral("\n    ") + commands.join(QStringLiteral("\n    ")) + QLatin1Char('\n');
    }

    void unusedStoreKeys(std::initializer_list<const std::optional<Value> *> values, const QString &why)
    {
        for (const std::optional<Value> *v : values) {
            if (*v)
                note(**v, ImportNoteKind::Unsupported, why);
        }
    }

    void truststore(Entries &e)
    {
        const std::optional<Value> location = e.take("ssl.truststore.location");
        const std::optional<Value> type = e.take("ssl.truststore.type");
        const std::optional<Value> password = e.take("ssl.truststore.password");
        if (!location || location->value.isEmpty()) {
            unusedStoreKeys({&location, &type, &password}, tr("no trust store file is named; not used"));
            return;
        }
        bool guessed = false;
        const JavaStore store = javaStore(*location, type, guessed);
        if (store == JavaStore::Pem) {
            p().sslCaFile = location->value;
            pemStore(*location, guessed, tr("the CA file (PEM)"));
            unusedStoreKeys({&password}, tr("a PEM trust store has no password; not kept"));
            return;
        }
        if (store == JavaStore::Other) {
            note(*type, ImportNoteKind::Unsupported,
                 tr("trust store type %1: librdkafka reads CA certificates from PEM files only; export them to PEM "
                    "and choose that file as the CA file")
                     .arg(shown(type->value)));
            return;
        }
        const PemConversion c = truststoreToPem(location->value, storeType(store));
        p().sslCaFile = c.caFile;
        note(*location, ImportNoteKind::Warning,
             tr("a %1 trust store, which librdkafka cannot read. Convert it to PEM (the tools ask for the store's "
                "password):%2The profile's CA file is set to %3, which the last command writes.")
                 .arg(storeTypeName(storeType(store)), conversionText(c.commands), c.caFile));
        unusedStoreKeys({&password}, tr("only needed while converting the trust store; not kept"));
    }

    void keystore(Entries &e)
    {
        const std::optional<Value> location = e.take("ssl.keystore.location");
        const std::optional<Value> type = e.take("ssl.keystore.type");
        const std::optional<Value> password = e.take("ssl.keystore.password");
        if (!location || location->value.isEmpty()) {
            // ssl.keystore.type=PEM goes with the inline key and chain.
            const bool pemInline = m_inlinePem && type && storeFromName(type->value) == JavaStore::Pem;
            if (!pemInline)
                unusedStoreKeys({&location, &type, &password}, tr("no key store file is named; not used"));
            return;
        }
        bool guessed = false;
        const JavaStore store = javaStore(*location, type, guessed);
        if (store == JavaStore::Pem) {
            // Kafka's PEM key store holds the key and the certificate chain in one file; OpenSSL finds each in it.
            p().sslCertificateFile = location->value;
            p().sslKeyFile = location->value;
            pemStore(*location, guessed, tr("the client certificate and key (both in this PEM file)"));
            unusedStoreKeys({&password}, tr("a PEM key store uses ssl.key.password, not this; not kept"));
            return;
        }
        if (store == JavaStore::Other) {
            note(*type, ImportNoteKind::Unsupported,
                 tr("key store type %1: librdkafka reads the client certificate and key from PEM files only")
                     .arg(shown(type->value)));
            return;
        }
        const PemConversion c = keystoreToPem(location->value, storeType(store));
        p().sslCertificateFile = c.certificateFile;
        p().sslKeyFile = c.keyFile;
        QString message =
            tr("a %1 key store, which librdkafka cannot read. Convert it to PEM (the tools ask for the "
               "store's password, and openssl for a pass phrase that protects the key: enter that as "
               "the key password):%2The profile's certificate and key are set to %3 and %4, which "
               "these commands write.")
                .arg(storeTypeName(storeType(store)), conversionText(c.commands), c.certificateFile, c.keyFile);
        if (store == JavaStore::Pkcs12) {
            message += QLatin1Char(' ') + tr("librdkafka can also read the PKCS#12 file itself: set "
                                             "ssl.keystore.location and ssl.keystore.password as extra properties "
                                             "instead.");
        }
        note(*location, ImportNoteKind::Warning, message);
        unusedStoreKeys({&password}, tr("only needed while converting the key store; not kept"));
    }

    void javaRest(const Value &v, Entries &librdkafka)
    {
        const std::optional<JavaKeyKind> kind = javaKeyKind(v.key);
        if (!kind) {
            if (isLibrdkafkaProperty(v.key)) {
                librdkafka.add(v.key, v.value, v.line);
                note(v, ImportNoteKind::Converted, tr("not a Java client property but a librdkafka one; used as such"));
            } else {
                note(v, ImportNoteKind::Unknown, tr("not a Kafka client property; left out"));
            }
            return;
        }
        switch (*kind) {
        case JavaKeyKind::Mapped: // taken before, unless written in a form not read (handled above)
            return;
        case JavaKeyKind::SameInLibrdkafka:
            keep(v.key, v.value);
            note(v, ImportNoteKind::Converted, tr("kept as the librdkafka property of the same name"));
            return;
        case JavaKeyKind::ClientInternal:
            note(v, ImportNoteKind::Unsupported,
                 tr("a setting of the Java client itself; librdkafka has none like it"));
            return;
        case JavaKeyKind::ApplicationSetting:
            note(v, ImportNoteKind::Unsupported,
                 tr("a setting for your applications' consumers or producers; OffsetLens does not use it"));
            return;
        case JavaKeyKind::TlsSetting:
            note(v, ImportNoteKind::Unsupported,
                 tr("a Java TLS setting; librdkafka uses OpenSSL's defaults (its ssl.cipher.suites, ssl.curves.list "
                    "and ssl.sigalgs.list take OpenSSL names, as extra properties)"));
            return;
        case JavaKeyKind::LoginSetting:
            note(v, ImportNoteKind::Unsupported, tr("a setting of the Java client's login; librdkafka logs in itself"));
            return;
        case JavaKeyKind::SocketBuffer:
            note(v, ImportNoteKind::Unsupported,
                 tr("librdkafka's socket.%1 is the closest (0 is the system default); add it as an extra property "
                    "if you need it")
                     .arg(v.key));
            return;
        }
    }

    ProfileImport m_result;
    qsizetype m_droppedNotes = 0;
    bool m_mechanismGiven = false;
    bool m_oidcGiven = false;
    bool m_inlinePem = false;
};

} // namespace

ProfileImport importJavaProperties(const QByteArray &content)
{
    const PropertiesFile file = parseJavaProperties(content);
    Importer importer;
    Entries entries = importer.collect(file);
    Entries fromComments = importer.metadata(file.comments);
    importer.applyJava(entries);
    // What an OffsetLens export could not say in Java's terms (extra librdkafka properties...).
    importer.applyLibrdkafka(fromComments);
    importer.keepLibrdkafkaRest(fromComments);
    return importer.finish();
}

ProfileImport importLibrdkafkaConfig(const QByteArray &content)
{
    const PropertiesFile file = parseLibrdkafkaProperties(content);
    Importer importer;
    Entries entries = importer.collect(file);
    Entries fromComments = importer.metadata(file.comments);
    importer.applyLibrdkafka(entries);
    importer.librdkafkaDefaults();
    importer.keepLibrdkafkaRest(entries);
    importer.applyLibrdkafka(fromComments);
    importer.keepLibrdkafkaRest(fromComments);
    return importer.finish();
}

} // namespace OffsetLens
