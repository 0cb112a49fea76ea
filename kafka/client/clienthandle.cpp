#include "clienthandle.h"

#include "kafkalog.h"
#include "profileconfig.h"

#include <algorithm>
#include <cstdio>

namespace OffsetLens {

namespace {
constexpr qsizetype kMaxErrorMessages = 20;

void logCallback(const rd_kafka_t *rk, int level, const char *facility, const char *message)
{
    // librdkafka logs from its own threads; the category is off by default so a GUI user's console stays quiet.
    qCDebug(lcKafka).nospace().noquote() << rd_kafka_name(rk) << " [" << level << "] " << facility << ": " << message;
}

void errorCallback(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    Q_UNUSED(rk)
    const auto code = static_cast<rd_kafka_resp_err_t>(err);
    qCDebug(lcKafka).noquote() << "client error:" << rd_kafka_err2name(code) << reason;
    if (auto *log = static_cast<ClientErrorLog *>(opaque))
        log->add(code, QString::fromUtf8(reason));
}

bool setProperty(rd_kafka_conf_t *conf, const QByteArray &name, const QByteArray &value, QString *errorMessage)
{
    char errstr[512];
    switch (rd_kafka_conf_set(conf, name.constData(), value.constData(), errstr, sizeof errstr)) {
    case RD_KAFKA_CONF_OK:
        return true;
    case RD_KAFKA_CONF_UNKNOWN:
        *errorMessage = QStringLiteral("Unknown client property \"%1\" in the connection profile: %2")
                            .arg(QString::fromUtf8(name), QString::fromUtf8(errstr));
        return false;
    case RD_KAFKA_CONF_INVALID:
        break;
    }
    *errorMessage = QStringLiteral("Invalid value for client property \"%1\": %2")
                        .arg(QString::fromUtf8(name), QString::fromUtf8(errstr));
    return false;
}

// Our defaults, then `extra`, then what the profile sets (its servers, TLS and SASL fields, its secrets, and last its
// extra client properties): later ones win, so a user can override anything.
QList<ClientProperty> clientProperties(const ConnectionProfile &profile, const QList<ClientProperty> &extra)
{
    QList<ClientProperty> properties{
        {"client.id", "offsetlens"},
        {"reconnect.backoff.max.ms", "1000"},
    };
    properties += extra;
    properties += toClientConfig(profile);
    return properties;
}

// Whether this librdkafka was built with `feature` (its builtin.features: "ssl", "sasl_scram", "oidc"...). Debian's
// 2.0.2, for one, is built without libcurl and so without OIDC.
bool hasBuiltinFeature(const QByteArray &feature)
{
    static const QList<QByteArray> features = [] {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        char value[1024] = {};
        size_t size = sizeof value;
        const bool ok = rd_kafka_conf_get(conf, "builtin.features", value, &size) == RD_KAFKA_CONF_OK;
        rd_kafka_conf_destroy(conf);
        return ok ? QByteArray(value).split(',') : QList<QByteArray>();
    }();
    return features.contains(feature);
}

// A profile this librdkafka cannot serve, told before librdkafka's own "not supported in this build" on a property.
bool supportedByThisBuild(const ConnectionProfile &profile, QString *errorMessage)
{
    if (profile.usesSasl() && profile.saslMechanism == SaslMechanism::OAuthBearer && !hasBuiltinFeature("oidc")) {
        *errorMessage = QStringLiteral("This profile signs in with OAUTHBEARER (OIDC client credentials), but the "
                                       "librdkafka %1 this OffsetLens runs with was built without OIDC support "
                                       "(it needs libcurl). Use another SASL mechanism, or a librdkafka built with "
                                       "OIDC.")
                            .arg(QString::fromUtf8(rd_kafka_version_str()));
        return false;
    }
    return true;
}

// A configuration with `properties` set, or null with a message naming the bad one.
rd_kafka_conf_t *makeConf(const QList<ClientProperty> &properties, QString *errorMessage)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (const ClientProperty &property : properties) {
        if (!setProperty(conf, property.first, property.second, errorMessage)) {
            rd_kafka_conf_destroy(conf);
            return nullptr;
        }
    }
    return conf;
}

ClientPtr newClient(rd_kafka_type_t type, rd_kafka_conf_t *conf, QString *errorMessage)
{
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof errstr); // takes conf on success
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        *errorMessage = QStringLiteral("Could not create a Kafka client: %1").arg(QString::fromUtf8(errstr));
        return nullptr;
    }
    return ClientPtr(rk);
}

void observedLogCallback(const rd_kafka_t *rk, int level, const char *facility, const char *message)
{
    logCallback(rk, level, facility, message);
    if (auto *observer = rk ? static_cast<ClientObserver *>(rd_kafka_opaque(rk)) : nullptr)
        observer->clientLog(level, facility, message);
}

void observedErrorCallback(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    Q_UNUSED(rk)
    qCDebug(lcKafka).noquote() << "client error:" << rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)) << reason;
    static_cast<ClientObserver *>(opaque)->clientError(err, reason);
}

// OpenSSL's words for its X509_V_ERR_* codes (stable values; kafka/ does not include OpenSSL's headers).
const char *x509Reason(int x509Error)
{
    switch (x509Error) {
    case 2:
        return "unable to get issuer certificate";
    case 9:
        return "certificate is not yet valid";
    case 10:
        return "certificate has expired";
    case 18:
        return "self-signed certificate";
    case 19:
        return "self-signed certificate in certificate chain";
    case 20:
        return "unable to get local issuer certificate";
    case 21:
        return "unable to verify the first certificate";
    case 23:
        return "certificate revoked";
    case 27:
        return "certificate not trusted";
    case 62:
        return "hostname mismatch";
    case 64:
        return "IP address mismatch";
    default:
        return "certificate verification failed";
    }
}

// Called by librdkafka for each certificate of the broker's chain with OpenSSL's verdict. librdkafka's own failure
// message only says "certificate verify failed"; the words written here are logged by librdkafka together with
// the certificate's subject and issuer, which is what tells an untrusted CA from an expired certificate or a
// hostname mismatch. The verdict is kept exactly: accepted if and only if OpenSSL accepted it.
int certificateCheck(rd_kafka_t *, const char *, int32_t, int *x509Error, int depth, const char *, size_t, char *errstr,
                     size_t errstrSize, void *)
{
    if (*x509Error == 0)
        return 1;
    std::snprintf(errstr, errstrSize, "%s (X509 error %d at depth %d)", x509Reason(*x509Error), *x509Error, depth);
    return 0;
}

// With verification turned off librdkafka still calls the check, and would log its rejection as an error although
// the connection goes ahead: then there is nothing to check.
bool certificateVerificationOff(const QList<ClientProperty> &properties)
{
    bool off = false;
    for (const ClientProperty &property : properties) {
        if (property.first == "enable.ssl.certificate.verification") {
            const QByteArray value = property.second.trimmed().toLower();
            off = value == "false" || value == "0";
        }
    }
    return off;
}
} // namespace

void ClientErrorLog::add(rd_kafka_resp_err_t err, const QString &reason)
{
    Q_UNUSED(err)
    const QMutexLocker lock(&m_mutex);
    m_lastReason = reason;
    if (!m_messages.contains(reason) && m_messages.size() < kMaxErrorMessages)
        m_messages.append(reason);
}

void ClientErrorLog::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_messages.clear();
    m_lastReason.clear();
}

QStringList ClientErrorLog::messages() const
{
    const QMutexLocker lock(&m_mutex);
    return m_messages;
}

QString ClientErrorLog::lastReason() const
{
    const QMutexLocker lock(&m_mutex);
    return m_lastReason;
}

ClientPtr createClient(rd_kafka_type_t type, const ConnectionProfile &profile, const QList<ClientProperty> &extra,
                       ClientErrorLog *errors, QString *errorMessage)
{
    QString ignored;
    if (!errorMessage)
        errorMessage = &ignored;
    if (!supportedByThisBuild(profile, errorMessage))
        return nullptr;
    rd_kafka_conf_t *conf = makeConf(clientProperties(profile, extra), errorMessage);
    if (!conf)
        return nullptr;
    rd_kafka_conf_set_log_cb(conf, logCallback);
    rd_kafka_conf_set_error_cb(conf, errorCallback);
    rd_kafka_conf_set_opaque(conf, errors);
    return newClient(type, conf, errorMessage);
}

ClientPtr createObservedClient(rd_kafka_type_t type, const ConnectionProfile &profile,
                               const QList<ClientProperty> &extra, ClientObserver *observer, QString *errorMessage)
{
    Q_ASSERT(observer);
    QString ignored;
    if (!errorMessage)
        errorMessage = &ignored;
    if (!supportedByThisBuild(profile, errorMessage))
        return nullptr;
    const QList<ClientProperty> properties = clientProperties(profile, extra);
    rd_kafka_conf_t *conf = makeConf(properties, errorMessage);
    if (!conf)
        return nullptr;
    rd_kafka_conf_set_log_cb(conf, observedLogCallback);
    rd_kafka_conf_set_error_cb(conf, observedErrorCallback);
    if (!certificateVerificationOff(properties))
        rd_kafka_conf_set_ssl_cert_verify_cb(conf, certificateCheck);
    rd_kafka_conf_set_opaque(conf, observer);
    return newClient(type, conf, errorMessage);
}

QString kafkaErrorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

} // namespace OffsetLens
