#pragma once

#include "connectionprofile.h"
#include "snapshot.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace OffsetLens {

class GroupSource;
class SnapshotFetcher;

// Lives on a ClusterSession's worker thread and owns the SnapshotFetcher (and with it the librdkafka clients),
// so every Kafka call happens there.
class SessionWorker : public QObject
{
    Q_OBJECT
public:
    SessionWorker(ConnectionProfile profile, std::shared_ptr<GroupSource> source);
    ~SessionWorker() override;

    // Runs on the worker thread (queued from the session). Emits refreshDone when finished.
    void refresh(quint64 sequence, std::shared_ptr<std::atomic_bool> cancelled);

Q_SIGNALS:
    void refreshDone(quint64 sequence, const OffsetLens::ClusterSnapshot &snapshot, bool reached);

private:
    ConnectionProfile m_profile;
    std::shared_ptr<GroupSource> m_source;
    std::unique_ptr<SnapshotFetcher> m_fetcher; // created on the worker thread by the first refresh
};

} // namespace OffsetLens
