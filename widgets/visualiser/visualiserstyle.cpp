#include "visualiserstyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <array>
#include <cmath>

namespace OffsetLens {

namespace {
// Okabe & Ito's palette, in an order where neighbours differ most in lightness as well as hue. Yellow is left out:
// it vanishes on a light background.
constexpr std::array<QRgb, 6> kGroupColours = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00};
} // namespace

VisualiserStyle VisualiserStyle::fromPalette(const QPalette &palette)
{
    VisualiserStyle s;
    const QColor base = palette.color(QPalette::Base);
    s.dark = base.lightnessF() < 0.5;
    s.text = palette.color(QPalette::Text);
    // Secondary text halfway between the text and the base: readable on either theme, whatever the palette's
    // placeholder colour is (often left at a dark grey by dark themes).
    const QColor text = s.text;
    s.mutedText =
        QColor::fromRgbF((text.redF() * 0.6f + base.redF() * 0.4f), (text.greenF() * 0.6f + base.greenF() * 0.4f),
                         (text.blueF() * 0.6f + base.blueF() * 0.4f));
    s.laneFill = s.dark ? QColor(0x4a, 0x50, 0x58) : QColor(0xd9, 0xdd, 0xe2);
    s.laneBorder = s.dark ? QColor(0x7a, 0x82, 0x8c) : QColor(0x9a, 0xa2, 0xac);
    s.highlight = palette.color(QPalette::Highlight);
    s.highlight.setAlphaF(0.22f);
    s.selection = palette.color(QPalette::Highlight);
    s.selection.setAlphaF(0.10f);
    s.warning = s.dark ? QColor(0xff, 0x6b, 0x5a) : QColor(0xc0, 0x28, 0x1c);
    s.stop = s.warning;
    s.logStart = s.text;
    s.highWatermark = s.text;
    s.lastStable = s.dark ? QColor(0xc8, 0xa8, 0xff) : QColor(0x6a, 0x3d, 0x9a);
    s.logEnd = s.mutedText;
    return s;
}

QColor VisualiserStyle::groupColour(qsizetype groupIndex) const
{
    QColor c = QColor::fromRgb(kGroupColours[size_t(groupIndex) % kGroupColours.size()]);
    // The darker Okabe–Ito colours lose contrast on a dark background.
    return dark ? c.lighter(135) : c;
}

MarkerShape VisualiserStyle::groupShape(qsizetype groupIndex)
{
    constexpr std::array<MarkerShape, 6> shapes = {MarkerShape::TriangleDown, MarkerShape::Circle,
                                                   MarkerShape::Square,       MarkerShape::Diamond,
                                                   MarkerShape::TriangleUp,   MarkerShape::Hexagon};
    return shapes[size_t(groupIndex) % shapes.size()];
}

void paintShape(QPainter *painter, MarkerShape shape, const QPointF &c, double size, const QColor &colour, bool filled,
                const QColor &outline)
{
    const double r = size / 2;
    QPainterPath path;
    switch (shape) {
    case MarkerShape::TriangleDown:
        path.addPolygon(QPolygonF{{c.x() - r, c.y() - r * 0.8}, {c.x() + r, c.y() - r * 0.8}, {c.x(), c.y() + r}});
        break;
    case MarkerShape::TriangleUp:
        path.addPolygon(QPolygonF{{c.x() - r, c.y() + r * 0.8}, {c.x() + r, c.y() + r * 0.8}, {c.x(), c.y() - r}});
        break;
    case MarkerShape::Circle:
        path.addEllipse(c, r * 0.85, r * 0.85);
        break;
    case MarkerShape::Square:
        path.addRect(QRectF(c.x() - r * 0.75, c.y() - r * 0.75, r * 1.5, r * 1.5));
        break;
    case MarkerShape::Diamond:
        path.addPolygon(QPolygonF{{c.x(), c.y() - r}, {c.x() + r, c.y()}, {c.x(), c.y() + r}, {c.x() - r, c.y()}});
        break;
    case MarkerShape::Hexagon: {
        QPolygonF hex;
        for (int i = 0; i < 6; ++i) {
            const double a = M_PI / 3 * i;
            hex << QPointF(c.x() + r * 0.9 * std::cos(a), c.y() + r * 0.9 * std::sin(a));
        }
        path.addPolygon(hex);
        break;
    }
    }
    path.closeSubpath();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    if (filled) {
        painter->setPen(QPen(outline, 1.2));
        painter->setBrush(colour);
    } else {
        painter->setPen(QPen(colour, 2.0));
        painter->setBrush(Qt::NoBrush);
    }
    painter->drawPath(path);
    painter->restore();
}

void paintWarningSign(QPainter *painter, const QPointF &c, double size, const QColor &colour)
{
    const double r = size / 2;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(colour, 1.0));
    painter->setBrush(colour);
    painter->drawPolygon(QPolygonF{{c.x(), c.y() - r}, {c.x() + r, c.y() + r * 0.85}, {c.x() - r, c.y() + r * 0.85}});
    // The exclamation mark in white: it reads on the warning colour of both the light and the dark theme.
    painter->setPen(QPen(Qt::white, std::max(1.0, size / 9), Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(QPointF(c.x(), c.y() - r * 0.35), QPointF(c.x(), c.y() + r * 0.3));
    painter->drawPoint(QPointF(c.x(), c.y() + r * 0.6));
    painter->restore();
}

} // namespace OffsetLens
