#include "clientassumptions.h"

#include <QTest>

using namespace OffsetLens;

Q_DECLARE_METATYPE(OffsetLens::ResetPolicy)
Q_DECLARE_METATYPE(OffsetLens::CommitMode)

// The spellings of a group's client settings the CLI takes and the settings file keeps.
class TestClientAssumptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resetPolicySpellings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<ResetPolicy>("policy");
        QTest::newRow("earliest") << "earliest" << true << ResetPolicy::Earliest;
        QTest::newRow("librdkafka smallest") << "smallest" << true << ResetPolicy::Earliest;
        QTest::newRow("beginning") << "Beginning" << true << ResetPolicy::Earliest;
        QTest::newRow("latest") << " LATEST " << true << ResetPolicy::Latest;
        QTest::newRow("librdkafka largest") << "largest" << true << ResetPolicy::Latest;
        QTest::newRow("end") << "end" << true << ResetPolicy::Latest;
        QTest::newRow("none") << "none" << true << ResetPolicy::None;
        QTest::newRow("librdkafka error") << "error" << true << ResetPolicy::None;
        QTest::newRow("unknown") << "unknown" << true << ResetPolicy::Unknown;
        QTest::newRow("empty") << "" << true << ResetPolicy::Unknown;
        QTest::newRow("typo") << "earlist" << false << ResetPolicy::Unknown;
        QTest::newRow("a number") << "0" << false << ResetPolicy::Unknown;
    }
    void resetPolicySpellings()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(ResetPolicy, policy);
        const std::optional<ResetPolicy> parsed = parseResetPolicy(text);
        QCOMPARE(parsed.has_value(), valid);
        if (valid) {
            QCOMPARE(*parsed, policy);
            QCOMPARE(parseResetPolicy(resetPolicyId(*parsed)), parsed); // the id reads back
        }
    }

    void commitModeSpellings()
    {
        QCOMPARE(parseCommitMode(QStringLiteral("auto")), std::optional<CommitMode>(CommitMode::Auto));
        QCOMPARE(parseCommitMode(QStringLiteral("Manual")), std::optional<CommitMode>(CommitMode::Manual));
        QCOMPARE(parseCommitMode(QString()), std::optional<CommitMode>(CommitMode::Unknown));
        QVERIFY(!parseCommitMode(QStringLiteral("sometimes")));
        for (CommitMode mode : {CommitMode::Unknown, CommitMode::Auto, CommitMode::Manual})
            QCOMPARE(parseCommitMode(commitModeId(mode)), std::optional<CommitMode>(mode));
    }

    void textRoundTrips_data()
    {
        QTest::addColumn<int>("policy");
        QTest::addColumn<int>("mode");
        QTest::addColumn<qint64>("interval");
        QTest::addColumn<QString>("text");
        QTest::newRow("nothing known") << 0 << 0 << qint64(0) << "";
        QTest::newRow("latest only") << int(ResetPolicy::Latest) << 0 << qint64(0) << "reset=latest";
        QTest::newRow("all") << int(ResetPolicy::Earliest) << int(CommitMode::Auto) << qint64(5000)
                             << "reset=earliest;commit=auto;interval=5000";
        QTest::newRow("manual, none") << int(ResetPolicy::None) << int(CommitMode::Manual) << qint64(0)
                                      << "reset=none;commit=manual";
    }
    void textRoundTrips()
    {
        QFETCH(int, policy);
        QFETCH(int, mode);
        QFETCH(qint64, interval);
        QFETCH(QString, text);
        const ClientAssumptions client{ResetPolicy(policy), CommitMode(mode), interval};
        QCOMPARE(clientAssumptionsToText(client), text);
        const std::optional<ClientAssumptions> back = clientAssumptionsFromText(text);
        QVERIFY(back);
        QVERIFY(*back == client);
    }

    void damagedTextIsRefusedWhole_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad policy") << "commit=auto;reset=soonest"
                                    << "unknown auto.offset.reset 'soonest'";
        QTest::newRow("bad mode") << "commit=maybe"
                                  << "unknown commit mode 'maybe'";
        QTest::newRow("negative interval") << "interval=-5"
                                           << "'-5' is not a number of milliseconds";
        QTest::newRow("huge interval") << "interval=99999999999"
                                       << "is not a number of milliseconds";
        QTest::newRow("unknown key") << "reset=latest;colour=red"
                                     << "unknown setting 'colour'";
        QTest::newRow("no equals") << "latest"
                                   << "'latest' is not key=value";
        QTest::newRow("binary and long") << QString(500, QChar(0xFFFD)) << "longer than any";
    }
    void damagedTextIsRefusedWhole()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!clientAssumptionsFromText(text, &why));
        QVERIFY2(why.contains(error), qPrintable(why));
    }

    void mapsKeepGoodEntriesAndNameTheRest()
    {
        const QHash<QString, QString> stored{{QStringLiteral("orders"), QStringLiteral("reset=earliest")},
                                             {QStringLiteral("billing"), QStringLiteral("reset=sometime")},
                                             {QStringLiteral("idle"), QString()}};
        QStringList rejected;
        const QHash<QString, ClientAssumptions> byGroup = clientAssumptionsFromMap(stored, &rejected);
        QCOMPARE(byGroup.size(), 1); // "idle" says nothing, "billing" is damaged
        QCOMPARE(byGroup.value(QStringLiteral("orders")).resetPolicy, ResetPolicy::Earliest);
        QCOMPARE(rejected.size(), 1);
        QVERIFY(rejected.constFirst().startsWith(QStringLiteral("billing: ")));
        QCOMPARE(clientAssumptionsToText(byGroup.value(QStringLiteral("orders"))),
                 stored.value(QStringLiteral("orders")));
    }

    void describedInWords()
    {
        QCOMPARE(describeClientAssumptions({}), QStringLiteral("not set: every outcome is shown"));
        QCOMPARE(describeClientAssumptions({ResetPolicy::Latest, CommitMode::Auto, 5000}),
                 QStringLiteral("auto.offset.reset=latest, auto-commit every 5 s"));
        QCOMPARE(describeClientAssumptions({ResetPolicy::Unknown, CommitMode::Manual, 0}),
                 QStringLiteral("manual commits"));
    }
};

QTEST_GUILESS_MAIN(TestClientAssumptions)
#include "tst_clientassumptions.moc"
