#include "auditlog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>

namespace OffsetLens {

QString AuditLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/audit.jsonl");
}

AuditLog::AuditLog(QString path)
    : m_path(std::move(path))
{}

bool AuditLog::append(const ResetAuditEntry &entry, QString *error) const
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder of %1").arg(m_path);
        return false;
    }
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(m_path, file.errorString());
        return false;
    }
    const QByteArray line = entry.toJsonLine() + '\n';
    if (file.write(line) != line.size() || !file.flush()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

QList<ResetAuditEntry> AuditLog::read(qsizetype limit, qsizetype *skipped, QString *error) const
{
    QList<ResetAuditEntry> entries;
    qsizetype bad = 0;
    QFile file(m_path);
    if (!file.exists()) {
        if (skipped)
            *skipped = 0;
        return entries; // nothing applied yet
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(m_path, file.errorString());
        return entries;
    }
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (std::optional<ResetAuditEntry> entry = ResetAuditEntry::fromJsonLine(line))
            entries.append(std::move(*entry));
        else
            ++bad;
    }
    std::reverse(entries.begin(), entries.end());
    if (entries.size() > limit)
        entries.resize(limit);
    if (skipped)
        *skipped = bad;
    return entries;
}

namespace {
ResetAuditEntry baseEntry(const AuditContext &where, ResetAuditEntry::Action action)
{
    ResetAuditEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.action = action;
    entry.profileId = where.profileId;
    entry.clusterName = where.clusterName;
    entry.bootstrapServers = where.bootstrapServers;
    entry.origin = where.origin;
    return entry;
}
} // namespace

ResetAuditEntry auditEntryFor(const AuditContext &where, const ResetApplyResult &result, ResetAuditEntry::Action action,
                              const QString &strategy)
{
    ResetAuditEntry entry = baseEntry(where, action);
    entry.groupId = result.freshPlan.request.groupId;
    entry.strategy = strategy;
    entry.summary = result.summary();
    QHash<TopicPartition, qint64> before;
    for (const ResetPlanRow &row : result.freshPlan.rows)
        before.insert(row.tp, row.committedBefore);
    for (const GroupWriteResult &group : result.report.groups) {
        for (const PartitionWriteResult &p : group.partitions) {
            QString outcome = writeOutcomeName(p.outcome);
            if (!p.error.isEmpty())
                outcome += QStringLiteral(": ") + p.error;
            entry.rows.append({p.tp, before.value(p.tp, kNoOffset), p.requested, outcome});
        }
    }
    return entry;
}

ResetAuditEntry auditEntryFor(const AuditContext &where, const DeleteOffsetsResult &result)
{
    ResetAuditEntry entry = baseEntry(where, ResetAuditEntry::Action::DeleteOffsets);
    entry.groupId = result.groupId;
    entry.strategy = QStringLiteral("delete offsets");
    entry.summary = result.summary();
    for (const PartitionDeleteResult &p : result.partitions)
        entry.rows.append({p.tp, p.committedBefore, kNoOffset, p.deleted ? QStringLiteral("deleted") : p.error});
    return entry;
}

} // namespace OffsetLens
