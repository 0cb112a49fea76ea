#include "laghistorystore.h"

#include "historythreads.h"
#include "recordeddiagnosis.h"
#include "threadpriority.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMutex>
#include <QThread>
#include <QTimer>

#include <functional>
#include <optional>

Q_LOGGING_CATEGORY(lcHistoryStore, "offsetlens.history", QtInfoMsg)

namespace OffsetLens {

namespace {
constexpr int kMaintenanceIntervalMs = 5 * 60 * 1000;
} // namespace

// The state the GUI thread and the history thread share. The store and the functors posted to the history thread
// each hold a reference, so whichever side finishes last frees it.
struct LagHistoryStore::Worker
{
    Worker(QString databasePath, RetentionPolicy retention)
        : path(std::move(databasePath))
        , policy(std::move(retention))
    {}

    // Set before the thread starts, read-only afterwards.
    const QString path;
    const RetentionPolicy policy;
    QObject *context = nullptr; // lives on the history thread: what is posted to it runs there

    // Shared, under `mutex`.
    QMutex mutex;
    LagHistoryStore *owner = nullptr; // null once the store is gone: nothing is delivered any more
    std::optional<ClusterSnapshot> pending;
    quint64 coalesced = 0;
    QHash<QString, quint64> latestByKey; // lets the thread skip loads that were superseded before they ran

    // History thread only.
    LagHistoryDatabase db;
    // What the last chart of each key was built of, so that the next one of a live chart reads only what is new.
    struct CachedHistory
    {
        HistorySubject subject = HistorySubject::Group;
        qint64 fromMs = 0;
        quint64 maintenance = 0; // thinning out the database invalidates what was read before
        GroupHistory history;
    };
    QHash<QString, CachedHistory> chartCache;
    quint64 maintenanceRuns = 0;

    // Runs `f` on the GUI thread with the store, if it still exists when the call gets there. Posting under the
    // mutex the destructor takes means a posted call is either in the store's queue before it is destroyed (and
    // then removed with it) or never posted.
    void deliver(std::function<void(LagHistoryStore *)> f)
    {
        const QMutexLocker lock(&mutex);
        if (LagHistoryStore *store = owner)
            QMetaObject::invokeMethod(
                store, [store, f = std::move(f)] { f(store); }, Qt::QueuedConnection);
    }

    bool shuttingDown()
    {
        const QMutexLocker lock(&mutex);
        return owner == nullptr;
    }

    void openDatabase(const std::shared_ptr<Worker> &self)
    {
        const HistoryOpenResult result = db.open(path);
        if (!result.message.isEmpty())
            qCWarning(lcHistoryStore).noquote() << result.message;
        deliver([result](LagHistoryStore *store) { Q_EMIT store->opened(result); });
        if (!db.isOpen())
            return;
        maintain();
        auto *timer = new QTimer(context);
        timer->setInterval(kMaintenanceIntervalMs);
        QObject::connect(timer, &QTimer::timeout, context, [self] { self->maintain(); });
        timer->start();
    }

    // Writes what is pending, newest only (see record()), until nothing is.
    void drain()
    {
        for (;;) {
            std::optional<ClusterSnapshot> snapshot;
            {
                const QMutexLocker lock(&mutex);
                snapshot.swap(pending);
            }
            if (!snapshot)
                return;
            if (!db.isOpen())
                continue; // opening failed and opened() said so; the snapshot has nowhere to go
            QString error;
            if (!db.record(samplesFromSnapshot(*snapshot), topicSamplesFromSnapshot(*snapshot), &error)) {
                qCWarning(lcHistoryStore).noquote() << error;
                deliver([error](LagHistoryStore *store) { Q_EMIT store->recordFailed(error); });
            }
        }
    }

    void maintain()
    {
        if (!db.isOpen() || shuttingDown())
            return;
        QString error;
        const qint64 removed = db.maintain(QDateTime::currentMSecsSinceEpoch(), policy, &error);
        ++maintenanceRuns;
        if (removed < 0)
            qCWarning(lcHistoryStore).noquote() << error;
    }

    void load(quint64 id, const QString &groupId, qint64 fromMs, qint64 toMs, const QString &key)
    {
        {
            const QMutexLocker lock(&mutex);
            if (!owner || (!key.isEmpty() && latestByKey.value(key) != id))
                return; // nobody wants this answer any more
        }
        GroupHistory history = db.isOpen() ? db.load(groupId, fromMs, toMs) : GroupHistory{groupId, {}, {}, {}};
        deliver([id, key, history = std::move(history)](LagHistoryStore *store) {
            if (!key.isEmpty() && store->m_latestByKey.value(key) != id)
                return; // superseded while it was being read
            Q_EMIT store->loaded(id, history);
        });
    }

    bool wanted(quint64 id, const QString &key)
    {
        const QMutexLocker lock(&mutex);
        return owner && (key.isEmpty() || latestByKey.value(key) == id);
    }

    // The history a chart needs: the cached one with only its newer samples read, when the request continues it;
    // otherwise read whole.
    GroupHistory chartHistory(const ChartRequest &request, const QString &key)
    {
        if (!db.isOpen())
            return GroupHistory{request.name, request.subject, {}, {}};
        auto it = chartCache.find(key);
        const bool continues = it != chartCache.end() && it->subject == request.subject &&
                               it->history.groupId == request.name && it->maintenance == maintenanceRuns &&
                               it->history.error.isEmpty() && !it->history.samples.isEmpty() &&
                               request.fromMs >= it->fromMs && request.toMs >= it->history.samples.back().timeMs;
        if (!continues) {
            CachedHistory fresh{request.subject, request.fromMs, maintenanceRuns,
                                db.load(request.name, request.fromMs, request.toMs, request.subject)};
            it = chartCache.insert(key, std::move(fresh));
            return it->history;
        }
        QList<GroupSample> &samples = it->history.samples;
        const GroupHistory tail = db.load(request.name, samples.back().timeMs + 1, request.toMs, request.subject);
        samples.append(tail.samples);
        const auto firstKept =
            std::lower_bound(samples.cbegin(), samples.cend(), request.fromMs,
                             [](const GroupSample &sample, qint64 from) { return sample.timeMs < from; });
        samples.erase(samples.cbegin(), firstKept);
        it->fromMs = request.fromMs;
        it->history.error = tail.error;
        return it->history;
    }

    void loadChart(quint64 id, const ChartRequest &request, const QString &key)
    {
        if (!wanted(id, key))
            return; // nobody wants this answer any more
        LagChartData chart = buildLagChart(chartHistory(request, key), request.kind, request.maxSeries);
        deliver([id, key, chart = std::move(chart)](LagHistoryStore *store) {
            if (store->m_latestByKey.value(key) != id)
                return; // superseded while it was being built
            Q_EMIT store->chartLoaded(id, chart);
        });
    }

    // The store is gone: write the last snapshot it handed over, close, and let the thread end.
    void finish()
    {
        drain();
        db.close();
        QThread::currentThread()->quit();
    }
};

LagHistoryStore::LagHistoryStore(const QString &path, RetentionPolicy policy, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(std::make_shared<Worker>(path, std::move(policy)))
{
    qRegisterMetaType<OffsetLens::HistoryOpenResult>();
    qRegisterMetaType<OffsetLens::GroupHistory>();
    qRegisterMetaType<OffsetLens::LagChartData>();
    qRegisterMetaType<QList<OffsetLens::GroupSample>>();
    m_worker->owner = this;
    m_thread->setObjectName(QStringLiteral("LagHistory"));
    auto *context = new QObject;
    context->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, context, &QObject::deleteLater);
    m_worker->context = context;
    HistoryThreads::started();
    m_thread->start();
    QMetaObject::invokeMethod(
        context,
        [w = m_worker] {
            lowerCurrentThreadPriority(); // recording 400,000 samples a refresh must not slow the GUI's clicks
            w->openDatabase(w);
        },
        Qt::QueuedConnection);
}

LagHistoryStore::~LagHistoryStore()
{
    {
        const QMutexLocker lock(&m_worker->mutex);
        m_worker->owner = nullptr;
    }
    // The thread finishes the transaction it is in and the pending snapshot, then ends; a helper thread reaps
    // it. Nothing here waits.
    QMetaObject::invokeMethod(
        m_worker->context, [w = m_worker] { w->finish(); }, Qt::QueuedConnection);
    HistoryThreads::finishInBackground(m_thread);
}

void LagHistoryStore::record(const ClusterSnapshot &snapshot)
{
    if (!snapshot.isValid())
        return;
    // Coalescing: at most one snapshot waits beside the one being written, and a newer one replaces it. Lag
    // history misses nothing that matters when one refresh of a slow spell is skipped, while a queue that
    // grows whenever the disk is slower than the refresh interval would hold ever more snapshots in memory.
    std::optional<ClusterSnapshot> replaced; // released outside the lock
    bool wake = false;
    {
        const QMutexLocker lock(&m_worker->mutex);
        wake = !m_worker->pending.has_value();
        replaced = std::exchange(m_worker->pending, snapshot);
        if (!wake)
            ++m_worker->coalesced;
    }
    if (!wake) {
        qCDebug(lcHistoryStore) << "history writer behind: skipped a refresh," << m_worker->coalesced << "so far";
        return;
    }
    QMetaObject::invokeMethod(
        m_worker->context, [w = m_worker] { w->drain(); }, Qt::QueuedConnection);
}

quint64 LagHistoryStore::load(const QString &groupId, qint64 fromMs, qint64 toMs, const QString &key)
{
    const quint64 id = m_nextId++;
    if (!key.isEmpty()) {
        m_latestByKey.insert(key, id);
        const QMutexLocker lock(&m_worker->mutex);
        m_worker->latestByKey.insert(key, id);
    }
    QMetaObject::invokeMethod(
        m_worker->context, [w = m_worker, id, groupId, fromMs, toMs, key] { w->load(id, groupId, fromMs, toMs, key); },
        Qt::QueuedConnection);
    return id;
}

void LagHistoryStore::loadRecent(qint64 sinceMs, int maxTimes)
{
    QMetaObject::invokeMethod(
        m_worker->context,
        [w = m_worker, sinceMs, maxTimes] {
            if (w->shuttingDown())
                return;
            QList<GroupSample> samples =
                w->db.isOpen() ? w->db.recentGroupSamples(sinceMs, maxTimes) : QList<GroupSample>();
            w->deliver([samples = std::move(samples)](LagHistoryStore *store) { Q_EMIT store->recentLoaded(samples); });
        },
        Qt::QueuedConnection);
}

void LagHistoryStore::loadCondensed(qint64 nowMs)
{
    QMetaObject::invokeMethod(
        m_worker->context,
        [w = m_worker, nowMs] {
            if (w->shuttingDown())
                return;
            DiagnosisMemory memory;
            if (w->db.isOpen())
                condenseRecordedHistory(w->db, nowMs, memory);
            w->deliver(
                [histories = memory.histories()](LagHistoryStore *store) { Q_EMIT store->condensedLoaded(histories); });
        },
        Qt::QueuedConnection);
}

quint64 LagHistoryStore::loadChart(const ChartRequest &request, const QString &key)
{
    const quint64 id = m_nextId++;
    m_latestByKey.insert(key, id);
    {
        const QMutexLocker lock(&m_worker->mutex);
        m_worker->latestByKey.insert(key, id);
    }
    QMetaObject::invokeMethod(
        m_worker->context, [w = m_worker, id, request, key] { w->loadChart(id, request, key); }, Qt::QueuedConnection);
    return id;
}

} // namespace OffsetLens
