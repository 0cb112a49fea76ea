#include "resetcontroller.h"

#include "auditlog.h"
#include "auditlogdialog.h"
#include "clustersession.h"
#include "connectionmanager.h"
#include "deleteoffsetsdialog.h"
#include "groupadmin.h"
#include "groupdeletion.h"
#include "kafkaoffsettimesource.h"
#include "numberformat.h"
#include "resetapply.h"
#include "resetdialog.h"
#include "resetplanner.h"
#include "snapshotfetcher.h"
#include "writeaccess.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QTimeZone>
#include <QUrl>
#include <QWidget>

#include <algorithm>

namespace OffsetLens {

namespace {

// A fetcher for one job, with the session's group source (the demo's, or the broker's by default).
std::unique_ptr<SnapshotFetcher> jobFetcher(const JobContext &context, const std::shared_ptr<GroupSource> &source)
{
    auto fetcher = std::make_unique<SnapshotFetcher>(context.sharedConnection());
    if (source)
        fetcher->setGroupSource(source);
    return fetcher;
}

QString strategyText(const ResetRequest &request)
{
    const ResetStrategy &s = request.strategy;
    QString text = resetStrategyName(s.kind);
    switch (s.kind) {
    case ResetStrategyKind::ToOffset:
    case ResetStrategyKind::ShiftBy:
        text += QLatin1Char(' ') + QString::number(s.offset);
        break;
    case ResetStrategyKind::ToDateTime:
        text += QLatin1Char(' ') + QDateTime::fromMSecsSinceEpoch(s.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs);
        break;
    case ResetStrategyKind::ByDuration:
        text += QLatin1Char(' ') + formatSeconds(s.durationMs);
        break;
    case ResetStrategyKind::FromGroup:
        text += QLatin1Char(' ') + s.fromGroup;
        break;
    default:
        break;
    }
    return text;
}

} // namespace

ResetController::ResetController(ConnectionManager *connections, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_connections(connections)
    , m_parent(dialogParent)
{
    connect(m_connections, &ConnectionManager::snapshotArrived, this, &ResetController::onSnapshot);
    connect(m_connections, &ConnectionManager::closed, this, &ResetController::onClosed);
    // Writes unlocked or locked again, or the profile's flags edited: the open dialogs' Apply and Delete follow.
    connect(m_connections, &ConnectionManager::profileUpdated, this, [this](const QString &clusterId) {
        const AnalyzedSnapshot latest = m_connections->latest(clusterId);
        if (latest.isValid())
            updatePermissions(clusterId, latest.read());
    });
}

ResetController::~ResetController()
{
    for (const ResetWindow &w : std::as_const(m_resets)) {
        if (w.stopApply)
            *w.stopApply = true;
    }
}

ResetDialog *ResetController::activeResetDialog() const
{
    for (auto it = m_resets.crbegin(); it != m_resets.crend(); ++it) {
        if (it->dialog)
            return it->dialog;
    }
    return nullptr;
}

ResetPermission ResetController::permission(const QString &clusterId, const ClusterSnapshot &snapshot,
                                            const QString &groupId) const
{
    // The profile comes first: a read-only or locked cluster refuses whatever state the group is in. The dialogs
    // still preview; only their Apply and Delete are off, with this reason.
    if (const QString refusal = m_connections->writeRefusal(clusterId); !refusal.isEmpty()) {
        ResetPermission refused;
        refused.reason = refusal;
        if (m_connections->canUnlockWrites(clusterId))
            refused.howToStop = tr("Cluster → Unlock Writes for This Session… allows writes until the app quits.");
        return refused;
    }
    return checkResetAllowed(groupId, snapshot.findGroup(groupId), m_tracker.lastMoved(clusterId, groupId),
                             QDateTime::currentDateTimeUtc());
}

ResetDialog *ResetController::openReset(const QString &clusterId, const QString &groupId)
{
    ResetRequest request;
    request.groupId = groupId; // the default strategy: the dialog offers the one used last
    return openReset(clusterId, request);
}

ResetDialog *ResetController::openReset(const QString &clusterId, const ResetRequest &initial)
{
    const AnalyzedSnapshot latest = m_connections->latest(clusterId);
    if (!latest.isValid() || !m_connections->session(clusterId))
        return nullptr;
    auto *dialog = new ResetDialog(latest.read(), initial, m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_resets.append({dialog, clusterId, std::make_shared<std::atomic_bool>(false)});
    connect(dialog, &ResetDialog::planRequested, this,
            [this, dialog](const ResetRequest &request) { plan(dialog, request); });
    connect(dialog, &ResetDialog::applyRequested, this, [this, dialog](const ResetPlan &p) { apply(dialog, p); });
    connect(dialog, &ResetDialog::cancelApplyRequested, this, [this, dialog] {
        for (const ResetWindow &w : std::as_const(m_resets)) {
            if (w.dialog == dialog)
                *w.stopApply = true;
        }
    });
    connect(dialog, &ResetDialog::undoRequested, this, [this, clusterId](const ResetPlan &applied) {
        ResetRequest undo = undoRequest(applied);
        undo.now = QDateTime::currentDateTimeUtc();
        openReset(clusterId, undo);
    });
    connect(dialog, &QObject::destroyed, this, [this, dialog] {
        for (qsizetype i = m_resets.size() - 1; i >= 0; --i) {
            if (!m_resets[i].dialog || m_resets[i].dialog == dialog) {
                *m_resets[i].stopApply = true; // a write already sent still ends; nothing waits for it
                m_resets.removeAt(i);
            }
        }
    });
    dialog->setPermission(permission(clusterId, latest.read(), initial.groupId));
    dialog->show();
    return dialog;
}

void ResetController::plan(ResetDialog *dialog, const ResetRequest &request)
{
    QString clusterId;
    for (const ResetWindow &w : std::as_const(m_resets)) {
        if (w.dialog == dialog)
            clusterId = w.clusterId;
    }
    ClusterSession *session = m_connections->session(clusterId);
    const AnalyzedSnapshot latest = m_connections->latest(clusterId);
    if (!session || !latest.isValid())
        return;
    const ClusterSnapshot snapshot = latest.read();
    // Planning is pure, but date-time strategies ask the cluster for timestamps: a job, superseded by the next edit.
    session->jobs()->submit(
        JobOptions{tr("Planning the reset of %1").arg(request.groupId),
                   QStringLiteral("reset-plan:%1").arg(quintptr(dialog))},
        [snapshot, request](const JobContext &context) {
            KafkaOffsetTimeSource times(context);
            return planReset(snapshot, request, &times);
        },
        dialog, [dialog](const ResetPlan &p) { dialog->setPlan(p); });
}

void ResetController::apply(ResetDialog *dialog, const ResetPlan &plan)
{
    const auto it =
        std::find_if(m_resets.begin(), m_resets.end(), [dialog](const ResetWindow &w) { return w.dialog == dialog; });
    if (it == m_resets.end())
        return;
    const QString clusterId = it->clusterId;
    ClusterSession *session = m_connections->session(clusterId);
    if (!session) {
        ResetApplyResult failed;
        failed.kind = ResetApplyResult::Kind::Failed;
        failed.freshPlan = plan;
        failed.error = tr("the cluster is not connected");
        dialog->setApplyResult(failed);
        return;
    }
    *it->stopApply = false;
    const std::shared_ptr<std::atomic_bool> stop = it->stopApply;
    const ConnectionProfile profile = m_connections->profile(clusterId);
    const AuditContext where{profile.id, profile.name, profile.bootstrapServers, QStringLiteral("gui")};
    const std::optional<QDateTime> lastMoved = m_tracker.lastMoved(clusterId, plan.request.groupId);
    const bool isUndo = m_lastApplied.value(clusterId).contains(plan.request.groupId) &&
                        plan.request == undoRequest(m_lastApplied.value(clusterId).value(plan.request.groupId));
    const QString strategy = strategyText(plan.request);
    JobRunner *jobs = session->jobs();
    const JobId id = jobs->submit(
        JobOptions{tr("Writing offsets of %1").arg(plan.request.groupId), {}},
        [source = session->groupSource(), access = m_connections->writeAccess(clusterId), plan, stop, where, lastMoved,
         isUndo, strategy](const JobContext &job) {
            // The dialog's Cancel stops this write before it is sent; closing the cluster cancels the job itself.
            // Either way the result still arrives where a receiver is left, so nothing done goes unreported.
            const JobContext context(job.sharedConnection(), *stop,
                                     [&job](const JobProgress &p) { job.reportProgress(p.done, p.total, p.step); });
            auto fetcher = jobFetcher(context, source);
            KafkaOffsetTimeSource times(context);
            ResetApplyResult result = applyReset(context, *fetcher, plan, &times, lastMoved, access);
            if (result.kind == ResetApplyResult::Kind::Applied) {
                QString error;
                const auto action = isUndo ? ResetAuditEntry::Action::Undo : ResetAuditEntry::Action::Reset;
                if (!AuditLog().append(auditEntryFor(where, result, action, strategy), &error))
                    result.error = QStringLiteral("the audit log could not be written: %1").arg(error);
            }
            return result;
        },
        dialog,
        [this, dialog, clusterId](const ResetApplyResult &result) {
            dialog->setApplyResult(result);
            if (result.kind == ResetApplyResult::Kind::Applied) {
                m_lastApplied[clusterId].insert(result.freshPlan.request.groupId, result.freshPlan);
                m_tracker.noteOwnWrite(clusterId, result.freshPlan.request.groupId);
                m_connections->refreshNow(clusterId);
                Q_EMIT resetApplied(clusterId, result.freshPlan.request);
            }
        });
    connect(jobs, &JobRunner::jobProgress, dialog, [dialog, id](JobId job, const JobProgress &progress) {
        if (job == id)
            dialog->setApplyProgress(progress.step);
    });
    dialog->setApplyProgress(tr("Re-reading group %1").arg(plan.request.groupId));
}

bool ResetController::canUndo(const QString &clusterId, const QString &groupId) const
{
    return m_lastApplied.value(clusterId).contains(groupId);
}

ResetDialog *ResetController::openUndo(const QString &clusterId, const QString &groupId)
{
    if (!canUndo(clusterId, groupId))
        return nullptr;
    ResetRequest undo = undoRequest(m_lastApplied.value(clusterId).value(groupId));
    return openReset(clusterId, undo);
}

DeleteOffsetsDialog *ResetController::openDeleteOffsets(const QString &clusterId, const QString &groupId)
{
    const AnalyzedSnapshot latest = m_connections->latest(clusterId);
    if (!latest.isValid() || !m_connections->session(clusterId))
        return nullptr;
    auto *dialog = new DeleteOffsetsDialog(latest.read(), groupId, {}, m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_deletes.append({dialog, clusterId, groupId});
    connect(dialog, &DeleteOffsetsDialog::deleteRequested, this,
            [this, dialog](const DeleteOffsetsRequest &request) { deleteOffsets(dialog, request); });
    connect(dialog, &QObject::destroyed, this,
            [this] { m_deletes.removeIf([](const DeleteWindow &w) { return !w.dialog; }); });
    dialog->setPermission(permission(clusterId, latest.read(), groupId));
    dialog->show();
    return dialog;
}

void ResetController::deleteOffsets(DeleteOffsetsDialog *dialog, const DeleteOffsetsRequest &request)
{
    QString clusterId;
    for (const DeleteWindow &w : std::as_const(m_deletes)) {
        if (w.dialog == dialog)
            clusterId = w.clusterId;
    }
    ClusterSession *session = m_connections->session(clusterId);
    if (!session)
        return;
    const ConnectionProfile profile = m_connections->profile(clusterId);
    const AuditContext where{profile.id, profile.name, profile.bootstrapServers, QStringLiteral("gui")};
    dialog->setProgress(tr("Deleting committed offsets of %1").arg(request.groupId));
    session->jobs()->submit(
        JobOptions{tr("Deleting offsets of %1").arg(request.groupId), {}},
        [source = session->groupSource(), access = m_connections->writeAccess(clusterId), request,
         where](const JobContext &context) {
            auto fetcher = jobFetcher(context, source);
            KafkaGroupAdmin admin(access);
            DeleteOffsetsResult result = deleteOffsetsChecked(context, *fetcher, request, admin);
            if (std::any_of(result.partitions.cbegin(), result.partitions.cend(),
                            [](const PartitionDeleteResult &p) { return p.deleted; }))
                AuditLog().append(auditEntryFor(where, result));
            return result;
        },
        dialog,
        [this, dialog, clusterId](const DeleteOffsetsResult &result) {
            dialog->setResult(result);
            m_connections->refreshNow(clusterId);
        });
}

void ResetController::deleteGroup(const QString &clusterId, const QString &groupId)
{
    const AnalyzedSnapshot latest = m_connections->latest(clusterId);
    ClusterSession *session = m_connections->session(clusterId);
    if (!latest.isValid() || !session)
        return;
    const ResetPermission allowed = permission(clusterId, latest.read(), groupId);
    const ConnectionProfile profile = m_connections->profile(clusterId);
    if (!allowed.allowed) {
        QMessageBox::warning(m_parent, tr("Delete Group"),
                             allowed.reason + QStringLiteral("\n\n") + allowed.members.join(QLatin1Char('\n')) +
                                 QStringLiteral("\n\n") + allowed.howToStop);
        return;
    }
    QMessageBox confirm(QMessageBox::Warning, tr("Delete Group"),
                        tr("Delete group '%1' on cluster '%2'?").arg(groupId, profile.name), QMessageBox::NoButton,
                        m_parent);
    confirm.setInformativeText(tr("Its committed offsets are deleted with it: a consumer that joins the group later "
                                  "starts where its auto.offset.reset says. This cannot be undone."));
    QPushButton *remove = confirm.addButton(tr("Delete Group"), QMessageBox::DestructiveRole);
    confirm.addButton(QMessageBox::Cancel);
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != static_cast<QAbstractButton *>(remove))
        return;
    const AuditContext where{profile.id, profile.name, profile.bootstrapServers, QStringLiteral("gui")};
    QList<ResetAuditEntry::Row> rows;
    if (const GroupInfo *group = latest.read().findGroup(groupId)) {
        for (const CommittedOffset &offset : group->offsets)
            rows.append({offset.tp, offset.offset, kNoOffset, QStringLiteral("deleted")});
    }
    session->jobs()->submit(
        JobOptions{tr("Deleting group %1").arg(groupId), {}},
        [source = session->groupSource(), access = m_connections->writeAccess(clusterId), groupId, where,
         rows](const JobContext &context) {
            auto fetcher = jobFetcher(context, source);
            KafkaGroupAdmin admin(access);
            DeleteGroupResult result = deleteGroupChecked(context, *fetcher, groupId, admin);
            if (result.deleted) {
                ResetAuditEntry entry = auditEntryFor(where, DeleteOffsetsResult{});
                entry.action = ResetAuditEntry::Action::DeleteGroup;
                entry.groupId = groupId;
                entry.strategy = QStringLiteral("delete group");
                entry.summary = QStringLiteral("group deleted");
                entry.rows = rows;
                AuditLog().append(entry);
            }
            return result;
        },
        this,
        [this, clusterId, groupId](const DeleteGroupResult &result) {
            if (result.deleted)
                m_connections->refreshNow(clusterId);
            else
                QMessageBox::warning(m_parent, tr("Delete Group"),
                                     tr("Group '%1' was not deleted: %2").arg(groupId, result.error));
        });
}

void ResetController::showAuditLog()
{
    const AuditLog log;
    QString error;
    qsizetype skipped = 0;
    const QList<ResetAuditEntry> entries = log.read(1000, &skipped, &error);
    auto *dialog = new AuditLogDialog(entries, m_parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString folder = QFileInfo(log.path()).absolutePath();
    connect(dialog, &AuditLogDialog::openFolderRequested, this,
            [folder] { QDesktopServices::openUrl(QUrl::fromLocalFile(folder)); });
    if (!error.isEmpty() || skipped > 0)
        dialog->setWindowTitle(dialog->windowTitle() + tr(" — %1 unreadable lines skipped").arg(skipped));
    dialog->show();
}

void ResetController::onSnapshot(const QString &clusterId, const AnalyzedSnapshot &snapshot)
{
    m_tracker.observe(snapshot);
    for (const ResetWindow &w : std::as_const(m_resets)) {
        if (w.dialog && w.clusterId == clusterId)
            w.dialog->setSnapshot(snapshot.read());
    }
    for (const DeleteWindow &w : std::as_const(m_deletes)) {
        if (w.dialog && w.clusterId == clusterId)
            w.dialog->setSnapshot(snapshot.read());
    }
    updatePermissions(clusterId, snapshot.read());
}

void ResetController::updatePermissions(const QString &clusterId, const ClusterSnapshot &snapshot)
{
    for (const ResetWindow &w : std::as_const(m_resets)) {
        if (w.dialog && w.clusterId == clusterId)
            w.dialog->setPermission(permission(clusterId, snapshot, w.dialog->currentRequest().groupId));
    }
    for (const DeleteWindow &w : std::as_const(m_deletes)) {
        if (w.dialog && w.clusterId == clusterId)
            w.dialog->setPermission(permission(clusterId, snapshot, w.groupId));
    }
}

void ResetController::onClosed(const QString &clusterId)
{
    m_tracker.forgetCluster(clusterId);
    m_lastApplied.remove(clusterId);
    for (const ResetWindow &w : std::as_const(m_resets)) {
        if (w.dialog && w.clusterId == clusterId)
            w.dialog->close();
    }
    for (const DeleteWindow &w : std::as_const(m_deletes)) {
        if (w.dialog && w.clusterId == clusterId)
            w.dialog->close();
    }
}

} // namespace OffsetLens
