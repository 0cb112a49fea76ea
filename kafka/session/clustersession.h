#pragma once

#include "connectionprofile.h"
#include "jobrunner.h"
#include "snapshotfacts.h"

#include <QObject>

#include <memory>

namespace OffsetLens {

class GroupSource;
class WriteAccess;

// One connected cluster. Lives on (and is used from) the GUI thread; all Kafka I/O happens in jobs on background
// threads (see JobRunner). A refresh is one kind of job: it publishes a complete, immutable snapshot with its
// derived facts (computed on the job's thread) through a queued signal, also when parts of it failed (those carry
// per-item errors). Results of a cancelled or superseded refresh are dropped. Other operations (writes, re-reads,
// look-ups) are submitted through jobs() and run while auto-refresh goes on.
class ClusterSession : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Disconnected,
        Connecting, // started, no snapshot yet
        Connected,  // the last refresh reached the cluster
        Failed,     // the last refresh could not reach the cluster at all
    };
    Q_ENUM(State)

    explicit ClusterSession(ConnectionProfile profile, QObject *parent = nullptr);
    // With a write access that outlives the session (the manager's, so that an unlock survives a reconnect).
    ClusterSession(ConnectionProfile profile, std::shared_ptr<WriteAccess> access, QObject *parent = nullptr);
    // Never blocks: running jobs are cancelled and the librdkafka clients are destroyed on a background thread.
    ~ClusterSession() override;

    const ConnectionProfile &profile() const;
    State state() const;

    // Replaces the broker's ListGroups/DescribeGroups (the demo cluster and tests use this). Call before start().
    void setGroupSource(std::shared_ptr<GroupSource> source);
    // The source set above, null for the broker's own: jobs that re-read groups (a reset's apply) build their
    // SnapshotFetcher with the same one, so they see the groups as the refresh does.
    std::shared_ptr<GroupSource> groupSource() const;

    void start();                    // connects and refreshes now, then every refreshInterval()
    void stop();                     // cancels the running refresh and stops auto-refresh
    void refreshNow();               // F5; a refresh that is already running is not started twice
    void cancelRefresh();            // the running refresh's result, if it still arrives, is dropped
    void setRefreshInterval(int ms); // 0: manual refresh only
    int refreshInterval() const;
    bool isRefreshing() const;
    JobId refreshJob() const; // the running refresh, 0 when none

    // Submit any other Kafka operation on this connection here.
    JobRunner *jobs() const;
    // Whether writes may go out (the profile's read-only and production flags, and this run's unlock). Write jobs
    // take a reference and hand it to the writers, which refuse on their own.
    std::shared_ptr<WriteAccess> writeAccess() const;

Q_SIGNALS:
    void stateChanged(OffsetLens::ClusterSession::State state);
    void refreshStarted(quint64 sequence);
    void snapshotReady(const OffsetLens::AnalyzedSnapshot &snapshot);
    // The refresh reached nothing at all (bad bootstrap, cluster down); no snapshot is published.
    void refreshFailed(quint64 sequence, const QString &message);
    // The refresh ended without a result: cancelRefresh(), its job cancelled through jobs(), or (a bug, logged)
    // its work failed. The session is ready for the next one.
    void refreshCancelled(quint64 sequence);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace OffsetLens
