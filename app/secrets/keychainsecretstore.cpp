#include "keychainsecretstore.h"

#include <QCoreApplication>
#include <QTimer>
#include <qt6keychain/keychain.h>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
#define OFFSETLENS_KEYCHAIN_ON_DBUS 1
#include <QDBusConnection>
#endif

#include <memory>
#include <utility>

namespace OffsetLens {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("OffsetLens::KeychainSecretStore", text, nullptr, n);
}

SecretResult noKeychain(const QString &why)
{
    return SecretResult::failure(SecretError::NoKeychain, tr("No keychain is reachable: %1.").arg(why));
}

// Why no keychain can be reached, known before any job starts; empty when it may be.
QString knownUnreachable()
{
#ifdef OFFSETLENS_KEYCHAIN_ON_DBUS
    // Here every keychain is a D-Bus service. Without a session bus QtKeychain's backends fail with a bare
    // "Unknown error" or try to launch a bus of their own; saying why is more useful to the user.
    if (!QDBusConnection::sessionBus().isConnected())
        return tr("there is no D-Bus session bus (no desktop session)");
#endif
    return {};
}

SecretResult failureOf(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return SecretResult::failure(SecretError::AccessDenied,
                                     tr("The keychain refused access: %1").arg(job->errorString()));
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::EntryNotFound:
        return SecretResult::failure(SecretError::Other, tr("Keychain: %1").arg(job->errorString()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        break;
    }
    // QtKeychain reports a backend library that is not installed, or a D-Bus service that is not there, as
    // OtherError ("Unknown error"); only AccessDenied means a keychain answered.
    return noKeychain(job->errorString());
}

// Runs `job` and reports once: through `handle` when it finishes, or as NoKeychain when it has not after
// `timeoutMs`. A job that answers after that is ignored (and still deletes itself).
void run(QKeychain::Job *job, int timeoutMs, std::function<SecretResult(QKeychain::Job *)> handle, SecretCallback done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    auto settled = std::make_shared<bool>(false);
    QObject::connect(job, &QKeychain::Job::finished, job, [settled, handle, done](QKeychain::Job *finished) {
        if (std::exchange(*settled, true))
            return;
        const SecretResult result = handle(finished);
        if (done)
            done(result);
    });
    // Parented to the job: a job that finished (and deleted itself) takes its timer with it.
    QTimer::singleShot(timeoutMs, job, [settled, done, timeoutMs] {
        if (std::exchange(*settled, true))
            return;
        if (done)
            done(noKeychain(tr("it did not answer within %n second(s)", (timeoutMs + 999) / 1000)));
    });
    job->start(); // queued: QtKeychain starts it from the event loop, so `done` is never called from in here
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, int timeoutMs)
    : m_service(service)
    , m_timeoutMs(timeoutMs)
{}

void KeychainSecretStore::read(const QString &profileId, SecretCallback done)
{
    if (const QString why = knownUnreachable(); !why.isEmpty()) {
        deliverSecretResult(done, noKeychain(why));
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(profileId);
    run(
        job, m_timeoutMs,
        [](QKeychain::Job *finished) {
            if (finished->error() == QKeychain::EntryNotFound)
                return SecretResult(); // nothing stored for this profile
            if (finished->error() != QKeychain::NoError)
                return failureOf(finished);
            const auto *reader = static_cast<QKeychain::ReadPasswordJob *>(finished);
            const std::optional<ProfileSecrets> secrets = SecretCodec::decode(reader->textData().toUtf8());
            if (!secrets) {
                return SecretResult::failure(SecretError::Corrupt,
                                             tr("The keychain entry of this profile cannot be read; save the "
                                                "profile's secrets again to replace it."));
            }
            SecretResult result;
            result.found = true;
            result.secrets = *secrets;
            return result;
        },
        std::move(done));
}

void KeychainSecretStore::write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done)
{
    if (const QString why = knownUnreachable(); !why.isEmpty()) {
        deliverSecretResult(done, noKeychain(why));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(profileId);
    job->setTextData(QString::fromUtf8(SecretCodec::encode(secrets)));
    run(job, m_timeoutMs, failureOf, std::move(done));
}

void KeychainSecretStore::remove(const QString &profileId, SecretCallback done)
{
    if (const QString why = knownUnreachable(); !why.isEmpty()) {
        deliverSecretResult(done, noKeychain(why));
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(profileId);
    run(
        job, m_timeoutMs,
        [](QKeychain::Job *finished) {
            return finished->error() == QKeychain::EntryNotFound ? SecretResult() : failureOf(finished);
        },
        std::move(done));
}

} // namespace OffsetLens
