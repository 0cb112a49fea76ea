#include "resetaudit.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>

namespace OffsetLens {

namespace {

constexpr std::array kActions{ResetAuditEntry::Action::Reset, ResetAuditEntry::Action::Undo,
                              ResetAuditEntry::Action::DeleteOffsets, ResetAuditEntry::Action::DeleteGroup};

// kNoOffset is written as null so that a reader never mistakes it for an offset.
QJsonValue offsetValue(qint64 offset)
{
    return offset == kNoOffset ? QJsonValue(QJsonValue::Null) : QJsonValue(offset);
}

std::optional<qint64> readOffset(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return kNoOffset;
    if (!value.isDouble())
        return std::nullopt;
    return value.toInteger(kNoOffset);
}

} // namespace

QString resetAuditActionName(ResetAuditEntry::Action action)
{
    switch (action) {
    case ResetAuditEntry::Action::Reset:
        return QStringLiteral("reset");
    case ResetAuditEntry::Action::Undo:
        return QStringLiteral("undo");
    case ResetAuditEntry::Action::DeleteOffsets:
        return QStringLiteral("delete offsets");
    case ResetAuditEntry::Action::DeleteGroup:
        break;
    }
    return QStringLiteral("delete group");
}

QByteArray ResetAuditEntry::toJsonLine() const
{
    QJsonArray rowArray;
    for (const Row &row : rows) {
        rowArray.append(QJsonObject{{QStringLiteral("topic"), row.tp.topic},
                                    {QStringLiteral("partition"), row.tp.partition},
                                    {QStringLiteral("before"), offsetValue(row.before)},
                                    {QStringLiteral("after"), offsetValue(row.after)},
                                    {QStringLiteral("outcome"), row.outcome}});
    }
    const QJsonObject object{
        {QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("action"), resetAuditActionName(action)},
        {QStringLiteral("profileId"), profileId},
        {QStringLiteral("clusterName"), clusterName},
        {QStringLiteral("bootstrapServers"), bootstrapServers},
        {QStringLiteral("groupId"), groupId},
        {QStringLiteral("strategy"), strategy},
        {QStringLiteral("origin"), origin},
        {QStringLiteral("summary"), summary},
        {QStringLiteral("rows"), rowArray},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<ResetAuditEntry> ResetAuditEntry::fromJsonLine(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line.trimmed(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();

    ResetAuditEntry entry;
    entry.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs).toUTC();
    if (!entry.time.isValid())
        return std::nullopt;
    const QString actionName = o.value(QStringLiteral("action")).toString();
    const auto action = std::find_if(kActions.cbegin(), kActions.cend(),
                                     [&](ResetAuditEntry::Action a) { return resetAuditActionName(a) == actionName; });
    if (action == kActions.cend())
        return std::nullopt;
    entry.action = *action;
    entry.profileId = o.value(QStringLiteral("profileId")).toString();
    entry.clusterName = o.value(QStringLiteral("clusterName")).toString();
    entry.bootstrapServers = o.value(QStringLiteral("bootstrapServers")).toString();
    entry.groupId = o.value(QStringLiteral("groupId")).toString();
    entry.strategy = o.value(QStringLiteral("strategy")).toString();
    entry.origin = o.value(QStringLiteral("origin")).toString();
    entry.summary = o.value(QStringLiteral("summary")).toString();
    const QJsonValue rowsValue = o.value(QStringLiteral("rows"));
    if (!rowsValue.isUndefined() && !rowsValue.isArray())
        return std::nullopt;
    for (const QJsonValue &value : rowsValue.toArray()) {
        if (!value.isObject())
            return std::nullopt;
        const QJsonObject r = value.toObject();
        const QJsonValue partition = r.value(QStringLiteral("partition"));
        const std::optional<qint64> before = readOffset(r.value(QStringLiteral("before")));
        const std::optional<qint64> after = readOffset(r.value(QStringLiteral("after")));
        if (!r.value(QStringLiteral("topic")).isString() || !partition.isDouble() || !before || !after)
            return std::nullopt;
        Row row;
        row.tp = {r.value(QStringLiteral("topic")).toString(), qint32(partition.toInteger())};
        row.before = *before;
        row.after = *after;
        row.outcome = r.value(QStringLiteral("outcome")).toString();
        entry.rows.append(row);
    }
    return entry;
}

} // namespace OffsetLens
