#pragma once

#include "jobcontext.h"
#include "resetplanner.h"

namespace OffsetLens {

// The reset planner's timestamp look-ups on a real cluster: lookupOffsetsForTimes on the job's connection, honouring
// its cancel flag and request timeout. Borrows the context: use it only within the job that owns it.
class KafkaOffsetTimeSource final : public OffsetTimeSource
{
public:
    explicit KafkaOffsetTimeSource(const JobContext &context)
        : m_context(context)
    {}

    QList<OffsetForTime> offsetsForTimes(const QList<OffsetForTime> &queries) override;

private:
    const JobContext &m_context;
};

} // namespace OffsetLens
