#pragma once

#include "deadline.h"

#include <QMetaType>
#include <QString>

#include <functional>
#include <memory>

namespace OffsetLens {

class KafkaConnection;

struct JobProgress
{
    qint64 done = 0;
    qint64 total = 0; // 0: unknown (a busy indicator rather than a percentage)
    QString step;     // what the job is doing now, e.g. "Reading watermarks"
};

// What a Kafka operation runs with: the connection, the cancel flag it must honour in every wait, and where to
// report progress. A session creates one per job on the job's thread; the command line creates one on its own
// thread and runs the very same operations synchronously.
class JobContext
{
public:
    using ProgressSink = std::function<void(const JobProgress &)>;

    JobContext(std::shared_ptr<KafkaConnection> connection, const std::atomic_bool &cancelled,
               ProgressSink progress = {})
        : m_connection(std::move(connection))
        , m_cancelled(cancelled)
        , m_progress(std::move(progress))
    {}

    KafkaConnection &connection() const { return *m_connection; }
    // For blocking calls left running after a cancel: they keep the connection (and its clients) alive.
    const std::shared_ptr<KafkaConnection> &sharedConnection() const { return m_connection; }

    const std::atomic_bool &cancelFlag() const { return m_cancelled; }
    bool isCancelled() const { return OffsetLens::isCancelled(m_cancelled); }

    void reportProgress(qint64 done, qint64 total, const QString &step) const
    {
        if (m_progress)
            m_progress(JobProgress{done, total, step});
    }

private:
    std::shared_ptr<KafkaConnection> m_connection;
    const std::atomic_bool &m_cancelled;
    ProgressSink m_progress;
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::JobProgress)
