#include "offsetvisualiser.h"

#include "editspanel.h"
#include "lanelayer.h"
#include "laneticker.h"
#include "numberformat.h"
#include "qcustomplot_include.h"
#include "resetsafety.h"
#include "visualiserlegend.h"

#include <QActionGroup>
#include <QDataStream>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace OffsetLens {

namespace {
constexpr double kMinLaneHeight = 22;  // pixels: below this, fit() scrolls instead of squeezing
constexpr double kMaxLaneHeight = 72;  // pixels: a few lanes do not stretch over the whole plot
constexpr double kMinAbsoluteSpan = 8; // offsets: the narrowest zoom of the absolute scale
constexpr quint32 kStateVersion = 1;

} // namespace

OffsetVisualiser::OffsetVisualiser(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_scroll(new QScrollBar(Qt::Vertical, this))
    , m_legend(new VisualiserLegend(this))
    , m_side(new EditsPanel(this))
    , m_groupsButton(new QToolButton(this))
{
    m_state.style = VisualiserStyle::fromPalette(palette());

    // The plot: lanes on their own layer above the grid, y reversed so that the first lane is at the top.
    m_plot->setFocusPolicy(Qt::StrongFocus);
    m_plot->setAccessibleName(tr("Offset visualiser"));
    m_plot->setMinimumHeight(160);
    m_plot->setInteractions(QCP::iRangeDrag);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    m_plot->setNoAntialiasingOnDrag(false);
    m_plot->addLayer(QStringLiteral("lanes"), m_plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    m_layer = new LaneLayer(m_plot->axisRect(), &m_state);
    m_layer->setLayer(QStringLiteral("lanes"));
    m_laneTicker = QSharedPointer<LaneTicker>::create(&m_state);
    m_plot->yAxis->setTicker(m_laneTicker);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setSubTicks(false);
    m_plot->xAxis->setTicker(QSharedPointer<OffsetTicker>::create(&m_state));
    m_plot->xAxis->grid()->setSubGridVisible(false);
    m_plot->yAxis->setRange(-0.5, 3.5);
    m_plot->installEventFilter(this);
    connect(m_plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] {
        clampYRange();
        syncScrollBar();
    });
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] {
        if (!m_settingX)
            m_follow = Follow::Free; // the user zoomed or panned: live updates keep this view
    });
    connect(m_plot, &QCustomPlot::afterLayout, this, &OffsetVisualiser::onAfterLayout);
    connect(m_plot, &QCustomPlot::mousePress, this, &OffsetVisualiser::onPlotPress);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        if (event->buttons() == Qt::NoButton)
            showToolTip(event->position().toPoint(), event->globalPosition().toPoint());
    });
    connect(m_layer, &LaneLayer::dragStarted, this, &OffsetVisualiser::onDragStarted);
    connect(m_layer, &LaneLayer::dragMoved, this, &OffsetVisualiser::onDragMoved);
    connect(m_layer, &LaneLayer::dragFinished, this, [this] { onDragFinished(); });

    m_scroll->setAccessibleName(tr("Scroll lanes"));
    connect(m_scroll, &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_updatingScroll)
            setFirstRow(value);
    });

    // The tool row: scales, fit, focus on lag, zoom, the groups shown.
    auto *tools = new QToolBar(this);
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->setIconSize(QSize(16, 16));
    auto *scales = new QActionGroup(this);
    m_absolute = tools->addAction(tr("Absolute"));
    m_absolute->setToolTip(tr("One offset axis shared by every lane: sizes compare across partitions (N toggles)"));
    m_normalised = tools->addAction(tr("Normalised"));
    m_normalised->setToolTip(
        tr("Each lane from its own log start (0 %) to its own HW (100 %): positions compare (N toggles)"));
    for (QAction *a : {m_absolute, m_normalised}) {
        a->setCheckable(true);
        scales->addAction(a);
    }
    m_absolute->setChecked(true);
    connect(m_absolute, &QAction::triggered, this, [this] { setScaleMode(LaneScaleMode::Absolute); });
    connect(m_normalised, &QAction::triggered, this, [this] { setScaleMode(LaneScaleMode::Normalised); });
    tools->addSeparator();
    tools->addAction(tr("Fit"), this, &OffsetVisualiser::fit)->setToolTip(tr("Show every lane's whole log (F)"));
    tools->addAction(tr("Focus on Lag"), this, &OffsetVisualiser::focusOnLag)
        ->setToolTip(tr("Zoom to the span from the lowest committed offset to the HW (L)"));
    tools->addAction(tr("Zoom In"), this, [this] { zoomX(0.5); })->setToolTip(tr("Zoom in (+, Ctrl+wheel)"));
    tools->addAction(tr("Zoom Out"), this, [this] { zoomX(2.0); })->setToolTip(tr("Zoom out (−, Ctrl+wheel)"));
    tools->addSeparator();
    m_groupsButton->setText(tr("Groups"));
    m_groupsButton->setPopupMode(QToolButton::InstantPopup);
    m_groupsButton->setToolTip(tr("The groups whose committed offsets are drawn; show exactly one to move its "
                                  "offsets"));
    m_groupsButton->setMenu(new QMenu(m_groupsButton));
    connect(m_groupsButton->menu(), &QMenu::aboutToShow, this, &OffsetVisualiser::rebuildGroupsMenu);
    tools->addWidget(m_groupsButton);

    auto *plotRow = new QHBoxLayout;
    plotRow->setContentsMargins(0, 0, 0, 0);
    plotRow->setSpacing(0);
    plotRow->addWidget(m_plot, 1);
    plotRow->addWidget(m_scroll);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(tools);
    leftLayout->addLayout(plotRow, 1);
    leftLayout->addWidget(m_legend);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("visualiserSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_side);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({700, 280});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_side, &EditsPanel::undoRequested, this, &OffsetVisualiser::undoEdit);
    connect(m_side, &EditsPanel::discardRequested, this, &OffsetVisualiser::discardEdits);
    connect(m_side, &EditsPanel::reviewRequested, this, &OffsetVisualiser::requestReview);
    connect(m_side, &EditsPanel::offsetEntered, this, [this](qint64 offset) {
        if (setTargetOfCurrent(offset))
            m_plot->setFocus();
    });
    connect(m_side, &EditsPanel::rowActivated, this, [this](const TopicPartition &tp) {
        const qsizetype row = m_state.rowOf(tp);
        if (row >= 0) {
            setCurrentRow(row, true);
            ensureRowVisible(row);
            m_plot->setFocus();
        }
    });
    auto *undo = new QShortcut(QKeySequence::Undo, this, this, [this] { undoEdit(); });
    undo->setContext(Qt::WidgetWithChildrenShortcut);
    setFocusProxy(m_plot);

    applyPalette();
    rebuild(false);
}

OffsetVisualiser::~OffsetVisualiser() = default;

// ---- subject, data and order ----

void OffsetVisualiser::setSubject(LaneSubject subject, const QString &name)
{
    const LaneRequest &current = m_state.lanes.request;
    if (current.subject == subject && current.name == name)
        return;
    cancelDrag();
    m_state.lanes.request.subject = subject;
    m_state.lanes.request.name = name;
    m_chosenGroups.reset();
    m_defaultGroups.clear();
    m_order.reset();
    m_state.selected.clear();
    m_state.currentRow = -1;
    rebuild(false);
}

void OffsetVisualiser::applySnapshot(const AnalyzedSnapshot &analyzed)
{
    const bool otherCluster = analyzed.snapshot().profileId != m_clusterId;
    m_snapshot = analyzed;
    m_clusterId = analyzed.snapshot().profileId;
    if (otherCluster) {
        cancelDrag();
        m_chosenGroups.reset();
        m_defaultGroups.clear();
    }
    // A hidden visualiser (the other panel's, or one not on screen) catches up when it is shown: with thousands of
    // partitions, building lanes nobody sees would cost every refresh GUI time for nothing.
    if (!isVisible() && !otherCluster) {
        m_stale = true;
        return;
    }
    rebuild(!otherCluster);
}

void OffsetVisualiser::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale) {
        m_stale = false;
        rebuild(true);
    }
}

void OffsetVisualiser::setLaneOrder(const QList<TopicPartition> &order)
{
    if (m_order && *m_order == order)
        return;
    m_order = order;
    const TopicPartition current = currentPartition();
    updateRows();
    m_state.currentRow = m_state.rowOf(current);
    clampYRange();
    updateSidePanel();
    replot();
}

void OffsetVisualiser::setSelectedPartitions(const QList<TopicPartition> &partitions)
{
    QSet<TopicPartition> selected(partitions.cbegin(), partitions.cend());
    if (selected == m_state.selected)
        return;
    m_state.selected = std::move(selected);
    replot();
}

void OffsetVisualiser::setCurrentPartition(const TopicPartition &tp)
{
    const qsizetype row = m_state.rowOf(tp);
    if (row == m_state.currentRow)
        return;
    setCurrentRow(row, false);
    ensureRowVisible(row);
}

TopicPartition OffsetVisualiser::currentPartition() const
{
    if (m_state.currentRow < 0 || m_state.currentRow >= m_state.rowCount())
        return {};
    return m_state.laneAt(m_state.currentRow).tp;
}

void OffsetVisualiser::setShownGroups(const QStringList &groups)
{
    cancelDrag();
    m_chosenGroups = groups;
    rebuild(true);
}

void OffsetVisualiser::setReadOnly(bool readOnly, const QString &reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = reason;
    updateEditability();
    updateSidePanel();
    replot();
}

void OffsetVisualiser::rebuild(bool keepView)
{
    const ClusterSnapshot &snapshot = m_snapshot.snapshot();
    const LaneRequest &request = m_state.lanes.request;
    LaneRequest next{request.subject, request.name, {}};
    if (request.subject == LaneSubject::Topic) {
        m_available = groupsCommittedTo(snapshot, request.name);
        // A topic starts with the group lagging most: one group, so its markers can be dragged at once. Chosen once
        // per topic and cluster: were it re-chosen at every refresh, the group being edited (or dragged) could
        // change under the user when another one starts lagging more.
        if (m_defaultGroups.isEmpty())
            m_defaultGroups = m_available.mid(0, 1);
        next.groups = m_chosenGroups.value_or(m_defaultGroups);
    } else {
        // The other groups committed to any of this group's topics. Each group's offsets are sorted by topic: its
        // topics are visited by jumping from one run to the next, not by walking every offset (which took 40 ms per
        // refresh at 2,000 groups and 400,000 offsets).
        QStringList others;
        if (const GroupInfo *group = snapshot.findGroup(request.name)) {
            QSet<QString> topics;
            for (const CommittedOffset &o : group->offsets)
                topics.insert(o.tp.topic);
            const auto commitsToOneOf = [&topics](const GroupInfo &g) {
                for (auto run = g.offsets.cbegin(); run != g.offsets.cend();) {
                    const auto end = std::upper_bound(
                        run, g.offsets.cend(), run->tp.topic,
                        [](const QString &topic, const CommittedOffset &o) { return topic < o.tp.topic; });
                    if (topics.contains(run->tp.topic) &&
                        std::any_of(run, end, [](const CommittedOffset &o) { return o.offset >= 0; }))
                        return true;
                    run = end;
                }
                return false;
            };
            for (const GroupInfo &g : snapshot.groups) {
                if (g.groupId != request.name && commitsToOneOf(g))
                    others.append(g.groupId);
            }
        }
        m_available = QStringList{request.name} + others; // snapshot.groups is sorted by id
        next.groups = m_chosenGroups.value_or(QStringList{request.name});
    }

    const TopicPartition current = currentPartition();
    const QString editedBefore = editGroup();
    m_state.lanes = buildLanes(snapshot, next);
    updateRows();
    m_state.currentRow = m_state.rowOf(current);
    updateEditability();
    if (m_state.drag.active) {
        // A refresh in the middle of a drag: keep it, and re-plan it on the fresh offsets.
        if (!m_state.editable || m_state.rowOf(m_state.drag.tp) < 0 || editGroup() != editedBefore)
            cancelDrag();
        else
            m_state.drag.setResult(planDrag(m_state.lanes.lanes, m_state.editGroup, m_state.drag.tp,
                                            m_state.drag.rawTarget, m_state.drag.mode, m_state.pending));
    }
    bool lsoShown = false;
    bool leoKnown = false;
    for (const OffsetLane &lane : std::as_const(m_state.lanes.lanes)) {
        lsoShown |= lane.lastStableOffset >= 0 && lane.lastStableOffset != lane.highWatermark;
        leoKnown |= lane.logEndOffset >= 0;
    }
    m_legend->setContents(m_state.style, m_state.lanes.groups, leoKnown, lsoShown);
    m_groupsButton->setText(m_available.size() > 1
                                ? tr("Groups (%1 of %2)").arg(m_state.lanes.groups.size()).arg(m_available.size())
                                : tr("Groups"));
    m_groupsButton->setEnabled(!m_available.isEmpty());
    updateSidePanel();
    if (keepView) {
        clampYRange();
        applyFollow();
    } else {
        fit();
    }
    replot();
}

void OffsetVisualiser::updateRows()
{
    m_state.rows.clear();
    const QList<OffsetLane> &lanes = m_state.lanes.lanes;
    if (!m_order) {
        m_state.rows.reserve(lanes.size());
        for (qsizetype i = 0; i < lanes.size(); ++i)
            m_state.rows.append(i);
    } else {
        QHash<TopicPartition, qsizetype> index;
        index.reserve(lanes.size());
        for (qsizetype i = 0; i < lanes.size(); ++i)
            index.insert(lanes[i].tp, i);
        for (const TopicPartition &tp : std::as_const(*m_order)) {
            if (const auto it = index.constFind(tp); it != index.cend())
                m_state.rows.append(*it);
        }
    }
    syncScrollBar();
}

QString OffsetVisualiser::editGroup() const
{
    return m_state.editGroup >= 0 ? m_state.lanes.groups.value(m_state.editGroup) : QString();
}

QString OffsetVisualiser::editKey() const
{
    return m_clusterId + QLatin1Char('\n') + editGroup();
}

PendingEdits &OffsetVisualiser::editsOf(const QString &groupId)
{
    return m_edits[m_clusterId + QLatin1Char('\n') + groupId];
}

const PendingEdits &OffsetVisualiser::pendingEdits() const
{
    static const PendingEdits none;
    const auto it = m_edits.constFind(editKey());
    return m_state.editGroup >= 0 && it != m_edits.cend() ? *it : none;
}

void OffsetVisualiser::updateEditability()
{
    const QStringList &groups = m_state.lanes.groups;
    const bool oneGroup = m_state.lanes.request.subject == LaneSubject::Group ? !groups.isEmpty() : groups.size() == 1;
    m_state.editGroup = oneGroup ? 0 : -1;
    m_state.editable = false;
    m_state.pending.clear();
    if (!m_state.lanes.error.isEmpty() || !m_snapshot.isValid()) {
        m_notEditable = m_state.lanes.error;
        return;
    }
    if (!oneGroup) {
        m_notEditable = groups.isEmpty() ? tr("No group is shown: choose one under Groups to see its committed "
                                              "offsets and move them.")
                                         : tr("Several groups are shown: show only one under Groups to move its "
                                              "committed offsets.");
        return;
    }
    const QString groupId = groups.first();
    m_state.pending = editsOf(groupId).targets();
    if (m_readOnly) {
        m_notEditable = m_readOnlyReason.isEmpty() ? tr("This cluster's profile is read-only.") : m_readOnlyReason;
        return;
    }
    const ClusterSnapshot &snapshot = m_snapshot.snapshot();
    const ResetPermission permission =
        checkResetAllowed(groupId, snapshot.findGroup(groupId), std::nullopt,
                          snapshot.takenAt.isValid() ? snapshot.takenAt : QDateTime::currentDateTimeUtc());
    if (!permission.allowed) {
        m_notEditable = permission.reason;
        if (!permission.howToStop.isEmpty())
            m_notEditable += QLatin1Char(' ') + permission.howToStop;
        return;
    }
    m_notEditable.clear();
    m_state.editable = true;
}

void OffsetVisualiser::updateSidePanel()
{
    const QString groupId = editGroup();
    if (m_state.editable) {
        m_side->setStatus(tr("Drag a committed marker of %1 to plan a reset. Shift-drag shifts every partition of "
                             "its topic by the same amount; Ctrl-drag puts them all at the same position of their "
                             "log; a drop on the log start or the HW snaps to it. Keys: ↑↓ lane, ←→ ±1, Shift ±100, "
                             "Ctrl ±1,000, Home/End earliest/latest, Ctrl+Z undo.")
                              .arg(groupId),
                          true);
    } else {
        m_side->setStatus(m_notEditable, false);
    }

    // The pending edits of the edited group, with its committed offsets now.
    QHash<TopicPartition, qint64> committed;
    if (const GroupInfo *group = m_snapshot.snapshot().findGroup(groupId)) {
        for (const CommittedOffset &o : group->offsets)
            committed.insert(o.tp, o.offset);
    }
    QList<EditsPanel::Row> rows;
    if (m_state.editGroup >= 0) {
        const QHash<TopicPartition, qint64> targets = pendingEdits().targets();
        for (auto it = targets.cbegin(); it != targets.cend(); ++it)
            rows.append({it.key(), committed.value(it.key(), kNoOffset), it.value()});
        std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.tp < b.tp; });
    }
    m_side->setRows(rows);
    m_side->setCanUndo(!pendingEdits().isEmpty());
    updateCurrentLane();
}

// Only the exact-offset field: moving between lanes does not touch the list of edits, which can be long.
void OffsetVisualiser::updateCurrentLane()
{
    const TopicPartition tp = currentPartition();
    std::optional<qint64> value;
    bool laneEditable = false;
    if (m_state.currentRow >= 0) {
        const OffsetLane &lane = m_state.laneAt(m_state.currentRow);
        value = m_state.targetFor(tp);
        if (!value) {
            if (const LaneCommit *c = lane.commit(m_state.editGroup); c && c->committed >= 0)
                value = c->committed;
        }
        laneEditable = m_state.editable && lane.knowsRange();
    }
    m_side->setCurrentLane(m_state.currentRow >= 0 ? partitionName(tp) : QString(), value, laneEditable);
}

// ---- view ----

void OffsetVisualiser::replot()
{
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void OffsetVisualiser::setScaleMode(LaneScaleMode mode)
{
    m_absolute->setChecked(mode == LaneScaleMode::Absolute);
    m_normalised->setChecked(mode == LaneScaleMode::Normalised);
    if (mode == m_state.scale.mode)
        return;
    m_state.scale.mode = mode;
    // x means something else now: show every lane's whole log again (or the lag, if that was the focus); the lanes
    // stay where they are.
    if (m_follow == Follow::Free)
        m_follow = Follow::Fit;
    applyFollow();
    m_plot->xAxis->setLabel(mode == LaneScaleMode::Absolute ? tr("offset")
                                                            : tr("position in the partition's retained log"));
    replot();
}

QList<OffsetLane> OffsetVisualiser::shownLanes() const
{
    QList<OffsetLane> shown;
    shown.reserve(m_state.rowCount());
    for (qsizetype row = 0; row < m_state.rowCount(); ++row)
        shown.append(m_state.laneAt(row));
    return shown;
}

void OffsetVisualiser::setXRange(double lower, double upper)
{
    m_settingX = true;
    m_plot->xAxis->setRange(lower, upper);
    m_settingX = false;
}

void OffsetVisualiser::applyFollow()
{
    // Never under the pointer of a drag: the marker would slide away from it.
    if (m_follow == Follow::Free || m_state.drag.active)
        return;
    const QList<OffsetLane> shown = shownLanes();
    const QList<OffsetLane> &lanes = shown.isEmpty() ? m_state.lanes.lanes : shown;
    const auto [lo, hi] = m_follow == Follow::Fit
                              ? m_state.scale.extent(lanes)
                              : m_state.scale.lagExtent(lanes, std::max<qsizetype>(m_state.editGroup, 0));
    setXRange(lo, hi);
}

void OffsetVisualiser::fit()
{
    m_follow = Follow::Fit;
    applyFollow();
    m_plot->xAxis->setLabel(
        m_state.scale.mode == LaneScaleMode::Absolute ? tr("offset") : tr("position in the partition's retained log"));
    m_autoLaneHeight = true;
    const double area = std::max(40, m_plot->axisRect()->height());
    const qsizetype rows = std::max<qsizetype>(1, m_state.rowCount());
    setLaneHeight(std::clamp(area / double(rows), kMinLaneHeight, kMaxLaneHeight));
    setFirstRow(0);
    replot();
}

void OffsetVisualiser::focusOnLag()
{
    m_follow = Follow::Lag;
    applyFollow();
    replot();
}

void OffsetVisualiser::zoomX(double factor, std::optional<double> aroundPixel)
{
    QCPAxis *x = m_plot->xAxis;
    const double centre = aroundPixel ? x->pixelToCoord(*aroundPixel) : x->range().center();
    QCPRange range = x->range();
    double size = range.size() * factor;
    if (m_state.scale.mode == LaneScaleMode::Absolute)
        size = std::max(size, kMinAbsoluteSpan);
    else
        size = std::max(size, 1e-6);
    const double ratio = (centre - range.lower) / std::max(range.size(), 1e-12);
    x->setRange(centre - size * ratio, centre + size * (1 - ratio));
    replot();
}

void OffsetVisualiser::setLaneHeight(double pixels)
{
    m_laneHeight = std::max(pixels, 0.5);
    const double first = m_plot->yAxis->range().lower + 0.5;
    const double visible = std::max(1.0, m_plot->axisRect()->height() / m_laneHeight);
    m_plot->yAxis->setRange(first - 0.5, first - 0.5 + visible);
}

void OffsetVisualiser::onAfterLayout()
{
    // The plot was resized: keep the lanes' height and show more or fewer of them (or, until the user sized the
    // lanes, share the new height among them).
    if (m_autoLaneHeight) {
        const qsizetype rows = std::max<qsizetype>(1, m_state.rowCount());
        m_laneHeight = std::clamp(m_plot->axisRect()->height() / double(rows), kMinLaneHeight, kMaxLaneHeight);
    }
    const double visible = std::max(1.0, m_plot->axisRect()->height() / m_laneHeight);
    const QCPRange range = m_plot->yAxis->range();
    if (std::abs(range.size() - visible) > 1e-6) {
        m_plot->yAxis->setRange(range.lower, range.lower + visible);
        m_plot->replot(QCustomPlot::rpQueuedReplot); // this layout's ticks were made for the old range
    }
}

void OffsetVisualiser::setFirstRow(double first)
{
    const double size = m_plot->yAxis->range().size();
    m_plot->yAxis->setRange(first - 0.5, first - 0.5 + size);
    replot();
}

void OffsetVisualiser::clampYRange()
{
    QCPAxis *y = m_plot->yAxis;
    const QCPRange range = y->range();
    const double size = range.size();
    const double rows = double(m_state.rowCount());
    double lower = range.lower;
    // Never scroll past the last lane, nor above the first.
    if (lower + size > rows - 0.5)
        lower = rows - 0.5 - size;
    if (lower < -0.5)
        lower = -0.5;
    if (std::abs(lower - range.lower) > 1e-9)
        y->setRange(lower, lower + size);
    const double height = m_plot->axisRect()->height();
    if (height > 0 && size > 0)
        m_laneTicker->setPixelsPerLane(height / size);
}

void OffsetVisualiser::syncScrollBar()
{
    const QCPRange range = m_plot->yAxis->range();
    const int visible = std::max(1, int(std::floor(range.size())));
    const int maximum = std::max(0, int(m_state.rowCount()) - visible);
    m_updatingScroll = true;
    m_scroll->setRange(0, maximum);
    m_scroll->setPageStep(visible);
    m_scroll->setSingleStep(1);
    // The first whole lane, as the maximum counts whole lanes: at the last lane the thumb is at the end of its track
    // (rounding a partly shown top lane made it stop one short, and a thumb dragged to the end jumped back).
    m_scroll->setValue(int(firstVisibleRow()));
    m_scroll->setVisible(maximum > 0);
    m_updatingScroll = false;
}

qsizetype OffsetVisualiser::firstVisibleRow() const
{
    return std::max<qsizetype>(0, qsizetype(std::ceil(m_plot->yAxis->range().lower + 0.5 - 1e-9)));
}

qsizetype OffsetVisualiser::visibleRowCount() const
{
    return std::max<qsizetype>(1, qsizetype(std::floor(m_plot->yAxis->range().size() + 1e-9)));
}

void OffsetVisualiser::ensureRowVisible(qsizetype row)
{
    if (row < 0)
        return;
    const QCPRange range = m_plot->yAxis->range();
    if (row - 0.5 < range.lower)
        setFirstRow(double(row));
    else if (row + 0.5 > range.upper)
        setFirstRow(double(row) + 1 - range.size());
}

void OffsetVisualiser::setCurrentRow(qsizetype row, bool notify)
{
    if (row >= m_state.rowCount())
        row = m_state.rowCount() - 1;
    const bool changed = row != m_state.currentRow;
    m_state.currentRow = row;
    updateCurrentLane();
    replot();
    if (changed && notify && row >= 0)
        Q_EMIT currentPartitionChanged(currentPartition());
}

void OffsetVisualiser::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        applyPalette();
        rebuild(true);
    }
}

void OffsetVisualiser::applyPalette()
{
    m_state.style = VisualiserStyle::fromPalette(palette());
    const VisualiserStyle &s = m_state.style;
    m_plot->setBackground(palette().color(QPalette::Base));
    m_plot->axisRect()->setBackground(palette().color(QPalette::Base));
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(s.mutedText));
        axis->setTickPen(QPen(s.mutedText));
        axis->setSubTickPen(QPen(s.mutedText));
        axis->setTickLabelColor(s.text);
        axis->setLabelColor(s.text);
    }
    QColor grid = s.mutedText;
    grid.setAlphaF(0.25f);
    m_plot->xAxis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    m_plot->xAxis->grid()->setZeroLinePen(Qt::NoPen);
}

// ---- groups ----

void OffsetVisualiser::rebuildGroupsMenu()
{
    QMenu *menu = m_groupsButton->menu();
    menu->clear();
    const QStringList shown = m_state.lanes.groups;
    const bool groupSubject = m_state.lanes.request.subject == LaneSubject::Group;
    for (const QString &g : std::as_const(m_available)) {
        QAction *a = menu->addAction(g);
        a->setCheckable(true);
        a->setChecked(shown.contains(g));
        // A group's own visualiser always shows the group.
        a->setEnabled(!(groupSubject && g == m_state.lanes.request.name));
        connect(a, &QAction::toggled, this, [this, g](bool on) {
            QStringList groups = m_state.lanes.groups;
            if (on && !groups.contains(g))
                groups.append(g);
            else if (!on)
                groups.removeAll(g);
            setShownGroups(groups);
        });
    }
    if (m_available.size() > 1) {
        menu->addSeparator();
        menu->addAction(tr("Show All"), this, [this] { setShownGroups(m_available); });
        menu->addAction(groupSubject ? tr("Only %1").arg(m_state.lanes.request.name) : tr("Only the One Lagging Most"),
                        this, [this] { setShownGroups(m_available.mid(0, 1)); });
    }
}

// ---- persistence ----

QByteArray OffsetVisualiser::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateVersion << int(m_state.scale.mode) << findChild<QSplitter *>()->saveState();
    return state;
}

bool OffsetVisualiser::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 version = 0;
    int mode = 0;
    QByteArray splitter;
    in >> version >> mode >> splitter;
    if (in.status() != QDataStream::Ok || version != kStateVersion)
        return false;
    setScaleMode(mode == int(LaneScaleMode::Normalised) ? LaneScaleMode::Normalised : LaneScaleMode::Absolute);
    findChild<QSplitter *>()->restoreState(splitter);
    return true;
}

} // namespace OffsetLens
