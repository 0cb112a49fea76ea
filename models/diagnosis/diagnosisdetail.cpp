#include "diagnosisdetail.h"

#include "clientassumptions.h"
#include "lag.h"
#include "numberformat.h"
#include "resetsafety.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace OffsetLens::DiagnosisDetail {

QString tr(const char *text)
{
    return QCoreApplication::translate("Diagnosis", text);
}

QString messages(qint64 count)
{
    return formatCountOf(count, tr("message"), tr("messages"));
}

QString partitions(qint64 count)
{
    return formatCountOf(count, tr("partition"), tr("partitions"));
}

QString partitionNames(const QList<FindingPartition> &list, qsizetype shown)
{
    QStringList names;
    for (qsizetype i = 0; i < list.size() && i < shown; ++i)
        names.append(partitionName(list.at(i).tp));
    QString text = names.join(QStringLiteral(", "));
    if (list.size() > shown)
        text = tr("%1 and %2 more").arg(text, formatCount(list.size() - shown));
    return text;
}

QString utcText(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString rateText(double perSecond)
{
    return tr("%1 msg/s").arg(QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0));
}

QString policyName(ResetPolicy policy)
{
    return policy == ResetPolicy::Unknown ? tr("unknown") : resetPolicyId(policy);
}

QString clientIdFamily(const QString &clientId)
{
    QString id = clientId.trimmed();
    for (;;) {
        qsizetype i = id.size();
        while (i > 0 && id.at(i - 1).isDigit())
            --i;
        if (i == id.size() || i == 0)
            return id; // no instance number, or nothing but digits (then the digits are the name)
        const QChar before = id.at(i - 1);
        if (before == QLatin1Char('-') || before == QLatin1Char('_') || before == QLatin1Char('.')) {
            id.truncate(i - 1); // "-2", and again for "aiokafka-0.10.0"
            continue;
        }
        id.truncate(i);
        return id;
    }
}

bool isActive(const GroupInfo &group)
{
    switch (group.state) {
    case GroupState::Stable:
    case GroupState::PreparingRebalance:
    case GroupState::CompletingRebalance:
        return true;
    case GroupState::Unknown:
    case GroupState::Dead:
    case GroupState::Empty:
        break;
    }
    return !group.members.isEmpty();
}

bool isActive(const GroupSample &sample)
{
    switch (sample.state) {
    case GroupState::Stable:
    case GroupState::PreparingRebalance:
    case GroupState::CompletingRebalance:
        return true;
    case GroupState::Unknown:
    case GroupState::Dead:
    case GroupState::Empty:
        break;
    }
    return sample.hasMembers;
}

FindingPartition figures(const ClusterSnapshot &snapshot, const GroupInfo *group, const TopicPartition &tp)
{
    FindingPartition p;
    p.tp = tp;
    if (group) {
        if (const CommittedOffset *c = group->findOffset(tp))
            p.committed = c->offset < 0 ? kNoOffset : c->offset;
        p.position = group->positions.value(tp, kNoOffset);
    }
    if (const PartitionInfo *info = snapshot.findPartition(tp)) {
        p.logStartOffset = info->logStartOffset;
        p.highWatermark = info->highWatermark;
    }
    p.lag = computeLag(p.committed, p.logStartOffset, p.highWatermark).lag;
    return p;
}

Finding makeFinding(FindingRule rule, FindingSeverity severity, const QString &groupId, QList<FindingPartition> list)
{
    // Sorted already, as most lists are, it stays untouched: a list shared with another finding is not copied.
    const auto byPartition = [](const FindingPartition &a, const FindingPartition &b) {
        return a.tp < b.tp;
    };
    if (!std::is_sorted(list.cbegin(), list.cend(), byPartition))
        std::sort(list.begin(), list.end(), byPartition);
    Finding f;
    f.rule = rule;
    f.severity = severity;
    f.scope = FindingScope::Group;
    f.groupId = groupId;
    f.partitions = std::move(list);
    if (!f.partitions.isEmpty()) {
        const QString &first = f.partitions.constFirst().tp.topic;
        const bool oneTopic = std::all_of(f.partitions.cbegin(), f.partitions.cend(),
                                          [&first](const FindingPartition &p) { return p.tp.topic == first; });
        if (oneTopic)
            f.topic = first;
    }
    return f;
}

ResetRequest resetRequest(const QString &groupId, ResetStrategyKind kind, const QList<TopicPartition> &list,
                          const QDateTime &now)
{
    QList<TopicPartition> sorted = list;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    ResetRequest request;
    request.groupId = groupId;
    request.scope.allTopics = false;
    for (const TopicPartition &tp : std::as_const(sorted)) {
        if (request.scope.topics.isEmpty() || request.scope.topics.constLast().topic != tp.topic)
            request.scope.topics.append(TopicSelection{tp.topic, {}});
        request.scope.topics.last().partitions.append(tp.partition);
    }
    request.strategy.kind = kind;
    request.now = now;
    return request;
}

QList<TopicPartition> partitionsOf(const QList<FindingPartition> &list)
{
    QList<TopicPartition> tps;
    tps.reserve(list.size());
    for (const FindingPartition &p : list)
        tps.append(p.tp);
    return tps;
}

SuggestedAction resetAction(const DiagnosisInput &input, const QString &text, const ResetRequest &request)
{
    SuggestedAction action;
    action.text = text;
    action.reset = request;
    const ResetPermission permission = checkResetAllowed(request.groupId, input.snapshot.findGroup(request.groupId),
                                                         std::nullopt, input.effectiveNow());
    if (!permission.allowed)
        action.blockedBy = permission.reason;
    return action;
}

} // namespace OffsetLens::DiagnosisDetail
