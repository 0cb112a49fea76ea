#pragma once

#include "connectionprobe.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace OffsetLens {

class ReturnAddress;

// "Test connection" for the GUI: runs probeConnection() on a background thread and delivers each step and the
// final report as immutable values through queued signals on this object's thread. Lives on, and is used from,
// one thread (the GUI thread); nothing in it blocks. One test at a time: starting another, cancel() and
// destruction cancel the running one, whose later signals are dropped.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    void start(const ConnectionProfile &profile, const ProbeOptions &options);
    void start(const ConnectionProfile &profile) { start(profile, ProbeOptions::forProfile(profile)); }
    void cancel();
    bool isRunning() const { return m_running != 0; }

Q_SIGNALS:
    void stepFinished(const OffsetLens::ProbeStep &step);
    void finished(const OffsetLens::ProbeReport &report);

private:
    std::shared_ptr<ReturnAddress> m_address;
    std::shared_ptr<std::atomic_bool> m_cancelled; // the running test's
    quint64 m_running = 0;                         // the running test's number, 0 when none
    quint64 m_lastRun = 0;
};

} // namespace OffsetLens
