#pragma once

#include "bootstrapaddress.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <chrono>

namespace OffsetLens {

// One address a host name resolved to, and what a TCP connection to it did.
struct AddressAttempt
{
    enum class Result
    {
        NotTried,
        Accepted,
        Refused,     // nothing listens: the peer reset the connection at once
        TimedOut,    // no answer at all (a firewall dropping packets, a wrong address)
        Unreachable, // no route to the network or host
        Failed,      // any other socket error
    };
    QString address;     // numeric, e.g. "127.0.0.1" or "::1"
    QByteArray sockaddr; // the address itself (struct sockaddr_in/_in6), for connecting
    Result result = Result::NotTried;
    QString error; // the system's words for a failure
    qint64 elapsedMs = 0;
};

// What the network said about one bootstrap entry.
struct EndpointReach
{
    enum class Resolution
    {
        NotTried,
        Resolved,
        Failed,   // the resolver answered: no such host (or no usable address)
        TimedOut, // the resolver did not answer within the time allowed
    };
    BootstrapEndpoint endpoint;
    Resolution resolution = Resolution::NotTried;
    QString resolveError;
    qint64 resolveMs = 0;
    QList<AddressAttempt> attempts; // one per resolved address (a few at most)

    bool accepted() const; // some address accepted a TCP connection
    // Nothing here can work: the name does not resolve, or every address refused or has no route. A timeout is
    // not conclusive (a slow link may still answer); neither is a resolver that did not answer.
    bool conclusivelyUnreachable() const;
    // Plain words for what failed here (empty when a connection was accepted), e.g.
    // "connection refused: nothing listens on 127.0.0.1:1".
    QString problem() const;
};

struct ReachabilityOptions
{
    std::chrono::milliseconds resolveTimeout{2000};
    std::chrono::milliseconds connectTimeout{1000};
    // Stop at the first accepted connection: enough to know the cluster is worth asking (the refresh's check).
    bool stopAtFirstAccept = false;
    int maxAddressesPerHost = 4;
};

// Resolves every endpoint's host at once, each look-up on a thread of its own that is abandoned when it does not
// answer in time (getaddrinfo cannot be interrupted). Returns when all answered, the time is up or `cancelled`.
QList<EndpointReach> resolveEndpoints(const QList<BootstrapEndpoint> &endpoints, const ReachabilityOptions &options,
                                      const std::atomic_bool &cancelled);

// Opens a non-blocking TCP connection to every resolved address at once and closes it again (nothing is sent),
// waiting at most options.connectTimeout. Fills in each endpoint's attempts.
void connectEndpoints(QList<EndpointReach> &endpoints, const ReachabilityOptions &options,
                      const std::atomic_bool &cancelled);

struct ReachabilityReport
{
    QList<EndpointReach> endpoints;
    bool cancelled = false;

    bool anyAccepted() const;
    // Every endpoint is conclusively unreachable: asking librdkafka would only wait for its timeout.
    bool noneReachable() const;
    // The endpoints' problems in plain words, joined with "; ".
    QString problems() const;
};

// resolveEndpoints() and connectEndpoints(), for callers that only want the verdict.
ReachabilityReport checkReachability(const QList<BootstrapEndpoint> &endpoints, const ReachabilityOptions &options,
                                     const std::atomic_bool &cancelled);

} // namespace OffsetLens
