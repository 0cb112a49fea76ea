#include "memorysecretstore.h"

namespace OffsetLens {

void MemorySecretStore::read(const QString &profileId, SecretCallback done)
{
    SecretResult result;
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_secrets.constFind(profileId);
        result.found = it != m_secrets.cend();
        if (result.found)
            result.secrets = *it;
    }
    deliverSecretResult(done, result);
}

void MemorySecretStore::write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done)
{
    {
        const QMutexLocker lock(&m_mutex);
        m_secrets.insert(profileId, secrets);
    }
    deliverSecretResult(done, SecretResult());
}

void MemorySecretStore::remove(const QString &profileId, SecretCallback done)
{
    {
        const QMutexLocker lock(&m_mutex);
        m_secrets.remove(profileId);
    }
    deliverSecretResult(done, SecretResult());
}

bool MemorySecretStore::contains(const QString &profileId) const
{
    const QMutexLocker lock(&m_mutex);
    return m_secrets.contains(profileId);
}

void MemorySecretStore::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_secrets.clear();
}

} // namespace OffsetLens
