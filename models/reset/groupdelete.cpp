#include "groupdelete.h"

#include "numberformat.h"

#include <algorithm>

namespace OffsetLens {

bool DeleteOffsetsResult::succeeded() const
{
    return error.isEmpty() && std::all_of(partitions.cbegin(), partitions.cend(),
                                          [](const PartitionDeleteResult &p) { return p.deleted; });
}

QString DeleteOffsetsResult::summary() const
{
    const auto partitionCount = [](qsizetype n) {
        return formatCountOf(n, QStringLiteral("partition"), QStringLiteral("partitions"));
    };
    if (!error.isEmpty())
        return QStringLiteral("nothing deleted: ") + error;
    if (partitions.isEmpty())
        return QStringLiteral("no partitions to delete");
    const qsizetype deleted =
        std::count_if(partitions.cbegin(), partitions.cend(), [](const PartitionDeleteResult &p) { return p.deleted; });
    if (deleted == partitions.size())
        return QStringLiteral("%1 deleted").arg(partitionCount(deleted));
    QString text =
        QStringLiteral("%1 of %2 deleted; %3 failed")
            .arg(formatCount(deleted), partitionCount(partitions.size()), formatCount(partitions.size() - deleted));
    const auto failed =
        std::find_if(partitions.cbegin(), partitions.cend(), [](const PartitionDeleteResult &p) { return !p.deleted; });
    if (!failed->error.isEmpty())
        text += QStringLiteral(": %1-%2: %3").arg(failed->tp.topic).arg(failed->tp.partition).arg(failed->error);
    return text;
}

} // namespace OffsetLens
