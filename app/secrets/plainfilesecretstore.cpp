#include "plainfilesecretstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace OffsetLens {

namespace {
const QLatin1String kFormatKey("format");
const QLatin1String kFormat("offsetlens-secrets");
const QLatin1String kVersionKey("version");
const int kVersion = 1;
const QLatin1String kProfilesKey("profiles");

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::PlainTextFileSecretStore", text);
}

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
} // namespace

PlainTextFileSecretStore::PlainTextFileSecretStore(const QString &filePath)
    : m_filePath(filePath)
{}

QString PlainTextFileSecretStore::header()
{
    const QString text =
        tr("OffsetLens connection secrets, in PLAIN TEXT.\n"
           "This file holds passwords and other secrets of OffsetLens connection profiles without any encryption.\n"
           "It was chosen in OffsetLens instead of the system keychain. Anyone who can read it can use them:\n"
           "keep it readable by you only, and out of backups, shared folders and version control.");
    QString commented;
    for (const QString &line : text.split(QLatin1Char('\n')))
        commented += QStringLiteral("# ") + line + QLatin1Char('\n');
    return commented;
}

SecretResult PlainTextFileSecretStore::load(QJsonObject *profiles) const
{
    *profiles = {};
    if (m_filePath.isEmpty())
        return SecretResult::failure(SecretError::Io, tr("No file was chosen for the secrets."));
    QFile file(m_filePath);
    if (!file.exists())
        return {}; // nothing stored yet
    if (!file.open(QIODevice::ReadOnly)) {
        return SecretResult::failure(
            SecretError::Io,
            tr("Could not read the secrets file %1: %2").arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    }
    // The comment lines are ours (the warning); JSON never starts a line with '#', even in a string.
    QByteArray json;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().startsWith('#'))
            json += line + '\n';
    }
    if (json.trimmed().isEmpty())
        return {}; // an empty file the user created for the purpose
    const auto corrupt = [&](const QString &why) {
        return SecretResult::failure(
            SecretError::Corrupt,
            tr("The secrets file %1 cannot be read (%2). It was left as it is; fix it or choose another file.")
                .arg(QDir::toNativeSeparators(m_filePath), why));
    };
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    // errorString() names what is wrong, never the text around it, so no secret ends up in the message.
    if (error.error != QJsonParseError::NoError)
        return corrupt(error.errorString());
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(kFormatKey).toString() != kFormat || !root.value(kProfilesKey).isObject())
        return corrupt(tr("not an OffsetLens secrets file"));
    if (root.value(kVersionKey).toInt() > kVersion)
        return corrupt(tr("written by a newer version of OffsetLens"));
    *profiles = root.value(kProfilesKey).toObject();
    return {};
}

SecretResult PlainTextFileSecretStore::store(const QJsonObject &profiles) const
{
    const QString where = QDir::toNativeSeparators(m_filePath);
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly))
        return SecretResult::failure(SecretError::Io,
                                     tr("Could not write the secrets file %1: %2").arg(where, file.errorString()));
    // Applies to the temporary file that replaces the target, before anything secret is written into it. A new
    // target would otherwise get the umask's permissions, an existing one its own (which may have been widened).
    if (!file.setPermissions(kOwnerOnly)) {
        file.cancelWriting();
        return SecretResult::failure(SecretError::Io,
                                     tr("Could not make the secrets file %1 private to you.").arg(where));
    }
    QJsonObject root;
    root.insert(kFormatKey, kFormat);
    root.insert(kVersionKey, kVersion);
    root.insert(kProfilesKey, profiles);
    file.write(header().toUtf8());
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return SecretResult::failure(SecretError::Io,
                                     tr("Could not write the secrets file %1: %2").arg(where, file.errorString()));
    return {};
}

void PlainTextFileSecretStore::read(const QString &profileId, SecretCallback done)
{
    QJsonObject profiles;
    SecretResult result = load(&profiles);
    if (result.ok() && profiles.contains(profileId)) {
        const std::optional<ProfileSecrets> secrets = SecretCodec::fromJson(profiles.value(profileId));
        if (secrets) {
            result.found = true;
            result.secrets = *secrets;
        } else {
            result = SecretResult::failure(
                SecretError::Corrupt, tr("The secrets file %1 holds an entry for this profile that cannot be read.")
                                          .arg(QDir::toNativeSeparators(m_filePath)));
        }
    }
    deliverSecretResult(done, result);
}

void PlainTextFileSecretStore::write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done)
{
    QJsonObject profiles;
    SecretResult result = load(&profiles);
    if (result.ok()) {
        profiles.insert(profileId, SecretCodec::toJson(secrets));
        result = store(profiles);
    }
    deliverSecretResult(done, result);
}

void PlainTextFileSecretStore::remove(const QString &profileId, SecretCallback done)
{
    QJsonObject profiles;
    SecretResult result = load(&profiles);
    if (result.ok() && profiles.contains(profileId)) {
        profiles.remove(profileId);
        result = store(profiles);
    }
    deliverSecretResult(done, result);
}

} // namespace OffsetLens
