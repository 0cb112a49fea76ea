#pragma once

#include "jobcontext.h"
#include "rdkafkaptr.h"

#include <vector>

namespace OffsetLens {

// One ListOffsets request: `list` asks `client` for offsets by "timestamp" (RD_KAFKA_OFFSET_BEGINNING,
// RD_KAFKA_OFFSET_END, or a real timestamp in ms) through rd_kafka_offsets_for_times(), which groups the partitions
// by leader itself.
struct ListOffsetsCall
{
    rd_kafka_t *client = nullptr;
    qint32 leader = -1; // the broker all partitions of `list` are led by, or -1 when mixed/unknown
    int ordinal = 0;    // how many calls to the same leader come before this one (to interleave brokers)
    PartitionListPtr list;
};

struct ListOffsetsOutcome
{
    // The answered list (offsets and per-partition errors filled in), or null when the call did not finish: it
    // failed as a whole (`err`), was cancelled (RD_KAFKA_RESP_ERR__INTR) or missed the deadline
    // (RD_KAFKA_RESP_ERR__TIMED_OUT).
    PartitionListPtr list;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};

// Runs all calls at once on background threads (a bounded number, brokers interleaved so a dead broker's calls
// cannot hold every thread) and waits for them in short slices. Returns when all answered, the job was cancelled
// or the deadline passed; calls still running then finish in the background and their answers are dropped.
// outcome[i] belongs to calls[i].
std::vector<ListOffsetsOutcome> runListOffsets(const JobContext &context, std::vector<ListOffsetsCall> calls,
                                               const Deadline &deadline);

} // namespace OffsetLens
