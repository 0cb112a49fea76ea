#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// What the user set up to reach one cluster. A plain value: the GUI edits and persists it, kafka/ connects with it.
struct ConnectionProfile
{
    // Stable identity: settings, open sessions and the tree are keyed by it, so renaming a profile loses nothing.
    // Saved profiles get a UUID; the embedded demo is "demo"; an ad-hoc --bootstrap connection is
    // "bootstrap:<servers>".
    QString id;
    QString name;
    QString bootstrapServers;  // "host:port[,host:port...]"
    QStringList pinnedGroups;  // groups to show when the broker cannot list them (ACLs, no ListGroups support)
    QMap<QString, QString> clientProperties; // extra librdkafka properties (security.protocol, sasl.*, ssl.*)
    int requestTimeoutMs = 10000; // per refresh phase; a refresh never waits longer than this for one request
    int refreshIntervalMs = 5000; // auto-refresh; 0 turns it off
    bool isDemo = false;          // the embedded demo cluster: bootstrapServers is filled in when it starts

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

} // namespace OffsetLens
