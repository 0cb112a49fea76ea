#include "resetrunner.h"

#include "auditlog.h"
#include "clirunner.h"
#include "groupadmin.h"
#include "groupdeletion.h"
#include "kafkaoffsettimesource.h"
#include "numberformat.h"
#include "resetapply.h"
#include "resetfile.h"
#include "resetformat.h"
#include "resetplanner.h"
#include "resetsafety.h"
#include "writeaccess.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ResetCli", text);
}

void err(const QString &text)
{
    printTo(stderr, text);
}

AuditContext auditContext(const ClusterSnapshot &snapshot, const CliCluster &cluster)
{
    return {cluster.profile.id, snapshot.profileName.isEmpty() ? cluster.profile.name : snapshot.profileName,
            cluster.profile.bootstrapServers, QStringLiteral("cli")};
}

void appendAudit(const ResetAuditEntry &entry)
{
    QString error;
    if (!AuditLog().append(entry, &error))
        err(tr("Warning: the audit log could not be written: %1\n").arg(error));
}

int interrupted()
{
    err(tr("offsetlens: interrupted\n"));
    return ResetExit::Interrupted;
}

// The profile comes before any group: a read-only one never writes, a production one only with
// --unlock-production. Checked for a dry run too, whose exit code says what --execute would do (as for an active
// group); the writers refuse on their own as well. Returns Refused after saying why, else Ok.
int checkProfileAllows(const WriteAccess &access)
{
    if (access.allowsWrites())
        return ResetExit::Ok;
    ResetPermission refused;
    if (access.isReadOnly()) {
        refused.reason = access.refusal();
    } else {
        refused.reason = tr("Production profile: writes are locked");
        refused.howToStop = tr("Add --unlock-production to write to it with this command.");
    }
    err(formatResetPermission(refused));
    return ResetExit::Refused;
}

int runReset(const AppOptions &options, CliCluster &cluster, const JobContext &context, const ClusterSnapshot &snapshot,
             const std::shared_ptr<const WriteAccess> &access)
{
    const AppOptions::Write &w = options.write;
    ResetStrategy strategy = w.strategy;
    QStringList fileWarnings;
    QByteArray fileContent;
    if (strategy.kind == ResetStrategyKind::FromFile) {
        QFile file(w.fromFile);
        if (!file.open(QIODevice::ReadOnly)) {
            err(tr("offsetlens: cannot read %1: %2\n").arg(w.fromFile, file.errorString()));
            return ResetExit::PlanFailed;
        }
        fileContent = file.readAll();
    }

    // Plan every group first: a command that fails for one group writes nothing for any.
    KafkaOffsetTimeSource times(context);
    QList<ResetPlan> plans;
    int rc = ResetExit::Ok;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QString &group : w.groups) {
        ResetRequest request;
        request.groupId = group;
        request.scope = w.scope;
        request.strategy = strategy;
        request.now = now;
        if (strategy.kind == ResetStrategyKind::FromFile) {
            const ResetFileParse parsed = parseResetFile(fileContent, group);
            if (!parsed.errors.isEmpty()) {
                err(tr("Error: %1 cannot be used:\n").arg(w.fromFile));
                for (const QString &e : parsed.errors)
                    err(QStringLiteral("  %1\n").arg(e));
                return ResetExit::PlanFailed;
            }
            for (const QString &warning : parsed.warnings)
                err(tr("Warning: %1: %2\n").arg(w.fromFile, warning));
            request.strategy.targets = parsed.targets;
            if (parsed.targets.isEmpty()) {
                err(tr("Error: %1 has no rows for group '%2'\n").arg(w.fromFile, group));
                return ResetExit::PlanFailed;
            }
        }
        ResetPlan plan = planReset(snapshot, request, &times);
        if (context.isCancelled())
            return interrupted();
        err(formatResetPlanNotes(plan));
        if (!plan.isValid())
            rc = ResetExit::PlanFailed;
        plans.append(std::move(plan));
    }
    if (rc != ResetExit::Ok)
        return rc;

    const CliOutput table = formatResetPlans(plans, options.format, w.exportCsv);
    printTo(stdout, table.out);

    rc = checkProfileAllows(*access);
    // The same rule as the dialog: only inactive groups, also for a dry run (kafka-consumer-groups refuses there too).
    for (const ResetPlan &plan : plans) {
        const ResetPermission permission =
            checkResetAllowed(plan.request.groupId, snapshot.findGroup(plan.request.groupId), std::nullopt,
                              QDateTime::currentDateTimeUtc());
        err(formatResetPermission(permission));
        if (!permission.allowed)
            rc = ResetExit::Refused;
    }
    if (rc != ResetExit::Ok || !w.execute)
        return rc;

    for (const ResetPlan &plan : plans) {
        const ResetApplyResult result = applyReset(context, *cluster.fetcher, plan, &times, std::nullopt, access);
        err(QStringLiteral("%1: ").arg(plan.request.groupId) + formatResetApplyResult(result));
        switch (result.kind) {
        case ResetApplyResult::Kind::Applied: {
            const ResetAuditEntry entry =
                auditEntryFor(auditContext(snapshot, cluster), result, ResetAuditEntry::Action::Reset, w.strategyText);
            appendAudit(entry);
            if (!result.report.succeeded())
                rc = std::max(rc, ResetExit::Partial);
            break;
        }
        case ResetApplyResult::Kind::Moved:
            rc = std::max(rc, ResetExit::Moved);
            break;
        case ResetApplyResult::Kind::Refused:
            rc = std::max(rc, ResetExit::Refused);
            break;
        case ResetApplyResult::Kind::Failed:
            rc = std::max(rc, ResetExit::Unreachable);
            break;
        case ResetApplyResult::Kind::Cancelled:
            return interrupted();
        }
    }
    return rc;
}

int runDeleteOffsets(const AppOptions &options, CliCluster &cluster, const JobContext &context,
                     const ClusterSnapshot &snapshot, const std::shared_ptr<const WriteAccess> &access)
{
    const AppOptions::Write &w = options.write;
    int rc = ResetExit::Ok;
    QList<DeleteOffsetsRequest> requests;
    for (const QString &group : w.groups) {
        // The partitions to delete: the chosen ones the group has a committed offset for.
        const GroupInfo *info = snapshot.findGroup(group);
        DeleteOffsetsRequest request;
        request.groupId = group;
        QList<std::pair<TopicPartition, qint64>> rows;
        for (const TopicSelection &selection : w.scope.topics) {
            const TopicInfo *topic = snapshot.findTopic(selection.topic);
            if (!topic) {
                err(tr("Error: topic '%1' does not exist\n").arg(selection.topic));
                return ResetExit::PlanFailed;
            }
            for (const qint32 p : selection.partitions) {
                if (!topic->findPartition(p)) {
                    err(tr("Error: topic '%1' has no partition %2\n").arg(selection.topic).arg(p));
                    return ResetExit::PlanFailed;
                }
            }
            for (const PartitionInfo &partition : topic->partitions) {
                if (!selection.partitions.isEmpty() && !selection.partitions.contains(partition.partition))
                    continue;
                const TopicPartition tp{topic->name, partition.partition};
                const CommittedOffset *committed = info ? info->findOffset(tp) : nullptr;
                if (committed && committed->offset != kNoOffset) {
                    request.partitions.append(tp);
                    rows.append({tp, committed->offset});
                }
            }
        }
        if (request.partitions.isEmpty()) {
            err(tr("Error: group '%1' has no committed offsets for the topics given\n").arg(group));
            return ResetExit::PlanFailed;
        }
        printTo(stdout, formatDeleteOffsetsPlan(group, rows, options.format).out);
        const ResetPermission permission =
            checkResetAllowed(group, info, std::nullopt, QDateTime::currentDateTimeUtc());
        err(formatResetPermission(permission));
        if (!permission.allowed)
            rc = ResetExit::Refused;
        requests.append(request);
    }
    rc = std::max(rc, checkProfileAllows(*access));
    if (rc != ResetExit::Ok || !w.execute)
        return rc;

    KafkaGroupAdmin admin(access);
    for (const DeleteOffsetsRequest &request : requests) {
        const DeleteOffsetsResult result = deleteOffsetsChecked(context, *cluster.fetcher, request, admin);
        if (context.isCancelled())
            return interrupted();
        err(QStringLiteral("%1: ").arg(request.groupId) + formatDeleteOffsetsResult(result));
        const ResetAuditEntry entry = auditEntryFor(auditContext(snapshot, cluster), result);
        const bool anyDeleted = std::any_of(result.partitions.cbegin(), result.partitions.cend(),
                                            [](const PartitionDeleteResult &p) { return p.deleted; });
        if (anyDeleted) // the audit log records what was changed
            appendAudit(entry);
        if (!result.succeeded())
            rc = std::max(rc, result.partitions.isEmpty() ? ResetExit::Refused : ResetExit::Partial);
    }
    return rc;
}

int runDeleteGroup(const AppOptions &options, CliCluster &cluster, const JobContext &context,
                   const ClusterSnapshot &snapshot, const std::shared_ptr<const WriteAccess> &access)
{
    const AppOptions::Write &w = options.write;
    int rc = ResetExit::Ok;
    for (const QString &group : w.groups) {
        const GroupInfo *info = snapshot.findGroup(group);
        if (!info) {
            err(tr("Error: group '%1' does not exist\n").arg(group));
            return ResetExit::PlanFailed;
        }
        qsizetype commits = 0;
        for (const CommittedOffset &offset : info->offsets)
            commits += offset.offset != kNoOffset ? 1 : 0;
        printTo(stdout, tr("Group '%1' (%2) with committed offsets for %3 will be deleted.\n")
                            .arg(group, groupStateName(info->state),
                                 formatCountOf(commits, QStringLiteral("partition"), QStringLiteral("partitions"))));
        const ResetPermission permission =
            checkResetAllowed(group, info, std::nullopt, QDateTime::currentDateTimeUtc());
        err(formatResetPermission(permission));
        if (!permission.allowed)
            rc = ResetExit::Refused;
    }
    rc = std::max(rc, checkProfileAllows(*access));
    if (rc != ResetExit::Ok || !w.execute)
        return rc;

    KafkaGroupAdmin admin(access);
    for (const QString &group : w.groups) {
        const DeleteGroupResult result = deleteGroupChecked(context, *cluster.fetcher, group, admin);
        if (context.isCancelled())
            return interrupted();
        err(result.deleted ? tr("Group '%1' deleted.\n").arg(group)
                           : tr("Error: group '%1' was not deleted: %2\n").arg(group, result.error));
        if (result.deleted) {
            ResetAuditEntry entry = auditEntryFor(auditContext(snapshot, cluster), DeleteOffsetsResult{});
            entry.action = ResetAuditEntry::Action::DeleteGroup;
            entry.groupId = group;
            entry.strategy = QStringLiteral("delete group");
            entry.summary = tr("group deleted");
            if (const GroupInfo *info = snapshot.findGroup(group)) {
                for (const CommittedOffset &offset : info->offsets)
                    entry.rows.append({offset.tp, offset.offset, kNoOffset, QStringLiteral("deleted")});
            }
            appendAudit(entry);
        } else {
            rc = std::max(rc, ResetExit::Partial);
        }
    }
    return rc;
}

} // namespace

int runWriteCommand(const AppOptions &options)
{
    CliCluster cluster;
    if (const int rc = openCliCluster(options, cluster); rc != 0)
        return rc == 2 ? ResetExit::Usage : ResetExit::Unreachable;

    SnapshotFetcher::Options fetchOptions;
    fetchOptions.onlyGroups = options.write.groups;
    if (!options.write.strategy.fromGroup.isEmpty())
        fetchOptions.onlyGroups.append(options.write.strategy.fromGroup);
    const JobContext context(cluster.connection, installInterruptHandler());
    bool ok = false;
    const ClusterSnapshot snapshot = fetchCliSnapshot(cluster, fetchOptions, context, &ok);
    if (context.isCancelled())
        return interrupted();
    if (!ok) {
        err(tr("offsetlens: %1\n").arg(snapshot.errors.join(QStringLiteral("\n"))));
        return ResetExit::Unreachable;
    }
    for (const QString &e : snapshot.errors)
        err(tr("Warning: %1\n").arg(e));

    // This command's write access: the profile's flags, a production profile unlocked by --unlock-production only.
    const auto access = std::make_shared<WriteAccess>(cluster.profile);
    access->setUnlocked(options.write.unlockProduction);
    switch (options.mode) {
    case AppOptions::Mode::ResetOffsets:
        return runReset(options, cluster, context, snapshot, access);
    case AppOptions::Mode::DeleteOffsets:
        return runDeleteOffsets(options, cluster, context, snapshot, access);
    case AppOptions::Mode::DeleteGroup:
        return runDeleteGroup(options, cluster, context, snapshot, access);
    default:
        return ResetExit::Usage;
    }
}

} // namespace OffsetLens
