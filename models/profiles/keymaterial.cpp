#include "keymaterial.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace OffsetLens {

namespace {

// The length of a DER element's header (tag and length bytes) at `pos`, or 0 when it is not one.
qsizetype derHeaderLength(const QByteArray &bytes, qsizetype pos)
{
    if (pos + 2 > bytes.size())
        return 0;
    const auto lengthByte = static_cast<unsigned char>(bytes.at(pos + 1));
    if (lengthByte < 0x80)
        return 2;
    const qsizetype lengthBytes = lengthByte & 0x7f;
    if (lengthBytes == 0 || lengthBytes > 4 || pos + 2 + lengthBytes > bytes.size())
        return 0;
    return 2 + lengthBytes;
}

KeyMaterialFormat derFormat(const QByteArray &head)
{
    // Everything in question is a SEQUENCE; what comes first inside it tells them apart.
    const qsizetype inner = derHeaderLength(head, 0);
    if (inner == 0 || head.size() < inner + 3)
        return KeyMaterialFormat::Other;
    const QByteArrayView first = QByteArrayView(head).sliced(inner, 3);
    if (first == QByteArrayView("\x02\x01\x03", 3))
        return KeyMaterialFormat::Pkcs12;
    if (first == QByteArrayView("\x02\x01\x00", 3))
        return KeyMaterialFormat::DerKey;
    if (first.front() == '\x30')
        return KeyMaterialFormat::DerCertificate;
    return KeyMaterialFormat::Other;
}

// "<dir>/<name without its last extension>".
QString basePath(const QString &path)
{
    const qsizetype slash = std::max(path.lastIndexOf(QLatin1Char('/')), path.lastIndexOf(QLatin1Char('\\')));
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    return dot > slash + 1 ? path.left(dot) : path;
}

// keytool's step to PKCS#12, when the store is not one already. Returns the PKCS#12 file openssl reads.
QString toPkcs12(const QString &path, StoreType type, QStringList &commands)
{
    if (type == StoreType::Pkcs12)
        return path;
    QString p12 = basePath(path) + QStringLiteral(".p12");
    if (p12 == path)
        p12 = basePath(path) + QStringLiteral("-converted.p12");
    commands.append(QStringLiteral("keytool -importkeystore -srckeystore %1 -srcstoretype %2 -destkeystore %3 "
                                   "-deststoretype PKCS12")
                        .arg(shellQuoted(path), storeTypeName(type), shellQuoted(p12)));
    return p12;
}

} // namespace

FileFacts probeFile(const QString &path)
{
    FileFacts facts;
    const QFileInfo info(path);
    facts.exists = info.exists();
    facts.directory = info.isDir();
    facts.readable = info.isReadable();
    if (!facts.exists || !info.isFile())
        return facts;
    facts.size = info.size();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        facts.readable = false;
        return facts;
    }
    facts.head = file.read(kFileProbeBytes);
    return facts;
}

KeyMaterial classifyKeyMaterial(const QByteArray &head)
{
    KeyMaterial m;
    if (head.isEmpty()) {
        m.format = KeyMaterialFormat::Empty;
        return m;
    }
    if (head.startsWith("\xfe\xed\xfe\xed")) {
        m.format = KeyMaterialFormat::Jks;
        return m;
    }
    if (head.startsWith("\xce\xce\xce\xce")) {
        m.format = KeyMaterialFormat::Jceks;
        return m;
    }
    if (head.startsWith('\x30')) {
        m.format = derFormat(head);
        return m;
    }
    qsizetype pos = 0;
    while ((pos = head.indexOf("-----BEGIN ", pos)) >= 0) {
        m.format = KeyMaterialFormat::Pem;
        pos += 11;
        const qsizetype end = head.indexOf("-----", pos);
        if (end < 0)
            break;
        const QByteArrayView label = QByteArrayView(head).sliced(pos, end - pos);
        if (label == "CERTIFICATE" || label == "TRUSTED CERTIFICATE" || label == "X509 CERTIFICATE")
            m.certificate = true;
        if (label.endsWith("PRIVATE KEY")) {
            m.privateKey = true;
            m.encryptedKey = m.encryptedKey || label == "ENCRYPTED PRIVATE KEY";
        }
        pos = end;
    }
    // A traditional (PKCS#1) key encrypted by OpenSSL says so in a header inside the block.
    if (m.privateKey && head.contains("Proc-Type: 4,ENCRYPTED"))
        m.encryptedKey = true;
    return m;
}

PemConversion truststoreToPem(const QString &path, StoreType type)
{
    PemConversion c;
    const QString p12 = toPkcs12(path, type, c.commands);
    c.caFile = basePath(path) + QStringLiteral("-ca.pem");
    c.commands.append(
        QStringLiteral("openssl pkcs12 -in %1 -nokeys -out %2").arg(shellQuoted(p12), shellQuoted(c.caFile)));
    return c;
}

PemConversion keystoreToPem(const QString &path, StoreType type)
{
    PemConversion c;
    const QString p12 = toPkcs12(path, type, c.commands);
    c.certificateFile = basePath(path) + QStringLiteral("-cert.pem");
    c.keyFile = basePath(path) + QStringLiteral("-key.pem");
    c.commands.append(QStringLiteral("openssl pkcs12 -in %1 -clcerts -nokeys -out %2")
                          .arg(shellQuoted(p12), shellQuoted(c.certificateFile)));
    c.commands.append(
        QStringLiteral("openssl pkcs12 -in %1 -nocerts -out %2").arg(shellQuoted(p12), shellQuoted(c.keyFile)));
    return c;
}

PemConversion derToPem(const QString &path, bool key)
{
    PemConversion c;
    const QString pem = basePath(path) + QStringLiteral(".pem");
    (key ? c.keyFile : c.certificateFile) = pem;
    c.commands.append(
        QStringLiteral("openssl %1 -inform DER -in %2 -out %3")
            .arg(key ? QStringLiteral("pkey") : QStringLiteral("x509"), shellQuoted(path), shellQuoted(pem)));
    return c;
}

QString storeTypeName(StoreType type)
{
    switch (type) {
    case StoreType::Jks:
        return QStringLiteral("JKS");
    case StoreType::Jceks:
        return QStringLiteral("JCEKS");
    case StoreType::Pkcs12:
        return QStringLiteral("PKCS12");
    }
    return QStringLiteral("JKS");
}

QString shellQuoted(const QString &text)
{
    const auto plain = [](QChar c) {
        return c.isLetterOrNumber() && c.unicode() < 128 ? true : QStringView(u"_./:=@%+,-").contains(c);
    };
    if (!text.isEmpty() && std::all_of(text.begin(), text.end(), plain))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace OffsetLens
