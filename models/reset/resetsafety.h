#pragma once

#include "snapshotfacts.h"

#include <QDateTime>
#include <QHash>

#include <optional>

namespace OffsetLens {

// Whether a group's offsets may be written now. Like kafka-consumer-groups, only groups that are Empty, Dead or do
// not exist; unlike it, a group whose state is unknown (the cluster cannot describe groups) is refused too, and
// the refusal says who is consuming and how to stop them.
struct ResetPermission
{
    bool allowed = false;
    // The refusal in the CLI's words where it has them: "Assignments can only be reset if the group 'g' is
    // inactive, but the current state is Stable."
    QString reason;
    QStringList members;  // "consumer-1-… (client id billing-worker, host /10.0.0.7): 3 partitions"
    QString howToStop;    // what to do about it, in words
    QStringList warnings; // allowed, but: "committed offsets moved 20 s ago although the group looks Empty: …"
};

// `group` null: the group does not exist (allowed). `offsetsLastMoved`: when this app last saw the group's
// committed offsets change (see OffsetMovementTracker); a group that uses assign() always looks Empty, so a move
// within the last minute warns that a consumer is probably still running.
ResetPermission checkResetAllowed(const QString &groupId, const GroupInfo *group,
                                  std::optional<QDateTime> offsetsLastMoved, const QDateTime &now);

// Remembers, per cluster and group, when successive snapshots last showed a committed offset change. Fed on the
// GUI thread with every snapshot; cheap (one hash of the offsets per group).
class OffsetMovementTracker
{
public:
    // With the fingerprints the refresh computed (SnapshotFacts), so the GUI thread does not hash 400,000 offsets.
    void observe(const AnalyzedSnapshot &analyzed);
    void observe(const ClusterSnapshot &snapshot); // the same, computing them (tests)
    std::optional<QDateTime> lastMoved(const QString &profileId, const QString &groupId) const;
    void forgetCluster(const QString &profileId);
    // This app just wrote the group's offsets: the next change observed is that write, not a consumer's commit
    // (a consumer committing in the same refresh interval is missed, as it would be between two refreshes).
    void noteOwnWrite(const QString &profileId, const QString &groupId);

private:
    struct Seen
    {
        size_t fingerprint = 0;
        std::optional<QDateTime> lastMoved;
        bool ownWritePending = false;
    };
    QHash<QString, QHash<QString, Seen>> m_seen; // profile id -> group id -> seen
};

} // namespace OffsetLens
