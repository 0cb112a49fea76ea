#pragma once

#include "jobcontext.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace OffsetLens {

class KafkaConnection;
class ReturnAddress;

using JobId = quint64; // unique in the process; 0 is never a job

struct JobOptions
{
    QString title; // what the user is told is going on, e.g. "Refreshing" or "Writing offsets of billing"
    // Non-empty: submitting cancels the active job with the same key, whose result is stale from then on (a newer
    // look-up for the same dialog field, a re-read of the same group).
    QString supersedes;
};

// Runs Kafka operations ("jobs") of one connection off the GUI thread, in the spirit of KDAB hotspot's job
// tracker: each job gets an id, a cancel flag and a progress channel, runs on a background thread of its own (so
// jobs of different kinds run side by side: a reset goes on while auto-refresh does), and its result is delivered
// on the runner's thread to a callback bound to a receiver's lifetime. Results of cancelled or superseded jobs are
// dropped, and a receiver destroyed before its result arrives is never called (its job is cancelled).
// Lives on, and is used from, one thread (the GUI thread).
class JobRunner : public QObject
{
    Q_OBJECT
public:
    explicit JobRunner(std::shared_ptr<KafkaConnection> connection, QObject *parent = nullptr);
    // Never blocks: cancels every job; running jobs end on their threads (their waits honour cancel) and the
    // connection is released on a background thread.
    ~JobRunner() override;

    // `work(const JobContext &)` runs on a background thread and returns the result; `done(Result)` runs on this
    // runner's thread with that result, unless the job was cancelled, superseded or `receiver` (on this thread,
    // required) was destroyed first.
    template <typename Work, typename Done>
    JobId submit(const JobOptions &options, Work work, const QObject *receiver, Done done)
    {
        using Result = std::invoke_result_t<Work &, const JobContext &>;
        auto result = std::make_shared<std::optional<Result>>();
        return submitErased(
            options,
            [work = std::move(work), result](const JobContext &context) mutable { result->emplace(work(context)); },
            receiver, [done = std::move(done), result]() mutable { done(std::move(**result)); });
    }

    // True when the job was active; its result will not be delivered.
    bool cancel(JobId id);
    void cancelAll();
    bool isActive(JobId id) const { return m_jobs.contains(id); }
    QList<JobId> activeJobs() const;
    QString title(JobId id) const;

    const std::shared_ptr<KafkaConnection> &connection() const { return m_connection; }

Q_SIGNALS:
    void jobStarted(OffsetLens::JobId id, const QString &title);
    // At most about every 100 ms per job, and whenever its step changes.
    void jobProgress(OffsetLens::JobId id, const OffsetLens::JobProgress &progress);
    // Every started job ends exactly once: delivered (its callback ran) or not (cancelled, superseded, receiver
    // gone, or the work failed unexpectedly).
    void jobFinished(OffsetLens::JobId id, bool delivered);

private:
    struct Job
    {
        QString title;
        QString supersedes;
        std::shared_ptr<std::atomic_bool> cancelled;
        QPointer<const QObject> receiver;
        QMetaObject::Connection receiverGone;
        std::function<void()> deliver;
    };

    JobId submitErased(const JobOptions &options, std::function<void(const JobContext &)> run, const QObject *receiver,
                       std::function<void()> deliver);
    void finish(JobId id, bool succeeded);
    void forget(QHash<JobId, Job>::iterator it);

    std::shared_ptr<KafkaConnection> m_connection;
    std::shared_ptr<ReturnAddress> m_address;
    QHash<JobId, Job> m_jobs; // active jobs
};

} // namespace OffsetLens
