#include "diagnose.h"

#include "rules.h"

#include <QSet>

#include <algorithm>

namespace OffsetLens {

namespace {

bool has(const QList<Finding> &findings, FindingRule rule)
{
    return std::any_of(findings.cbegin(), findings.cend(), [rule](const Finding &f) { return f.rule == rule; });
}

QList<Finding> groupFindings(const DiagnosisInput &input, const QString &groupId)
{
    QList<Finding> findings;
    findings += findCommittedBelowLogStart(input, groupId);
    findings += findCommittedAboveHighWatermark(input, groupId);
    findings += findPartitionsWithoutCommit(input, groupId);
    findings += findExpiringOffsets(input, groupId);
    findings += findVanishedOffsets(input, groupId);
    findings += findSharedGroupId(input, groupId);
    findings += findUnhealthyConsumers(input, groupId);
    // A stopped or stalled consumer explains its growing lag; saying it twice is noise.
    if (!has(findings, FindingRule::ConsumerStopped) && !has(findings, FindingRule::ConsumerStalled))
        findings += findLagTrend(input, groupId);
    findings += findUncommittedProgress(input, groupId);
    findings += findClientDefaults(input, groupId, findings);
    return findings;
}

// The previous refresh's findings by group, to share partition lists that did not change.
class Previous
{
public:
    explicit Previous(const QList<Finding> &findings)
    {
        for (const Finding &f : findings)
            m_byGroup[f.groupId].append(&f);
    }

    void share(QList<Finding> &findings) const
    {
        for (Finding &f : findings) {
            const auto group = m_byGroup.constFind(f.groupId);
            if (group == m_byGroup.cend())
                continue;
            for (const Finding *old : *group) {
                if (old->rule == f.rule && old->topic == f.topic && old->partitions == f.partitions) {
                    f.partitions = old->partitions;
                    break;
                }
            }
        }
    }

private:
    QHash<QString, QList<const Finding *>> m_byGroup;
};

} // namespace

QList<Finding> diagnose(const DiagnosisInput &input)
{
    QList<Finding> findings;
    QSet<QString> done;
    const Previous previous(input.previous);
    const auto add = [&](const QString &groupId) {
        QList<Finding> found = groupFindings(input, groupId);
        previous.share(found); // before the next group's are made, so that only one group's are held twice
        findings += found;
    };
    for (const GroupInfo &group : input.snapshot.groups) {
        done.insert(group.groupId);
        add(group.groupId);
    }
    // Groups the history knows but the snapshot does not list: their offsets may have vanished with them.
    QStringList others;
    for (auto it = input.history.cbegin(); it != input.history.cend(); ++it) {
        if (!done.contains(it.key()))
            others.append(it.key());
    }
    others.sort();
    for (const QString &groupId : std::as_const(others))
        add(groupId);
    sortFindings(findings);
    return findings;
}

QList<Finding> diagnoseGroup(const DiagnosisInput &input, const QString &groupId)
{
    QList<Finding> findings = groupFindings(input, groupId);
    sortFindings(findings);
    return findings;
}

} // namespace OffsetLens
