#pragma once

#include "secretstore.h"

#include <QMap>
#include <QMutex>

namespace OffsetLens {

// Secrets kept in memory for the current run only: SecretStorage::AskEachTime (the user types them once per run),
// and a stand-in keychain for tests. Nothing ever reaches the disk.
class MemorySecretStore : public SecretStore
{
public:
    void read(const QString &profileId, SecretCallback done) override;
    void write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done) override;
    void remove(const QString &profileId, SecretCallback done = {}) override;

    bool contains(const QString &profileId) const;
    void clear();

private:
    mutable QMutex m_mutex; // the command line may read from a worker thread
    QMap<QString, ProfileSecrets> m_secrets;
};

} // namespace OffsetLens
