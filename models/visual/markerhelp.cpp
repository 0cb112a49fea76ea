#include "markerhelp.h"

#include "numberformat.h"
#include "outofrange.h"

#include <QCoreApplication>
#include <QStringList>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MarkerHelp", text);
}

QString valueText(qint64 offset)
{
    return offset < 0 ? tr("unknown") : formatCount(offset);
}

// A signed difference with its sign always shown (the typographic minus, as the step descriptions write it).
QString signedCount(qint64 value)
{
    return value < 0 ? QStringLiteral("\u2212") + formatCount(-value) : QStringLiteral("+") + formatCount(value);
}

bool isGroupMarker(MarkerKind kind)
{
    switch (kind) {
    case MarkerKind::Committed:
    case MarkerKind::Position:
    case MarkerKind::Lag:
    case MarkerKind::DeletedLag:
    case MarkerKind::CommittedBelowStart:
    case MarkerKind::CommittedAboveEnd:
    case MarkerKind::PendingTarget:
        return true;
    case MarkerKind::LogStart:
    case MarkerKind::LastStable:
    case MarkerKind::HighWatermark:
    case MarkerKind::LogEnd:
        break;
    }
    return false;
}

QString offsetLine(qint64 offset)
{
    return tr("Offset: %1").arg(valueText(offset));
}

// What the consumer does when its committed offset is out of range: the offset doctor says it with the same words.
QStringList belowStartLines(const OffsetLane &lane, qint64 committed)
{
    return committedBelowLogStartLines(committed, lane.logStartOffset, lane.highWatermark);
}

QStringList aboveEndLines(const OffsetLane &lane, qint64 committed)
{
    return committedAboveHighWatermarkLines(committed, lane.logStartOffset, lane.highWatermark);
}

QString lagLine(const LaneCommit *commit)
{
    if (!commit || !commit->lag.lag)
        return tr("Lag unknown (no committed offset, or the HW is unknown).");
    return tr("%1 messages between the committed offset and the HW").arg(formatCount(*commit->lag.lag));
}

QString positionLine(const LaneCommit *commit)
{
    if (!commit || commit->position < 0 || commit->committed < 0 || commit->position <= commit->committed)
        return QString();
    return tr("%1 messages past the committed offset: a crash now delivers them again.")
        .arg(formatCount(commit->position - commit->committed));
}

QString pendingLine(const LaneCommit *commit, qint64 target)
{
    if (target < 0)
        return offsetLine(target);
    if (!commit || commit->committed < 0)
        return tr("Offset: %1 (no committed offset before)").arg(formatCount(target));
    return tr("Offset: %1 (new \u2212 old: %2)").arg(formatCount(target), signedCount(target - commit->committed));
}

} // namespace

QString markerName(MarkerKind kind)
{
    switch (kind) {
    case MarkerKind::LogStart:
        return tr("Log start");
    case MarkerKind::Committed:
        return tr("Committed offset");
    case MarkerKind::Position:
        return tr("Consumer position");
    case MarkerKind::LastStable:
        return tr("Last stable offset (LSO)");
    case MarkerKind::HighWatermark:
        return tr("High watermark (HW)");
    case MarkerKind::LogEnd:
        return tr("Log end offset (LEO)");
    case MarkerKind::Lag:
        return tr("Lag");
    case MarkerKind::DeletedLag:
        return tr("Deleted lag");
    case MarkerKind::CommittedBelowStart:
        return tr("Committed offset below the log start");
    case MarkerKind::CommittedAboveEnd:
        return tr("Committed offset beyond the HW");
    case MarkerKind::PendingTarget:
        return tr("Pending target");
    }
    return QString();
}

QString markerMeaning(MarkerKind kind)
{
    switch (kind) {
    case MarkerKind::LogStart:
        return tr("The oldest offset still retained: retention deleted everything before it.");
    case MarkerKind::Committed:
        return tr("Where this group resumes after a restart or rebalance.");
    case MarkerKind::Position:
        return tr("The next offset the running consumer will fetch; it runs ahead of the committed offset until "
                  "the next commit, and a crash now delivers the messages in between again.");
    case MarkerKind::LastStable:
        return tr("Consumers reading with read_committed stop here until the open transaction commits or aborts.");
    case MarkerKind::HighWatermark:
        return tr("The end of what consumers can read: every offset below it is replicated to all in-sync "
                  "replicas.");
    case MarkerKind::LogEnd:
        return tr("Where the leader appends the next message, at or beyond the HW; brokers do not report it to "
                  "clients, so it is drawn only where a source knows it.");
    case MarkerKind::Lag:
        return tr("HW \u2212 committed offset: the messages this group has not read yet, as kafka-consumer-groups "
                  "counts them.");
    case MarkerKind::DeletedLag:
        return tr("The part of the lag that retention already deleted: those messages can no longer be read.");
    case MarkerKind::CommittedBelowStart:
        return tr("The committed offset points at messages retention has deleted, so it is out of range.");
    case MarkerKind::CommittedAboveEnd:
        return tr("The committed offset points past the end of the log, so it is out of range.");
    case MarkerKind::PendingTarget:
        return tr("Not written yet: Review & apply opens the reset preview.");
    }
    return QString();
}

QString markerToolTip(MarkerKind kind, const OffsetLane &lane, qsizetype groupIndex, const QString &groupId,
                      qint64 pendingTarget)
{
    const LaneCommit *commit = lane.commit(groupIndex);
    const qint64 committed = commit ? commit->committed : kNoOffset;

    QStringList lines;
    lines.append(isGroupMarker(kind) && !groupId.isEmpty() ? tr("%1 (group %2)").arg(markerName(kind), groupId)
                                                           : markerName(kind));
    switch (kind) {
    case MarkerKind::LogStart:
        lines.append(offsetLine(lane.logStartOffset));
        break;
    case MarkerKind::Committed:
    case MarkerKind::CommittedBelowStart:
    case MarkerKind::CommittedAboveEnd:
        lines.append(offsetLine(committed));
        break;
    case MarkerKind::Position:
        lines.append(offsetLine(commit ? commit->position : kNoOffset));
        break;
    case MarkerKind::LastStable:
        lines.append(offsetLine(lane.lastStableOffset));
        break;
    case MarkerKind::HighWatermark:
        lines.append(offsetLine(lane.highWatermark));
        break;
    case MarkerKind::LogEnd:
        lines.append(offsetLine(lane.logEndOffset));
        break;
    case MarkerKind::Lag:
        lines.append(lagLine(commit));
        break;
    case MarkerKind::DeletedLag:
        lines.append(
            commit && commit->lag.deletedMessages > 0
                ? tr("%1 messages deleted before this group read them").arg(formatCount(commit->lag.deletedMessages))
                : tr("Deleted messages: unknown"));
        break;
    case MarkerKind::PendingTarget:
        lines.append(pendingLine(commit, pendingTarget));
        break;
    }
    lines.append(markerMeaning(kind));

    if (kind == MarkerKind::Position) {
        if (const QString extra = positionLine(commit); !extra.isEmpty())
            lines.append(extra);
    } else if (kind == MarkerKind::CommittedBelowStart) {
        lines += belowStartLines(lane, committed);
    } else if (kind == MarkerKind::CommittedAboveEnd) {
        lines += aboveEndLines(lane, committed);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace OffsetLens
