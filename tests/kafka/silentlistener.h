#pragma once

#include <QList>
#include <QString>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace OffsetLens::Test {

// A loopback port that accepts TCP connections and never says a word: what a client meets at a wrong port. Tests
// that need a cluster which hangs use it; a refused port (127.0.0.1:1) no longer hangs, it fails at once.
class SilentListener
{
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
            ::listen(m_fd, 64) != 0 || ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
            closeListener();
            return;
        }
        m_port = ntohs(address.sin_port);
        // Accepts (so the backlog never fills up) and holds every connection open until the end.
        m_thread = std::thread([this] {
            while (!m_stop) {
                pollfd fd{m_fd, POLLIN, 0};
                if (::poll(&fd, 1, 50) <= 0)
                    continue;
                const int accepted = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (accepted >= 0)
                    m_accepted.append(accepted);
            }
        });
    }

    ~SilentListener()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        for (const int fd : std::as_const(m_accepted))
            ::close(fd);
        closeListener();
    }

    SilentListener(const SilentListener &) = delete;
    SilentListener &operator=(const SilentListener &) = delete;

    bool isValid() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QString bootstrapServers() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    void closeListener()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

    int m_fd = -1;
    quint16 m_port = 0;
    std::atomic_bool m_stop{false};
    std::thread m_thread;
    QList<int> m_accepted; // touched by the accepting thread only, until it is joined
};

} // namespace OffsetLens::Test
