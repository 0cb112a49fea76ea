#include "resetfile.h"

#include "numberformat.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>
#include <optional>

namespace OffsetLens {

namespace {

// A file meant for another cluster or a binary file can produce one error per line; the first ones say enough.
constexpr qsizetype kMaxErrors = 20;
// Kafka's limit on topic names (Topic.MAX_NAME_LENGTH).
constexpr qsizetype kMaxTopicLength = 249;

// Hostile input must not turn a message into a wall of text.
QString shown(const QString &field)
{
    constexpr qsizetype kMax = 40;
    return field.size() <= kMax ? field : field.left(kMax) + QStringLiteral("…");
}

bool isTopicChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') || c == QLatin1Char('_') ||
           c == QLatin1Char('-');
}

// Kafka's own rules for topic names; an error in words, or empty when the name is valid.
QString topicProblem(const QString &topic)
{
    if (topic.isEmpty())
        return QStringLiteral("empty topic name");
    if (topic.size() > kMaxTopicLength)
        return QStringLiteral("topic name '%1' is longer than %2 characters").arg(shown(topic)).arg(kMaxTopicLength);
    if (topic == QLatin1String(".") || topic == QLatin1String(".."))
        return QStringLiteral("'%1' is not a valid topic name").arg(topic);
    for (const QChar c : topic) {
        if (!isTopicChar(c))
            return QStringLiteral("topic name '%1' has characters Kafka does not allow (only a-z, A-Z, 0-9, '.', "
                                  "'_' and '-')")
                .arg(shown(topic));
    }
    return {};
}

// A whole, non-negative number within `max`, as the CLI's Java parsers take them (an optional '+', digits).
// Returns the value, or sets `problem`.
std::optional<qint64> parseCount(const QString &field, const QString &what, qint64 max, QString &problem)
{
    QStringView digits(field);
    const bool negative = digits.startsWith(QLatin1Char('-'));
    if (negative || digits.startsWith(QLatin1Char('+')))
        digits = digits.mid(1);
    bool allDigits = !digits.isEmpty();
    for (const QChar c : digits)
        allDigits = allDigits && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    if (!allDigits) {
        problem = field.isEmpty() ? QStringLiteral("empty %1").arg(what)
                                  : QStringLiteral("%1 '%2' is not a whole number").arg(what, shown(field));
        return std::nullopt;
    }
    if (negative && std::any_of(digits.begin(), digits.end(), [](QChar c) { return c != QLatin1Char('0'); })) {
        problem = QStringLiteral("%1 %2 is negative").arg(what, shown(field));
        return std::nullopt;
    }
    qint64 value = 0;
    for (const QChar c : digits) {
        if (value > (max - (c.unicode() - u'0')) / 10) {
            problem = QStringLiteral("%1 '%2' is not a number in range").arg(what, shown(field));
            return std::nullopt;
        }
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

class ErrorList
{
public:
    void add(int line, const QString &problem)
    {
        if (m_count++ < kMaxErrors)
            m_errors.append(QStringLiteral("line %1: %2").arg(line).arg(problem));
    }
    bool isEmpty() const { return m_count == 0; }
    QStringList take() const
    {
        QStringList errors = m_errors;
        if (m_count > kMaxErrors)
            errors.append(QStringLiteral("… and %1 more %2")
                              .arg(formatCount(m_count - kMaxErrors),
                                   m_count - kMaxErrors == 1 ? QStringLiteral("error") : QStringLiteral("errors")));
        return errors;
    }

private:
    QStringList m_errors;
    qsizetype m_count = 0;
};

} // namespace

ResetFileParse parseResetFile(const QByteArray &content, const QString &groupId)
{
    ResetFileParse parse;
    QByteArray bytes = content;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    const QString text = QString::fromUtf8(bytes);

    ErrorList errors;
    int columnsLine = 0;
    QHash<QString, qsizetype> otherGroups;
    QHash<TopicPartition, int> seenOn;
    QStringList repeats;
    int lineNumber = 0;
    for (const QStringView rawLine : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNumber;
        const QStringView line = rawLine.trimmed(); // also drops the '\r' of CRLF files
        if (line.isEmpty())
            continue;
        if (line.contains(QLatin1Char('"'))) {
            errors.add(lineNumber, QStringLiteral("quoted fields are not part of the format (topic,partition,offset "
                                                  "or group,topic,partition,offset, no quotes)"));
            continue;
        }
        QStringList fields;
        for (const QStringView field : line.split(QLatin1Char(',')))
            fields.append(field.trimmed().toString());
        const int columns = int(fields.size());
        if (columns != 3 && columns != 4) {
            errors.add(lineNumber, QStringLiteral("expected 3 or 4 columns, found %1").arg(columns));
            continue;
        }
        if (parse.columns == 0) {
            parse.columns = columns;
            columnsLine = lineNumber;
        } else if (columns != parse.columns) {
            errors.add(lineNumber, QStringLiteral("%1 columns, but line %2 has %3 (all rows need the same number)")
                                       .arg(columns)
                                       .arg(columnsLine)
                                       .arg(parse.columns));
            continue;
        }
        const int first = columns - 3;
        QString problem;
        if (columns == 4 && fields.at(0).isEmpty())
            problem = QStringLiteral("empty group id");
        if (problem.isEmpty())
            problem = topicProblem(fields.at(first));
        std::optional<qint64> partition;
        std::optional<qint64> offset;
        if (problem.isEmpty())
            partition = parseCount(fields.at(first + 1), QStringLiteral("partition"),
                                   std::numeric_limits<qint32>::max(), problem);
        if (problem.isEmpty())
            offset =
                parseCount(fields.at(first + 2), QStringLiteral("offset"), std::numeric_limits<qint64>::max(), problem);
        if (!problem.isEmpty()) {
            errors.add(lineNumber, problem);
            continue;
        }
        if (columns == 4 && fields.at(0) != groupId) {
            ++otherGroups[fields.at(0)];
            continue;
        }
        const TopicPartition tp{fields.at(first), qint32(*partition)};
        if (const auto previous = seenOn.constFind(tp); previous != seenOn.cend())
            repeats.append(QStringLiteral("line %1 sets %2-%3 again (first on line %4); the later line wins")
                               .arg(lineNumber)
                               .arg(tp.topic)
                               .arg(tp.partition)
                               .arg(*previous));
        seenOn.insert(tp, lineNumber);
        parse.targets.append({tp, *offset, lineNumber});
    }

    if (!errors.isEmpty()) {
        parse.errors = errors.take();
        parse.targets.clear();
        return parse;
    }
    if (parse.columns == 0) {
        parse.errors.append(QStringLiteral("the file has no rows"));
        return parse;
    }
    if (!otherGroups.isEmpty()) {
        qsizetype rows = 0;
        QStringList groups;
        for (auto it = otherGroups.cbegin(); it != otherGroups.cend(); ++it) {
            rows += it.value();
            groups.append(it.key());
        }
        groups.sort();
        const qsizetype listed = std::min<qsizetype>(groups.size(), 5);
        QString names = QStringLiteral("'") + groups.mid(0, listed).join(QStringLiteral("', '")) + QLatin1Char('\'');
        if (groups.size() > listed)
            names += QStringLiteral(" and %1 more").arg(groups.size() - listed);
        parse.warnings.append(QStringLiteral("%1 of other groups ignored (%2)")
                                  .arg(formatCountOf(rows, QStringLiteral("row"), QStringLiteral("rows")), names));
    }
    if (parse.targets.isEmpty())
        parse.warnings.append(QStringLiteral("the file has no rows for group '%1'").arg(groupId));
    const qsizetype listedRepeats = std::min<qsizetype>(repeats.size(), kMaxErrors);
    parse.warnings.append(repeats.mid(0, listedRepeats));
    if (repeats.size() > listedRepeats)
        parse.warnings.append(QStringLiteral("… and %1 more repeated partitions").arg(repeats.size() - listedRepeats));
    return parse;
}

QByteArray exportResetCsv(const QList<ResetPlan> &plans)
{
    QSet<QString> groups;
    for (const ResetPlan &plan : plans)
        groups.insert(plan.request.groupId);
    const bool withGroup = groups.size() > 1;
    QByteArray csv;
    for (const ResetPlan &plan : plans) {
        for (const ResetPlanRow &row : plan.rows) {
            if (!row.writable())
                continue;
            if (withGroup)
                csv += plan.request.groupId.toUtf8() + ',';
            csv += row.tp.topic.toUtf8() + ',' + QByteArray::number(row.tp.partition) + ',' +
                   QByteArray::number(row.target) + '\n';
        }
    }
    return csv;
}

namespace {

// POSIX shell quoting: plain words stay as they are, anything else goes in single quotes.
QString shellQuote(const QString &word)
{
    bool plain = !word.isEmpty();
    for (const QChar c : word) {
        plain = plain && (c.isLetterOrNumber() || QStringLiteral("._-:,/=+@%").contains(c)) && c.unicode() < 128;
    }
    if (plain)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// java.time.Duration's own spelling (hours, minutes, seconds; no days), which --by-duration parses.
QString isoDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("PT0S");
    const qint64 hours = ms / 3'600'000;
    const qint64 minutes = ms / 60'000 % 60;
    const qint64 seconds = ms / 1000 % 60;
    const qint64 millis = ms % 1000;
    QString text = QStringLiteral("PT");
    if (hours > 0)
        text += QString::number(hours) + QLatin1Char('H');
    if (minutes > 0)
        text += QString::number(minutes) + QLatin1Char('M');
    if (seconds > 0 || millis > 0) {
        text += QString::number(seconds);
        if (millis > 0) {
            QString fraction = QStringLiteral("%1").arg(millis, 3, 10, QLatin1Char('0'));
            while (fraction.endsWith(QLatin1Char('0')))
                fraction.chop(1);
            text += QLatin1Char('.') + fraction;
        }
        text += QLatin1Char('S');
    }
    return text;
}

QStringList scopeArguments(const ResetScope &scope)
{
    if (scope.allTopics)
        return {QStringLiteral("--all-topics")};
    QStringList args;
    for (const TopicSelection &selection : scope.topics) {
        QString value = selection.topic;
        if (!selection.partitions.isEmpty()) {
            QStringList ids;
            for (const qint32 p : selection.partitions)
                ids.append(QString::number(p));
            value += QLatin1Char(':') + ids.join(QLatin1Char(','));
        }
        args << QStringLiteral("--topic") << value;
    }
    return args;
}

QStringList strategyArguments(const ResetRequest &request)
{
    const ResetStrategy &s = request.strategy;
    switch (s.kind) {
    case ResetStrategyKind::ToEarliest:
        return {QStringLiteral("--to-earliest")};
    case ResetStrategyKind::ToLatest:
        return {QStringLiteral("--to-latest")};
    case ResetStrategyKind::ToCurrent:
        return {QStringLiteral("--to-current")};
    case ResetStrategyKind::ToOffset:
        return {QStringLiteral("--to-offset"), QString::number(s.offset)};
    case ResetStrategyKind::ShiftBy:
        return {QStringLiteral("--shift-by"), QString::number(s.offset)};
    case ResetStrategyKind::ToDateTime:
        return {QStringLiteral("--to-datetime"),
                QDateTime::fromMSecsSinceEpoch(s.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)};
    case ResetStrategyKind::ByDuration:
        return {QStringLiteral("--by-duration"), isoDuration(s.durationMs)};
    case ResetStrategyKind::FromFile:
    case ResetStrategyKind::FromGroup:
    case ResetStrategyKind::Explicit:
        break;
    }
    return {QStringLiteral("--from-file"), QStringLiteral("plan.csv")};
}

} // namespace

QString referenceDryRunCommand(const ResetPlan &plan, const QString &bootstrapServers)
{
    QStringList args{QStringLiteral("kafka-consumer-groups.sh"),
                     QStringLiteral("--bootstrap-server"),
                     bootstrapServers,
                     QStringLiteral("--group"),
                     plan.request.groupId,
                     QStringLiteral("--reset-offsets")};
    // With --from-file the CLI takes the partitions from the file and needs no scope option.
    const ResetStrategyKind kind = plan.request.strategy.kind;
    if (kind != ResetStrategyKind::FromFile && kind != ResetStrategyKind::FromGroup &&
        kind != ResetStrategyKind::Explicit)
        args += scopeArguments(plan.request.scope);
    args += strategyArguments(plan.request);
    args += QStringLiteral("--dry-run");
    QStringList quoted;
    for (const QString &arg : args)
        quoted.append(shellQuote(arg));
    return quoted.join(QLatin1Char(' '));
}

} // namespace OffsetLens
