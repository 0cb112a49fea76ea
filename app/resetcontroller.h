#pragma once

#include "groupdelete.h"
#include "resetplan.h"
#include "resetsafety.h"
#include "snapshotfacts.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QWidget;

namespace OffsetLens {

class ConnectionManager;
class DeleteOffsetsDialog;
class ResetDialog;

// Wires the reset, delete and audit dialogs (widgets/, no Kafka) to the clusters' sessions: previews are planned
// in jobs (date-time strategies look timestamps up), applies and deletes re-check the group in a job and write
// through the one offset writer, every applied write goes to the audit log, and the last reset of each group can
// be undone through the same preview. Every write job takes the cluster's write access along, so the writers
// themselves refuse on a read-only or locked production profile. Lives on the GUI thread; never waits there.
class ResetController : public QObject
{
    Q_OBJECT
public:
    ResetController(ConnectionManager *connections, QWidget *dialogParent);
    ~ResetController() override;

    // Opens the reset dialog for a group of an open cluster (null if the cluster has no snapshot yet).
    ResetDialog *openReset(const QString &clusterId, const QString &groupId);
    ResetDialog *openReset(const QString &clusterId, const ResetRequest &initial);
    bool canUndo(const QString &clusterId, const QString &groupId) const;
    ResetDialog *openUndo(const QString &clusterId, const QString &groupId);
    DeleteOffsetsDialog *openDeleteOffsets(const QString &clusterId, const QString &groupId);
    // Asks for confirmation, then deletes the whole group (inactive groups only).
    void deleteGroup(const QString &clusterId, const QString &groupId);
    void showAuditLog();

    ResetDialog *activeResetDialog() const; // the most recently opened one still open (tests)

Q_SIGNALS:
    // A reset was written (all of it); `request` is what the preview planned, e.g. the visualiser's explicit targets.
    void resetApplied(const QString &clusterId, const OffsetLens::ResetRequest &request);

private:
    struct ResetWindow
    {
        QPointer<ResetDialog> dialog;
        QString clusterId;
        std::shared_ptr<std::atomic_bool> stopApply; // the dialog's Cancel while a write runs
    };
    struct DeleteWindow
    {
        QPointer<DeleteOffsetsDialog> dialog;
        QString clusterId;
        QString groupId;
    };

    void onSnapshot(const QString &clusterId, const AnalyzedSnapshot &snapshot);
    void onClosed(const QString &clusterId);
    // Whether the group may be written now: the profile's write access first, then the group's state.
    ResetPermission permission(const QString &clusterId, const ClusterSnapshot &snapshot, const QString &groupId) const;
    void updatePermissions(const QString &clusterId, const ClusterSnapshot &snapshot);
    void plan(ResetDialog *dialog, const ResetRequest &request);
    void apply(ResetDialog *dialog, const ResetPlan &plan);
    void deleteOffsets(DeleteOffsetsDialog *dialog, const DeleteOffsetsRequest &request);

    ConnectionManager *m_connections;
    QPointer<QWidget> m_parent;
    OffsetMovementTracker m_tracker;
    QList<ResetWindow> m_resets;
    QList<DeleteWindow> m_deletes;
    // Per cluster and group: the plan last applied (for "Undo last reset").
    QHash<QString, QHash<QString, ResetPlan>> m_lastApplied;
};

} // namespace OffsetLens
