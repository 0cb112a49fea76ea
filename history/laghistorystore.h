#pragma once

#include "laghistorydatabase.h"
#include "lagseries.h"
#include "snapshot.h"

#include <QObject>

#include <memory>

class QThread;

namespace OffsetLens {

// The GUI's handle on one cluster's lag history: a LagHistoryDatabase living on its own thread. Snapshots go in
// (converted and written there, one transaction per refresh; maintenance runs there every few minutes), history
// comes out through queued signals. Nothing here blocks the GUI thread: the destructor hands the thread its last
// writes and lets it finish in the background.
class LagHistoryStore : public QObject
{
    Q_OBJECT
public:
    // A chart of a group's or topic's history, built on the history thread.
    struct ChartRequest
    {
        HistorySubject subject = HistorySubject::Group;
        QString name; // group id or topic name
        LagChartKind kind = LagChartKind::TotalLag;
        qint64 fromMs = 0;
        qint64 toMs = 0;
        int maxSeries = 12;
    };

    explicit LagHistoryStore(const QString &path, RetentionPolicy policy = {}, QObject *parent = nullptr);
    ~LagHistoryStore() override;

    void record(const ClusterSnapshot &snapshot);
    // Asks for a group's history; the answer arrives as loaded(requestId, …). Answers of requests superseded by a
    // newer one with the same `key` are dropped.
    quint64 load(const QString &groupId, qint64 fromMs, qint64 toMs, const QString &key = {});
    // Loads the history and builds the chart on the history thread; the answer arrives as chartLoaded(requestId, …).
    // Superseded answers are dropped as for load(). Requests with the same `key` share a cache there: while the
    // subject stays the same and the range only moves forward (a live chart after each refresh), only the samples
    // newer than the cached ones are read.
    quint64 loadChart(const ChartRequest &request, const QString &key);
    // Every group's samples of the newest `maxTimes` refreshes since `sinceMs`; the answer arrives as
    // recentLoaded (empty when there are none, or the database could not be opened).
    void loadRecent(qint64 sinceMs, int maxTimes);
    // The last week of every group condensed the way the offset doctor keeps it (condenseRecordedHistory); the
    // answer arrives as condensedLoaded.
    void loadCondensed(qint64 nowMs);

Q_SIGNALS:
    void opened(const OffsetLens::HistoryOpenResult &result);
    void recordFailed(const QString &error);
    void loaded(quint64 requestId, const OffsetLens::GroupHistory &history);
    void chartLoaded(quint64 requestId, const OffsetLens::LagChartData &chart);
    void recentLoaded(const QList<OffsetLens::GroupSample> &samples);
    void condensedLoaded(const QHash<QString, OffsetLens::GroupHistory> &histories);

private:
    struct Worker;
    QThread *m_thread;
    std::shared_ptr<Worker> m_worker;
    QHash<QString, quint64> m_latestByKey;
    quint64 m_nextId = 1;
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::HistoryOpenResult)
Q_DECLARE_METATYPE(OffsetLens::GroupHistory)
Q_DECLARE_METATYPE(OffsetLens::LagChartData)
