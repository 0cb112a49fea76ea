#include "connectiontester.h"

#include "background.h"
#include "returnaddress.h"

namespace OffsetLens {

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
    , m_address(std::make_shared<ReturnAddress>(this))
{
    qRegisterMetaType<OffsetLens::ProbeStep>();
    qRegisterMetaType<OffsetLens::ProbeReport>();
}

ConnectionTester::~ConnectionTester()
{
    m_address->close();
    cancel();
}

void ConnectionTester::start(const ConnectionProfile &profile, const ProbeOptions &options)
{
    cancel();
    const quint64 run = ++m_lastRun;
    m_running = run;
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    // `this` travels only inside calls posted back to this object's thread, which are dropped once it is gone.
    Background::run("connection-test", [this, run, profile, options, cancelled = m_cancelled, address = m_address] {
        const ProbeReport report = probeConnection(profile, options, *cancelled, [&](const ProbeStep &step) {
            address->post([this, run, step] {
                if (m_running == run)
                    Q_EMIT stepFinished(step);
            });
        });
        address->post([this, run, report] {
            if (m_running != run)
                return; // cancelled or superseded meanwhile
            m_running = 0;
            m_cancelled.reset();
            Q_EMIT finished(report);
        });
    });
}

void ConnectionTester::cancel()
{
    if (m_cancelled)
        m_cancelled->store(true);
    m_cancelled.reset();
    m_running = 0;
}

} // namespace OffsetLens
