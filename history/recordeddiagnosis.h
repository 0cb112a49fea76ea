#pragma once

#include "diagnosismemory.h"
#include "lagtracker.h"

namespace OffsetLens {

class LagHistoryDatabase;

// The recorded lag history as the offset doctor reads it when it was not running all along (`offsetlens
// doctor`): every group's samples of the last week condensed through a DiagnosisMemory, as the app's lag monitor
// keeps them, and the health tracker replayed over the newest refreshes of the last 15 minutes, as the monitor is
// seeded at start. Feed the live snapshot to both afterwards; then the CLI diagnoses from what the app would.
struct RecordedDiagnosis
{
    DiagnosisMemory memory;
    LagTracker tracker;
    qsizetype groupsRead = 0;
    qint64 oldestMs = 0; // the oldest sample read (0: none)

    explicit RecordedDiagnosis(int healthWindow = 10)
        : tracker(healthWindow)
    {}
};

// Reads `db` (opened by the caller, on this thread) as of `nowMs`.
void readRecordedDiagnosis(const LagHistoryDatabase &db, qint64 nowMs, RecordedDiagnosis &into);

// Just the condensed week into `memory` (the app seeds its monitor's doctor with it). Returns the number of groups
// with samples; `oldestMs` (if given) gets the oldest sample's time, 0 when none.
qsizetype condenseRecordedHistory(const LagHistoryDatabase &db, qint64 nowMs, DiagnosisMemory &memory,
                                  qint64 *oldestMs = nullptr);

} // namespace OffsetLens
