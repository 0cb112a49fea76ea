#pragma once

#include <QMutex>
#include <QObject>

#include <functional>
#include <memory>

namespace OffsetLens {

// The way back from a worker thread to a QObject on its own thread (usually the GUI thread), safe when that object
// is destroyed meanwhile: the object closes its return address in its destructor, after which posts are dropped.
// A call posted before the close but not yet run is discarded by Qt together with the object's other pending
// events.
class ReturnAddress
{
public:
    explicit ReturnAddress(QObject *target)
        : m_target(target)
    {}

    // Any thread. Runs `call` on the target's thread, queued; false when the target is gone.
    bool post(std::function<void()> call)
    {
        const QMutexLocker lock(&m_mutex);
        if (!m_target)
            return false;
        // Under the lock, so the target cannot be destroyed while the event is posted.
        QMetaObject::invokeMethod(m_target, std::move(call), Qt::QueuedConnection);
        return true;
    }

    // On the target's thread, before the target is destroyed.
    void close()
    {
        const QMutexLocker lock(&m_mutex);
        m_target = nullptr;
    }

private:
    QMutex m_mutex;
    QObject *m_target;
};

} // namespace OffsetLens
