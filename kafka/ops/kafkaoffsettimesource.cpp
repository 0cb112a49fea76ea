#include "kafkaoffsettimesource.h"

#include "lookups.h"

namespace OffsetLens {

QList<OffsetForTime> KafkaOffsetTimeSource::offsetsForTimes(const QList<OffsetForTime> &queries)
{
    return lookupOffsetsForTimes(m_context, queries);
}

} // namespace OffsetLens
