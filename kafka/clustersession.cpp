#include "clustersession.h"

#include "groupsource.h"
#include "kafkalog.h"
#include "sessionworker.h"

#include <QDeadlineTimer>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace OffsetLens {

struct ClusterSession::Private
{
    ConnectionProfile profile;
    State state = State::Disconnected;
    std::shared_ptr<GroupSource> source;
    QThread *thread = nullptr;
    SessionWorker *worker = nullptr; // lives on `thread`
    QTimer autoRefresh;
    int interval = 5000;
    bool started = false;
    bool haveSnapshot = false;

    quint64 lastSequence = 0;
    quint64 activeSequence = 0; // the refresh whose result we still want; 0: none
    std::shared_ptr<std::atomic_bool> activeCancel;
};

ClusterSession::ClusterSession(ConnectionProfile profile, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    qRegisterMetaType<OffsetLens::ClusterSnapshot>();
    qRegisterMetaType<OffsetLens::ClusterSession::State>();
    d->profile = std::move(profile);
    d->interval = std::max(d->profile.refreshIntervalMs, 0);
    d->autoRefresh.setSingleShot(true);
    connect(&d->autoRefresh, &QTimer::timeout, this, &ClusterSession::refreshNow);
}

ClusterSession::~ClusterSession()
{
    d->autoRefresh.stop();
    if (d->activeCancel)
        d->activeCancel->store(true);
    d->activeSequence = 0;
    if (!d->thread)
        return;
    // The worker checks the cancel flag between phases and while it waits, so it returns quickly; its librdkafka
    // clients are destroyed on the worker thread when the thread's event loop ends.
    disconnect(d->worker, nullptr, this, nullptr);
    d->thread->quit();
    if (!d->thread->wait(QDeadlineTimer(std::max(d->profile.requestTimeoutMs, 1000)))) {
        // Still stuck in a librdkafka call: let the thread finish on its own rather than block the GUI.
        qCWarning(lcKafka) << "Kafka worker thread still busy; letting it finish in the background";
        QThread *thread = d->thread;
        thread->setParent(nullptr);
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    }
}

const ConnectionProfile &ClusterSession::profile() const
{
    return d->profile;
}

ClusterSession::State ClusterSession::state() const
{
    return d->state;
}

void ClusterSession::setGroupSource(std::shared_ptr<GroupSource> source)
{
    d->source = std::move(source);
}

void ClusterSession::start()
{
    if (!d->thread) {
        d->thread = new QThread(this);
        d->thread->setObjectName(QStringLiteral("kafka-session"));
        d->worker = new SessionWorker(d->profile, d->source);
        d->worker->moveToThread(d->thread);
        connect(d->thread, &QThread::finished, d->worker, &QObject::deleteLater);
        connect(
            d->worker, &SessionWorker::refreshDone, this,
            [this](quint64 sequence, const ClusterSnapshot &snapshot, bool reached) {
                // Runs on the session's thread (queued connection).
                if (sequence != d->activeSequence)
                    return; // cancelled or superseded: drop it
                d->activeSequence = 0;
                d->activeCancel.reset();
                if (reached) {
                    d->haveSnapshot = true;
                    if (d->state != State::Connected) {
                        d->state = State::Connected;
                        Q_EMIT stateChanged(d->state);
                    }
                    Q_EMIT snapshotReady(snapshot);
                } else {
                    if (d->state != State::Failed) {
                        d->state = State::Failed;
                        Q_EMIT stateChanged(d->state);
                    }
                    Q_EMIT refreshFailed(sequence, snapshot.errors.join(QLatin1Char('\n')));
                }
                // The next refresh is timed from the end of this one, so a slow cluster is never asked
                // faster than it answers.
                if (d->started && d->interval > 0)
                    d->autoRefresh.start(d->interval);
            },
            Qt::QueuedConnection);
        d->thread->start();
    }
    d->started = true;
    if (d->state == State::Disconnected) {
        d->state = State::Connecting;
        Q_EMIT stateChanged(d->state);
    }
    refreshNow();
}

void ClusterSession::stop()
{
    d->started = false;
    d->autoRefresh.stop();
    cancelRefresh();
    d->haveSnapshot = false;
    if (d->state != State::Disconnected) {
        d->state = State::Disconnected;
        Q_EMIT stateChanged(d->state);
    }
}

void ClusterSession::refreshNow()
{
    if (!d->thread || !d->started || d->activeSequence != 0)
        return;
    d->autoRefresh.stop();
    const quint64 sequence = ++d->lastSequence;
    d->activeSequence = sequence;
    d->activeCancel = std::make_shared<std::atomic_bool>(false);
    Q_EMIT refreshStarted(sequence);
    QMetaObject::invokeMethod(
        d->worker, [worker = d->worker, sequence, cancel = d->activeCancel]() { worker->refresh(sequence, cancel); },
        Qt::QueuedConnection);
}

void ClusterSession::cancelRefresh()
{
    if (d->activeCancel)
        d->activeCancel->store(true);
    d->activeCancel.reset();
    d->activeSequence = 0; // a late result no longer matches and is dropped
    if (d->started && d->interval > 0 && !d->autoRefresh.isActive())
        d->autoRefresh.start(d->interval);
}

void ClusterSession::setRefreshInterval(int ms)
{
    d->interval = std::max(ms, 0);
    if (d->interval == 0) {
        d->autoRefresh.stop();
    } else if (d->started && d->activeSequence == 0) {
        d->autoRefresh.start(d->interval);
    }
}

int ClusterSession::refreshInterval() const
{
    return d->interval;
}

bool ClusterSession::isRefreshing() const
{
    return d->activeSequence != 0;
}

} // namespace OffsetLens
