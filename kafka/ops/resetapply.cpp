#include "resetapply.h"

#include "offsetwriter.h"
#include "resetsafety.h"
#include "snapshotfetcher.h"
#include "writeaccess.h"

namespace OffsetLens {

namespace {
ResetApplyResult ended(ResetApplyResult::Kind kind, const ResetPlan &plan, const QString &error = {})
{
    ResetApplyResult result;
    result.kind = kind;
    result.freshPlan = plan;
    result.error = error;
    return result;
}

// The committed offsets the fresh plan stands on must really have been read: a group whose OffsetFetch failed
// would otherwise look as if it had no commits, and the plan would be judged on made-up data.
QString committedReadError(const ClusterSnapshot &snapshot, const ResetPlan &plan)
{
    const GroupInfo *group = snapshot.findGroup(plan.request.groupId);
    if (!group)
        return {};
    if (!group->error.isEmpty())
        return QStringLiteral("could not read the committed offsets of group '%1': %2")
            .arg(plan.request.groupId, group->error);
    for (const ResetPlanRow &row : plan.rows) {
        const CommittedOffset *committed = group->findOffset(row.tp);
        if (committed && !committed->error.isEmpty())
            return QStringLiteral("could not read the committed offset of %1[%2]: %3")
                .arg(row.tp.topic)
                .arg(row.tp.partition)
                .arg(committed->error);
    }
    return {};
}

bool anythingSent(const OffsetWriteReport &report)
{
    for (const GroupWriteResult &group : report.groups) {
        for (const PartitionWriteResult &p : group.partitions) {
            if (p.outcome != WriteOutcome::NotSent)
                return true;
        }
    }
    return false;
}
} // namespace

ResetApplyResult applyReset(const JobContext &context, SnapshotFetcher &fetcher, const ResetPlan &previewed,
                            OffsetTimeSource *times, std::optional<QDateTime> offsetsLastMoved,
                            std::shared_ptr<const WriteAccess> access)
{
    using Kind = ResetApplyResult::Kind;
    const ResetRequest &request = previewed.request;
    const QString &groupId = request.groupId;

    if (const QString refusal = writeRefusal(context, access.get()); !refusal.isEmpty()) {
        ResetApplyResult refused = ended(Kind::Refused, previewed);
        refused.permission.reason = refusal;
        return refused;
    }

    context.reportProgress(0, 0, QStringLiteral("Re-reading group %1").arg(groupId));
    SnapshotFetcher::Options options;
    options.onlyGroups = {groupId};
    if (request.strategy.kind == ResetStrategyKind::FromGroup && !request.strategy.fromGroup.isEmpty() &&
        request.strategy.fromGroup != groupId)
        options.onlyGroups.append(request.strategy.fromGroup);
    bool reached = false;
    const ClusterSnapshot snapshot = fetcher.fetch(options, context, &reached);
    if (context.isCancelled())
        return ended(Kind::Cancelled, previewed);
    if (!reached) {
        const QString why = snapshot.errors.isEmpty() ? QStringLiteral("the cluster could not be reached")
                                                      : snapshot.errors.join(QStringLiteral("; "));
        return ended(Kind::Failed, previewed, QStringLiteral("Could not re-read group '%1': %2").arg(groupId, why));
    }

    const ResetPlan fresh = planReset(snapshot, request, times);
    if (context.isCancelled())
        return ended(Kind::Cancelled, fresh);
    if (!fresh.isValid())
        return ended(Kind::Failed, fresh, fresh.error);
    if (const QString error = committedReadError(snapshot, fresh); !error.isEmpty())
        return ended(Kind::Failed, fresh, error);
    if (!fresh.sameEffectAs(previewed))
        return ended(Kind::Moved, fresh);

    ResetApplyResult result = ended(Kind::Refused, fresh);
    result.permission =
        checkResetAllowed(groupId, snapshot.findGroup(groupId), offsetsLastMoved, QDateTime::currentDateTimeUtc());
    if (!result.permission.allowed)
        return result;

    const GroupOffsetsToWrite write = fresh.toWrite();
    if (write.offsets.isEmpty())
        return ended(Kind::Failed, fresh, QStringLiteral("Nothing to write: no partition of the plan has a target"));
    if (context.isCancelled())
        return ended(Kind::Cancelled, fresh);

    context.reportProgress(0, 0, QStringLiteral("Writing offsets of %1").arg(groupId));
    result.report = writeCommittedOffsets(context, {write}, OffsetWriteOptions{true, access});
    const bool sent = anythingSent(result.report);
    // Locked again while the group was re-read: the writer refused, nothing went out.
    if (const QString refusal = writeRefusal(context, access.get()); !sent && !refusal.isEmpty()) {
        result.kind = Kind::Refused;
        result.permission = ResetPermission{};
        result.permission.reason = refusal;
        result.report = {};
        return result;
    }
    // Cancelled before the write went out: nothing reached the broker, and the report says so per partition.
    result.kind = context.isCancelled() && !sent ? Kind::Cancelled : Kind::Applied;
    return result;
}

} // namespace OffsetLens
