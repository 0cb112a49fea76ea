#include "recordeddiagnosis.h"

#include "laghistorydatabase.h"

namespace OffsetLens {

qsizetype condenseRecordedHistory(const LagHistoryDatabase &db, qint64 nowMs, DiagnosisMemory &memory, qint64 *oldestMs)
{
    constexpr qint64 kWeekMs = 7LL * 24 * 3600 * 1000;
    qsizetype groups = 0;
    qint64 oldest = 0;
    // One group at a time keeps only that group's week in memory; the memory condenses it as it goes.
    for (const QString &groupId : db.groups()) {
        const GroupHistory history = db.load(groupId, nowMs - kWeekMs, nowMs);
        if (history.samples.isEmpty())
            continue;
        ++groups;
        if (oldest == 0 || history.samples.constFirst().timeMs < oldest)
            oldest = history.samples.constFirst().timeMs;
        memory.observeHistory(history);
    }
    if (oldestMs)
        *oldestMs = oldest;
    return groups;
}

void readRecordedDiagnosis(const LagHistoryDatabase &db, qint64 nowMs, RecordedDiagnosis &into)
{
    constexpr qint64 kSeedMs = 15LL * 60 * 1000; // what the monitor replays at start (HistoryController)
    constexpr int kSeedRefreshes = 60;
    into.groupsRead = condenseRecordedHistory(db, nowMs, into.memory, &into.oldestMs);

    // The health verdicts need refreshes in time order across groups, as the monitor saw them.
    const QList<GroupSample> recent = db.recentGroupSamples(nowMs - kSeedMs, kSeedRefreshes);
    qsizetype begin = 0;
    while (begin < recent.size()) {
        qsizetype end = begin;
        while (end < recent.size() && recent[end].timeMs == recent[begin].timeMs)
            ++end;
        into.tracker.observe(recent.mid(begin, end - begin), recent[begin].timeMs);
        begin = end;
    }
}

} // namespace OffsetLens
