#pragma once

#include "clustersession.h"
#include "connectionprofile.h"
#include "democluster.h"
#include "snapshotfacts.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>

namespace OffsetLens {

class GroupSource;
class ReturnAddress;
class WriteAccess;

// Owns the open clusters: one ClusterSession per open connection profile, keyed by the profile's stable id, plus
// the embedded demo cluster when that profile is open. Starting and stopping demos and tearing sessions down
// happen off the GUI thread, so opening, closing and reconnecting never block it. Keeps each cluster's latest
// analysed snapshot and its state in words for the window.
class ConnectionManager : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        DemoCluster::Options demo;  // used when the demo profile is opened
        int refreshIntervalMs = -1; // -1: what the user last chose for the profile, else the profile's own
        // Lag health: how many commits Burrow's rules look at (the window). Here because the window starts with
        // the app; tests use a short one.
        int lagHealthWindow = 10;
        // Where a cluster's groups come from when not from its brokers (null or returning null: the brokers). Only
        // bench_gui sets it: its demo brokers run in another process, and the mock brokers cannot list groups.
        std::function<std::shared_ptr<GroupSource>(const ConnectionProfile &)> groupSourceFor;
    };

    explicit ConnectionManager(Options options, QObject *parent = nullptr);
    // Never blocks: sessions and demos still open are torn down on background threads.
    ~ConnectionManager() override;

    // Opens a cluster and starts refreshing it. A profile that is open already keeps running, unless what it
    // connects with changed (servers, security, credentials, properties, pins, timeout): then it reconnects with the
    // new settings. A new name, colour or read-only/production flag is applied to the running session (writes
    // follow the new flags at once). Returns its id (a profile without one gets an ad-hoc id).
    QString open(ConnectionProfile profile);
    void close(const QString &id);
    void reconnect(const QString &id);              // the same profile, a new session
    QStringList openIds() const { return m_order; } // in opening order
    const Options &options() const { return m_options; }
    bool isOpen(const QString &id) const { return m_connections.count(id) > 0; }

    // The profile in effect (the demo's with its bootstrap servers once it runs). Empty for an unknown id.
    ConnectionProfile profile(const QString &id) const;
    ClusterSession *session(const QString &id) const; // null while the demo starts, or when it failed to
    AnalyzedSnapshot latest(const QString &id) const; // invalid before the first snapshot
    QString statusText(const QString &id) const;
    QString refreshStep(const QString &id) const;  // the running refresh's current step; empty when none runs
    QStringList problems(const QString &id) const; // the last refresh's errors (or why it failed)
    bool isRefreshing(const QString &id) const;

    // Writes through a cluster: why they are refused now (empty: allowed; "not open" is refused too), and the
    // run-time unlock of a production profile. Unlocking is never persisted; closing the cluster forgets it.
    QString writeRefusal(const QString &id) const;
    bool canUnlockWrites(const QString &id) const; // production, not read-only, still locked
    bool writesUnlocked(const QString &id) const;  // a production profile the user unlocked
    void setWritesUnlocked(const QString &id, bool unlocked);
    // What write jobs take along (null for an unknown id): the writers check it themselves.
    std::shared_ptr<const WriteAccess> writeAccess(const QString &id) const;

    void refreshNow(const QString &id);
    void cancelRefresh(const QString &id);
    // Remembered per profile id: a busy production cluster and the demo rarely want the same interval.
    void setRefreshInterval(const QString &id, int ms);
    int refreshInterval(const QString &id) const;

Q_SIGNALS:
    void opened(const QString &id, const QString &name);
    void renamed(const QString &id, const QString &name);
    // The profile's name, colour or write access (flags edited, writes unlocked or locked again) changed without a
    // reconnect.
    void profileUpdated(const QString &id);
    void closed(const QString &id);
    void statusChanged(const QString &id, const QString &text);
    void refreshStarted(const QString &id);
    // What the running refresh is doing now, e.g. "Reading watermarks and consumer groups".
    void refreshProgress(const QString &id, const QString &step);
    // The running refresh ended without a result (cancelled); what is shown is still the last snapshot.
    void refreshCancelled(const QString &id);
    void snapshotArrived(const QString &id, const OffsetLens::AnalyzedSnapshot &snapshot);
    // The refresh reached nothing; the last snapshot (if any) is still what is shown.
    void refreshFailed(const QString &id, const QString &message);

private:
    struct Connection
    {
        ConnectionProfile profile;
        // Shared with every session of this connection and their write jobs: an unlock survives a reconnect.
        std::shared_ptr<WriteAccess> access;
        quint64 generation = 0; // tells a finished demo start whether it is still wanted
        std::shared_ptr<DemoCluster> demo;
        ClusterSession *session = nullptr;
        AnalyzedSnapshot latest;
        QString status;
        QString refreshStep;
        QStringList problems;
    };

    void restart(Connection &connection);
    void startDemo(Connection &connection);
    void startSession(Connection &connection);
    void setStatus(Connection &connection, const QString &text);
    void teardown(Connection &connection);
    Connection *find(const QString &id) const;

    Options m_options;
    std::shared_ptr<ReturnAddress> m_address;
    std::map<QString, std::unique_ptr<Connection>> m_connections;
    QStringList m_order;
    quint64 m_nextGeneration = 0;
};

} // namespace OffsetLens
