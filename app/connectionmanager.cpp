#include "connectionmanager.h"

#include "background.h"
#include "profilestore.h"
#include "returnaddress.h"
#include "writeaccess.h"

#include <utility>

namespace OffsetLens {

namespace {
// Whether a running session can go on for `edited`: only what it connects with counts. How the profile is shown
// (name, colour), whether it may write (applied to the running session's write access), the refresh interval (the
// manager's own) and where its secrets are kept (not their values) do not. Everything else does, so that a field
// added later reconnects rather than being silently ignored.
bool sameConnection(const ConnectionProfile &running, const ConnectionProfile &edited)
{
    ConnectionProfile a = running;
    ConnectionProfile b = edited;
    for (ConnectionProfile *p : {&a, &b}) {
        p->name.clear();
        p->colour.clear();
        p->readOnly = false;
        p->production = false;
        p->refreshIntervalMs = 0;
        p->secretStorage = SecretStorage::Keychain;
        p->secretsFile.clear();
        if (p->isDemo)
            p->bootstrapServers.clear(); // the demo's own, filled in when it starts
    }
    return a == b;
}

// Whoever drops the last reference to a demo (the window closing it, a start that finished for nobody) stops it
// on a background thread: that joins its producer and consumer threads and closes the mock brokers, up to a
// second. The object itself is deleted on its own thread, through its event loop.
std::shared_ptr<DemoCluster> makeDemo(const DemoCluster::Options &options)
{
    return std::shared_ptr<DemoCluster>(new DemoCluster(options), [](DemoCluster *demo) {
        Background::run("demo-stop", [demo] {
            demo->stop();
            demo->deleteLater();
        });
    });
}
} // namespace

ConnectionManager::ConnectionManager(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_address(std::make_shared<ReturnAddress>(this))
{
    qRegisterMetaType<OffsetLens::AnalyzedSnapshot>();
}

ConnectionManager::~ConnectionManager()
{
    m_address->close(); // demo starts still under way find nobody to report to and retire their demo
    for (auto &[id, connection] : m_connections)
        teardown(*connection);
}

ConnectionManager::Connection *ConnectionManager::find(const QString &id) const
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

QString ConnectionManager::open(ConnectionProfile profile)
{
    if (profile.id.isEmpty())
        profile.id =
            profile.isDemo ? ProfileStore::demoProfileId() : ProfileStore::adHocProfileId(profile.bootstrapServers);
    const QString id = profile.id;
    if (Connection *open = find(id)) {
        ConnectionProfile &current = open->profile;
        const bool reconnect = !sameConnection(current, profile);
        const bool renamedNow = current.name != profile.name;
        const bool updated = renamedNow || current.colour != profile.colour || current.readOnly != profile.readOnly ||
                             current.production != profile.production;
        const int interval = current.refreshIntervalMs;
        const QString demoServers = current.bootstrapServers;
        current = profile;
        current.refreshIntervalMs = interval;
        if (current.isDemo)
            current.bootstrapServers = demoServers; // the running demo's; a restart replaces it
        open->access->setProfileFlags(profile.readOnly, profile.production);
        if (renamedNow)
            Q_EMIT renamed(id, profile.name);
        if (updated)
            Q_EMIT profileUpdated(id);
        if (reconnect)
            restart(*open);
        return id;
    }
    // The command line wins; then what the user last chose for this profile; then the profile's own.
    profile.refreshIntervalMs = m_options.refreshIntervalMs >= 0
                                    ? m_options.refreshIntervalMs
                                    : ProfileStore().refreshInterval(profile, profile.refreshIntervalMs);
    auto connection = std::make_unique<Connection>();
    connection->profile = profile;
    connection->access = std::make_shared<WriteAccess>(profile); // locked: an unlock is for one run of one opening
    Connection &c = *connection;
    m_connections.emplace(id, std::move(connection));
    m_order.append(id);
    ProfileStore().setLastUsed(id);
    Q_EMIT opened(id, profile.name);
    if (profile.isDemo)
        startDemo(c);
    else
        startSession(c);
    return id;
}

void ConnectionManager::startDemo(Connection &connection)
{
    // The demo's start-up (mock brokers, topics, consumers joining their groups) takes a moment: it runs on a
    // thread of its own, and the session starts once the demo is up.
    setStatus(connection, tr("Starting the embedded demo cluster…"));
    connection.generation = ++m_nextGeneration;
    connection.demo = makeDemo(m_options.demo);
    Background::run("demo-start", [this, address = m_address, demo = connection.demo, id = connection.profile.id,
                                   generation = connection.generation]() mutable {
        QString error;
        const bool ok = demo->start(&error);
        // Closed or reconnected meanwhile, or the manager is gone: the demo is dropped, which stops it.
        address->post([this, demo, id, generation, ok, error] {
            Connection *c = find(id);
            if (!c || c->generation != generation || c->demo != demo)
                return;
            if (!ok) {
                c->demo.reset();
                c->problems = {tr("Could not start the embedded demo cluster: %1").arg(error)};
                setStatus(*c, tr("Cannot start the demo cluster"));
                Q_EMIT refreshFailed(id, c->problems.constFirst());
                return;
            }
            c->profile.bootstrapServers = demo->bootstrapServers();
            startSession(*c);
        });
    });
}

void ConnectionManager::startSession(Connection &connection)
{
    const QString id = connection.profile.id;
    connection.session = new ClusterSession(connection.profile, connection.access, this);
    ClusterSession *session = connection.session;
    if (connection.demo)
        session->setGroupSource(connection.demo->groupSource());
    else if (m_options.groupSourceFor) {
        if (std::shared_ptr<GroupSource> source = m_options.groupSourceFor(connection.profile))
            session->setGroupSource(std::move(source));
    }
    connect(session, &ClusterSession::stateChanged, this, [this, id](ClusterSession::State state) {
        Connection *c = find(id);
        if (!c)
            return;
        switch (state) {
        case ClusterSession::State::Disconnected:
            setStatus(*c, tr("Disconnected"));
            break;
        case ClusterSession::State::Connecting:
            setStatus(*c, tr("Connecting to %1…").arg(c->profile.bootstrapServers));
            break;
        case ClusterSession::State::Connected:
            setStatus(*c, c->profile.isDemo ? tr("Connected to the embedded demo cluster") : tr("Connected"));
            break;
        case ClusterSession::State::Failed:
            setStatus(*c, tr("Cannot reach the cluster"));
            break;
        }
    });
    connect(session, &ClusterSession::refreshStarted, this, [this, id] { Q_EMIT refreshStarted(id); });
    connect(session->jobs(), &JobRunner::jobProgress, this, [this, id, session](JobId job, const JobProgress &p) {
        Connection *c = find(id);
        if (c && job == session->refreshJob()) {
            c->refreshStep = p.step;
            Q_EMIT refreshProgress(id, p.step);
        }
    });
    connect(session, &ClusterSession::refreshCancelled, this, [this, id] {
        if (Connection *c = find(id)) {
            c->refreshStep.clear();
            Q_EMIT refreshCancelled(id);
        }
    });
    connect(session, &ClusterSession::snapshotReady, this, [this, id](const AnalyzedSnapshot &snapshot) {
        Connection *c = find(id);
        if (!c)
            return;
        AnalyzedSnapshot previous = std::exchange(c->latest, snapshot);
        c->refreshStep.clear();
        c->problems = snapshot.snapshot().errors;
        for (const GroupInfo &g : snapshot.snapshot().groups) {
            if (!g.error.isEmpty())
                c->problems.append(tr("Group %1: %2").arg(g.groupId, g.error));
        }
        Q_EMIT snapshotArrived(id, snapshot);
        // The views have let go of the previous refresh, so this is its last copy: freeing 100,000 partitions and
        // 400,000 commits took 30 ms, done on a background thread instead of the GUI's.
        Background::release("snapshot-release", std::move(previous));
    });
    connect(session, &ClusterSession::refreshFailed, this, [this, id](quint64, const QString &message) {
        if (Connection *c = find(id)) {
            c->refreshStep.clear();
            c->problems = {message};
            Q_EMIT refreshFailed(id, message);
        }
    });
    session->start();
}

void ConnectionManager::setStatus(Connection &connection, const QString &text)
{
    connection.status = text;
    Q_EMIT statusChanged(connection.profile.id, text);
}

void ConnectionManager::teardown(Connection &connection)
{
    // Deleting a session never blocks (it cancels its jobs and releases its clients in the background).
    delete connection.session;
    connection.session = nullptr;
    connection.demo.reset(); // stops it in the background once nothing else holds it
}

void ConnectionManager::close(const QString &id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    teardown(*it->second);
    m_connections.erase(it);
    m_order.removeAll(id);
    Q_EMIT closed(id);
}

void ConnectionManager::reconnect(const QString &id)
{
    if (Connection *c = find(id))
        restart(*c);
}

void ConnectionManager::restart(Connection &connection)
{
    teardown(connection);
    connection.latest = AnalyzedSnapshot();
    connection.problems.clear();
    connection.refreshStep.clear();
    if (connection.profile.isDemo)
        startDemo(connection);
    else
        startSession(connection);
}

ConnectionProfile ConnectionManager::profile(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->profile : ConnectionProfile();
}

ClusterSession *ConnectionManager::session(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->session : nullptr;
}

AnalyzedSnapshot ConnectionManager::latest(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->latest : AnalyzedSnapshot();
}

QString ConnectionManager::statusText(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->status : QString();
}

QString ConnectionManager::refreshStep(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->refreshStep : QString();
}

QStringList ConnectionManager::problems(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->problems : QStringList();
}

bool ConnectionManager::isRefreshing(const QString &id) const
{
    const Connection *c = find(id);
    return c && c->session && c->session->isRefreshing();
}

QString ConnectionManager::writeRefusal(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->access->refusal() : tr("The cluster is not open");
}

bool ConnectionManager::canUnlockWrites(const QString &id) const
{
    const Connection *c = find(id);
    return c && c->access->canUnlock();
}

bool ConnectionManager::writesUnlocked(const QString &id) const
{
    const Connection *c = find(id);
    return c && c->access->isProduction() && !c->access->isReadOnly() && c->access->isUnlocked();
}

void ConnectionManager::setWritesUnlocked(const QString &id, bool unlocked)
{
    Connection *c = find(id);
    if (!c || c->access->isUnlocked() == unlocked)
        return;
    c->access->setUnlocked(unlocked);
    Q_EMIT profileUpdated(id);
}

std::shared_ptr<const WriteAccess> ConnectionManager::writeAccess(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->access : nullptr;
}

void ConnectionManager::refreshNow(const QString &id)
{
    if (ClusterSession *s = session(id))
        s->refreshNow();
}

void ConnectionManager::cancelRefresh(const QString &id)
{
    if (ClusterSession *s = session(id))
        s->cancelRefresh();
}

void ConnectionManager::setRefreshInterval(const QString &id, int ms)
{
    Connection *c = find(id);
    if (!c)
        return;
    c->profile.refreshIntervalMs = ms;
    if (c->session)
        c->session->setRefreshInterval(ms);
    ProfileStore().setRefreshInterval(id, ms);
}

int ConnectionManager::refreshInterval(const QString &id) const
{
    const Connection *c = find(id);
    return c ? c->profile.refreshIntervalMs : 0;
}

} // namespace OffsetLens
