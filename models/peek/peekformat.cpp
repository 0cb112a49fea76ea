#include "peekformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QStringDecoder>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::Peek", text);
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

} // namespace

QString peekText(const QByteArray &bytes, bool multiLine, qsizetype maxChars)
{
    const bool cut = bytes.size() > maxChars;
    // Decoding only what is shown keeps a huge value cheap; a multi-byte sequence cut at the end shows as U+FFFD.
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(QByteArrayView(bytes).first(std::min(bytes.size(), maxChars)));
    QString out;
    out.reserve(decoded.size() + 16);
    for (qsizetype i = 0; i < decoded.size(); ++i) {
        const QChar c = decoded.at(i);
        const char16_t u = c.unicode();
        if (multiLine && (u == u'\n' || u == u'\t')) {
            out += c;
        } else if (u == u'\n') {
            out += QStringLiteral("\\n");
        } else if (u == u'\r') {
            out += QStringLiteral("\\r");
        } else if (u == u'\t') {
            out += QStringLiteral("\\t");
        } else if (isControl(u)) {
            // Escaped rather than dropped: a stray ESC or NUL is often the very thing someone is looking for.
            out += QStringLiteral("\\x%1").arg(uint(u), u < 0x100 ? 2 : 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    if (cut)
        out += QChar(0x2026);
    return out;
}

std::optional<QString> peekJson(const QByteArray &bytes)
{
    // Qt's parser validates; the layout is done on the message's own text, because QJsonObject sorts its keys and
    // a person comparing with the producer's code expects the producer's order.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return std::nullopt;
    QByteArray out;
    out.reserve(bytes.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out += '\n';
        out += QByteArray(4 * depth, ' ');
    };
    const auto nextSignificant = [&bytes](qsizetype from) {
        while (from < bytes.size() &&
               (bytes[from] == ' ' || bytes[from] == '\t' || bytes[from] == '\n' || bytes[from] == '\r'))
            ++from;
        return from < bytes.size() ? bytes[from] : '\0';
    };
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            out += c;
            const char close = c == '{' ? '}' : ']';
            if (nextSignificant(i + 1) == close) {
                out += close; // "{}" and "[]" stay on one line
                while (bytes[++i] != close) {
                }
                break;
            }
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
            break;
        }
    }
    out += '\n';
    return QString::fromUtf8(out);
}

QString peekHex(const QByteArray &bytes, qsizetype maxBytes)
{
    const qsizetype shown = std::min(bytes.size(), maxBytes);
    QString out;
    out.reserve((shown / 16 + 2) * 78);
    for (qsizetype row = 0; row < shown; row += 16) {
        out += QStringLiteral("%1  ").arg(row, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = row; i < row + 16; ++i) {
            if (i < shown) {
                const auto b = static_cast<unsigned char>(bytes.at(i));
                out += QStringLiteral("%1 ").arg(uint(b), 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QChar(char16_t(b)) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == row + 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |") % ascii % QStringLiteral("|\n");
    }
    if (shown < bytes.size())
        out += tr("... %1 more not shown\n").arg(sizeText(bytes.size() - shown));
    return out;
}

bool looksBinary(const QByteArray &bytes)
{
    const QByteArrayView sample = QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), 4096));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(sample);
    // A multi-byte sequence cut by the sample's end is not binary; anything else invalid is.
    if (decoder.hasError() && sample.size() == bytes.size())
        return true;
    qsizetype replacements = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0xfffd)
            ++replacements;
        else if (u < 0x20 && u != u'\n' && u != u'\r' && u != u'\t')
            return true;
    }
    return replacements > 1;
}

QString timestampTypeName(TimestampType type)
{
    switch (type) {
    case TimestampType::CreateTime:
        return tr("CreateTime");
    case TimestampType::LogAppendTime:
        return tr("LogAppendTime");
    case TimestampType::None:
        break;
    }
    return tr("no timestamp");
}

QString peekTimestamp(qint64 timestampMs, TimestampType type, const QTimeZone &zone)
{
    if (timestampMs < 0 || type == TimestampType::None)
        return tr("no timestamp");
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(timestampMs, zone);
    const int offset = time.offsetFromUtc();
    const QString zoneText = offset == 0 ? QStringLiteral("UTC")
                                         : QStringLiteral("UTC%1%2:%3")
                                               .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                               .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                                               .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 %2 (%3)")
        .arg(time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")), zoneText, timestampTypeName(type));
}

QString peekSize(qint64 realSize, qsizetype shownSize, bool isNull)
{
    if (isNull)
        return tr("null");
    if (shownSize < realSize)
        return tr("%1 (showing the first %2)").arg(sizeText(realSize), sizeText(shownSize));
    return sizeText(realSize);
}

} // namespace OffsetLens
