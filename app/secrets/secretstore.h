#pragma once

#include "connectionprofile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <functional>
#include <optional>

namespace OffsetLens {

enum class SecretError
{
    None,
    // The OS keychain cannot be used here: no backend, no D-Bus session, or it did not answer in time. Callers
    // offer the user to be asked each time or to choose a plain-text file instead.
    NoKeychain,
    AccessDenied, // the keychain (or the user, at its prompt) refused
    Corrupt,      // a secrets file or keychain entry that cannot be parsed; it is left as it is
    Io,           // a secrets file that cannot be read or written (or none was chosen)
    Other,
};

// What a secret store reports. `message` is for the user and never holds a secret.
struct SecretResult
{
    SecretError error = SecretError::None;
    QString message;
    ProfileSecrets secrets; // read: what is stored (empty when nothing is)
    bool found = false;     // read: whether anything was stored for the profile at all

    bool ok() const { return error == SecretError::None; }
    static SecretResult failure(SecretError error, const QString &message);
};

using SecretCallback = std::function<void(const SecretResult &)>;

// Where the secrets of connection profiles are kept, one entry per profile id.
//
// Asynchronous because the keychain is: its jobs may wait for the user to unlock it, and the GUI thread must not
// block on that. Every callback is delivered later from the calling thread's event loop, never from inside the
// call, so callers need not guard against re-entrancy; `done` may be empty. Stores keep no pointer to their
// callers, and a pending callback stays valid when the store object goes away.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    virtual void read(const QString &profileId, SecretCallback done) = 0;
    // Replaces what is stored for the profile.
    virtual void write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done) = 0;
    // Deleting what is not there is not an error.
    virtual void remove(const QString &profileId, SecretCallback done = {}) = 0;
};

namespace SecretCodec {
// One profile's secrets as a JSON object: the keychain holds one such blob per profile, the plain-text file one per
// profile id.
QByteArray encode(const ProfileSecrets &secrets);
QJsonObject toJson(const ProfileSecrets &secrets);
// nullopt when `json` is not what encode() wrote.
std::optional<ProfileSecrets> decode(const QByteArray &json);
std::optional<ProfileSecrets> fromJson(const QJsonValue &json);
} // namespace SecretCodec

// Calls `done(result)` from the current thread's event loop (see SecretStore).
void deliverSecretResult(const SecretCallback &done, const SecretResult &result);

// Starts an asynchronous secret operation and waits for its callback in a local event loop. For the command line
// (a QCoreApplication with no window to keep responsive); never use it on the GUI thread.
SecretResult waitForSecretResult(const std::function<void(SecretCallback)> &start);

} // namespace OffsetLens
