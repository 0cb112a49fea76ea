#include "resettime.h"

#include <QTest>

#include <ctime>

using namespace OffsetLens;
using namespace Qt::StringLiterals;

namespace {

qint64 utcMs(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

class TestResetTime : public QObject
{
    Q_OBJECT

private:
    bool m_berlin = false;

private Q_SLOTS:
    void initTestCase()
    {
        // The local-time cases need a zone with daylight saving time; the test sets one for itself.
        qputenv("TZ", "Europe/Berlin");
        tzset();
        const QDateTime winter(QDate(2026, 1, 15), QTime(12, 0), Qt::LocalTime);
        const QDateTime summer(QDate(2026, 7, 15), QTime(12, 0), Qt::LocalTime);
        m_berlin = winter.offsetFromUtc() == 3600 && summer.offsetFromUtc() == 7200;
    }

    void zones_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("offset");

        const int local = int(ResetTimeZone::Kind::Local);
        const int utc = int(ResetTimeZone::Kind::Utc);
        const int fixed = int(ResetTimeZone::Kind::Fixed);
        QTest::newRow("local") << u"local"_s << true << local << 0;
        QTest::newRow("Local, spaced") << u"  Local "_s << true << local << 0;
        QTest::newRow("UTC") << u"UTC"_s << true << utc << 0;
        QTest::newRow("z") << u"z"_s << true << utc << 0;
        QTest::newRow("+05:30") << u"+05:30"_s << true << fixed << 19800;
        QTest::newRow("-0800") << u"-0800"_s << true << fixed << -28800;
        QTest::newRow("UTC+2") << u"UTC+2"_s << true << fixed << 7200;
        QTest::newRow("utc-03:30") << u"utc-03:30"_s << true << fixed << -12600;
        QTest::newRow("+18:00") << u"+18:00"_s << true << fixed << 64800;
        QTest::newRow("+18:01") << u"+18:01"_s << false << 0 << 0;
        QTest::newRow("+05:60") << u"+05:60"_s << false << 0 << 0;
        QTest::newRow("zone id") << u"Europe/Berlin"_s << false << 0 << 0;
        QTest::newRow("empty") << QString() << false << 0 << 0;
        QTest::newRow("no sign") << u"0530"_s << false << 0 << 0;
    }
    void zones()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(int, kind);
        QFETCH(int, offset);
        const std::optional<ResetTimeZone> zone = parseResetTimeZone(text);
        QCOMPARE(zone.has_value(), valid);
        if (valid) {
            QCOMPARE(int(zone->kind), kind);
            QCOMPARE(zone->offsetSeconds, offset);
        }
    }

    void displayNames()
    {
        QCOMPARE((ResetTimeZone{ResetTimeZone::Kind::Utc, 0}).displayName(), u"UTC"_s);
        QCOMPARE((ResetTimeZone{ResetTimeZone::Kind::Fixed, 19800}).displayName(), u"UTC+05:30"_s);
        QCOMPARE((ResetTimeZone{ResetTimeZone::Kind::Fixed, -28800}).displayName(), u"UTC-08:00"_s);
        QCOMPARE((ResetTimeZone{ResetTimeZone::Kind::Fixed, 0}).displayName(), u"UTC+00:00"_s);
        const QString local = ResetTimeZone{ResetTimeZone::Kind::Local, 0}.displayName();
        QVERIFY2(local.startsWith(u"local time (UTC+0"_s), qPrintable(local));
        if (m_berlin)
            QVERIFY2(local.endsWith(u", Europe/Berlin)"_s), qPrintable(local));
    }

    void dateTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("zone");   // empty: no zone chosen
        QTest::addColumn<qint64>("ms");      // -1: an error
        QTest::addColumn<QString>("result"); // interpretedAs, or the error

        QTest::newRow("Z") << u"2026-11-23T13:00:00.000Z"_s << QString() << utcMs(2026, 11, 23, 13, 0)
                           << u"2026-11-23 13:00:00.000 UTC"_s;
        QTest::newRow("+01:00") << u"2026-11-23T14:00:00.000+01:00"_s << QString() << utcMs(2026, 11, 23, 13, 0)
                                << u"2026-11-23 14:00:00.000 UTC+01:00 (13:00:00 UTC)"_s;
        QTest::newRow("+0100") << u"2026-11-23T14:00:00.000+0100"_s << QString() << utcMs(2026, 11, 23, 13, 0)
                               << u"2026-11-23 14:00:00.000 UTC+01:00 (13:00:00 UTC)"_s;
        QTest::newRow("-0330, seconds, no ms")
            << u"2026-11-23T09:30:15-0330"_s << QString() << utcMs(2026, 11, 23, 13, 0, 15)
            << u"2026-11-23 09:30:15.000 UTC-03:30 (13:00:15 UTC)"_s;
        QTest::newRow("space, no seconds, chosen zone")
            << u"2026-11-23 14:00"_s << u"+01:00"_s << utcMs(2026, 11, 23, 13, 0)
            << u"2026-11-23 14:00:00.000 UTC+01:00 (13:00:00 UTC)"_s;
        QTest::newRow("chosen UTC") << u"2026-11-23 13:00:00"_s << u"UTC"_s << utcMs(2026, 11, 23, 13, 0)
                                    << u"2026-11-23 13:00:00.000 UTC"_s;
        QTest::newRow("fraction .5 is 500 ms")
            << u"2026-11-23T13:00:00.5Z"_s << QString() << utcMs(2026, 11, 23, 13, 0, 0, 500)
            << u"2026-11-23 13:00:00.500 UTC"_s;
        QTest::newRow("suffix wins over the chosen zone")
            << u"2026-11-23T13:00Z"_s << u"+05:00"_s << utcMs(2026, 11, 23, 13, 0) << u"2026-11-23 13:00:00.000 UTC"_s;
        QTest::newRow("suffix offset wins too") << u"2026-11-23T14:00+01:00"_s << u"UTC"_s << utcMs(2026, 11, 23, 13, 0)
                                                << u"2026-11-23 14:00:00.000 UTC+01:00 (13:00:00 UTC)"_s;
        QTest::newRow("lower-case t and z")
            << u"2026-11-23t13:00z"_s << QString() << utcMs(2026, 11, 23, 13, 0) << u"2026-11-23 13:00:00.000 UTC"_s;
        QTest::newRow("across midnight") << u"2026-11-23T01:00:00+05:00"_s << QString() << utcMs(2026, 11, 22, 20, 0)
                                         << u"2026-11-23 01:00:00.000 UTC+05:00 (2026-11-22 20:00:00.000 UTC)"_s;
        QTest::newRow("leap day") << u"2028-02-29T00:00Z"_s << QString() << utcMs(2028, 2, 29, 0, 0)
                                  << u"2028-02-29 00:00:00.000 UTC"_s;

        QTest::newRow("missing zone") << u"2026-11-23T13:00:00"_s << QString() << qint64(-1)
                                      << u"no time zone: add one to the time (Z, +01:00) or choose the zone it is in"_s;
        QTest::newRow("Feb 30") << u"2026-02-30T00:00:00Z"_s << QString() << qint64(-1)
                                << u"2026-02-30 is not a valid date"_s;
        QTest::newRow("Feb 29 in a common year")
            << u"2027-02-29T00:00:00Z"_s << QString() << qint64(-1) << u"2027-02-29 is not a valid date"_s;
        QTest::newRow("month 13") << u"2026-13-01T00:00:00Z"_s << QString() << qint64(-1)
                                  << u"2026-13-01 is not a valid date"_s;
        QTest::newRow("24:00") << u"2026-11-23T24:00:00Z"_s << QString() << qint64(-1)
                               << u"24:00:00 is not a valid time"_s;
        QTest::newRow("minute 60") << u"2026-11-23T12:60Z"_s << QString() << qint64(-1)
                                   << u"12:60 is not a valid time"_s;
        QTest::newRow("microseconds") << u"2026-11-23T13:00:00.1234Z"_s << QString() << qint64(-1)
                                      << u"'.1234': milliseconds are the finest step (at most 3 digits)"_s;
        QTest::newRow("offset out of range") << u"2026-11-23T13:00:00+25:00"_s << QString() << qint64(-1)
                                             << u"'+25:00' is not a UTC offset like Z, +01:00 or -0800"_s;
        QTest::newRow("words") << u"yesterday"_s << u"UTC"_s << qint64(-1)
                               << u"'yesterday' is not a date-time like 2026-11-23T13:00:00.000 (seconds and "
                                  u"milliseconds optional, zone as Z or +01:00)"_s;
        QTest::newRow("date only") << u"2026-11-23"_s << u"UTC"_s << qint64(-1)
                                   << u"'2026-11-23' is not a date-time like 2026-11-23T13:00:00.000 (seconds and "
                                      u"milliseconds optional, zone as Z or +01:00)"_s;
    }
    void dateTimes()
    {
        QFETCH(QString, text);
        QFETCH(QString, zone);
        QFETCH(qint64, ms);
        QFETCH(QString, result);
        const std::optional<ResetTimeZone> chosen = zone.isEmpty() ? std::nullopt : parseResetTimeZone(zone);
        QVERIFY(zone.isEmpty() || chosen);
        const ParsedResetTime parsed = parseResetDateTime(text, chosen);
        if (ms < 0) {
            QVERIFY(!parsed.msSinceEpoch);
            QCOMPARE(parsed.error, result);
        } else {
            QCOMPARE(parsed.error, QString());
            QCOMPARE(parsed.msSinceEpoch.value_or(-1), ms);
            QCOMPARE(parsed.interpretedAs, result);
        }
    }

    // Local time in Europe/Berlin: DST starts 2026-03-29 02:00 -> 03:00, ends 2026-10-25 03:00 -> 02:00.
    void localTimes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("result");

        QTest::newRow("winter") << u"2026-11-23 14:00"_s << utcMs(2026, 11, 23, 13, 0)
                                << u"2026-11-23 14:00:00.000 local time, UTC+01:00 (13:00:00 UTC)"_s;
        QTest::newRow("summer") << u"2026-07-01 14:00"_s << utcMs(2026, 7, 1, 12, 0)
                                << u"2026-07-01 14:00:00.000 local time, UTC+02:00 (12:00:00 UTC)"_s;
        QTest::newRow("just before the gap") << u"2026-03-29 01:59:59.999"_s << utcMs(2026, 3, 29, 0, 59, 59, 999)
                                             << u"2026-03-29 01:59:59.999 local time, UTC+01:00 (00:59:59 UTC)"_s;
        QTest::newRow("in the gap")
            << u"2026-03-29 02:30"_s << qint64(-1)
            << u"2026-03-29 02:30:00.000 does not exist in local time (Europe/Berlin): the clocks skip it when "
               u"daylight saving time starts; choose another time or give a UTC offset"_s;
        QTest::newRow("after the gap") << u"2026-03-29 03:00"_s << utcMs(2026, 3, 29, 1, 0)
                                       << u"2026-03-29 03:00:00.000 local time, UTC+02:00 (01:00:00 UTC)"_s;
        QTest::newRow("twice")
            << u"2026-10-25 02:30"_s << qint64(-1)
            << u"2026-10-25 02:30:00.000 happens twice in local time (Europe/Berlin), at UTC+02:00 and at UTC+01:00: "
               u"give the UTC offset you mean"_s;
        QTest::newRow("after the fold") << u"2026-10-25 03:00"_s << utcMs(2026, 10, 25, 2, 0)
                                        << u"2026-10-25 03:00:00.000 local time, UTC+01:00 (02:00:00 UTC)"_s;
        QTest::newRow("an offset suffix resolves the fold") << u"2026-10-25 02:30+02:00"_s << utcMs(2026, 10, 25, 0, 30)
                                                            << u"2026-10-25 02:30:00.000 UTC+02:00 (00:30:00 UTC)"_s;
    }
    void localTimes()
    {
        if (!m_berlin)
            QSKIP("the local time zone cannot be set to Europe/Berlin here");
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, result);
        const ParsedResetTime parsed = parseResetDateTime(text, ResetTimeZone{ResetTimeZone::Kind::Local, 0});
        if (ms < 0) {
            QVERIFY(!parsed.msSinceEpoch);
            QCOMPARE(parsed.error, result);
        } else {
            QCOMPARE(parsed.error, QString());
            QCOMPARE(parsed.msSinceEpoch.value_or(-1), ms);
            QCOMPARE(parsed.interpretedAs, result);
        }
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: an error
        QTest::addColumn<QString>("error");

        const QString positive = u"the duration must be positive (how far back from now)"_s;
        const QString calendar = u"weeks, months and years are not accepted (no fixed length); use days, e.g. P7D"_s;
        QTest::newRow("PT1H30M") << u"PT1H30M"_s << qint64(5400000) << QString();
        QTest::newRow("lower case") << u"pt1h30m"_s << qint64(5400000) << QString();
        QTest::newRow("P1DT12H") << u"P1DT12H"_s << qint64(129600000) << QString();
        QTest::newRow("P2D") << u"P2D"_s << qint64(172800000) << QString();
        QTest::newRow("PT1M is a minute") << u"PT1M"_s << qint64(60000) << QString();
        QTest::newRow("PT45S") << u"PT45S"_s << qint64(45000) << QString();
        QTest::newRow("fraction") << u"PT1.5S"_s << qint64(1500) << QString();
        QTest::newRow("comma fraction") << u"PT1,25S"_s << qint64(1250) << QString();
        QTest::newRow("nanoseconds cut to ms") << u"PT0.123456789S"_s << qint64(123) << QString();
        QTest::newRow("all parts") << u" P1DT1H1M1.001S "_s << qint64(90061001) << QString();
        QTest::newRow("zero") << u"PT0S"_s << qint64(-1) << u"'PT0S': "_s + positive;
        QTest::newRow("below a millisecond") << u"PT0.0005S"_s << qint64(-1) << u"'PT0.0005S': "_s + positive;
        QTest::newRow("negative") << u"-PT1H"_s << qint64(-1) << u"'-PT1H': "_s + positive;
        QTest::newRow("negative part") << u"PT-1H"_s << qint64(-1) << u"'PT-1H': "_s + positive;
        QTest::newRow("weeks") << u"P1W"_s << qint64(-1) << u"'P1W': "_s + calendar;
        QTest::newRow("months") << u"P1M"_s << qint64(-1) << u"'P1M': "_s + calendar;
        QTest::newRow("years") << u"P1Y2D"_s << qint64(-1) << u"'P1Y2D': "_s + calendar;
        QTest::newRow("P alone") << u"P"_s << qint64(-1)
                                 << u"'P' is not an ISO-8601 duration like PT1H30M, P1DT12H or PT45S"_s;
        QTest::newRow("PT alone") << u"PT"_s << qint64(-1)
                                  << u"'PT' is not an ISO-8601 duration like PT1H30M, P1DT12H or PT45S"_s;
        QTest::newRow("no unit") << u"PT1H30"_s << qint64(-1)
                                 << u"'PT1H30' is not an ISO-8601 duration like PT1H30M, P1DT12H or PT45S"_s;
        QTest::newRow("plain words") << u"1h"_s << qint64(-1)
                                     << u"'1h' is not an ISO-8601 duration like PT1H30M, P1DT12H or PT45S"_s;
        QTest::newRow("too long") << u"P99999999999999999999D"_s << qint64(-1)
                                  << u"'P99999999999999999999D' is too long a duration"_s;
        QTest::newRow("too long in ms") << u"P106751991167301D"_s << qint64(-1)
                                        << u"'P106751991167301D' is too long a duration"_s;
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, error);
        const ParsedDuration parsed = parseResetDuration(text);
        QCOMPARE(parsed.error, error);
        QCOMPARE(parsed.ms.value_or(-1), ms);
    }
};

QTEST_GUILESS_MAIN(TestResetTime)
#include "tst_resettime.moc"
