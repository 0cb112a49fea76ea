#include "commandline.h"
#include "profilestore.h"

#include <QDateTime>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace OffsetLens;

namespace {
ParsedCommandLine parse(const QStringList &args)
{
    return parseCommandLine(QStringList{QStringLiteral("offsetlens")} + args);
}
} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsToDemoGui()
    {
        const ParsedCommandLine p = parse({});
        QVERIFY(!p.exitNow);
        QCOMPARE(p.options.mode, AppOptions::Mode::Gui);
        QVERIFY(p.options.demo);
    }

    void describeGroup()
    {
        const ParsedCommandLine p =
            parse({QStringLiteral("describe"), QStringLiteral("--bootstrap"), QStringLiteral("localhost:9092"),
                   QStringLiteral("--group"), QStringLiteral("g1"), QStringLiteral("--members"),
                   QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.mode, AppOptions::Mode::Describe);
        QVERIFY(!p.options.demo);
        QCOMPARE(p.options.describe.groups, QStringList{QStringLiteral("g1")});
        QCOMPARE(p.options.describe.view, DescribeRequest::View::Members);
        QCOMPARE(p.options.describe.format, OutputFormat::Json);
        // The group is pinned, so it is described where the cluster cannot list groups.
        QCOMPARE(p.options.pinnedGroups, QStringList{QStringLiteral("g1")});
        const ConnectionProfile adHoc = p.options.adHocProfile(p.options.bootstrap());
        QCOMPARE(adHoc.bootstrapServers, QStringLiteral("localhost:9092"));
        QCOMPARE(adHoc.id, QStringLiteral("bootstrap:localhost:9092")); // the same in every run
    }

    // The desktop app opens every cluster it is given: --bootstrap and --profile repeat, --demo adds the demo.
    void resetOffsetsOptions()
    {
        const auto args = [](const QString &line) {
            return QStringList{QStringLiteral("reset-offsets"), QStringLiteral("--bootstrap"),
                               QStringLiteral("k:9092")} +
                   line.split(QLatin1Char(' '));
        };
        ParsedCommandLine p = parse(args(QStringLiteral("--group g --topic t:0,2 --topic u --shift-by -10 --execute")));
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        const AppOptions::Write &w = p.options.write;
        QCOMPARE(p.options.mode, AppOptions::Mode::ResetOffsets);
        QCOMPARE(w.groups, QStringList{QStringLiteral("g")});
        QVERIFY(!w.scope.allTopics);
        QCOMPARE(w.scope.topics.size(), 2);
        QCOMPARE(w.scope.topics[0].topic, QStringLiteral("t"));
        QCOMPARE(w.scope.topics[0].partitions, (QList<qint32>{0, 2}));
        QVERIFY(w.scope.topics[1].partitions.isEmpty());
        QCOMPARE(w.strategy.kind, ResetStrategyKind::ShiftBy);
        QCOMPARE(w.strategy.offset, -10);
        QVERIFY(w.execute);
        QCOMPARE(w.strategyText, QStringLiteral("--shift-by -10"));
        QVERIFY(p.options.pinnedGroups.contains(QStringLiteral("g"))); // read even where groups cannot be listed

        p = parse(args(QStringLiteral("--group g --all-topics --to-datetime 2026-11-23T10:00:00 --timezone +02:00")));
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.write.strategy.kind, ResetStrategyKind::ToDateTime);
        QCOMPARE(p.options.write.strategy.timestampMs,
                 QDateTime(QDate(2026, 11, 23), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch());
        QVERIFY(!p.options.write.execute); // a dry run unless --execute

        p = parse(args(QStringLiteral("--group g --by-duration PT1H30M --export")));
        QVERIFY(p.exitNow); // needs a scope
        p = parse(args(QStringLiteral("--group g --all-topics --by-duration PT1H30M --export")));
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.write.strategy.durationMs, 90 * 60 * 1000);
        QVERIFY(p.options.write.exportCsv);

        p = parse(args(QStringLiteral("--group g --from-group h --shared-only")));
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.write.strategy.fromGroup, QStringLiteral("h"));
        QVERIFY(p.options.write.strategy.onlySharedPartitions);
        QVERIFY(p.options.pinnedGroups.contains(QStringLiteral("h")));

        p = parse({QStringLiteral("delete-offsets"), QStringLiteral("--demo"), QStringLiteral("--group"),
                   QStringLiteral("g"), QStringLiteral("--topic"), QStringLiteral("t:1")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.mode, AppOptions::Mode::DeleteOffsets);
        QCOMPARE(p.options.write.scope.topics.value(0).partitions, QList<qint32>{1});
        p = parse({QStringLiteral("delete-group"), QStringLiteral("--demo"), QStringLiteral("--group"),
                   QStringLiteral("g"), QStringLiteral("--execute")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.mode, AppOptions::Mode::DeleteGroup);
        QVERIFY(p.options.write.execute);
    }

    void resetOffsetsUsageErrors_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("no group") << "--all-topics --to-latest"
                                  << "needs --group";
        QTest::newRow("no strategy") << "--group g --all-topics"
                                     << "needs a strategy";
        QTest::newRow("two strategies") << "--group g --all-topics --to-latest --to-earliest"
                                        << "cannot be combined";
        QTest::newRow("no scope") << "--group g --to-latest"
                                  << "--all-topics or --topic";
        QTest::newRow("both scopes") << "--group g --all-topics --topic t --to-latest"
                                     << "--all-topics or --topic";
        QTest::newRow("bad partition") << "--group g --topic t:x --to-latest"
                                       << "not a partition number";
        QTest::newRow("negative offset") << "--group g --all-topics --to-offset -1"
                                         << "--to-offset takes";
        QTest::newRow("shift not a number") << "--group g --all-topics --shift-by ten"
                                            << "--shift-by takes";
        QTest::newRow("datetime without zone") << "--group g --all-topics --to-datetime 2026-11-23T10:00:00"
                                               << "zone";
        QTest::newRow("bad zone") << "--group g --all-topics --to-datetime 2026-11-23T10:00:00 --timezone mars"
                                  << "--timezone takes";
        QTest::newRow("zone without datetime") << "--group g --all-topics --to-latest --timezone UTC"
                                               << "--timezone applies";
        QTest::newRow("bad duration") << "--group g --all-topics --by-duration 1h"
                                      << "--by-duration";
        QTest::newRow("file narrowed") << "--group g --topic t --from-file f.csv"
                                       << "cannot narrow";
        QTest::newRow("copy from itself") << "--group g --from-group g"
                                          << "is the group being reset";
        QTest::newRow("dry run and execute") << "--group g --all-topics --to-latest --dry-run --execute"
                                             << "cannot be combined";
    }

    void resetOffsetsUsageErrors()
    {
        QFETCH(QString, line);
        QFETCH(QString, message);
        const ParsedCommandLine p = parse(QStringList{QStringLiteral("reset-offsets"), QStringLiteral("--demo")} +
                                          line.split(QLatin1Char(' ')));
        QVERIFY(p.exitNow);
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains(message), qPrintable(p.err.left(300)));
    }

    void guiOpensSeveralClusters()
    {
        const ParsedCommandLine p =
            parse({QStringLiteral("-b"), QStringLiteral("a:1"), QStringLiteral("--bootstrap"), QStringLiteral("b:2"),
                   QStringLiteral("-b"), QStringLiteral("a:1"), QStringLiteral("--profile"), QStringLiteral("prod"),
                   QStringLiteral("--demo")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.bootstraps, (QStringList{QStringLiteral("a:1"), QStringLiteral("b:2")})); // once each
        QCOMPARE(p.options.profileNames, QStringList{QStringLiteral("prod")});
        QVERIFY(p.options.demo);
        const ParsedCommandLine two =
            parse({QStringLiteral("-b"), QStringLiteral("a:1"), QStringLiteral("-b"), QStringLiteral("b:2")});
        QVERIFY(!two.options.demo); // only what was asked for
    }

    void doctor()
    {
        ParsedCommandLine p = parse({QStringLiteral("doctor"), QStringLiteral("--demo")});
        QVERIFY(!p.exitNow);
        QCOMPARE(p.options.mode, AppOptions::Mode::Doctor);
        QVERIFY(p.options.demo);
        QVERIFY(p.options.doctorGroup.isEmpty());
        QCOMPARE(p.options.format, OutputFormat::Text);

        p = parse({QStringLiteral("doctor"), QStringLiteral("-b"), QStringLiteral("h:1"), QStringLiteral("--group"),
                   QStringLiteral("g1"), QStringLiteral("--format"), QStringLiteral("json"),
                   QStringLiteral("--timeout"), QStringLiteral("3000")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.bootstrap(), QStringLiteral("h:1"));
        QCOMPARE(p.options.doctorGroup, QStringLiteral("g1"));
        QCOMPARE(p.options.format, OutputFormat::Json);
        QCOMPARE(p.options.timeoutMs, 3000);
        // Pinned, so that it is diagnosed where the cluster cannot list groups.
        QVERIFY(p.options.pinnedGroups.contains(QStringLiteral("g1")));

        const ParsedCommandLine help = parse({QStringLiteral("doctor"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--group")));
        QVERIFY(help.out.contains(QStringLiteral("text (default) or json")));
        QVERIFY2(help.out.simplified().contains(
                     QStringLiteral("0 no finding at error severity, 1 at least one, 2 usage error or "
                                    "unknown group, 3 cannot connect, 130 interrupted")),
                 qPrintable(help.out));
        QVERIFY(parse({QStringLiteral("--help")}).out.contains(QStringLiteral("doctor ")));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("describe without group")
            << QStringList{QStringLiteral("describe")} << QStringLiteral("--all-groups");
        QTest::newRow("group and all") << QStringList{QStringLiteral("describe"), QStringLiteral("--group"),
                                                      QStringLiteral("g"), QStringLiteral("--all-groups")}
                                       << QStringLiteral("either");
        QTest::newRow("members and state") << QStringList{QStringLiteral("describe"), QStringLiteral("--all-groups"),
                                                          QStringLiteral("--members"), QStringLiteral("--state")}
                                           << QStringLiteral("cannot be combined");
        QTest::newRow("bad format") << QStringList{QStringLiteral("topics"), QStringLiteral("--format"),
                                                   QStringLiteral("xml")}
                                    << QStringLiteral("text, csv or json");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                         << QStringLiteral("unknown command");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("bootstrap without port")
            << QStringList{QStringLiteral("-b"), QStringLiteral("localhost")} << QStringLiteral("not HOST:PORT");
        QTest::newRow("bootstrap bad port")
            << QStringList{QStringLiteral("-b"), QStringLiteral("h:99999")} << QStringLiteral("valid port");
        QTest::newRow("bootstrap empty entry")
            << QStringList{QStringLiteral("-b"), QStringLiteral("h:1,,g:2")} << QStringLiteral("empty entry");
        QTest::newRow("bootstrap and demo") << QStringList{QStringLiteral("topics"), QStringLiteral("-b"),
                                                           QStringLiteral("h:1"), QStringLiteral("--demo")}
                                            << QStringLiteral("cannot be combined");
        QTest::newRow("two clusters for one command")
            << QStringList{QStringLiteral("list-groups"), QStringLiteral("-b"), QStringLiteral("h:1"),
                           QStringLiteral("-b"), QStringLiteral("g:2")}
            << QStringLiteral("takes one cluster");
        QTest::newRow("negative seed") << QStringList{QStringLiteral("--seed"), QStringLiteral("-3")}
                                       << QStringLiteral("--seed");
        QTest::newRow("tiny timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("5")}
                                      << QStringLiteral("--timeout");
        QTest::newRow("refresh too fast") << QStringList{QStringLiteral("--refresh-interval"), QStringLiteral("10")}
                                          << QStringLiteral("--refresh-interval");
        QTest::newRow("missing config") << QStringList{QStringLiteral("--command-config"),
                                                       QStringLiteral("/nonexistent/client.properties")}
                                        << QStringLiteral("cannot read");
        QTest::newRow("doctor csv") << QStringList{QStringLiteral("doctor"), QStringLiteral("--format"),
                                                   QStringLiteral("csv")}
                                    << QStringLiteral("doctor --format takes text or json");
        QTest::newRow("doctor two groups")
            << QStringList{QStringLiteral("doctor"), QStringLiteral("--group"), QStringLiteral("a"),
                           QStringLiteral("--group"), QStringLiteral("b")}
            << QStringLiteral("one --group");
        QTest::newRow("doctor empty group")
            << QStringList{QStringLiteral("doctor"), QStringLiteral("--group"), QStringLiteral(" ")}
            << QStringLiteral("--group takes a group id");
        QTest::newRow("doctor option of another command")
            << QStringList{QStringLiteral("doctor"), QStringLiteral("--all-groups")} << QStringLiteral("all-groups");
        QTest::newRow("demo broker with bootstrap")
            << QStringList{QStringLiteral("--demo-broker"), QStringLiteral("-b"), QStringLiteral("h:1")}
            << QStringLiteral("--demo-broker");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const ParsedCommandLine p = parse(args);
        QVERIFY(p.exitNow);
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains(message), qPrintable(p.err));
    }

    void helpAndVersion()
    {
        const ParsedCommandLine help = parse({QStringLiteral("--help")});
        QVERIFY(help.exitNow);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("describe")));
        const ParsedCommandLine describeHelp = parse({QStringLiteral("describe"), QStringLiteral("--help")});
        QVERIFY(describeHelp.out.contains(QStringLiteral("--all-groups")));
        const ParsedCommandLine version = parse({QStringLiteral("--version")});
        QCOMPARE(version.out, QStringLiteral("offsetlens %1\n").arg(QStringLiteral(OFFSETLENS_VERSION)));
    }

    void validBootstrapForms_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::newRow("one") << QStringLiteral("localhost:9092");
        QTest::newRow("several") << QStringLiteral("a:1, b:2,c.example.com:9093");
        QTest::newRow("ipv6") << QStringLiteral("[::1]:9092");
        QTest::newRow("scheme") << QStringLiteral("SSL://broker:9093");
    }
    void validBootstrapForms()
    {
        QFETCH(QString, servers);
        QString error;
        QVERIFY2(validateBootstrapServers(servers, &error), qPrintable(error));
    }

    void propertiesFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("client.properties"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# comment\nsecurity.protocol = SASL_SSL\n\nsasl.mechanisms=PLAIN\nsasl.password=a=b\n");
        file.close();
        QMap<QString, QString> props;
        QString error;
        QVERIFY2(readPropertiesFile(path, &props, &error), qPrintable(error));
        QCOMPARE(props.value(QStringLiteral("security.protocol")), QStringLiteral("SASL_SSL"));
        QCOMPARE(props.value(QStringLiteral("sasl.password")), QStringLiteral("a=b"));
        QCOMPARE(props.size(), 3);

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("security.protocol\n");
        file.close();
        QVERIFY(!readPropertiesFile(path, &props, &error));
        QVERIFY2(error.contains(QStringLiteral(":1:")), qPrintable(error));
    }

    void profileStoreRoundTripKeepsSecretsOut()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        QCOMPARE(store.profiles().size(), 1);
        QVERIFY(store.profiles().constFirst().isDemo);

        ConnectionProfile prod;
        prod.name = QStringLiteral("prod");
        prod.bootstrapServers = QStringLiteral("kafka:9092");
        prod.pinnedGroups = {QStringLiteral("billing")};
        prod.clientProperties = {{QStringLiteral("security.protocol"), QStringLiteral("SASL_SSL")},
                                 {QStringLiteral("sasl.password"), QStringLiteral("hunter2")}};
        prod.refreshIntervalMs = 10000;
        QString error;
        QVERIFY2(store.save(prod, &error), qPrintable(error));
        QVERIFY(!settings.allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("password")));

        ProfileStore reread(&settings);
        const std::optional<ConnectionProfile> loaded = reread.profile(QStringLiteral("prod"));
        QVERIFY(loaded);
        QCOMPARE(loaded->bootstrapServers, prod.bootstrapServers);
        QCOMPARE(loaded->pinnedGroups, prod.pinnedGroups);
        QCOMPARE(loaded->refreshIntervalMs, 10000);
        QCOMPARE(loaded->clientProperties.value(QStringLiteral("security.protocol")), QStringLiteral("SASL_SSL"));
        QVERIFY(!loaded->clientProperties.contains(QStringLiteral("sasl.password")));

        QVERIFY(!store.save(ProfileStore::demoProfile(), &error));
        ConnectionProfile nameless;
        nameless.bootstrapServers = QStringLiteral("a:1");
        QVERIFY(!store.save(nameless, &error));

        store.remove(QStringLiteral("prod"));
        QCOMPARE(ProfileStore(&settings).profiles().size(), 1);
    }

    // Profiles have stable ids: a rename keeps the id and what the user set up for the profile; names stay unique.
    void profileIdsSurviveRenames()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        ProfileStore store(&settings);
        ConnectionProfile prod;
        prod.name = QStringLiteral("prod");
        prod.bootstrapServers = QStringLiteral("kafka:9092");
        ConnectionProfile saved;
        QVERIFY(store.save(prod, nullptr, &saved));
        QVERIFY(!saved.id.isEmpty());
        QCOMPARE(store.profile(QStringLiteral("prod"))->id, saved.id);
        store.setRefreshInterval(saved.id, 30000);
        store.setLastUsed(saved.id);

        ConnectionProfile renamed = saved;
        renamed.name = QStringLiteral("production");
        QVERIFY(store.save(renamed));
        QVERIFY(!store.profile(QStringLiteral("prod")));
        QCOMPARE(store.profileById(saved.id)->name, QStringLiteral("production"));
        QCOMPARE(store.refreshInterval(*store.profileById(saved.id), 5000), 30000);
        QCOMPARE(store.lastUsed(), saved.id);
        QCOMPARE(store.profiles().size(), 2);

        ConnectionProfile clash;
        clash.name = QStringLiteral("production");
        clash.bootstrapServers = QStringLiteral("other:9092");
        QString error;
        QVERIFY(!store.save(clash, &error));
        QVERIFY2(error.contains(QStringLiteral("already called")), qPrintable(error));
        QCOMPARE(store.profileById(saved.id)->bootstrapServers, QStringLiteral("kafka:9092")); // untouched

        store.remove(QStringLiteral("production"));
        QCOMPARE(store.refreshInterval(renamed, 5000), 5000); // its settings went with it
    }

    // Settings written before profiles had ids (profiles without one, intervals keyed by display name, the last
    // profile by name) are migrated when first read, and stay put afterwards.
    void settingsKeyedByNameAreMigrated()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        settings.beginWriteArray(QStringLiteral("profiles"), 1);
        settings.setArrayIndex(0);
        settings.setValue(QStringLiteral("name"), QStringLiteral("slow/cluster"));
        settings.setValue(QStringLiteral("bootstrap"), QStringLiteral("k:1"));
        settings.endArray();
        settings.setValue(QStringLiteral("refreshInterval/slow%2Fcluster"), 60000);
        settings.setValue(QStringLiteral("lastProfile"), QStringLiteral("slow/cluster"));

        ProfileStore store(&settings);
        const std::optional<ConnectionProfile> old = store.profile(QStringLiteral("slow/cluster"));
        QVERIFY(old);
        QVERIFY(!old->id.isEmpty());
        QCOMPARE(ProfileStore(&settings).profile(QStringLiteral("slow/cluster"))->id, old->id); // stored, stable
        QCOMPARE(store.lastUsed(), old->id);
        // Migrated with the id, before the profile is used: a rename now keeps the interval.
        QVERIFY(!settings.contains(QStringLiteral("refreshInterval/slow%2Fcluster")));
        ConnectionProfile renamed = *old;
        renamed.name = QStringLiteral("fast cluster");
        QVERIFY(store.save(renamed));
        QCOMPARE(store.refreshInterval(renamed, 5000), 60000);
    }

    // export-lag: the defaults a cron line relies on.
    void exportLagDefaults()
    {
        ParsedCommandLine p = parse({QStringLiteral("export-lag"), QStringLiteral("--profile"), QStringLiteral("prod"),
                                     QStringLiteral("--group"), QStringLiteral("billing"), QStringLiteral("--out"),
                                     QStringLiteral("lag.png")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        const AppOptions::ExportLag &e = p.options.exportLag;
        QCOMPARE(p.options.mode, AppOptions::Mode::ExportLag);
        QCOMPARE(p.options.profileName(), QStringLiteral("prod"));
        QVERIFY(!p.options.demo);
        QCOMPARE(e.group, QStringLiteral("billing"));
        QCOMPARE(e.outFile, QStringLiteral("lag.png"));
        QCOMPARE(e.chart, LagChartKind::TotalLag);
        QCOMPARE(e.width, 1600);
        QCOMPARE(e.height, 900);
        QCOMPARE(e.dpi, 144);
        QCOMPARE(e.recordMs, qint64(0)); // the desktop app records a profile's history; the command only reads it
        const qint64 now = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(e.range(now), std::make_pair(now - 3600 * 1000, now)); // the last hour

        // With the demo, the command records first so that the chart has something to draw.
        p = parse({QStringLiteral("export-lag"), QStringLiteral("--demo"), QStringLiteral("--group"),
                   QStringLiteral("g"), QStringLiteral("--out"), QStringLiteral("g.CSV")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QVERIFY(p.options.demo);
        QCOMPARE(p.options.exportLag.recordMs, qint64(30 * 1000));
    }

    void exportLagOptions()
    {
        ParsedCommandLine p = parse(
            {QStringLiteral("export-lag"), QStringLiteral("-b"), QStringLiteral("kafka:9092"),
             QStringLiteral("--group"), QStringLiteral("g"), QStringLiteral("--out"), QStringLiteral("/tmp/g.pdf"),
             QStringLiteral("--since"), QStringLiteral("1d12h"), QStringLiteral("--until"), QStringLiteral("PT30M"),
             QStringLiteral("--chart"), QStringLiteral("time-lag"), QStringLiteral("--width"), QStringLiteral("800"),
             QStringLiteral("--height"), QStringLiteral("600"), QStringLiteral("--dpi"), QStringLiteral("96")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        const AppOptions::ExportLag &e = p.options.exportLag;
        QCOMPARE(p.options.bootstrap(), QStringLiteral("kafka:9092"));
        // Its history is the one the desktop app recorded for the same ad-hoc cluster.
        QCOMPARE(p.options.adHocProfile(p.options.bootstrap()).id, QStringLiteral("bootstrap:kafka:9092"));
        QCOMPARE(e.chart, LagChartKind::TimeLag);
        QCOMPARE(e.width, 800);
        QCOMPARE(e.height, 600);
        QCOMPARE(e.dpi, 96);
        const qint64 now = 1000000000000LL;
        QCOMPARE(e.range(now), std::make_pair(now - 36 * 3600 * 1000, now - 30 * 60 * 1000));

        // Every span form, and date-times with their zone.
        const QList<std::pair<QString, qint64>> spans{
            {QStringLiteral("30s"), 30},       {QStringLiteral("15m"), 900},      {QStringLiteral("1h"), 3600},
            {QStringLiteral("2d"), 2 * 86400}, {QStringLiteral("1w"), 7 * 86400}, {QStringLiteral("1h30m"), 5400},
            {QStringLiteral("1H"), 3600},      {QStringLiteral("P1DT2H"), 93600}, {QStringLiteral("pt45s"), 45}};
        for (const auto &[text, seconds] : spans) {
            p = parse({QStringLiteral("export-lag"), QStringLiteral("--demo"), QStringLiteral("--group"),
                       QStringLiteral("g"), QStringLiteral("--out"), QStringLiteral("g.csv"), QStringLiteral("--since"),
                       text});
            QVERIFY2(!p.exitNow, qPrintable(text + p.err));
            QCOMPARE(p.options.exportLag.range(now).first, now - seconds * 1000);
        }
        p = parse({QStringLiteral("export-lag"), QStringLiteral("--demo"), QStringLiteral("--group"),
                   QStringLiteral("g"), QStringLiteral("--out"), QStringLiteral("g.jpeg"), QStringLiteral("--since"),
                   QStringLiteral("2026-11-23T08:00:00+01:00"), QStringLiteral("--until"),
                   QStringLiteral("2026-11-23T09:00:00Z"), QStringLiteral("--record"), QStringLiteral("0s")});
        QVERIFY2(!p.exitNow, qPrintable(p.err));
        QCOMPARE(p.options.exportLag.range(now),
                 std::make_pair(QDateTime(QDate(2026, 11, 23), QTime(7, 0), Qt::UTC).toMSecsSinceEpoch(),
                                QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch()));
        QCOMPARE(p.options.exportLag.recordMs, qint64(0)); // 0s: export what earlier runs recorded

        const QList<std::pair<QString, LagChartKind>> charts{
            {QStringLiteral("total"), LagChartKind::TotalLag},
            {QStringLiteral("topic"), LagChartKind::LagPerTopic},
            {QStringLiteral("partition"), LagChartKind::LagPerPartition},
            {QStringLiteral("time-lag"), LagChartKind::TimeLag},
            {QStringLiteral("rates"), LagChartKind::Rates}};
        for (const auto &[text, kind] : charts) {
            p = parse({QStringLiteral("export-lag"), QStringLiteral("--demo"), QStringLiteral("--group"),
                       QStringLiteral("g"), QStringLiteral("--out"), QStringLiteral("g.png"), QStringLiteral("--chart"),
                       text, QStringLiteral("--record"), QStringLiteral("2m")});
            QVERIFY2(!p.exitNow, qPrintable(text + p.err));
            QCOMPARE(p.options.exportLag.chart, kind);
            QCOMPARE(p.options.exportLag.recordMs, qint64(120 * 1000));
        }
    }

    void exportLagUsageErrors_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("no group") << "--demo --out g.png"
                                  << "needs --group";
        QTest::newRow("two groups") << "--demo --group a --group b --out g.png"
                                    << "one group";
        QTest::newRow("no out") << "--demo --group g"
                                << "needs --out FILE";
        QTest::newRow("bad suffix") << "--demo --group g --out g.svg"
                                    << ".png, .jpg, .jpeg, .pdf or .csv";
        QTest::newRow("no suffix") << "--demo --group g --out lag"
                                   << ".png, .jpg, .jpeg, .pdf or .csv";
        QTest::newRow("no cluster") << "--group g --out g.png"
                                    << "--profile NAME, --bootstrap SERVERS or --demo";
        QTest::newRow("demo and profile") << "--demo --profile p --group g --out g.png"
                                          << "--demo cannot be combined";
        QTest::newRow("bad since") << "--demo --group g --out g.png --since 1y"
                                   << "--since: '1y' is not a span";
        QTest::newRow("unit missing") << "--demo --group g --out g.png --since 60"
                                      << "--since: '60' is not a span";
        QTest::newRow("trailing junk") << "--demo --group g --out g.png --since 1hx"
                                       << "--since: '1hx' is not a span";
        QTest::newRow("bad iso") << "--demo --group g --out g.png --since P1W"
                                 << "--since: 'P1W'";
        QTest::newRow("zero since") << "--demo --group g --out g.png --since 0m"
                                    << "must reach back";
        QTest::newRow("too long") << "--demo --group g --out g.png --since 999999999w"
                                  << "longer than ten years";
        QTest::newRow("datetime without zone") << "--demo --group g --out g.png --since 2026-11-23T08:00:00"
                                               << "no time zone";
        QTest::newRow("since after until") << "--demo --group g --out g.png --since 1h --until 2h"
                                           << "--since must be before --until";
        QTest::newRow("bad until") << "--demo --group g --out g.png --until soon"
                                   << "--until: 'soon'";
        QTest::newRow("bad chart") << "--demo --group g --out g.png --chart pie"
                                   << "--chart takes total, topic, partition, time-lag or rates";
        QTest::newRow("tiny width") << "--demo --group g --out g.png --width 10"
                                    << "--width takes";
        QTest::newRow("huge height") << "--demo --group g --out g.png --height 30000"
                                     << "--height takes";
        QTest::newRow("bad dpi") << "--demo --group g --out g.png --dpi lots"
                                 << "--dpi takes";
        QTest::newRow("record without demo") << "-b k:1 --group g --out g.png --record 30s"
                                             << "--record applies to --demo only";
        QTest::newRow("record with profile") << "--profile p --group g --out g.png --record 30s"
                                             << "--record applies to --demo only";
        QTest::newRow("bad record") << "--demo --group g --out g.png --record forever"
                                    << "--record: 'forever'";
        QTest::newRow("record too long") << "--demo --group g --out g.png --record 2d"
                                         << "at most a day";
        QTest::newRow("describe option") << "--demo --group g --out g.png --all-groups"
                                         << "all-groups";
    }

    void exportLagUsageErrors()
    {
        QFETCH(QString, line);
        QFETCH(QString, message);
        const ParsedCommandLine p = parse(QStringList{QStringLiteral("export-lag")} + line.split(QLatin1Char(' ')));
        QVERIFY(p.exitNow);
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains(message), qPrintable(p.err.left(300)));
    }

    void exportLagHelp()
    {
        const ParsedCommandLine help = parse({QStringLiteral("--help")});
        QVERIFY(help.out.contains(QStringLiteral("export-lag")));
        const ParsedCommandLine own = parse({QStringLiteral("export-lag"), QStringLiteral("--help")});
        QVERIFY(own.exitNow);
        QCOMPARE(own.exitCode, 0);
        for (const char *option : {"--group", "--since", "--until", "--out", "--chart", "--width", "--height", "--dpi",
                                   "--record", "--profile", "--bootstrap", "--demo"})
            QVERIFY2(own.out.contains(QLatin1String(option)), option);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
