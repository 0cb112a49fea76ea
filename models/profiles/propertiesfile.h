#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// Reading key=value client configuration files. The entry points take the file's bytes and nothing else, so
// they can be fuzzed: any input gives an answer, input over kMaxPropertiesFileBytes or with NUL bytes an error.
inline constexpr qsizetype kMaxPropertiesFileBytes = 1024 * 1024;

struct PropertyEntry
{
    QString key;
    QString value; // as written, after unescaping; Kafka's clients trim it, so callers usually do too
    int line = 0;  // the (first) line it was written on, from 1
};

struct PropertiesFile
{
    QList<PropertyEntry> entries;  // in file order; a key written twice appears twice
    QList<PropertyEntry> comments; // comment lines: `value` holds the text after '#' (or '!'), `key` is empty
    QStringList errors;            // "line 3: ..."; the lines named are left out of `entries`
    QStringList warnings;          // e.g. not UTF-8, read as ISO 8859-1
};

// java.util.Properties syntax: `#` and `!` comment lines, `=`, `:` or whitespace between key and value, a
// backslash at the end of a line continues it (the next line's leading whitespace is dropped), escapes \t \n \r
// \f \uXXXX and \<c> (= c). Java reads these files as ISO 8859-1; UTF-8 is taken when the bytes are valid UTF-8,
// which is what people write today. Java rejects a malformed \uXXXX; here that line is reported and skipped.
PropertiesFile parseJavaProperties(const QByteArray &content);

// librdkafka and kcat syntax (kcat -F, ~/.config/kcat.conf): one `name=value` per line, split at the first '=',
// `#` comment lines, no escapes and no continuation lines. Name and value are trimmed. Must be UTF-8.
PropertiesFile parseLibrdkafkaProperties(const QByteArray &content);

// One line of a .properties file that Properties.load() reads back as `key` and `value` exactly. Everything
// outside printable ASCII is escaped, so the file reads the same as ISO 8859-1 and as UTF-8.
QString javaPropertiesLine(const QString &key, const QString &value);

} // namespace OffsetLens
