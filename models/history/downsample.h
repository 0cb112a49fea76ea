#pragma once

#include <QList>

namespace OffsetLens {

// How long the history keeps what, and at which resolution: every refresh for the last hour, one sample a minute
// for the last 6 hours, one per 5 minutes for the last day, one per 15 minutes up to the retention (7 days by
// default). Older resolutions keep the
// last sample of each bucket: offsets and watermarks only grow, so the bucket's last values are its truth at the
// bucket's end, and lag is derived from them.
struct RetentionPolicy
{
    qint64 retentionMs = 7LL * 24 * 3600 * 1000;
    struct Tier
    {
        qint64 olderThanMs; // samples older than this (relative to now) ...
        qint64 bucketMs;    // ... keep one per bucket of this width
    };
    // Out of line: GCC 12 warns (-Wmaybe-uninitialized, falsely) about an inline initializer list here.
    static QList<Tier> defaultTiers(); // every refresh for an hour, 1/min to 6 h, 1/5 min to a day, then 1/15 min
    QList<Tier> tiers = defaultTiers();

    // The bucket width that applies to a sample of age `ageMs` (0: keep every sample), or -1 when past retention.
    qint64 bucketFor(qint64 ageMs) const;
};

// Which of the sample times (sorted ascending, one series) survive `policy` at `nowMs`: indices into `timesMs`,
// ascending. Within a bucket the last sample survives; buckets are aligned to multiples of their width since the
// epoch, so running this again later keeps what it kept (idempotent) and removes no more than the policy says.
QList<qsizetype> samplesToKeep(const QList<qint64> &timesMs, qint64 nowMs, const RetentionPolicy &policy);

} // namespace OffsetLens
