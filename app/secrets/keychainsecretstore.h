#pragma once

#include "secretstore.h"

namespace OffsetLens {

// Secrets in the OS keychain through QtKeychain (Secret Service or KWallet on Linux, the Keychain on macOS, the
// Credential Manager on Windows): service "OffsetLens", account = profile id, one JSON blob per profile.
//
// Where no keychain can be used (no backend, no D-Bus session bus, a backend that never answers), every operation
// ends with SecretError::NoKeychain, at the latest after the timeout: a job that waits forever (KWallet waits for
// the user to unlock it, for days) must not leave a caller waiting with it. QtKeychain's fallback to a plain-text
// QSettings file is always off: secrets never go to plain text behind the user's back.
class KeychainSecretStore : public SecretStore
{
public:
    static QString defaultService() { return QStringLiteral("OffsetLens"); }
    // Long enough for the user to type the keychain's password at its prompt.
    static constexpr int kDefaultTimeoutMs = 120000;

    explicit KeychainSecretStore(const QString &service = defaultService(), int timeoutMs = kDefaultTimeoutMs);

    QString service() const { return m_service; }
    int timeoutMs() const { return m_timeoutMs; }

    void read(const QString &profileId, SecretCallback done) override;
    void write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done) override;
    void remove(const QString &profileId, SecretCallback done = {}) override;

private:
    QString m_service;
    int m_timeoutMs;
};

} // namespace OffsetLens
