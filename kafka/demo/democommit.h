#pragma once

#include "snapshot.h"

#include <QString>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace OffsetLens::Demo {

struct OffsetToCommit
{
    std::string topic;
    std::int32_t partition = 0;
    std::int64_t offset = 0;
};

struct GroupCommit
{
    std::string groupId;
    std::vector<OffsetToCommit> offsets;

    QList<TopicPartition> partitions() const;
};

// Commits offsets for groups that have no live member (that is how the demo creates its Empty groups): one
// OffsetCommit per group, all of them in flight at once on a single admin handle. The mock rejects such commits
// for a group some consumer has joined, so call this before starting that group's consumers.
bool commitGroupOffsets(const std::string &bootstrap, const std::vector<GroupCommit> &commits,
                        std::chrono::milliseconds timeout, QString *error);

} // namespace OffsetLens::Demo
