#pragma once

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

Q_SIGNALS:
    void statusChanged(const OffsetLens::ClusterLagStatus &status);

private:
    struct Worker;
    QThread *m_thread;
    std::shared_ptr<Worker> m_worker;
};

} // namespace OffsetLens
