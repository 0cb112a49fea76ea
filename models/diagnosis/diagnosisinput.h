#pragma once

#include "lagsample.h"
#include "lagtracker.h"
#include "snapshot.h"

#include <QDateTime>
#include <QHash>

#include <optional>

namespace OffsetLens {

// The consumer's auto.offset.reset. Brokers never see it (it lives in each client's configuration), so it is
// Unknown unless the user says otherwise; the doctor then shows every outcome.
enum class ResetPolicy
{
    Unknown,
    Earliest, // Java/librdkafka "earliest" ("smallest"), sarama OffsetOldest, kafka-go FirstOffset
    Latest,   // Java/librdkafka "latest" ("largest"), sarama OffsetNewest, kafka-go LastOffset: most defaults
    None,     // Java "none", librdkafka "error": the consumer fails instead of jumping
};

// How the consumers commit; likewise invisible to the brokers.
enum class CommitMode
{
    Unknown,
    Auto,   // enable.auto.commit=true (Java and librdkafka default), every auto.commit.interval.ms
    Manual, // the application commits, usually after processing
};

struct ClientAssumptions
{
    ResetPolicy resetPolicy = ResetPolicy::Unknown;
    CommitMode commitMode = CommitMode::Unknown;
    qint64 autoCommitIntervalMs = 0; // 0: not known (the defaults are said: 5 s Java/librdkafka, 1 s sarama)

    friend bool operator==(const ClientAssumptions &, const ClientAssumptions &) = default;
};

// Where the doctor draws its lines. The defaults are chosen so that an error leaves a working day to act.
struct DiagnosisThresholds
{
    // Offsets of an Empty group expiring within this time: error; within `expiryWarningMs`: warning; later: no
    // finding (once the history says when; without it an info finding says the date is unknown).
    qint64 expiryErrorMs = 24LL * 3600 * 1000;
    qint64 expiryWarningMs = 3LL * 24 * 3600 * 1000;
    // Produce and consume rates are measured over the newest samples of this span of the history...
    qint64 rateWindowMs = 15LL * 60 * 1000;
    // ...and only when the samples used span at least this (two refreshes a second apart say nothing).
    qint64 minRateSpanMs = 60LL * 1000;
    // Lag growing needs the consumers to fall clearly behind: consumed less than (1 - this) of what was produced,
    // and the lag up by at least `minLagGrowth` messages over the span. Commits move in steps (auto-commit every
    // few seconds), so a consumer that keeps up shows small swings either way that are not a trend.
    double minConsumeDeficit = 0.1;
    qint64 minLagGrowth = 100;
    // A consumer that catches up, but needs longer than this, is worth an info finding.
    qint64 slowCatchUpMs = 3600LL * 1000;
};

// Kafka's default offsets.retention.minutes since 2.0 (KIP-186): 7 days.
inline constexpr qint64 kDefaultOffsetsRetentionMinutes = 7LL * 24 * 60;

// Everything the doctor looks at. Only the snapshot is required; every other part makes more rules possible or
// their numbers firmer, and each finding says what it rests on.
struct DiagnosisInput
{
    ClusterSnapshot snapshot;
    // Burrow's verdicts and time lag per group id, from the LagTracker (ClusterLagStatus::groups).
    QHash<QString, GroupLagStatus> lagStatus;
    // The recorded history per group id (samples ascending), from the history store.
    QHash<QString, GroupHistory> history;
    // offsets.retention.minutes, overriding the snapshot's (as DescribeConfigs read it); both unset: the 7-day
    // default is assumed (the text says which).
    std::optional<qint64> offsetsRetentionMinutes;
    ClientAssumptions client;                        // for every group...
    QHash<QString, ClientAssumptions> clientByGroup; // ...unless the user said otherwise for a group
    QDateTime now;                                   // invalid: the snapshot's takenAt
    DiagnosisThresholds thresholds;
    // The last refresh's findings (the lag monitor keeps them). A finding whose partitions read as they did then
    // shares that list instead of holding its own: the old findings are still shown while the new ones are made,
    // and at 2,000 groups of 200 partitions each set is some 100 MB. Does not change what diagnose() returns.
    QList<Finding> previous;

    ClientAssumptions clientFor(const QString &groupId) const { return clientByGroup.value(groupId, client); }
    QDateTime effectiveNow() const { return now.isValid() ? now.toUTC() : snapshot.takenAt.toUTC(); }
    // offsets.retention.minutes: the one given here, else the one the snapshot read, else Kafka's default.
    qint64 retentionMinutes() const
    {
        return offsetsRetentionMinutes.value_or(
            snapshot.offsetsRetentionMinutes.value_or(kDefaultOffsetsRetentionMinutes));
    }
    bool knowsRetention() const { return offsetsRetentionMinutes || snapshot.offsetsRetentionMinutes; }
    const GroupHistory *historyFor(const QString &groupId) const
    {
        const auto it = history.constFind(groupId);
        return it == history.cend() ? nullptr : &*it;
    }
    const GroupLagStatus *lagStatusFor(const QString &groupId) const
    {
        const auto it = lagStatus.constFind(groupId);
        return it == lagStatus.cend() ? nullptr : &*it;
    }
};

} // namespace OffsetLens
