#include "connectiondiagnosis.h"

#include "connectionprofile.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <librdkafka/rdkafka.h>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ConnectionProbe", text);
}

// OpenSSL's X509_V_ERR_* values (a stable ABI); kafka/ does not include OpenSSL's headers for a few numbers.
constexpr int kX509UnableToGetIssuerCert = 2;
constexpr int kX509CertNotYetValid = 9;
constexpr int kX509CertHasExpired = 10;
constexpr int kX509DepthZeroSelfSigned = 18;
constexpr int kX509SelfSignedInChain = 19;
constexpr int kX509UnableToGetIssuerCertLocally = 20;
constexpr int kX509UnableToVerifyLeafSignature = 21;
constexpr int kX509CertUntrusted = 27;
constexpr int kX509HostnameMismatch = 62;
constexpr int kX509IpAddressMismatch = 64;

// The parts of one librdkafka text: which broker it is about, what it says, and the connection state it names.
struct Parsed
{
    QString broker; // "host:port", without a protocol prefix
    QString body;   // the message without the thread tag, broker prefix and "(after ... in state X)" suffix
    QString state;  // "CONNECT", "SSL_HANDSHAKE", "APIVERSION_QUERY"...
};

Parsed parse(const QString &text)
{
    // Log lines start with "[thrd:...]: "; error callbacks do not.
    static const QRegularExpression thread(QStringLiteral("^\\[thrd:[^\\]]*\\]:\\s*"));
    // "ssl://127.0.0.1:9093/bootstrap: ", "kafka-1:9092/1: ", "[::1]:9092/bootstrap: "
    static const QRegularExpression broker(
        QStringLiteral("^(?:[A-Za-z_]+://)?(\\[[0-9A-Fa-f:.%A-Za-z]+\\]:\\d+|[^\\s/\\[]+:\\d+)/[\\w-]+:\\s+"));
    static const QRegularExpression suffix(QStringLiteral(
        "\\s*\\(after -?\\d+ms in state ([A-Z_]+)(?:, \\d+ identical error\\(s\\) suppressed)?\\)\\s*$"));
    Parsed parsed;
    QString body = text.trimmed();
    body.remove(thread);
    if (const QRegularExpressionMatch m = broker.match(body); m.hasMatch()) {
        parsed.broker = m.captured(1);
        body = body.mid(m.capturedEnd());
    }
    if (const QRegularExpressionMatch m = suffix.match(body); m.hasMatch()) {
        parsed.state = m.captured(1);
        body.truncate(m.capturedStart());
    }
    parsed.body = body;
    return parsed;
}

QString hostOf(const QString &hostPort)
{
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    QString host = colon > 0 ? hostPort.left(colon) : hostPort;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    return host;
}

// "/C=DE/O=Acme/CN=kafka-1" (OpenSSL's one-line form) -> "CN=kafka-1": the common name is what people recognise.
QString certificateName(const QString &oneLine)
{
    const QStringList parts = oneLine.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        if (part.startsWith(QLatin1String("CN=")))
            return part;
    }
    return parts.join(QStringLiteral(", "));
}

QString trustSource(const DiagnosisContext &context)
{
    return context.caFile.isEmpty() ? tr("the system's trust store") : tr("CA file %1").arg(context.caFile);
}

Diagnosis make(DiagnosisCategory category, const QString &message, const Parsed &parsed, int code, const QString &raw)
{
    Diagnosis d;
    d.category = category;
    d.broker = parsed.broker;
    d.message = message;
    d.raw = raw;
    d.code = code;
    return d;
}

// One certificate problem, by OpenSSL's verification error. `certificate` describes the certificate, e.g.
// "CN=kafka-1, issued by CN=Corp CA"; it may be empty.
Diagnosis certificateProblem(int x509Error, const QString &certificate, const Parsed &parsed,
                             const DiagnosisContext &context, int code, const QString &raw)
{
    const QString who = parsed.broker.isEmpty() ? tr("the broker") : parsed.broker;
    const QString subject = certificate.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(certificate);
    switch (x509Error) {
    case kX509DepthZeroSelfSigned:
    case kX509SelfSignedInChain:
        return make(DiagnosisCategory::TlsUntrustedCertificate,
                    tr("TLS: the certificate of %1%2 is self-signed, and this profile does not trust it (%3)")
                        .arg(who, subject, trustSource(context)),
                    parsed, code, raw);
    case kX509UnableToGetIssuerCert:
    case kX509UnableToGetIssuerCertLocally:
    case kX509UnableToVerifyLeafSignature:
    case kX509CertUntrusted:
        return make(DiagnosisCategory::TlsUntrustedCertificate,
                    tr("TLS: the certificate of %1%2 is not signed by a CA this profile trusts (%3)")
                        .arg(who, subject, trustSource(context)),
                    parsed, code, raw);
    case kX509CertHasExpired:
        return make(DiagnosisCategory::TlsCertificateExpired,
                    tr("TLS: the certificate of %1%2 has expired").arg(who, subject), parsed, code, raw);
    case kX509CertNotYetValid:
        return make(
            DiagnosisCategory::TlsCertificateNotYetValid,
            tr("TLS: the certificate of %1%2 is not valid yet (is this computer's clock right?)").arg(who, subject),
            parsed, code, raw);
    case kX509HostnameMismatch:
    case kX509IpAddressMismatch:
        return make(DiagnosisCategory::TlsHostnameMismatch,
                    tr("TLS: the certificate of %1%2 is not issued for %3 (hostname mismatch): connect by a name "
                       "the certificate lists")
                        .arg(who, subject, hostOf(who)),
                    parsed, code, raw);
    default:
        break;
    }
    return make(DiagnosisCategory::TlsCertificateRejected,
                tr("TLS: the certificate of %1%2 was rejected (X509 error %3)").arg(who, subject).arg(x509Error),
                parsed, code, raw);
}

// librdkafka's own post-handshake check reports OpenSSL's verification text instead of a number.
int x509ErrorFromText(const QString &reason)
{
    const QString r = reason.toLower();
    if (r.contains(QLatin1String("expired")))
        return kX509CertHasExpired;
    if (r.contains(QLatin1String("not yet valid")))
        return kX509CertNotYetValid;
    if (r.contains(QLatin1String("hostname mismatch")) || r.contains(QLatin1String("ip address mismatch")))
        return kX509HostnameMismatch;
    if (r.contains(QLatin1String("self-signed")) || r.contains(QLatin1String("self signed")))
        return kX509DepthZeroSelfSigned;
    if (r.contains(QLatin1String("local issuer")) || r.contains(QLatin1String("issuer certificate")) ||
        r.contains(QLatin1String("verify the first certificate")))
        return kX509UnableToGetIssuerCertLocally;
    return -1;
}

Diagnosis diagnoseTls(const Parsed &parsed, const DiagnosisContext &context, int code, const QString &raw)
{
    const QString who = parsed.broker.isEmpty() ? tr("the broker") : parsed.broker;
    const QString &body = parsed.body;
    // Written by our certificate check (see createObservedClient) and logged by librdkafka with the certificate.
    static const QRegularExpression callback(QStringLiteral(
        "Certificate \\(subject=(.*), issuer=(.*)\\) verification callback failed: .*X509 error (\\d+)"));
    if (const QRegularExpressionMatch m = callback.match(body); m.hasMatch()) {
        const QString certificate =
            tr("%1, issued by %2").arg(certificateName(m.captured(1)), certificateName(m.captured(2)));
        return certificateProblem(m.captured(3).toInt(), certificate, parsed, context, code, raw);
    }
    static const QRegularExpression postCheck(QStringLiteral("Failed to verify broker certificate: (.*)$"));
    if (const QRegularExpressionMatch m = postCheck.match(body); m.hasMatch()) {
        const int x509Error = x509ErrorFromText(m.captured(1));
        if (x509Error >= 0)
            return certificateProblem(x509Error, QString(), parsed, context, code, raw);
    }
    if (body.contains(QLatin1String("connecting to a PLAINTEXT broker listener")) ||
        body.contains(QLatin1String("wrong version number")) ||
        (body == QLatin1String("Disconnected") && parsed.state == QLatin1String("SSL_HANDSHAKE")))
        return make(DiagnosisCategory::TlsNotOffered,
                    tr("%1 does not speak TLS: it is probably a plaintext listener (security.protocol PLAINTEXT or "
                       "SASL_PLAINTEXT), or TLS is served on another port")
                        .arg(who),
                    parsed, code, raw);
    if (body.contains(QLatin1String("client SSL authentication might be required")) ||
        body.contains(QLatin1String("alert certificate required")))
        return make(
            DiagnosisCategory::TlsClientCertificateRequired,
            tr("TLS: %1 requires a client certificate (mutual TLS): set the profile's certificate and key").arg(who),
            parsed, code, raw);
    if (body.contains(QLatin1String("certificate verify failed")))
        return make(DiagnosisCategory::TlsCertificateRejected,
                    tr("TLS: the certificate of %1 could not be verified: it is not signed by a CA this profile "
                       "trusts (%2), is issued for another host name, or has expired")
                        .arg(who, trustSource(context)),
                    parsed, code, raw);
    static const QRegularExpression handshake(QStringLiteral("SSL handshake failed: (.*)$"));
    const QRegularExpressionMatch m = handshake.match(body);
    return make(DiagnosisCategory::TlsHandshakeFailed,
                tr("TLS handshake with %1 failed: %2").arg(who, m.hasMatch() ? m.captured(1) : body), parsed, code,
                raw);
}

bool isTlsText(const Parsed &parsed, int code)
{
    const QString &body = parsed.body;
    return code == RD_KAFKA_RESP_ERR__SSL || body.contains(QLatin1String("SSL handshake failed")) ||
           body.contains(QLatin1String("verification callback failed")) ||
           body.contains(QLatin1String("Failed to verify broker certificate")) ||
           (body == QLatin1String("Disconnected") && parsed.state == QLatin1String("SSL_HANDSHAKE")) ||
           body.contains(QLatin1String("certificate verify failed"));
}

bool isAuthorizationCode(int code)
{
    return code == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
           code == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED ||
           code == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED ||
           code == RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED ||
           code == RD_KAFKA_RESP_ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED;
}

QString errorName(int code)
{
    return QString::fromUtf8(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(code)));
}

} // namespace

namespace PlainWords {
QString cannotResolve(const QString &host, const QString &reason)
{
    return reason.isEmpty() ? tr("cannot resolve host %1").arg(host)
                            : tr("cannot resolve host %1 (%2)").arg(host, reason);
}
QString connectionRefused(const QString &hostPort)
{
    return tr("connection refused: nothing listens on %1").arg(hostPort);
}
QString noAnswer(const QString &hostPort)
{
    return tr("no answer from %1 (firewall or wrong address)").arg(hostPort);
}
QString noRoute(const QString &hostPort, const QString &reason)
{
    return tr("no route to %1 (%2)").arg(hostPort, reason);
}
QString notKafka(const QString &hostPort, bool usesTls)
{
    if (usesTls)
        return tr("%1 accepted the connection but did not answer the TLS handshake: wrong port, or the listener "
                  "does not use TLS")
            .arg(hostPort);
    return tr("%1 accepted the connection but did not answer as Kafka: wrong port, or the broker expects TLS")
        .arg(hostPort);
}
} // namespace PlainWords

DiagnosisContext DiagnosisContext::forProfile(const ConnectionProfile &profile)
{
    DiagnosisContext context;
    const QMap<QString, QString> &properties = profile.clientProperties;
    QString protocol;
    switch (profile.securityProtocol) {
    case SecurityProtocol::Plaintext:
        protocol = QStringLiteral("plaintext");
        break;
    case SecurityProtocol::Ssl:
        protocol = QStringLiteral("ssl");
        break;
    case SecurityProtocol::SaslPlaintext:
        protocol = QStringLiteral("sasl_plaintext");
        break;
    case SecurityProtocol::SaslSsl:
        protocol = QStringLiteral("sasl_ssl");
        break;
    }
    protocol = properties.value(QStringLiteral("security.protocol"), protocol).trimmed().toLower();
    context.usesTls = protocol == QLatin1String("ssl") || protocol == QLatin1String("sasl_ssl");
    context.usesSasl = protocol.startsWith(QLatin1String("sasl_"));
    context.caFile = properties.value(QStringLiteral("ssl.ca.location"), profile.sslCaFile);
    QString mechanism;
    switch (profile.saslMechanism) {
    case SaslMechanism::Plain:
        mechanism = QStringLiteral("PLAIN");
        break;
    case SaslMechanism::ScramSha256:
        mechanism = QStringLiteral("SCRAM-SHA-256");
        break;
    case SaslMechanism::ScramSha512:
        mechanism = QStringLiteral("SCRAM-SHA-512");
        break;
    case SaslMechanism::OAuthBearer:
        mechanism = QStringLiteral("OAUTHBEARER");
        break;
    case SaslMechanism::Gssapi:
        mechanism = QStringLiteral("GSSAPI");
        break;
    }
    // librdkafka takes both spellings.
    mechanism = properties.value(QStringLiteral("sasl.mechanism"), mechanism);
    context.saslMechanism = properties.value(QStringLiteral("sasl.mechanisms"), mechanism);
    return context;
}

Diagnosis diagnoseClientMessage(int code, const QString &text, const DiagnosisContext &context)
{
    const Parsed parsed = parse(text);
    const QString &body = parsed.body;
    const QString who = parsed.broker.isEmpty() ? tr("the broker") : parsed.broker;
    const auto result = [&](DiagnosisCategory category, const QString &message) {
        return make(category, message, parsed, code, text);
    };

    if (code == RD_KAFKA_RESP_ERR__INTR)
        return result(DiagnosisCategory::Cancelled, tr("cancelled"));

    // Configuration, found while creating the client (our own texts, and librdkafka's for unreadable files).
    if (body.startsWith(QLatin1String("Unknown client property")) ||
        body.startsWith(QLatin1String("Invalid value for client property")))
        return result(DiagnosisCategory::InvalidConfiguration, body);
    static const QRegularExpression fileSetting(QStringLiteral("(ssl\\.[a-z.]+location) failed: (.*)$"));
    if (const QRegularExpressionMatch m = fileSetting.match(body); m.hasMatch())
        return result(DiagnosisCategory::InvalidConfiguration,
                      tr("the file named by %1 cannot be used: %2").arg(m.captured(1), m.captured(2)));

    if (isTlsText(parsed, code))
        return diagnoseTls(parsed, context, code, text);

    // The connection stalled before Kafka answered.
    static const QRegularExpression setupTimeout(QStringLiteral("^Connection setup timed out in state ([A-Z_]+)"));
    if (const QRegularExpressionMatch m = setupTimeout.match(body); m.hasMatch()) {
        const QString state = m.captured(1);
        if (state == QLatin1String("CONNECT"))
            return result(DiagnosisCategory::ConnectTimeout, PlainWords::noAnswer(who));
        if (state == QLatin1String("SSL_HANDSHAKE"))
            return result(DiagnosisCategory::NotKafka, PlainWords::notKafka(who, true));
        if (state == QLatin1String("APIVERSION_QUERY"))
            return result(DiagnosisCategory::NotKafka, PlainWords::notKafka(who, false));
        if (state.startsWith(QLatin1String("AUTH")))
            return result(DiagnosisCategory::Timeout, tr("%1 did not finish SASL authentication in time").arg(who));
        return result(DiagnosisCategory::Timeout, tr("%1 did not finish setting up the connection in time").arg(who));
    }
    if (body.contains(QLatin1String("ApiVersionRequest failed: Local: Timed out")) ||
        body.startsWith(QLatin1String("Timed out ApiVersionRequest")))
        return result(DiagnosisCategory::NotKafka, PlainWords::notKafka(who, context.usesTls));
    if (body.startsWith(QLatin1String("Disconnected while requesting ApiVersion"))) {
        if (body.contains(QLatin1String("connecting to a SSL listener")))
            return result(DiagnosisCategory::TlsExpected,
                          tr("%1 closed the connection when spoken to without TLS: it probably expects TLS "
                             "(security.protocol SSL or SASL_SSL)")
                              .arg(who));
        return result(DiagnosisCategory::NotKafka,
                      tr("%1 closed the connection instead of answering as Kafka: wrong port, or not a Kafka "
                         "listener")
                          .arg(who));
    }

    // SASL.
    if (body.contains(QLatin1String("broker might require SASL authentication")))
        return result(DiagnosisCategory::SaslRequired,
                      tr("%1 closed the connection after the first request: it probably requires SASL "
                         "authentication (security.protocol SASL_PLAINTEXT or SASL_SSL)")
                          .arg(who));
    if (body.contains(QLatin1String("SASL Handshake not supported by broker")))
        return result(DiagnosisCategory::SaslNotEnabled,
                      tr("%1 does not use SASL on this port: connect to its SASL listener, or use a "
                         "security.protocol without SASL")
                          .arg(who));
    static const QRegularExpression mechanism(QStringLiteral(
        "SASL (\\S+) mechanism handshake failed: .*Unsupported SASL mechanism.*broker's supported mechanisms: (.*)$"));
    if (const QRegularExpressionMatch m = mechanism.match(body); m.hasMatch())
        return result(DiagnosisCategory::SaslMechanismRejected,
                      tr("authentication failed: %1 does not offer SASL mechanism %2 (it offers %3)")
                          .arg(who, m.captured(1), m.captured(2)));
    if (code == RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM)
        return result(DiagnosisCategory::SaslMechanismRejected,
                      tr("authentication failed: %1 does not offer SASL mechanism %2")
                          .arg(who, context.saslMechanism.isEmpty() ? tr("(unknown)") : context.saslMechanism));
    static const QRegularExpression authentication(QStringLiteral("^SASL authentication (?:error|failed): (.*)$"));
    if (const QRegularExpressionMatch m = authentication.match(body); m.hasMatch())
        return result(DiagnosisCategory::AuthenticationFailed,
                      tr("authentication failed: %1 rejected the credentials (%2)").arg(who, m.captured(1)));
    if (code == RD_KAFKA_RESP_ERR__AUTHENTICATION || code == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED ||
        body.contains(QLatin1String("OAUTHBEARER token")))
        return result(DiagnosisCategory::AuthenticationFailed, tr("authentication failed: %1").arg(body));

    // Plain network failures, as librdkafka met them.
    static const QRegularExpression resolve(QStringLiteral("^Failed to resolve '(.*):\\d+': (.*)$"));
    if (const QRegularExpressionMatch m = resolve.match(body); m.hasMatch())
        return result(DiagnosisCategory::NameResolution, PlainWords::cannotResolve(m.captured(1), m.captured(2)));
    static const QRegularExpression connect(QStringLiteral("^Connect to (?:ipv[46]#)?(\\S+) failed: (.*)$"));
    if (const QRegularExpressionMatch m = connect.match(body); m.hasMatch()) {
        // Name the broker as configured, and the address tried when it differs ("localhost:9092 ([::1]:9092)").
        const QString address = m.captured(1);
        const QString target = parsed.broker.isEmpty()    ? address
                               : parsed.broker == address ? parsed.broker
                                                          : QStringLiteral("%1 (%2)").arg(parsed.broker, address);
        const QString reason = m.captured(2);
        if (reason.contains(QLatin1String("Connection refused")))
            return result(DiagnosisCategory::ConnectionRefused, PlainWords::connectionRefused(target));
        if (reason.contains(QLatin1String("unreachable")) || reason.contains(QLatin1String("No route")))
            return result(DiagnosisCategory::NoRoute, PlainWords::noRoute(target, reason));
        if (reason.contains(QLatin1String("timed out")))
            return result(DiagnosisCategory::ConnectTimeout, PlainWords::noAnswer(target));
        return result(DiagnosisCategory::Transport, tr("cannot connect to %1: %2").arg(target, reason));
    }
    if (code == RD_KAFKA_RESP_ERR__RESOLVE)
        return result(DiagnosisCategory::NameResolution, PlainWords::cannotResolve(who, body));

    if (isAuthorizationCode(code))
        return result(DiagnosisCategory::AuthorizationDenied,
                      tr("authorization denied (%1): %2").arg(errorName(code), body));
    if (code == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE || code == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION)
        return result(DiagnosisCategory::Unsupported, tr("not supported by this cluster: %1").arg(body));
    if (code == RD_KAFKA_RESP_ERR__TIMED_OUT || code == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT)
        return result(DiagnosisCategory::Timeout, tr("no answer in time (%1)").arg(body));
    if (code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
        body.contains(QLatin1String("brokers are down")) || body.startsWith(QLatin1String("Disconnected")) ||
        body.startsWith(QLatin1String("Receive failed")) || body.startsWith(QLatin1String("Send failed")))
        return result(DiagnosisCategory::Transport, parsed.broker.isEmpty()
                                                        ? tr("the connection failed: %1").arg(body)
                                                        : tr("the connection to %1 failed: %2").arg(who, body));
    return result(DiagnosisCategory::Unknown, body);
}

Diagnosis diagnoseOperationError(ProbeOperation operation, int code, const QString &text, const QString &subject,
                                 const DiagnosisContext &context)
{
    Diagnosis d = diagnoseClientMessage(code, text, context);
    QString action; // what was not allowed, or did not work
    switch (operation) {
    case ProbeOperation::Connect:
        action = tr("connect");
        break;
    case ProbeOperation::DescribeCluster:
        action = code == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED && !subject.isEmpty()
                     ? tr("describe topic %1").arg(subject)
                     : tr("describe the cluster");
        break;
    case ProbeOperation::ListGroups:
        action = tr("list groups");
        break;
    case ProbeOperation::ListOffsets:
        action = subject.isEmpty() ? tr("read log offsets") : tr("read the log offsets of topic %1").arg(subject);
        break;
    case ProbeOperation::FetchCommittedOffsets:
        action = code == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ? tr("read committed offsets of that topic")
                 : subject.isEmpty()                                  ? tr("read committed offsets")
                                     : tr("read the committed offsets of group %1").arg(subject);
        break;
    }
    switch (d.category) {
    case DiagnosisCategory::AuthorizationDenied: {
        // Kafka's ACLs: Describe on the topic (metadata, ListOffsets), on the group (OffsetFetch), on the cluster
        // (ListGroups shows every group only with it).
        QString needs;
        if (code == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
            needs = tr("needs Describe on the topic");
        else if (code == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED)
            needs = tr("needs Describe on the group");
        else if (code == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED)
            needs = tr("needs Describe on the cluster");
        d.message = needs.isEmpty()
                        ? tr("authorization denied: not allowed to %1 (%2)").arg(action, errorName(code))
                        : tr("authorization denied: not allowed to %1 (%2; %3)").arg(action, errorName(code), needs);
        break;
    }
    case DiagnosisCategory::Unsupported:
        d.message = tr("this cluster cannot %1: %2").arg(action, parse(text).body);
        break;
    case DiagnosisCategory::Timeout:
        d.message = tr("no answer in time when trying to %1").arg(action);
        break;
    case DiagnosisCategory::Unknown:
        d.message = tr("could not %1: %2").arg(action, parse(text).body);
        break;
    default:
        break; // a connection problem says the same whatever the request was
    }
    return d;
}

int specificity(DiagnosisCategory category)
{
    switch (category) {
    case DiagnosisCategory::InvalidBootstrap:
        return 100;
    case DiagnosisCategory::InvalidConfiguration:
        return 98;
    case DiagnosisCategory::TlsUntrustedCertificate:
    case DiagnosisCategory::TlsHostnameMismatch:
    case DiagnosisCategory::TlsCertificateExpired:
    case DiagnosisCategory::TlsCertificateNotYetValid:
        return 95;
    case DiagnosisCategory::TlsClientCertificateRequired:
        return 92;
    case DiagnosisCategory::TlsExpected:
    case DiagnosisCategory::TlsNotOffered:
        return 90;
    case DiagnosisCategory::SaslRequired:
    case DiagnosisCategory::SaslNotEnabled:
    case DiagnosisCategory::SaslMechanismRejected:
    case DiagnosisCategory::AuthenticationFailed:
        return 85;
    case DiagnosisCategory::TlsCertificateRejected:
        return 80;
    case DiagnosisCategory::TlsHandshakeFailed:
        return 75;
    case DiagnosisCategory::AuthorizationDenied:
        return 70;
    case DiagnosisCategory::NameResolution:
        return 60;
    case DiagnosisCategory::ConnectionRefused:
    case DiagnosisCategory::NoRoute:
        return 55;
    case DiagnosisCategory::NotKafka:
        return 50;
    case DiagnosisCategory::ConnectTimeout:
        return 45;
    case DiagnosisCategory::Unsupported:
        return 40;
    case DiagnosisCategory::Timeout:
        return 20;
    case DiagnosisCategory::Transport:
        return 10;
    case DiagnosisCategory::Cancelled:
        return 5;
    case DiagnosisCategory::Unknown:
        break;
    }
    return 0;
}

Diagnosis mostTelling(const QList<Diagnosis> &diagnoses)
{
    Diagnosis best;
    int bestScore = -1;
    for (const Diagnosis &d : diagnoses) {
        if (const int score = specificity(d.category); score > bestScore) {
            best = d;
            bestScore = score;
        }
    }
    return best;
}

bool isConnectionFailure(DiagnosisCategory category)
{
    switch (category) {
    case DiagnosisCategory::Unknown:
    case DiagnosisCategory::AuthorizationDenied:
    case DiagnosisCategory::Unsupported:
    case DiagnosisCategory::Timeout:
    case DiagnosisCategory::Cancelled:
        return false;
    default:
        return true;
    }
}

QString categoryKey(DiagnosisCategory category)
{
    switch (category) {
    case DiagnosisCategory::Unknown:
        return QStringLiteral("unknown");
    case DiagnosisCategory::InvalidBootstrap:
        return QStringLiteral("invalid-bootstrap");
    case DiagnosisCategory::InvalidConfiguration:
        return QStringLiteral("invalid-configuration");
    case DiagnosisCategory::NameResolution:
        return QStringLiteral("name-resolution");
    case DiagnosisCategory::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case DiagnosisCategory::NoRoute:
        return QStringLiteral("no-route");
    case DiagnosisCategory::ConnectTimeout:
        return QStringLiteral("connect-timeout");
    case DiagnosisCategory::NotKafka:
        return QStringLiteral("not-kafka");
    case DiagnosisCategory::TlsExpected:
        return QStringLiteral("tls-expected");
    case DiagnosisCategory::TlsNotOffered:
        return QStringLiteral("tls-not-offered");
    case DiagnosisCategory::TlsUntrustedCertificate:
        return QStringLiteral("untrusted-certificate");
    case DiagnosisCategory::TlsHostnameMismatch:
        return QStringLiteral("hostname-mismatch");
    case DiagnosisCategory::TlsCertificateExpired:
        return QStringLiteral("certificate-expired");
    case DiagnosisCategory::TlsCertificateNotYetValid:
        return QStringLiteral("certificate-not-yet-valid");
    case DiagnosisCategory::TlsCertificateRejected:
        return QStringLiteral("certificate-rejected");
    case DiagnosisCategory::TlsClientCertificateRequired:
        return QStringLiteral("client-certificate-required");
    case DiagnosisCategory::TlsHandshakeFailed:
        return QStringLiteral("tls-handshake-failed");
    case DiagnosisCategory::SaslRequired:
        return QStringLiteral("sasl-required");
    case DiagnosisCategory::SaslNotEnabled:
        return QStringLiteral("sasl-not-enabled");
    case DiagnosisCategory::SaslMechanismRejected:
        return QStringLiteral("sasl-mechanism-rejected");
    case DiagnosisCategory::AuthenticationFailed:
        return QStringLiteral("authentication-failed");
    case DiagnosisCategory::AuthorizationDenied:
        return QStringLiteral("authorization-denied");
    case DiagnosisCategory::Unsupported:
        return QStringLiteral("unsupported");
    case DiagnosisCategory::Timeout:
        return QStringLiteral("timeout");
    case DiagnosisCategory::Transport:
        return QStringLiteral("transport");
    case DiagnosisCategory::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

} // namespace OffsetLens
