#pragma once

#include "groupdelete.h"
#include "jobcontext.h"

namespace OffsetLens {

// Whether the cluster serves the Kafka protocol API `apiKey` (e.g. 47, OffsetDelete), as the first broker that
// tells its API versions to a short-lived client of the profile says. Waits in slices, honouring cancel and the
// request timeout.
struct ApiSupport
{
    enum class Answer
    {
        Supported,
        NotSupported,
        Unknown, // no broker answered in time, cancelled, or the probe could not run: `detail` says why
    };
    Answer answer = Answer::Unknown;
    QString detail;
};
ApiSupport probeApiSupport(const JobContext &context, int apiKey);

// Deleting committed offsets (OffsetDelete, Kafka 2.4+) and whole groups (DeleteGroups, Kafka 1.1+) on the
// connection's admin client. Both find out first whether the cluster serves the request: librdkafka 2.0.2 aborts
// the process when it is asked for a group request the broker does not support (confluentinc/librdkafka#3663), as
// on librdkafka's mock cluster, which answers neither. A cluster without it is reported in words and nothing is
// sent. Never throw; each step waits in slices, honouring the job's cancel flag and the profile's request timeout.
// A request we stopped waiting for may still be carried out: the result says so.
DeleteOffsetsResult deleteCommittedOffsets(const JobContext &context, const DeleteOffsetsRequest &request);
DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId);

// The two deletes behind an interface, so the state checks around them (groupdeletion.h) can be tested with a fake
// where the mock cluster cannot delete.
class GroupAdmin
{
public:
    virtual ~GroupAdmin() = default;
    virtual DeleteOffsetsResult deleteOffsets(const JobContext &context, const DeleteOffsetsRequest &request) = 0;
    virtual DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId) = 0;
};

// The real one: the functions above.
class KafkaGroupAdmin final : public GroupAdmin
{
public:
    DeleteOffsetsResult deleteOffsets(const JobContext &context, const DeleteOffsetsRequest &request) override;
    DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId) override;
};

} // namespace OffsetLens
