// The visualiser's edits and input: pending edits, drags, keys and the wheel (the rest is in offsetvisualiser.cpp).
#include "carryforward.h"
#include "editspanel.h"
#include "lanelayer.h"
#include "numberformat.h"
#include "offsetvisualiser.h"
#include "qcustomplot_include.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>
#include <limits>

namespace OffsetLens {

namespace {
constexpr double kSnapPixels = 6; // a drop this close to the log start or the HW snaps onto it

} // namespace

// ---- edits ----

void OffsetVisualiser::pushEdits(const QList<LaneEdit> &edits, const QString &description, bool merge)
{
    if (edits.isEmpty() || m_state.editGroup < 0)
        return;
    PendingEdits &pending = editsOf(editGroup());
    PendingEdits::Step step{description, edits};
    if (merge)
        pending.pushOrMerge(std::move(step));
    else
        pending.push(std::move(step));
    m_state.pending = pending.targets();
    updateSidePanel();
    replot();
    Q_EMIT pendingEditsChanged();
}

bool OffsetVisualiser::undoEdit()
{
    if (m_state.drag.active) {
        cancelDrag();
        return true;
    }
    if (m_state.editGroup < 0 || !editsOf(editGroup()).undo())
        return false;
    m_state.pending = editsOf(editGroup()).targets();
    updateSidePanel();
    replot();
    Q_EMIT pendingEditsChanged();
    return true;
}

void OffsetVisualiser::discardEdits()
{
    cancelDrag();
    if (m_state.editGroup < 0)
        return;
    editsOf(editGroup()).clear();
    m_state.pending.clear();
    updateSidePanel();
    replot();
    Q_EMIT pendingEditsChanged();
}

void OffsetVisualiser::requestReview()
{
    const PendingEdits &edits = pendingEdits();
    if (edits.isEmpty())
        return;
    Q_EMIT reviewRequested(edits.toResetRequest(editGroup(), QDateTime::currentDateTimeUtc()));
}

void OffsetVisualiser::resetApplied(const QString &clusterId, const ResetRequest &request)
{
    const QString key = clusterId + QLatin1Char('\n') + request.groupId;
    const auto it = m_edits.find(key);
    if (it == m_edits.end() || request.strategy.kind != ResetStrategyKind::Explicit)
        return;
    // Only when the preview wrote exactly these targets: edits made since then stay.
    if (it->toResetRequest(request.groupId, request.now).strategy.targets != request.strategy.targets)
        return;
    it->clear();
    if (key == editKey()) {
        m_state.pending.clear();
        updateSidePanel();
        replot();
    }
    Q_EMIT pendingEditsChanged();
}

bool OffsetVisualiser::setTargetOfCurrent(qint64 offset)
{
    if (!m_state.editable || m_state.currentRow < 0)
        return false;
    const OffsetLane &lane = m_state.laneAt(m_state.currentRow);
    const ClampedOffset to = clampToLog(lane, offset);
    if (to.offset < 0)
        return false;
    const LaneCommit *c = lane.commit(m_state.editGroup);
    const qint64 from = m_state.targetFor(lane.tp).value_or(c ? c->committed : kNoOffset);
    pushEdits({LaneEdit{lane.tp, from, to.offset, to.clampedAt}},
              tr("%1: %2 → %3").arg(partitionName(lane.tp), formatOffset(from), formatCount(to.offset)), false);
    return true;
}

void OffsetVisualiser::moveCurrentTarget(qint64 delta)
{
    if (!m_state.editable || m_state.currentRow < 0)
        return;
    const OffsetLane &lane = m_state.laneAt(m_state.currentRow);
    if (!lane.knowsRange())
        return;
    const LaneCommit *c = lane.commit(m_state.editGroup);
    std::optional<qint64> start = m_state.targetFor(lane.tp);
    if (!start && c && c->committed >= 0)
        start = c->committed;
    // Without a commit, the keys start from the end they move away from.
    const qint64 from = start.value_or(delta > 0 ? lane.logStartOffset : lane.highWatermark);
    const qint64 raw = delta > 0 && from > std::numeric_limits<qint64>::max() - delta
                           ? std::numeric_limits<qint64>::max()
                           : from + delta;
    const ClampedOffset to = clampToLog(lane, raw);
    pushEdits({LaneEdit{lane.tp, start.value_or(kNoOffset), to.offset, to.clampedAt}},
              tr("%1: → %2").arg(partitionName(lane.tp), formatCount(to.offset)), true);
}

// ---- mouse ----

qint64 OffsetVisualiser::rawOffsetAt(qsizetype row, double pixelX) const
{
    const OffsetLane &lane = m_state.laneAt(row);
    const double xs = m_layer->pixelX(row, lane.logStartOffset);
    const double xe = m_layer->pixelX(row, lane.highWatermark);
    // Dropping on an end's marker means that end: earliest or latest.
    if (std::isfinite(xe) && std::abs(pixelX - xe) <= kSnapPixels)
        return lane.highWatermark;
    if (std::isfinite(xs) && std::abs(pixelX - xs) <= kSnapPixels)
        return lane.logStartOffset;
    return m_state.scale.toOffset(lane, m_plot->xAxis->pixelToCoord(pixelX));
}

DragMode OffsetVisualiser::dragModeFor(Qt::KeyboardModifiers modifiers) const
{
    if (modifiers & Qt::ShiftModifier)
        return DragMode::ShiftAll;
    if (modifiers & Qt::ControlModifier)
        return DragMode::SamePosition;
    return DragMode::Single;
}

void OffsetVisualiser::onPlotPress(QMouseEvent *event)
{
    m_plot->setFocus(Qt::MouseFocusReason);
    const LaneHit hit = m_layer->hitAt(event->position());
    if (hit.onLane() && hit.row != m_state.currentRow)
        setCurrentRow(hit.row, true);
    // A press on the edited group's marker that cannot move: say why, where the user looks.
    if (hit.kind && hit.group >= 0 && hit.group == m_state.editGroup && !m_state.editable &&
        (*hit.kind == MarkerKind::Committed || *hit.kind == MarkerKind::CommittedBelowStart ||
         *hit.kind == MarkerKind::CommittedAboveEnd)) {
        QToolTip::showText(event->globalPosition().toPoint(), tr("This marker does not move: %1").arg(m_notEditable),
                           m_plot);
    }
}

void OffsetVisualiser::onDragStarted(const LaneHit &hit, const QPointF &pos, Qt::KeyboardModifiers modifiers)
{
    if (!m_layer->startsDrag(hit))
        return;
    const OffsetLane &lane = m_state.laneAt(hit.row);
    const LaneCommit *c = lane.commit(m_state.editGroup);
    m_state.drag = LaneDrag{};
    m_state.drag.active = true;
    m_state.drag.tp = lane.tp;
    m_state.drag.mode = dragModeFor(modifiers);
    m_state.drag.pressPos = pos;
    m_state.drag.rawTarget = m_state.targetFor(lane.tp).value_or(c ? c->committed : lane.highWatermark);
    m_state.drag.setResult(planDrag(m_state.lanes.lanes, m_state.editGroup, lane.tp, m_state.drag.rawTarget,
                                    m_state.drag.mode, m_state.pending));
    QToolTip::hideText();
    replot();
}

void OffsetVisualiser::onDragMoved(const QPointF &pos, Qt::KeyboardModifiers modifiers)
{
    if (!m_state.drag.active)
        return;
    const qsizetype row = m_state.rowOf(m_state.drag.tp);
    if (row < 0) {
        cancelDrag();
        return;
    }
    if (!m_state.drag.moved && (pos - m_state.drag.pressPos).manhattanLength() < 3)
        return; // a click's tremor, not a drag yet
    m_state.drag.moved = true;
    m_state.drag.mode = dragModeFor(modifiers);
    m_state.drag.rawTarget = rawOffsetAt(row, pos.x());
    m_state.drag.setResult(planDrag(m_state.lanes.lanes, m_state.editGroup, m_state.drag.tp, m_state.drag.rawTarget,
                                    m_state.drag.mode, m_state.pending));
    replot();
}

void OffsetVisualiser::onDragFinished()
{
    if (!m_state.drag.active)
        return;
    const LaneDrag drag = m_state.drag;
    m_state.drag = LaneDrag{};
    if (!drag.moved) {
        replot(); // a click on the marker: nothing planned
        return;
    }
    QList<LaneEdit> edits;
    for (const LaneEdit &e : drag.result.edits) {
        if (e.to != e.from)
            edits.append(e);
    }
    if (edits.isEmpty()) {
        replot();
        return;
    }
    QString description;
    const LaneEdit &first = drag.result.edits.first();
    switch (drag.mode) {
    case DragMode::Single:
        description = tr("%1: %2 → %3").arg(partitionName(first.tp), formatOffset(first.from), formatCount(first.to));
        break;
    case DragMode::ShiftAll:
        description = tr("%1: every partition shifted by %2").arg(first.tp.topic, formatSignedCount(drag.result.delta));
        break;
    case DragMode::SamePosition:
        description = tr("%1: every partition at %2 % of its log")
                          .arg(first.tp.topic)
                          .arg(QString::number(drag.result.fraction * 100, 'f', 1));
        break;
    }
    pushEdits(edits, description, false);
}

void OffsetVisualiser::cancelDrag()
{
    if (!m_state.drag.active)
        return;
    m_state.drag = LaneDrag{};
    replot();
}

LaneHit OffsetVisualiser::hitAt(const QPoint &plotPos) const
{
    return m_layer->hitAt(plotPos);
}

QString OffsetVisualiser::toolTipAt(const QPoint &plotPos) const
{
    const LaneHit hit = m_layer->hitAt(plotPos);
    if (!hit.onLane())
        return {};
    const OffsetLane &lane = m_state.laneAt(hit.row);
    if (!hit.kind) {
        if (!lane.knowsRange())
            return tr("%1: offsets unknown%2")
                .arg(partitionName(lane.tp), lane.error.isEmpty() ? QString() : QStringLiteral(": ") + lane.error);
        return {};
    }
    const QString groupId = hit.group >= 0 ? m_state.lanes.groups.value(hit.group) : QString();
    const qint64 pending = m_state.targetFor(lane.tp).value_or(kNoOffset);
    QString text =
        partitionName(lane.tp) + QLatin1Char('\n') + markerToolTip(*hit.kind, lane, hit.group, groupId, pending);
    if (lane.carriedFromMs != 0)
        text += QLatin1Char('\n') + carriedNote(lane.carriedFromMs);
    const bool committedKind = *hit.kind == MarkerKind::Committed || *hit.kind == MarkerKind::PendingTarget ||
                               *hit.kind == MarkerKind::CommittedBelowStart ||
                               *hit.kind == MarkerKind::CommittedAboveEnd;
    if (committedKind && hit.group == m_state.editGroup && hit.group >= 0) {
        text += QStringLiteral("\n\n") +
                (m_state.editable ? tr("Drag to plan a reset (Shift: every partition by the same amount; Ctrl: the "
                                       "same position in each). Nothing is written before the preview.")
                                  : tr("This marker does not move: %1").arg(m_notEditable));
    }
    return text;
}

void OffsetVisualiser::showToolTip(const QPoint &plotPos, const QPoint &globalPos)
{
    const QString text = toolTipAt(plotPos);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, text, m_plot);
}

std::optional<QPoint> OffsetVisualiser::markerPoint(const TopicPartition &tp, MarkerKind kind, qsizetype group) const
{
    const auto centre = m_layer->markerCentre(m_state.rowOf(tp), kind, group);
    if (!centre || !m_plot->axisRect()->rect().contains(centre->toPoint()))
        return std::nullopt;
    return centre->toPoint();
}

std::optional<QPoint> OffsetVisualiser::offsetPoint(const TopicPartition &tp, qint64 offset) const
{
    const qsizetype row = m_state.rowOf(tp);
    const double x = m_layer->pixelX(row, offset);
    if (!std::isfinite(x))
        return std::nullopt;
    const QPoint p(int(std::lround(x)), int(std::lround(m_plot->yAxis->coordToPixel(double(row)))));
    if (!m_plot->axisRect()->rect().contains(p))
        return std::nullopt;
    return p;
}

// ---- keyboard and wheel ----

void OffsetVisualiser::showLaneMenu(QContextMenuEvent *event)
{
    LaneHit hit;
    if (event->reason() == QContextMenuEvent::Mouse) {
        hit = hitAt(event->pos());
    } else {
        for (qsizetype row = 0; row < m_state.rowCount(); ++row) {
            if (m_state.laneAt(row).tp == currentPartition())
                hit.row = row;
        }
    }
    if (!hit.onLane())
        return;
    const OffsetLane &lane = m_state.laneAt(hit.row);
    const LaneCommit *first = lane.commit(0);
    const qint64 committed = first ? first->committed : kNoOffset;
    const LaneCommit *hitCommit = lane.commit(hit.group);
    qint64 offset = committed;
    switch (hit.kind.value_or(MarkerKind::Committed)) {
    case MarkerKind::LogStart:
        offset = lane.logStartOffset;
        break;
    case MarkerKind::LastStable:
    case MarkerKind::HighWatermark:
    case MarkerKind::LogEnd:
        offset = lane.highWatermark > 0 ? lane.highWatermark - 1 : kNoOffset;
        break;
    default:
        if (hitCommit)
            offset = hitCommit->committed;
        break;
    }
    QMenu menu(this);
    const QString label = offset >= 0 ? tr("Peek at Messages at %1…").arg(offset) : tr("Peek at Messages…");
    connect(menu.addAction(label), &QAction::triggered, this,
            [this, tp = lane.tp, committed, offset] { Q_EMIT peekRequested(tp, committed, offset); });
    menu.exec(event->globalPos());
}

bool OffsetVisualiser::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::ContextMenu) {
            showLaneMenu(static_cast<QContextMenuEvent *>(event));
            return true;
        }
        if (event->type() == QEvent::KeyPress)
            return handleKey(static_cast<QKeyEvent *>(event));
        if (event->type() == QEvent::Wheel) {
            handleWheel(static_cast<QWheelEvent *>(event));
            return true;
        }
        if (event->type() == QEvent::ShortcutOverride) {
            // Keys the plot uses itself are not window shortcuts while it has the focus.
            auto *key = static_cast<QKeyEvent *>(event);
            if (key->key() == Qt::Key_Escape && m_state.drag.active) {
                event->accept();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool OffsetVisualiser::handleKey(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const qsizetype rows = m_state.rowCount();
    const qsizetype row = m_state.currentRow;
    const auto moveRow = [&](qsizetype to) {
        if (rows == 0)
            return;
        to = std::clamp<qsizetype>(to, 0, rows - 1);
        setCurrentRow(to, true);
        ensureRowVisible(to);
    };
    const auto panX = [&](double fraction) {
        const QCPRange r = m_plot->xAxis->range();
        m_plot->xAxis->setRange(r.lower + r.size() * fraction, r.upper + r.size() * fraction);
        replot();
    };
    const bool editableLane = m_state.editable && row >= 0 && m_state.laneAt(row).knowsRange();
    switch (event->key()) {
    case Qt::Key_Escape:
        if (m_state.drag.active) {
            cancelDrag();
            return true;
        }
        return false;
    case Qt::Key_Up:
        moveRow(row < 0 ? 0 : row - 1);
        return true;
    case Qt::Key_Down:
        moveRow(row < 0 ? 0 : row + 1);
        return true;
    case Qt::Key_PageUp:
        moveRow(row - visibleRowCount());
        return true;
    case Qt::Key_PageDown:
        moveRow(row + visibleRowCount());
        return true;
    case Qt::Key_Home:
    case Qt::Key_End: {
        const bool end = event->key() == Qt::Key_End;
        if (mods & Qt::ControlModifier) {
            moveRow(end ? rows - 1 : 0);
        } else if (editableLane) {
            const OffsetLane &lane = m_state.laneAt(row);
            setTargetOfCurrent(end ? lane.highWatermark : lane.logStartOffset);
        } else {
            const auto [lo, hi] = m_state.scale.extent(m_state.lanes.lanes);
            const QCPRange r = m_plot->xAxis->range();
            const double lower = end ? hi - r.size() : lo;
            m_plot->xAxis->setRange(lower, lower + r.size());
            replot();
        }
        return true;
    }
    case Qt::Key_Left:
    case Qt::Key_Right: {
        const int sign = event->key() == Qt::Key_Right ? 1 : -1;
        if ((mods & Qt::AltModifier) || !editableLane) {
            panX(sign * ((mods & Qt::ShiftModifier) ? 0.5 : 0.1));
            return true;
        }
        const qint64 step = (mods & Qt::ControlModifier) ? 1000 : (mods & Qt::ShiftModifier) ? 100 : 1;
        moveCurrentTarget(sign * step);
        return true;
    }
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomX(0.5);
        return true;
    case Qt::Key_Minus:
        zoomX(2.0);
        return true;
    case Qt::Key_F:
    case Qt::Key_0:
        if (mods & ~Qt::ShiftModifier)
            return false;
        fit();
        return true;
    case Qt::Key_L:
        if (mods != Qt::NoModifier)
            return false;
        focusOnLag();
        return true;
    case Qt::Key_N:
        if (mods != Qt::NoModifier)
            return false;
        setScaleMode(m_state.scale.mode == LaneScaleMode::Absolute ? LaneScaleMode::Normalised
                                                                   : LaneScaleMode::Absolute);
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_F2:
        if (!editableLane)
            return false;
        m_side->offsetEdit()->setFocus(Qt::ShortcutFocusReason);
        m_side->offsetEdit()->selectAll();
        return true;
    default:
        return false;
    }
}

void OffsetVisualiser::handleWheel(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    const double notches = (delta.y() != 0 ? delta.y() : delta.x()) / 120.0;
    if (event->modifiers() & Qt::ControlModifier) {
        zoomX(std::pow(0.8, notches), event->position().x());
    } else if (event->modifiers() & Qt::ShiftModifier || (delta.x() != 0 && delta.y() == 0)) {
        const QCPRange r = m_plot->xAxis->range();
        const double shift = -notches * r.size() * 0.1;
        m_plot->xAxis->setRange(r.lower + shift, r.upper + shift);
        replot();
    } else if (event->modifiers() & Qt::AltModifier) {
        m_autoLaneHeight = false;
        setLaneHeight(std::clamp(m_laneHeight * std::pow(1.15, notches), 4.0, 160.0));
        replot();
    } else {
        setFirstRow(m_plot->yAxis->range().lower + 0.5 - notches * 3);
    }
    event->accept();
}

} // namespace OffsetLens
