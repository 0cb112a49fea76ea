#pragma once

#include "describe.h"

namespace OffsetLens {

// The same numbers as summarize(describeGroup(snapshot, group)), computed without building the rows. Overview
// models need it for every group of every refresh (200 groups x 200 partitions and more), so it must be cheap.
GroupLagSummary summarizeGroup(const ClusterSnapshot &snapshot, const GroupInfo &group);

// What the overviews (cluster tree, groups table) show of one group. Compared as a whole to decide whether a row
// changed between refreshes.
// A hash of a group's committed offsets: equal while none moved (OffsetMovementTracker compares refreshes by it).
size_t offsetsFingerprint(const GroupInfo &group);

struct GroupOverview
{
    QString groupId;
    GroupState state = GroupState::Unknown;
    GroupSourceKind source = GroupSourceKind::Broker;
    qsizetype members = 0;
    GroupLagSummary summary;
    QString error;
    size_t offsetsFingerprint = 0; // offsetsFingerprint(group): tells whether the committed offsets moved

    static GroupOverview of(const ClusterSnapshot &snapshot, const GroupInfo &group);
    int health() const; // 0 ok, 1 warning (out of range, incomplete lag), 2 error

    friend bool operator==(const GroupOverview &, const GroupOverview &) = default;
};

} // namespace OffsetLens
