#pragma once

#include "connectionprofile.h"

#include <QString>

#include <atomic>

namespace OffsetLens {

class JobContext;

// Whether writes (committing offsets, deleting offsets, deleting groups) may go out through one cluster's
// connection. A read-only profile never writes; a production profile writes only after the user unlocked it for the
// current run. One per open cluster, shared by the window (which unlocks, locks again and follows edits of the
// profile's flags) and every write job, which reads it right before sending: unlocking needs no reconnect, and a lock
// that comes while a job re-reads its group still stops that job's write. Nothing of it is ever persisted.
class WriteAccess
{
public:
    explicit WriteAccess(const ConnectionProfile &profile = {});
    WriteAccess(const WriteAccess &) = delete;
    WriteAccess &operator=(const WriteAccess &) = delete;

    // The profile's flags were edited while it is open. Turning production on (again) locks it.
    void setProfileFlags(bool readOnly, bool production);
    void setUnlocked(bool unlocked);

    bool isReadOnly() const { return m_readOnly.load(); }
    bool isProduction() const { return m_production.load(); }
    bool isUnlocked() const { return m_unlocked.load(); }
    // Production, not read-only and still locked: unlocking would allow writes.
    bool canUnlock() const { return !isReadOnly() && isProduction() && !isUnlocked(); }
    bool allowsWrites() const { return refusal().isEmpty(); }
    // Why nothing may be written now, in words for the user; empty when writes may go out.
    QString refusal() const;

    static QString refusal(bool readOnly, bool production, bool unlocked);

private:
    std::atomic_bool m_readOnly{false};
    std::atomic_bool m_production{false};
    std::atomic_bool m_unlocked{false};
};

// What every write function asks before it sends anything. `access` when given (the session's, kept current);
// otherwise the connection's own profile, with a production profile counted as locked, so that a caller that does
// not pass one fails closed.
QString writeRefusal(const JobContext &context, const WriteAccess *access);

} // namespace OffsetLens
