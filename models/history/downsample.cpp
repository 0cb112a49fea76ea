#include "downsample.h"

namespace OffsetLens {

QList<RetentionPolicy::Tier> RetentionPolicy::defaultTiers()
{
    // About as many points as a chart of that span has room for (6 h at one a minute, 24 h at one per 5 min, 7 days
    // at one per 15 min), and 1,812 refreshes kept at a 5 s refresh: 40% less than one a minute for a whole day.
    constexpr qint64 kMinuteMs = 60LL * 1000;
    constexpr qint64 kHourMs = 60 * kMinuteMs;
    return {{kHourMs, kMinuteMs}, {6 * kHourMs, 5 * kMinuteMs}, {24 * kHourMs, 15 * kMinuteMs}};
}

namespace {

constexpr qsizetype kPastRetention = -2;
constexpr qsizetype kEverySample = -1;

// Which tier applies at `ageMs`: an index into policy.tiers, kEverySample, or kPastRetention. The boundaries are
// exclusive on the old side: a sample exactly `olderThanMs` old still belongs to the finer tier, and one exactly
// `retentionMs` old is still kept. The tiers need not be listed in order.
qsizetype tierFor(const RetentionPolicy &policy, qint64 ageMs)
{
    if (ageMs > policy.retentionMs)
        return kPastRetention;
    qsizetype tier = kEverySample;
    for (qsizetype i = 0; i < policy.tiers.size(); ++i) {
        const RetentionPolicy::Tier &candidate = policy.tiers.at(i);
        if (candidate.olderThanMs < ageMs && (tier < 0 || candidate.olderThanMs > policy.tiers.at(tier).olderThanMs))
            tier = i;
    }
    return tier;
}

// Rounds towards minus infinity, so buckets stay aligned for times before the epoch too.
qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

struct BucketKey
{
    qsizetype tier = kEverySample;
    qint64 bucket = 0;

    friend bool operator==(const BucketKey &, const BucketKey &) = default;
};

} // namespace

qint64 RetentionPolicy::bucketFor(qint64 ageMs) const
{
    const qsizetype tier = tierFor(*this, ageMs);
    if (tier == kPastRetention)
        return -1;
    // A tier with a non-positive width keeps every sample, as samplesToKeep treats it.
    return tier == kEverySample ? 0 : qMax<qint64>(0, tiers.at(tier).bucketMs);
}

QList<qsizetype> samplesToKeep(const QList<qint64> &timesMs, qint64 nowMs, const RetentionPolicy &policy)
{
    // Sorted times put each (tier, bucket) in one contiguous run: the tier only gets finer as the samples get
    // younger, and within a tier the bucket only grows. So a sample survives when the next one is elsewhere.
    const auto keyOf = [&](qsizetype i) {
        const qint64 time = timesMs.at(i);
        const qsizetype tier = tierFor(policy, nowMs - time);
        const qint64 width = tier >= 0 ? policy.tiers.at(tier).bucketMs : 0;
        // A non-positive width would make a tier meaningless; it keeps every sample rather than divide by it.
        if (tier < 0 || width <= 0)
            return BucketKey{tier < 0 ? tier : kEverySample, 0};
        return BucketKey{tier, floorDiv(time, width)};
    };

    QList<qsizetype> kept;
    const qsizetype n = timesMs.size();
    BucketKey next = n > 0 ? keyOf(0) : BucketKey{};
    for (qsizetype i = 0; i < n; ++i) {
        const BucketKey key = next;
        if (i + 1 < n)
            next = keyOf(i + 1);
        if (key.tier == kPastRetention)
            continue;
        if (key.tier == kEverySample || i + 1 == n || !(next == key))
            kept.append(i);
    }
    return kept;
}

} // namespace OffsetLens
