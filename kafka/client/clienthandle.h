#pragma once

#include "connectionprofile.h"

#include <QMutex>
#include <QStringList>

#include "rdkafkaptr.h"

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

QString kafkaErrorText(rd_kafka_resp_err_t err);

} // namespace OffsetLens
