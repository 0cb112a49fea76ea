#pragma once

#include "democluster.h"
#include "democommit.h"

#include <QString>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <string>
#include <vector>

namespace OffsetLens::Demo {

class DemoGroupTable;

// Scale mode (benchmarks, tests): topics x partitions with a few messages each, and Empty groups with committed
// offsets spread over those topics. No live traffic.
bool setUpScale(rd_kafka_mock_cluster_t *cluster, const std::string &bootstrap,
                const DemoCluster::ScaleOptions &options, std::uint64_t seed, DemoGroupTable &table, QString *error);

// The groups and their committed offsets, a pure function of the options and the seed; and their entries in the
// group table (the coordinator each is pinned to, every partition it commits).
std::vector<GroupCommit> scaleGroupCommits(const DemoCluster::ScaleOptions &options, std::uint64_t seed);
void declareScaleGroups(const std::vector<GroupCommit> &commits, DemoGroupTable &table);

QString scaleTopicName(int index);
QString scaleGroupName(int index);

} // namespace OffsetLens::Demo
