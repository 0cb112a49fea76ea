#pragma once

#include "laghistorydatabase.h"
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
    explicit LagHistoryStore(const QString &path, RetentionPolicy policy = {}, QObject *parent = nullptr);
    ~LagHistoryStore() override;

    void record(const ClusterSnapshot &snapshot);
    // Asks for a group's history; the answer arrives as loaded(requestId, …). Answers of requests superseded by a
    // newer one with the same `key` are dropped.
    quint64 load(const QString &groupId, qint64 fromMs, qint64 toMs, const QString &key = {});

Q_SIGNALS:
    void opened(const OffsetLens::HistoryOpenResult &result);
    void recordFailed(const QString &error);
    void loaded(quint64 requestId, const OffsetLens::GroupHistory &history);

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
