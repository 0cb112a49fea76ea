// End to end: the real `offsetlens` binary, as a user runs it from a terminal. One process serves the demo cluster
// (--demo-broker); the headless subcommands connect to it over the Kafka protocol like to any other cluster.
#include "laghistorydatabase.h"
#include "profilestore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <memory>

using namespace OffsetLens;

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
    qint64 elapsedMs = 0;
};

Result run(const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(OFFSETLENS_BINARY), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-2, QString::fromUtf8(p.readAllStandardOutput()), QStringLiteral("timed out"), timer.elapsed()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()), timer.elapsed()};
}

} // namespace

class TestCliEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The audit log goes to the app-data folder: a temporary one, inherited by every process started here.
        QVERIFY(m_dataHome.isValid());
        qputenv("XDG_DATA_HOME", m_dataHome.path().toUtf8());
        // Settings too (the doctor reads what the app was told about groups): never the user's own.
        QVERIFY(m_configHome.isValid());
        qputenv("XDG_CONFIG_HOME", m_configHome.path().toUtf8());
        m_broker.setProgram(QStringLiteral(OFFSETLENS_BINARY));
        m_broker.setArguments({QStringLiteral("--demo-broker"), QStringLiteral("--seed"), QStringLiteral("7")});
        m_broker.start();
        QVERIFY(m_broker.waitForStarted());
        const QRegularExpression servers(QStringLiteral("^(127\\.0\\.0\\.1:\\d+(,127\\.0\\.0\\.1:\\d+)*)$"),
                                         QRegularExpression::MultilineOption);
        QElapsedTimer timer;
        timer.start();
        while (m_bootstrap.isEmpty() && timer.elapsed() < 30000) {
            m_broker.waitForReadyRead(500);
            m_output += QString::fromUtf8(m_broker.readAllStandardOutput());
            if (const QRegularExpressionMatch m = servers.match(m_output); m.hasMatch())
                m_bootstrap = m.captured(1);
        }
        QVERIFY2(!m_bootstrap.isEmpty(), qPrintable(m_output + QString::fromUtf8(m_broker.readAllStandardError())));
        QCOMPARE(m_bootstrap.count(QLatin1Char(',')), 2); // three brokers
    }

    void topicsListsTheDemoTopics()
    {
        const Result r = run({QStringLiteral("topics"), QStringLiteral("--bootstrap"), m_bootstrap});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("TOPIC ")));
        const QRegularExpression solTrades(QStringLiteral("^sol-trades\\s+3\\s+3\\s+\\d+\\s+no$"),
                                           QRegularExpression::MultilineOption);
        QVERIFY2(solTrades.match(r.out).hasMatch(), qPrintable(r.out));
    }

    void describeShowsCommittedOffsetsAndLag()
    {
        // The demo's auto-committing group commits every 5 s; poll until its first commit is visible.
        const QStringList args{QStringLiteral("describe"), QStringLiteral("--bootstrap"), m_bootstrap,
                               QStringLiteral("--group"), QStringLiteral("data-flow-default-group-1888")};
        const QRegularExpression row(
            QStringLiteral("^data-flow-default-group-1888\\s+sol-trades\\s+(\\d)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s"),
            QRegularExpression::MultilineOption);
        Result r;
        QElapsedTimer timer;
        timer.start();
        int rows = 0;
        while (timer.elapsed() < 30000) {
            r = run(args);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
            rows = 0;
            for (auto it = row.globalMatch(r.out); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                const qint64 current = m.captured(2).toLongLong();
                const qint64 hw = m.captured(3).toLongLong();
                QCOMPARE(m.captured(4).toLongLong(), hw - current); // LAG = LOG-END-OFFSET(HW) - CURRENT-OFFSET
                ++rows;
            }
            if (rows == 3)
                break;
            QTest::qWait(1000);
        }
        QVERIFY2(rows == 3, qPrintable(r.out));
        QVERIFY(r.out.contains(
            QStringLiteral("GROUP                        TOPIC      PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG ")));
        // The mock broker cannot describe groups, so the CLI says the state is unknown instead of guessing.
        QVERIFY2(r.out.contains(QStringLiteral("state and members are unknown")), qPrintable(r.out));
    }

    void describeCsvAndJson()
    {
        Result r =
            run({QStringLiteral("describe"), QStringLiteral("-b"), m_bootstrap, QStringLiteral("--group"),
                 QStringLiteral("data-flow-default-group-1888"), QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonArray groups = doc.object().value(QStringLiteral("groups")).toArray();
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups.at(0).toObject().value(QStringLiteral("group")).toString(),
                 QStringLiteral("data-flow-default-group-1888"));

        r = run({QStringLiteral("describe"), QStringLiteral("-b"), m_bootstrap, QStringLiteral("--group"),
                 QStringLiteral("no-such-group"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("Consumer group 'no-such-group' does not exist.")), qPrintable(r.err));
    }

    void standardConsumerConsumesAndCommits()
    {
        // A plain librdkafka consumer, no OffsetLens code: what kcat or any application would do.
        char err[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        const QByteArray servers = m_bootstrap.toUtf8();
        const std::pair<const char *, const char *> settings[] = {{"bootstrap.servers", servers.constData()},
                                                                  {"group.id", "e2e-outside-consumer"},
                                                                  {"auto.offset.reset", "earliest"},
                                                                  {"enable.auto.commit", "false"}};
        for (const auto &[key, value] : settings)
            QCOMPARE(rd_kafka_conf_set(conf, key, value, err, sizeof err), RD_KAFKA_CONF_OK);
        const std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)> consumer(
            rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err), &rd_kafka_destroy);
        QVERIFY2(consumer, err);
        rd_kafka_poll_set_consumer(consumer.get());
        rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(topics, "sol-trades", RD_KAFKA_PARTITION_UA);
        QCOMPARE(rd_kafka_subscribe(consumer.get(), topics), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_topic_partition_list_destroy(topics);

        rd_kafka_message_t *message = nullptr;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            message = rd_kafka_consumer_poll(consumer.get(), 500);
            if (message && message->err == RD_KAFKA_RESP_ERR_NO_ERROR)
                break;
            if (message)
                rd_kafka_message_destroy(message);
            message = nullptr;
        }
        QVERIFY2(message, "no message consumed from the demo broker");
        QVERIFY(message->len > 0);
        const qint32 partition = message->partition;
        const qint64 next = message->offset + 1;
        QCOMPARE(rd_kafka_commit_message(consumer.get(), message, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_message_destroy(message);
        rd_kafka_consumer_close(consumer.get());

        // OffsetLens, connecting like any client, sees exactly that commit.
        const Result r =
            run({QStringLiteral("describe"), QStringLiteral("-b"), m_bootstrap, QStringLiteral("--group"),
                 QStringLiteral("e2e-outside-consumer"), QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("e2e-outside-consumer,sol-trades,%1,%2,").arg(partition).arg(next)),
                 qPrintable(r.out));
    }

    void unreachableClusterFailsFastAndClearly()
    {
        const Result r =
            run({QStringLiteral("describe"), QStringLiteral("-b"), QStringLiteral("127.0.0.1:1"),
                 QStringLiteral("--group"), QStringLiteral("g"), QStringLiteral("--timeout"), QStringLiteral("2000")},
                20000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.elapsedMs < 10000, qPrintable(QString::number(r.elapsedMs)));
        QVERIFY2(r.err.contains(QStringLiteral("127.0.0.1:1")), qPrintable(r.err));
    }

    // doctor --demo: the embedded demo's scenarios found with their numbers. The demo's groups settle and
    // retention overtakes the stopped group within seconds of its start, so a run that came too early is repeated.
    void doctorFindsTheDemoScenariosAsJson()
    {
        auto finding = [](const QJsonArray &findings, const QString &rule, const QString &group) {
            for (const QJsonValue &f : findings) {
                const QJsonObject o = f.toObject();
                if (o.value(QStringLiteral("rule")).toString() == rule &&
                    o.value(QStringLiteral("group")).toString() == group)
                    return o;
            }
            return QJsonObject();
        };
        Result r;
        QJsonObject root;
        QJsonArray findings;
        for (int attempt = 0; attempt < 3; ++attempt) {
            r = run({QStringLiteral("doctor"), QStringLiteral("--demo"), QStringLiteral("--seed"), QStringLiteral("7"),
                     QStringLiteral("--format"), QStringLiteral("json")});
            QJsonParseError error;
            root = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + r.err));
            findings = root.value(QStringLiteral("findings")).toArray();
            if (!finding(findings, QStringLiteral("shared-group-id"), QStringLiteral("order-service")).isEmpty() &&
                !finding(findings, QStringLiteral("committed-below-log-start"),
                         QStringLiteral("stack-charge-tcp-command-xfy"))
                     .isEmpty())
                break;
        }
        // An error-severity finding (the out-of-range group): exit 1, for scripts.
        QCOMPARE(r.exitCode, 1);
        QVERIFY(root.value(QStringLiteral("counts")).toObject().value(QStringLiteral("error")).toInt() >= 1);
        QVERIFY(root.value(QStringLiteral("group")).isNull());
        QVERIFY(root.value(QStringLiteral("withoutHistory")).toArray().contains(QStringLiteral("lag-growing")));

        // Retention deleted unread messages below the stopped group's commit of 1 on each SCHEDULE topic.
        const QJsonObject below = finding(findings, QStringLiteral("committed-below-log-start"),
                                          QStringLiteral("stack-charge-tcp-command-xfy"));
        QVERIFY2(!below.isEmpty(), qPrintable(r.out));
        QCOMPARE(below.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        const QJsonArray belowPartitions = below.value(QStringLiteral("partitions")).toArray();
        QVERIFY(!belowPartitions.isEmpty());
        for (const QJsonValue &v : belowPartitions) {
            const QJsonObject p = v.toObject();
            QCOMPARE(p.value(QStringLiteral("committed")).toInteger(), 1);
            QVERIFY(p.value(QStringLiteral("logStart")).toInteger() > 1);
            QCOMPARE(p.value(QStringLiteral("deleted")).toInteger(),
                     p.value(QStringLiteral("logStart")).toInteger() - 1);
        }

        // One group id, two applications on different topics.
        const QJsonObject shared =
            finding(findings, QStringLiteral("shared-group-id"), QStringLiteral("order-service"));
        QVERIFY2(!shared.isEmpty(), qPrintable(r.out));
        QCOMPARE(shared.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
        QCOMPARE(shared.value(QStringLiteral("partitions")).toArray().size(), 4);

        // A partition the audit group is assigned but never committed: 60 retained messages.
        const QJsonObject noCommit =
            finding(findings, QStringLiteral("no-committed-offset"), QStringLiteral("inventory-audit"));
        QVERIFY2(!noCommit.isEmpty(), qPrintable(r.out));
        const QJsonArray noCommitPartitions = noCommit.value(QStringLiteral("partitions")).toArray();
        QCOMPARE(noCommitPartitions.size(), 1);
        QCOMPARE(noCommitPartitions.at(0).toObject().value(QStringLiteral("topic")).toString(),
                 QStringLiteral("inventory-events"));
        QCOMPARE(noCommitPartitions.at(0).toObject().value(QStringLiteral("partition")).toInt(), 1);
        QCOMPARE(noCommitPartitions.at(0).toObject().value(QStringLiteral("earliestReads")).toInteger(), 60);

        // Committed 500 where the HW is 60.
        const QJsonObject beyond =
            finding(findings, QStringLiteral("committed-above-high-watermark"), QStringLiteral("inventory-rebuild"));
        QVERIFY2(!beyond.isEmpty(), qPrintable(r.out));
        const QJsonObject beyondPartition = beyond.value(QStringLiteral("partitions")).toArray().at(0).toObject();
        QCOMPARE(beyondPartition.value(QStringLiteral("committed")).toInteger(), 500);
        QCOMPARE(beyondPartition.value(QStringLiteral("highWatermark")).toInteger(), 60);
        QCOMPARE(beyondPartition.value(QStringLiteral("lag")).toInteger(), -440);
    }

    // With the lag history the desktop app recorded for the same bootstrap list, the doctor uses it: a pinned
    // group whose commits the history saw and the cluster no longer has is reported as vanished, with the last
    // offset seen.
    void doctorReadsTheRecordedHistory()
    {
        const QString group = QStringLiteral("e2e-vanished");
        const QString org = QCoreApplication::organizationName();
        const QString app = QCoreApplication::applicationName();
        QCoreApplication::setOrganizationName(QStringLiteral("OffsetLens")); // where the app keeps its history
        QCoreApplication::setApplicationName(QStringLiteral("offsetlens"));
        const QString path = LagHistoryDatabase::defaultPath(QStringLiteral("bootstrap:") + m_bootstrap);
        QCoreApplication::setOrganizationName(org);
        QCoreApplication::setApplicationName(app);
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        {
            LagHistoryDatabase db;
            QVERIFY(db.open(path).ok);
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (int i = 0; i < 6; ++i) {
                GroupSample sample;
                sample.groupId = group;
                sample.timeMs = now - (12 - i) * 60 * 1000;
                sample.state = GroupState::Empty;
                sample.partitions = {{{QStringLiteral("payments"), 0}, 42, 100, 0}};
                QVERIFY(db.record({sample}));
            }
        }
        const Result r =
            run({QStringLiteral("doctor"), QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--pin-group"),
                 group, QStringLiteral("--format"), QStringLiteral("json")});
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + r.err));
        const QJsonObject history = root.value(QStringLiteral("history")).toObject();
        QVERIFY2(history.value(QStringLiteral("used")).toBool(), qPrintable(r.out));
        QVERIFY(history.value(QStringLiteral("note")).toString().contains(QStringLiteral("1 groups")));
        QVERIFY(root.value(QStringLiteral("withoutHistory")).toArray().isEmpty());
        QJsonObject vanished;
        for (const QJsonValue &f : root.value(QStringLiteral("findings")).toArray()) {
            if (f.toObject().value(QStringLiteral("rule")).toString() == QStringLiteral("offsets-vanished"))
                vanished = f.toObject();
        }
        QVERIFY2(!vanished.isEmpty(), qPrintable(r.out));
        QCOMPARE(vanished.value(QStringLiteral("group")).toString(), group);
        const QJsonObject partition = vanished.value(QStringLiteral("partitions")).toArray().at(0).toObject();
        QCOMPARE(partition.value(QStringLiteral("topic")).toString(), QStringLiteral("payments"));
        QCOMPARE(partition.value(QStringLiteral("committed")).toInteger(), 42);
    }

    // Issue 12: a password and an OAUTHBEARER config planted in --command-config never reach what the commands
    // print (errors included: the mock speaks no SASL, so every command fails to connect and explains why), nor any
    // file they leave in the app's data folder.
    void plantedSecretsAreNeverPrinted()
    {
        const QByteArray planted = "PLANTED-S3cret-e2e";
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QList<QByteArray> configs{
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=alice\nsasl.password=" + planted,
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=OAUTHBEARER\nsasl.oauthbearer.config=" + planted,
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common."
            "security.plain.PlainLoginModule required username=\"alice\" password=\"" +
                planted + "\";",
        };
        const QList<QStringList> commands{
            {QStringLiteral("test-connection")}, {QStringLiteral("describe"), QStringLiteral("--all-groups")},
            {QStringLiteral("topics")},          {QStringLiteral("list-groups")},
            {QStringLiteral("doctor")},
        };
        int n = 0;
        for (const QByteArray &config : configs) {
            const QString file = dir.filePath(QStringLiteral("client-%1.properties").arg(++n));
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(config + '\n');
            f.close();
            for (QStringList args : commands) {
                args << QStringLiteral("--bootstrap") << m_bootstrap << QStringLiteral("--command-config") << file
                     << QStringLiteral("--timeout") << QStringLiteral("2000");
                const Result r = run(args);
                QVERIFY2(r.exitCode != 0, qPrintable(args.join(QLatin1Char(' ')))); // SASL to a plaintext port
                QVERIFY2(!QString(r.out + r.err).contains(QString::fromLatin1(planted)),
                         qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(":\n") + r.out + r.err));
            }
        }
        QDirIterator files(m_dataHome.path(), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(planted), qPrintable(f.fileName()));
        }
    }

    void doctorGroupFilterAndExitCodes()
    {
        // One group's findings, in text: the shared group's is a warning, so the exit code is 0.
        Result r = run({QStringLiteral("doctor"), QStringLiteral("--demo"), QStringLiteral("--seed"),
                        QStringLiteral("7"), QStringLiteral("--group"), QStringLiteral("order-service")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("WARNING shared-group-id group order-service")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("stack-charge")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QStringLiteral("inventory-audit")), qPrintable(r.out));
        // The rules that need history are named, not silently left out.
        QVERIFY2(r.out.contains(QStringLiteral("no lag history")) && r.out.contains(QStringLiteral("lag-growing")),
                 qPrintable(r.out));

        // The out-of-range group alone: only its findings, at error severity once retention has overtaken its
        // commit (seconds after the demo starts; a run that came earlier is repeated), so exit 1.
        QJsonArray findings;
        bool error = false;
        for (int attempt = 0; attempt < 3 && !error; ++attempt) {
            r = run({QStringLiteral("doctor"), QStringLiteral("--demo"), QStringLiteral("--seed"), QStringLiteral("7"),
                     QStringLiteral("--group"), QStringLiteral("stack-charge-tcp-command-xfy"),
                     QStringLiteral("--format"), QStringLiteral("json")});
            findings = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("findings")).toArray();
            QVERIFY2(!findings.isEmpty(), qPrintable(r.err + r.out));
            for (const QJsonValue &f : findings) {
                QCOMPARE(f.toObject().value(QStringLiteral("group")).toString(),
                         QStringLiteral("stack-charge-tcp-command-xfy"));
                error = error || f.toObject().value(QStringLiteral("severity")).toString() == QStringLiteral("error");
            }
            QCOMPARE(r.exitCode, error ? 1 : 0);
        }
        QVERIFY2(error, qPrintable(r.out));

        // An unknown group is a usage error, said plainly.
        r = run({QStringLiteral("doctor"), QStringLiteral("--demo"), QStringLiteral("--group"),
                 QStringLiteral("no-such-group")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("consumer group 'no-such-group' does not exist")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());

        // A cluster that cannot be reached: 3, distinct from the findings' 1.
        r = run({QStringLiteral("doctor"), QStringLiteral("-b"), QStringLiteral("127.0.0.1:1"),
                 QStringLiteral("--timeout"), QStringLiteral("2000")},
                20000);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("cannot connect")), qPrintable(r.err));
    }

    // The consumers' auto.offset.reset, which the brokers never see: what the app was told for the group (the same
    // settings file), a flag over it, and a bad value refused as a usage error.
    void doctorUsesTheConsumersSettings()
    {
        const QStringList args{QStringLiteral("doctor"),   QStringLiteral("--demo"),  QStringLiteral("--seed"),
                               QStringLiteral("7"),        QStringLiteral("--group"), QStringLiteral("inventory-audit"),
                               QStringLiteral("--format"), QStringLiteral("json")};
        auto resetPolicyTitle = [](const Result &r) {
            const QJsonArray findings =
                QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("findings")).toArray();
            for (const QJsonValue &f : findings) {
                if (f.toObject().value(QStringLiteral("rule")).toString() == QStringLiteral("client-reset-policy"))
                    return f.toObject().value(QStringLiteral("title")).toString();
            }
            return QString();
        };
        Result r = run(args);
        QVERIFY2(resetPolicyTitle(r).contains(QStringLiteral("the brokers do not know which")), qPrintable(r.out));

        const QString org = QCoreApplication::organizationName();
        const QString app = QCoreApplication::applicationName();
        QCoreApplication::setOrganizationName(QStringLiteral("OffsetLens")); // the app's settings
        QCoreApplication::setApplicationName(QStringLiteral("offsetlens"));
        ProfileStore().setClientAssumptions(ProfileStore::demoProfileId(), QStringLiteral("inventory-audit"),
                                            {ResetPolicy::Earliest, CommitMode::Unknown, 0});
        QCoreApplication::setOrganizationName(org);
        QCoreApplication::setApplicationName(app);
        r = run(args);
        QCOMPARE(resetPolicyTitle(r),
                 QStringLiteral("auto.offset.reset=earliest (your setting) will read 60 messages of this group"));

        r = run(QStringList(args) << QStringLiteral("--reset-policy") << QStringLiteral("none"));
        QCOMPARE(resetPolicyTitle(r),
                 QStringLiteral("auto.offset.reset=none (your setting): the consumers of this group will fail"));

        r = run(QStringList(args) << QStringLiteral("--reset-policy") << QStringLiteral("soonest"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--reset-policy takes earliest, latest, none or unknown")),
                 qPrintable(r.err));
        r = run(QStringList(args) << QStringLiteral("--auto-commit-interval") << QStringLiteral("-3"));
        QCOMPARE(r.exitCode, 2);
    }

    void usageErrorExitsTwo()
    {
        const Result r = run({QStringLiteral("describe"), QStringLiteral("--bootstrap"), QStringLiteral("nohostport")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("HOST:PORT")));
    }

    QStringList auditLines() const
    {
        QFile file(m_dataHome.path() + QStringLiteral("/OffsetLens/offsetlens/audit.jsonl"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    // The embedded demo knows its groups' states, so an Empty group is reset and the write read back.
    void resetOffsetsExecutesOnAnEmptyGroup()
    {
        const qsizetype before = auditLines().size();
        const Result r = run({QStringLiteral("reset-offsets"), QStringLiteral("--demo"), QStringLiteral("--group"),
                              QStringLiteral("billing-replay"), QStringLiteral("--all-topics"),
                              QStringLiteral("--to-earliest"), QStringLiteral("--execute")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        const QRegularExpression row(QStringLiteral("^billing-replay\\s+payments\\s+([01])\\s+0$"),
                                     QRegularExpression::MultilineOption);
        int rows = 0;
        for (auto it = row.globalMatch(r.out); it.hasNext(); it.next())
            ++rows;
        QVERIFY2(rows == 2, qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("GROUP                          TOPIC                          "
                                              "PARTITION  NEW-OFFSET")));
        QVERIFY2(r.err.contains(QStringLiteral("2 partitions written and confirmed")), qPrintable(r.err));
        const QStringList audit = auditLines();
        QCOMPARE(audit.size(), before + 1);
        const QJsonObject entry = QJsonDocument::fromJson(audit.constLast().toUtf8()).object();
        QCOMPARE(entry.value(QStringLiteral("groupId")).toString(), QStringLiteral("billing-replay"));
        QCOMPARE(entry.value(QStringLiteral("origin")).toString(), QStringLiteral("cli"));
        QCOMPARE(entry.value(QStringLiteral("rows")).toArray().size(), 2);
    }

    void resetOffsetsRefusesAnActiveGroup()
    {
        const qsizetype before = auditLines().size();
        Result r = run({QStringLiteral("reset-offsets"), QStringLiteral("--demo"), QStringLiteral("--group"),
                        QStringLiteral("payments-settlement"), QStringLiteral("--all-topics"),
                        QStringLiteral("--to-latest"), QStringLiteral("--execute")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("Assignments can only be reset if the group 'payments-settlement' is "
                                               "inactive, but the current state is Stable.")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("client id payments-settlement-worker")), qPrintable(r.err));
        QCOMPARE(auditLines().size(), before); // nothing written

        // Over the protocol the mock broker cannot describe groups: an unknown state is refused, never guessed.
        r = run({QStringLiteral("reset-offsets"), QStringLiteral("--bootstrap"), m_bootstrap, QStringLiteral("--group"),
                 QStringLiteral("billing-replay"), QStringLiteral("--all-topics"), QStringLiteral("--to-latest"),
                 QStringLiteral("--execute")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("did not say whether group 'billing-replay' is active")),
                 qPrintable(r.err));
        QCOMPARE(auditLines().size(), before);
    }

    void resetOffsetsExportsAndFailsPlansClearly()
    {
        Result r = run({QStringLiteral("reset-offsets"), QStringLiteral("--demo"), QStringLiteral("--group"),
                        QStringLiteral("billing-replay"), QStringLiteral("--topic"), QStringLiteral("payments:1"),
                        QStringLiteral("--to-offset"), QStringLiteral("999999"), QStringLiteral("--export")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(QRegularExpression(QStringLiteral("^payments,1,\\d+\n$")).match(r.out).hasMatch(), qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("clamped from 999999")), qPrintable(r.err));

        r = run({QStringLiteral("reset-offsets"), QStringLiteral("--demo"), QStringLiteral("--group"),
                 QStringLiteral("billing-replay"), QStringLiteral("--topic"), QStringLiteral("payments:7"),
                 QStringLiteral("--to-latest")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("payments")) && r.err.contains(QStringLiteral("7")), qPrintable(r.err));

        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("plan.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("payments,0,5\n\npayments,1,x\n");
        file.close();
        r = run({QStringLiteral("reset-offsets"), QStringLiteral("--demo"), QStringLiteral("--group"),
                 QStringLiteral("billing-replay"), QStringLiteral("--from-file"), file.fileName()});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("line 3")), qPrintable(r.err));
    }

    // export-lag starts a QGuiApplication, which warns on stderr where XDG_RUNTIME_DIR is unset (as under ctest);
    // a login session has one, and with it the command's stderr can be checked to the line.
    QProcessEnvironment sessionEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtimeDir.path());
        return env;
    }

    Result exportLag(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OFFSETLENS_BINARY), QStringList{QStringLiteral("export-lag")} + args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return {-2, {}, QStringLiteral("timed out"), 0};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()), 0};
    }
    Result exportLag(const QStringList &args) { return exportLag(args, sessionEnvironment()); }

    // export-lag --demo records the embedded demo into its history database (in the temporary app-data folder) and
    // exports from it. This run records; the image and PDF runs below export what it recorded (--record 0s).
    void exportLagCsvFromTheDemo()
    {
        QVERIFY(m_exports.isValid());
        const QString out = m_exports.filePath(QStringLiteral("lag.csv"));
        const Result r =
            exportLag({QStringLiteral("--demo"), QStringLiteral("--group"), QStringLiteral("payments-settlement"),
                       QStringLiteral("--record"), QStringLiteral("4s"), QStringLiteral("--since"),
                       QStringLiteral("1h"), QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        const QRegularExpression wrote(
            QStringLiteral("^wrote .*lag\\.csv \\((\\d+) samples, from \\d{4}-\\d\\d-\\d\\d "
                           "\\d\\d:\\d\\d:\\d\\d to \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d "
                           "UTC\\)\n$"));
        const QRegularExpressionMatch summary = wrote.match(r.err);
        QVERIFY2(summary.hasMatch(), qPrintable(r.err));

        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 4, qPrintable(lines.join(QLatin1Char('\n'))));
        QCOMPARE(lines.constFirst(), QStringLiteral("time_utc,Total lag"));
        QCOMPARE(lines.size() - 1, summary.captured(1).toInt()); // one row per recorded sample
        const QRegularExpression row(QStringLiteral("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z),(.+)$"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QDateTime previous;
        for (const QString &line : lines.mid(1)) {
            const QRegularExpressionMatch m = row.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            const QDateTime time = QDateTime::fromString(m.captured(1), Qt::ISODateWithMs);
            QVERIFY2(time.isValid() && time.timeSpec() == Qt::UTC, qPrintable(line));
            QVERIFY2(time.secsTo(now) >= 0 && time.secsTo(now) < 3600, qPrintable(line)); // within --since 1h
            QVERIFY2(!previous.isValid() || previous < time, qPrintable(line));
            previous = time;
            bool numeric = false;
            const double lag = m.captured(2).toDouble(&numeric);
            QVERIFY2(numeric && lag >= 0, qPrintable(line));
        }
    }

    void exportLagPngHasTheRequestedSize()
    {
        const QString out = m_exports.filePath(QStringLiteral("lag.png"));
        const Result r = exportLag({QStringLiteral("--demo"), QStringLiteral("--record"), QStringLiteral("0s"),
                                    QStringLiteral("--group"), QStringLiteral("payments-settlement"),
                                    QStringLiteral("--out"), out, QStringLiteral("--width"), QStringLiteral("1200"),
                                    QStringLiteral("--height"), QStringLiteral("700")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.startsWith(QStringLiteral("wrote ")) && r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray png = file.readAll();
        // This test links Qt Core only, so the PNG is checked by its structure: the signature, the header chunk
        // with the image's size (big-endian) first, the end chunk last.
        QVERIFY(png.size() > 1000);
        QCOMPARE(png.left(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        QCOMPARE(png.mid(12, 4), QByteArray("IHDR"));
        const auto bigEndian = [&png](int at) {
            return (quint32(quint8(png[at])) << 24) | (quint32(quint8(png[at + 1])) << 16) |
                   (quint32(quint8(png[at + 2])) << 8) | quint32(quint8(png[at + 3]));
        };
        QCOMPARE(bigEndian(16), 1200u);
        QCOMPARE(bigEndian(20), 700u);
        QCOMPARE(png.mid(png.size() - 8, 4), QByteArray("IEND"));
    }

    void exportLagPdf()
    {
        const QString out = m_exports.filePath(QStringLiteral("lag.pdf"));
        const Result r =
            exportLag({QStringLiteral("--demo"), QStringLiteral("--record"), QStringLiteral("0s"),
                       QStringLiteral("--group"), QStringLiteral("payments-settlement"), QStringLiteral("--chart"),
                       QStringLiteral("partition"), QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pdf = file.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    }

    // Without a display, and without a platform chosen, the command renders offscreen instead of failing to
    // connect to one (cron, ssh).
    void exportLagNeedsNoDisplay()
    {
        QProcessEnvironment env = sessionEnvironment();
        for (const QString &name :
             {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY")})
            env.remove(name);
        const QString out = m_exports.filePath(QStringLiteral("nodisplay.png"));
        const Result r =
            exportLag({QStringLiteral("--demo"), QStringLiteral("--record"), QStringLiteral("0s"),
                       QStringLiteral("--group"), QStringLiteral("payments-settlement"), QStringLiteral("--out"), out},
                      env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.startsWith(QStringLiteral("wrote ")) && r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err));
        QVERIFY(QFile::exists(out));
    }

    void exportLagFailures()
    {
        // An unknown profile is a usage error, as for every subcommand.
        Result r =
            exportLag({QStringLiteral("--profile"), QStringLiteral("e2e-no-such-profile"), QStringLiteral("--group"),
                       QStringLiteral("g"), QStringLiteral("--out"), m_exports.filePath(QStringLiteral("none.csv"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no connection profile named 'e2e-no-such-profile'")),
                 qPrintable(r.err));

        // A cluster the desktop app never recorded: said so, nothing connected to, no file written or created.
        const QString out = m_exports.filePath(QStringLiteral("never.csv"));
        r = exportLag({QStringLiteral("--bootstrap"), QStringLiteral("127.0.0.1:1"), QStringLiteral("--group"),
                       QStringLiteral("billing"), QStringLiteral("--since"), QStringLiteral("2h"),
                       QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.startsWith(QStringLiteral("offsetlens: no lag history of group billing for 127.0.0.1:1 since ")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("the desktop app records it while it runs")), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(m_dataHome.filePath(QStringLiteral("OffsetLens/offsetlens/history/"
                                                                  "bootstrap_127_0_0_1_1.sqlite"))));

        // A group the demo has no history of: the groups it has are named.
        r = exportLag({QStringLiteral("--demo"), QStringLiteral("--record"), QStringLiteral("0s"),
                       QStringLiteral("--group"), QStringLiteral("payments-setlement"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("no lag history of group payments-setlement for the demo cluster")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("payments-settlement")), qPrintable(r.err));

        // The file cannot be written.
        r = exportLag({QStringLiteral("--demo"), QStringLiteral("--record"), QStringLiteral("0s"),
                       QStringLiteral("--group"), QStringLiteral("payments-settlement"), QStringLiteral("--out"),
                       m_exports.filePath(QStringLiteral("missing-folder/lag.csv"))});
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(QStringLiteral("missing-folder")) && r.err.contains(QStringLiteral("does not exist")),
                 qPrintable(r.err));
    }

    // Ctrl+C (or SIGTERM) while the demo is being recorded cancels the command: exit 130, no file.
    void exportLagInterrupted()
    {
        QTemporaryDir home;
        QProcessEnvironment env = sessionEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
        const QString out = m_exports.filePath(QStringLiteral("interrupted.csv"));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OFFSETLENS_BINARY),
                {QStringLiteral("export-lag"), QStringLiteral("--demo"), QStringLiteral("--record"),
                 QStringLiteral("60s"), QStringLiteral("--group"), QStringLiteral("payments-settlement"),
                 QStringLiteral("--out"), out});
        QVERIFY(p.waitForStarted());
        // The history database is opened after the interrupt handler is installed, before recording starts.
        const QString database = home.filePath(QStringLiteral("OffsetLens/offsetlens/history/demo.sqlite"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(database), 30000);
        QTest::qWait(1500);
        QElapsedTimer timer;
        timer.start();
        p.terminate();
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("interrupted")));
        QVERIFY(!QFile::exists(out));
    }

    void cleanupTestCase()
    {
        m_broker.terminate(); // SIGTERM: the demo broker stops cleanly
        QVERIFY(m_broker.waitForFinished(15000));
        QCOMPARE(m_broker.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_broker.exitCode(), 0);
    }

private:
    QTemporaryDir m_dataHome;
    QTemporaryDir m_configHome;
    QTemporaryDir m_exports;    // export-lag's output files
    QTemporaryDir m_runtimeDir; // XDG_RUNTIME_DIR for export-lag (private, as a session's is)
    QProcess m_broker;
    QString m_output;
    QString m_bootstrap;
};

QTEST_GUILESS_MAIN(TestCliEndToEnd)
#include "tst_cli_e2e.moc"
