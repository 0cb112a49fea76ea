#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace OffsetLens {

// The Java client's sasl.jaas.config: `<LoginModule class> <flag> [name=value ...];`, as Kafka's JaasConfig reads
// it: values quoted with " or ' (backslash escapes as in Java's StreamTokenizer: \n \t \r \f \b \a \v, octal, and
// \<c> = c) or unquoted words; // and /* */ comments.
struct JaasOption
{
    QString name;
    QString value;
};
struct JaasLoginModule
{
    QString className; // "org.apache.kafka.common.security.plain.PlainLoginModule"
    QString flag;      // required, requisite, sufficient or optional, as written
    QList<JaasOption> options;

    QString simpleClassName() const; // "PlainLoginModule"
};
struct JaasConfig
{
    QList<JaasLoginModule> modules;
    QString error; // in plain words; empty when the text parsed
};
JaasConfig parseJaasConfig(QStringView text);

// `value` in double quotes, escaped so that parseJaasConfig() (and Kafka) read it back unchanged.
QString jaasQuoted(const QString &value);

} // namespace OffsetLens
