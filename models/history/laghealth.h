#pragma once

#include "lagsample.h"

#include <QHash>
#include <QList>
#include <QString>

namespace OffsetLens {

// Burrow's evaluation of a consumer's progress.
enum class LagHealth
{
    Ok,
    Warn,   // lag never went down over the window: the consumer falls behind
    Stop,   // no commit for longer than the window spans: the consumer stopped committing
    Stall,  // commits keep coming, but the offset does not move while there is lag
    Rewind, // the committed offset went back
    Err,    // group level: a partition is STOP, STALL or REWIND
};
QString lagHealthName(LagHealth health); // "OK", "WARN", "STOP", "STALL", "REWIND", "ERR"
int lagHealthSeverity(LagHealth health); // 0 OK, 1 WARN, 2 STOP/STALL/REWIND/ERR: what the views colour by

// One commit as the evaluator sees it.
struct CommitEntry
{
    qint64 offset = 0;
    qint64 timeMs = 0;
    qint64 lag = 0;

    friend bool operator==(const CommitEntry &, const CommitEntry &) = default;
};

// Which rule decided a partition's verdict; HealthVerdict keeps the numbers it names.
enum class HealthWhy : quint8
{
    NotEnoughHistory,     // fewer than two commits
    CaughtUp,             // lag reached 0 in the window
    WentBack,             // REWIND: from `first` to `second`
    NoCommit,             // STOP: silent for `first` ms while the window spans `second` ms
    Stuck,                // STALL: offset `first`, lag `second`
    LagStayed,            // WARN: lag `first` throughout
    LagGrew,              // WARN: lag from `first` to `second`
    LagWentDown,          // OK: lag from `first` to `second` at the last decrease
    TooFewForTrend,       // a trend on fewer commits than the window holds: OK for now
    NoConsumerSinceStart, // STOP from one sample: no member and no commit for `first` ms, lag `second`
};

// A verdict is kept for every committed partition at every refresh (400,000 at 2,000 groups of 200), so it holds
// numbers, not words: reason() writes them out when someone reads it.
struct HealthVerdict
{
    LagHealth health = LagHealth::Ok;
    HealthWhy why = HealthWhy::NotEnoughHistory;
    qint32 commits = 0;    // the commits the rule looked at
    qint32 windowSize = 0; // TooFewForTrend: the commits a trend needs
    qint64 first = 0;
    qint64 second = 0;

    // In plain words, with the numbers: "no commit for 4 min 10 s while the window of 10 commits spans 50 s".
    QString reason() const;

    friend bool operator==(const HealthVerdict &, const HealthVerdict &) = default;
};

// The rules, in Burrow's order, over a window of commits (oldest first): OK unless lag > 0 in every entry; then
// REWIND if an offset is lower than the one before it; STOP if now − last commit > last − first commit time; STALL
// if every offset is the same; WARN if the lag never decreases from one entry to the next; else OK. Fewer than two
// entries: OK with the reason "not enough history yet".
HealthVerdict evaluatePartition(const QList<CommitEntry> &window, qint64 nowMs);

struct PartitionHealth
{
    TopicPartition tp;
    HealthVerdict verdict;
};

struct GroupHealth
{
    QString groupId;
    LagHealth health = LagHealth::Ok;  // the worst partition; STOP, STALL and REWIND show as ERR
    QString reason;                    // the worst partition's reason, naming it; "" when OK
    QList<PartitionHealth> partitions; // by (topic, partition)
};

// Keeps each group's window of commits from successive snapshots and evaluates them. We never see commits, only
// what successive refreshes read, so a "commit" is recorded when the committed offset changed, and, while the group
// has members, also when it did not change for `idleCommitMs` (live consumers commit periodically even when the
// offset does not move — auto.commit.interval.ms is 5 s by default — which is how a stall shows; recording every
// refresh instead would call a consumer that commits every 3 s "stalled" when refreshes come every second). An Empty
// group's unchanged offset adds nothing, which is how a stop shows. A group that
// was already stopped when observation began has a single commit: once a refresh at least two `idleCommitMs` later
// still finds no member, the offset unmoved and lag behind it, that is a STOP too (Burrow would see the old commits;
// we only see the present).
// WARN and STALL, being trends, need a full window; until then such a partition is OK and the reason says why.
class HealthTracker
{
public:
    explicit HealthTracker(int windowSize = 10, qint64 idleCommitMs = 5000);

    void observe(const GroupSample &sample);
    GroupHealth evaluate(const QString &groupId, qint64 nowMs) const;
    QList<CommitEntry> window(const QString &groupId, const TopicPartition &tp) const;
    void forget(const QString &groupId);

private:
    struct Seen
    {
        qint64 timeMs = 0;
        bool hasMembers = false;
    };
    int m_windowSize;
    qint64 m_idleCommitMs;
    QHash<QString, QHash<TopicPartition, QList<CommitEntry>>> m_windows;
    QHash<QString, Seen> m_seen; // the group's latest sample
};

} // namespace OffsetLens
