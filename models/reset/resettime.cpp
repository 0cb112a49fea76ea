#include "resettime.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <QtNumeric>

#include <algorithm>
#include <cstdlib>
#include <functional>

namespace OffsetLens {

namespace {

// java.time.ZoneOffset's range, which the CLI's parser enforces.
constexpr int kMaxOffsetSeconds = 18 * 3600;
constexpr qint64 kDayMs = 86'400'000;

QString offsetText(int offsetSeconds)
{
    const int minutes = std::abs(offsetSeconds) / 60;
    return QStringLiteral("UTC%1%2:%3")
        .arg(offsetSeconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString localZoneId()
{
    return QString::fromUtf8(QTimeZone::systemTimeZoneId());
}

int localOffsetAt(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::LocalTime).offsetFromUtc();
}

// "+05:30", "-0800", "+05": seconds east of UTC, or nullopt.
std::optional<int> parseOffset(QStringView text)
{
    static const QRegularExpression re(QStringLiteral("^([+-])(\\d{1,2})(?::?(\\d{2}))?$"));
    const QRegularExpressionMatch m = re.match(text.toString());
    if (!m.hasMatch())
        return std::nullopt;
    const int hours = m.capturedView(2).toInt();
    const int minutes = m.hasCaptured(3) ? m.capturedView(3).toInt() : 0;
    const int seconds = hours * 3600 + minutes * 60;
    if (minutes >= 60 || seconds > kMaxOffsetSeconds)
        return std::nullopt;
    return m.capturedView(1) == QLatin1String("-") ? -seconds : seconds;
}

QString wallClock(const QDate &date, const QTime &time)
{
    return date.toString(Qt::ISODate) + QLatin1Char(' ') + time.toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

QString ResetTimeZone::displayName() const
{
    switch (kind) {
    case Kind::Utc:
        return QStringLiteral("UTC");
    case Kind::Fixed:
        return offsetText(offsetSeconds);
    case Kind::Local:
        break;
    }
    const QString offset = offsetText(QDateTime::currentDateTime().offsetFromUtc());
    const QString id = localZoneId();
    return id.isEmpty() ? QStringLiteral("local time (%1)").arg(offset)
                        : QStringLiteral("local time (%1, %2)").arg(offset, id);
}

std::optional<ResetTimeZone> parseResetTimeZone(const QString &text)
{
    QString t = text.trimmed().toLower();
    if (t == QLatin1String("local") || t == QLatin1String("local time"))
        return ResetTimeZone{ResetTimeZone::Kind::Local, 0};
    if (t == QLatin1String("utc") || t == QLatin1String("z") || t == QLatin1String("gmt"))
        return ResetTimeZone{ResetTimeZone::Kind::Utc, 0};
    if (t.startsWith(QLatin1String("utc")) || t.startsWith(QLatin1String("gmt")))
        t = t.mid(3).trimmed();
    if (const std::optional<int> offset = parseOffset(t))
        return ResetTimeZone{ResetTimeZone::Kind::Fixed, *offset};
    return std::nullopt;
}

ParsedResetTime parseResetDateTime(const QString &text, std::optional<ResetTimeZone> zone)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})"
                                                      "(?::(\\d{2})(?:\\.(\\d+))?)?\\s*(Z|[+-][\\d:]+)?$"),
                                       QRegularExpression::CaseInsensitiveOption);
    ParsedResetTime parsed;
    const QString trimmed = text.trimmed();
    const QRegularExpressionMatch m = re.match(trimmed);
    if (!m.hasMatch()) {
        parsed.error = QStringLiteral("'%1' is not a date-time like 2026-11-23T13:00:00.000 (seconds and milliseconds "
                                      "optional, zone as Z or +01:00)")
                           .arg(trimmed.left(60));
        return parsed;
    }
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
    if (!date.isValid()) {
        parsed.error = QStringLiteral("%1-%2-%3 is not a valid date").arg(m.captured(1), m.captured(2), m.captured(3));
        return parsed;
    }
    const QString fraction = m.captured(7);
    if (fraction.size() > 3) {
        parsed.error = QStringLiteral("'.%1': milliseconds are the finest step (at most 3 digits)").arg(fraction);
        return parsed;
    }
    const int ms = fraction.isEmpty() ? 0 : fraction.leftJustified(3, QLatin1Char('0')).toInt();
    const QTime time(m.capturedView(4).toInt(), m.capturedView(5).toInt(),
                     m.hasCaptured(6) ? m.capturedView(6).toInt() : 0, ms);
    if (!time.isValid()) {
        parsed.error =
            QStringLiteral("%1:%2%3 is not a valid time")
                .arg(m.captured(4), m.captured(5), m.hasCaptured(6) ? QLatin1Char(':') + m.captured(6) : QString());
        return parsed;
    }

    // A suffix in the text wins over the zone chosen beside it: it is what the user typed.
    if (m.hasCaptured(8)) {
        zone = parseResetTimeZone(m.captured(8));
        if (!zone) {
            parsed.error = QStringLiteral("'%1' is not a UTC offset like Z, +01:00 or -0800").arg(m.captured(8));
            return parsed;
        }
    }
    if (!zone) {
        parsed.error = QStringLiteral("no time zone: add one to the time (Z, +01:00) or choose the zone it is in");
        return parsed;
    }

    const qint64 wallAsUtc = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    int offset = 0;
    switch (zone->kind) {
    case ResetTimeZone::Kind::Utc:
        break;
    case ResetTimeZone::Kind::Fixed:
        offset = zone->offsetSeconds;
        break;
    case ResetTimeZone::Kind::Local: {
        // The wall clock exists at an offset o when the instant (wall - o) really has offset o locally. None: the
        // clocks skipped it (DST starts); two: it happens twice (DST ends). Offsets a day apart cover both sides.
        QList<int> valid;
        for (const qint64 probe : {wallAsUtc - kDayMs, wallAsUtc, wallAsUtc + kDayMs}) {
            const int candidate = localOffsetAt(probe);
            if (!valid.contains(candidate) && localOffsetAt(wallAsUtc - candidate * 1000LL) == candidate)
                valid.append(candidate);
        }
        const QString id = localZoneId();
        const QString where = id.isEmpty() ? QStringLiteral("local time") : QStringLiteral("local time (%1)").arg(id);
        if (valid.isEmpty()) {
            parsed.error = QStringLiteral("%1 does not exist in %2: the clocks skip it when daylight saving time "
                                          "starts; choose another time or give a UTC offset")
                               .arg(wallClock(date, time), where);
            return parsed;
        }
        if (valid.size() > 1) {
            std::sort(valid.begin(), valid.end(), std::greater<>());
            parsed.error = QStringLiteral("%1 happens twice in %2, at %3 and at %4: give the UTC offset you mean")
                               .arg(wallClock(date, time), where, offsetText(valid.at(0)), offsetText(valid.at(1)));
            return parsed;
        }
        offset = valid.first();
        break;
    }
    }

    const qint64 utcMs = wallAsUtc - offset * 1000LL;
    parsed.msSinceEpoch = utcMs;
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC);
    if (zone->kind == ResetTimeZone::Kind::Utc) {
        parsed.interpretedAs = wallClock(date, time) + QStringLiteral(" UTC");
        return parsed;
    }
    const QString label = zone->kind == ResetTimeZone::Kind::Local
                              ? QStringLiteral("local time, %1").arg(offsetText(offset))
                              : offsetText(offset);
    const QString utcText =
        utc.date() == date ? utc.time().toString(QStringLiteral("HH:mm:ss")) : wallClock(utc.date(), utc.time());
    parsed.interpretedAs = QStringLiteral("%1 %2 (%3 UTC)").arg(wallClock(date, time), label, utcText);
    return parsed;
}

ParsedDuration parseResetDuration(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^P(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)(?:[.,](\\d{0,9}))?S)?)?$"));
    ParsedDuration parsed;
    const QString t = text.trimmed().toUpper();
    const QString example = QStringLiteral("like PT1H30M, P1DT12H or PT45S");
    const QRegularExpressionMatch m = re.match(t);
    const bool anyPart = m.hasMatch() && (m.hasCaptured(1) || m.hasCaptured(2) || m.hasCaptured(3) || m.hasCaptured(4));
    const bool emptyTimePart =
        m.hasMatch() && t.contains(QLatin1Char('T')) && !m.hasCaptured(2) && !m.hasCaptured(3) && !m.hasCaptured(4);
    if (!anyPart || emptyTimePart) {
        const qsizetype timeStart = t.indexOf(QLatin1Char('T'));
        const QString datePart = timeStart < 0 ? t : t.left(timeStart);
        if (t.contains(QLatin1Char('-')))
            parsed.error = QStringLiteral("'%1': the duration must be positive (how far back from now)").arg(text);
        else if (t.startsWith(QLatin1Char('P')) &&
                 (datePart.contains(QLatin1Char('W')) || datePart.contains(QLatin1Char('M')) ||
                  datePart.contains(QLatin1Char('Y'))))
            parsed.error = QStringLiteral("'%1': weeks, months and years are not accepted (no fixed length); use days, "
                                          "e.g. P7D")
                               .arg(text);
        else
            parsed.error = QStringLiteral("'%1' is not an ISO-8601 duration %2").arg(text.left(60), example);
        return parsed;
    }
    qint64 total = 0;
    bool overflow = false;
    const auto add = [&](int group, qint64 unitMs) {
        if (!m.hasCaptured(group))
            return;
        bool ok = false;
        const qint64 n = m.capturedView(group).toLongLong(&ok);
        qint64 part = 0;
        overflow = overflow || !ok || qMulOverflow(n, unitMs, &part) || qAddOverflow(total, part, &total);
    };
    add(1, kDayMs);
    add(2, 3'600'000);
    add(3, 60'000);
    add(4, 1000);
    if (m.hasCaptured(5) && !m.capturedView(5).isEmpty())
        overflow = overflow ||
                   qAddOverflow(total, m.captured(5).left(3).leftJustified(3, QLatin1Char('0')).toLongLong(), &total);
    if (overflow) {
        parsed.error = QStringLiteral("'%1' is too long a duration").arg(text.left(60));
        return parsed;
    }
    if (total <= 0) {
        parsed.error = QStringLiteral("'%1': the duration must be positive (how far back from now)").arg(text);
        return parsed;
    }
    parsed.ms = total;
    return parsed;
}

} // namespace OffsetLens
