#pragma once

#include <QIcon>
#include <QStyle>

namespace OffsetLens {

// The application style's standard icon, made once. QStyle::standardIcon builds a new QIcon from the style's image
// files at every call (Fusion without an icon theme), and a model's data(Qt::DecorationRole) is asked for every visible
// row at every repaint: at 100,000 partitions the tree decoded the same PNGs on each paint (7 ms of a 30 ms first
// click). GUI thread only; the icons are made again when the application's style changes.
QIcon standardIcon(QStyle::StandardPixmap which);

} // namespace OffsetLens
