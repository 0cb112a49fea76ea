#include "clustersession.h"

#include "background.h"
#include "groupsource.h"
#include "kafkaconnection.h"
#include "snapshotfetcher.h"
#include "writeaccess.h"

#include <QPointer>
#include <QTimer>

#include <utility>

namespace OffsetLens {

namespace {
// What a refresh job hands back: the analysed snapshot when the cluster was reached, the reason otherwise.
struct RefreshOutcome
{
    bool reached = false;
    AnalyzedSnapshot snapshot;
    QString failure;
};
} // namespace

struct ClusterSession::Private
{
    ConnectionProfile profile;
    State state = State::Disconnected;
    JobRunner *jobs = nullptr;
    // Shared with the refresh jobs; keeps what the fetcher learnt about the cluster between refreshes.
    std::shared_ptr<SnapshotFetcher> fetcher;
    // What setGroupSource() installed (null: the broker), so other jobs can build fetchers that see groups alike.
    std::shared_ptr<GroupSource> groupSource;
    std::shared_ptr<WriteAccess> access;
    QTimer autoRefresh;
    int interval = 5000;
    bool started = false;

    quint64 lastSequence = 0;
    quint64 activeSequence = 0; // the refresh whose result we still want; 0: none
    JobId activeJob = 0;
};

ClusterSession::ClusterSession(ConnectionProfile profile, QObject *parent)
    : ClusterSession(profile, std::make_shared<WriteAccess>(profile), parent)
{}

ClusterSession::ClusterSession(ConnectionProfile profile, std::shared_ptr<WriteAccess> access, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    qRegisterMetaType<OffsetLens::AnalyzedSnapshot>();
    qRegisterMetaType<OffsetLens::ClusterSession::State>();
    d->access = access ? std::move(access) : std::make_shared<WriteAccess>(profile);
    d->profile = std::move(profile);
    d->interval = std::max(d->profile.refreshIntervalMs, 0);
    auto connection = std::make_shared<KafkaConnection>(d->profile);
    d->fetcher = std::make_shared<SnapshotFetcher>(connection);
    d->jobs = new JobRunner(std::move(connection), this);
    d->autoRefresh.setSingleShot(true);
    connect(&d->autoRefresh, &QTimer::timeout, this, &ClusterSession::refreshNow);
    // A refresh job that ends undelivered (cancelled through jobs(), or its work failed) must not leave the
    // session waiting for it forever.
    connect(d->jobs, &JobRunner::jobFinished, this, [this](JobId id, bool delivered) {
        if (!delivered && id != 0 && id == d->activeJob)
            cancelRefresh();
    });
}

ClusterSession::~ClusterSession()
{
    d->autoRefresh.stop();
    // The runner (a child) cancels its jobs and releases its share of the connection without waiting; the fetcher
    // (possibly the last owner of the connection) goes on a background thread too.
    delete d->jobs;
    d->jobs = nullptr;
    Background::release("kafka-teardown", std::move(d->fetcher));
}

const ConnectionProfile &ClusterSession::profile() const
{
    return d->profile;
}

ClusterSession::State ClusterSession::state() const
{
    return d->state;
}

JobRunner *ClusterSession::jobs() const
{
    return d->jobs;
}

std::shared_ptr<WriteAccess> ClusterSession::writeAccess() const
{
    return d->access;
}

void ClusterSession::setGroupSource(std::shared_ptr<GroupSource> source)
{
    d->groupSource = source;
    d->fetcher->setGroupSource(std::move(source));
}

std::shared_ptr<GroupSource> ClusterSession::groupSource() const
{
    return d->groupSource;
}

void ClusterSession::start()
{
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
    if (d->state != State::Disconnected) {
        d->state = State::Disconnected;
        Q_EMIT stateChanged(d->state);
    }
}

void ClusterSession::refreshNow()
{
    if (!d->started || d->activeSequence != 0)
        return;
    d->autoRefresh.stop();
    const quint64 sequence = ++d->lastSequence;
    d->activeSequence = sequence;
    Q_EMIT refreshStarted(sequence);
    d->activeJob = d->jobs->submit(
        JobOptions{tr("Refreshing"), QStringLiteral("refresh")},
        [fetcher = d->fetcher, sequence](const JobContext &context) {
            RefreshOutcome outcome;
            SnapshotFetcher::Options options;
            options.carryForward = true; // the window keeps showing what a failed read missed, marked
            ClusterSnapshot snapshot = fetcher->fetch(options, context, &outcome.reached);
            snapshot.sequence = sequence;
            if (outcome.reached)
                outcome.snapshot = AnalyzedSnapshot(std::move(snapshot)); // the derived facts, off the GUI thread
            else
                outcome.failure = snapshot.errors.join(QLatin1Char('\n'));
            return outcome;
        },
        this,
        [this, sequence](RefreshOutcome outcome) {
            if (sequence != d->activeSequence)
                return; // superseded: drop it
            d->activeSequence = 0;
            d->activeJob = 0;
            // A slot may destroy this session (closing the cluster on what it sees): stop touching it then.
            const QPointer<ClusterSession> alive(this);
            const State state = outcome.reached ? State::Connected : State::Failed;
            if (d->state != state) {
                d->state = state;
                Q_EMIT stateChanged(d->state);
                if (!alive)
                    return;
            }
            if (outcome.reached)
                Q_EMIT snapshotReady(outcome.snapshot);
            else
                Q_EMIT refreshFailed(sequence, outcome.failure);
            if (!alive)
                return;
            // The next refresh is timed from the end of this one, so a slow cluster is never asked faster than it
            // answers.
            if (d->started && d->interval > 0 && d->activeSequence == 0)
                d->autoRefresh.start(d->interval);
        });
}

void ClusterSession::cancelRefresh()
{
    const JobId job = std::exchange(d->activeJob, 0);
    const quint64 sequence = std::exchange(d->activeSequence, 0); // a late result no longer matches: dropped
    if (job != 0)
        d->jobs->cancel(job); // after the state is cleared: its jobFinished finds nothing to cancel again
    if (d->started && d->interval > 0 && !d->autoRefresh.isActive())
        d->autoRefresh.start(d->interval);
    if (sequence != 0)
        Q_EMIT refreshCancelled(sequence);
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

JobId ClusterSession::refreshJob() const
{
    return d->activeJob;
}

} // namespace OffsetLens
