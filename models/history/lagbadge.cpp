#include "lagbadge.h"

#include "numberformat.h"

#include <QCoreApplication>

namespace OffsetLens {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("LagBadge", text);
}
} // namespace

int GroupBadge::severity() const
{
    int doctor = 0;
    if (findings > 0)
        doctor = worstFinding == FindingSeverity::Error ? 2 : worstFinding == FindingSeverity::Warning ? 1 : 0;
    return std::max({lagHealthSeverity(health), alert ? 1 : 0, doctor});
}

QString GroupBadge::lagText() const
{
    QStringList parts;
    if (health != LagHealth::Ok)
        parts.append(lagHealthName(health));
    if (alert)
        parts.append(tr("alert"));
    return parts.join(QStringLiteral(" · "));
}

QString GroupBadge::findingsText() const
{
    if (findings == 0)
        return QString();
    return findings == 1 ? tr("1 finding") : tr("%1 findings").arg(formatCount(findings));
}

QString GroupBadge::shortText() const
{
    QStringList parts{lagText(), findingsText()};
    parts.removeAll(QString());
    return parts.join(QStringLiteral(" · "));
}

ClusterBadges badgesFor(const ClusterLagStatus &status, const QHash<QString, qint64> &totalLag,
                        const QHash<QString, LagThresholds> &thresholds)
{
    ClusterBadges badges;
    badges.profileId = status.profileId;
    for (auto it = status.groups.cbegin(); it != status.groups.cend(); ++it) {
        const GroupLagStatus &s = it.value();
        GroupBadge b;
        b.health = s.health.health;
        b.healthReason = s.health.reason;
        b.timeLagMs = s.maxTimeLagMs;
        b.timeLagNote = s.timeLagNote;
        const LagThresholds limits = thresholds.value(it.key());
        QStringList alerts;
        const auto lag = totalLag.constFind(it.key());
        if (limits.maxLag && lag != totalLag.cend() && *lag > *limits.maxLag)
            alerts.append(tr("total lag %1 is above the alert threshold of %2")
                              .arg(formatCount(*lag), formatCount(*limits.maxLag)));
        if (limits.maxTimeLagMs && s.maxTimeLagMs && *s.maxTimeLagMs > *limits.maxTimeLagMs)
            alerts.append(tr("time lag %1 is above the alert threshold of %2")
                              .arg(formatDuration(*s.maxTimeLagMs), formatDuration(*limits.maxTimeLagMs)));
        b.alert = !alerts.isEmpty();
        b.alertText = alerts.join(QStringLiteral("; "));
        badges.groups.insert(it.key(), b);
    }
    // Findings arrive sorted (worst first), so the first of a group sets its worst severity.
    badges.findings = status.findings;
    for (const Finding &f : status.findings) {
        if (f.groupId.isEmpty())
            continue;
        GroupBadge &b = badges.groups[f.groupId];
        if (b.findings == 0 || f.severity > b.worstFinding)
            b.worstFinding = f.severity;
        ++b.findings;
        b.findingTitles.append(f.title);
    }
    return badges;
}

} // namespace OffsetLens
