#include "snapshotfacts.h"

#include "carryforward.h"
#include "saturating.h"

namespace OffsetLens {

SnapshotFacts::SnapshotFacts(const ClusterSnapshot &snapshot)
{
    m_topics.reserve(snapshot.topics.size());
    for (const TopicInfo &topic : snapshot.topics) {
        TopicFacts facts;
        for (const PartitionInfo &p : topic.partitions) {
            if (p.messageCount() > 0)
                facts.messages = addSaturating(facts.messages, p.messageCount());
            if (p.leader < 0)
                ++facts.leaderless;
            else if (p.isUnderReplicated())
                ++facts.underReplicated;
            if (p.leader >= 0)
                ++m_brokers[p.leader].partitionsLed;
            for (const qint32 replica : p.replicas)
                ++m_brokers[replica].replicasHosted;
        }
        facts.health = (!topic.error.isEmpty() || facts.leaderless > 0) ? 2 : facts.underReplicated > 0 ? 1 : 0;
        m_topics.append(facts);
    }
    m_groups.reserve(snapshot.groups.size());
    for (const GroupInfo &group : snapshot.groups) {
        GroupOverview overview = GroupOverview::of(snapshot, group);
        m_totalLag = addSaturating(m_totalLag, overview.summary.totalLag);
        m_outOfRange += overview.summary.outOfRange;
        m_groupsWithErrors += overview.health() == 2 ? 1 : 0;
        m_groups.append(std::move(overview));
    }
}

AnalyzedSnapshot::AnalyzedSnapshot()
{
    static const std::shared_ptr<const Data> empty = std::make_shared<const Data>();
    m_data = empty;
}

AnalyzedSnapshot::AnalyzedSnapshot(ClusterSnapshot snapshot)
{
    const SnapshotFacts facts(snapshot);
    ClusterSnapshot read = readByThisRefresh(snapshot);
    m_data = std::make_shared<const Data>(Data{std::move(snapshot), std::move(read), facts});
}

const GroupOverview *AnalyzedSnapshot::groupOverview(const QString &groupId) const
{
    const GroupInfo *group = snapshot().findGroup(groupId);
    return group ? &facts().groups()[group - snapshot().groups.constData()] : nullptr;
}

} // namespace OffsetLens
