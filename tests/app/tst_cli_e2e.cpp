// End to end: the real `offsetlens` binary, as a user runs it from a terminal. One process serves the demo cluster
// (--demo-broker); the headless subcommands connect to it over the Kafka protocol like to any other cluster.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <librdkafka/rdkafka.h>

#include <memory>

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

    void cleanupTestCase()
    {
        m_broker.terminate(); // SIGTERM: the demo broker stops cleanly
        QVERIFY(m_broker.waitForFinished(15000));
        QCOMPARE(m_broker.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_broker.exitCode(), 0);
    }

private:
    QTemporaryDir m_dataHome;
    QProcess m_broker;
    QString m_output;
    QString m_bootstrap;
};

QTEST_GUILESS_MAIN(TestCliEndToEnd)
#include "tst_cli_e2e.moc"
