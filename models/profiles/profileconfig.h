#pragma once

#include "connectionprofile.h"

#include <QByteArray>
#include <QList>
#include <QStringView>

#include <optional>
#include <utility>

namespace OffsetLens {

// One librdkafka property as rd_kafka_conf_set() takes it (the same pair kafka/ calls ClientProperty).
using ProfileProperty = std::pair<QByteArray, QByteArray>;
// librdkafka properties in the order they are to be set. Each property appears once.
using ProfileConfig = QList<ProfileProperty>;

// The librdkafka 2.0.2 properties for `profile`: bootstrap.servers and security.protocol, then only what the
// chosen protocol and SASL mechanism use (no sasl.* for SSL, no ssl.* for plaintext), then the extra
// clientProperties and secrets.secretProperties. An extra property replaces what the profile's fields produced:
// the earlier entry is removed, so the list says what is really set. Empty optional fields are left out and
// librdkafka's defaults apply. Defaults of our own (client.id...) are kafka/'s business and go before this list.
ProfileConfig toClientConfig(const ConnectionProfile &profile);

// The same list for logs and --verbose: every secret value becomes "[hidden]". An empty secret stays empty, which
// shows that it is missing without telling anything about it.
inline constexpr char kHiddenValue[] = "[hidden]";
ProfileConfig redactedConfig(const ProfileConfig &config);

// The name librdkafka stores a property under: its aliases metadata.broker.list and sasl.mechanism are
// bootstrap.servers and sasl.mechanisms.
QByteArrayView canonicalPropertyName(QByteArrayView key);

// Whether a property's value must never be shown or stored with the rest: passwords, secrets, credentials,
// sasl.jaas.config, sasl.oauthbearer.config, an inline private key (ssl.key.pem). Case-insensitive, for
// librdkafka's and the Java client's names alike.
bool isSecretKey(QStringView key);

// librdkafka's spelling: "sasl_ssl", "SCRAM-SHA-256".
QByteArray securityProtocolName(SecurityProtocol protocol);
QByteArray saslMechanismName(SaslMechanism mechanism);
// Case-insensitive, so both librdkafka's "sasl_ssl" and the Java client's "SASL_SSL" are read.
std::optional<SecurityProtocol> parseSecurityProtocol(QStringView text);
std::optional<SaslMechanism> parseSaslMechanism(QStringView text);

} // namespace OffsetLens
