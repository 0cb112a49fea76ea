#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace OffsetLens {

// The time zone a typed date-time is read in. It is always shown and always chosen: text without a zone is never
// silently read as local time (kafka-consumer-groups' --to-datetime does that).
struct ResetTimeZone
{
    enum class Kind
    {
        Local,
        Utc,
        Fixed, // offsetSeconds east of UTC
    };
    Kind kind = Kind::Utc;
    int offsetSeconds = 0;

    QString displayName() const; // "UTC", "local time (UTC+01:00, Europe/Berlin)", "UTC+05:30"
    friend bool operator==(const ResetTimeZone &, const ResetTimeZone &) = default;
};

// "local", "UTC" / "Z", "+05:30", "-0800", "UTC+2": the zone options the CLI and the dialog accept.
std::optional<ResetTimeZone> parseResetTimeZone(const QString &text);

struct ParsedResetTime
{
    std::optional<qint64> msSinceEpoch; // UTC
    QString error;                      // why not, in words
    QString interpretedAs;              // "2026-11-23 14:00:00.000 UTC+01:00 (13:00:00 UTC)"
};

// The CLI's --to-datetime format `YYYY-MM-DDTHH:mm:SS.sss` (seconds and milliseconds optional, a space instead of
// the T accepted), with an optional zone suffix (`Z`, `+hh:mm`, `+hhmm`). A suffix wins over `zone`; without a
// suffix, `zone` is required: std::nullopt gives an error asking for one. Invalid dates (Feb 30) are errors, as are
// local times that do not exist or are ambiguous in a DST change.
ParsedResetTime parseResetDateTime(const QString &text, std::optional<ResetTimeZone> zone);

// --by-duration's ISO-8601 `PnDTnHnMnS` (Java's Duration.parse: days, hours, minutes, fractional seconds; no
// weeks, months or years), case-insensitive; must be positive. Returns milliseconds, or the error in words.
struct ParsedDuration
{
    std::optional<qint64> ms;
    QString error;
};
ParsedDuration parseResetDuration(const QString &text);

} // namespace OffsetLens
