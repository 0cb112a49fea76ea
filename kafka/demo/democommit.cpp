#include "democommit.h"

#include "demokafka.h"
#include "kafkaconnection.h"
#include "offsetwriter.h"

namespace OffsetLens::Demo {

bool commitGroupOffsets(const std::string &bootstrap, const std::vector<GroupCommit> &commits,
                        std::chrono::milliseconds timeout, QString *error)
{
    if (commits.empty())
        return true;
    // The demo writes through the app's one offset writer, on a connection of its own with the demo's settings.
    ConnectionProfile profile;
    profile.name = QStringLiteral("demo-admin");
    profile.bootstrapServers = QString::fromStdString(bootstrap);
    profile.requestTimeoutMs = int(timeout.count());
    for (const auto &[key, value] : commonClientSettings(bootstrap)) {
        if (key != "bootstrap.servers")
            profile.clientProperties.insert(QString::fromStdString(key), QString::fromStdString(value));
    }
    profile.clientProperties.insert(QStringLiteral("client.id"), QStringLiteral("offsetlens-demo-admin"));

    QList<GroupOffsetsToWrite> writes;
    writes.reserve(qsizetype(commits.size()));
    for (const GroupCommit &commit : commits) {
        GroupOffsetsToWrite write;
        write.groupId = QString::fromStdString(commit.groupId);
        for (const OffsetToCommit &o : commit.offsets)
            write.offsets.append({{QString::fromStdString(o.topic), o.partition}, o.offset, QString()});
        writes.append(write);
    }
    const std::atomic_bool never{false};
    const JobContext context(std::make_shared<KafkaConnection>(profile), never);
    // The mock answers at once and nothing else commits for these groups yet: the acknowledgements suffice.
    const OffsetWriteReport report = writeCommittedOffsets(context, writes, OffsetWriteOptions{false});
    if (!report.succeeded() && error)
        *error = QStringLiteral("committing demo offsets: %1").arg(report.summary());
    return report.succeeded();
}

QList<TopicPartition> GroupCommit::partitions() const
{
    QList<TopicPartition> result;
    result.reserve(static_cast<qsizetype>(offsets.size()));
    for (const OffsetToCommit &o : offsets)
        result.append({QString::fromStdString(o.topic), o.partition});
    return result;
}

} // namespace OffsetLens::Demo
