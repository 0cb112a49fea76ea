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

} // namespace OffsetLens
