#pragma once

#include "groupdelete.h"
#include "jobcontext.h"

#include <memory>

namespace OffsetLens {

class WriteAccess;

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
// A request we stopped waiting for may still be carried out: the result says so. Both refuse before anything else
// (no probe, no request) when `access` (null: the connection's profile, production counting as locked) forbids
// writes; the result's error is the refusal.
DeleteOffsetsResult deleteCommittedOffsets(const JobContext &context, const DeleteOffsetsRequest &request,
                                           const WriteAccess *access = nullptr);
DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId, const WriteAccess *access = nullptr);

// The two deletes behind an interface, so the state checks around them (groupdeletion.h) can be tested with a fake
// where the mock cluster cannot delete.
class GroupAdmin
{
public:
    virtual ~GroupAdmin() = default;
    // Why nothing may be deleted through this admin now (empty: go ahead). Asked before the re-read, so a refused
    // delete does not even read the group.
    virtual QString writeRefusal(const JobContext &) const { return {}; }
    virtual DeleteOffsetsResult deleteOffsets(const JobContext &context, const DeleteOffsetsRequest &request) = 0;
    virtual DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId) = 0;
};

// The real one: the functions above, with the cluster's write access (null: the connection's profile decides).
class KafkaGroupAdmin final : public GroupAdmin
{
public:
    explicit KafkaGroupAdmin(std::shared_ptr<const WriteAccess> access = {});
    QString writeRefusal(const JobContext &context) const override;
    DeleteOffsetsResult deleteOffsets(const JobContext &context, const DeleteOffsetsRequest &request) override;
    DeleteGroupResult deleteGroup(const JobContext &context, const QString &groupId) override;

private:
    std::shared_ptr<const WriteAccess> m_access;
};

} // namespace OffsetLens
