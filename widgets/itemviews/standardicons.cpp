#include "standardicons.h"

#include <QApplication>
#include <QHash>
#include <QPointer>

namespace OffsetLens {

QIcon standardIcon(QStyle::StandardPixmap which)
{
    // A QPointer, not a raw pointer: a new style could be allocated where a deleted one was.
    static QPointer<QStyle> style;
    static QHash<int, QIcon> icons;
    if (style != QApplication::style()) {
        style = QApplication::style();
        icons.clear();
    }
    auto it = icons.find(which);
    if (it == icons.end())
        it = icons.insert(which, style ? style->standardIcon(which) : QIcon());
    return *it;
}

} // namespace OffsetLens
