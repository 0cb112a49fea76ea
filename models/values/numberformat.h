#pragma once

#include <QList>
#include <QString>

namespace OffsetLens {

// Offsets and lags are shown with group separators (1 234 567) in the locale's style, "-" where there is no value,
// as kafka-consumer-groups prints it. Models and widgets share these so every view formats numbers alike.
QString formatOffset(qint64 offset);
QString formatCount(qint64 count);
// "1 group", "3 groups": a count with its noun in the right number. The messages are English until translations
// exist, and "group(s)" reads as a shrug.
QString formatCountOf(qint64 count, const QString &singular, const QString &plural);
// "10 s", "1.5 s": a timeout in words, for messages (C locale digits: these end up in logs and error reports).
QString formatSeconds(qint64 milliseconds);
// "1, 2, 3" for replica and ISR lists.
QString formatIdList(const QList<qint32> &ids);

} // namespace OffsetLens
