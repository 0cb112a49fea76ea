#include "jobrunner.h"

#include "background.h"
#include "kafkaconnection.h"
#include "kafkalog.h"
#include "returnaddress.h"

#include <chrono>
#include <exception>

namespace OffsetLens {

namespace {
std::atomic<JobId> s_lastJobId{0};

// Throttles a job's progress reports on its own thread before they cross to the runner's thread.
class ProgressThrottle
{
public:
    bool shouldSend(const JobProgress &progress)
    {
        const auto now = std::chrono::steady_clock::now();
        if (progress.step == m_lastStep && now - m_lastSent < std::chrono::milliseconds(100))
            return false;
        m_lastStep = progress.step;
        m_lastSent = now;
        return true;
    }

private:
    QString m_lastStep;
    std::chrono::steady_clock::time_point m_lastSent;
};
} // namespace

JobRunner::JobRunner(std::shared_ptr<KafkaConnection> connection, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_address(std::make_shared<ReturnAddress>(this))
{
    qRegisterMetaType<OffsetLens::JobProgress>();
    qRegisterMetaType<OffsetLens::JobId>("OffsetLens::JobId");
}

JobRunner::~JobRunner()
{
    m_address->close();
    for (Job &job : m_jobs) {
        job.cancelled->store(true);
        disconnect(job.receiverGone);
    }
    m_jobs.clear();
    // The clients' destruction may block; running jobs hold their own references.
    Background::release("kafka-teardown", std::move(m_connection));
}

JobId JobRunner::submitErased(const JobOptions &options, std::function<void(const JobContext &)> run,
                              const QObject *receiver, std::function<void()> deliver)
{
    Q_ASSERT(receiver && receiver->thread() == thread());
    if (!options.supersedes.isEmpty()) {
        QList<JobId> stale;
        for (auto it = m_jobs.cbegin(); it != m_jobs.cend(); ++it) {
            if (it->supersedes == options.supersedes)
                stale.append(it.key());
        }
        for (const JobId old : std::as_const(stale))
            cancel(old);
    }

    const JobId id = ++s_lastJobId;
    Job job;
    job.title = options.title;
    job.supersedes = options.supersedes;
    job.cancelled = std::make_shared<std::atomic_bool>(false);
    job.receiver = receiver;
    job.deliver = std::move(deliver);
    // A receiver that goes away takes its job with it: the work stops early and nothing is delivered.
    job.receiverGone = connect(receiver, &QObject::destroyed, this, [this, id] { cancel(id); });
    const std::shared_ptr<std::atomic_bool> cancelled = job.cancelled;
    m_jobs.insert(id, std::move(job));
    Q_EMIT jobStarted(id, options.title);

    Background::run("kafka-job", [this, id, run = std::move(run), cancelled, connection = m_connection,
                                  address = m_address]() mutable {
        bool succeeded = false;
        if (!cancelled->load()) {
            auto throttle = std::make_shared<ProgressThrottle>();
            const JobContext context(connection, *cancelled, [this, id, address, throttle](const JobProgress &p) {
                if (throttle->shouldSend(p)) {
                    address->post([this, id, p] {
                        if (m_jobs.contains(id))
                            Q_EMIT jobProgress(id, p);
                    });
                }
            });
            try {
                run(context);
                succeeded = true;
            } catch (const std::exception &e) {
                qCCritical(lcKafka) << "Kafka job" << id << "failed:" << e.what();
            }
        }
        // What the work holds (possibly the last reference to a connection) is released here, off the GUI thread.
        run = nullptr;
        connection.reset();
        address->post([this, id, succeeded] { finish(id, succeeded); });
    });
    return id;
}

void JobRunner::finish(JobId id, bool succeeded)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return; // cancelled or superseded meanwhile: its result is stale
    const bool deliverable = succeeded && !it->cancelled->load() && it->receiver;
    const std::function<void()> deliver = std::move(it->deliver);
    // Forgotten before the callback runs, so that the callback sees the job as over (and may submit the next).
    forget(it);
    // The callback may destroy this runner (its slot closes the cluster): nothing of it is touched afterwards.
    const QPointer<JobRunner> alive(this);
    if (deliverable)
        deliver();
    if (alive)
        Q_EMIT jobFinished(id, deliverable);
}

void JobRunner::forget(QHash<JobId, Job>::iterator it)
{
    disconnect(it->receiverGone);
    m_jobs.erase(it);
}

bool JobRunner::cancel(JobId id)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return false;
    it->cancelled->store(true);
    forget(it);
    Q_EMIT jobFinished(id, false);
    return true;
}

void JobRunner::cancelAll()
{
    const QList<JobId> ids = m_jobs.keys();
    for (const JobId id : ids)
        cancel(id);
}

QList<JobId> JobRunner::activeJobs() const
{
    QList<JobId> ids = m_jobs.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

QString JobRunner::title(JobId id) const
{
    return m_jobs.value(id).title;
}

} // namespace OffsetLens
