#include "offsetwrite.h"

#include "numberformat.h"

#include <algorithm>

namespace OffsetLens {

QString writeOutcomeName(WriteOutcome outcome)
{
    switch (outcome) {
    case WriteOutcome::Confirmed:
        return QStringLiteral("confirmed");
    case WriteOutcome::Accepted:
        return QStringLiteral("accepted");
    case WriteOutcome::Differs:
        return QStringLiteral("differs on read-back");
    case WriteOutcome::Rejected:
        return QStringLiteral("rejected");
    case WriteOutcome::Unknown:
        return QStringLiteral("unknown (no answer in time)");
    case WriteOutcome::NotSent:
        break;
    }
    return QStringLiteral("not sent");
}

qsizetype GroupWriteResult::count(WriteOutcome outcome) const
{
    return std::count_if(partitions.cbegin(), partitions.cend(),
                         [outcome](const PartitionWriteResult &p) { return p.outcome == outcome; });
}

bool GroupWriteResult::succeeded() const
{
    return std::all_of(partitions.cbegin(), partitions.cend(), [](const PartitionWriteResult &p) {
        return p.outcome == WriteOutcome::Confirmed || (p.outcome == WriteOutcome::Accepted && p.error.isEmpty());
    });
}

bool OffsetWriteReport::succeeded() const
{
    return std::all_of(groups.cbegin(), groups.cend(), [](const GroupWriteResult &g) { return g.succeeded(); });
}

qsizetype OffsetWriteReport::count(WriteOutcome outcome) const
{
    qsizetype n = 0;
    for (const GroupWriteResult &g : groups)
        n += g.count(outcome);
    return n;
}

QString OffsetWriteReport::summary() const
{
    qsizetype total = 0;
    for (const GroupWriteResult &g : groups)
        total += g.partitions.size();
    const auto partitions = [](qsizetype n) {
        return formatCountOf(n, QStringLiteral("partition"), QStringLiteral("partitions"));
    };
    const qsizetype confirmed = count(WriteOutcome::Confirmed);
    const qsizetype accepted = count(WriteOutcome::Accepted);
    if (confirmed == total)
        return QStringLiteral("%1 written and confirmed").arg(partitions(total));
    if (accepted == total && !readBack)
        return QStringLiteral("%1 written (not read back)").arg(partitions(total));
    QStringList parts{QStringLiteral("%1 of %2 written").arg(formatCount(confirmed + accepted), partitions(total))};
    if (accepted > 0)
        parts.append(QStringLiteral("%1 not confirmed").arg(formatCount(accepted)));
    for (const WriteOutcome outcome :
         {WriteOutcome::Differs, WriteOutcome::Rejected, WriteOutcome::Unknown, WriteOutcome::NotSent}) {
        if (const qsizetype n = count(outcome); n > 0)
            parts.append(QStringLiteral("%1 %2").arg(formatCount(n), writeOutcomeName(outcome)));
    }
    QString firstError;
    for (const GroupWriteResult &g : groups) {
        if (!g.error.isEmpty()) {
            firstError = QStringLiteral("%1: %2").arg(g.groupId, g.error);
            break;
        }
        const auto failed = std::find_if(g.partitions.cbegin(), g.partitions.cend(),
                                         [](const PartitionWriteResult &p) { return !p.error.isEmpty(); });
        if (failed != g.partitions.cend()) {
            firstError = QStringLiteral("%1 %2[%3]: %4")
                             .arg(g.groupId, failed->tp.topic)
                             .arg(failed->tp.partition)
                             .arg(failed->error);
            break;
        }
    }
    QString text = parts.join(QStringLiteral("; "));
    if (!firstError.isEmpty())
        text += QStringLiteral(" (") + firstError + QLatin1Char(')');
    return text;
}

} // namespace OffsetLens
