#include "cliformat.h"
#include "numberformat.h"
#include "tableprinter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace OffsetLens;

namespace {

PartitionInfo partition(qint32 id, qint64 logStart, qint64 hw)
{
    PartitionInfo p;
    p.partition = id;
    p.leader = 1;
    p.replicas = {1, 2, 3};
    p.isr = {1, 2, 3};
    p.logStartOffset = logStart;
    p.highWatermark = hw;
    p.lastStableOffset = hw;
    return p;
}

CommittedOffset committed(const QString &topic, qint32 partition, qint64 offset)
{
    CommittedOffset c;
    c.tp = {topic, partition};
    c.offset = offset;
    return c;
}

// A cluster like the ones the reference CLI is usually run against: one group with two members, one member-less
// committed partition, one partition below the log start, and an Empty group.
ClusterSnapshot sampleSnapshot()
{
    ClusterSnapshot s;
    s.takenAt = QDateTime::currentDateTimeUtc();
    s.brokers = {{1, QStringLiteral("kafka-1"), 9092, {}, true}, {2, QStringLiteral("kafka-2"), 9092, {}, false}};
    s.controllerId = 1;
    TopicInfo orders;
    orders.name = QStringLiteral("orders");
    orders.replicationFactor = 3;
    orders.partitions = {partition(0, 0, 100), partition(1, 50, 120), partition(2, 0, 7)};
    TopicInfo payments;
    payments.name = QStringLiteral("payments");
    payments.replicationFactor = 3;
    payments.partitions = {partition(0, 0, 10)};
    s.topics = {orders, payments};

    GroupInfo app;
    app.groupId = QStringLiteral("app");
    app.state = GroupState::Stable;
    app.assignor = QStringLiteral("range");
    app.coordinatorId = 2;
    app.members = {
        {QStringLiteral("consumer-a-1"),
         {},
         QStringLiteral("client-a"),
         QStringLiteral("/10.0.0.1"),
         {{QStringLiteral("orders"), 2}}},
        {QStringLiteral("consumer-b-2"),
         {},
         QStringLiteral("client-b"),
         QStringLiteral("/10.0.0.2"),
         {{QStringLiteral("orders"), 1}, {QStringLiteral("orders"), 0}}},
    };
    app.offsets = {committed(QStringLiteral("orders"), 0, 90), committed(QStringLiteral("orders"), 1, 20),
                   committed(QStringLiteral("payments"), 0, 4)};
    GroupInfo idle;
    idle.groupId = QStringLiteral("idle");
    idle.state = GroupState::Empty;
    idle.offsets = {committed(QStringLiteral("payments"), 0, 10)};
    s.groups = {app, idle};
    return s;
}

} // namespace

class TestCliFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void describeText()
    {
        DescribeRequest request;
        request.groups = {QStringLiteral("app")};
        const CliOutput out = formatDescribe(sampleSnapshot(), request);
        QCOMPARE(out.exitCode, 0);
        QCOMPARE(out.err, QString());
        // Member with two partitions first, its partitions in order; then orders-2 of the one-partition member
        // (no commit: "-"), then payments-0 which only has a commit. orders-1: committed 20 < log start 50, lag
        // still HW - committed = 100, as the CLI prints it.
        const QString expected = QStringLiteral(
            "\n"
            "GROUP TOPIC    PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID  HOST      "
            "CLIENT-ID\n"
            "app   orders   0          90              100             10              consumer-b-2 /10.0.0.2 "
            "client-b\n"
            "app   orders   1          20              120             100             consumer-b-2 /10.0.0.2 "
            "client-b\n"
            "app   orders   2          -               7               -               consumer-a-1 /10.0.0.1 "
            "client-a\n"
            "app   payments 0          4               10              6               -            -         -\n");
        QCOMPARE(out.out, expected);
    }

    void describeEmptyGroupSaysNoActiveMembers()
    {
        DescribeRequest request;
        request.groups = {QStringLiteral("idle")};
        const CliOutput out = formatDescribe(sampleSnapshot(), request);
        QVERIFY(out.out.startsWith(QStringLiteral("\nConsumer group 'idle' has no active members.\n")));
        QVERIFY(out.out.contains(QStringLiteral("idle  payments 0          10              10              0 ")));
    }

    void describeMissingGroupIsAnError()
    {
        DescribeRequest request;
        request.groups = {QStringLiteral("nope"), QStringLiteral("app")};
        const CliOutput out = formatDescribe(sampleSnapshot(), request);
        QCOMPARE(out.exitCode, 1);
        QCOMPARE(out.err, QStringLiteral("Error: Consumer group 'nope' does not exist.\n"));
        QVERIFY(out.out.contains(QStringLiteral("consumer-b-2"))); // the other group is still described
    }

    void describeMembersAndState()
    {
        DescribeRequest request;
        request.groups = {QStringLiteral("app")};
        request.view = DescribeRequest::View::Members;
        request.verbose = true;
        QCOMPARE(formatDescribe(sampleSnapshot(), request).out,
                 QStringLiteral("\n"
                                "GROUP CONSUMER-ID  HOST      CLIENT-ID #PARTITIONS ASSIGNMENT\n"
                                "app   consumer-a-1 /10.0.0.1 client-a  1           orders(2)\n"
                                "app   consumer-b-2 /10.0.0.2 client-b  2           orders(0,1)\n"));
        request.view = DescribeRequest::View::State;
        QCOMPARE(formatDescribe(sampleSnapshot(), request).out,
                 QStringLiteral("\n"
                                "GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE  #MEMBERS\n"
                                "app   kafka-2:9092 (2) range               Stable 2\n"));
    }

    void describeCsvAllGroups()
    {
        DescribeRequest request;
        request.allGroups = true;
        request.format = OutputFormat::Csv;
        const QStringList lines = formatDescribe(sampleSnapshot(), request).out.split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0),
                 QStringLiteral("GROUP,TOPIC,PARTITION,CURRENT-OFFSET,LOG-END-OFFSET,LAG,CONSUMER-ID,HOST,CLIENT-ID"));
        QCOMPARE(lines.value(3), QStringLiteral("app,orders,2,,7,,consumer-a-1,/10.0.0.1,client-a"));
        QCOMPARE(lines.value(5), QStringLiteral("idle,payments,0,10,10,0,,,"));
        QCOMPARE(lines.size(), 7); // header + 5 rows + trailing empty
    }

    void describeJsonFlagsOutOfRange()
    {
        DescribeRequest request;
        request.groups = {QStringLiteral("app")};
        request.format = OutputFormat::Json;
        const QJsonObject root =
            QJsonDocument::fromJson(formatDescribe(sampleSnapshot(), request).out.toUtf8()).object();
        const QJsonObject group = root.value(QStringLiteral("groups")).toArray().at(0).toObject();
        QCOMPARE(group.value(QStringLiteral("state")).toString(), QStringLiteral("Stable"));
        QCOMPARE(group.value(QStringLiteral("totalLag")).toInteger(), 116);
        const QJsonArray partitions = group.value(QStringLiteral("partitions")).toArray();
        QCOMPARE(partitions.size(), 4);
        QCOMPARE(partitions.at(1).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("below-log-start"));
        QVERIFY(partitions.at(2).toObject().value(QStringLiteral("currentOffset")).isNull());
        QVERIFY(partitions.at(2).toObject().value(QStringLiteral("lag")).isNull());
    }

    void listGroupsAndTopics()
    {
        const ClusterSnapshot s = sampleSnapshot();
        QCOMPARE(formatListGroups(s, OutputFormat::Text, false).out, QStringLiteral("app\nidle\n"));
        QCOMPARE(formatListGroups(s, OutputFormat::Text, true).out,
                 QStringLiteral("GROUP STATE\napp   Stable\nidle  Empty\n"));
        QCOMPARE(formatTopics(s, OutputFormat::Text, false, {}).out,
                 QStringLiteral("TOPIC    PARTITIONS REPLICATION-FACTOR MESSAGES INTERNAL\n"
                                "orders   3          3                  177      no\n"
                                "payments 1          3                  10       no\n"));
        const CliOutput missing = formatTopics(s, OutputFormat::Csv, true, {QStringLiteral("gone")});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(missing.out, QStringLiteral("TOPIC,PARTITION,LEADER,REPLICAS,ISR,LOG-START-OFFSET,HIGH-WATERMARK,"
                                             "LAST-STABLE-OFFSET,MESSAGES\n"));
    }

    void countsTakeTheRightNoun()
    {
        const QString group = QStringLiteral("group");
        const QString groups = QStringLiteral("groups");
        QCOMPARE(formatCountOf(1, group, groups), QStringLiteral("1 group"));
        QCOMPARE(formatCountOf(0, group, groups), QStringLiteral("0 groups"));
        QCOMPARE(formatCountOf(3, group, groups), QStringLiteral("3 groups"));
    }

    void csvEscaping_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("abc");
        QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("empty") << QString() << QString();
    }
    void csvEscaping()
    {
        QFETCH(QString, cell);
        QFETCH(QString, escaped);
        QCOMPARE(csvEscape(cell), escaped);
    }
};

QTEST_GUILESS_MAIN(TestCliFormat)
#include "tst_cliformat.moc"
