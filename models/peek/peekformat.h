#pragma once

#include "peekmessage.h"

#include <QTimeZone>

#include <optional>

namespace OffsetLens {

// Pure formatting of message bytes for the peek view. Every function is bounded in the size of its output, so a
// binary or huge value can never stall the GUI.

// UTF-8 text with invalid sequences replaced and control characters escaped (\n, \t, \x1b, ...). `multiLine`
// keeps line breaks (the detail pane); otherwise they are escaped too (a table cell). At most `maxChars`
// characters of input are shown, followed by an ellipsis.
QString peekText(const QByteArray &bytes, bool multiLine, qsizetype maxChars = 64 * 1024);

// Indented JSON when the bytes are a JSON object or array; nullopt otherwise (including truncated JSON).
std::optional<QString> peekJson(const QByteArray &bytes);

// A classic hex dump: offset, 16 bytes in hex, and their printable ASCII; at most `maxBytes` bytes.
QString peekHex(const QByteArray &bytes, qsizetype maxBytes = 16 * 1024);

// True when the bytes look like binary rather than text (invalid UTF-8 or control characters other than
// whitespace), so the view opens on Hex rather than Text.
bool looksBinary(const QByteArray &bytes);

// "2026-11-24 01:23:00.123 UTC+01:00 (CreateTime)": the zone and the timestamp's meaning are always shown.
QString peekTimestamp(qint64 timestampMs, TimestampType type, const QTimeZone &zone = QTimeZone::systemTimeZone());
QString timestampTypeName(TimestampType type);

// "12 B", "1 MiB (showing the first 64 KiB)", "null".
QString peekSize(qint64 realSize, qsizetype shownSize, bool isNull);

} // namespace OffsetLens
