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

} // namespace

QList<Finding> diagnose(const DiagnosisInput &input)
{
    QList<Finding> findings;
    QSet<QString> done;
    for (const GroupInfo &group : input.snapshot.groups) {
        done.insert(group.groupId);
        findings += groupFindings(input, group.groupId);
    }
    // Groups the history knows but the snapshot does not list: their offsets may have vanished with them.
    QStringList others;
    for (auto it = input.history.cbegin(); it != input.history.cend(); ++it) {
        if (!done.contains(it.key()))
            others.append(it.key());
    }
    others.sort();
    for (const QString &groupId : std::as_const(others))
        findings += groupFindings(input, groupId);
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
