#pragma once

#include "diagnosisinput.h"
#include "lagsample.h"

#include <QHash>

namespace OffsetLens {

// The part of a cluster's lag history the doctor needs, kept small enough to run the rules at every refresh of a
// large cluster: the recent samples thinned to one per `spacingMs` for the rate rules, and, further back, only the
// samples where a group's activity or its idle offsets changed (the first and last of each run), for the expiry and
// vanished-offset rules. The app feeds it every refresh on the lag monitor's thread; `offsetlens doctor` feeds it
// the recorded history, so both diagnose from the same condensed view. Pure and single-threaded.
class DiagnosisMemory
{
public:
    struct Limits
    {
        qint64 windowMs = 15LL * 60 * 1000; // DiagnosisThresholds::rateWindowMs: every rate sample lies in here
        qint64 spacingMs = 60LL * 1000;     // at most one sample per this span inside the window (the newest kept)
        qsizetype maxOlder = 24;            // samples kept per group before the window; the oldest go first
        qint64 forgetAfterMs = 7LL * 24 * 3600 * 1000; // a group without samples for this long is forgotten
    };

    DiagnosisMemory();
    explicit DiagnosisMemory(Limits limits);

    // One refresh: the samples of every group with a commit (samplesFromSnapshot), all taken at `timeMs`. Samples
    // not newer than a group's newest are ignored (a replay that overlaps the live refreshes).
    void observe(const QList<GroupSample> &samples, qint64 timeMs);
    // One group's recorded samples (time order), each as its own refresh: replaying a stored history.
    void observeHistory(const GroupHistory &history);
    // Puts `older` (a memory of the recorded history, built while this one already observed live refreshes) before
    // what this one holds: per group, its samples older than this one's first, then this one's.
    void mergeOlder(const DiagnosisMemory &older);
    // Per group id, its condensed samples in time order, for DiagnosisInput::history.
    QHash<QString, GroupHistory> histories() const;
    qsizetype groupCount() const { return m_groups.size(); }
    qsizetype sampleCount() const; // over every group (benchmarks, tests)

private:
    void compact(QList<GroupSample> &samples, qint64 newestMs) const;

    Limits m_limits;
    qint64 m_newestMs = 0; // the newest time a forget pass ran at
    QHash<QString, QList<GroupSample>> m_groups;
};

} // namespace OffsetLens
