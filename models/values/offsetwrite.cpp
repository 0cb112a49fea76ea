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
        return p.outcome == WriteOutcome::Confirmed || p.outcome == WriteOutcome::Accepted;
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
    const qsizetype good = count(WriteOutcome::Confirmed) + count(WriteOutcome::Accepted);
    if (good == total)
        return QStringLiteral("%1 %2").arg(partitions(total), readBack ? QStringLiteral("written and confirmed")
                                                                       : QStringLiteral("written"));
    QStringList parts{QStringLiteral("%1 of %2 written").arg(formatCount(good), partitions(total))};
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
