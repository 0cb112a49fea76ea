#include "propertiesfile.h"

#include <QCoreApplication>
#include <QStringDecoder>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PropertiesFile", text);
}

QString lineError(int line, const QString &message)
{
    return tr("line %1: %2").arg(line).arg(message);
}

// A binary or foreign file can have an error on every line; the first ones say enough.
constexpr qsizetype kMaxErrors = 50;

void addError(PropertiesFile &out, int line, const QString &message)
{
    if (out.errors.size() < kMaxErrors)
        out.errors.append(lineError(line, message));
    else if (out.errors.size() == kMaxErrors)
        out.errors.append(tr("more lines with errors follow; they are not listed"));
}

// The natural lines of `text`, ended by \n, \r\n or \r as Properties.load() sees them.
QList<QStringView> naturalLines(QStringView text)
{
    QList<QStringView> lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('\n') && c != QLatin1Char('\r'))
            continue;
        lines.append(text.mid(start, i - start));
        if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
            ++i;
        start = i + 1;
    }
    if (start < text.size())
        lines.append(text.mid(start));
    return lines;
}

// The first line that is not valid UTF-8, counting from 1.
int firstBadUtf8Line(const QByteArray &bytes)
{
    int line = 1;
    for (const QByteArray &l : bytes.split('\n')) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString decoded = decoder.decode(l); // decode() is lazy: only the conversion to QString runs it
        if (decoder.hasError())
            return line;
        ++line;
    }
    return line;
}

// Checks what no parser should see and turns the bytes into text. False when there is nothing to parse.
bool decode(const QByteArray &content, bool latin1Fallback, QString &text, PropertiesFile &out)
{
    if (content.size() > kMaxPropertiesFileBytes) {
        out.errors.append(tr("the file is larger than %1 KiB: this is not a client configuration file")
                              .arg(kMaxPropertiesFileBytes / 1024));
        return false;
    }
    if (content.contains('\0')) {
        out.errors.append(tr("the file contains NUL bytes: it is not a text file"));
        return false;
    }
    QByteArrayView bytes = content;
    if (bytes.startsWith("\xef\xbb\xbf"))
        bytes = bytes.sliced(3);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    text = utf8.decode(bytes);
    if (!utf8.hasError())
        return true;
    const int line = firstBadUtf8Line(content);
    if (!latin1Fallback) {
        out.errors.append(lineError(line, tr("not UTF-8 text")));
        return false;
    }
    text = QString::fromLatin1(bytes);
    out.warnings.append(lineError(line, tr("not UTF-8 text; read as ISO 8859-1, as Java does")));
    return true;
}

bool isJavaSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\f');
}

QStringView skipJavaSpace(QStringView s)
{
    qsizetype i = 0;
    while (i < s.size() && isJavaSpace(s.at(i)))
        ++i;
    return s.mid(i);
}

int hexValue(QChar c)
{
    if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
        return c.unicode() - u'0';
    if (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
        return c.unicode() - u'a' + 10;
    if (c >= QLatin1Char('A') && c <= QLatin1Char('F'))
        return c.unicode() - u'A' + 10;
    return -1;
}

// Properties.loadConvert(): false on a malformed \uXXXX, which Java refuses.
bool unescape(QStringView raw, QString &out)
{
    out.clear();
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c != QLatin1Char('\\') || i + 1 == raw.size()) {
            out.append(c);
            continue;
        }
        const QChar e = raw.at(++i);
        if (e == QLatin1Char('u')) {
            if (i + 4 >= raw.size())
                return false;
            char16_t value = 0;
            for (int k = 1; k <= 4; ++k) {
                const int h = hexValue(raw.at(i + k));
                if (h < 0)
                    return false;
                value = char16_t(value * 16 + h);
            }
            out.append(QChar(value));
            i += 4;
        } else if (e == QLatin1Char('t')) {
            out.append(QLatin1Char('\t'));
        } else if (e == QLatin1Char('n')) {
            out.append(QLatin1Char('\n'));
        } else if (e == QLatin1Char('r')) {
            out.append(QLatin1Char('\r'));
        } else if (e == QLatin1Char('f')) {
            out.append(QLatin1Char('\f'));
        } else {
            out.append(e);
        }
    }
    return true;
}

// Properties.load0(): the key ends at the first unescaped '=', ':' or whitespace; then whitespace, at most one
// '=' or ':', and whitespace again come before the value.
void addLogicalLine(QStringView line, int lineNumber, PropertiesFile &out)
{
    qsizetype keyEnd = 0;
    bool escaped = false;
    for (; keyEnd < line.size(); ++keyEnd) {
        const QChar c = line.at(keyEnd);
        if (!escaped && (c == QLatin1Char('=') || c == QLatin1Char(':') || isJavaSpace(c)))
            break;
        escaped = c == QLatin1Char('\\') && !escaped;
    }
    qsizetype valueStart = keyEnd;
    bool separator = false;
    while (valueStart < line.size()) {
        const QChar c = line.at(valueStart);
        if (isJavaSpace(c)) {
            ++valueStart;
        } else if (!separator && (c == QLatin1Char('=') || c == QLatin1Char(':'))) {
            separator = true;
            ++valueStart;
        } else {
            break;
        }
    }
    PropertyEntry entry;
    entry.line = lineNumber;
    if (!unescape(line.left(keyEnd), entry.key) || !unescape(line.mid(valueStart), entry.value)) {
        addError(out, lineNumber, tr("malformed \\uXXXX escape (four hexadecimal digits expected)"));
        return;
    }
    out.entries.append(entry);
}

} // namespace

PropertiesFile parseJavaProperties(const QByteArray &content)
{
    PropertiesFile out;
    QString text;
    if (!decode(content, true, text, out))
        return out;
    const QList<QStringView> lines = naturalLines(text);
    QString logical;
    int start = 0;
    bool continuing = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int number = int(i + 1);
        const QStringView line = skipJavaSpace(lines.at(i));
        if (!continuing) {
            if (line.isEmpty())
                continue;
            // Only a line that starts a logical line can be a comment; a continued one is part of the value.
            if (line.front() == QLatin1Char('#') || line.front() == QLatin1Char('!')) {
                out.comments.append({QString(), line.mid(1).toString(), number});
                continue;
            }
            logical.clear();
            start = number;
        }
        qsizetype backslashes = 0;
        while (backslashes < line.size() && line.at(line.size() - 1 - backslashes) == QLatin1Char('\\'))
            ++backslashes;
        continuing = backslashes % 2 == 1;
        logical += continuing ? line.chopped(1) : line;
        if (!continuing)
            addLogicalLine(logical, start, out);
    }
    if (continuing) // a backslash on the last line: Java drops it
        addLogicalLine(logical, start, out);
    return out;
}

PropertiesFile parseLibrdkafkaProperties(const QByteArray &content)
{
    PropertiesFile out;
    QString text;
    if (!decode(content, false, text, out))
        return out;
    const QList<QStringView> lines = naturalLines(text);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int number = int(i + 1);
        const QStringView line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        if (line.front() == QLatin1Char('#')) {
            out.comments.append({QString(), line.mid(1).toString(), number});
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QStringView key = eq < 0 ? QStringView() : line.left(eq).trimmed();
        if (key.isEmpty()) {
            addError(out, number, tr("expected name=value"));
            continue;
        }
        out.entries.append({key.toString(), line.mid(eq + 1).trimmed().toString(), number});
    }
    return out;
}

QString javaPropertiesLine(const QString &key, const QString &value)
{
    const auto escape = [](const QString &text, bool isKey) {
        QString out;
        out.reserve(text.size());
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            const char16_t u = c.unicode();
            if (u == u'\\')
                out += QLatin1String("\\\\");
            else if (u == u'\t')
                out += QLatin1String("\\t");
            else if (u == u'\n')
                out += QLatin1String("\\n");
            else if (u == u'\r')
                out += QLatin1String("\\r");
            else if (u == u'\f')
                out += QLatin1String("\\f");
            else if (u < 0x20 || u > 0x7e)
                out += QStringLiteral("\\u%1").arg(u, 4, 16, QLatin1Char('0'));
            else if (u == u' ' && (isKey || i == 0))
                out += QLatin1String("\\ ");
            else if (isKey && (u == u'=' || u == u':' || ((u == u'#' || u == u'!') && i == 0)))
                out += QLatin1Char('\\') + c;
            else
                out += c;
        }
        return out;
    };
    return escape(key, true) + QLatin1Char('=') + escape(value, false);
}

} // namespace OffsetLens
