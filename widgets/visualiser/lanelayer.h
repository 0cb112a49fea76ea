#pragma once

#include "qcustomplot_include.h"
#include "visualiserstate.h"

namespace OffsetLens {

// Paints the lanes of a VisualiserState into a QCustomPlot axis rect, and says what lies under a point. Only the
// lanes inside the y range are visited, so the cost of a replot follows what is on screen, not the partition count.
// Lane `row` is centred on y = row; the y axis is reversed so row 0 is at the top.
class LaneLayer : public QCPLayerable
{
    Q_OBJECT
public:
    LaneLayer(QCPAxisRect *axisRect, const VisualiserState *state);

    LaneHit hitAt(const QPointF &pos) const;
    // The pixel centre of a marker of the lane at `row` (for keyboard focus rings and tests); null when not drawn.
    std::optional<QPointF> markerCentre(qsizetype row, MarkerKind kind, qsizetype group = -1) const;
    // The x pixel of an offset on the lane at `row`; NaN when it cannot be placed.
    double pixelX(qsizetype row, qint64 offset) const;

    // True for the markers a press starts a drag on: the edit group's committed offset or pending target, when it
    // may be edited. Every other press goes on to the axis rect, which pans.
    bool startsDrag(const LaneHit &hit) const;

Q_SIGNALS:
    void dragStarted(const OffsetLens::LaneHit &hit, const QPointF &pos, Qt::KeyboardModifiers modifiers);
    void dragMoved(const QPointF &pos, Qt::KeyboardModifiers modifiers);
    void dragFinished(const QPointF &pos);

protected:
    double selectTest(const QPointF &pos, bool onlySelectable, QVariant *details) const override;
    void applyDefaultAntialiasingHint(QCPPainter *painter) const override;
    void draw(QCPPainter *painter) override;
    QRect clipRect() const override;
    void mousePressEvent(QMouseEvent *event, const QVariant &details) override;
    void mouseMoveEvent(QMouseEvent *event, const QPointF &startPos) override;
    void mouseReleaseEvent(QMouseEvent *event, const QPointF &startPos) override;

private:
    struct Geometry
    {
        double centre = 0; // y pixel of the lane's centre
        double rowHeight = 0;
        double barHeight = 0;
        double markerSize = 0;
        bool compact = false; // too little height for shapes and labels: lines only

        double barTop() const { return centre - barHeight / 2; }
        double barBottom() const { return centre + barHeight / 2; }
        double aboveY() const { return barTop() - markerSize / 2 - 1; }    // committed shapes
        double belowY() const { return barBottom() + markerSize / 2 + 1; } // position shapes
    };

    Geometry geometry(qsizetype row) const;
    double xPixel(const OffsetLane &lane, qint64 offset) const;
    void paintLane(QCPPainter *p, qsizetype row, const Geometry &g) const;
    void paintGroupMarkers(QCPPainter *p, const OffsetLane &lane, const Geometry &g) const;
    void paintEditedMarker(QCPPainter *p, const OffsetLane &lane, const Geometry &g, qint64 from, qint64 to) const;
    void paintText(QCPPainter *p, const QPointF &anchor, const QString &text, const QColor &colour,
                   Qt::Alignment align) const;

    QCPAxisRect *m_axisRect;
    const VisualiserState *m_state;
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::LaneHit)
