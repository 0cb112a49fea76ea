#pragma once

#include "kafkaanswers.h"
#include "resetplan.h"

namespace OffsetLens {

// Timestamp look-ups (ListOffsets by time) for the date-time strategies. The planner is pure; this is the one thing
// it needs from a cluster. kafka/ implements it over rd_kafka_offsets_for_times (librdkafka's mock cluster cannot
// answer it); tests use a fake. Called on a job thread, never on the GUI thread.
class OffsetTimeSource
{
public:
    virtual ~OffsetTimeSource() = default;
    // One answer per query, in any order; a partition missing from the answers counts as failed.
    virtual QList<OffsetForTime> offsetsForTimes(const QList<OffsetForTime> &queries) = 0;
};

// The partitions a request touches, in (topic, partition) order, or why the request fails as a whole (as the CLI
// fails the command): a topic or partition that does not exist, a partition without a leader, a source group that
// is unknown, file rows naming unknown topics or partitions (one line-numbered detail per row).
struct ResolvedScope
{
    QList<TopicPartition> partitions;
    QString error;
    QStringList errorDetails;
};
ResolvedScope resolveResetScope(const ClusterSnapshot &snapshot, const ResetRequest &request);

// The time a ToDateTime / ByDuration request looks up (ms since the epoch, UTC); 0 for other strategies.
qint64 resetLookupTimeMs(const ResetRequest &request);

// Plans a reset with kafka-consumer-groups' exact semantics (../shared/reference.md) on one snapshot. Pure: for
// ToDateTime / ByDuration, `timeAnswers` holds the look-up answers for the resolved partitions (see the overload
// below); a partition without an answer fails its row.
ResetPlan planReset(const ClusterSnapshot &snapshot, const ResetRequest &request,
                    const QList<OffsetForTime> &timeAnswers = {});

// Resolves the scope, asks `times` for the date-time strategies (may block: call it on a job thread), and plans.
// `times` may be null when the strategy needs no look-up.
ResetPlan planReset(const ClusterSnapshot &snapshot, const ResetRequest &request, OffsetTimeSource *times);

// What undoes an applied plan: Explicit targets = the committed offsets before it, for the rows that had one
// (a partition that had no commit before cannot be put back to "no commit" by a reset: the plan's warnings say so).
ResetRequest undoRequest(const ResetPlan &applied);

} // namespace OffsetLens
