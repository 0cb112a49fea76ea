#pragma once

#include <QList>
#include <QString>

namespace OffsetLens {

struct ConnectionProfile;

// What went wrong when talking to a cluster, in terms a user can act on. The connection probe and the refresh
// describe failures through these, so the profile manager, the status bar and the command line say the same thing.
enum class DiagnosisCategory
{
    Unknown,
    InvalidBootstrap,     // the bootstrap list itself is wrong; no network was involved
    InvalidConfiguration, // a client property or a file it names (CA, certificate, key) cannot be used
    NameResolution,       // a host name does not resolve
    ConnectionRefused,    // nothing listens on the port
    NoRoute,              // network or host unreachable
    ConnectTimeout,       // the TCP connection was never answered (firewall, wrong address)
    NotKafka,             // the port accepts connections but does not answer as Kafka
    TlsExpected,          // a plaintext client met a TLS listener
    TlsNotOffered,        // a TLS client met a plaintext listener
    TlsUntrustedCertificate,
    TlsHostnameMismatch,
    TlsCertificateExpired,
    TlsCertificateNotYetValid,
    TlsCertificateRejected, // verification failed, and librdkafka did not say why
    TlsClientCertificateRequired,
    TlsHandshakeFailed, // any other TLS failure
    SaslRequired,       // the listener wants SASL; the profile does not use it
    SaslNotEnabled,     // the profile uses SASL; the listener does not
    SaslMechanismRejected,
    AuthenticationFailed,
    AuthorizationDenied,
    Unsupported, // the cluster does not support the request
    Timeout,
    Transport, // the connection failed and nothing more specific is known
    Cancelled,
};

// What was being done, so that a refusal can name it ("not allowed to list groups").
enum class ProbeOperation
{
    Connect,
    DescribeCluster,
    ListGroups,
    ListOffsets,
    FetchCommittedOffsets,
};

// What the words may refer to beyond the text itself.
struct DiagnosisContext
{
    QString caFile; // the CA file the profile trusts; empty: the system's trust store
    bool usesTls = false;
    bool usesSasl = false;
    QString saslMechanism; // as librdkafka spells it, e.g. "SCRAM-SHA-256"

    // The effective settings: the profile's fields, overridden by its extra client properties as librdkafka sees
    // them (security.protocol, ssl.ca.location, sasl.mechanisms).
    static DiagnosisContext forProfile(const ConnectionProfile &profile);
};

struct Diagnosis
{
    DiagnosisCategory category = DiagnosisCategory::Unknown;
    QString broker;  // "host:port" the failure concerns, when known
    QString message; // plain words, translated
    QString raw;     // what librdkafka said, unchanged
    int code = 0;    // librdkafka's error code (rd_kafka_resp_err_t); 0 for a log line
};

// The classifier, a pure function: one error or log text from librdkafka 2.0.2 (with its error code, 0 for a log
// line) to a category and plain words. Texts it does not recognise keep their own words, minus librdkafka's noise.
Diagnosis diagnoseClientMessage(int code, const QString &text, const DiagnosisContext &context = {});

// A failed request: authorization, support and timeouts in terms of `operation` on `subject` (a topic, a group).
Diagnosis diagnoseOperationError(ProbeOperation operation, int code, const QString &text, const QString &subject = {},
                                 const DiagnosisContext &context = {});

// How well a category explains a failure: among several findings, the highest says most.
int specificity(DiagnosisCategory category);
// The most telling of several (the first of equals); an Unknown diagnosis for an empty list.
Diagnosis mostTelling(const QList<Diagnosis> &diagnoses);
// True for categories that mean the cluster was never reached (as opposed to a refused request).
bool isConnectionFailure(DiagnosisCategory category);
// Stable names for scripts: "connection-refused", "untrusted-certificate"...
QString categoryKey(DiagnosisCategory category);

// The wording shared by the probe's own network checks and the classifier.
namespace PlainWords {
QString cannotResolve(const QString &host, const QString &reason);
QString connectionRefused(const QString &hostPort);
QString noAnswer(const QString &hostPort);
QString noRoute(const QString &hostPort, const QString &reason);
QString notKafka(const QString &hostPort, bool usesTls);
} // namespace PlainWords

} // namespace OffsetLens
