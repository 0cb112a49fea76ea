#include "formatting.h"

#include <QLocale>

namespace OffsetLens {

QString formatOffset(qint64 offset)
{
    return offset < 0 ? QStringLiteral("-") : QLocale().toString(offset);
}

QString formatCount(qint64 count)
{
    return QLocale().toString(count);
}

} // namespace OffsetLens
