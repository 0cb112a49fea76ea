// The client settings the brokers never see, named with their usual defaults where another finding of the group
// depends on them: what "latest" or "earliest" will do to this group, and what a crash costs under auto-commit.
#include "diagnosisdetail.h"
#include "numberformat.h"
#include "rules.h"

#include <QSet>

#include <algorithm>

namespace OffsetLens {

using namespace DiagnosisDetail;

namespace {

bool dependsOnResetPolicy(FindingRule rule)
{
    switch (rule) {
    case FindingRule::CommittedBelowLogStart:
    case FindingRule::CommittedAboveHighWatermark:
    case FindingRule::NoCommittedOffset:
    case FindingRule::OffsetsExpiring:
    case FindingRule::OffsetsVanished:
        return true;
    default:
        break;
    }
    return false;
}

bool dependsOnCommitMode(FindingRule rule)
{
    switch (rule) {
    case FindingRule::RedeliveryOnCrash:
    case FindingRule::CommittedAheadOfPosition:
    case FindingRule::SharedGroupId:
        return true;
    default:
        break;
    }
    return false;
}

QString resetDefaults()
{
    return tr("Each consumer sets auto.offset.reset itself and brokers never see it, so OffsetLens cannot read it. "
              "Usual defaults: Java consumer, librdkafka (confluent-kafka clients, kcat), aiokafka and kafka-python: "
              "latest; sarama: OffsetNewest (latest); go-zero kq: last (latest); segmentio/kafka-go: FirstOffset "
              "(earliest).");
}

QString commitDefaults()
{
    return tr("Brokers do not see how consumers commit. Usual defaults: Java consumer and librdkafka: "
              "enable.auto.commit=true, every auto.commit.interval.ms = 5000 ms (librdkafka commits the offsets "
              "stored as messages are handed to the application); aiokafka and kafka-python: auto-commit every 5 s; "
              "sarama: marked offsets every 1 s; segmentio/kafka-go: CommitInterval 0, a synchronous commit per "
              "message read.");
}

Finding resetPolicyFinding(const DiagnosisInput &input, const QString &groupId, const QList<Finding> &groupFindings)
{
    // Each partition once, with the numbers of the first finding that has it (findings come in rule order, causes
    // first).
    QList<const Finding *> causes;
    for (const Finding &f : groupFindings) {
        if (f.groupId == groupId && dependsOnResetPolicy(f.rule))
            causes.append(&f);
    }
    QList<FindingPartition> list;
    const auto hasDetail = [](const FindingPartition &p) {
        return !p.detail.isEmpty();
    };
    if (causes.size() == 1 &&
        std::none_of(causes.constFirst()->partitions.cbegin(), causes.constFirst()->partitions.cend(), hasDetail)) {
        // One cause whose partitions carry no words of their own (an Empty group's expiry, mostly): its list is
        // shared, not copied. At 2,000 such groups of 200 partitions a copy is 400,000 partitions per refresh.
        list = causes.constFirst()->partitions;
    } else {
        QSet<TopicPartition> seen;
        for (const Finding *f : std::as_const(causes)) {
            for (const FindingPartition &p : f->partitions) {
                if (seen.contains(p.tp))
                    continue;
                seen.insert(p.tp);
                FindingPartition copy = p;
                copy.detail.clear();
                list.append(copy);
            }
        }
    }
    Finding f = makeFinding(FindingRule::ResetPolicy, FindingSeverity::Info, groupId, list);
    const qint64 reads = f.total(&FindingPartition::earliestReads);
    const qint64 rereads = f.total(&FindingPartition::earliestRereads);
    const qint64 skips = f.total(&FindingPartition::latestSkips);
    const ResetPolicy policy = input.clientFor(groupId).resetPolicy;

    const QString earliest = tr("earliest: the consumers read %1 from the log start (%2 of them already processed by "
                                "this group).")
                                 .arg(messages(reads), formatCount(rereads));
    const QString latest =
        tr("latest: they skip %1 this group has not read, and start with what is produced next.").arg(messages(skips));
    const QString none = tr("none: they fail with an error until someone resets the offsets.");
    QStringList next;
    switch (policy) {
    case ResetPolicy::Unknown:
        f.title = tr("auto.offset.reset decides: earliest reads %1, latest skips %2; the brokers do not know which "
                     "the consumers use")
                      .arg(messages(reads), messages(skips));
        next = {tr("For this group, on %1:").arg(partitionNames(f.partitions)), earliest, latest, none};
        break;
    case ResetPolicy::Latest:
        f.title = tr("auto.offset.reset=latest (your setting) will skip %1 of this group").arg(messages(skips));
        next = {latest, tr("The alternatives:"), earliest, none};
        break;
    case ResetPolicy::Earliest:
        f.title = tr("auto.offset.reset=earliest (your setting) will read %1 of this group").arg(messages(reads));
        next = {earliest, tr("The alternatives:"), latest, none};
        break;
    case ResetPolicy::None:
        f.title = tr("auto.offset.reset=none (your setting): the consumers of this group will fail");
        next = {none, tr("The alternatives:"), earliest, latest};
        break;
    }
    QStringList explanation{resetDefaults()};
    explanation.append(tr("It matters for this group because %1 have no usable committed offset, or will lose it.")
                           .arg(partitions(list.size())));
    if (policy == ResetPolicy::Unknown)
        explanation.append(tr("With the common default, latest, the skipped messages are lost silently: nothing "
                              "fails and nothing is logged as an error."));
    f.explanation = explanation.join(QLatin1Char('\n'));
    f.whatNext = next.join(QLatin1Char('\n'));
    return f;
}

Finding commitModeFinding(const DiagnosisInput &input, const QString &groupId, const QList<Finding> &groupFindings)
{
    QList<FindingPartition> list;
    QSet<TopicPartition> seen;
    for (const Finding &f : groupFindings) {
        if (f.groupId != groupId ||
            (f.rule != FindingRule::RedeliveryOnCrash && f.rule != FindingRule::CommittedAheadOfPosition))
            continue;
        for (const FindingPartition &p : f.partitions) {
            if (!seen.contains(p.tp)) {
                seen.insert(p.tp);
                list.append(p);
            }
        }
    }
    Finding f = makeFinding(FindingRule::CommitMode, FindingSeverity::Info, groupId, list);
    const qint64 again = f.total(&FindingPartition::redelivered);
    const ClientAssumptions client = input.clientFor(groupId);
    const QString interval = client.autoCommitIntervalMs > 0 ? formatDuration(client.autoCommitIntervalMs)
                                                             : tr("one auto-commit interval (5 s by default)");
    switch (client.commitMode) {
    case CommitMode::Unknown:
        f.title = tr("How the consumers commit decides what a crash or rebalance costs: the brokers do not know it");
        break;
    case CommitMode::Auto:
        f.title = tr("Auto-commit (your setting): a crash delivers again up to %1 of messages").arg(interval);
        break;
    case CommitMode::Manual:
        f.title = tr("Manual commits (your setting): a crash delivers again what was not committed yet");
        break;
    }
    f.explanation = commitDefaults();
    QStringList next;
    if (client.commitMode != CommitMode::Manual) {
        next.append(tr("With auto-commit, a crash delivers again what was read since the last commit, up to %1 of "
                       "traffic; and a commit can cover messages handed to the application but not processed yet "
                       "(processing on other threads), which a crash then loses.")
                        .arg(interval));
    }
    if (client.commitMode != CommitMode::Auto) {
        next.append(tr("With commits after processing (enable.auto.commit=false), nothing is lost and a crash "
                       "delivers the processed but uncommitted messages again."));
    }
    if (!list.isEmpty() && again > 0)
        next.append(tr("Right now that is %1 on %2.").arg(messages(again), partitionNames(f.partitions)));
    f.whatNext = next.join(QLatin1Char('\n'));
    return f;
}

} // namespace

QList<Finding> findClientDefaults(const DiagnosisInput &input, const QString &groupId,
                                  const QList<Finding> &groupFindings)
{
    bool reset = false;
    bool commit = false;
    for (const Finding &f : groupFindings) {
        if (f.groupId != groupId)
            continue;
        reset = reset || dependsOnResetPolicy(f.rule);
        commit = commit || dependsOnCommitMode(f.rule);
    }
    QList<Finding> findings;
    if (reset)
        findings.append(resetPolicyFinding(input, groupId, groupFindings));
    if (commit)
        findings.append(commitModeFinding(input, groupId, groupFindings));
    return findings;
}

} // namespace OffsetLens
