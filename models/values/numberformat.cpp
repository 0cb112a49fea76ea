#include "numberformat.h"

#include <QLocale>
#include <QStringList>

namespace OffsetLens {

QString formatOffset(qint64 offset)
{
    return offset < 0 ? QStringLiteral("-") : QLocale().toString(offset);
}

QString formatCount(qint64 count)
{
    return QLocale().toString(count);
}

QString formatSignedCount(qint64 delta)
{
    if (delta > 0)
        return QStringLiteral("+") + formatCount(delta);
    if (delta < 0)
        return QStringLiteral("\u2212") + formatCount(-delta);
    return QStringLiteral("\u00B10");
}

QString formatCountOf(qint64 count, const QString &singular, const QString &plural)
{
    return formatCount(count) + QLatin1Char(' ') + (count == 1 ? singular : plural);
}

QString formatSeconds(qint64 milliseconds)
{
    return QString::number(double(milliseconds) / 1000.0, 'g', 3) + QStringLiteral(" s");
}

QString formatIdList(const QList<qint32> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (const qint32 id : ids)
        parts.append(QString::number(id));
    return parts.join(QStringLiteral(", "));
}

QString formatDuration(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("0 s");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    const qint64 totalSeconds = (ms + 500) / 1000;
    const qint64 values[] = {totalSeconds / 86400, totalSeconds / 3600 % 24, totalSeconds / 60 % 60, totalSeconds % 60};
    const char *const units[] = {"d", "h", "min", "s"};
    int first = 0;
    while (first < 3 && values[first] == 0)
        ++first;
    QString text = QStringLiteral("%1 %2").arg(values[first]).arg(QLatin1String(units[first]));
    if (first < 3 && values[first + 1] != 0)
        text += QStringLiteral(" %1 %2").arg(values[first + 1]).arg(QLatin1String(units[first + 1]));
    return text;
}

} // namespace OffsetLens
