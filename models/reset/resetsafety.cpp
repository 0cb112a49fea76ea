#include "resetsafety.h"

#include "numberformat.h"

namespace OffsetLens {

namespace {

// How recent a move of an Empty group's offsets means "someone is still committing". A consumer committing every
// 5 s (the usual default) shows up within a refresh or two.
constexpr qint64 kRecentMoveMs = 60'000;

QString memberLine(const GroupMember &m)
{
    QStringList about;
    if (!m.clientId.isEmpty())
        about.append(QStringLiteral("client id %1").arg(m.clientId));
    if (!m.host.isEmpty())
        about.append(QStringLiteral("host %1").arg(m.host));
    QString line = m.memberId.isEmpty() ? QStringLiteral("(member without id)") : m.memberId;
    if (!about.isEmpty())
        line += QStringLiteral(" (") + about.join(QStringLiteral(", ")) + QLatin1Char(')');
    return line + QStringLiteral(": ") +
           formatCountOf(m.assignment.size(), QStringLiteral("partition"), QStringLiteral("partitions"));
}

} // namespace

ResetPermission checkResetAllowed(const QString &groupId, const GroupInfo *group,
                                  std::optional<QDateTime> offsetsLastMoved, const QDateTime &now)
{
    ResetPermission permission;
    if (!group) {
        permission.allowed = true;
        permission.reason = QStringLiteral("group '%1' does not exist yet: the offsets create it").arg(groupId);
        return permission;
    }
    switch (group->state) {
    case GroupState::Empty:
    case GroupState::Dead:
        permission.allowed = true;
        permission.reason = QStringLiteral("group '%1' is %2").arg(groupId, groupStateName(group->state));
        break;
    case GroupState::Unknown:
        permission.reason = QStringLiteral("the cluster did not say whether group '%1' is active (it cannot describe "
                                           "groups); OffsetLens resets only groups it knows are inactive")
                                .arg(groupId);
        break;
    default:
        permission.reason =
            QStringLiteral("Assignments can only be reset if the group '%1' is inactive, but the current state is %2.")
                .arg(groupId, groupStateName(group->state));
        for (const GroupMember &m : group->members)
            permission.members.append(memberLine(m));
        permission.howToStop = QStringLiteral("Stop every consumer of the group (the members above), wait for the "
                                              "group to become Empty (session.timeout.ms), then refresh.");
        break;
    }
    // assign() consumers never join the group, so it looks Empty while they keep committing over any reset.
    if (permission.allowed && offsetsLastMoved && offsetsLastMoved->isValid() && now.isValid()) {
        const qint64 ago = offsetsLastMoved->msecsTo(now);
        if (ago < kRecentMoveMs) {
            permission.warnings.append(
                QStringLiteral("committed offsets moved %1 ago although the group looks %2: a consumer using assign() "
                               "(without joining the group) is probably still running and will overwrite the reset")
                    .arg(formatSeconds(std::max<qint64>(ago, 0)), groupStateName(group->state)));
        }
    }
    return permission;
}

void OffsetMovementTracker::observe(const ClusterSnapshot &snapshot)
{
    observe(AnalyzedSnapshot(snapshot));
}

void OffsetMovementTracker::observe(const AnalyzedSnapshot &analyzed)
{
    const ClusterSnapshot &snapshot = analyzed.snapshot();
    QHash<QString, Seen> &groups = m_seen[snapshot.profileId];
    for (qsizetype g = 0; g < snapshot.groups.size(); ++g) {
        const GroupInfo &group = snapshot.groups[g];
        // A failed offset fetch shows no offsets (or carries the last ones over); that is not a move.
        if (!group.error.isEmpty())
            continue;
        const size_t fingerprint = analyzed.facts().groups()[g].offsetsFingerprint; // hashed off the GUI thread
        const auto it = groups.find(group.groupId);
        if (it == groups.end()) {
            groups.insert(group.groupId, Seen{fingerprint, std::nullopt});
            continue;
        }
        if (it->fingerprint != fingerprint) {
            it->fingerprint = fingerprint;
            if (it->ownWritePending)
                it->ownWritePending = false; // our own reset, not a consumer
            else
                it->lastMoved = snapshot.takenAt;
        }
    }
}

std::optional<QDateTime> OffsetMovementTracker::lastMoved(const QString &profileId, const QString &groupId) const
{
    const auto cluster = m_seen.constFind(profileId);
    if (cluster == m_seen.cend())
        return std::nullopt;
    const auto group = cluster->constFind(groupId);
    return group == cluster->cend() ? std::nullopt : group->lastMoved;
}

void OffsetMovementTracker::noteOwnWrite(const QString &profileId, const QString &groupId)
{
    m_seen[profileId][groupId].ownWritePending = true;
}

void OffsetMovementTracker::forgetCluster(const QString &profileId)
{
    m_seen.remove(profileId);
}

} // namespace OffsetLens
