#pragma once

#include <QList>
#include <QString>

namespace OffsetLens {

// Offsets and lags are shown with group separators (1 234 567) in the locale's style, "-" where there is no value,
// as kafka-consumer-groups prints it. Models and widgets share these so every view formats numbers alike.
QString formatOffset(qint64 offset);
QString formatCount(qint64 count);
// "+1,200", "−300" (a real minus sign), "±0": a change, as the visualiser's "new − old" labels show it.
QString formatSignedCount(qint64 delta);
// "1 group", "3 groups": a count with its noun in the right number. The messages are English until translations
// exist, and "group(s)" reads as a shrug.
QString formatCountOf(qint64 count, const QString &singular, const QString &plural);
// "10 s", "1.5 s": a timeout in words, for messages (C locale digits: these end up in logs and error reports).
QString formatSeconds(qint64 milliseconds);
// "850 ms", "42 s", "4 min 10 s", "2 h 5 min", "1 d 3 h": the two largest units, enough to judge how long a consumer
// was silent or how far behind it is.
QString formatDuration(qint64 milliseconds);
// "1, 2, 3" for replica and ISR lists.
QString formatIdList(const QList<qint32> &ids);

} // namespace OffsetLens
