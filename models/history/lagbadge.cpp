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
    return std::max(lagHealthSeverity(health), alert ? 1 : 0);
}

QString GroupBadge::shortText() const
{
    QString text = health == LagHealth::Ok ? QString() : lagHealthName(health);
    if (alert)
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("alert");
    return text;
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
    return badges;
}

} // namespace OffsetLens
