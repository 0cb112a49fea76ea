// One group id used by applications that have nothing to do with each other (the aiokafka write-up): Kafka
// balances their partitions as if they were one consumer, with rebalances and lost commits as the price.
#include "diagnosisdetail.h"
#include "numberformat.h"
#include "rules.h"

#include <QMap>
#include <QSet>

#include <algorithm>

namespace OffsetLens {

using namespace DiagnosisDetail;

namespace {

QSet<QString> topicsOf(const GroupMember &m)
{
    QSet<QString> topics;
    for (const TopicPartition &tp : m.assignment)
        topics.insert(tp.topic);
    return topics;
}

QString memberLabel(const GroupMember &m)
{
    return m.clientId.isEmpty() ? m.memberId : m.clientId;
}

// With identical subscriptions, range and round-robin give every member a partition of each topic that has at least
// as many partitions as the group has members. A member without one was not subscribed to it. (Sticky assignors
// balance counts, not topics, so for them a split proves nothing.)
QString assignmentProof(const ClusterSnapshot &snapshot, const GroupInfo &group, const QList<QSet<QString>> &sets)
{
    const QString assignor = group.assignor.toLower();
    if (group.state != GroupState::Stable ||
        (assignor != QStringLiteral("range") && assignor != QStringLiteral("roundrobin")))
        return QString();
    // Range deals each topic from the first member (by member id) on, so identical subscriptions put partition 0
    // of every topic on the same member (rack-aware assignment, Kafka 3.5+ with client.rack set, may not).
    if (assignor == QStringLiteral("range")) {
        QString firstTopic;
        qsizetype firstOwner = -1;
        for (qsizetype i = 0; i < group.members.size(); ++i) {
            for (const TopicPartition &tp : group.members.at(i).assignment) {
                if (tp.partition != 0)
                    continue;
                if (firstOwner < 0) {
                    firstTopic = tp.topic;
                    firstOwner = i;
                } else if (firstOwner != i) {
                    return tr("with the range assignor, identical subscriptions put partition 0 of every topic on "
                              "the same member, but %1 is on %2 and %3 on %4")
                        .arg(partitionName({firstTopic, 0}), memberLabel(group.members.at(firstOwner)),
                             partitionName(tp), memberLabel(group.members.at(i)));
                }
            }
        }
    }
    QSet<QString> all;
    for (const QSet<QString> &s : sets)
        all.unite(s);
    QStringList sorted(all.cbegin(), all.cend());
    sorted.sort();
    for (const QString &name : std::as_const(sorted)) {
        const TopicInfo *topic = snapshot.findTopic(name);
        if (!topic || topic->partitionCount() < group.members.size())
            continue;
        for (qsizetype i = 0; i < group.members.size(); ++i) {
            // A member without any partition may have joined a moment ago; only a busy one proves something.
            if (!sets.at(i).isEmpty() && !sets.at(i).contains(name))
                return tr("with the %1 assignor, identical subscriptions would give every member a partition of %2 "
                          "(%3 partitions, %4 members), but %5 has none")
                    .arg(group.assignor, name, formatCount(topic->partitionCount()), formatCount(group.members.size()),
                         memberLabel(group.members.at(i)));
        }
    }
    return QString();
}

bool hasDisjointPair(const QList<QSet<QString>> &sets)
{
    for (qsizetype i = 0; i < sets.size(); ++i) {
        for (qsizetype j = i + 1; j < sets.size(); ++j) {
            if (!sets.at(i).isEmpty() && !sets.at(j).isEmpty() && !sets.at(i).intersects(sets.at(j)))
                return true;
        }
    }
    return false;
}

} // namespace

QList<Finding> findSharedGroupId(const DiagnosisInput &input, const QString &groupId)
{
    const GroupInfo *group = input.snapshot.findGroup(groupId);
    if (!group || group->members.size() < 2)
        return {};

    QList<QSet<QString>> sets;
    QMap<QString, QList<qsizetype>> byFamily; // ordered: stable text and actions
    for (qsizetype i = 0; i < group->members.size(); ++i) {
        const GroupMember &m = group->members.at(i);
        sets.append(topicsOf(m));
        if (const QString family = clientIdFamily(m.clientId); !family.isEmpty())
            byFamily[family].append(i);
    }
    const bool differentClients = byFamily.size() >= 2;
    // Assignments are only settled in a Stable group; during a rebalance they are half old, half new.
    const bool settled = group->state == GroupState::Stable;
    const QString proof = settled ? assignmentProof(input.snapshot, *group, sets) : QString();
    const bool disjoint = settled && hasDisjointPair(sets);
    if (!differentClients && proof.isEmpty() && !disjoint)
        return {};
    const bool differentTopics = !proof.isEmpty() || disjoint;

    QList<FindingPartition> assigned;
    for (const GroupMember &m : group->members) {
        for (const TopicPartition &tp : m.assignment) {
            FindingPartition p = figures(input.snapshot, group, tp);
            p.detail = tr("assigned to %1").arg(memberLabel(m));
            assigned.append(p);
        }
    }
    // Client ids alone are weak evidence (many deployments put the host or pod name in them), and so is a topic
    // split under a sticky assignor; together, or with an assignment only different subscriptions explain, they
    // are not.
    const FindingSeverity severity =
        (differentClients && differentTopics) || !proof.isEmpty() ? FindingSeverity::Warning : FindingSeverity::Info;
    Finding f = makeFinding(FindingRule::SharedGroupId, severity, groupId, assigned);

    // The applications: one per client id family, or, with one family, one per distinct set of topics.
    struct Application
    {
        QString name;
        QSet<QString> topics;
    };
    QList<Application> apps;
    if (differentClients) {
        for (auto it = byFamily.cbegin(); it != byFamily.cend(); ++it) {
            Application app{it.key(), {}};
            for (const qsizetype i : it.value())
                app.topics.unite(sets.at(i));
            apps.append(app);
        }
    } else {
        for (const QSet<QString> &s : std::as_const(sets)) {
            if (s.isEmpty() ||
                std::any_of(apps.cbegin(), apps.cend(), [&s](const Application &a) { return a.topics == s; }))
                continue;
            QStringList names(s.cbegin(), s.cend());
            names.sort();
            apps.append({names.constFirst(), s});
        }
    }
    auto topicList = [](const QSet<QString> &s) {
        QStringList names(s.cbegin(), s.cend());
        names.sort();
        return names.join(QStringLiteral(", "));
    };
    QStringList appTexts;
    for (const Application &a : std::as_const(apps))
        appTexts.append(a.topics.isEmpty() ? a.name : tr("%1 (%2)").arg(a.name, topicList(a.topics)));

    f.title = differentClients
                  ? tr("Group id shared by %1 applications: %2")
                        .arg(formatCount(apps.size()), appTexts.join(QStringLiteral("; ")))
                  : tr("Members of this group read different topics: %1").arg(appTexts.join(QStringLiteral("; ")));
    QStringList explanation;
    explanation.append(
        differentClients
            ? tr("The %1 members of group %2 come from different client ids, so different applications (or "
                 "services) use the same group id.")
                  .arg(formatCount(group->members.size()), groupId)
            : tr("The %1 members of group %2 share a client id but are assigned different topics.")
                  .arg(formatCount(group->members.size()), groupId));
    if (!proof.isEmpty())
        explanation.append(tr("They subscribe to different topics: %1.").arg(proof));
    else if (disjoint && !differentClients)
        explanation.append(tr("That is what different subscriptions under one group id look like, though a sticky "
                              "assignor can split topics like this for one application too."));
    if (differentClients && !differentTopics)
        explanation.append(tr("They read the same topics, so if they are different applications, Kafka splits the "
                              "partitions between them as if they were one: each receives only part of the messages. "
                              "(If they are instances of one application that put their host in the client id, "
                              "this is fine.)"));
    explanation.append(tr("Kafka balances one group's partitions over all its members together: every start, stop or "
                          "crash of any of them rebalances all of them."));
    f.explanation = explanation.join(QLatin1Char('\n'));

    QStringList next;
    next.append(tr("Each rebalance stops every member; a commit sent during it is rejected (the generation "
                   "changed), so the messages processed just before are delivered again."));
    next.append(tr("While one application is down, the partitions only it subscribes to have no consumer, yet the "
                   "group still looks Stable; its lag grows unseen."));
    next.append(tr("The group becomes Empty, and its offsets start to expire, only when every application is down; "
                   "moving one application to a new group id without its offsets starts it per auto.offset.reset "
                   "(latest skips what arrived meanwhile)."));
    f.whatNext = next.join(QLatin1Char('\n'));

    // One new group per application, starting from this group's committed offsets on that application's topics.
    // Explicit targets, not "from group": copying from a group takes all of its partitions, whatever the scope.
    const QDateTime now = input.effectiveNow();
    for (const Application &a : std::as_const(apps)) {
        QList<OffsetTarget> targets;
        for (const CommittedOffset &c : group->offsets) {
            if (c.offset >= 0 && a.topics.contains(c.tp.topic))
                targets.append({c.tp, c.offset, 0});
        }
        if (targets.isEmpty())
            continue; // nothing to copy: the new group starts where auto.offset.reset says, as it would anyway
        QString suffix = a.name;
        suffix.replace(QLatin1Char(' '), QLatin1Char('-'));
        QList<TopicPartition> tps;
        for (const OffsetTarget &t : std::as_const(targets))
            tps.append(t.tp);
        ResetRequest request = resetRequest(groupId + QLatin1Char('-') + suffix, ResetStrategyKind::Explicit, tps, now);
        request.strategy.targets = targets;
        f.actions.append(resetAction(input,
                                     tr("Give %1 its own group id, e.g. %2, starting from this group's committed "
                                        "offsets on %3 as they are now; then switch that application to it (re-open "
                                        "the preview right before, the shared group keeps committing).")
                                         .arg(a.name, request.groupId, topicList(a.topics)),
                                     request));
    }
    return {f};
}

} // namespace OffsetLens
