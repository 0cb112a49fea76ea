#include "lagmonitor.h"

#include "diagnose.h"
#include "diagnosismemory.h"
#include "historythreads.h"
#include "threadpriority.h"

#include <QMetaObject>
#include <QThread>

#include <limits>
#include <mutex>
#include <optional>

namespace OffsetLens {

// Lives on the monitor's thread. The GUI thread only touches `pending` (under the mutex) and posts a wake-up;
// results go back through a queued signal, which Qt drops once the monitor is gone.
class LagMonitorWorker : public QObject
{
    Q_OBJECT
public:
    std::mutex mutex;
    std::optional<ClusterSnapshot> pending;
    bool scheduled = false;
    bool awaitingSeed = false;                       // refreshes wait in `pending` until seed() ran
    QHash<QString, ClientAssumptions> clientByGroup; // under the mutex: set from the GUI thread
    LagTracker tracker;
    DiagnosisMemory memory;      // the history the doctor reads, condensed
    QList<Finding> lastFindings; // shared with the GUI's: their unchanged partition lists are reused

    explicit LagMonitorWorker(int healthWindow)
        : tracker(healthWindow)
    {}

    void drain()
    {
        for (;;) {
            std::optional<ClusterSnapshot> next;
            {
                const std::lock_guard lock(mutex);
                if (awaitingSeed) {
                    scheduled = false; // seed() drains what waits
                    return;
                }
                next.swap(pending);
                if (!next) {
                    scheduled = false;
                    return;
                }
            }
            const QList<GroupSample> samples = samplesFromSnapshot(*next);
            const qint64 timeMs = next->takenAt.toMSecsSinceEpoch();
            ClusterLagStatus status = tracker.observe(samples, timeMs);
            status.profileId = next->profileId;
            status.sequence = next->sequence;
            memory.observe(samples, timeMs);
            status.findings = diagnoseRefresh(*next, status);
            // The views need each group's verdict, not every partition's: those would only be copied to and
            // destroyed on the GUI thread (40,000 entries on a large cluster) at every refresh.
            for (GroupLagStatus &group : status.groups)
                group.health.partitions.clear();
            Q_EMIT evaluated(status);
        }
    }

    void replay(const QList<GroupSample> &samples)
    {
        qint64 liveMs = std::numeric_limits<qint64>::max();
        {
            const std::lock_guard lock(mutex);
            if (!awaitingSeed)
                return;
            if (pending)
                liveMs = pending->takenAt.toMSecsSinceEpoch();
        }
        // One tracker step per recorded refresh, as the previous run saw them; nothing is reported (the refresh
        // waiting, or the next one, gives the verdict as of now).
        qsizetype begin = 0;
        while (begin < samples.size() && samples[begin].timeMs < liveMs) {
            qsizetype end = begin;
            while (end < samples.size() && samples[end].timeMs == samples[begin].timeMs)
                ++end;
            const QList<GroupSample> step = samples.mid(begin, end - begin);
            tracker.observe(step, samples[begin].timeMs);
            memory.observe(step, samples[begin].timeMs);
            begin = end;
        }
        {
            const std::lock_guard lock(mutex);
            awaitingSeed = false;
            scheduled = true;
        }
        drain();
    }

    // The doctor on this refresh, with the health verdicts just computed and the condensed history. The brokers do
    // not know the client settings: where the user said nothing for a group, every outcome of auto.offset.reset is
    // shown.
    QList<Finding> diagnoseRefresh(const ClusterSnapshot &snapshot, const ClusterLagStatus &status)
    {
        DiagnosisInput input;
        input.snapshot = snapshot;
        input.lagStatus = status.groups;
        input.history = memory.histories();
        input.previous = lastFindings;
        {
            const std::lock_guard lock(mutex);
            input.clientByGroup = clientByGroup;
        }
        lastFindings = diagnose(input);
        return lastFindings;
    }

Q_SIGNALS:
    void evaluated(const OffsetLens::ClusterLagStatus &status);
};

struct LagMonitor::Worker
{
    explicit Worker(int healthWindow)
        : object(healthWindow)
    {}
    LagMonitorWorker object;
};

LagMonitor::LagMonitor(int healthWindow, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(std::make_shared<Worker>(healthWindow))
{
    qRegisterMetaType<OffsetLens::ClusterLagStatus>();
    m_thread->setObjectName(QStringLiteral("lag monitor"));
    m_worker->object.moveToThread(m_thread);
    HistoryThreads::started();
    connect(&m_worker->object, &LagMonitorWorker::evaluated, this, &LagMonitor::statusChanged, Qt::QueuedConnection);
    m_thread->start();
    QMetaObject::invokeMethod(
        &m_worker->object, [] { lowerCurrentThreadPriority(); }, Qt::QueuedConnection);
}

LagMonitor::~LagMonitor()
{
    // The worker and its thread finish on their own: the thread quits after the evaluation in progress and is
    // deleted by a helper (counted, so main() and the tests can wait for it); the worker goes when the thread ends.
    {
        const std::lock_guard lock(m_worker->object.mutex);
        m_worker->object.pending.reset();
    }
    QObject::connect(
        m_thread, &QThread::finished, m_thread, [worker = std::move(m_worker)]() mutable { worker.reset(); },
        Qt::DirectConnection);
    m_thread->quit();
    HistoryThreads::finishInBackground(m_thread);
}

void LagMonitor::observe(const ClusterSnapshot &snapshot)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_worker->object.mutex);
        m_worker->object.pending = snapshot; // a newer refresh replaces one still waiting
        wake = !m_worker->object.scheduled;
        m_worker->object.scheduled = true;
    }
    if (wake) {
        LagMonitorWorker *w = &m_worker->object;
        QMetaObject::invokeMethod(
            w, [w] { w->drain(); }, Qt::QueuedConnection);
    }
}

void LagMonitor::expectSeed()
{
    const std::lock_guard lock(m_worker->object.mutex);
    m_worker->object.awaitingSeed = true;
}

void LagMonitor::seedDoctor(const QHash<QString, GroupHistory> &histories)
{
    LagMonitorWorker *w = &m_worker->object;
    QMetaObject::invokeMethod(
        w,
        [w, histories] {
            DiagnosisMemory older;
            for (const GroupHistory &history : histories)
                older.observeHistory(history);
            w->memory.mergeOlder(older);
        },
        Qt::QueuedConnection);
}

void LagMonitor::setClientAssumptions(const QHash<QString, ClientAssumptions> &byGroup)
{
    const std::lock_guard lock(m_worker->object.mutex);
    m_worker->object.clientByGroup = byGroup;
}

void LagMonitor::seed(const QList<GroupSample> &samples)
{
    LagMonitorWorker *w = &m_worker->object;
    QMetaObject::invokeMethod(
        w, [w, samples] { w->replay(samples); }, Qt::QueuedConnection);
}

} // namespace OffsetLens

#include "lagmonitor.moc"
