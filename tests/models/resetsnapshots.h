#pragma once

#include "resetplan.h"
#include "resetplanner.h"
#include "testsnapshots.h"

#include <QStringList>

// The cluster the reset suites plan on, and helpers that turn plans into short strings a data table can hold.
namespace OffsetLens::ResetTestData {

using namespace OffsetLens::TestSnapshots;

inline constexpr qint64 kNone = kNoOffset;

// orders:   0 [100, 1000]  1 [0, 500]  2 [50, 50] (empty)  3 [10, 200]
// payments: 0 [0, 300]     1 leaderless
// events:   0 [10, HW unknown: "timed out"]
// Groups: billing (Empty; orders-0 = 400, orders-1 = 500, orders-2 a "no commit" record, payments-0 = 250,
//         events-0 = 20), live (Stable, two members), source (Empty; orders-0 = 150, orders-3 = 5, payments-0 = 999),
//         stale (Empty; a commit on a topic that no longer exists), nothing (Empty, no commits).
inline ClusterSnapshot resetCluster(quint64 sequence = 1)
{
    ClusterSnapshot s = base(sequence);
    PartitionInfo leaderless = partition(1, kNone, kNone, -1);
    leaderless.error = QStringLiteral("leader not available");
    PartitionInfo noHw = partition(0, 10, kNone);
    noHw.error = QStringLiteral("timed out");
    s.topics = {
        topic(QStringLiteral("events"), {noHw}),
        topic(QStringLiteral("orders"),
              {partition(0, 100, 1000), partition(1, 0, 500), partition(2, 50, 50), partition(3, 10, 200)}),
        topic(QStringLiteral("payments"), {partition(0, 0, 300), leaderless}),
    };
    const QString orders = QStringLiteral("orders");
    s.groups = {
        group(QStringLiteral("billing"), GroupState::Empty,
              {committed(QStringLiteral("events"), 0, 20), committed(orders, 0, 400), committed(orders, 1, 500),
               committed(orders, 2, kNone), committed(QStringLiteral("payments"), 0, 250)}),
        group(QStringLiteral("live"), GroupState::Stable, {committed(orders, 0, 900)},
              {member(QStringLiteral("consumer-1-aaa"), QStringLiteral("worker"), QStringLiteral("/10.0.0.7"),
                      {{orders, 0}, {orders, 1}}),
               member(QStringLiteral("consumer-2-bbb"), QStringLiteral("worker"), QStringLiteral("/10.0.0.8"),
                      {{orders, 2}})}),
        group(QStringLiteral("nothing"), GroupState::Empty, {}),
        group(QStringLiteral("source"), GroupState::Empty,
              {committed(orders, 0, 150), committed(orders, 3, 5), committed(QStringLiteral("payments"), 0, 999)}),
        group(QStringLiteral("stale"), GroupState::Empty, {committed(QStringLiteral("gone"), 0, 7)}),
    };
    return s;
}

inline ResetRequest request(const QString &group, ResetStrategyKind kind, QList<TopicSelection> topics = {})
{
    ResetRequest r;
    r.groupId = group;
    r.scope.allTopics = topics.isEmpty();
    r.scope.topics = topics;
    r.strategy.kind = kind;
    r.now = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
    return r;
}

inline TopicSelection whole(const QString &topic)
{
    return {topic, {}};
}

inline QString tpName(const TopicPartition &tp)
{
    return QStringLiteral("%1-%2").arg(tp.topic).arg(tp.partition);
}

inline QString offsetText(qint64 offset)
{
    return offset == kNoOffset ? QStringLiteral("-") : QString::number(offset);
}

// "orders-0 400>100 clamped | clamped from 50: below the log start"
inline QString rowText(const ResetPlanRow &row)
{
    QString text = QStringLiteral("%1 %2>%3 %4")
                       .arg(tpName(row.tp), offsetText(row.committedBefore), offsetText(row.target),
                            resetRowStatusName(row.status));
    if (!row.note.isEmpty())
        text += QStringLiteral(" | ") + row.note;
    return text;
}

inline QStringList rowTexts(const ResetPlan &plan)
{
    QStringList rows;
    for (const ResetPlanRow &row : plan.rows)
        rows.append(rowText(row));
    return rows;
}

inline OffsetTarget target(const QString &topic, qint32 partition, qint64 offset, int line = 0)
{
    return {{topic, partition}, offset, line};
}

inline OffsetForTime answer(const QString &topic, qint32 partition, qint64 offset, const QString &error = {})
{
    return {{topic, partition}, 0, offset, error};
}

// Answers look-ups from a table and remembers what it was asked.
class FakeTimeSource : public OffsetTimeSource
{
public:
    explicit FakeTimeSource(QList<OffsetForTime> answers)
        : m_answers(std::move(answers))
    {}
    QList<OffsetForTime> offsetsForTimes(const QList<OffsetForTime> &queries) override
    {
        m_queries += queries;
        ++m_calls;
        QList<OffsetForTime> out;
        for (const OffsetForTime &q : queries) {
            for (OffsetForTime a : m_answers) {
                if (a.tp == q.tp) {
                    a.timestampMs = q.timestampMs;
                    out.append(a);
                }
            }
        }
        return out;
    }
    const QList<OffsetForTime> &queries() const { return m_queries; }
    int calls() const { return m_calls; }

private:
    QList<OffsetForTime> m_answers;
    QList<OffsetForTime> m_queries;
    int m_calls = 0;
};

} // namespace OffsetLens::ResetTestData
