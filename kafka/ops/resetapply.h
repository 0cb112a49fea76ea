#pragma once

#include "jobcontext.h"
#include "resetplanner.h"
#include "resetresult.h"

#include <QDateTime>

#include <memory>
#include <optional>

namespace OffsetLens {

class SnapshotFetcher;
class WriteAccess;

// Applies a previewed reset, the one way the dialog and the headless CLI write one. Re-reads the group (and the
// source group of a copy) with `fetcher`, re-plans the previewed request on that fresh data (asking `times` for the
// date-time strategies; may be null otherwise), and writes only when the fresh plan has the same effect as the
// preview and the group may be reset (checkResetAllowed, fed `offsetsLastMoved`). Then writes with the one offset
// writer and reads back. Runs on a job thread; every wait honours the context's cancel flag and request timeout.
// Nothing is written unless the result is Applied, and then the report says per partition what the broker holds.
// When the re-read itself failed or was cancelled, freshPlan is the previewed plan (there is no fresher one).
// A profile that may not write (`access`, null: the connection's profile with production locked) is Refused before
// the re-read, its reason in `permission`; the writer asks again right before sending.
ResetApplyResult applyReset(const JobContext &context, SnapshotFetcher &fetcher, const ResetPlan &previewed,
                            OffsetTimeSource *times, std::optional<QDateTime> offsetsLastMoved,
                            std::shared_ptr<const WriteAccess> access = {});

} // namespace OffsetLens
