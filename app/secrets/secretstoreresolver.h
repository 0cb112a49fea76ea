#pragma once

#include "secretstore.h"

#include <QMutex>

#include <memory>

namespace OffsetLens {

class MemorySecretStore;

// Picks the store for a profile's SecretStorage: the keychain, the in-memory store of this run (AskEachTime), or
// the plain-text file the profile names. The process-wide instance() is what the app uses; tests make their own
// and replace the keychain with a MemorySecretStore.
class SecretStoreResolver
{
public:
    SecretStoreResolver();

    static SecretStoreResolver &instance();

    std::shared_ptr<SecretStore> store(SecretStorage storage, const QString &secretsFile = {}) const;
    std::shared_ptr<SecretStore> store(const ConnectionProfile &profile) const
    {
        return store(profile.secretStorage, profile.secretsFile);
    }

    void setKeychainStore(std::shared_ptr<SecretStore> keychain);
    std::shared_ptr<MemorySecretStore> sessionStore() const; // AskEachTime

    // "the system keychain", "memory, for this run only", "the plain-text file /path": for messages and warnings.
    static QString describe(SecretStorage storage, const QString &secretsFile = {});

private:
    mutable QMutex m_mutex;
    std::shared_ptr<SecretStore> m_keychain;
    std::shared_ptr<MemorySecretStore> m_session;
};

} // namespace OffsetLens
