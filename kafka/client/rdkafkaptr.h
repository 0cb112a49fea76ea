#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

// The one set of owning pointers for librdkafka handles and results, used everywhere in kafka/ (demo included).
namespace OffsetLens {

struct ClientDeleter
{
    // OffsetLens' own consumers never join a group, and the demo's consumers leave theirs only when the whole mock
    // cluster goes away: there is nothing worth a consumer close, which can wait seconds for a rebalance.
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE); }
};
using ClientPtr = std::unique_ptr<rd_kafka_t, ClientDeleter>;

struct QueueDeleter
{
    void operator()(rd_kafka_queue_t *queue) const { rd_kafka_queue_destroy(queue); }
};
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

struct AdminOptionsDeleter
{
    void operator()(rd_kafka_AdminOptions_t *options) const { rd_kafka_AdminOptions_destroy(options); }
};
using AdminOptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter>;

struct EventDeleter
{
    void operator()(rd_kafka_event_t *event) const { rd_kafka_event_destroy(event); }
};
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;

struct PartitionListDeleter
{
    void operator()(rd_kafka_topic_partition_list_t *list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct MessageDeleter
{
    void operator()(rd_kafka_message_t *message) const { rd_kafka_message_destroy(message); }
};
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

struct MetadataDeleter
{
    void operator()(const struct rd_kafka_metadata *metadata) const { rd_kafka_metadata_destroy(metadata); }
};
using MetadataPtr = std::unique_ptr<const struct rd_kafka_metadata, MetadataDeleter>;

} // namespace OffsetLens
