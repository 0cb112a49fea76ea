#include "writeaccess.h"

#include "jobcontext.h"
#include "kafkaconnection.h"

#include <QCoreApplication>

namespace OffsetLens {

WriteAccess::WriteAccess(const ConnectionProfile &profile)
    : m_readOnly(profile.readOnly)
    , m_production(profile.production)
{}

void WriteAccess::setProfileFlags(bool readOnly, bool production)
{
    // Newly tagged as production: whatever was unlocked before was unlocked for a profile that was not.
    if (production && !m_production.load())
        m_unlocked = false;
    m_readOnly = readOnly;
    m_production = production;
}

void WriteAccess::setUnlocked(bool unlocked)
{
    m_unlocked = unlocked;
}

QString WriteAccess::refusal() const
{
    return refusal(isReadOnly(), isProduction(), isUnlocked());
}

QString WriteAccess::refusal(bool readOnly, bool production, bool unlocked)
{
    if (readOnly)
        return QCoreApplication::translate("OffsetLens::WriteAccess",
                                           "Read-only profile: nothing is ever written through this cluster's profile");
    if (production && !unlocked)
        return QCoreApplication::translate("OffsetLens::WriteAccess",
                                           "Production profile: unlock writes for this session first");
    return {};
}

QString writeRefusal(const JobContext &context, const WriteAccess *access)
{
    if (access)
        return access->refusal();
    const ConnectionProfile &profile = context.connection().profile();
    return WriteAccess::refusal(profile.readOnly, profile.production, false);
}

} // namespace OffsetLens
