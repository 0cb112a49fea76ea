#pragma once

#include "democluster.h"

#include <QString>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <string>

namespace OffsetLens::Demo {

class DemoGroupTable;

// Scale mode (benchmarks, tests): topics x partitions with a few messages each, and Empty groups with committed
// offsets spread over those topics. No live traffic.
bool setUpScale(rd_kafka_mock_cluster_t *cluster, const std::string &bootstrap,
                const DemoCluster::ScaleOptions &options, std::uint64_t seed, DemoGroupTable &table, QString *error);

QString scaleTopicName(int index);
QString scaleGroupName(int index);

} // namespace OffsetLens::Demo
