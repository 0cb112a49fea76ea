#pragma once

#include "snapshotfacts.h"
#include "visualiserstate.h"

#include <QHash>
#include <QSharedPointer>
#include <QWidget>

#include <optional>

class QAction;
class QCustomPlot;
class QScrollBar;
class QToolButton;

namespace OffsetLens {

class EditsPanel;
class LaneLayer;
class LaneTicker;
class VisualiserLegend;

// The offset visualiser: one lane per partition of a topic or of a group, with the log start, each shown group's
// committed offset and position, the LSO, the HW and (where known) the LEO, the lag shaded between committed and HW.
// With one inactive group shown on a writable cluster, its committed markers can be dragged (or moved by keyboard) to
// plan a reset; the pending edits are listed beside the plot and "Review & apply…" hands them to the reset preview
// as explicit targets. Nothing is written here.
//
// The lanes follow the partition table beside them (setLaneOrder / setSelectedPartitions); new snapshots move the
// markers but keep zoom, scroll, selection, pending edits and a drag in progress.
class OffsetVisualiser : public QWidget
{
    Q_OBJECT
public:
    explicit OffsetVisualiser(QWidget *parent = nullptr);
    ~OffsetVisualiser() override;

    // What to draw. A new subject fits the view; the same one keeps it.
    void setSubject(LaneSubject subject, const QString &name);
    void applySnapshot(const AnalyzedSnapshot &analyzed);
    // The table's row order (and filter: partitions not listed are not drawn). Never called: the lanes' own order.
    void setLaneOrder(const QList<TopicPartition> &order);
    void setSelectedPartitions(const QList<TopicPartition> &partitions);
    void setCurrentPartition(const TopicPartition &tp);
    TopicPartition currentPartition() const;

    // The groups whose committed offsets are drawn. A topic's visualiser offers the groups committed to it and shows
    // the one lagging most until the user chooses; a group's shows the group itself first.
    void setShownGroups(const QStringList &groups);
    QStringList shownGroups() const { return m_state.lanes.groups; }
    QStringList availableGroups() const { return m_available; }

    // The profile's read-only flag: its markers never move.
    void setReadOnly(bool readOnly, const QString &reason = {});

    void setScaleMode(LaneScaleMode mode);
    LaneScaleMode scaleMode() const { return m_state.scale.mode; }
    void fit();
    void focusOnLag();
    void zoomX(double factor, std::optional<double> aroundPixel = std::nullopt);

    // The group whose offsets a drag moves (empty when none: several groups shown), whether it may be moved now,
    // and why not.
    QString editGroup() const;
    bool isEditable() const { return m_state.editable; }
    QString notEditableReason() const { return m_notEditable; }
    const PendingEdits &pendingEdits() const;
    bool undoEdit();
    void discardEdits();
    // Moves the current lane's marker to `offset` (clamped), as one undoable step; false when not editable.
    bool setTargetOfCurrent(qint64 offset);
    // A reset was applied for `groupId`: pending edits it wrote are done.
    void resetApplied(const QString &clusterId, const ResetRequest &request);
    // Opens the reset preview with the pending edits (also the side panel's button).
    void requestReview();

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // For tests and screenshots.
    QCustomPlot *plot() const { return m_plot; }
    const VisualiserState &state() const { return m_state; }
    LaneHit hitAt(const QPoint &plotPos) const;
    QString toolTipAt(const QPoint &plotPos) const;
    // Where a marker of a partition's lane is drawn, in plot coordinates (null when not drawn or off screen).
    std::optional<QPoint> markerPoint(const TopicPartition &tp, MarkerKind kind, qsizetype group = 0) const;
    std::optional<QPoint> offsetPoint(const TopicPartition &tp, qint64 offset) const; // on the lane's centre line
    qsizetype firstVisibleRow() const;
    qsizetype visibleRowCount() const;

Q_SIGNALS:
    void reviewRequested(const OffsetLens::ResetRequest &request);
    void currentPartitionChanged(const OffsetLens::TopicPartition &tp);
    void pendingEditsChanged();
    // "What is at this offset?" from a lane's context menu: `offset` is the marker's (HW - 1 for the HW), and
    // `committed` the first shown group's commit on that partition (kNoOffset when none).
    void peekRequested(const OffsetLens::TopicPartition &tp, qint64 committed, qint64 offset);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void rebuild(bool keepView);
    void updateRows();
    void updateEditability();
    void updateSidePanel();
    void updateCurrentLane();
    void replot();
    void setCurrentRow(qsizetype row, bool notify);
    void ensureRowVisible(qsizetype row);
    void setFirstRow(double first);
    void clampYRange();
    void syncScrollBar();
    void setLaneHeight(double pixels);
    void applyFollow();
    void setXRange(double lower, double upper);
    QList<OffsetLane> shownLanes() const;
    qint64 rawOffsetAt(qsizetype row, double pixelX) const;
    DragMode dragModeFor(Qt::KeyboardModifiers modifiers) const;
    void onDragStarted(const LaneHit &hit, const QPointF &pos, Qt::KeyboardModifiers modifiers);
    void onDragMoved(const QPointF &pos, Qt::KeyboardModifiers modifiers);
    void onDragFinished();
    void cancelDrag();
    void moveCurrentTarget(qint64 delta);
    void pushEdits(const QList<LaneEdit> &edits, const QString &description, bool merge);
    bool handleKey(QKeyEvent *event);
    void handleWheel(QWheelEvent *event);
    void applyPalette();
    void onPlotPress(QMouseEvent *event);
    void showLaneMenu(QContextMenuEvent *event);
    void onAfterLayout();
    void rebuildGroupsMenu();
    void showToolTip(const QPoint &plotPos, const QPoint &globalPos);
    PendingEdits &editsOf(const QString &groupId);
    QString editKey() const;

    VisualiserState m_state;
    AnalyzedSnapshot m_snapshot;
    QStringList m_available;
    std::optional<QStringList> m_chosenGroups; // the user's choice; unset: the default for the subject
    QStringList m_defaultGroups;               // a topic's default, chosen once per topic and cluster
    bool m_stale = false;                      // a snapshot arrived while hidden
    std::optional<QList<TopicPartition>> m_order;
    QString m_clusterId;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    QString m_notEditable;
    QHash<QString, PendingEdits> m_edits; // per cluster and group, so switching panels never loses them
    double m_laneHeight = 54;             // pixels per lane; fit() chooses it, resizing keeps it
    // What the x range follows as snapshots arrive: the whole logs after Fit, the lag after Focus on Lag, nothing
    // once the user zoomed or panned (live updates then leave the view alone).
    enum class Follow
    {
        Fit,
        Lag,
        Free,
    };
    Follow m_follow = Follow::Fit;
    bool m_autoLaneHeight = true; // lanes share the plot's height (within limits) until the user sizes them
    bool m_settingX = false;
    bool m_updatingScroll = false;

    QCustomPlot *m_plot;
    LaneLayer *m_layer;
    QSharedPointer<LaneTicker> m_laneTicker;
    QScrollBar *m_scroll;
    VisualiserLegend *m_legend;
    EditsPanel *m_side;
    QToolButton *m_groupsButton;
    QAction *m_absolute;
    QAction *m_normalised;
};

} // namespace OffsetLens
