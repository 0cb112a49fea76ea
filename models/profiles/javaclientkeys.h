#pragma once

#include <QStringView>

#include <optional>

namespace OffsetLens {

// The Java client's configuration keys (Kafka 3.x: common, admin, consumer, producer, SASL and SSL configs), by
// what an import can do with them.
enum class JavaKeyKind
{
    Mapped,             // read into profile fields by the importer (bootstrap.servers, sasl.jaas.config...)
    SameInLibrdkafka,   // librdkafka has a property of the same name and meaning (client.id...)
    ClientInternal,     // the Java client's own mechanics (metrics, DNS lookup, default.api.timeout.ms...)
    ApplicationSetting, // how an application consumes or produces (group.id, serializers, acks...)
    TlsSetting,         // JSSE settings (ssl.protocol, ssl.enabled.protocols, ssl.cipher.suites...)
    LoginSetting,       // login refresh, callback classes, broker-side OAuth validation
    SocketBuffer,       // receive.buffer.bytes and send.buffer.bytes (librdkafka: socket.*.buffer.bytes)
};
std::optional<JavaKeyKind> javaKeyKind(QStringView key);

} // namespace OffsetLens
