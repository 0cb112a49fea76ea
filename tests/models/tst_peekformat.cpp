// Message peek's pure parts: which offsets a request reads given the log's ends (and the plain-words answer when
// the anchor is gone or not there yet), and formatting arbitrary bytes as text, JSON and hex without ever
// producing unbounded output.
#include "peekformat.h"
#include "peekmessage.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using namespace OffsetLens;

class TestPeekFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void window_data()
    {
        QTest::addColumn<qint64>("anchor");
        QTest::addColumn<int>("before");
        QTest::addColumn<int>("after");
        QTest::addColumn<qint64>("logStart");
        QTest::addColumn<qint64>("hw");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<QString>("message");
        QTest::newRow("middle") << qint64(50) << 5 << 5 << qint64(0) << qint64(100) << qint64(45) << qint64(11)
                                << QString();
        QTest::newRow("near log start") << qint64(302) << 5 << 2 << qint64(300) << qint64(400) << qint64(300)
                                        << qint64(5) << QString();
        QTest::newRow("last message") << qint64(99) << 3 << 10 << qint64(0) << qint64(100) << qint64(96) << qint64(4)
                                      << QString();
        QTest::newRow("deleted") << qint64(120) << 5 << 5 << qint64(300) << qint64(400) << kNoOffset << qint64(0)
                                 << QStringLiteral("Offset 120 no longer exists: retention deleted everything "
                                                   "below 300.");
        QTest::newRow("at the end") << qint64(400) << 5 << 5 << qint64(300) << qint64(400) << kNoOffset << qint64(0)
                                    << QStringLiteral("Offset 400 is the end of the log");
        QTest::newRow("beyond") << qint64(999) << 5 << 5 << qint64(300) << qint64(400) << kNoOffset << qint64(0)
                                << QStringLiteral("Offset 999 does not exist yet: the log ends at 400.");
        QTest::newRow("empty") << qint64(0) << 5 << 5 << qint64(0) << qint64(0) << kNoOffset << qint64(0)
                               << QStringLiteral("nothing was ever written");
        QTest::newRow("emptied") << qint64(7) << 5 << 5 << qint64(7) << qint64(7) << kNoOffset << qint64(0)
                                 << QStringLiteral("retention deleted everything below 7");
        QTest::newRow("unknown") << qint64(7) << 5 << 5 << kNoOffset << qint64(7) << kNoOffset << qint64(0)
                                 << QStringLiteral("unknown");
    }

    void window()
    {
        QFETCH(qint64, anchor);
        QFETCH(int, before);
        QFETCH(int, after);
        QFETCH(qint64, logStart);
        QFETCH(qint64, hw);
        QFETCH(qint64, start);
        QFETCH(qint64, count);
        QFETCH(QString, message);
        PeekRequest request;
        request.tp = {QStringLiteral("orders"), 0};
        request.anchor = anchor;
        request.before = before;
        request.after = after;
        const PeekWindow w = peekWindow(request, logStart, hw);
        QCOMPARE(w.start, start);
        QCOMPARE(w.count, count);
        if (message.isEmpty())
            QVERIFY(w.message.isEmpty());
        else
            QVERIFY2(w.message.contains(message), qPrintable(w.message));
    }

    void textEscapesControlCharacters()
    {
        const QByteArray bytes("a\tb\nc\x1b[0m\r\x00z", 12);
        QCOMPARE(peekText(bytes, false), QStringLiteral("a\\tb\\nc\\x1b[0m\\r\\x00z"));
        QCOMPARE(peekText(bytes, true), QStringLiteral("a\tb\nc\\x1b[0m\\r\\x00z"));
        // Invalid UTF-8 becomes the replacement character, never a crash or raw bytes.
        QCOMPARE(peekText(QByteArray("\xff\xfeok"), false), QStringLiteral("\uFFFD\uFFFDok"));
        QCOMPARE(peekText(QByteArray("gr\xc3\xbc\xc3\x9f"), false), QStringLiteral("gr\u00fc\u00df"));
    }

    void textIsBounded()
    {
        const QByteArray big(1024 * 1024, 'x');
        const QString shown = peekText(big, true, 1000);
        QCOMPARE(shown.size(), 1001);
        QVERIFY(shown.endsWith(QChar(0x2026)));
    }

    void jsonIsPrettyWhenItParses()
    {
        const std::optional<QString> pretty = peekJson(QByteArray("{\"id\":7,\"tags\":[\"a\"]}"));
        QVERIFY(pretty.has_value());
        QVERIFY2(pretty->contains(QStringLiteral("\n    \"id\": 7")), qPrintable(*pretty));
        QVERIFY(!peekJson(QByteArray("{\"id\":7,\"ta")).has_value()); // truncated
        QVERIFY(!peekJson(QByteArray("hello")).has_value());
        QVERIFY(!peekJson(QByteArray("\x00\x01\x02", 3)).has_value());
    }

    // The producer's key order, not Qt's sorted one; strings (with escaped quotes, commas and brackets) untouched;
    // empty containers on one line; the whitespace of the message does not matter.
    void jsonKeepsTheMessagesKeyOrder()
    {
        const QByteArray message = "{\"zeta\":1, \"alpha\" : [true,{\"y\":null,\"b\":\"x,{}:\\\"q\\\\\"}],\n"
                                   "\"empty\":{},\"none\":[ ],\"n\":-1.5e3}";
        const std::optional<QString> pretty = peekJson(message);
        QVERIFY(pretty.has_value());
        const QString expected = QStringLiteral("{\n"
                                                "    \"zeta\": 1,\n"
                                                "    \"alpha\": [\n"
                                                "        true,\n"
                                                "        {\n"
                                                "            \"y\": null,\n"
                                                "            \"b\": \"x,{}:\\\"q\\\\\"\n"
                                                "        }\n"
                                                "    ],\n"
                                                "    \"empty\": {},\n"
                                                "    \"none\": [],\n"
                                                "    \"n\": -1.5e3\n"
                                                "}\n");
        QCOMPARE(*pretty, expected);
        // Re-parsed, it is the same document.
        QCOMPARE(QJsonDocument::fromJson(pretty->toUtf8()), QJsonDocument::fromJson(message));
    }

    void hexDump()
    {
        const QByteArray bytes("\x00\x01OffsetLens\xff\x7f\x20", 15);
        const QString dump = peekHex(bytes);
        QCOMPARE(dump, QStringLiteral("00000000  00 01 4f 66 66 73 65 74  4c 65 6e 73 ff 7f 20    "
                                      " |..OffsetLens.. |\n"));
        const QString cut = peekHex(QByteArray(1024 * 1024, 'a'), 64);
        QCOMPARE(cut.count(QLatin1Char('\n')), 5);
        QVERIFY2(cut.contains(QStringLiteral("1024.0 KiB more not shown")) ||
                     cut.contains(QStringLiteral("more not shown")),
                 qPrintable(cut));
    }

    void binaryDetection()
    {
        QVERIFY(!looksBinary(QByteArray("plain text\nwith lines\t")));
        QVERIFY(!looksBinary(QByteArray("{\"json\": \"gr\xc3\xbc\xc3\x9f\"}")));
        QVERIFY(looksBinary(QByteArray("\x00\x01\x02\x03", 4)));
        QVERIFY(looksBinary(QByteArray("\xde\xad\xbe\xef\xff\xfe")));
        QVERIFY(!looksBinary(QByteArray()));
    }

    void timestampShowsZoneAndType()
    {
        const qint64 ms = QDateTime(QDate(2026, 3, 1), QTime(12, 0, 0, 5), QTimeZone::utc()).toMSecsSinceEpoch();
        QCOMPARE(peekTimestamp(ms, TimestampType::CreateTime, QTimeZone::utc()),
                 QStringLiteral("2026-03-01 12:00:00.005 UTC (CreateTime)"));
        QCOMPARE(peekTimestamp(ms, TimestampType::LogAppendTime, QTimeZone(3600 * 5 + 1800)),
                 QStringLiteral("2026-03-01 17:30:00.005 UTC+05:30 (LogAppendTime)"));
        QCOMPARE(peekTimestamp(ms, TimestampType::CreateTime, QTimeZone(-3600 * 3)),
                 QStringLiteral("2026-03-01 09:00:00.005 UTC-03:00 (CreateTime)"));
        QCOMPARE(peekTimestamp(-1, TimestampType::None), QStringLiteral("no timestamp"));
    }

    void sizes()
    {
        QCOMPARE(peekSize(0, 0, true), QStringLiteral("null"));
        QCOMPARE(peekSize(12, 12, false), QStringLiteral("12 bytes"));
        QCOMPARE(peekSize(1024 * 1024, 64 * 1024, false), QStringLiteral("1.0 MiB (showing the first 64.0 KiB)"));
    }
};

QTEST_GUILESS_MAIN(TestPeekFormat)
#include "tst_peekformat.moc"
