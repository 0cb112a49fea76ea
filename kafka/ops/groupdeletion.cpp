#include "groupdeletion.h"

#include "resetsafety.h"
#include "snapshotfetcher.h"

#include <QDateTime>

namespace OffsetLens {

namespace {
// Re-reads one group right before a delete. Returns why nothing may be sent (empty: go ahead); `group` is the
// fresh description, null when the cluster does not know the group.
QString recheck(const JobContext &context, SnapshotFetcher &fetcher, const QString &groupId, ClusterSnapshot &snapshot)
{
    context.reportProgress(0, 0, QStringLiteral("Re-reading group %1").arg(groupId));
    SnapshotFetcher::Options options;
    options.onlyGroups = {groupId};
    bool reached = false;
    snapshot = fetcher.fetch(options, context, &reached);
    if (context.isCancelled())
        return QStringLiteral("cancelled before anything was deleted");
    if (!reached) {
        const QString why = snapshot.errors.isEmpty() ? QStringLiteral("the cluster could not be reached")
                                                      : snapshot.errors.join(QStringLiteral("; "));
        return QStringLiteral("Could not re-read group '%1': %2").arg(groupId, why);
    }
    const ResetPermission permission =
        checkResetAllowed(groupId, snapshot.findGroup(groupId), std::nullopt, QDateTime::currentDateTimeUtc());
    if (!permission.allowed)
        return permission.reason;
    if (context.isCancelled())
        return QStringLiteral("cancelled before anything was deleted");
    return {};
}
} // namespace

DeleteOffsetsResult deleteOffsetsChecked(const JobContext &context, SnapshotFetcher &fetcher,
                                         const DeleteOffsetsRequest &request, GroupAdmin &admin)
{
    ClusterSnapshot snapshot;
    // A profile that may not write is refused before the re-read: there is nothing to re-check.
    QString refusal = admin.writeRefusal(context);
    if (refusal.isEmpty())
        refusal = recheck(context, fetcher, request.groupId, snapshot);
    const GroupInfo *group = snapshot.findGroup(request.groupId);
    const auto committedBefore = [group](const TopicPartition &tp) {
        const CommittedOffset *committed = group ? group->findOffset(tp) : nullptr;
        return committed && committed->error.isEmpty() ? committed->offset : kNoOffset;
    };
    DeleteOffsetsResult result;
    if (refusal.isEmpty()) {
        result = admin.deleteOffsets(context, request);
    } else {
        result.groupId = request.groupId;
        result.error = refusal;
        for (const TopicPartition &tp : request.partitions)
            result.partitions.append({tp, kNoOffset, false, QStringLiteral("not sent")});
    }
    for (PartitionDeleteResult &p : result.partitions)
        p.committedBefore = committedBefore(p.tp);
    return result;
}

DeleteGroupResult deleteGroupChecked(const JobContext &context, SnapshotFetcher &fetcher, const QString &groupId,
                                     GroupAdmin &admin)
{
    if (const QString refusal = admin.writeRefusal(context); !refusal.isEmpty())
        return {groupId, false, refusal};
    ClusterSnapshot snapshot;
    if (const QString refusal = recheck(context, fetcher, groupId, snapshot); !refusal.isEmpty())
        return {groupId, false, refusal};
    return admin.deleteGroup(context, groupId);
}

} // namespace OffsetLens
