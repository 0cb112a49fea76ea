#pragma once

#include "finding.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace OffsetLens {

// The findings as `offsetlens doctor --format text` prints them and the panel copies them: one block per finding,
// severity and rule id first, then the title, explanation, what happens next, the partitions with their numbers
// and the suggested actions. The GUI shows the same strings, so both say the same thing.
QString findingsAsText(const QList<Finding> &findings);

// The findings as JSON (`--format json`), with stable keys:
// {"findings": [{"rule", "severity", "scope", "group", "topic", "title", "explanation", "whatNext",
//   "partitions": [{"topic", "partition", "committed", "logStart", "highWatermark", "position", "lag", "deleted",
//                   "earliestReads", "earliestRereads", "latestSkips", "redelivered", "skippedOnCrash", "detail"}],
//   "actions": [{"text", "blockedBy", "reset": null | {"group", "strategy", "scope": {"allTopics", "topics":
//               [{"topic", "partitions": [..]}]}, "offset", "timestampMs", "durationMs", "fromGroup", "targets":
//               [{"topic", "partition", "offset"}]}}],
//   "deadline", "produceRate", "consumeRate", "catchUpMs"}],
//  "counts": {"error", "warning", "info"}}
// Every key is always present; unknown or not applicable values are null. Strategies are "to-earliest",
// "to-latest", "to-current", "to-offset", "shift-by", "to-datetime", "by-duration", "from-file", "from-group",
// "explicit". `deadline` is ISO 8601 UTC.
QByteArray findingsAsJson(const QList<Finding> &findings, bool compact = false);
QJsonObject findingToJson(const Finding &finding);

} // namespace OffsetLens
