#pragma once

#include "connectionprofile.h"
#include "rdkafkaptr.h"

#include <QMutex>
#include <QStringList>

#include <utility>

namespace OffsetLens {

// What librdkafka's error callback reported, collected from its internal threads. A refresh clears it when it
// starts and turns what arrived meanwhile into snapshot errors ("1/3 brokers are down", connection refused...).
class ClientErrorLog
{
public:
    void add(rd_kafka_resp_err_t err, const QString &reason);
    void clear();
    QStringList messages() const;
    QString lastReason() const; // the most recent reason, e.g. why the bootstrap broker refused the connection

private:
    mutable QMutex m_mutex;
    QStringList m_messages; // distinct messages in arrival order, bounded
    QString m_lastReason;
};

using ClientProperty = std::pair<QByteArray, QByteArray>;

// Creates a librdkafka client for `profile`: our defaults and `extra` first, then the profile's client properties,
// so a user can override anything. Unknown or invalid properties are rejected with a message naming them.
// `errors` (may be null) receives the client's error callbacks and must outlive the client.
ClientPtr createClient(rd_kafka_type_t type, const ConnectionProfile &profile, const QList<ClientProperty> &extra,
                       ClientErrorLog *errors, QString *errorMessage);

// Hears what a client reports the moment it happens, for the connection probe to say precisely what failed:
// every log line (on librdkafka's threads, so it must be quick and thread-safe) and every error (on the thread
// that calls rd_kafka_poll()).
class ClientObserver
{
public:
    virtual ~ClientObserver() = default;
    virtual void clientLog(int level, const char *facility, const char *message) = 0;
    virtual void clientError(int code, const char *reason) = 0;
};

// createClient() for a client whose callbacks go to `observer`, which must outlive the client (also when the
// client is left behind). Such a client also puts each failed check of a broker certificate into words (untrusted
// issuer, expired, hostname mismatch) that librdkafka logs with the certificate's subject and issuer; the verdict
// stays OpenSSL's.
ClientPtr createObservedClient(rd_kafka_type_t type, const ConnectionProfile &profile,
                               const QList<ClientProperty> &extra, ClientObserver *observer, QString *errorMessage);

QString kafkaErrorText(rd_kafka_resp_err_t err);

} // namespace OffsetLens
