#include "outofrange.h"

#include "numberformat.h"

#include <QCoreApplication>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OutOfRange", text);
}

QString valueText(qint64 offset)
{
    return offset < 0 ? tr("unknown") : formatCount(offset);
}

bool knowsRange(const CommittedInLog &p)
{
    return p.logStartOffset >= 0 && p.highWatermark >= p.logStartOffset;
}

} // namespace

QStringList committedBelowLogStartLines(const QList<CommittedInLog> &partitions)
{
    QStringList lines;
    if (partitions.isEmpty())
        return lines;
    if (partitions.size() == 1) {
        // One partition: name the offsets it resumes at. The numbers are the point: "latest" is the default of most
        // clients, and it skips messages without a word.
        const CommittedInLog &p = partitions.constFirst();
        const bool known = p.committed >= 0 && p.logStartOffset >= 0;
        const QString deleted = known ? formatCount(p.logStartOffset - p.committed) : tr("an unknown number of");
        lines.append(tr("Retention deleted %1 messages this group never read.").arg(deleted));
        lines.append(tr("On restart the consumer gets \"offset out of range\" and resets per auto.offset.reset:"));
        lines.append(tr("earliest: resumes at the log start, %1; nothing is skipped beyond the %2 deleted messages.")
                         .arg(valueText(p.logStartOffset), deleted));
        if (knowsRange(p))
            lines.append(tr("latest (the default of most clients): resumes at the HW, %1, skipping %2 more messages.")
                             .arg(formatCount(p.highWatermark), formatCount(p.highWatermark - p.logStartOffset)));
        else
            lines.append(tr("latest (the default of most clients): resumes at the HW, %1, skipping every message "
                            "retained before it.")
                             .arg(valueText(p.highWatermark)));
        lines.append(tr("none: the consumer fails with an error."));
        return lines;
    }

    // Several partitions: the sums, and an unknown part said as such rather than left out of a total.
    qint64 deleted = 0;
    qint64 skipped = 0;
    bool deletedKnown = true;
    bool skippedKnown = true;
    for (const CommittedInLog &p : partitions) {
        if (p.committed >= 0 && p.logStartOffset >= 0)
            deleted += p.logStartOffset - p.committed;
        else
            deletedKnown = false;
        if (knowsRange(p))
            skipped += p.highWatermark - p.logStartOffset;
        else
            skippedKnown = false;
    }
    const QString count = formatCount(partitions.size());
    const QString deletedText = deletedKnown ? formatCount(deleted) : tr("at least %1").arg(formatCount(deleted));
    lines.append(tr("Retention deleted %1 messages this group never read, on %2 partitions.").arg(deletedText, count));
    lines.append(tr("On restart the consumer gets \"offset out of range\" on each of them and resets per "
                    "auto.offset.reset:"));
    lines.append(tr("earliest: resumes at each partition's log start; nothing is skipped beyond the %1 deleted "
                    "messages.")
                     .arg(deletedText));
    lines.append(tr("latest (the default of most clients): resumes at each partition's HW, skipping %1 more "
                    "messages.")
                     .arg(skippedKnown ? formatCount(skipped) : tr("at least %1").arg(formatCount(skipped))));
    lines.append(tr("none: the consumer fails with an error."));
    return lines;
}

QStringList committedAboveHighWatermarkLines(qint64 committed, qint64 logStart, qint64 highWatermark)
{
    QStringList lines;
    if (committed >= 0 && highWatermark >= 0 && committed > highWatermark)
        lines.append(tr("%1 offsets beyond the HW (%2).")
                         .arg(formatCount(committed - highWatermark), formatCount(highWatermark)));
    lines.append(tr("Usually the topic was deleted and recreated, or data was truncated after an unclean leader "
                    "election."));
    lines.append(tr("The consumer gets \"offset out of range\" and resets per auto.offset.reset: earliest to the "
                    "log start, %1; latest to the HW, %2; none fails with an error.")
                     .arg(valueText(logStart), valueText(highWatermark)));
    return lines;
}

} // namespace OffsetLens
