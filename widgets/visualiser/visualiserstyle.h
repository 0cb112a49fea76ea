#pragma once

#include "markerhelp.h"

#include <QColor>
#include <QPalette>

class QPainter;
class QPointF;

namespace OffsetLens {

// The shapes markers are told apart by, so that nothing depends on colour alone.
enum class MarkerShape
{
    TriangleDown,
    Circle,
    Square,
    Diamond,
    TriangleUp,
    Hexagon,
};

// Colours and shapes of the visualiser, derived from the widget's palette so that they read in a light and a dark
// theme. Group colours come from the Okabe–Ito set, which colour-blind readers tell apart; each group also gets its
// own shape.
struct VisualiserStyle
{
    bool dark = false;
    QColor text;
    QColor mutedText;
    QColor laneFill; // the retained log
    QColor laneBorder;
    QColor highlight; // the current lane's band
    QColor selection; // selected lanes' band
    QColor warning;   // out-of-range marks and the deleted part of a lag
    QColor stop;      // the clamp stop while dragging
    QColor logStart;
    QColor highWatermark;
    QColor lastStable;
    QColor logEnd;

    static VisualiserStyle fromPalette(const QPalette &palette);

    QColor groupColour(qsizetype groupIndex) const;
    static MarkerShape groupShape(qsizetype groupIndex);
};

// Draws a marker shape of about `size` pixels centred on `centre`; hollow shapes are outlined only (positions,
// ghosts), filled ones are outlined with `outline` so that they stand out on any background.
void paintShape(QPainter *painter, MarkerShape shape, const QPointF &centre, double size, const QColor &colour,
                bool filled, const QColor &outline);
// The small warning sign drawn beside an out-of-range committed offset.
void paintWarningSign(QPainter *painter, const QPointF &centre, double size, const QColor &colour);

} // namespace OffsetLens
