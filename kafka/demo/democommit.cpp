#include "democommit.h"

#include "demokafka.h"
#include "numberformat.h"

#include <memory>

namespace OffsetLens::Demo {

namespace {

struct QueueDeleter
{
    void operator()(rd_kafka_queue_t *q) const { rd_kafka_queue_destroy(q); }
};
struct OptionsDeleter
{
    void operator()(rd_kafka_AdminOptions_t *o) const { rd_kafka_AdminOptions_destroy(o); }
};
struct EventDeleter
{
    void operator()(rd_kafka_event_t *e) const { rd_kafka_event_destroy(e); }
};

// First error of one group's result, if any (whole-group error, else per-partition errors).
QString resultError(const rd_kafka_group_result_t *group)
{
    const QString name = QString::fromUtf8(rd_kafka_group_result_name(group));
    if (const rd_kafka_error_t *error = rd_kafka_group_result_error(group))
        return QStringLiteral("%1: %2").arg(name, QString::fromUtf8(rd_kafka_error_string(error)));
    if (const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(group)) {
        for (int i = 0; i < parts->cnt; ++i) {
            if (parts->elems[i].err)
                return QStringLiteral("%1 %2[%3]: %4")
                    .arg(name, QString::fromUtf8(parts->elems[i].topic))
                    .arg(parts->elems[i].partition)
                    .arg(errorText(parts->elems[i].err));
        }
    }
    return {};
}

} // namespace

bool commitGroupOffsets(const std::string &bootstrap, const std::vector<GroupCommit> &commits,
                        std::chrono::milliseconds timeout, QString *error)
{
    if (commits.empty())
        return true;
    Settings settings = commonClientSettings(bootstrap);
    settings.emplace_back("client.id", "offsetlens-demo-admin");
    KafkaHandle admin = createHandle(RD_KAFKA_PRODUCER, settings, {}, error);
    if (!admin)
        return false;

    const std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(admin.get()));
    const std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options(
        rd_kafka_AdminOptions_new(admin.get(), RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS));
    char errstr[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(timeout.count()), errstr, sizeof errstr);

    // librdkafka takes one group per AlterConsumerGroupOffsets call, but any number of calls may be in flight.
    for (const GroupCommit &commit : commits) {
        PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(commit.offsets.size())));
        for (const OffsetToCommit &o : commit.offsets)
            rd_kafka_topic_partition_list_add(list.get(), o.topic.c_str(), o.partition)->offset = o.offset;
        rd_kafka_AlterConsumerGroupOffsets_t *request =
            rd_kafka_AlterConsumerGroupOffsets_new(commit.groupId.c_str(), list.get());
        rd_kafka_AlterConsumerGroupOffsets(admin.get(), &request, 1, options.get(), queue.get());
        rd_kafka_AlterConsumerGroupOffsets_destroy(request);
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout + std::chrono::seconds(1);
    QString firstError;
    std::size_t pending = commits.size();
    while (pending > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            firstError = QStringLiteral("timed out committing offsets for %1")
                             .arg(formatCountOf(qint64(pending), QStringLiteral("group"), QStringLiteral("groups")));
            break;
        }
        const std::unique_ptr<rd_kafka_event_t, EventDeleter> event(
            rd_kafka_queue_poll(queue.get(), static_cast<int>(left.count())));
        if (!event || rd_kafka_event_type(event.get()) != RD_KAFKA_EVENT_ALTERCONSUMERGROUPOFFSETS_RESULT)
            continue;
        --pending;
        if (rd_kafka_event_error(event.get())) {
            if (firstError.isEmpty())
                firstError = QString::fromUtf8(rd_kafka_event_error_string(event.get()));
            continue;
        }
        size_t count = 0;
        const rd_kafka_group_result_t **groups = rd_kafka_AlterConsumerGroupOffsets_result_groups(
            rd_kafka_event_AlterConsumerGroupOffsets_result(event.get()), &count);
        for (size_t i = 0; i < count && firstError.isEmpty(); ++i)
            firstError = resultError(groups[i]);
    }
    if (!firstError.isEmpty() && error)
        *error = QStringLiteral("committing demo offsets: %1").arg(firstError);
    return firstError.isEmpty();
}

QList<TopicPartition> GroupCommit::partitions() const
{
    QList<TopicPartition> result;
    result.reserve(static_cast<qsizetype>(offsets.size()));
    for (const OffsetToCommit &o : offsets)
        result.append({QString::fromStdString(o.topic), o.partition});
    return result;
}

} // namespace OffsetLens::Demo
