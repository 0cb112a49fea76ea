#include "sessionworker.h"

#include "groupsource.h"
#include "snapshotfetcher.h"

namespace OffsetLens {

SessionWorker::SessionWorker(ConnectionProfile profile, std::shared_ptr<GroupSource> source)
    : m_profile(std::move(profile))
    , m_source(std::move(source))
{}

SessionWorker::~SessionWorker() = default;

void SessionWorker::refresh(quint64 sequence, std::shared_ptr<std::atomic_bool> cancelled)
{
    if (cancelled->load()) {
        // Cancelled while it waited in the queue: do not even start.
        Q_EMIT refreshDone(sequence, ClusterSnapshot(), false);
        return;
    }
    if (!m_fetcher) {
        m_fetcher = std::make_unique<SnapshotFetcher>(m_profile);
        if (m_source)
            m_fetcher->setGroupSource(m_source);
    }
    bool reached = false;
    ClusterSnapshot snapshot = m_fetcher->fetch(SnapshotFetcher::Options(), *cancelled, &reached);
    snapshot.sequence = sequence;
    Q_EMIT refreshDone(sequence, snapshot, reached);
}

} // namespace OffsetLens
