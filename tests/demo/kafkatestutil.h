#pragma once

#include <QList>
#include <QString>

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <utility>

// Plain librdkafka helpers for the demo tests: deliberately independent of the demo's own code, so the tests
// check the cluster the way any Kafka client would see it.
namespace TestKafka {

struct Watermarks
{
    std::int64_t low = -1;
    std::int64_t high = -1;
};

class Client
{
public:
    // groupId empty: a producer-type handle (metadata, watermarks only).
    Client(const QString &bootstrap, const QString &groupId = {});
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    bool isValid() const { return m_rk != nullptr; }
    rd_kafka_t *handle() const { return m_rk; }

    Watermarks watermarks(const QString &topic, int partition) const;
    // Committed offsets of this handle's group (OffsetFetch); -1 where there is none. Empty list on error.
    QList<std::int64_t> committed(const QString &topic, int partitions) const;
    // Partition count per topic name, from one metadata request. Empty on error.
    QList<std::pair<QString, int>> topics() const;

private:
    rd_kafka_t *m_rk = nullptr;
};

} // namespace TestKafka
