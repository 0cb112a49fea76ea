#pragma once

#include <QList>
#include <QString>

namespace OffsetLens {

// One entry of a bootstrap.servers list.
struct BootstrapEndpoint
{
    QString entry; // as written, trimmed, e.g. "SSL://kafka-1:9093"
    QString host;  // IPv6 without its brackets
    quint16 port = 0;

    // "kafka-1:9093", "[::1]:9092": how librdkafka names the broker in its messages.
    QString hostPort() const;
    friend bool operator==(const BootstrapEndpoint &, const BootstrapEndpoint &) = default;
};

struct BootstrapList
{
    QList<BootstrapEndpoint> endpoints; // in the order given, duplicates dropped
    QString error;                      // empty when valid; otherwise which entry is wrong and why
    bool isValid() const { return error.isEmpty(); }
};

// Reads librdkafka's bootstrap.servers without touching the network: "host:port[,host:port...]", IPv6 addresses in
// brackets, an optional security-protocol prefix per entry ("SSL://host:port"). A bad entry is named with its
// position, so a long list can be fixed without guessing.
BootstrapList parseBootstrapServers(const QString &servers);

} // namespace OffsetLens
