#include "secretstoreresolver.h"

#include "keychainsecretstore.h"
#include "memorysecretstore.h"
#include "plainfilesecretstore.h"

#include <QCoreApplication>
#include <QDir>

namespace OffsetLens {

SecretStoreResolver::SecretStoreResolver()
    : m_keychain(std::make_shared<KeychainSecretStore>())
    , m_session(std::make_shared<MemorySecretStore>())
{}

SecretStoreResolver &SecretStoreResolver::instance()
{
    static SecretStoreResolver resolver;
    return resolver;
}

std::shared_ptr<SecretStore> SecretStoreResolver::store(SecretStorage storage, const QString &secretsFile) const
{
    switch (storage) {
    case SecretStorage::AskEachTime:
        return m_session;
    case SecretStorage::PlainTextFile:
        // Stateless: it reads the file on every call, so one per call is as good as a shared one.
        return std::make_shared<PlainTextFileSecretStore>(secretsFile);
    case SecretStorage::Keychain:
        break;
    }
    const QMutexLocker lock(&m_mutex);
    return m_keychain;
}

void SecretStoreResolver::setKeychainStore(std::shared_ptr<SecretStore> keychain)
{
    const QMutexLocker lock(&m_mutex);
    m_keychain = std::move(keychain);
}

std::shared_ptr<MemorySecretStore> SecretStoreResolver::sessionStore() const
{
    return m_session;
}

QString SecretStoreResolver::describe(SecretStorage storage, const QString &secretsFile)
{
    switch (storage) {
    case SecretStorage::AskEachTime:
        return QCoreApplication::translate("OffsetLens::SecretStoreResolver", "memory, for this run only");
    case SecretStorage::PlainTextFile:
        return QCoreApplication::translate("OffsetLens::SecretStoreResolver", "the plain-text file %1")
            .arg(QDir::toNativeSeparators(secretsFile));
    case SecretStorage::Keychain:
        break;
    }
    return QCoreApplication::translate("OffsetLens::SecretStoreResolver", "the system keychain");
}

} // namespace OffsetLens
