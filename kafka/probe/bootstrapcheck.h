#pragma once

#include "connectionprofile.h"
#include "reachability.h"

#include <QStringList>

#include <atomic>
#include <chrono>

namespace OffsetLens {

// The refresh's look before it asks librdkafka: librdkafka waits out the whole request timeout when no bootstrap
// broker can be reached, even when every one of them refused at once.
struct BootstrapCheck
{
    bool ran = false; // false: the list could not be read (librdkafka reads more forms) or the check was cancelled
    QString failure;  // non-empty: no bootstrap server can be reached, in the probe's words
    ReachabilityReport reach;
};

// Resolves the profile's bootstrap hosts and opens a TCP connection to them (at most about a second each, less
// with a shorter request timeout), stopping at the first that accepts. `failure` is set only when the answer is
// conclusive: every host fails to resolve, refuses or has no route. A timeout is not conclusive.
BootstrapCheck checkBootstrapServers(const ConnectionProfile &profile, const std::atomic_bool &cancelled);

// Plain words for a refresh whose metadata request reached no broker within `timeout`: the most telling of the
// client's error messages, or what the bootstrap check saw (a port that took the connection and then said nothing
// is "did not answer as Kafka"). Empty when none of that says more than librdkafka's own message.
QString explainUnreachableCluster(const ConnectionProfile &profile, std::chrono::milliseconds timeout,
                                  const BootstrapCheck &check, const QStringList &clientMessages);

} // namespace OffsetLens
