#pragma once

#include "snapshot.h"

namespace OffsetLens {

// A refresh that could not read part of the cluster (a broker down, a coordinator slow) would blank what it missed.
// carryForward fills those gaps from the previous snapshot the user saw instead, each value marked with when it
// was really read, so the window keeps showing the last known truth and says how old it is. Only values this
// refresh lacks *and* explains (an error on the partition, the group, or the refresh) are carried; a value the
// cluster now says is gone (a deleted topic, a group without commits) is not. Carried values keep the time they
// were first read, however many refreshes carry them.
//
// Anything that records or acts on a snapshot (lag history, the doctor, reset planning) must see only what the
// refresh read: readByThisRefresh takes the carried values out again, and the groups a partial listing missed
// (GroupInfo::listedAtMs), whose state and members are an earlier refresh's.
void carryForward(const ClusterSnapshot &previous, ClusterSnapshot &current);
ClusterSnapshot readByThisRefresh(const ClusterSnapshot &snapshot);

// The tooltip line of a carried value: what it is and when it was read ("… read at 14:03:05").
QString carriedNote(qint64 fromMs);

// The oldest time a carried value of a partition or a commit was read (ms since the epoch), 0 when none is.
qint64 oldestCarried(qint64 a, qint64 b);

} // namespace OffsetLens
