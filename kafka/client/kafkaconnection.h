#pragma once

#include "clienthandle.h"
#include "connectionprofile.h"

#include <atomic>
#include <chrono>
#include <mutex>

namespace OffsetLens {

// The librdkafka clients of one connection profile, created on first use and shared by every job of a session
// (librdkafka handles are thread-safe). Owned through std::shared_ptr: running jobs, and the blocking calls they
// left behind, keep it alive. Destroying the clients can block for a second or more (librdkafka joins its broker
// threads), so the last owner must never be the GUI thread: ClusterSession hands its reference to a background
// thread.
class KafkaConnection
{
public:
    // What every client that reads group offsets through the admin API is: a consumer handle with a group of its
    // own that it never joins or commits to (brokers only see it in FindCoordinator), never a producer handle; see
    // client() for the librdkafka crash this avoids.
    static constexpr rd_kafka_type_t kAdminClientType = RD_KAFKA_CONSUMER;
    static QList<ClientProperty> adminClientProperties()
    {
        return {{"group.id", "offsetlens-admin-client"}, {"enable.auto.commit", "false"}};
    }

    enum class Client
    {
        Admin,           // metadata and the admin API (groups, committed offsets, writes)
        ReadUncommitted, // ListOffsets as plain consumers see the log: log start and HW
        ReadCommitted,   // ListOffsets for read_committed consumers: the last stable offset
    };

    explicit KafkaConnection(ConnectionProfile profile);
    ~KafkaConnection();
    KafkaConnection(const KafkaConnection &) = delete;
    KafkaConnection &operator=(const KafkaConnection &) = delete;

    const ConnectionProfile &profile() const { return m_profile; }
    std::chrono::milliseconds requestTimeout() const;

    // The client, created on first use. Null (with a message naming the bad property) when the profile's client
    // properties are invalid; asked again, creation is retried.
    rd_kafka_t *client(Client kind, QString *errorMessage);
    // What librdkafka's error callbacks reported (connection refused, brokers down) since the last clear().
    ClientErrorLog &errorLog() { return m_errorLog; }
    // Serves the error callbacks of the clients created so far.
    void pollErrors();

    // A group coordinator request we stopped waiting for is still in flight inside librdkafka (see
    // kCoordinatorRequestTimeoutMs). librdkafka 2.0.2 aborts the process when such a client is destroyed, so the
    // admin client is then left behind instead.
    void noteCoordinatorRequestLeftBehind() { m_coordinatorRequestLeftBehind = true; }

    // Client settings for a consumer that never joins a group (ListOffsets, message fetches): no group id, no
    // commits, and answers that arrive after the request timeout are dropped by librdkafka itself.
    static QList<ClientProperty> standaloneConsumerProperties(const char *isolationLevel, int requestTimeoutMs);

private:
    const ConnectionProfile m_profile;
    // One error log for all clients: a refresh reports what any of them ran into. Declared before the clients,
    // whose error callbacks point at it.
    ClientErrorLog m_errorLog;
    std::mutex m_mutex;
    ClientPtr m_clients[3];
    std::atomic_bool m_coordinatorRequestLeftBehind{false};
};

} // namespace OffsetLens
