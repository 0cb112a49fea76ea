#pragma once

#include "connectionprofile.h"
#include "snapshot.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <utility>

namespace OffsetLens::Test {

// An in-process librdkafka mock cluster plus the real clients the tests use to fill it: a producer for messages
// and one consumer per group for commits.
class MockCluster
{
public:
    explicit MockCluster(int brokers = 3);
    ~MockCluster();
    MockCluster(const MockCluster &) = delete;
    MockCluster &operator=(const MockCluster &) = delete;

    bool isValid() const { return m_cluster != nullptr; }
    QString bootstrapServers() const;
    // A connection profile for this cluster: no auto-refresh (tests refresh when they want to), id and name `id`.
    ConnectionProfile profile(const QString &id = QStringLiteral("mock"), int requestTimeoutMs = 5000) const;
    rd_kafka_mock_cluster_t *handle() const { return m_cluster; }

    bool createTopic(const QString &name, int partitions, int replicationFactor = 3);
    // Produces `count` messages to one partition with a real producer and waits until they are acknowledged.
    bool produce(const QString &topic, int partition, int count);
    // Produces `count` messages to each listed partition, all in one flush.
    bool produceMany(const QList<std::pair<QString, int>> &partitions, int count);

    struct Commit
    {
        QString topic;
        int partition = 0;
        qint64 offset = 0;
        QString metadata;
    };
    // Commits with a real consumer of `group` (rd_kafka_commit with explicit offsets, synchronous).
    bool commit(const QString &group, const QList<Commit> &commits, QString *error = nullptr);

    // The committed offsets of `group` for `partitions`, as an independent consumer of that group reads them
    // (rd_kafka_committed; it never joins the group): kNoOffset where there is no commit. Empty, with `error`, when
    // the read failed. Tests check what our writer did with this rather than with our own reader.
    QHash<TopicPartition, qint64> committed(const QString &group, const QList<TopicPartition> &partitions,
                                            QString *error = nullptr) const;

    // The next requests of `apiKey` (e.g. 8, OffsetCommit) fail with these errors, one request each, in order.
    void pushRequestErrors(int apiKey, const QList<rd_kafka_resp_err_t> &errors);
    void clearRequestErrors(int apiKey);

    void setBrokerDown(int brokerId);
    void setBrokerUp(int brokerId);
    void setRtt(int brokerId, int rttMs);
    // The mock places leaders at random; tests that depend on who leads what set it.
    bool setLeader(const QString &topic, int partition, int brokerId);

private:
    // A consumer of `group` that never subscribes (commits and reads offsets only); the caller destroys it.
    rd_kafka_t *groupConsumer(const QString &group, QString *error) const;

    rd_kafka_t *m_helper = nullptr;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
    rd_kafka_t *m_producer = nullptr;
};

} // namespace OffsetLens::Test
