#pragma once

#include "offsetwrite.h"
#include "snapshot.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace OffsetLens {

// One line of the audit log: every write OffsetLens applied (resets, undo, deleted offsets, deleted groups), with
// the offsets before and after per partition. Stored as JSON lines in the app-data folder (app/auditlog.h).
struct ResetAuditEntry
{
    enum class Action
    {
        Reset,
        Undo,
        DeleteOffsets,
        DeleteGroup,
    };
    struct Row
    {
        TopicPartition tp;
        qint64 before = kNoOffset;
        qint64 after = kNoOffset; // requested target; kNoOffset for deletes
        QString outcome;          // "confirmed", "rejected: …", "deleted", …
        friend bool operator==(const Row &, const Row &) = default;
    };

    QDateTime time; // UTC
    Action action = Action::Reset;
    QString profileId;
    QString clusterName;
    QString bootstrapServers;
    QString groupId;
    QString strategy; // "to earliest", "shift by -10", "from file plan.csv", …
    QString origin;   // "gui" or "cli"
    QString summary;  // the result's one line
    QList<Row> rows;

    QByteArray toJsonLine() const; // one line, no newline
    static std::optional<ResetAuditEntry> fromJsonLine(const QByteArray &line);
    friend bool operator==(const ResetAuditEntry &, const ResetAuditEntry &) = default;
};
QString resetAuditActionName(ResetAuditEntry::Action action); // "reset", "undo", "delete offsets", "delete group"

} // namespace OffsetLens
