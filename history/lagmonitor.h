#pragma once

#include "diagnosisinput.h"
#include "lagtracker.h"

#include <QObject>

#include <memory>

class QThread;

namespace OffsetLens {

// Runs one cluster's LagTracker on a thread of its own: refreshes go in, each group's health and time lag come out
// through a queued signal. A refresh that arrives while the previous one is still being evaluated replaces any
// other waiting one, so a slow machine skips refreshes instead of queueing them. Never blocks the GUI thread: the
// destructor lets an evaluation in progress finish in the background.
class LagMonitor : public QObject
{
    Q_OBJECT
public:
    explicit LagMonitor(int healthWindow = 10, QObject *parent = nullptr);
    ~LagMonitor() override;

    void observe(const ClusterSnapshot &snapshot);

    // Health and time lag need a window of past refreshes. Called before the first observe(), the monitor holds
    // refreshes back (the newest one waits) until seed() hands it the recorded history to replay first, so that a
    // restart goes on from where the last run left off instead of "not enough history yet".
    void expectSeed();
    // Replays `samples` (time order; those not older than the refresh waiting are skipped), then evaluates the
    // waiting refresh. Only the first call after expectSeed() counts; seed({}) just releases the monitor.
    void seed(const QList<GroupSample> &samples);

    // The recorded week condensed for the doctor (LagHistoryStore::loadCondensed): merged before what the monitor
    // saw live, whenever it arrives, so that expiry dates reach back further than this run. Refreshes do not wait
    // for it.
    void seedDoctor(const QHash<QString, GroupHistory> &histories);

    // What the user told the doctor about each group's consumers (auto.offset.reset, how they commit): used from
    // the next refresh the monitor evaluates on.
    void setClientAssumptions(const QHash<QString, ClientAssumptions> &byGroup);

Q_SIGNALS:
    void statusChanged(const OffsetLens::ClusterLagStatus &status);

private:
    struct Worker;
    QThread *m_thread;
    std::shared_ptr<Worker> m_worker;
};

} // namespace OffsetLens
