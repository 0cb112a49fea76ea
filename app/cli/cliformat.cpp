#include "cliformat.h"

#include "describe.h"
#include "tableprinter.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::Cli", text);
}

QString number(qint64 value)
{
    return value < 0 ? QString() : QString::number(value);
}

QJsonValue jsonNumber(qint64 value)
{
    return value < 0 ? QJsonValue() : QJsonValue(value);
}

QJsonValue jsonString(const QString &value)
{
    return value.isEmpty() ? QJsonValue() : QJsonValue(value);
}

QString statusKey(OffsetStatus status)
{
    switch (status) {
    case OffsetStatus::Normal:
        return QStringLiteral("ok");
    case OffsetStatus::NoCommit:
        return QStringLiteral("no-commit");
    case OffsetStatus::UnknownWatermark:
        return QStringLiteral("unknown-watermark");
    case OffsetStatus::AheadOfHighWatermark:
        return QStringLiteral("ahead-of-high-watermark");
    case OffsetStatus::BelowLogStart:
        return QStringLiteral("below-log-start");
    }
    return QString();
}

QString sourceKey(GroupSourceKind source)
{
    switch (source) {
    case GroupSourceKind::Broker:
        return QStringLiteral("broker");
    case GroupSourceKind::Pinned:
        return QStringLiteral("pinned");
    case GroupSourceKind::Demo:
        return QStringLiteral("demo");
    }
    return QString();
}

QString coordinatorText(const ClusterSnapshot &snapshot, qint32 id)
{
    if (id < 0)
        return QString();
    if (const BrokerInfo *b = snapshot.findBroker(id))
        return QStringLiteral("%1:%2 (%3)").arg(b->host).arg(b->port).arg(id);
    return QStringLiteral("(%1)").arg(id);
}

// A group "does not exist" the way the CLI means it: Dead, or nothing known about it at all (no state, no members,
// no committed offsets) when the broker could not describe it.
bool groupExists(const GroupInfo &group)
{
    if (group.state == GroupState::Dead)
        return false;
    if (group.state == GroupState::Unknown && group.members.isEmpty() && group.offsets.isEmpty() &&
        group.error.isEmpty())
        return false;
    return true;
}

QString assignmentText(const QList<TopicPartition> &assignment)
{
    // "topic(0,1,2),other(0)" as the CLI's --members --verbose prints it.
    QList<TopicPartition> sorted = assignment;
    std::sort(sorted.begin(), sorted.end());
    QStringList parts;
    for (qsizetype i = 0; i < sorted.size();) {
        const QString &topic = sorted[i].topic;
        QStringList ids;
        for (; i < sorted.size() && sorted[i].topic == topic; ++i)
            ids.append(QString::number(sorted[i].partition));
        parts.append(topic + QLatin1Char('(') + ids.join(QLatin1Char(',')) + QLatin1Char(')'));
    }
    return parts.join(QLatin1Char(','));
}

QList<const GroupInfo *> selectGroups(const ClusterSnapshot &snapshot, const DescribeRequest &request,
                                      CliOutput &output)
{
    QList<const GroupInfo *> groups;
    if (request.allGroups) {
        for (const GroupInfo &g : snapshot.groups)
            groups.append(&g);
        return groups;
    }
    for (const QString &id : request.groups) {
        const GroupInfo *group = snapshot.findGroup(id);
        if (!group || !groupExists(*group)) {
            output.err += tr("Error: Consumer group '%1' does not exist.\n").arg(id);
            output.exitCode = 1;
            continue;
        }
        groups.append(group);
    }
    return groups;
}

QString groupNotice(const GroupInfo &group)
{
    if (!group.error.isEmpty())
        return tr("Error: Consumer group '%1': %2\n").arg(group.groupId, group.error);
    switch (group.state) {
    case GroupState::PreparingRebalance:
    case GroupState::CompletingRebalance:
        return tr("Warning: Consumer group '%1' is rebalancing.\n").arg(group.groupId);
    case GroupState::Empty:
        return tr("Consumer group '%1' has no active members.\n").arg(group.groupId);
    case GroupState::Unknown:
        if (group.source == GroupSourceKind::Pinned)
            return tr("Note: the cluster did not describe group '%1'; its state and members are unknown.\n")
                .arg(group.groupId);
        break;
    case GroupState::Stable:
    case GroupState::Dead:
        break;
    }
    return QString();
}

TablePrinter offsetsTable()
{
    return TablePrinter({{QStringLiteral("GROUP")},
                         {QStringLiteral("TOPIC")},
                         {QStringLiteral("PARTITION"), 10},
                         {QStringLiteral("CURRENT-OFFSET"), 15},
                         {QStringLiteral("LOG-END-OFFSET"), 15},
                         {QStringLiteral("LAG"), 15},
                         {QStringLiteral("CONSUMER-ID")},
                         {QStringLiteral("HOST")},
                         {QStringLiteral("CLIENT-ID")}});
}

void addOffsetRows(TablePrinter &table, const QList<DescribeRow> &rows)
{
    for (const DescribeRow &r : rows) {
        table.addRow({r.group, r.tp.topic, QString::number(r.tp.partition), number(r.currentOffset),
                      number(r.logEndOffset), r.lag.lag ? QString::number(*r.lag.lag) : QString(), r.consumerId, r.host,
                      r.clientId});
    }
}

TablePrinter membersTable(bool verbose)
{
    QList<TablePrinter::Column> columns{{QStringLiteral("GROUP")},
                                        {QStringLiteral("CONSUMER-ID")},
                                        {QStringLiteral("HOST")},
                                        {QStringLiteral("CLIENT-ID")},
                                        {QStringLiteral("#PARTITIONS")}};
    if (verbose)
        columns.append({QStringLiteral("ASSIGNMENT")});
    return TablePrinter(columns);
}

void addMemberRows(TablePrinter &table, const GroupInfo &group, bool verbose)
{
    for (const GroupMember &m : group.members) {
        QStringList cells{group.groupId, m.memberId, m.host, m.clientId, QString::number(m.assignment.size())};
        if (verbose)
            cells.append(assignmentText(m.assignment));
        table.addRow(cells);
    }
}

TablePrinter stateTable()
{
    return TablePrinter({{QStringLiteral("GROUP")},
                         {QStringLiteral("COORDINATOR (ID)")},
                         {QStringLiteral("ASSIGNMENT-STRATEGY")},
                         {QStringLiteral("STATE")},
                         {QStringLiteral("#MEMBERS")}});
}

void addStateRow(TablePrinter &table, const ClusterSnapshot &snapshot, const GroupInfo &group)
{
    table.addRow({group.groupId, coordinatorText(snapshot, group.coordinatorId), group.assignor,
                  groupStateName(group.state), QString::number(group.members.size())});
}

QJsonObject groupJson(const ClusterSnapshot &snapshot, const GroupInfo &group, const DescribeRequest &request)
{
    QJsonObject obj{{QStringLiteral("group"), group.groupId},
                    {QStringLiteral("state"), groupStateName(group.state)},
                    {QStringLiteral("source"), sourceKey(group.source)},
                    {QStringLiteral("assignmentStrategy"), jsonString(group.assignor)},
                    {QStringLiteral("coordinator"), group.coordinatorId < 0 ? QJsonValue() : group.coordinatorId},
                    {QStringLiteral("members"), group.members.size()},
                    {QStringLiteral("error"), jsonString(group.error)}};
    if (request.view == DescribeRequest::View::Members) {
        QJsonArray members;
        for (const GroupMember &m : group.members) {
            QJsonArray assignment;
            for (const TopicPartition &tp : m.assignment)
                assignment.append(
                    QJsonObject{{QStringLiteral("topic"), tp.topic}, {QStringLiteral("partition"), tp.partition}});
            members.append(QJsonObject{{QStringLiteral("consumerId"), m.memberId},
                                       {QStringLiteral("host"), m.host},
                                       {QStringLiteral("clientId"), m.clientId},
                                       {QStringLiteral("partitions"), m.assignment.size()},
                                       {QStringLiteral("assignment"), assignment}});
        }
        obj.insert(QStringLiteral("memberList"), members);
    } else if (request.view == DescribeRequest::View::Offsets) {
        const QList<DescribeRow> rows = describeGroup(snapshot, group);
        QJsonArray partitions;
        for (const DescribeRow &r : rows) {
            partitions.append(QJsonObject{
                {QStringLiteral("topic"), r.tp.topic},
                {QStringLiteral("partition"), r.tp.partition},
                {QStringLiteral("currentOffset"), jsonNumber(r.currentOffset)},
                {QStringLiteral("logEndOffset"), jsonNumber(r.logEndOffset)},
                {QStringLiteral("lag"), r.lag.lag ? QJsonValue(*r.lag.lag) : QJsonValue()},
                {QStringLiteral("logStartOffset"), jsonNumber(r.logStartOffset)},
                {QStringLiteral("position"), jsonNumber(r.position)},
                {QStringLiteral("status"), statusKey(r.lag.status)},
                {QStringLiteral("consumerId"), jsonString(r.consumerId)},
                {QStringLiteral("host"), jsonString(r.host)},
                {QStringLiteral("clientId"), jsonString(r.clientId)},
            });
        }
        const GroupLagSummary summary = summarize(rows);
        obj.insert(QStringLiteral("totalLag"), summary.totalLag);
        obj.insert(QStringLiteral("partitions"), partitions);
    }
    return obj;
}

QString toJson(const QJsonObject &root)
{
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QJsonArray errorsJson(const ClusterSnapshot &snapshot)
{
    return QJsonArray::fromStringList(snapshot.errors);
}

} // namespace

QString formatSnapshotErrors(const ClusterSnapshot &snapshot)
{
    QString err;
    for (const QString &e : snapshot.errors)
        err += tr("Warning: %1\n").arg(e);
    return err;
}

CliOutput formatDescribe(const ClusterSnapshot &snapshot, const DescribeRequest &request)
{
    CliOutput output;
    const QList<const GroupInfo *> groups = selectGroups(snapshot, request, output);

    if (request.format == OutputFormat::Json) {
        QJsonArray array;
        for (const GroupInfo *g : groups)
            array.append(groupJson(snapshot, *g, request));
        output.out = toJson({{QStringLiteral("groups"), array}, {QStringLiteral("errors"), errorsJson(snapshot)}});
        return output;
    }
    if (request.format == OutputFormat::Csv) {
        // One table for all groups: the GROUP column tells rows apart, which is what a spreadsheet wants.
        TablePrinter table = request.view == DescribeRequest::View::Members ? membersTable(request.verbose)
                             : request.view == DescribeRequest::View::State ? stateTable()
                                                                            : offsetsTable();
        for (const GroupInfo *g : groups) {
            if (request.view == DescribeRequest::View::Members)
                addMemberRows(table, *g, request.verbose);
            else if (request.view == DescribeRequest::View::State)
                addStateRow(table, snapshot, *g);
            else
                addOffsetRows(table, describeGroup(snapshot, *g));
        }
        output.out = table.toCsv();
        return output;
    }

    // Text: like kafka-consumer-groups.sh, one table per group, each after a blank line, with notices before it.
    for (const GroupInfo *g : groups) {
        output.out += QLatin1Char('\n');
        output.out += groupNotice(*g);
        if (request.view == DescribeRequest::View::State) {
            TablePrinter table = stateTable();
            addStateRow(table, snapshot, *g);
            output.out += table.toText();
        } else if (request.view == DescribeRequest::View::Members) {
            if (g->members.isEmpty())
                continue;
            TablePrinter table = membersTable(request.verbose);
            addMemberRows(table, *g, request.verbose);
            output.out += table.toText();
        } else {
            const QList<DescribeRow> rows = describeGroup(snapshot, *g);
            if (rows.isEmpty())
                continue;
            TablePrinter table = offsetsTable();
            addOffsetRows(table, rows);
            output.out += table.toText();
        }
    }
    return output;
}

CliOutput formatListGroups(const ClusterSnapshot &snapshot, OutputFormat format, bool withState)
{
    CliOutput output;
    if (format == OutputFormat::Json) {
        QJsonArray array;
        for (const GroupInfo &g : snapshot.groups) {
            array.append(QJsonObject{{QStringLiteral("group"), g.groupId},
                                     {QStringLiteral("state"), groupStateName(g.state)},
                                     {QStringLiteral("source"), sourceKey(g.source)},
                                     {QStringLiteral("members"), g.members.size()}});
        }
        output.out = toJson({{QStringLiteral("groups"), array},
                             {QStringLiteral("complete"), snapshot.groupsListedByBroker},
                             {QStringLiteral("errors"), errorsJson(snapshot)}});
        return output;
    }
    if (format == OutputFormat::Text && !withState) {
        // kafka-consumer-groups --list: just the ids, one per line.
        for (const GroupInfo &g : snapshot.groups)
            output.out += g.groupId + QLatin1Char('\n');
        return output;
    }
    TablePrinter table({{QStringLiteral("GROUP")}, {QStringLiteral("STATE")}});
    for (const GroupInfo &g : snapshot.groups)
        table.addRow({g.groupId, groupStateName(g.state)});
    output.out = format == OutputFormat::Csv ? table.toCsv() : table.toText();
    return output;
}

CliOutput formatTopics(const ClusterSnapshot &snapshot, OutputFormat format, bool perPartition,
                       const QStringList &onlyTopics)
{
    CliOutput output;
    QList<const TopicInfo *> topics;
    for (const QString &name : onlyTopics) {
        if (!snapshot.findTopic(name)) {
            output.err += tr("Error: Topic '%1' does not exist.\n").arg(name);
            output.exitCode = 1;
        }
    }
    for (const TopicInfo &t : snapshot.topics) {
        if (onlyTopics.isEmpty() || onlyTopics.contains(t.name))
            topics.append(&t);
    }
    const auto ids = [](const QList<qint32> &list) {
        QStringList parts;
        for (qint32 id : list)
            parts.append(QString::number(id));
        return parts.join(QLatin1Char(','));
    };

    if (format == OutputFormat::Json) {
        QJsonArray array;
        for (const TopicInfo *t : topics) {
            QJsonArray partitions;
            for (const PartitionInfo &p : t->partitions) {
                partitions.append(QJsonObject{{QStringLiteral("partition"), p.partition},
                                              {QStringLiteral("leader"), p.leader < 0 ? QJsonValue() : p.leader},
                                              {QStringLiteral("replicas"), ids(p.replicas)},
                                              {QStringLiteral("isr"), ids(p.isr)},
                                              {QStringLiteral("logStartOffset"), jsonNumber(p.logStartOffset)},
                                              {QStringLiteral("highWatermark"), jsonNumber(p.highWatermark)},
                                              {QStringLiteral("lastStableOffset"), jsonNumber(p.lastStableOffset)},
                                              {QStringLiteral("error"), jsonString(p.error)}});
            }
            array.append(QJsonObject{{QStringLiteral("topic"), t->name},
                                     {QStringLiteral("internal"), t->isInternal},
                                     {QStringLiteral("replicationFactor"), t->replicationFactor},
                                     {QStringLiteral("partitions"), partitions}});
        }
        output.out = toJson({{QStringLiteral("topics"), array}, {QStringLiteral("errors"), errorsJson(snapshot)}});
        return output;
    }

    if (perPartition) {
        TablePrinter table({{QStringLiteral("TOPIC")},
                            {QStringLiteral("PARTITION"), 10},
                            {QStringLiteral("LEADER")},
                            {QStringLiteral("REPLICAS")},
                            {QStringLiteral("ISR")},
                            {QStringLiteral("LOG-START-OFFSET"), 15},
                            {QStringLiteral("HIGH-WATERMARK"), 15},
                            {QStringLiteral("LAST-STABLE-OFFSET"), 15},
                            {QStringLiteral("MESSAGES")}});
        for (const TopicInfo *t : topics) {
            for (const PartitionInfo &p : t->partitions) {
                table.addRow({t->name, QString::number(p.partition),
                              p.leader < 0 ? QString() : QString::number(p.leader), ids(p.replicas), ids(p.isr),
                              number(p.logStartOffset), number(p.highWatermark), number(p.lastStableOffset),
                              number(p.messageCount())});
            }
        }
        output.out = format == OutputFormat::Csv ? table.toCsv() : table.toText();
        return output;
    }

    TablePrinter table({{QStringLiteral("TOPIC")},
                        {QStringLiteral("PARTITIONS")},
                        {QStringLiteral("REPLICATION-FACTOR")},
                        {QStringLiteral("MESSAGES")},
                        {QStringLiteral("INTERNAL")}});
    for (const TopicInfo *t : topics) {
        qint64 messages = 0;
        bool known = true;
        for (const PartitionInfo &p : t->partitions) {
            known = known && p.messageCount() >= 0;
            messages += std::max<qint64>(0, p.messageCount());
        }
        table.addRow({t->name, QString::number(t->partitionCount()), QString::number(t->replicationFactor),
                      known ? QString::number(messages) : QString(),
                      t->isInternal ? QStringLiteral("yes") : QStringLiteral("no")});
    }
    output.out = format == OutputFormat::Csv ? table.toCsv() : table.toText();
    return output;
}

} // namespace OffsetLens
