#pragma once

#include "secretstore.h"

#include <QJsonObject>

namespace OffsetLens {

// Secrets in a file the user chose explicitly, after a warning that names it, for machines without a keychain.
// One file may hold the secrets of several profiles, keyed by profile id.
//
// The file starts with '#' comment lines that say it holds passwords in plain text, followed by a JSON object. It
// is readable by its owner only (0600, re-applied on every write) and replaced atomically (QSaveFile), so a crash
// never leaves half of it behind. A file that cannot be parsed is reported and never overwritten: it may hold the
// secrets of other profiles.
//
// The file is small and local by choice, so it is read and written within the call; only the callback is deferred.
class PlainTextFileSecretStore : public SecretStore
{
public:
    explicit PlainTextFileSecretStore(const QString &filePath);

    QString filePath() const { return m_filePath; }

    void read(const QString &profileId, SecretCallback done) override;
    void write(const QString &profileId, const ProfileSecrets &secrets, SecretCallback done) override;
    void remove(const QString &profileId, SecretCallback done = {}) override;

    // The comment block at the top of every file written (each line starts with "# ").
    static QString header();

private:
    SecretResult load(QJsonObject *profiles) const;
    SecretResult store(const QJsonObject &profiles) const;

    QString m_filePath;
};

} // namespace OffsetLens
