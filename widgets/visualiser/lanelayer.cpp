#include "lanelayer.h"

#include "numberformat.h"

#include <QFontMetricsF>

#include <cmath>

namespace OffsetLens {

namespace {
constexpr double kHitSlop = 7; // pixels either side of a marker that still hit it

bool isCommittedKind(MarkerKind kind)
{
    return kind == MarkerKind::Committed || kind == MarkerKind::PendingTarget ||
           kind == MarkerKind::CommittedBelowStart || kind == MarkerKind::CommittedAboveEnd;
}

} // namespace

LaneLayer::LaneLayer(QCPAxisRect *axisRect, const VisualiserState *state)
    : QCPLayerable(axisRect->parentPlot())
    , m_axisRect(axisRect)
    , m_state(state)
{
    qRegisterMetaType<OffsetLens::LaneHit>();
}

QRect LaneLayer::clipRect() const
{
    return m_axisRect->rect();
}

void LaneLayer::applyDefaultAntialiasingHint(QCPPainter *painter) const
{
    applyAntialiasingHint(painter, mAntialiased, QCP::aePlottables);
}

LaneLayer::Geometry LaneLayer::geometry(qsizetype row) const
{
    const QCPAxis *y = m_axisRect->axis(QCPAxis::atLeft);
    Geometry g;
    g.centre = y->coordToPixel(double(row));
    g.rowHeight = std::abs(y->coordToPixel(row + 0.5) - y->coordToPixel(row - 0.5));
    g.compact = g.rowHeight < 16;
    g.barHeight = std::clamp(g.rowHeight * 0.30, 2.0, 22.0);
    g.markerSize = std::clamp(g.rowHeight * 0.24, 4.0, 14.0);
    return g;
}

double LaneLayer::xPixel(const OffsetLane &lane, qint64 offset) const
{
    const double x = m_state->scale.toX(lane, offset);
    if (!std::isfinite(x))
        return std::nan("");
    return m_axisRect->axis(QCPAxis::atBottom)->coordToPixel(x);
}

double LaneLayer::pixelX(qsizetype row, qint64 offset) const
{
    if (row < 0 || row >= m_state->rowCount())
        return std::nan("");
    return xPixel(m_state->laneAt(row), offset);
}

void LaneLayer::draw(QCPPainter *painter)
{
    const VisualiserState &st = *m_state;
    if (st.rowCount() == 0)
        return;
    const QCPRange range = m_axisRect->axis(QCPAxis::atLeft)->range();
    const qsizetype first = std::max<qsizetype>(0, qsizetype(std::floor(range.lower - 0.5)));
    const qsizetype last = std::min<qsizetype>(st.rowCount() - 1, qsizetype(std::ceil(range.upper + 0.5)));
    QFont font = mParentPlot->font();
    painter->setFont(font);
    for (qsizetype row = first; row <= last; ++row)
        paintLane(painter, row, geometry(row));
}

void LaneLayer::paintText(QCPPainter *p, const QPointF &anchor, const QString &text, const QColor &colour,
                          Qt::Alignment align) const
{
    const QFontMetricsF fm(p->font());
    const QSizeF size(fm.horizontalAdvance(text) + 2, fm.height());
    QPointF topLeft = anchor;
    if (align & Qt::AlignHCenter)
        topLeft.rx() -= size.width() / 2;
    else if (align & Qt::AlignRight)
        topLeft.rx() -= size.width();
    if (align & Qt::AlignVCenter)
        topLeft.ry() -= size.height() / 2;
    else if (align & Qt::AlignBottom)
        topLeft.ry() -= size.height();
    p->setPen(colour);
    p->drawText(QRectF(topLeft, size), Qt::AlignCenter, text);
}

void LaneLayer::paintLane(QCPPainter *p, qsizetype row, const Geometry &g) const
{
    const VisualiserState &st = *m_state;
    const VisualiserStyle &style = st.style;
    const OffsetLane &lane = st.laneAt(row);
    const QRectF area = m_axisRect->rect();
    const QRectF band(area.left(), g.centre - g.rowHeight / 2, area.width(), g.rowHeight);
    if (row == st.currentRow)
        p->fillRect(band, style.highlight);
    else if (st.selected.contains(lane.tp))
        p->fillRect(band, style.selection);

    const double xs = xPixel(lane, lane.logStartOffset);
    const double xe = xPixel(lane, lane.highWatermark);
    if (!lane.knowsRange() || !std::isfinite(xs) || !std::isfinite(xe)) {
        if (!g.compact) {
            const QString why = lane.error.isEmpty() ? tr("log start or high watermark unknown") : lane.error;
            paintText(p, QPointF(area.left() + 8, g.centre), tr("Offsets unknown: %1").arg(why), style.warning,
                      Qt::AlignLeft | Qt::AlignVCenter);
        }
        return;
    }

    // The retained log.
    const QRectF bar(xs, g.barTop(), std::max(xe - xs, 1.0), g.barHeight);
    p->setPen(QPen(style.laneBorder, 1));
    p->setBrush(style.laneFill);
    p->drawRect(bar);

    // Lag bands, one sub-band per group that has a commit here, and the part of a lag that retention deleted.
    qsizetype withCommit = 0;
    for (const LaneCommit &c : lane.commits)
        withCommit += c.committed >= 0 ? 1 : 0;
    qsizetype bandIndex = 0;
    const QFontMetricsF fm(p->font());
    for (qsizetype gi = 0; gi < lane.commits.size(); ++gi) {
        const LaneCommit &c = lane.commits[gi];
        if (c.committed < 0)
            continue;
        const double h = g.barHeight / double(std::max<qsizetype>(withCommit, 1));
        const double top = g.barTop() + h * double(bandIndex++);
        const LanePlace place = placeOf(lane, c.committed);
        const double xc = xPixel(lane, c.committed);
        QColor fill = style.groupColour(gi);
        fill.setAlphaF(0.45f);
        if (place == LanePlace::Inside && xe - xc >= 1) {
            const QRectF lagRect(xc, top, xe - xc, h);
            p->fillRect(lagRect, fill);
            const QString label = formatCount(lane.highWatermark - c.committed);
            if (!g.compact && h >= fm.height() - 2 && lagRect.width() > fm.horizontalAdvance(label) + 8)
                paintText(p, lagRect.center(), label, style.text, Qt::AlignCenter);
        } else if (place == LanePlace::BelowStart) {
            // What is left of the lag: every retained message.
            const QRectF left(xs, top, xe - xs, h);
            p->fillRect(left, fill);
            const QString remaining = formatCount(lane.highWatermark - lane.logStartOffset);
            if (!g.compact && h >= fm.height() - 2 && left.width() > fm.horizontalAdvance(remaining) + 8)
                paintText(p, left.center(), remaining, style.text, Qt::AlignCenter);
            // What retention deleted: hatched, outside the lane.
            const QRectF gone(xc, top, xs - xc, h);
            p->setPen(Qt::NoPen);
            p->setBrush(QBrush(style.warning, Qt::BDiagPattern));
            p->drawRect(gone);
            p->setPen(QPen(style.warning, 1, Qt::DashLine));
            p->setBrush(Qt::NoBrush);
            p->drawRect(gone);
            const QString label = tr("%1 deleted").arg(formatCount(lane.logStartOffset - c.committed));
            if (!g.compact && gone.width() > fm.horizontalAdvance(label) + 8)
                paintText(p, QPointF(gone.center().x(), g.barBottom() + 1), label, style.warning,
                          Qt::AlignHCenter | Qt::AlignTop);
        } else if (place == LanePlace::AboveEnd) {
            const QRectF beyond(xe, top, xc - xe, h);
            p->setPen(QPen(style.warning, 1, Qt::DashLine));
            p->setBrush(QBrush(style.warning, Qt::FDiagPattern));
            p->drawRect(beyond);
            // Offsets the log does not have (recreated topic, truncation): counted like the deleted ones.
            const QString label = tr("%1 beyond the HW").arg(formatCount(c.committed - lane.highWatermark));
            if (!g.compact && beyond.width() > fm.horizontalAdvance(label) + 8)
                paintText(p, QPointF(beyond.center().x(), g.barBottom() + 1), label, style.warning,
                          Qt::AlignHCenter | Qt::AlignTop);
        }
    }

    const double markerHalf = g.compact ? g.rowHeight * 0.45 : g.barHeight / 2 + g.markerSize * 0.6;
    // Last stable offset, where a transaction is open (it differs from the HW).
    if (lane.lastStableOffset >= 0 && lane.lastStableOffset != lane.highWatermark) {
        const double x = xPixel(lane, lane.lastStableOffset);
        p->setPen(QPen(style.lastStable, 2, Qt::DashLine));
        p->drawLine(QPointF(x, g.centre - markerHalf), QPointF(x, g.centre + markerHalf));
        if (!g.compact)
            paintShape(p, MarkerShape::Diamond, QPointF(x, g.belowY()), g.markerSize * 0.8, style.lastStable, false,
                       style.text);
    }
    // Log end offset, only where a source knows it.
    if (lane.logEndOffset >= 0 && lane.logEndOffset != lane.highWatermark) {
        const double x = xPixel(lane, lane.logEndOffset);
        p->setPen(QPen(style.logEnd, 1.5, Qt::DotLine));
        p->drawLine(QPointF(x, g.centre - markerHalf), QPointF(x, g.centre + markerHalf));
    }

    // Log start "[" and HW "]" brackets.
    const double tick = g.compact ? 2 : 5;
    p->setPen(QPen(style.logStart, 1.5));
    p->drawLine(QPointF(xs, g.centre - markerHalf), QPointF(xs, g.centre + markerHalf));
    p->drawLine(QPointF(xs, g.centre - markerHalf), QPointF(xs + tick, g.centre - markerHalf));
    p->drawLine(QPointF(xs, g.centre + markerHalf), QPointF(xs + tick, g.centre + markerHalf));
    p->setPen(QPen(style.highWatermark, 3));
    p->drawLine(QPointF(xe, g.centre - markerHalf), QPointF(xe, g.centre + markerHalf));
    p->setPen(QPen(style.highWatermark, 1.5));
    p->drawLine(QPointF(xe, g.centre - markerHalf), QPointF(xe - tick, g.centre - markerHalf));
    p->drawLine(QPointF(xe, g.centre + markerHalf), QPointF(xe - tick, g.centre + markerHalf));
    if (!g.compact && g.rowHeight >= 3.2 * fm.height()) {
        // The ends' values, under the brackets, where there is room.
        const double y = g.centre + markerHalf + 1;
        paintText(p, QPointF(xs, y), formatCount(lane.logStartOffset), style.mutedText, Qt::AlignLeft | Qt::AlignTop);
        if (xe - xs > fm.horizontalAdvance(formatCount(lane.logStartOffset) + formatCount(lane.highWatermark)) + 16)
            paintText(p, QPointF(xe, y), formatCount(lane.highWatermark), style.mutedText,
                      Qt::AlignRight | Qt::AlignTop);
    }

    paintGroupMarkers(p, lane, g);

    // The visible stop of a drag that pushes past an end of the log.
    if (st.drag.active && st.drag.tp == lane.tp && st.drag.result.clampedAt != ClampEnd::None) {
        const bool atStart = st.drag.result.clampedAt == ClampEnd::LogStart;
        const double x = atStart ? xs : xe;
        p->setPen(QPen(style.stop, 4, Qt::SolidLine, Qt::FlatCap));
        p->drawLine(QPointF(x, g.centre - g.rowHeight * 0.42), QPointF(x, g.centre + g.rowHeight * 0.42));
        if (!g.compact) {
            // Outside the log, unless the plot's edge would cut it off there (the longest lanes end next to it):
            // then over the lane.
            const QString text = atStart ? tr("stop: log start") : tr("stop: high watermark");
            const double width = fm.horizontalAdvance(text) + 2;
            const bool outside = atStart ? x - 4 - width >= area.left() : x + 4 + width <= area.right();
            const bool leftOfStop = atStart == outside;
            paintText(p, QPointF(leftOfStop ? x - 4 : x + 4, g.centre), text, style.stop,
                      (leftOfStop ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        }
    }
}

void LaneLayer::paintGroupMarkers(QCPPainter *p, const OffsetLane &lane, const Geometry &g) const
{
    const VisualiserState &st = *m_state;
    const VisualiserStyle &style = st.style;
    const double lineHalf = g.compact ? g.rowHeight * 0.45 : g.barHeight / 2 + 2;
    for (qsizetype gi = 0; gi < lane.commits.size(); ++gi) {
        const LaneCommit &c = lane.commits[gi];
        const QColor colour = style.groupColour(gi);
        const MarkerShape shape = VisualiserStyle::groupShape(gi);
        // Position (hollow, below the lane): where the running consumer reads next.
        if (c.position >= 0) {
            const double x = xPixel(lane, c.position);
            if (std::isfinite(x)) {
                p->setPen(QPen(colour, 1.5, Qt::DashLine));
                p->drawLine(QPointF(x, g.centre - lineHalf), QPointF(x, g.centre + lineHalf));
                if (!g.compact)
                    paintShape(p, shape, QPointF(x, g.belowY()), g.markerSize, colour, false, style.text);
            }
        }
        if (c.committed < 0)
            continue;
        const std::optional<qint64> target = gi == st.editGroup ? st.targetFor(lane.tp) : std::nullopt;
        if (target && *target != c.committed) {
            paintEditedMarker(p, lane, g, c.committed, *target);
            continue;
        }
        const double x = xPixel(lane, c.committed);
        if (!std::isfinite(x))
            continue;
        p->setPen(QPen(colour, 2.5));
        p->drawLine(QPointF(x, g.centre - lineHalf), QPointF(x, g.centre + lineHalf));
        if (!g.compact)
            paintShape(p, shape, QPointF(x, g.aboveY()), g.markerSize, colour, true, style.text);
        const LanePlace place = placeOf(lane, c.committed);
        if (place == LanePlace::BelowStart || place == LanePlace::AboveEnd) {
            const double size = g.compact ? g.rowHeight * 0.8 : g.markerSize * 1.1;
            // Beside the marker on the lane's side, where the plot's edge never clips it.
            const double dx = (place == LanePlace::BelowStart ? 1 : -1) * (size * 0.9 + 2);
            paintWarningSign(p, QPointF(x + dx, g.compact ? g.centre : g.aboveY()), size, style.warning);
            if (st.scale.mode == LaneScaleMode::Normalised && !g.compact) {
                // A break mark: the distance to the lane is not to scale. It goes between the warning sign and the
                // lane: halfway from the marker it fell on the sign, as the normalised gap is only a few signs wide.
                const double xs =
                    xPixel(lane, place == LanePlace::BelowStart ? lane.logStartOffset : lane.highWatermark);
                const double signEdge = x + dx + (dx > 0 ? size : -size) / 2;
                const double mid = (signEdge + xs) / 2;
                p->setPen(QPen(style.warning, 1.5));
                const double h = g.barHeight / 2 + 3;
                p->drawLine(QPointF(mid - 3, g.centre - h), QPointF(mid + 1, g.centre + h));
                p->drawLine(QPointF(mid + 1, g.centre - h), QPointF(mid + 5, g.centre + h));
            }
        }
    }
}

void LaneLayer::paintEditedMarker(QCPPainter *p, const OffsetLane &lane, const Geometry &g, qint64 from,
                                  qint64 to) const
{
    const VisualiserStyle &style = m_state->style;
    const qsizetype gi = m_state->editGroup;
    const QColor colour = style.groupColour(gi);
    const MarkerShape shape = VisualiserStyle::groupShape(gi);
    const double lineHalf = g.compact ? g.rowHeight * 0.45 : g.barHeight / 2 + 2;
    const double xOld = xPixel(lane, from);
    const double xNew = xPixel(lane, to);
    // The ghost: where the committed offset is now, faded (not hollow: hollow shapes are positions).
    if (std::isfinite(xOld)) {
        p->setPen(QPen(colour, 1.5, Qt::DotLine));
        p->drawLine(QPointF(xOld, g.centre - lineHalf), QPointF(xOld, g.centre + lineHalf));
        QColor faded = colour;
        faded.setAlphaF(0.3f);
        if (!g.compact)
            paintShape(p, shape, QPointF(xOld, g.aboveY()), g.markerSize, faded, true, style.mutedText);
    }
    if (!std::isfinite(xNew))
        return;
    // "new − old" goes on the side away from the ghost, unless the plot's edge would cut it off there; then it sits
    // between the two, and the line joining them stops short of it instead of striking it through.
    const QString label = from >= 0 ? formatSignedCount(to - from) : formatCount(to);
    const double room = g.markerSize + 2 + QFontMetricsF(p->font()).horizontalAdvance(label) + 2;
    const QRectF area = m_axisRect->rect();
    bool right = !std::isfinite(xOld) || xNew >= xOld;
    if (right && xNew + room > area.right() && xNew - room >= area.left())
        right = false;
    else if (!right && xNew - room < area.left() && xNew + room <= area.right())
        right = true;
    if (std::isfinite(xOld) && !g.compact) {
        const bool labelBetween = right != (xNew >= xOld);
        const double end = labelBetween ? xNew + (right ? room : -room) : xNew;
        if ((end > xOld) == (xNew > xOld)) {
            p->setPen(QPen(colour, 1, Qt::DashLine));
            p->drawLine(QPointF(xOld, g.aboveY()), QPointF(end, g.aboveY()));
        }
    }
    p->setPen(QPen(style.text, 3.5));
    p->drawLine(QPointF(xNew, g.centre - lineHalf - 1), QPointF(xNew, g.centre + lineHalf + 1));
    p->setPen(QPen(colour, 2));
    p->drawLine(QPointF(xNew, g.centre - lineHalf), QPointF(xNew, g.centre + lineHalf));
    if (g.compact)
        return;
    paintShape(p, shape, QPointF(xNew, g.aboveY()), g.markerSize * 1.25, colour, true, style.text);
    paintText(p, QPointF(xNew + (right ? 1 : -1) * (g.markerSize + 2), g.aboveY()), label, style.text,
              (right ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
}

LaneHit LaneLayer::hitAt(const QPointF &pos) const
{
    const VisualiserState &st = *m_state;
    LaneHit hit;
    if (!m_axisRect->rect().contains(pos.toPoint()) || st.rowCount() == 0)
        return hit;
    const double coord = m_axisRect->axis(QCPAxis::atLeft)->pixelToCoord(pos.y());
    const qsizetype row = qsizetype(std::llround(coord));
    if (row < 0 || row >= st.rowCount())
        return hit;
    hit.row = row;
    const Geometry g = geometry(row);
    const OffsetLane &lane = st.laneAt(row);
    const auto near = [&](qint64 offset) {
        const double x = xPixel(lane, offset);
        return std::isfinite(x) && std::abs(x - pos.x()) <= kHitSlop;
    };
    const bool lowerHalf = pos.y() > g.centre + g.barHeight / 2;
    // Group markers first, the edited group before the others: it is the one a press drags.
    QList<qsizetype> order;
    if (st.editGroup >= 0 && st.editGroup < lane.commits.size())
        order.append(st.editGroup);
    for (qsizetype gi = 0; gi < lane.commits.size(); ++gi) {
        if (gi != st.editGroup)
            order.append(gi);
    }
    for (const qsizetype gi : order) {
        const LaneCommit &c = lane.commits[gi];
        if (gi == st.editGroup) {
            if (const auto target = st.targetFor(lane.tp); target && near(*target)) {
                hit.kind = MarkerKind::PendingTarget;
                hit.group = gi;
                return hit;
            }
        }
        if (c.committed >= 0 && !lowerHalf && near(c.committed)) {
            const LanePlace place = placeOf(lane, c.committed);
            hit.kind = place == LanePlace::BelowStart ? MarkerKind::CommittedBelowStart
                       : place == LanePlace::AboveEnd ? MarkerKind::CommittedAboveEnd
                                                      : MarkerKind::Committed;
            hit.group = gi;
            return hit;
        }
        if (c.position >= 0 && near(c.position) && (lowerHalf || c.committed < 0 || !near(c.committed))) {
            hit.kind = MarkerKind::Position;
            hit.group = gi;
            return hit;
        }
    }
    if (!lane.knowsRange())
        return hit;
    if (near(lane.highWatermark)) {
        hit.kind = MarkerKind::HighWatermark;
        return hit;
    }
    if (near(lane.logStartOffset)) {
        hit.kind = MarkerKind::LogStart;
        return hit;
    }
    if (lane.lastStableOffset >= 0 && lane.lastStableOffset != lane.highWatermark && near(lane.lastStableOffset)) {
        hit.kind = MarkerKind::LastStable;
        return hit;
    }
    if (lane.logEndOffset >= 0 && near(lane.logEndOffset)) {
        hit.kind = MarkerKind::LogEnd;
        return hit;
    }
    // Inside the bar: a group's lag band, or the hatched part retention deleted.
    if (pos.y() < g.barTop() || pos.y() > g.barBottom())
        return hit;
    qsizetype withCommit = 0;
    for (const LaneCommit &c : lane.commits)
        withCommit += c.committed >= 0 ? 1 : 0;
    const double h = g.barHeight / double(std::max<qsizetype>(withCommit, 1));
    const qsizetype band = std::clamp<qsizetype>(qsizetype((pos.y() - g.barTop()) / h), 0, withCommit - 1);
    qsizetype seen = 0;
    for (qsizetype gi = 0; gi < lane.commits.size(); ++gi) {
        const LaneCommit &c = lane.commits[gi];
        if (c.committed < 0 || seen++ != band)
            continue;
        const double xc = xPixel(lane, c.committed);
        const double xs = xPixel(lane, lane.logStartOffset);
        const double xe = xPixel(lane, lane.highWatermark);
        if (pos.x() >= std::min(xc, xs) && pos.x() < xs && c.committed < lane.logStartOffset) {
            hit.kind = MarkerKind::DeletedLag;
            hit.group = gi;
        } else if (pos.x() >= std::max(xc, xs) && pos.x() <= xe) {
            hit.kind = MarkerKind::Lag;
            hit.group = gi;
        }
    }
    return hit;
}

std::optional<QPointF> LaneLayer::markerCentre(qsizetype row, MarkerKind kind, qsizetype group) const
{
    const VisualiserState &st = *m_state;
    if (row < 0 || row >= st.rowCount())
        return std::nullopt;
    const OffsetLane &lane = st.laneAt(row);
    const Geometry g = geometry(row);
    qint64 offset = kNoOffset;
    double y = g.centre;
    switch (kind) {
    case MarkerKind::LogStart:
        offset = lane.logStartOffset;
        break;
    case MarkerKind::HighWatermark:
        offset = lane.highWatermark;
        break;
    case MarkerKind::LastStable:
        offset = lane.lastStableOffset;
        break;
    case MarkerKind::LogEnd:
        offset = lane.logEndOffset;
        break;
    case MarkerKind::Position:
        if (const LaneCommit *c = lane.commit(group))
            offset = c->position;
        y = g.belowY();
        break;
    case MarkerKind::PendingTarget:
        if (const auto target = st.targetFor(lane.tp))
            offset = *target;
        y = g.aboveY();
        break;
    case MarkerKind::Committed:
    case MarkerKind::CommittedBelowStart:
    case MarkerKind::CommittedAboveEnd:
    case MarkerKind::Lag:
    case MarkerKind::DeletedLag:
        if (const LaneCommit *c = lane.commit(group))
            offset = c->committed;
        y = g.compact ? g.centre : g.aboveY();
        break;
    }
    if (offset < 0)
        return std::nullopt;
    const double x = xPixel(lane, offset);
    if (!std::isfinite(x))
        return std::nullopt;
    return QPointF(x, y);
}

bool LaneLayer::startsDrag(const LaneHit &hit) const
{
    return m_state->editable && hit.kind && hit.group >= 0 && hit.group == m_state->editGroup &&
           isCommittedKind(*hit.kind) && m_state->laneAt(hit.row).knowsRange();
}

double LaneLayer::selectTest(const QPointF &pos, bool onlySelectable, QVariant *details) const
{
    if (onlySelectable)
        return -1;
    const LaneHit hit = hitAt(pos);
    if (!startsDrag(hit))
        return -1; // the axis rect below gets the press and pans
    if (details)
        *details = QVariant::fromValue(hit);
    return 0;
}

void LaneLayer::mousePressEvent(QMouseEvent *event, const QVariant &details)
{
    if (event->button() != Qt::LeftButton || !details.canConvert<LaneHit>()) {
        event->ignore();
        return;
    }
    event->accept();
    Q_EMIT dragStarted(details.value<LaneHit>(), event->position(), event->modifiers());
}

void LaneLayer::mouseMoveEvent(QMouseEvent *event, const QPointF &startPos)
{
    Q_UNUSED(startPos)
    Q_EMIT dragMoved(event->position(), event->modifiers());
}

void LaneLayer::mouseReleaseEvent(QMouseEvent *event, const QPointF &startPos)
{
    Q_UNUSED(startPos)
    Q_EMIT dragFinished(event->position());
}

} // namespace OffsetLens
