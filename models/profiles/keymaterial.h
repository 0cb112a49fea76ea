#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

namespace OffsetLens {

// What validation learns about a file a profile names. Only regular files are read, and only their first
// kFileProbeBytes, so a path to something huge, a FIFO or a device costs nothing and cannot block.
struct FileFacts
{
    bool exists = false;
    bool readable = false;
    bool directory = false;
    qint64 size = 0;
    QByteArray head; // the first bytes of a readable regular file
};
inline constexpr qsizetype kFileProbeBytes = 16 * 1024;
using FileProbe = std::function<FileFacts(const QString &path)>;
FileFacts probeFile(const QString &path);

// What a certificate or key file holds, told from its first bytes.
enum class KeyMaterialFormat
{
    Empty,
    Pem,            // "-----BEGIN ..." blocks
    Jks,            // a Java keystore (magic FEEDFEED)
    Jceks,          // a Java JCEKS keystore (magic CECECECE)
    Pkcs12,         // DER: SEQUENCE { INTEGER 3, ... }
    DerCertificate, // DER: SEQUENCE { SEQUENCE tbsCertificate, ... }
    DerKey,         // DER: SEQUENCE { INTEGER 0, ... } (PKCS#1 or PKCS#8)
    Other,          // text without PEM blocks, or some other binary
};
struct KeyMaterial
{
    KeyMaterialFormat format = KeyMaterialFormat::Other;
    bool certificate = false;  // a PEM CERTIFICATE block
    bool privateKey = false;   // PRIVATE KEY, RSA/EC/DSA PRIVATE KEY or ENCRYPTED PRIVATE KEY
    bool encryptedKey = false; // ENCRYPTED PRIVATE KEY, or a traditional key with "Proc-Type: 4,ENCRYPTED"
};
KeyMaterial classifyKeyMaterial(const QByteArray &head);

// Java keystore types that librdkafka cannot read, and the commands that turn them into the PEM files it reads
// (keytool to PKCS#12 first where needed, then openssl). The PEM paths are next to the store: "<base>-ca.pem",
// "<base>-cert.pem", "<base>-key.pem". Paths are quoted for a POSIX shell.
enum class StoreType
{
    Jks,
    Jceks,
    Pkcs12,
};
struct PemConversion
{
    QStringList commands;
    QString caFile;          // truststoreToPem
    QString certificateFile; // keystoreToPem
    QString keyFile;         // keystoreToPem; openssl asks for a pass phrase that becomes the key's password
};
PemConversion truststoreToPem(const QString &path, StoreType type);
PemConversion keystoreToPem(const QString &path, StoreType type);
// One DER certificate or key to PEM ("<base>.pem").
PemConversion derToPem(const QString &path, bool key);

QString storeTypeName(StoreType type); // "JKS", "JCEKS", "PKCS12"
QString shellQuoted(const QString &text);

} // namespace OffsetLens
