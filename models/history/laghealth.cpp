#include "laghealth.h"

#include "numberformat.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

namespace OffsetLens {

namespace {

QString commitCount(qsizetype n)
{
    return formatCountOf(n, QStringLiteral("commit"), QStringLiteral("commits"));
}

HealthVerdict verdict(LagHealth health, HealthWhy why, qsizetype commits = 0, qint64 first = 0, qint64 second = 0)
{
    HealthVerdict v;
    v.health = health;
    v.why = why;
    v.commits = qint32(commits);
    v.first = first;
    v.second = second;
    return v;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("LagHealth", text);
}

} // namespace

QString lagHealthName(LagHealth health)
{
    switch (health) {
    case LagHealth::Ok:
        return QStringLiteral("OK");
    case LagHealth::Warn:
        return QStringLiteral("WARN");
    case LagHealth::Stop:
        return QStringLiteral("STOP");
    case LagHealth::Stall:
        return QStringLiteral("STALL");
    case LagHealth::Rewind:
        return QStringLiteral("REWIND");
    case LagHealth::Err:
        return QStringLiteral("ERR");
    }
    return QString();
}

int lagHealthSeverity(LagHealth health)
{
    switch (health) {
    case LagHealth::Ok:
        return 0;
    case LagHealth::Warn:
        return 1;
    case LagHealth::Stop:
    case LagHealth::Stall:
    case LagHealth::Rewind:
    case LagHealth::Err:
        return 2;
    }
    return 0;
}

QString HealthVerdict::reason() const
{
    switch (why) {
    case HealthWhy::NotEnoughHistory:
        return tr("not enough history yet");
    case HealthWhy::CaughtUp:
        return tr("lag reached 0 in the window");
    case HealthWhy::WentBack:
        return tr("committed offset went back from %1 to %2").arg(formatCount(first), formatCount(second));
    case HealthWhy::NoCommit:
        return tr("no commit for %1 while the window of %2 spans %3")
            .arg(formatDuration(first), commitCount(commits), formatDuration(second));
    case HealthWhy::Stuck:
        return tr("offset stuck at %1 with lag %2 over %3")
            .arg(formatCount(first), formatCount(second), commitCount(commits));
    case HealthWhy::LagStayed:
        return tr("lag stayed at %1 over the last %2").arg(formatCount(first), commitCount(commits));
    case HealthWhy::LagGrew:
        return tr("lag grew from %1 to %2 over the last %3")
            .arg(formatCount(first), formatCount(second), commitCount(commits));
    case HealthWhy::LagWentDown:
        return tr("lag went down from %1 to %2 within the last %3")
            .arg(formatCount(first), formatCount(second), commitCount(commits));
    case HealthWhy::TooFewForTrend:
        return tr("%1 of %2 commits seen: too few to judge a trend yet").arg(this->commits).arg(windowSize);
    case HealthWhy::NoConsumerSinceStart:
        // The lag is left out: it is shown beside the reason, and so every partition of the group reads alike.
        return tr("no consumer and no commit since observation began %1 ago").arg(formatDuration(first));
    }
    return QString();
}

HealthVerdict evaluatePartition(const QList<CommitEntry> &window, qint64 nowMs)
{
    const qsizetype n = window.size();
    if (n < 2)
        return verdict(LagHealth::Ok, HealthWhy::NotEnoughHistory, n);

    // A consumer that caught up once in the window is fine, whatever else the window shows.
    for (const CommitEntry &entry : window) {
        if (entry.lag <= 0)
            return verdict(LagHealth::Ok, HealthWhy::CaughtUp, n);
    }

    for (qsizetype i = 1; i < n; ++i) {
        if (window.at(i).offset < window.at(i - 1).offset)
            return verdict(LagHealth::Rewind, HealthWhy::WentBack, n, window.at(i - 1).offset, window.at(i).offset);
    }

    const CommitEntry &first = window.constFirst();
    const CommitEntry &last = window.constLast();
    const qint64 silentMs = nowMs - last.timeMs;
    const qint64 spanMs = last.timeMs - first.timeMs;
    if (silentMs > spanMs)
        return verdict(LagHealth::Stop, HealthWhy::NoCommit, n, silentMs, spanMs);

    const bool stuck = std::all_of(window.cbegin(), window.cend(),
                                   [&first](const CommitEntry &entry) { return entry.offset == first.offset; });
    if (stuck)
        return verdict(LagHealth::Stall, HealthWhy::Stuck, n, first.offset, last.lag);

    qsizetype lastDecrease = -1;
    for (qsizetype i = 1; i < n; ++i) {
        if (window.at(i).lag < window.at(i - 1).lag)
            lastDecrease = i;
    }
    if (lastDecrease < 0) {
        // Never decreasing and equal at both ends means it never changed at all.
        if (first.lag == last.lag)
            return verdict(LagHealth::Warn, HealthWhy::LagStayed, n, last.lag);
        return verdict(LagHealth::Warn, HealthWhy::LagGrew, n, first.lag, last.lag);
    }
    return verdict(LagHealth::Ok, HealthWhy::LagWentDown, n, window.at(lastDecrease - 1).lag,
                   window.at(lastDecrease).lag);
}

HealthTracker::HealthTracker(int windowSize, qint64 idleCommitMs)
    // Every rule compares at least two commits.
    : m_windowSize(windowSize < 2 ? 2 : windowSize)
    , m_idleCommitMs(std::max<qint64>(idleCommitMs, 0))
{}

void HealthTracker::observe(const GroupSample &sample)
{
    QHash<TopicPartition, QList<CommitEntry>> &windows = m_windows[sample.groupId];
    Seen &seen = m_seen[sample.groupId];
    if (sample.timeMs > seen.timeMs)
        seen = Seen{sample.timeMs, sample.hasMembers};
    QSet<TopicPartition> present;
    present.reserve(sample.partitions.size());
    for (const PartitionSample &partition : sample.partitions) {
        present.insert(partition.tp);
        // Without the HW there is no lag, and the rules need the lag of every entry.
        if (partition.committed < 0 || partition.highWatermark < 0)
            continue;
        QList<CommitEntry> &window = windows[partition.tp];
        if (!window.isEmpty()) {
            const CommitEntry &last = window.constLast();
            // A sample seen again (or one older than the window) is not a new commit.
            if (sample.timeMs <= last.timeMs)
                continue;
            if (last.offset == partition.committed &&
                (!sample.hasMembers || sample.timeMs - last.timeMs < m_idleCommitMs))
                continue;
        }
        window.append({partition.committed, sample.timeMs, partition.highWatermark - partition.committed});
        if (window.size() > m_windowSize)
            window.remove(0, window.size() - m_windowSize);
    }
    // A partition the group no longer commits to (offsets deleted, topic removed) has no progress to judge.
    for (auto it = windows.begin(); it != windows.end();) {
        if (present.contains(it.key()))
            ++it;
        else
            it = windows.erase(it);
    }
}

GroupHealth HealthTracker::evaluate(const QString &groupId, qint64 nowMs) const
{
    GroupHealth group;
    group.groupId = groupId;
    const auto found = m_windows.constFind(groupId);
    if (found == m_windows.cend()) {
        group.reason = QStringLiteral("no history for this group yet");
        return group;
    }

    QList<TopicPartition> order = found->keys();
    std::sort(order.begin(), order.end());
    group.partitions.reserve(order.size());
    qsizetype worst = -1;
    const Seen seen = m_seen.value(groupId);
    for (const TopicPartition &tp : order) {
        const QList<CommitEntry> window = found->value(tp);
        HealthVerdict verdict = evaluatePartition(window, nowMs);
        // WARN and STALL are trends: judged on a full window only, as Burrow does, so that two commits a few seconds
        // apart do not make a healthy consumer flicker. STOP and REWIND are facts and count at once.
        if ((verdict.health == LagHealth::Warn || verdict.health == LagHealth::Stall) && window.size() < m_windowSize) {
            verdict = OffsetLens::verdict(LagHealth::Ok, HealthWhy::TooFewForTrend, window.size());
            verdict.windowSize = m_windowSize;
        }
        // Consumers that are starting up have no members and no commits for a few seconds (the broker's initial
        // rebalance delay is 3 s, a join round more), so that is a stop only once it lasted two commit intervals.
        if (window.size() == 1 && !seen.hasMembers && seen.timeMs > window.first().timeMs &&
            seen.timeMs - window.first().timeMs >= 2 * m_idleCommitMs && window.first().lag > 0) {
            verdict = OffsetLens::verdict(LagHealth::Stop, HealthWhy::NoConsumerSinceStart, 1,
                                          nowMs - window.first().timeMs, window.first().lag);
        }
        group.partitions.append({tp, verdict});
        const int severity = lagHealthSeverity(group.partitions.constLast().verdict.health);
        // Strictly worse only: on a tie the first partition in (topic, partition) order names the group's state.
        if (severity > 0 && (worst < 0 || severity > lagHealthSeverity(group.partitions.at(worst).verdict.health)))
            worst = group.partitions.size() - 1;
    }
    if (worst >= 0) {
        const PartitionHealth &partition = group.partitions.at(worst);
        group.health = lagHealthSeverity(partition.verdict.health) >= 2 ? LagHealth::Err : partition.verdict.health;
        group.reason = partitionName(partition.tp) + QStringLiteral(": ") + partition.verdict.reason();
    }
    return group;
}

QList<CommitEntry> HealthTracker::window(const QString &groupId, const TopicPartition &tp) const
{
    const auto found = m_windows.constFind(groupId);
    return found == m_windows.cend() ? QList<CommitEntry>() : found->value(tp);
}

void HealthTracker::forget(const QString &groupId)
{
    m_windows.remove(groupId);
    m_seen.remove(groupId);
}

} // namespace OffsetLens
