#pragma once

#include "groupdelete.h"
#include "resetaudit.h"
#include "resetresult.h"

#include <QString>

namespace OffsetLens {

// The audit log of applied writes (resets, undo, deleted offsets and groups): JSON lines appended to one file in
// the app-data folder, shared by the desktop app and the command line. Appends are whole lines written with one
// write() on a file opened for appending, so a crash leaves at most a torn last line, which reading skips.
class AuditLog
{
public:
    // $XDG_DATA_HOME/OffsetLens/offsetlens/audit.jsonl on Linux (QStandardPaths::AppDataLocation).
    static QString defaultPath();

    explicit AuditLog(QString path = defaultPath());
    const QString &path() const { return m_path; }

    bool append(const ResetAuditEntry &entry, QString *error = nullptr) const;
    // Newest first, at most `limit` entries; unreadable lines are counted in `skipped`.
    QList<ResetAuditEntry> read(qsizetype limit = 1000, qsizetype *skipped = nullptr, QString *error = nullptr) const;

private:
    QString m_path;
};

// Where a write happened, for its audit entry.
struct AuditContext
{
    QString profileId;
    QString clusterName;
    QString bootstrapServers;
    QString origin; // "gui" or "cli"
};

// The audit entry of an applied reset (Reset or Undo): per partition the offset before (as re-read right before the
// write), the offset asked for, and what the read-back found.
ResetAuditEntry auditEntryFor(const AuditContext &where, const ResetApplyResult &result, ResetAuditEntry::Action action,
                              const QString &strategy);
// The audit entry of deleted offsets.
ResetAuditEntry auditEntryFor(const AuditContext &where, const DeleteOffsetsResult &result);

} // namespace OffsetLens
