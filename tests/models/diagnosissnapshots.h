#pragma once

#include "diagnosisinput.h"
#include "finding.h"
#include "numberformat.h"
#include "testsnapshots.h"

#include <QStringList>

// The cluster the offset doctor's suites diagnose, and short specs that data tables can hold.
namespace OffsetLens::DiagnosisTestData {

using namespace OffsetLens::TestSnapshots;

inline constexpr qint64 kNone = kNoOffset;
inline constexpr qint64 kMinute = 60 * 1000;
inline constexpr qint64 kHour = 60 * kMinute;
inline constexpr qint64 kDay = 24 * kHour;

// orders:   0 [5000, 12000]  1 [0, 500]  2 [50, 50] (empty)  3 [10, 200]
// payments: 0 [0, 300]       1 [100, 400]
// events:   0 [10, HW unknown: "timed out"]
// legacy:   0 [log start unknown, 900]
// big:      0..3 [0, 1000] (four partitions, for assignors)
inline ClusterSnapshot doctorCluster()
{
    ClusterSnapshot s = base(1);
    PartitionInfo noHw = partition(0, 10, kNone);
    noHw.error = QStringLiteral("timed out");
    s.topics = {
        topic(QStringLiteral("big"),
              {partition(0, 0, 1000), partition(1, 0, 1000), partition(2, 0, 1000), partition(3, 0, 1000)}),
        topic(QStringLiteral("events"), {noHw}),
        topic(QStringLiteral("legacy"), {partition(0, kNone, 900)}),
        topic(QStringLiteral("orders"),
              {partition(0, 5000, 12000), partition(1, 0, 500), partition(2, 50, 50), partition(3, 10, 200)}),
        topic(QStringLiteral("payments"), {partition(0, 0, 300), partition(1, 100, 400)}),
    };
    return s;
}

// "orders:0" -> {orders, 0}
inline TopicPartition tp(const QString &spec)
{
    const qsizetype colon = spec.lastIndexOf(QLatin1Char(':'));
    return {spec.left(colon), spec.mid(colon + 1).toInt()};
}

// "orders:0=3000 payments:1=-" -> committed offsets ("-": a no-commit record, as OffsetFetch returns it)
inline QList<CommittedOffset> offsets(const QString &spec)
{
    QList<CommittedOffset> list;
    for (const QString &item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList parts = item.split(QLatin1Char('='));
        const TopicPartition where = tp(parts.value(0));
        const QString value = parts.value(1);
        list.append(committed(where.topic, where.partition, value == QStringLiteral("-") ? kNone : value.toLongLong()));
    }
    std::sort(list.begin(), list.end(), [](const CommittedOffset &a, const CommittedOffset &b) { return a.tp < b.tp; });
    return list;
}

inline QList<CommittedOffset> offsets(const char *spec)
{
    return offsets(QString::fromUtf8(spec));
}

// "orders:0 orders:1"
inline QList<TopicPartition> tps(const QString &spec)
{
    QList<TopicPartition> list;
    for (const QString &item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        list.append(tp(item));
    return list;
}

inline GroupState stateNamed(const QString &name)
{
    for (const GroupState s : {GroupState::Unknown, GroupState::PreparingRebalance, GroupState::CompletingRebalance,
                               GroupState::Stable, GroupState::Dead, GroupState::Empty}) {
        if (groupStateName(s) == name)
            return s;
    }
    return GroupState::Unknown;
}

// One member per "client-id=topic:p,topic:p" item, ids m1, m2, ... in order.
inline QList<GroupMember> members(const QStringList &specs)
{
    QList<GroupMember> list;
    int n = 0;
    for (const QString &spec : specs) {
        const QStringList parts = spec.split(QLatin1Char('='));
        QList<TopicPartition> assignment;
        for (const QString &item : parts.value(1).split(QLatin1Char(','), Qt::SkipEmptyParts))
            assignment.append(tp(item));
        ++n;
        list.append(
            member(QStringLiteral("m%1").arg(n), parts.value(0), QStringLiteral("/10.0.0.%1").arg(n), assignment));
    }
    return list;
}

inline DiagnosisInput inputWith(const GroupInfo &group, ClusterSnapshot snapshot = doctorCluster())
{
    snapshot.groups.append(group);
    std::sort(snapshot.groups.begin(), snapshot.groups.end(),
              [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });
    DiagnosisInput input;
    input.snapshot = snapshot;
    return input;
}

inline qint64 snapshotMs(const DiagnosisInput &input)
{
    return input.snapshot.takenAt.toMSecsSinceEpoch();
}

// "orders-0 orders-1" from a finding's partitions.
inline QString names(const Finding &f)
{
    QStringList list;
    for (const FindingPartition &p : f.partitions)
        list.append(partitionName(p.tp));
    return list.join(QLatin1Char(' '));
}

// "to earliest orders:0,1 payments:0" from an action's request; "" without one.
inline QString requestText(const SuggestedAction &a)
{
    if (!a.reset)
        return QString();
    QStringList scopes;
    for (const TopicSelection &t : a.reset->scope.topics) {
        QStringList numbers;
        for (const qint32 p : t.partitions)
            numbers.append(QString::number(p));
        scopes.append(numbers.isEmpty() ? t.topic : t.topic + QLatin1Char(':') + numbers.join(QLatin1Char(',')));
    }
    return a.reset->groupId + QLatin1Char(' ') + resetStrategyName(a.reset->strategy.kind) + QLatin1Char(' ') +
           scopes.join(QLatin1Char(' '));
}

inline QStringList ruleIds(const QList<Finding> &findings)
{
    QStringList ids;
    for (const Finding &f : findings)
        ids.append(findingRuleId(f.rule));
    return ids;
}

} // namespace OffsetLens::DiagnosisTestData
