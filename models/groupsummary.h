#pragma once

#include "describe.h"

namespace OffsetLens {

// The same numbers as summarize(describeGroup(snapshot, group)), computed without building the rows. Overview
// models need it for every group of every refresh (200 groups x 200 partitions and more), so it must be cheap.
GroupLagSummary summarizeGroup(const ClusterSnapshot &snapshot, const GroupInfo &group);

} // namespace OffsetLens
