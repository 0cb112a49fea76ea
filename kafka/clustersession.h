#pragma once

#include "connectionprofile.h"
#include "snapshot.h"

#include <QObject>

#include <memory>

namespace OffsetLens {

class GroupSource;
class SessionWorker;

// One connected cluster. Lives on (and is used from) the GUI thread; all Kafka I/O happens on a worker thread it
// owns. Every refresh publishes a complete, immutable ClusterSnapshot through a queued signal, also when parts of
// it failed (those carry per-item errors). Results of a cancelled or superseded refresh are dropped.
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
    ~ClusterSession() override; // stops the worker thread; never blocks longer than the request timeout

    const ConnectionProfile &profile() const;
    State state() const;

    // Replaces the broker's ListGroups/DescribeGroups (the demo cluster and tests use this). Call before start().
    void setGroupSource(std::shared_ptr<GroupSource> source);

    void start();             // connects and refreshes now, then every refreshInterval()
    void stop();              // cancels the running refresh and stops auto-refresh
    void refreshNow();        // F5; a refresh that is already running is not started twice
    void cancelRefresh();     // the running refresh's result, if it still arrives, is dropped
    void setRefreshInterval(int ms); // 0: manual refresh only
    int refreshInterval() const;
    bool isRefreshing() const;

Q_SIGNALS:
    void stateChanged(OffsetLens::ClusterSession::State state);
    void refreshStarted(quint64 sequence);
    void snapshotReady(const OffsetLens::ClusterSnapshot &snapshot);
    // The refresh reached nothing at all (bad bootstrap, cluster down); no snapshot is published.
    void refreshFailed(quint64 sequence, const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace OffsetLens
