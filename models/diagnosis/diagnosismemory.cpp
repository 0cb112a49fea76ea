#include "diagnosismemory.h"

#include "diagnosisdetail.h"

#include <limits>

namespace OffsetLens {

namespace {

// What the expiry and vanished-offset rules read from an old sample: whether the group was consuming, whether it
// had commits, and for an idle group its committed values (the clock of a group without a protocol restarts at each
// commit). Two samples with the same run key are interchangeable inside a run.
bool sameRun(const GroupSample &a, const GroupSample &b)
{
    const bool active = DiagnosisDetail::isActive(a);
    if (active != DiagnosisDetail::isActive(b) || a.hasMembers != b.hasMembers || a.state != b.state ||
        a.partitions.isEmpty() != b.partitions.isEmpty())
        return false;
    if (active)
        return true;
    if (a.partitions.size() != b.partitions.size())
        return false;
    for (qsizetype i = 0; i < a.partitions.size(); ++i) {
        if (a.partitions[i].tp != b.partitions[i].tp || a.partitions[i].committed != b.partitions[i].committed)
            return false;
    }
    return true;
}

} // namespace

DiagnosisMemory::DiagnosisMemory()
    : DiagnosisMemory(Limits())
{}

DiagnosisMemory::DiagnosisMemory(Limits limits)
    : m_limits(limits)
{}

void DiagnosisMemory::observe(const QList<GroupSample> &samples, qint64 timeMs)
{
    for (const GroupSample &sample : samples) {
        QList<GroupSample> &list = m_groups[sample.groupId];
        if (!list.isEmpty() && list.constLast().timeMs >= sample.timeMs)
            continue;
        list.append(sample);
        compact(list, sample.timeMs);
    }
    // Groups that stopped having samples (their offsets vanished, or they were deleted) stay as long as a vanished-
    // offset finding is worth showing. Checked once a minute of sample time: a replay feeds one group at a time.
    if (timeMs < m_newestMs + 60 * 1000 && m_newestMs != 0)
        return;
    m_newestMs = std::max(m_newestMs, timeMs);
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        if (it->isEmpty() || timeMs - it->constLast().timeMs > m_limits.forgetAfterMs)
            it = m_groups.erase(it);
        else
            ++it;
    }
}

void DiagnosisMemory::compact(QList<GroupSample> &samples, qint64 newestMs) const
{
    const qint64 windowStart = newestMs - m_limits.windowMs;
    // Inside the window: drop a sample whose neighbours are closer than the spacing when it is the middle of a run.
    // The first and last sample of every run stay, so the times the rules state ("became Empty between ... and ...")
    // are as exact as the refreshes made them. Only the sample before the newest can have become droppable.
    const qsizetype n = samples.size();
    if (n >= 3) {
        const qsizetype i = n - 2;
        if (samples[i - 1].timeMs >= windowStart &&
            samples[i + 1].timeMs - samples[i - 1].timeMs < m_limits.spacingMs && sameRun(samples[i - 1], samples[i]) &&
            sameRun(samples[i], samples[i + 1]))
            samples.removeAt(i);
    }
    // Before the window: keep only the first and last sample of each run, and at most maxOlder of them.
    qsizetype older = 0;
    while (older < samples.size() && samples[older].timeMs < windowStart)
        ++older;
    for (qsizetype i = older - 2; i >= 1; --i) {
        if (sameRun(samples[i - 1], samples[i]) && sameRun(samples[i], samples[i + 1])) {
            samples.removeAt(i);
            --older;
        }
    }
    // Over the limit, the second-oldest go: the oldest is where the history begins, the bound a group that has been
    // idle ever since is stated against ("Empty since before ...").
    if (older > m_limits.maxOlder)
        samples.remove(1, older - m_limits.maxOlder);
}

void DiagnosisMemory::observeHistory(const GroupHistory &history)
{
    for (const GroupSample &sample : history.samples)
        observe({sample}, sample.timeMs);
}

void DiagnosisMemory::mergeOlder(const DiagnosisMemory &older)
{
    for (auto it = older.m_groups.cbegin(); it != older.m_groups.cend(); ++it) {
        QList<GroupSample> &mine = m_groups[it.key()];
        const qint64 firstMine = mine.isEmpty() ? std::numeric_limits<qint64>::max() : mine.constFirst().timeMs;
        QList<GroupSample> merged;
        for (const GroupSample &s : it.value()) {
            if (s.timeMs < firstMine)
                merged.append(s);
        }
        if (merged.isEmpty())
            continue;
        merged += mine;
        mine = std::move(merged);
        compact(mine, mine.constLast().timeMs);
    }
}

QHash<QString, GroupHistory> DiagnosisMemory::histories() const
{
    QHash<QString, GroupHistory> result;
    result.reserve(m_groups.size());
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        GroupHistory history;
        history.groupId = it.key();
        history.subject = HistorySubject::Group;
        history.samples = it.value(); // shared, not copied
        result.insert(it.key(), history);
    }
    return result;
}

qsizetype DiagnosisMemory::sampleCount() const
{
    qsizetype count = 0;
    for (const QList<GroupSample> &samples : m_groups)
        count += samples.size();
    return count;
}

} // namespace OffsetLens
