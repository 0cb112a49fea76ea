#include "finding.h"

#include <QCoreApplication>

#include <algorithm>

namespace OffsetLens {

QString findingSeverityId(FindingSeverity severity)
{
    switch (severity) {
    case FindingSeverity::Info:
        return QStringLiteral("info");
    case FindingSeverity::Warning:
        return QStringLiteral("warning");
    case FindingSeverity::Error:
        break;
    }
    return QStringLiteral("error");
}

QString findingSeverityName(FindingSeverity severity)
{
    switch (severity) {
    case FindingSeverity::Info:
        return QCoreApplication::translate("Diagnosis", "Info");
    case FindingSeverity::Warning:
        return QCoreApplication::translate("Diagnosis", "Warning");
    case FindingSeverity::Error:
        break;
    }
    return QCoreApplication::translate("Diagnosis", "Error");
}

std::optional<FindingSeverity> findingSeverityFromId(QStringView id)
{
    for (const FindingSeverity s : {FindingSeverity::Info, FindingSeverity::Warning, FindingSeverity::Error}) {
        if (id == findingSeverityId(s))
            return s;
    }
    return std::nullopt;
}

QString findingRuleId(FindingRule rule)
{
    switch (rule) {
    case FindingRule::CommittedBelowLogStart:
        return QStringLiteral("committed-below-log-start");
    case FindingRule::CommittedAboveHighWatermark:
        return QStringLiteral("committed-above-high-watermark");
    case FindingRule::NoCommittedOffset:
        return QStringLiteral("no-committed-offset");
    case FindingRule::OffsetsExpiring:
        return QStringLiteral("offsets-expiring");
    case FindingRule::OffsetsVanished:
        return QStringLiteral("offsets-vanished");
    case FindingRule::SharedGroupId:
        return QStringLiteral("shared-group-id");
    case FindingRule::ConsumerStopped:
        return QStringLiteral("consumer-stopped");
    case FindingRule::ConsumerStalled:
        return QStringLiteral("consumer-stalled");
    case FindingRule::ConsumerRewound:
        return QStringLiteral("consumer-rewound");
    case FindingRule::LagGrowing:
        return QStringLiteral("lag-growing");
    case FindingRule::LagCatchingUpSlowly:
        return QStringLiteral("lag-catching-up-slowly");
    case FindingRule::CommittedAheadOfPosition:
        return QStringLiteral("committed-ahead-of-position");
    case FindingRule::RedeliveryOnCrash:
        return QStringLiteral("redelivery-on-crash");
    case FindingRule::ResetPolicy:
        return QStringLiteral("client-reset-policy");
    case FindingRule::CommitMode:
        break;
    }
    return QStringLiteral("client-commit-mode");
}

QList<FindingRule> allFindingRules()
{
    QList<FindingRule> rules;
    for (int i = 0; i <= int(FindingRule::CommitMode); ++i)
        rules.append(FindingRule(i));
    return rules;
}

std::optional<FindingRule> findingRuleFromId(QStringView id)
{
    for (const FindingRule rule : allFindingRules()) {
        if (id == findingRuleId(rule))
            return rule;
    }
    return std::nullopt;
}

QString findingScopeId(FindingScope scope)
{
    switch (scope) {
    case FindingScope::Cluster:
        return QStringLiteral("cluster");
    case FindingScope::Group:
        return QStringLiteral("group");
    case FindingScope::Topic:
        break;
    }
    return QStringLiteral("topic");
}

QStringList Finding::topics() const
{
    QStringList names;
    for (const FindingPartition &p : partitions) {
        if (names.isEmpty() || names.constLast() != p.tp.topic)
            names.append(p.tp.topic);
    }
    if (!topic.isEmpty())
        names.append(topic);
    names.sort();
    names.removeDuplicates();
    return names;
}

qint64 Finding::total(qint64 FindingPartition::*count) const
{
    qint64 sum = 0;
    for (const FindingPartition &p : partitions) {
        if (p.*count != kNoOffset)
            sum += p.*count;
    }
    return sum;
}

void sortFindings(QList<Finding> &findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.scope != b.scope)
            return a.scope < b.scope;
        if (const int c = QString::compare(a.groupId, b.groupId); c != 0)
            return c < 0;
        if (a.rule != b.rule)
            return a.rule < b.rule;
        return QString::compare(a.topic, b.topic) < 0;
    });
}

bool findingMatches(const Finding &finding, const FindingFilter &filter)
{
    if (finding.severity < filter.minimum)
        return false;
    if (!filter.groupId.isEmpty() && finding.groupId != filter.groupId)
        return false;
    if (!filter.topic.isEmpty()) {
        if (finding.topic == filter.topic)
            return true;
        return std::any_of(finding.partitions.cbegin(), finding.partitions.cend(),
                           [&filter](const FindingPartition &p) { return p.tp.topic == filter.topic; });
    }
    return true;
}

QList<Finding> filterFindings(const QList<Finding> &findings, const FindingFilter &filter)
{
    QList<Finding> result;
    for (const Finding &f : findings) {
        if (findingMatches(f, filter))
            result.append(f);
    }
    return result;
}

QHash<QString, FindingSeverity> worstSeverityByGroup(const QList<Finding> &findings)
{
    QHash<QString, FindingSeverity> worst;
    for (const Finding &f : findings) {
        if (f.groupId.isEmpty())
            continue;
        const auto it = worst.find(f.groupId);
        if (it == worst.end())
            worst.insert(f.groupId, f.severity);
        else if (f.severity > *it)
            *it = f.severity;
    }
    return worst;
}

std::optional<FindingSeverity> worstSeverity(const QList<Finding> &findings)
{
    std::optional<FindingSeverity> worst;
    for (const Finding &f : findings) {
        if (!worst || f.severity > *worst)
            worst = f.severity;
    }
    return worst;
}

} // namespace OffsetLens
