#pragma once

#include "connectionprofile.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// What became of one key of an imported file. Nothing is dropped without a note.
enum class ImportNoteKind
{
    Unsupported, // a known setting OffsetLens cannot carry over (the message says why, and what to do)
    Unknown,     // a key neither client knows
    Converted,   // carried over under another name or into a profile field
    Warning,     // carried over, but worth a look (a file to convert, a setting that contradicts another)
};

struct ImportNote
{
    QString key; // the file's key ("ssl.truststore.location"); empty for the file as a whole
    int line = 0;
    ImportNoteKind kind = ImportNoteKind::Warning;
    QString message;

    friend bool operator==(const ImportNote &, const ImportNote &) = default;
};

struct ProfileImport
{
    // The fields the file sets; the rest keep ConnectionProfile's defaults. id stays empty; name too unless the
    // file was exported by OffsetLens. Secrets are in profile.secrets, never in clientProperties.
    ConnectionProfile profile;
    QList<ImportNote> notes; // by line
    QStringList errors;      // "line 3: ..."; the profile is incomplete or wrong where they say

    bool ok() const { return errors.isEmpty(); }
};

// At most this many notes (and errors) are kept; a last note says how many more there were.
inline constexpr qsizetype kMaxImportNotes = 200;

// A Java client's properties file (client.properties, --command-config of Kafka's tools). Maps bootstrap.servers,
// security.protocol, sasl.mechanism, sasl.jaas.config (Plain, Scram, OAuthBearer with OIDC, Krb5 login modules),
// the trust and key stores (PEM directly; JKS, JCEKS and PKCS12 with the commands that convert them to PEM, the
// profile then names the PEM files those commands write), ssl.key.password, ssl.endpoint.identification.algorithm
// and request.timeout.ms. Java keys that mean the same to librdkafka go to clientProperties, with a note.
// Input over 1 MiB, with NUL bytes or otherwise hostile gives errors, never a crash or a hang.
ProfileImport importJavaProperties(const QByteArray &content);

// A librdkafka or kcat configuration file (~/.config/kcat.conf, kcat -F): the same fields from librdkafka's
// names; everything else goes to clientProperties (secret ones to secrets.secretProperties). Keys librdkafka
// 2.0.2 does not know are kept as well, with a note, since a newer librdkafka may know them.
ProfileImport importLibrdkafkaConfig(const QByteArray &content);

} // namespace OffsetLens
