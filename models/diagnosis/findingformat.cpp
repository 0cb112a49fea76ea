#include "findingformat.h"

#include "numberformat.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Diagnosis", text);
}

// Stable ids for JSON, independent of the display names resetStrategyName() gives.
QString strategyId(ResetStrategyKind kind)
{
    switch (kind) {
    case ResetStrategyKind::ToEarliest:
        return QStringLiteral("to-earliest");
    case ResetStrategyKind::ToLatest:
        return QStringLiteral("to-latest");
    case ResetStrategyKind::ToCurrent:
        return QStringLiteral("to-current");
    case ResetStrategyKind::ToOffset:
        return QStringLiteral("to-offset");
    case ResetStrategyKind::ShiftBy:
        return QStringLiteral("shift-by");
    case ResetStrategyKind::ToDateTime:
        return QStringLiteral("to-datetime");
    case ResetStrategyKind::ByDuration:
        return QStringLiteral("by-duration");
    case ResetStrategyKind::FromFile:
        return QStringLiteral("from-file");
    case ResetStrategyKind::FromGroup:
        return QStringLiteral("from-group");
    case ResetStrategyKind::Explicit:
        break;
    }
    return QStringLiteral("explicit");
}

QJsonValue offsetValue(qint64 value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonValue textValue(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject requestToJson(const ResetRequest &request)
{
    QJsonArray topics;
    for (const TopicSelection &t : request.scope.topics) {
        QJsonArray partitions;
        for (const qint32 p : t.partitions)
            partitions.append(p);
        topics.append(QJsonObject{{QStringLiteral("topic"), t.topic}, {QStringLiteral("partitions"), partitions}});
    }
    const ResetStrategy &s = request.strategy;
    QJsonArray targets;
    for (const OffsetTarget &t : s.targets)
        targets.append(QJsonObject{{QStringLiteral("topic"), t.tp.topic},
                                   {QStringLiteral("partition"), t.tp.partition},
                                   {QStringLiteral("offset"), t.offset}});
    const bool usesOffset = s.kind == ResetStrategyKind::ToOffset || s.kind == ResetStrategyKind::ShiftBy;
    return QJsonObject{
        {QStringLiteral("group"), request.groupId},
        {QStringLiteral("strategy"), strategyId(s.kind)},
        {QStringLiteral("scope"),
         QJsonObject{{QStringLiteral("allTopics"), request.scope.allTopics}, {QStringLiteral("topics"), topics}}},
        {QStringLiteral("offset"), usesOffset ? QJsonValue(s.offset) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("timestampMs"),
         s.kind == ResetStrategyKind::ToDateTime ? QJsonValue(s.timestampMs) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("durationMs"),
         s.kind == ResetStrategyKind::ByDuration ? QJsonValue(s.durationMs) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("fromGroup"), textValue(s.fromGroup)},
        {QStringLiteral("targets"), targets},
    };
}

QJsonObject partitionToJson(const FindingPartition &p)
{
    return QJsonObject{
        {QStringLiteral("topic"), p.tp.topic},
        {QStringLiteral("partition"), p.tp.partition},
        {QStringLiteral("committed"), offsetValue(p.committed)},
        {QStringLiteral("logStart"), offsetValue(p.logStartOffset)},
        {QStringLiteral("highWatermark"), offsetValue(p.highWatermark)},
        {QStringLiteral("position"), offsetValue(p.position)},
        {QStringLiteral("lag"), p.lag ? QJsonValue(*p.lag) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("deleted"), offsetValue(p.deleted)},
        {QStringLiteral("earliestReads"), offsetValue(p.earliestReads)},
        {QStringLiteral("earliestRereads"), offsetValue(p.earliestRereads)},
        {QStringLiteral("latestSkips"), offsetValue(p.latestSkips)},
        {QStringLiteral("redelivered"), offsetValue(p.redelivered)},
        {QStringLiteral("skippedOnCrash"), offsetValue(p.skippedOnCrash)},
        {QStringLiteral("detail"), textValue(p.detail)},
    };
}

// "orders-0 committed 3,000 · log start 5,000 · HW 12,000 · deleted 2,000" and the detail.
QString partitionLine(const FindingPartition &p)
{
    QStringList parts;
    auto add = [&parts](const QString &label, qint64 value) {
        if (value >= 0)
            parts.append(label + QLatin1Char(' ') + formatCount(value));
    };
    add(tr("committed"), p.committed);
    add(tr("position"), p.position);
    add(tr("log start"), p.logStartOffset);
    add(tr("HW"), p.highWatermark);
    if (p.lag)
        parts.append(tr("lag") + QLatin1Char(' ') + formatCount(*p.lag));
    QString line = partitionName(p.tp) + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
    if (!p.detail.isEmpty())
        line += QStringLiteral(" \u2014 ") + p.detail;
    return line;
}

QString scopeRequestText(const ResetRequest &r)
{
    QStringList scopes;
    for (const TopicSelection &t : r.scope.topics) {
        QStringList numbers;
        for (const qint32 p : t.partitions)
            numbers.append(QString::number(p));
        scopes.append(numbers.isEmpty() ? t.topic : t.topic + QLatin1Char(':') + numbers.join(QLatin1Char(',')));
    }
    return scopes.isEmpty() ? tr("all topics") : scopes.join(QStringLiteral(" "));
}

void appendIndented(QStringList &out, const QString &text, const QString &indent)
{
    if (text.isEmpty())
        return;
    for (const QString &line : text.split(QLatin1Char('\n')))
        out.append(indent + line);
}

} // namespace

QString findingsAsText(const QList<Finding> &findings)
{
    if (findings.isEmpty())
        return tr("No findings.") + QLatin1Char('\n');
    QStringList out;
    qsizetype counts[3] = {0, 0, 0};
    for (const Finding &f : findings) {
        ++counts[int(f.severity)];
        QString head = findingSeverityId(f.severity).toUpper() + QLatin1Char(' ') + findingRuleId(f.rule);
        if (!f.groupId.isEmpty())
            head += QLatin1Char(' ') + tr("group %1").arg(f.groupId);
        if (!f.topic.isEmpty())
            head += QLatin1Char(' ') + tr("topic %1").arg(f.topic);
        out.append(head);
        out.append(QStringLiteral("  ") + f.title);
        appendIndented(out, f.explanation, QStringLiteral("  "));
        if (!f.whatNext.isEmpty()) {
            out.append(QStringLiteral("  ") + tr("What happens next:"));
            appendIndented(out, f.whatNext, QStringLiteral("    "));
        }
        if (f.deadline.isValid())
            out.append(QStringLiteral("  ") +
                       tr("Deadline: %1").arg(f.deadline.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))));
        if (!f.partitions.isEmpty()) {
            out.append(QStringLiteral("  ") + tr("Partitions:"));
            for (const FindingPartition &p : f.partitions)
                out.append(QStringLiteral("    ") + partitionLine(p));
        }
        for (qsizetype i = 0; i < f.actions.size(); ++i) {
            const SuggestedAction &a = f.actions.at(i);
            out.append(QStringLiteral("  ") + (i == 0 ? tr("Suggested: %1") : tr("Also: %1")).arg(a.text));
            if (a.reset)
                out.append(QStringLiteral("    ") + tr("reset preview: group %1, %2 on %3")
                                                        .arg(a.reset->groupId,
                                                             resetStrategyName(a.reset->strategy.kind),
                                                             scopeRequestText(*a.reset)));
            if (!a.blockedBy.isEmpty())
                out.append(QStringLiteral("    ") + tr("not possible now: %1").arg(a.blockedBy));
        }
        out.append(QString());
    }
    out.append(tr("%1, %2, %3")
                   .arg(formatCountOf(counts[int(FindingSeverity::Error)], tr("error"), tr("errors")),
                        formatCountOf(counts[int(FindingSeverity::Warning)], tr("warning"), tr("warnings")),
                        formatCountOf(counts[int(FindingSeverity::Info)], tr("info"), tr("info"))));
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject findingToJson(const Finding &f)
{
    QJsonArray partitions;
    for (const FindingPartition &p : f.partitions)
        partitions.append(partitionToJson(p));
    QJsonArray actions;
    for (const SuggestedAction &a : f.actions)
        actions.append(QJsonObject{
            {QStringLiteral("text"), a.text},
            {QStringLiteral("blockedBy"), textValue(a.blockedBy)},
            {QStringLiteral("reset"), a.reset ? QJsonValue(requestToJson(*a.reset)) : QJsonValue(QJsonValue::Null)},
        });
    return QJsonObject{
        {QStringLiteral("rule"), findingRuleId(f.rule)},
        {QStringLiteral("severity"), findingSeverityId(f.severity)},
        {QStringLiteral("scope"), findingScopeId(f.scope)},
        {QStringLiteral("group"), textValue(f.groupId)},
        {QStringLiteral("topic"), textValue(f.topic)},
        {QStringLiteral("title"), f.title},
        {QStringLiteral("explanation"), f.explanation},
        {QStringLiteral("whatNext"), f.whatNext},
        {QStringLiteral("partitions"), partitions},
        {QStringLiteral("actions"), actions},
        {QStringLiteral("deadline"),
         f.deadline.isValid() ? QJsonValue(f.deadline.toUTC().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("produceRate"), f.produceRate ? QJsonValue(*f.produceRate) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("consumeRate"), f.consumeRate ? QJsonValue(*f.consumeRate) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("catchUpMs"), f.catchUpMs ? QJsonValue(*f.catchUpMs) : QJsonValue(QJsonValue::Null)},
    };
}

QByteArray findingsAsJson(const QList<Finding> &findings, bool compact)
{
    QJsonArray list;
    qint64 counts[3] = {0, 0, 0};
    for (const Finding &f : findings) {
        ++counts[int(f.severity)];
        list.append(findingToJson(f));
    }
    const QJsonObject root{
        {QStringLiteral("findings"), list},
        {QStringLiteral("counts"), QJsonObject{{QStringLiteral("error"), counts[int(FindingSeverity::Error)]},
                                               {QStringLiteral("warning"), counts[int(FindingSeverity::Warning)]},
                                               {QStringLiteral("info"), counts[int(FindingSeverity::Info)]}}},
    };
    return QJsonDocument(root).toJson(compact ? QJsonDocument::Compact : QJsonDocument::Indented);
}

} // namespace OffsetLens
