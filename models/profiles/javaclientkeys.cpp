#include "javaclientkeys.h"

#include <QHash>
#include <QString>

namespace OffsetLens {

namespace {

struct KeyKind
{
    const char *key;
    JavaKeyKind kind;
};

using K = JavaKeyKind;
constexpr KeyKind kKeys[] = {
    // Read by the importer.
    {"bootstrap.servers", K::Mapped},
    {"security.protocol", K::Mapped},
    {"sasl.mechanism", K::Mapped},
    {"sasl.jaas.config", K::Mapped},
    {"sasl.kerberos.service.name", K::Mapped},
    {"sasl.oauthbearer.token.endpoint.url", K::Mapped},
    {"sasl.login.callback.handler.class", K::Mapped},
    {"ssl.truststore.location", K::Mapped},
    {"ssl.truststore.type", K::Mapped},
    {"ssl.truststore.password", K::Mapped},
    {"ssl.truststore.certificates", K::Mapped},
    {"ssl.keystore.location", K::Mapped},
    {"ssl.keystore.type", K::Mapped},
    {"ssl.keystore.password", K::Mapped},
    {"ssl.keystore.key", K::Mapped},
    {"ssl.keystore.certificate.chain", K::Mapped},
    {"ssl.key.password", K::Mapped},
    {"ssl.endpoint.identification.algorithm", K::Mapped},
    {"request.timeout.ms", K::Mapped},
    // The same name and meaning in librdkafka 2.0.2.
    {"client.id", K::SameInLibrdkafka},
    {"client.rack", K::SameInLibrdkafka},
    {"metadata.max.age.ms", K::SameInLibrdkafka},
    {"reconnect.backoff.ms", K::SameInLibrdkafka},
    {"reconnect.backoff.max.ms", K::SameInLibrdkafka},
    {"connections.max.idle.ms", K::SameInLibrdkafka},
    {"socket.connection.setup.timeout.ms", K::SameInLibrdkafka},
    {"sasl.kerberos.min.time.before.relogin", K::SameInLibrdkafka},
    // The Java client's own mechanics.
    {"client.dns.lookup", K::ClientInternal},
    {"default.api.timeout.ms", K::ClientInternal},
    {"metric.reporters", K::ClientInternal},
    {"metrics.num.samples", K::ClientInternal},
    {"metrics.recording.level", K::ClientInternal},
    {"metrics.sample.window.ms", K::ClientInternal},
    {"auto.include.jmx.reporter", K::ClientInternal},
    {"enable.metrics.push", K::ClientInternal},
    {"metadata.recovery.strategy", K::ClientInternal},
    {"retries", K::ClientInternal},
    {"retry.backoff.ms", K::ClientInternal},
    {"retry.backoff.max.ms", K::ClientInternal},
    {"security.providers", K::ClientInternal},
    {"socket.connection.setup.timeout.max.ms", K::ClientInternal},
    {"interceptor.classes", K::ClientInternal},
    // Consumers and producers.
    {"group.id", K::ApplicationSetting},
    {"group.instance.id", K::ApplicationSetting},
    {"group.protocol", K::ApplicationSetting},
    {"group.remote.assignor", K::ApplicationSetting},
    {"session.timeout.ms", K::ApplicationSetting},
    {"heartbeat.interval.ms", K::ApplicationSetting},
    {"partition.assignment.strategy", K::ApplicationSetting},
    {"enable.auto.commit", K::ApplicationSetting},
    {"auto.commit.interval.ms", K::ApplicationSetting},
    {"auto.offset.reset", K::ApplicationSetting},
    {"fetch.min.bytes", K::ApplicationSetting},
    {"fetch.max.bytes", K::ApplicationSetting},
    {"fetch.max.wait.ms", K::ApplicationSetting},
    {"max.partition.fetch.bytes", K::ApplicationSetting},
    {"max.poll.records", K::ApplicationSetting},
    {"max.poll.interval.ms", K::ApplicationSetting},
    {"check.crcs", K::ApplicationSetting},
    {"key.deserializer", K::ApplicationSetting},
    {"value.deserializer", K::ApplicationSetting},
    {"exclude.internal.topics", K::ApplicationSetting},
    {"isolation.level", K::ApplicationSetting},
    {"allow.auto.create.topics", K::ApplicationSetting},
    {"acks", K::ApplicationSetting},
    {"batch.size", K::ApplicationSetting},
    {"buffer.memory", K::ApplicationSetting},
    {"compression.type", K::ApplicationSetting},
    {"delivery.timeout.ms", K::ApplicationSetting},
    {"enable.idempotence", K::ApplicationSetting},
    {"linger.ms", K::ApplicationSetting},
    {"max.block.ms", K::ApplicationSetting},
    {"max.in.flight.requests.per.connection", K::ApplicationSetting},
    {"max.request.size", K::ApplicationSetting},
    {"metadata.max.idle.ms", K::ApplicationSetting},
    {"partitioner.class", K::ApplicationSetting},
    {"partitioner.ignore.keys", K::ApplicationSetting},
    {"partitioner.adaptive.partitioning.enable", K::ApplicationSetting},
    {"partitioner.availability.timeout.ms", K::ApplicationSetting},
    {"key.serializer", K::ApplicationSetting},
    {"value.serializer", K::ApplicationSetting},
    {"transactional.id", K::ApplicationSetting},
    {"transaction.timeout.ms", K::ApplicationSetting},
    // JSSE.
    {"ssl.protocol", K::TlsSetting},
    {"ssl.provider", K::TlsSetting},
    {"ssl.cipher.suites", K::TlsSetting},
    {"ssl.enabled.protocols", K::TlsSetting},
    {"ssl.keymanager.algorithm", K::TlsSetting},
    {"ssl.trustmanager.algorithm", K::TlsSetting},
    {"ssl.secure.random.implementation", K::TlsSetting},
    {"ssl.engine.factory.class", K::TlsSetting},
    // Logins.
    {"sasl.login.class", K::LoginSetting},
    {"sasl.client.callback.handler.class", K::LoginSetting},
    {"sasl.kerberos.kinit.cmd", K::LoginSetting},
    {"sasl.kerberos.ticket.renew.jitter", K::LoginSetting},
    {"sasl.kerberos.ticket.renew.window.factor", K::LoginSetting},
    {"sasl.login.refresh.window.factor", K::LoginSetting},
    {"sasl.login.refresh.window.jitter", K::LoginSetting},
    {"sasl.login.refresh.min.period.seconds", K::LoginSetting},
    {"sasl.login.refresh.buffer.seconds", K::LoginSetting},
    {"sasl.login.connect.timeout.ms", K::LoginSetting},
    {"sasl.login.read.timeout.ms", K::LoginSetting},
    {"sasl.login.retry.backoff.ms", K::LoginSetting},
    {"sasl.login.retry.backoff.max.ms", K::LoginSetting},
    {"sasl.oauthbearer.scope.claim.name", K::LoginSetting},
    {"sasl.oauthbearer.sub.claim.name", K::LoginSetting},
    {"sasl.oauthbearer.jwks.endpoint.url", K::LoginSetting},
    {"sasl.oauthbearer.jwks.endpoint.refresh.ms", K::LoginSetting},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", K::LoginSetting},
    {"sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", K::LoginSetting},
    {"sasl.oauthbearer.clock.skew.seconds", K::LoginSetting},
    {"sasl.oauthbearer.expected.audience", K::LoginSetting},
    {"sasl.oauthbearer.expected.issuer", K::LoginSetting},
    {"sasl.oauthbearer.header.urlencode", K::LoginSetting},
    // Socket buffers.
    {"receive.buffer.bytes", K::SocketBuffer},
    {"send.buffer.bytes", K::SocketBuffer},
};

} // namespace

std::optional<JavaKeyKind> javaKeyKind(QStringView key)
{
    static const QHash<QString, JavaKeyKind> kinds = [] {
        QHash<QString, JavaKeyKind> h;
        for (const KeyKind &k : kKeys)
            h.insert(QString::fromLatin1(k.key), k.kind);
        return h;
    }();
    const auto it = kinds.constFind(key.toString());
    if (it == kinds.cend())
        return std::nullopt;
    return *it;
}

} // namespace OffsetLens
