#include "resetfile.h"
#include "resetsnapshots.h"

#include <QLocale>
#include <QTest>

using namespace OffsetLens;
using namespace OffsetLens::ResetTestData;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(OffsetLens::ResetRequest)

namespace {

// "orders-0=5@1": partition, offset and the line it came from.
QStringList targetTexts(const QList<OffsetTarget> &targets)
{
    QStringList texts;
    for (const OffsetTarget &t : targets)
        texts.append(QStringLiteral("%1=%2@%3").arg(tpName(t.tp)).arg(t.offset).arg(t.line));
    return texts;
}

ResetPlan planFor(const QString &group, QList<OffsetTarget> targets)
{
    ResetRequest r = request(group, ResetStrategyKind::FromFile);
    r.strategy.targets = targets;
    return planReset(resetCluster(), r);
}

} // namespace

class TestResetFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QStringList>("targets");
        QTest::addColumn<int>("columns");
        QTest::addColumn<QStringList>("errors");
        QTest::addColumn<QStringList>("warnings");

        const QString g = QStringLiteral("billing");
        QTest::newRow("three columns") << QByteArray("orders,0,5\norders,1,17\n") << g
                                       << QStringList{u"orders-0=5@1"_s, u"orders-1=17@2"_s} << 3 << QStringList{}
                                       << QStringList{};
        QTest::newRow("no final newline")
            << QByteArray("orders,0,5") << g << QStringList{u"orders-0=5@1"_s} << 3 << QStringList{} << QStringList{};
        QTest::newRow("four columns, other groups skipped")
            << QByteArray("billing,orders,0,5\nother,orders,1,6\nbilling,orders,2,7\nthird,x,0,1\nother,y,1,2\n") << g
            << QStringList{u"orders-0=5@1"_s, u"orders-2=7@3"_s} << 4 << QStringList{}
            << QStringList{u"3 rows of other groups ignored ('other', 'third')"_s};
        QTest::newRow("four columns, none for this group")
            << QByteArray("other,orders,1,6\n") << g << QStringList{} << 4 << QStringList{}
            << QStringList{u"1 row of other groups ignored ('other')"_s, u"the file has no rows for group 'billing'"_s};
        QTest::newRow("BOM, CRLF, empty lines, spaces")
            << QByteArray("\xEF\xBB\xBF orders , 0 , 5 \r\n\r\n\n  \t\r\norders,1,6\r\n") << g
            << QStringList{u"orders-0=5@1"_s, u"orders-1=6@5"_s} << 3 << QStringList{} << QStringList{};
        QTest::newRow("plus sign and zero") << QByteArray("orders,+0,0\n") << g << QStringList{u"orders-0=0@1"_s} << 3
                                            << QStringList{} << QStringList{};
        QTest::newRow("largest values") << QByteArray("orders,2147483647,9223372036854775807\n") << g
                                        << QStringList{u"orders-2147483647=9223372036854775807@1"_s} << 3
                                        << QStringList{} << QStringList{};
        QTest::newRow("repeated partition")
            << QByteArray("orders,0,5\norders,1,6\norders,0,7\n") << g
            << QStringList{u"orders-0=5@1"_s, u"orders-1=6@2"_s, u"orders-0=7@3"_s} << 3 << QStringList{}
            << QStringList{u"line 3 sets orders-0 again (first on line 1); the later line wins"_s};

        QTest::newRow("empty file") << QByteArray() << g << QStringList{} << 0 << QStringList{u"the file has no rows"_s}
                                    << QStringList{};
        QTest::newRow("only blank lines and a BOM") << QByteArray("\xEF\xBB\xBF\r\n \n") << g << QStringList{} << 0
                                                    << QStringList{u"the file has no rows"_s} << QStringList{};
        QTest::newRow("huge offset") << QByteArray("orders,0,5\norders,1,99999999999999999999\n") << g << QStringList{}
                                     << 3
                                     << QStringList{u"line 2: offset '99999999999999999999' is not a number in range"_s}
                                     << QStringList{};
        QTest::newRow("offset one past qint64")
            << QByteArray("orders,1,9223372036854775808\n") << g << QStringList{} << 3
            << QStringList{u"line 1: offset '9223372036854775808' is not a number in range"_s} << QStringList{};
        QTest::newRow("partition past qint32")
            << QByteArray("orders,2147483648,1\n") << g << QStringList{} << 3
            << QStringList{u"line 1: partition '2147483648' is not a number in range"_s} << QStringList{};
        QTest::newRow("negative partition") << QByteArray("orders,-1,5\n") << g << QStringList{} << 3
                                            << QStringList{u"line 1: partition -1 is negative"_s} << QStringList{};
        QTest::newRow("negative offset") << QByteArray("orders,0,-5\n") << g << QStringList{} << 3
                                         << QStringList{u"line 1: offset -5 is negative"_s} << QStringList{};
        QTest::newRow("huge negative offset")
            << QByteArray("orders,0,-99999999999999999999\n") << g << QStringList{} << 3
            << QStringList{u"line 1: offset -99999999999999999999 is negative"_s} << QStringList{};
        QTest::newRow("not whole numbers")
            << QByteArray("orders,0,1.5\norders,x,1\norders,1,1e3\norders,2,\norders,3, 0x10\n") << g << QStringList{}
            << 3
            << QStringList{u"line 1: offset '1.5' is not a whole number"_s,
                           u"line 2: partition 'x' is not a whole number"_s,
                           u"line 3: offset '1e3' is not a whole number"_s, u"line 4: empty offset"_s,
                           u"line 5: offset '0x10' is not a whole number"_s}
            << QStringList{};
        QTest::newRow("wrong column counts")
            << QByteArray("orders,0\norders,0,1,2,3\njust-a-word\n") << g << QStringList{} << 0
            << QStringList{u"line 1: expected 3 or 4 columns, found 2"_s, u"line 2: expected 3 or 4 columns, found 5"_s,
                           u"line 3: expected 3 or 4 columns, found 1"_s}
            << QStringList{};
        QTest::newRow("mixed column counts")
            << QByteArray("orders,0,1\n\nbilling,orders,1,2\n") << g << QStringList{} << 3
            << QStringList{u"line 3: 4 columns, but line 1 has 3 (all rows need the same number)"_s} << QStringList{};
        QTest::newRow("quotes") << QByteArray("\"orders\",0,1\n") << g << QStringList{} << 0
                                << QStringList{u"line 1: quoted fields are not part of the format "
                                               u"(topic,partition,offset or group,topic,partition,offset, no quotes)"_s}
                                << QStringList{};
        QTest::newRow("invalid topic names")
            << QByteArray(",0,1\nord ers,0,1\nor$ders,0,1\n..,0,1\n") << g << QStringList{} << 3
            << QStringList{u"line 1: empty topic name"_s,
                           u"line 2: topic name 'ord ers' has characters Kafka does not allow (only a-z, A-Z, 0-9, "
                           u"'.', "
                           u"'_' and '-')"_s,
                           u"line 3: topic name 'or$ders' has characters Kafka does not allow (only a-z, A-Z, 0-9, "
                           u"'.', "
                           u"'_' and '-')"_s,
                           u"line 4: '..' is not a valid topic name"_s}
            << QStringList{};
        QTest::newRow("topic name too long")
            << QByteArray(QByteArray(250, 'a') + ",0,1\n" + QByteArray(249, 'b') + ",0,1\n") << g << QStringList{} << 3
            << QStringList{u"line 1: topic name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' is longer than 249 "
                           u"characters"_s}
            << QStringList{};
        QTest::newRow("empty group id") << QByteArray(",orders,0,1\n") << g << QStringList{} << 4
                                        << QStringList{u"line 1: empty group id"_s} << QStringList{};
        QTest::newRow("not UTF-8") << QByteArray("\xff\xfe,0,1\n") << g << QStringList{} << 3
                                   << QStringList{u"line 1: topic name '\uFFFD\uFFFD' has characters Kafka does not "
                                                  u"allow (only a-z, A-Z, 0-9, '.', '_' and '-')"_s}
                                   << QStringList{};
    }
    void parse()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, group);
        QFETCH(QStringList, targets);
        QFETCH(int, columns);
        QFETCH(QStringList, errors);
        QFETCH(QStringList, warnings);
        const ResetFileParse parsed = parseResetFile(content, group);
        QCOMPARE(parsed.errors, errors);
        QCOMPARE(targetTexts(parsed.targets), targets);
        QCOMPARE(parsed.columns, columns);
        QCOMPARE(parsed.warnings, warnings);
    }

    // A file of 10,000 bad lines is rejected quickly, listing the first 20 problems and a count of the rest.
    void manyBadLines()
    {
        QByteArray content;
        for (int i = 0; i < 10000; ++i)
            content += "orders,zero,1\n";
        const ResetFileParse parsed = parseResetFile(content, QStringLiteral("billing"));
        QCOMPARE(parsed.errors.size(), 21);
        QCOMPARE(parsed.errors.first(), QStringLiteral("line 1: partition 'zero' is not a whole number"));
        QCOMPARE(parsed.errors.at(19), QStringLiteral("line 20: partition 'zero' is not a whole number"));
        QCOMPARE(parsed.errors.last(), QStringLiteral("… and 9980 more errors"));
        QVERIFY(parsed.targets.isEmpty());
    }

    // The planner checks the file's partitions against the cluster, naming the lines.
    void planFromParsedFile()
    {
        const ResetFileParse parsed =
            parseResetFile("orders,0,5000\n\nx,0,1\norders,9,3\norders,1,20\n", QStringLiteral("billing"));
        QVERIFY(parsed.errors.isEmpty());
        const ResetPlan failed = planFor(QStringLiteral("billing"), parsed.targets);
        QCOMPARE(failed.error, QStringLiteral("2 rows name partitions that cannot be reset"));
        QCOMPARE(failed.errorDetails,
                 (QStringList{u"line 3: unknown topic 'x'"_s, u"line 4: topic 'orders' has no partition 9"_s}));

        const ResetFileParse good = parseResetFile("orders,0,5000\norders,1,20\n", QStringLiteral("billing"));
        const ResetPlan plan = planFor(QStringLiteral("billing"), good.targets);
        QVERIFY(plan.isValid());
        QCOMPARE(rowTexts(plan),
                 (QStringList{u"orders-0 400>1000 clamped | clamped from 5000: above the high watermark"_s,
                              u"orders-1 500>20 changed"_s}));
    }

    void exportCsv()
    {
        const ResetPlan billing =
            planReset(resetCluster(), request(QStringLiteral("billing"), ResetStrategyKind::ShiftBy,
                                              {whole(QStringLiteral("orders"))}));
        // orders-2 and -3 failed (nothing to shift): not exported, as the CLI would not have produced them.
        QCOMPARE(exportResetCsv({billing}), QByteArray("orders,0,400\norders,1,500\n"));
        const ResetPlan source =
            planReset(resetCluster(), request(QStringLiteral("source"), ResetStrategyKind::ToLatest));
        QCOMPARE(exportResetCsv({billing, source}),
                 QByteArray("billing,orders,0,400\nbilling,orders,1,500\nsource,orders,0,1000\nsource,orders,3,200\n"
                            "source,payments,0,300\n"));
        QCOMPARE(exportResetCsv({}), QByteArray());
        // What we export, we read back.
        const ResetFileParse back = parseResetFile(exportResetCsv({billing, source}), QStringLiteral("source"));
        QVERIFY(back.errors.isEmpty());
        QCOMPARE(back.columns, 4);
        QCOMPARE(targetTexts(back.targets),
                 (QStringList{u"orders-0=1000@3"_s, u"orders-3=200@4"_s, u"payments-0=300@5"_s}));
    }

    void dryRunCommand_data()
    {
        QTest::addColumn<ResetRequest>("request");
        QTest::addColumn<QString>("bootstrap");
        QTest::addColumn<QString>("command");

        const QString prefix = QStringLiteral("kafka-consumer-groups.sh --bootstrap-server kafka:9092 --group billing "
                                              "--reset-offsets ");
        const QString b = QStringLiteral("kafka:9092");
        const QString g = QStringLiteral("billing");
        const auto with = [&](ResetStrategyKind kind, QList<TopicSelection> topics = {}) {
            return request(g, kind, topics);
        };
        QTest::newRow("earliest, all topics")
            << with(ResetStrategyKind::ToEarliest) << b << prefix + u"--all-topics --to-earliest --dry-run"_s;
        QTest::newRow("latest, one topic") << with(ResetStrategyKind::ToLatest, {whole(QStringLiteral("orders"))}) << b
                                           << prefix + u"--topic orders --to-latest --dry-run"_s;
        QTest::newRow("current, partitions of two topics")
            << with(ResetStrategyKind::ToCurrent, {{QStringLiteral("orders"), {0, 1}}, whole(QStringLiteral("pay"))})
            << b << prefix + u"--topic orders:0,1 --topic pay --to-current --dry-run"_s;
        ResetRequest offset = with(ResetStrategyKind::ToOffset);
        offset.strategy.offset = 1234;
        QTest::newRow("to offset") << offset << b << prefix + u"--all-topics --to-offset 1234 --dry-run"_s;
        ResetRequest shift = with(ResetStrategyKind::ShiftBy);
        shift.strategy.offset = -10;
        QTest::newRow("shift by") << shift << b << prefix + u"--all-topics --shift-by -10 --dry-run"_s;
        ResetRequest dateTime = with(ResetStrategyKind::ToDateTime);
        dateTime.strategy.timestampMs = QDateTime(QDate(2026, 11, 23), QTime(13, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("to datetime") << dateTime << b
                                     << prefix + u"--all-topics --to-datetime 2026-11-23T13:00:00.000Z --dry-run"_s;
        ResetRequest duration = with(ResetStrategyKind::ByDuration);
        duration.strategy.durationMs = 90 * 60000;
        QTest::newRow("by duration") << duration << b << prefix + u"--all-topics --by-duration PT1H30M --dry-run"_s;
        duration.strategy.durationMs = 26 * 3600000LL + 1500;
        QTest::newRow("by duration, days and fractions")
            << duration << b << prefix + u"--all-topics --by-duration PT26H1.5S --dry-run"_s;
        QTest::newRow("from file") << with(ResetStrategyKind::FromFile) << b
                                   << prefix + u"--from-file plan.csv --dry-run"_s;
        QTest::newRow("from group") << with(ResetStrategyKind::FromGroup) << b
                                    << prefix + u"--from-file plan.csv --dry-run"_s;
        QTest::newRow("explicit") << with(ResetStrategyKind::Explicit) << b
                                  << prefix + u"--from-file plan.csv --dry-run"_s;
        ResetRequest odd = request(QStringLiteral("it's a group"), ResetStrategyKind::ToLatest);
        QTest::newRow("quoting") << odd << QStringLiteral("a:9092,b:9092 ; rm")
                                 << u"kafka-consumer-groups.sh --bootstrap-server 'a:9092,b:9092 ; rm' --group "
                                    u"'it'\\''s a group' --reset-offsets --all-topics --to-latest --dry-run"_s;
    }
    void dryRunCommand()
    {
        QFETCH(ResetRequest, request);
        QFETCH(QString, bootstrap);
        QFETCH(QString, command);
        ResetPlan plan;
        plan.request = request;
        QCOMPARE(referenceDryRunCommand(plan, bootstrap), command);
    }
};

QTEST_GUILESS_MAIN(TestResetFile)
#include "tst_resetfile.moc"
