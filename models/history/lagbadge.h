#pragma once

#include "finding.h"
#include "lagtracker.h"
#include "numberformat.h"

#include <QHash>
#include <QMetaType>

#include <optional>

namespace OffsetLens {

// A group's own alert thresholds (set by the user, per cluster and group). Unset: no alert on that measure.
struct LagThresholds
{
    std::optional<qint64> maxLag;       // messages (total lag)
    std::optional<qint64> maxTimeLagMs; // the largest time lag

    bool isEmpty() const { return !maxLag && !maxTimeLagMs; }
    friend bool operator==(const LagThresholds &, const LagThresholds &) = default;
};

// What the tree, the groups table and the group panel show about a group's lag over time, in one place so that
// they agree: its health, its time lag, and whether it crossed its thresholds.
struct GroupBadge
{
    LagHealth health = LagHealth::Ok;
    QString healthReason;
    std::optional<qint64> timeLagMs;
    QString timeLagNote;
    bool alert = false;
    QString alertText; // "total lag 12,345 is above the alert threshold of 10,000"
    // The offset doctor's findings for the group: how many, the worst severity, and their titles (worst first).
    qsizetype findings = 0;
    FindingSeverity worstFinding = FindingSeverity::Info;
    QStringList findingTitles;

    // 0 OK, 1 WARN, 2 ERR — an alert counts as at least WARN, a doctor's finding as its own severity (info as 0).
    int severity() const;
    // "WARN", "ERR · alert", "" for OK without alert: the groups table's health column.
    QString lagText() const;
    // "2 findings", "" without any.
    QString findingsText() const;
    // Both: "WARN · 2 findings", the short words the tree's details show.
    QString shortText() const;
    friend bool operator==(const GroupBadge &, const GroupBadge &) = default;
};

struct ClusterBadges
{
    QString profileId;
    QHash<QString, GroupBadge> groups;
    QList<Finding> findings; // the doctor's, for every group (sorted), as the doctor panel shows them
};

// Badges for every group of a status (and every group with a finding), with `totalLag` per group (the snapshot's,
// as the tables show it).
ClusterBadges badgesFor(const ClusterLagStatus &status, const QHash<QString, qint64> &totalLag,
                        const QHash<QString, LagThresholds> &thresholds);

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::ClusterBadges)
