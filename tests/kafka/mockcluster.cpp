#include "mockcluster.h"

#include <QByteArray>

#include <cstring>

namespace OffsetLens::Test {

namespace {
void quietLog(const rd_kafka_t *, int, const char *, const char *) {}

rd_kafka_conf_t *baseConf()
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, quietLog);
    return conf;
}

bool set(rd_kafka_conf_t *conf, const char *name, const QByteArray &value)
{
    char errstr[256];
    return rd_kafka_conf_set(conf, name, value.constData(), errstr, sizeof errstr) == RD_KAFKA_CONF_OK;
}
} // namespace

MockCluster::MockCluster(int brokers)
{
    char errstr[256];
    m_helper = rd_kafka_new(RD_KAFKA_PRODUCER, baseConf(), errstr, sizeof errstr);
    if (!m_helper)
        return;
    m_cluster = rd_kafka_mock_cluster_new(m_helper, brokers);
    if (!m_cluster)
        return;
    rd_kafka_conf_t *conf = baseConf();
    set(conf, "bootstrap.servers", bootstrapServers().toUtf8());
    set(conf, "linger.ms", "5");
    m_producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
}

MockCluster::~MockCluster()
{
    if (m_producer)
        rd_kafka_destroy(m_producer);
    if (m_cluster)
        rd_kafka_mock_cluster_destroy(m_cluster);
    if (m_helper)
        rd_kafka_destroy(m_helper);
}

QString MockCluster::bootstrapServers() const
{
    return m_cluster ? QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster)) : QString();
}

ConnectionProfile MockCluster::profile(const QString &id, int requestTimeoutMs) const
{
    ConnectionProfile p;
    p.id = id;
    p.name = id;
    p.bootstrapServers = bootstrapServers();
    p.requestTimeoutMs = requestTimeoutMs;
    p.refreshIntervalMs = 0;
    return p;
}

bool MockCluster::createTopic(const QString &name, int partitions, int replicationFactor)
{
    return rd_kafka_mock_topic_create(m_cluster, name.toUtf8().constData(), partitions, replicationFactor) ==
           RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool MockCluster::produce(const QString &topic, int partition, int count)
{
    return produceMany({{topic, partition}}, count);
}

bool MockCluster::produceMany(const QList<std::pair<QString, int>> &partitions, int count)
{
    static const char payload[] = "offsetlens-test";
    for (const auto &[topic, partition] : partitions) {
        const QByteArray name = topic.toUtf8();
        for (int i = 0; i < count; ++i) {
            // rd_kafka_produceva instead of the producev macros, which expand to C-style casts.
            rd_kafka_vu_t values[4] = {};
            values[0].vtype = RD_KAFKA_VTYPE_TOPIC;
            values[0].u.cstr = name.constData();
            values[1].vtype = RD_KAFKA_VTYPE_PARTITION;
            values[1].u.i32 = partition;
            values[2].vtype = RD_KAFKA_VTYPE_VALUE;
            values[2].u.mem.ptr = const_cast<char *>(payload);
            values[2].u.mem.size = sizeof payload - 1;
            values[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
            values[3].u.i = RD_KAFKA_MSG_F_COPY;
            rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
            for (;;) {
                rd_kafka_error_t *error = rd_kafka_produceva(m_producer, values, 4);
                err = error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
                if (error)
                    rd_kafka_error_destroy(error);
                if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                    break;
                rd_kafka_poll(m_producer, 10);
            }
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
                return false;
        }
    }
    return rd_kafka_flush(m_producer, 30000) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

rd_kafka_t *MockCluster::groupConsumer(const QString &group, QString *error) const
{
    rd_kafka_conf_t *conf = baseConf();
    set(conf, "bootstrap.servers", bootstrapServers().toUtf8());
    set(conf, "group.id", group.toUtf8());
    set(conf, "enable.auto.commit", "false");
    char errstr[256];
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!consumer && error)
        *error = QString::fromUtf8(errstr);
    return consumer;
}

bool MockCluster::commit(const QString &group, const QList<Commit> &commits, QString *error)
{
    rd_kafka_t *consumer = groupConsumer(group, error);
    if (!consumer)
        return false;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(static_cast<int>(commits.size()));
    for (const Commit &c : commits) {
        rd_kafka_topic_partition_t *entry =
            rd_kafka_topic_partition_list_add(list, c.topic.toUtf8().constData(), c.partition);
        entry->offset = c.offset;
        if (!c.metadata.isEmpty()) {
            const QByteArray metadata = c.metadata.toUtf8();
            entry->metadata = rd_kafka_mem_malloc(nullptr, static_cast<size_t>(metadata.size()));
            memcpy(entry->metadata, metadata.constData(), static_cast<size_t>(metadata.size()));
            entry->metadata_size = static_cast<size_t>(metadata.size());
        }
    }
    const rd_kafka_resp_err_t err = rd_kafka_commit(consumer, list, 0);
    bool ok = err == RD_KAFKA_RESP_ERR_NO_ERROR;
    for (int i = 0; ok && i < list->cnt; ++i)
        ok = list->elems[i].err == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!ok && error)
        *error = QString::fromUtf8(rd_kafka_err2str(err));
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(consumer);
    return ok;
}

QHash<TopicPartition, qint64> MockCluster::committed(const QString &group, const QList<TopicPartition> &partitions,
                                                     QString *error) const
{
    QHash<TopicPartition, qint64> offsets;
    rd_kafka_t *consumer = groupConsumer(group, error);
    if (!consumer)
        return offsets;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
    for (const TopicPartition &tp : partitions)
        rd_kafka_topic_partition_list_add(list, tp.topic.toUtf8().constData(), tp.partition);
    const rd_kafka_resp_err_t err = rd_kafka_committed(consumer, list, 10000);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (error)
            *error = QString::fromUtf8(rd_kafka_err2str(err));
    } else {
        for (int i = 0; i < list->cnt; ++i) {
            const rd_kafka_topic_partition_t &entry = list->elems[i];
            if (entry.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                if (error)
                    *error = QString::fromUtf8(rd_kafka_err2str(entry.err));
                offsets.clear();
                break;
            }
            // RD_KAFKA_OFFSET_INVALID (-1001): the group has no commit there.
            offsets.insert({QString::fromUtf8(entry.topic), entry.partition},
                           entry.offset >= 0 ? entry.offset : kNoOffset);
        }
    }
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(consumer);
    return offsets;
}

void MockCluster::pushRequestErrors(int apiKey, const QList<rd_kafka_resp_err_t> &errors)
{
    rd_kafka_mock_push_request_errors_array(m_cluster, static_cast<int16_t>(apiKey), static_cast<size_t>(errors.size()),
                                            errors.constData());
}

void MockCluster::clearRequestErrors(int apiKey)
{
    rd_kafka_mock_clear_request_errors(m_cluster, static_cast<int16_t>(apiKey));
}

void MockCluster::setBrokerDown(int brokerId)
{
    rd_kafka_mock_broker_set_down(m_cluster, brokerId);
}

void MockCluster::setBrokerUp(int brokerId)
{
    rd_kafka_mock_broker_set_up(m_cluster, brokerId);
}

void MockCluster::setRtt(int brokerId, int rttMs)
{
    rd_kafka_mock_broker_set_rtt(m_cluster, brokerId, rttMs);
}

bool MockCluster::setLeader(const QString &topic, int partition, int brokerId)
{
    return rd_kafka_mock_partition_set_leader(m_cluster, topic.toUtf8().constData(), partition, brokerId) ==
           RD_KAFKA_RESP_ERR_NO_ERROR;
}

} // namespace OffsetLens::Test
