#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <string>

// Commands to librdkafka's mock cluster, made safe to issue back to back.
namespace OffsetLens::Demo {

rd_kafka_resp_err_t createMockTopic(rd_kafka_mock_cluster_t *cluster, const std::string &topic, int partitions,
                                    int replicationFactor);
void pinMockCoordinator(rd_kafka_mock_cluster_t *cluster, const std::string &groupId, int brokerId);
void destroyMockCluster(rd_kafka_mock_cluster_t *cluster);

} // namespace OffsetLens::Demo
