#include "reachability.h"

#include "connectiondiagnosis.h"
#include "deadline.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ConnectionProbe", text);
}

struct Lookup
{
    bool ok = false;
    QString error;
    QList<AddressAttempt> addresses;
    qint64 elapsedMs = 0;
};

// One getaddrinfo() call. AI_ADDRCONFIG as librdkafka uses it: no IPv6 addresses on a host without IPv6.
Lookup lookUp(const QByteArray &host, int maxAddresses, bool numericOnly)
{
    QElapsedTimer timer;
    timer.start();
    Lookup lookup;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = numericOnly ? AI_NUMERICHOST : AI_ADDRCONFIG;
    addrinfo *found = nullptr;
    const int rc = getaddrinfo(host.constData(), nullptr, &hints, &found);
    lookup.elapsedMs = timer.elapsed();
    if (rc != 0) {
        lookup.error = rc == EAI_SYSTEM ? qt_error_string(errno) : QString::fromLocal8Bit(gai_strerror(rc));
        return lookup;
    }
    for (const addrinfo *ai = found; ai && lookup.addresses.size() < maxAddresses; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
            continue;
        char text[NI_MAXHOST] = {};
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0)
            continue;
        AddressAttempt attempt;
        attempt.address = QString::fromLatin1(text);
        attempt.sockaddr = QByteArray(reinterpret_cast<const char *>(ai->ai_addr), static_cast<int>(ai->ai_addrlen));
        const bool seen = std::any_of(lookup.addresses.cbegin(), lookup.addresses.cend(),
                                      [&](const AddressAttempt &a) { return a.address == attempt.address; });
        if (!seen)
            lookup.addresses.append(attempt);
    }
    freeaddrinfo(found);
    lookup.ok = !lookup.addresses.isEmpty();
    if (!lookup.ok)
        lookup.error = tr("no IPv4 or IPv6 address");
    return lookup;
}

// Look-ups still running when their caller gave up write here; the caller's share keeps it alive for them.
struct PendingLookups
{
    std::mutex mutex;
    std::condition_variable done;
    QHash<QString, Lookup> results;
};

AddressAttempt::Result classify(int error)
{
    switch (error) {
    case 0:
        return AddressAttempt::Result::Accepted;
    case ECONNREFUSED:
        return AddressAttempt::Result::Refused;
    case ETIMEDOUT:
        return AddressAttempt::Result::TimedOut;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
        return AddressAttempt::Result::Unreachable;
    default:
        return AddressAttempt::Result::Failed;
    }
}

void setPort(QByteArray &sockaddrBytes, quint16 port)
{
    auto *generic = reinterpret_cast<sockaddr *>(sockaddrBytes.data());
    if (generic->sa_family == AF_INET && sockaddrBytes.size() >= int(sizeof(sockaddr_in)))
        reinterpret_cast<sockaddr_in *>(generic)->sin_port = htons(port);
    else if (generic->sa_family == AF_INET6 && sockaddrBytes.size() >= int(sizeof(sockaddr_in6)))
        reinterpret_cast<sockaddr_in6 *>(generic)->sin6_port = htons(port);
}

// How to name one address in a message: the configured host:port, plus the address when the host is a name that
// resolved to several.
QString targetName(const EndpointReach &reach, const AddressAttempt &attempt)
{
    const QString hostPort = reach.endpoint.hostPort();
    if (reach.attempts.size() <= 1 || attempt.address == reach.endpoint.host)
        return hostPort;
    return QStringLiteral("%1 (%2)").arg(hostPort, attempt.address);
}

} // namespace

bool EndpointReach::accepted() const
{
    return std::any_of(attempts.cbegin(), attempts.cend(),
                       [](const AddressAttempt &a) { return a.result == AddressAttempt::Result::Accepted; });
}

bool EndpointReach::conclusivelyUnreachable() const
{
    if (resolution == Resolution::Failed)
        return true;
    if (resolution != Resolution::Resolved || attempts.isEmpty())
        return false;
    return std::all_of(attempts.cbegin(), attempts.cend(), [](const AddressAttempt &a) {
        return a.result == AddressAttempt::Result::Refused || a.result == AddressAttempt::Result::Unreachable;
    });
}

QString EndpointReach::problem() const
{
    switch (resolution) {
    case Resolution::NotTried:
        return {};
    case Resolution::Failed:
        return PlainWords::cannotResolve(endpoint.host, resolveError);
    case Resolution::TimedOut:
        return PlainWords::cannotResolve(endpoint.host, tr("the name server did not answer in time"));
    case Resolution::Resolved:
        break;
    }
    if (accepted())
        return {};
    QStringList problems;
    // Several addresses failing the same way are one problem: "nothing listens on localhost:9092".
    const bool allSame = std::all_of(attempts.cbegin(), attempts.cend(), [this](const AddressAttempt &a) {
        return a.result == attempts.constFirst().result;
    });
    for (const AddressAttempt &attempt : attempts) {
        const QString target = allSame ? endpoint.hostPort() : targetName(*this, attempt);
        QString words;
        switch (attempt.result) {
        case AddressAttempt::Result::NotTried:
        case AddressAttempt::Result::Accepted:
            break;
        case AddressAttempt::Result::Refused:
            words = PlainWords::connectionRefused(target);
            break;
        case AddressAttempt::Result::TimedOut:
            words = PlainWords::noAnswer(target);
            break;
        case AddressAttempt::Result::Unreachable:
            words = PlainWords::noRoute(target, attempt.error);
            break;
        case AddressAttempt::Result::Failed:
            words = tr("cannot connect to %1: %2").arg(target, attempt.error);
            break;
        }
        if (!words.isEmpty() && !problems.contains(words))
            problems.append(words);
    }
    return problems.join(QStringLiteral("; "));
}

QList<EndpointReach> resolveEndpoints(const QList<BootstrapEndpoint> &endpoints, const ReachabilityOptions &options,
                                      const std::atomic_bool &cancelled)
{
    QList<EndpointReach> reaches;
    QHash<QString, Lookup> known; // by host: a host listed with two ports is looked up once
    QStringList waitingFor;
    auto pending = std::make_shared<PendingLookups>();
    for (const BootstrapEndpoint &endpoint : endpoints) {
        EndpointReach reach;
        reach.endpoint = endpoint;
        reaches.append(reach);
        const QString &host = endpoint.host;
        if (known.contains(host) || waitingFor.contains(host))
            continue;
        // An IP address needs no name server: convert it here, at once.
        const Lookup numeric = lookUp(host.toUtf8(), options.maxAddressesPerHost, true);
        if (numeric.ok) {
            known.insert(host, numeric);
            continue;
        }
        waitingFor.append(host);
        auto work = [pending, host, max = options.maxAddressesPerHost] {
            const Lookup lookup = lookUp(host.toUtf8(), max, false);
            {
                const std::lock_guard lock(pending->mutex);
                pending->results.insert(host, lookup);
            }
            pending->done.notify_all();
        };
        try {
            // Not a Background thread: it holds no Kafka resources, and a name server that never answers must not
            // hold up the end of the process, which waits for Background threads.
            std::thread(std::move(work)).detach();
        } catch (const std::system_error &) {
            work(); // no thread to be had: resolving here blocks, but still gives an answer
        }
    }

    const Deadline deadline(options.resolveTimeout);
    {
        std::unique_lock lock(pending->mutex);
        while (pending->results.size() < waitingFor.size() && !deadline.expired() && !isCancelled(cancelled))
            pending->done.wait_for(lock, std::chrono::milliseconds(std::max(deadline.sliceMs(50), 1)));
        for (auto it = pending->results.cbegin(); it != pending->results.cend(); ++it)
            known.insert(it.key(), it.value());
    }

    for (EndpointReach &reach : reaches) {
        const auto it = known.constFind(reach.endpoint.host);
        if (it == known.cend()) {
            reach.resolution =
                isCancelled(cancelled) ? EndpointReach::Resolution::NotTried : EndpointReach::Resolution::TimedOut;
            reach.resolveMs = options.resolveTimeout.count();
            continue;
        }
        reach.resolveMs = it->elapsedMs;
        if (!it->ok) {
            reach.resolution = EndpointReach::Resolution::Failed;
            reach.resolveError = it->error;
            continue;
        }
        reach.resolution = EndpointReach::Resolution::Resolved;
        reach.attempts = it->addresses;
        for (AddressAttempt &attempt : reach.attempts)
            setPort(attempt.sockaddr, reach.endpoint.port);
    }
    return reaches;
}

void connectEndpoints(QList<EndpointReach> &endpoints, const ReachabilityOptions &options,
                      const std::atomic_bool &cancelled)
{
    struct Open
    {
        int fd = -1;
        AddressAttempt *attempt = nullptr;
    };
    std::vector<Open> open;
    QElapsedTimer timer;
    timer.start();
    bool anyAccepted = false;
    const auto finish = [&](AddressAttempt &attempt, int error) {
        attempt.result = classify(error);
        attempt.error = error ? qt_error_string(error) : QString();
        attempt.elapsedMs = timer.elapsed();
        anyAccepted = anyAccepted || error == 0;
    };

    for (EndpointReach &reach : endpoints) {
        for (AddressAttempt &attempt : reach.attempts) {
            const auto *address = reinterpret_cast<const sockaddr *>(attempt.sockaddr.constData());
            const int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
            if (fd < 0) {
                finish(attempt, errno);
                continue;
            }
            if (::connect(fd, address, static_cast<socklen_t>(attempt.sockaddr.size())) == 0) {
                finish(attempt, 0);
                ::close(fd);
            } else if (errno == EINPROGRESS) {
                open.push_back({fd, &attempt});
            } else {
                finish(attempt, errno);
                ::close(fd);
            }
        }
    }

    const Deadline deadline(options.connectTimeout);
    while (!open.empty() && !deadline.expired() && !isCancelled(cancelled) &&
           !(options.stopAtFirstAccept && anyAccepted)) {
        std::vector<pollfd> fds;
        fds.reserve(open.size());
        for (const Open &o : open)
            fds.push_back({o.fd, POLLOUT, 0});
        const int ready = ::poll(fds.data(), fds.size(), std::max(deadline.sliceMs(50), 1));
        if (ready <= 0)
            continue;
        std::vector<Open> stillOpen;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents == 0) {
                stillOpen.push_back(open[i]);
                continue;
            }
            int error = 0;
            socklen_t length = sizeof error;
            if (::getsockopt(open[i].fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
                error = errno;
            finish(*open[i].attempt, error);
            ::close(open[i].fd);
        }
        open = std::move(stillOpen);
    }
    // Whatever is still connecting did not answer in time (or we stopped asking).
    const bool timedOut = deadline.expired() && !isCancelled(cancelled) && !(options.stopAtFirstAccept && anyAccepted);
    for (const Open &o : open) {
        if (timedOut) {
            o.attempt->result = AddressAttempt::Result::TimedOut;
            o.attempt->error = qt_error_string(ETIMEDOUT);
            o.attempt->elapsedMs = timer.elapsed();
        }
        ::close(o.fd);
    }
}

bool ReachabilityReport::anyAccepted() const
{
    return std::any_of(endpoints.cbegin(), endpoints.cend(), [](const EndpointReach &e) { return e.accepted(); });
}

bool ReachabilityReport::noneReachable() const
{
    return !cancelled && !endpoints.isEmpty() &&
           std::all_of(endpoints.cbegin(), endpoints.cend(),
                       [](const EndpointReach &e) { return e.conclusivelyUnreachable(); });
}

QString ReachabilityReport::problems() const
{
    QStringList problems;
    for (const EndpointReach &endpoint : endpoints) {
        const QString problem = endpoint.problem();
        if (!problem.isEmpty() && !problems.contains(problem))
            problems.append(problem);
    }
    return problems.join(QStringLiteral("; "));
}

ReachabilityReport checkReachability(const QList<BootstrapEndpoint> &endpoints, const ReachabilityOptions &options,
                                     const std::atomic_bool &cancelled)
{
    ReachabilityReport report;
    report.endpoints = resolveEndpoints(endpoints, options, cancelled);
    if (!isCancelled(cancelled))
        connectEndpoints(report.endpoints, options, cancelled);
    report.cancelled = isCancelled(cancelled);
    return report;
}

} // namespace OffsetLens
