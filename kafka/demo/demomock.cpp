#include "demomock.h"

#include <arpa/inet.h>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace OffsetLens::Demo {

namespace {

using namespace std::chrono_literals;

// librdkafka 2.0.2's mock thread answers a command and only afterwards drains its wake-up pipe. A command posted in
// that window loses its wake-up and sits until the mock's poll() times out a second later. Two defences:
//  - a short pause after each command, so the mock thread is back in poll() before the next one arrives;
//  - a "kicker" that, if a command is still pending after a moment, opens a TCP connection to a mock broker: any
//    socket event wakes the mock thread, which serves its command queue on every wake-up.
void pokeBroker(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr);
    ::close(fd);
}

std::uint16_t firstBrokerPort(rd_kafka_mock_cluster_t *cluster)
{
    // "127.0.0.1:port,127.0.0.1:port,..."
    const std::string servers = rd_kafka_mock_cluster_bootstraps(cluster);
    const auto colon = servers.find(':');
    return colon == std::string::npos ? 0 : static_cast<std::uint16_t>(std::atoi(servers.c_str() + colon + 1));
}

template <typename Command> auto withKicker(rd_kafka_mock_cluster_t *cluster, Command &&command)
{
    const std::uint16_t port = firstBrokerPort(cluster);
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    std::thread kicker([&] {
        std::unique_lock lock(mutex);
        while (!cv.wait_for(lock, 30ms, [&] { return done; }))
            pokeBroker(port);
    });
    auto result = command();
    {
        const std::lock_guard lock(mutex);
        done = true;
    }
    cv.notify_all();
    kicker.join();
    std::this_thread::sleep_for(500us);
    return result;
}

} // namespace

rd_kafka_resp_err_t createMockTopic(rd_kafka_mock_cluster_t *cluster, const std::string &topic, int partitions,
                                    int replicationFactor)
{
    return withKicker(
        cluster, [&] { return rd_kafka_mock_topic_create(cluster, topic.c_str(), partitions, replicationFactor); });
}

void pinMockCoordinator(rd_kafka_mock_cluster_t *cluster, const std::string &groupId, int brokerId)
{
    withKicker(cluster, [&] { return rd_kafka_mock_coordinator_set(cluster, "group", groupId.c_str(), brokerId); });
}

void destroyMockCluster(rd_kafka_mock_cluster_t *cluster)
{
    withKicker(cluster, [&] {
        rd_kafka_mock_cluster_destroy(cluster);
        return 0;
    });
}

} // namespace OffsetLens::Demo
