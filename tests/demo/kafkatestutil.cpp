#include "kafkatestutil.h"

namespace TestKafka {

Client::Client(const QString &bootstrap, const QString &groupId)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
    if (!groupId.isEmpty())
        rd_kafka_conf_set(conf, "group.id", groupId.toUtf8().constData(), errstr, sizeof errstr);
    m_rk = rd_kafka_new(groupId.isEmpty() ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!m_rk)
        rd_kafka_conf_destroy(conf);
}

Client::~Client()
{
    if (m_rk)
        rd_kafka_destroy(m_rk);
}

Watermarks Client::watermarks(const QString &topic, int partition) const
{
    Watermarks w;
    if (rd_kafka_query_watermark_offsets(m_rk, topic.toUtf8().constData(), partition, &w.low, &w.high, 5000) !=
        RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    return w;
}

QList<std::int64_t> Client::committed(const QString &topic, int partitions) const
{
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), p);
    QList<std::int64_t> result;
    if (rd_kafka_committed(m_rk, list, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        for (int i = 0; i < list->cnt; ++i)
            result.append(list->elems[i].err ? -2 : list->elems[i].offset);
    }
    rd_kafka_topic_partition_list_destroy(list);
    return result;
}

QList<std::pair<QString, int>> Client::topics() const
{
    const rd_kafka_metadata_t *md = nullptr;
    QList<std::pair<QString, int>> result;
    if (rd_kafka_metadata(m_rk, 1, nullptr, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return result;
    for (int i = 0; i < md->topic_cnt; ++i)
        result.append({QString::fromUtf8(md->topics[i].topic), md->topics[i].partition_cnt});
    rd_kafka_metadata_destroy(md);
    return result;
}

} // namespace TestKafka
