// The offset visualiser driven as a user drives it: drags of committed markers (whole offsets, clamping, the snap
// onto the log's ends, Shift and Ctrl, Esc, undo), the keyboard, typed offsets, "Review & Apply…", live updates,
// lane order, the normalised scale and a topic of 1,000 partitions. The widget is shown at a fixed size, so pixels
// go through the real axis rect to offsets; every expected offset is computed from the axis or from the data.
//
// With OFFSETLENS_TEST_SHOTS=<dir> set, the suite also saves PNGs of what it drew, for people to look at.
#include "editspanel.h"
#include "offsetvisualiser.h"
#include "qcustomplot_include.h"
#include "testsnapshots.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QMap>
#include <QMouseEvent>
#include <QPushButton>
#include <QScrollBar>
#include <QTest>
#include <QTreeWidget>
#include <QWheelEvent>

#include <cmath>
#include <memory>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {

const QString kEvents = QStringLiteral("events");
const QString kOld = QStringLiteral("old");
const QString kWide = QStringLiteral("wide");
const QString kReplayer = QStringLiteral("replayer");
const QString kLive = QStringLiteral("live");
const QString kGone = QStringLiteral("gone");
const QString kReader = QStringLiteral("wide-reader");
// The reason the CLI gives for refusing an active group, which the visualiser repeats for a marker that cannot move.
const QString kLiveRefusal =
    QStringLiteral("Assignments can only be reset if the group 'live' is inactive, but the current state is Stable.");

TopicPartition ev(qint32 partition)
{
    return {kEvents, partition};
}

TopicPartition old(qint32 partition)
{
    return {kOld, partition};
}

TopicPartition wide(qint32 partition)
{
    return {kWide, partition};
}

// events: 0 [0, 10000]   1 [2000, 4000]   2 [500, 1500]: logs of different sizes, so a Shift-drag (same delta) and
//         a Ctrl-drag (same fraction) give different targets, and a shift runs into an end on the small logs.
// old:    0 [5000, 8000] 1 [0, 600]
// replayer (Empty): events 5000 / 3000 / 1000, lag 6,500: the group lagging most on events, shown by default
// live (Stable, one member): events 9000 / 3900 / 1400, lag 1,200
// gone (Empty): old-0 1000 (retention deleted 4,000 messages it never read), old-1 300 (half its log)
// `grow` moves every HW of events up, as a refresh after producers wrote more.
ClusterSnapshot eventsCluster(qint64 grow = 0, quint64 sequence = 1)
{
    ClusterSnapshot s = base(sequence);
    s.topics = {
        topic(kEvents,
              {partition(0, 0, 10000 + grow), partition(1, 2000, 4000 + grow), partition(2, 500, 1500 + grow)}),
        topic(kOld, {partition(0, 5000, 8000), partition(1, 0, 600)}),
    };
    // Sorted by id: the snapshot looks groups up by binary search.
    s.groups = {
        group(kGone, GroupState::Empty, {committed(kOld, 0, 1000), committed(kOld, 1, 300)}),
        group(kLive, GroupState::Stable,
              {committed(kEvents, 0, 9000), committed(kEvents, 1, 3900), committed(kEvents, 2, 1400)},
              {member(QStringLiteral("consumer-live-1"), QStringLiteral("live-worker"), QStringLiteral("/10.0.0.9"),
                      {ev(0), ev(1), ev(2)})}),
        group(kReplayer, GroupState::Empty,
              {committed(kEvents, 0, 5000), committed(kEvents, 1, 3000), committed(kEvents, 2, 1000)}),
    };
    return s;
}

// `partitions` partitions of "wide" with irregular log sizes, and wide-reader (Empty) committed halfway through each.
ClusterSnapshot wideCluster(int partitions, qint64 grow = 0, quint64 sequence = 1)
{
    ClusterSnapshot s = base(sequence);
    QList<PartitionInfo> parts;
    QList<CommittedOffset> offsets;
    for (int p = 0; p < partitions; ++p) {
        const qint64 logStart = qint64(p) * 100;
        const qint64 size = 10 + qint64((p * 7919) % 1000) * 1000;
        parts.append(partition(p, logStart, logStart + size + grow));
        offsets.append(committed(kWide, p, logStart + size / 2));
    }
    s.topics = {topic(kWide, parts)};
    s.groups = {group(kReader, GroupState::Empty, offsets)};
    return s;
}

// "events-0=5600 events-1=3600" in (topic, partition) order, so a failed comparison shows every target.
QString targetsText(const QHash<TopicPartition, qint64> &targets)
{
    QMap<TopicPartition, qint64> sorted;
    for (auto it = targets.cbegin(); it != targets.cend(); ++it)
        sorted.insert(it.key(), it.value());
    QStringList parts;
    for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
        parts.append(QStringLiteral("%1-%2=%3").arg(it.key().topic).arg(it.key().partition).arg(it.value()));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestVisualiser : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<OffsetVisualiser> m_vis;

    QCustomPlot *plot() const { return m_vis->plot(); }
    QString pending() const { return targetsText(m_vis->pendingEdits().targets()); }
    QString preview() const { return targetsText(m_vis->state().drag.preview); }

    // Layout happens inside a replot, and the visualiser may resize the y range after it and queue another.
    void settle()
    {
        for (int i = 0; i < 2; ++i) {
            QCoreApplication::processEvents();
            plot()->replot();
        }
    }

    void open(LaneSubject subject, const QString &name, const ClusterSnapshot &snapshot)
    {
        m_vis = std::make_unique<OffsetVisualiser>();
        m_vis->resize(1100, 500);
        m_vis->setSubject(subject, name);
        m_vis->applySnapshot(analyzed(snapshot));
        m_vis->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_vis.get()));
        m_vis->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_vis.get()));
        plot()->setFocus();
        settle();
        QVERIFY(plot()->axisRect()->width() > 400);
    }

    // Shows `offsetsPerPixel` offsets a pixel from `lower`, so that chosen pixels are known offsets.
    void setWindow(double lower, double offsetsPerPixel)
    {
        const int width = plot()->axisRect()->width();
        plot()->xAxis->setRange(lower, lower + offsetsPerPixel * width);
        settle();
        QCOMPARE(plot()->axisRect()->width(), width);
    }

    double pixelOf(double coord) const { return plot()->xAxis->coordToPixel(coord); }
    qint64 offsetAtPixel(double x) const { return qint64(std::llround(plot()->xAxis->pixelToCoord(x))); }

    void sendMouse(QEvent::Type type, const QPointF &pos, Qt::MouseButton button, Qt::MouseButtons buttons,
                   Qt::KeyboardModifiers modifiers)
    {
        QMouseEvent event(type, pos, plot()->mapToGlobal(pos), button, buttons, modifiers);
        QApplication::sendEvent(plot(), &event);
    }
    void press(const QPointF &pos, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        sendMouse(QEvent::MouseButtonPress, pos, Qt::LeftButton, Qt::LeftButton, modifiers);
    }
    // QTest::mouseMove carries no buttons in Qt 6; a drag's move must.
    void move(const QPointF &pos, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        sendMouse(QEvent::MouseMove, pos, Qt::NoButton, Qt::LeftButton, modifiers);
    }
    void release(const QPointF &pos, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        sendMouse(QEvent::MouseButtonRelease, pos, Qt::LeftButton, Qt::NoButton, modifiers);
    }

    // Where a press picks up the edited group's marker on a lane: its pending target, else its committed offset.
    QPointF grabPoint(const TopicPartition &tp) const
    {
        if (const auto target = m_vis->markerPoint(tp, MarkerKind::PendingTarget, 0))
            return *target;
        const auto committed = m_vis->markerPoint(tp, MarkerKind::Committed, 0);
        return committed ? QPointF(*committed) : QPointF(-1, -1);
    }

    // A whole drag of `tp`'s marker to pixel column `x`, through a point on the way.
    void drag(const TopicPartition &tp, double x, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        const QPointF from = grabPoint(tp);
        QVERIFY(from.x() >= 0);
        press(from, modifiers);
        QVERIFY(m_vis->state().drag.active);
        move(QPointF((from.x() + x) / 2, from.y()), modifiers);
        move(QPointF(x, from.y()), modifiers);
        release(QPointF(x, from.y()), modifiers);
        QVERIFY(!m_vis->state().drag.active);
    }

    void shot(const QString &name)
    {
        const QString dir = qEnvironmentVariable("OFFSETLENS_TEST_SHOTS");
        if (dir.isEmpty())
            return;
        QVERIFY(QDir().mkpath(dir));
        // The plot paints its last replot, and the visualiser only queues them.
        plot()->replot();
        QVERIFY(m_vis->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void cleanup() { m_vis.reset(); }

    void topicShowsTheGroupLaggingMost()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        QCOMPARE(m_vis->availableGroups(), QStringList({kReplayer, kLive}));
        QCOMPARE(m_vis->shownGroups(), QStringList({kReplayer}));
        QCOMPARE(m_vis->editGroup(), kReplayer);
        QVERIFY(m_vis->isEditable());
        QCOMPARE(m_vis->state().rowCount(), 3);
    }

    void dragSnapsToWholeOffsets()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        // 20 pixels an offset around replayer's commit on events-0 (5000): most pixels lie between two offsets.
        setWindow(4990, 1.0 / 20);
        const QPointF from = grabPoint(ev(0));
        QCOMPARE(qRound(from.x()), qRound(pixelOf(5000)));
        press(from);
        QVERIFY(m_vis->state().drag.active);
        QCOMPARE(m_vis->state().drag.tp, ev(0));
        move(QPointF(pixelOf(5003.4), from.y()));
        QCOMPARE(m_vis->state().drag.rawTarget, qint64(5003));
        QCOMPARE(preview(), QStringLiteral("events-0=5003"));
        move(QPointF(pixelOf(5003.6), from.y()));
        QCOMPARE(m_vis->state().drag.rawTarget, qint64(5004));
        release(QPointF(pixelOf(5003.6), from.y()));
        QCOMPARE(pending(), QStringLiteral("events-0=5004"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 1);
        // The new marker is drawn on the whole offset, not under the pointer.
        settle();
        QCOMPARE(m_vis->markerPoint(ev(0), MarkerKind::PendingTarget, 0)->x(), qRound(pixelOf(5004)));
    }

    void dragToPixelGivesTheAxisOffset()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        // The fitted view: many offsets a pixel. The target is the offset the axis puts at the drop pixel.
        const double x = std::round(pixelOf(7300));
        const qint64 expected = offsetAtPixel(x);
        const double perPixel = plot()->xAxis->range().size() / plot()->axisRect()->width();
        QVERIFY(perPixel > 5);
        QVERIFY(std::abs(double(expected - 7300)) <= perPixel);
        drag(ev(0), x);
        QCOMPARE(pending(), QStringLiteral("events-0=%1").arg(expected));
        const LaneEdit first = m_vis->pendingEdits().steps().constFirst().edits.constFirst();
        QCOMPARE(first.from, qint64(5000));
        QCOMPARE(first.clampedAt, ClampEnd::None);

        // A second drag picks the marker up where the first left it.
        settle();
        const double x2 = std::round(pixelOf(6000));
        const qint64 expected2 = offsetAtPixel(x2);
        drag(ev(0), x2);
        QCOMPARE(pending(), QStringLiteral("events-0=%1").arg(expected2));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 2);
        QCOMPARE(m_vis->pendingEdits().steps().constLast().edits.constFirst().from, expected);
    }

    void dragClampsAtTheLogEnds()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        // Past the HW of events-0 (10000), farther than the snap distance: the target stops at the HW.
        const QPointF from = grabPoint(ev(0));
        const double beyond = pixelOf(10000) + 12;
        press(from);
        move(QPointF(beyond, from.y()));
        QVERIFY(m_vis->state().drag.rawTarget > 10000);
        QCOMPARE(m_vis->state().drag.result.clampedAt, ClampEnd::HighWatermark);
        QCOMPARE(preview(), QStringLiteral("events-0=10000"));
        shot(QStringLiteral("visualiser-drag-stop"));
        // Back inside the log, the stop goes away.
        move(QPointF(pixelOf(9000), from.y()));
        QCOMPARE(m_vis->state().drag.result.clampedAt, ClampEnd::None);
        move(QPointF(beyond, from.y()));
        release(QPointF(beyond, from.y()));
        QCOMPARE(pending(), QStringLiteral("events-0=10000"));
        QCOMPARE(m_vis->pendingEdits().steps().constLast().edits.constFirst().clampedAt, ClampEnd::HighWatermark);

        // Before the log start of events-1 (2000).
        settle();
        const QPointF from1 = grabPoint(ev(1));
        const double before = pixelOf(2000) - 12;
        press(from1);
        move(QPointF(before, from1.y()));
        QVERIFY(m_vis->state().drag.rawTarget < 2000);
        QCOMPARE(m_vis->state().drag.result.clampedAt, ClampEnd::LogStart);
        QCOMPARE(preview(), QStringLiteral("events-1=2000"));
        release(QPointF(before, from1.y()));
        QCOMPARE(pending(), QStringLiteral("events-0=10000 events-1=2000"));
    }

    void dropNearAnEndSnapsOntoIt()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        // events-1 [2000, 4000], replayer at 3000. 5 px short of the HW bracket is the HW itself.
        const double xe = std::round(pixelOf(4000));
        QVERIFY(offsetAtPixel(xe - 5) < 3990); // without the snap the drop would land well short of it
        drag(ev(1), xe - 5);
        QCOMPARE(pending(), QStringLiteral("events-1=4000"));
        QCOMPARE(m_vis->pendingEdits().steps().constLast().edits.constFirst().clampedAt, ClampEnd::None);
        QVERIFY(m_vis->undoEdit());

        // 9 px away is beyond the 6 px snap: the axis decides.
        settle();
        const qint64 unsnapped = offsetAtPixel(xe - 9);
        drag(ev(1), xe - 9);
        QCOMPARE(pending(), QStringLiteral("events-1=%1").arg(unsnapped));
        QVERIFY(unsnapped < 4000);
        QVERIFY(m_vis->undoEdit());

        // 5 px inside the log-start bracket is the log start.
        settle();
        const double xs = std::round(pixelOf(2000));
        QVERIFY(offsetAtPixel(xs + 5) > 2010);
        drag(ev(1), xs + 5);
        QCOMPARE(pending(), QStringLiteral("events-1=2000"));
    }

    void shiftDragShiftsEveryPartition()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        {
            // For people to look at: a Shift-drag in the fitted view, every lane with its ghost and label; Esc.
            const QPointF from = grabPoint(ev(0));
            press(from, Qt::ShiftModifier);
            move(QPointF(pixelOf(5600), from.y()), Qt::ShiftModifier);
            QCOMPARE(m_vis->state().drag.preview.size(), 3);
            shot(QStringLiteral("visualiser-drag"));
            QTest::keyClick(plot(), Qt::Key_Escape);
            release(QPointF(pixelOf(5600), from.y()), Qt::ShiftModifier);
            QVERIFY(m_vis->pendingEdits().isEmpty());
        }
        setWindow(4000, 4); // whole pixels are whole offsets, 4 apart
        const QPointF from = grabPoint(ev(0));
        press(from, Qt::ShiftModifier);
        move(QPointF(pixelOf(5600), from.y()), Qt::ShiftModifier);
        const LaneDrag &d = m_vis->state().drag;
        QCOMPARE(d.mode, DragMode::ShiftAll);
        QCOMPARE(d.result.delta, qint64(600));
        // +600 on each: events-1 3000 -> 3600; events-2 1000 -> 1600, clamped to its HW 1500.
        QCOMPARE(preview(), QStringLiteral("events-0=5600 events-1=3600 events-2=1500"));
        const DragResult plan = planDrag(m_vis->state().lanes.lanes, 0, ev(0), 5600, DragMode::ShiftAll, {});
        QVERIFY(d.result.edits == plan.edits);
        QCOMPARE(d.result.edits.at(2).clampedAt, ClampEnd::HighWatermark);
        release(QPointF(pixelOf(5600), from.y()), Qt::ShiftModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=5600 events-1=3600 events-2=1500"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 1);

        // A second Shift-drag starts from the targets: -1,200 takes events-2 (1500) to its log start 500.
        settle();
        const QPointF again = grabPoint(ev(0));
        QCOMPARE(qRound(again.x()), qRound(pixelOf(5600)));
        press(again, Qt::ShiftModifier);
        move(QPointF(pixelOf(4400), again.y()), Qt::ShiftModifier);
        release(QPointF(pixelOf(4400), again.y()), Qt::ShiftModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=4400 events-1=2400 events-2=500"));
        QCOMPARE(m_vis->pendingEdits().steps().constLast().edits.at(2).clampedAt, ClampEnd::LogStart);
        QVERIFY(m_vis->undoEdit());
        QCOMPARE(pending(), QStringLiteral("events-0=5600 events-1=3600 events-2=1500"));
    }

    void ctrlDragKeepsTheSamePosition()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        setWindow(4000, 4);
        const QPointF from = grabPoint(ev(0));
        press(from, Qt::ControlModifier);
        move(QPointF(pixelOf(5360), from.y()), Qt::ControlModifier);
        const LaneDrag &d = m_vis->state().drag;
        QCOMPARE(d.mode, DragMode::SamePosition);
        QCOMPARE(d.result.fraction, 0.536);
        // 53.6 % of each log: 2000 + 1072 on events-1, 500 + 536 on events-2.
        QCOMPARE(preview(), QStringLiteral("events-0=5360 events-1=3072 events-2=1036"));
        const DragResult plan = planDrag(m_vis->state().lanes.lanes, 0, ev(0), 5360, DragMode::SamePosition, {});
        QVERIFY(d.result.edits == plan.edits);
        release(QPointF(pixelOf(5360), from.y()), Qt::ControlModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=5360 events-1=3072 events-2=1036"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 1);
    }

    void escapeCancelsADrag()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        const QPointF from = grabPoint(ev(0));
        press(from);
        move(QPointF(pixelOf(7000), from.y()));
        QVERIFY(m_vis->state().drag.preview.contains(ev(0)));
        QTest::keyClick(plot(), Qt::Key_Escape);
        QVERIFY(!m_vis->state().drag.active);
        QVERIFY(!m_vis->state().targetFor(ev(0)));
        release(QPointF(pixelOf(7000), from.y()));
        QVERIFY(m_vis->pendingEdits().isEmpty());
        QCOMPARE(pending(), QString());
    }

    // A click on a marker (even with Shift, even on an out-of-range one, whose drag would clamp) plans nothing; a
    // twitch of a pixel or two is still a click.
    void clickIsNotAnEdit()
    {
        open(LaneSubject::Group, kGone, eventsCluster());
        const QPointF at = *m_vis->markerPoint(old(0), MarkerKind::CommittedBelowStart, 0);
        press(at, Qt::ShiftModifier);
        move(at + QPointF(1, 1), Qt::ShiftModifier);
        release(at + QPointF(1, 1), Qt::ShiftModifier);
        QVERIFY(m_vis->pendingEdits().isEmpty());
        QVERIFY(!m_vis->state().drag.active);
    }

    // A dark palette: the style follows it (lighter group colours, a lane fill that stands off the dark base).
    void darkPalette()
    {
        open(LaneSubject::Group, kGone, eventsCluster());
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        m_vis->setPalette(dark);
        settle();
        const VisualiserStyle &style = m_vis->state().style;
        QVERIFY(style.dark);
        QVERIFY(style.laneFill.lightnessF() > QColor(0x1e, 0x1e, 0x1e).lightnessF() + 0.1);
        QVERIFY(style.groupColour(0).lightnessF() >
                VisualiserStyle::fromPalette(QPalette()).groupColour(0).lightnessF());
        shot(QStringLiteral("visualiser-dark"));
    }

    void ctrlZUndoesStepByStep()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        m_vis->setCurrentPartition(ev(0));
        QVERIFY(m_vis->setTargetOfCurrent(6000));
        drag(ev(1), std::round(pixelOf(2000)) + 3); // onto the log start
        m_vis->setCurrentPartition(ev(2));
        QVERIFY(m_vis->setTargetOfCurrent(700));
        QCOMPARE(pending(), QStringLiteral("events-0=6000 events-1=2000 events-2=700"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 3);

        plot()->setFocus();
        QTest::keyClick(plot(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=6000 events-1=2000"));
        QTest::keyClick(plot(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=6000"));
        QTest::keyClick(plot(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(pending(), QString());
        QCOMPARE(m_vis->pendingEdits().stepCount(), 0);
        QTest::keyClick(plot(), Qt::Key_Z, Qt::ControlModifier); // nothing left: nothing happens
        QVERIFY(m_vis->pendingEdits().isEmpty());
    }

    void snapshotDuringADragKeepsIt()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        setWindow(0, 16);
        QVERIFY(plot()->xAxis->range().upper > 12000);
        const QCPRange view = plot()->xAxis->range();
        const QPointF from = grabPoint(ev(0));
        press(from);
        move(QPointF(pixelOf(11200), from.y()));
        QCOMPARE(m_vis->state().drag.rawTarget, qint64(11200));
        QCOMPARE(preview(), QStringLiteral("events-0=10000")); // past the HW: stopped there
        QCOMPARE(m_vis->state().drag.result.clampedAt, ClampEnd::HighWatermark);

        // A refresh: every HW of events 2,000 higher. The drag goes on, re-planned on the fresh log.
        m_vis->applySnapshot(analyzed(eventsCluster(2000, 2)));
        QVERIFY(m_vis->state().drag.active);
        QCOMPARE(m_vis->state().drag.tp, ev(0));
        QCOMPARE(m_vis->state().lanes.lanes.at(0).highWatermark, qint64(12000));
        QCOMPARE(preview(), QStringLiteral("events-0=11200"));
        QCOMPARE(m_vis->state().drag.result.clampedAt, ClampEnd::None);
        settle();
        QCOMPARE(plot()->xAxis->range().lower, view.lower);
        QCOMPARE(plot()->xAxis->range().upper, view.upper);

        move(QPointF(pixelOf(11520), from.y()));
        release(QPointF(pixelOf(11520), from.y()));
        QCOMPARE(pending(), QStringLiteral("events-0=11520"));
    }

    void activeGroupDoesNotMove()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        m_vis->setShownGroups({kLive});
        settle();
        QCOMPARE(m_vis->editGroup(), kLive);
        QVERIFY(!m_vis->isEditable());
        QVERIFY2(m_vis->notEditableReason().startsWith(kLiveRefusal), qPrintable(m_vis->notEditableReason()));

        const QPoint marker = *m_vis->markerPoint(ev(0), MarkerKind::Committed, 0);
        QCOMPARE(marker.x(), qRound(pixelOf(9000)));
        const LaneHit hit = m_vis->hitAt(marker);
        QCOMPARE(hit.kind, std::optional<MarkerKind>(MarkerKind::Committed));
        QCOMPARE(hit.group, 0);
        const QString tip = m_vis->toolTipAt(marker);
        QVERIFY2(tip.contains(QStringLiteral("This marker does not move: ") + kLiveRefusal), qPrintable(tip));

        press(marker);
        QVERIFY(!m_vis->state().drag.active);
        move(QPointF(pixelOf(5000), marker.y()));
        QVERIFY(!m_vis->state().drag.active);
        QVERIFY(!m_vis->state().targetFor(ev(0)));
        release(QPointF(pixelOf(5000), marker.y()));
        QVERIFY(m_vis->pendingEdits().isEmpty());
        QCOMPARE(m_vis->state().lanes.lanes.at(0).commits.at(0).committed, qint64(9000));
        settle();
        QVERIFY(!m_vis->markerPoint(ev(0), MarkerKind::PendingTarget, 0));

        // Nor by keyboard or typed offset.
        m_vis->setCurrentPartition(ev(0));
        QTest::keyClick(plot(), Qt::Key_Right);
        QTest::keyClick(plot(), Qt::Key_End);
        QVERIFY(!m_vis->setTargetOfCurrent(100));
        QVERIFY(m_vis->pendingEdits().isEmpty());
        QVERIFY(!m_vis->findChild<EditsPanel *>()->offsetEdit()->isEnabled());

        // A group's own visualiser says the same.
        open(LaneSubject::Group, kLive, eventsCluster());
        QVERIFY(!m_vis->isEditable());
        QVERIFY(m_vis->notEditableReason().startsWith(kLiveRefusal));
        const QPoint groupMarker = *m_vis->markerPoint(ev(1), MarkerKind::Committed, 0);
        press(groupMarker);
        move(QPointF(pixelOf(2500), groupMarker.y()));
        QVERIFY(!m_vis->state().drag.active);
        release(QPointF(pixelOf(2500), groupMarker.y()));
        QVERIFY(m_vis->pendingEdits().isEmpty());
    }

    void twoGroupsShownDoNotMove()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        m_vis->setShownGroups({kReplayer, kLive});
        settle();
        QCOMPARE(m_vis->editGroup(), QString());
        QVERIFY(!m_vis->isEditable());
        QVERIFY2(m_vis->notEditableReason().contains(QStringLiteral("Several groups are shown")),
                 qPrintable(m_vis->notEditableReason()));
        shot(QStringLiteral("visualiser-absolute"));
        m_vis->setScaleMode(LaneScaleMode::Normalised);
        shot(QStringLiteral("visualiser-normalised"));
        m_vis->setScaleMode(LaneScaleMode::Absolute);
        settle();
        const QPoint marker = *m_vis->markerPoint(ev(0), MarkerKind::Committed, 0);
        QCOMPARE(marker.x(), qRound(pixelOf(5000)));
        press(marker);
        QVERIFY(!m_vis->state().drag.active);
        move(QPointF(pixelOf(7000), marker.y()));
        release(QPointF(pixelOf(7000), marker.y()));
        m_vis->setCurrentPartition(ev(0));
        QVERIFY(!m_vis->setTargetOfCurrent(100));
        QVERIFY(m_vis->pendingEdits().isEmpty());

        // Back to one group: its markers move again.
        m_vis->setShownGroups({kReplayer});
        QVERIFY(m_vis->isEditable());
        QVERIFY(m_vis->setTargetOfCurrent(100));
        QCOMPARE(pending(), QStringLiteral("events-0=100"));
    }

    void keyboardMovesTheTarget()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        plot()->setFocus();
        QTest::keyClick(plot(), Qt::Key_Down); // no current lane yet: the first
        QCOMPARE(m_vis->currentPartition(), ev(0));
        QTest::keyClick(plot(), Qt::Key_Right);
        QCOMPARE(pending(), QStringLiteral("events-0=5001"));
        QTest::keyClick(plot(), Qt::Key_Right, Qt::ShiftModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=5101"));
        QTest::keyClick(plot(), Qt::Key_Right, Qt::ControlModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=6101"));
        QTest::keyClick(plot(), Qt::Key_Left);
        QCOMPARE(pending(), QStringLiteral("events-0=6100"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 1); // a run of presses on one lane is one undo step
        QTest::keyClick(plot(), Qt::Key_Home);
        QCOMPARE(pending(), QStringLiteral("events-0=0"));
        QTest::keyClick(plot(), Qt::Key_End);
        QCOMPARE(pending(), QStringLiteral("events-0=10000"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 3);
        QTest::keyClick(plot(), Qt::Key_Right, Qt::ControlModifier); // at the HW already
        QCOMPARE(pending(), QStringLiteral("events-0=10000"));

        QTest::keyClick(plot(), Qt::Key_Down);
        QCOMPARE(m_vis->currentPartition(), ev(1));
        QTest::keyClick(plot(), Qt::Key_Right);
        QCOMPARE(pending(), QStringLiteral("events-0=10000 events-1=3001"));
        QTest::keyClick(plot(), Qt::Key_Left, Qt::ControlModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=10000 events-1=2001"));
        QTest::keyClick(plot(), Qt::Key_Left, Qt::ControlModifier); // clamped to the log start
        QCOMPARE(pending(), QStringLiteral("events-0=10000 events-1=2000"));
        QTest::keyClick(plot(), Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=10000 events-1=2000"));

        QTest::keyClick(plot(), Qt::Key_Up);
        QCOMPARE(m_vis->currentPartition(), ev(0));
        QTest::keyClick(plot(), Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(pending(), QStringLiteral("events-0=9900 events-1=2000"));
        QTest::keyClick(plot(), Qt::Key_End, Qt::ControlModifier); // Ctrl: the last lane, no edit
        QCOMPARE(m_vis->currentPartition(), ev(2));
        QTest::keyClick(plot(), Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(m_vis->currentPartition(), ev(0));
        QCOMPARE(pending(), QStringLiteral("events-0=9900 events-1=2000"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 5);
    }

    void exactOffsetIsTyped()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        m_vis->setCurrentPartition(ev(0));
        QVERIFY(m_vis->setTargetOfCurrent(7777));
        QCOMPARE(pending(), QStringLiteral("events-0=7777"));
        QVERIFY(m_vis->setTargetOfCurrent(20000)); // past the HW: clamped, as the CLI's --to-offset
        QCOMPARE(pending(), QStringLiteral("events-0=10000"));
        QCOMPARE(m_vis->pendingEdits().steps().constLast().edits.constFirst().clampedAt, ClampEnd::HighWatermark);

        auto *panel = m_vis->findChild<EditsPanel *>();
        QVERIFY(panel);
        QLineEdit *edit = panel->offsetEdit();
        QVERIFY(edit->isEnabled());
        QCOMPARE(edit->text(), QStringLiteral("10000"));
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("4,321"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(pending(), QStringLiteral("events-0=4321"));

        m_vis->setCurrentPartition(ev(2));
        QCOMPARE(edit->text(), QStringLiteral("1000"));
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("50"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(pending(), QStringLiteral("events-0=4321 events-2=500"));
        QCOMPARE(m_vis->pendingEdits().stepCount(), 4);

        // The side list: committed now, target, change.
        QTreeWidget *list = panel->list();
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("events-0"));
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("5,000"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("4,321"));
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("−679"));
        QCOMPARE(list->topLevelItem(1)->text(3), QStringLiteral("−500"));
    }

    void reviewRequestsExactlyThePendingTargets()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        QList<ResetRequest> requests;
        connect(m_vis.get(), &OffsetVisualiser::reviewRequested, this,
                [&requests](const ResetRequest &request) { requests.append(request); });
        m_vis->requestReview(); // nothing pending: nothing to review
        QVERIFY(requests.isEmpty());

        m_vis->setCurrentPartition(ev(2));
        QVERIFY(m_vis->setTargetOfCurrent(1200));
        m_vis->setCurrentPartition(ev(0));
        QVERIFY(m_vis->setTargetOfCurrent(7000));
        QVERIFY(m_vis->setTargetOfCurrent(7100)); // the later target of a partition wins
        QPushButton *review = m_vis->findChild<EditsPanel *>()->reviewButton();
        QVERIFY(review->isEnabled());
        review->click();
        QCOMPARE(requests.size(), 1);
        m_vis->requestReview();
        QCOMPARE(requests.size(), 2);
        QVERIFY(requests.at(0).strategy == requests.at(1).strategy);

        const ResetRequest request = requests.first();
        QCOMPARE(request.groupId, kReplayer);
        QCOMPARE(request.strategy.kind, ResetStrategyKind::Explicit);
        QCOMPARE(request.strategy.targets.size(), 2);
        QVERIFY(request.strategy.targets.at(0) == (OffsetTarget{ev(0), 7100, 0}));
        QVERIFY(request.strategy.targets.at(1) == (OffsetTarget{ev(2), 1200, 0}));
        QVERIFY(!request.scope.allTopics);
        QCOMPARE(request.scope.topics.size(), 1);
        QCOMPARE(request.scope.topics.first().topic, kEvents);
        QCOMPARE(request.scope.topics.first().partitions, QList<qint32>({0, 2}));

        // An edit made after the review is not what the reset wrote: it stays.
        m_vis->setCurrentPartition(ev(1));
        QVERIFY(m_vis->setTargetOfCurrent(2500));
        m_vis->resetApplied(QStringLiteral("test-id"), request);
        QCOMPARE(pending(), QStringLiteral("events-0=7100 events-1=2500 events-2=1200"));
        QVERIFY(m_vis->undoEdit());
        // The same group name on another cluster is another group.
        m_vis->resetApplied(QStringLiteral("other-cluster"), request);
        QCOMPARE(pending(), QStringLiteral("events-0=7100 events-2=1200"));
        m_vis->resetApplied(QStringLiteral("test-id"), request);
        QVERIFY(m_vis->pendingEdits().isEmpty());
        QVERIFY(!review->isEnabled());
    }

    void liveUpdateKeepsTheView()
    {
        open(LaneSubject::Topic, kWide, wideCluster(40));
        // Until the user zooms, the view follows the logs as they grow.
        const double fittedUpper = plot()->xAxis->range().upper;
        m_vis->applySnapshot(analyzed(wideCluster(40, 100000, 2)));
        settle();
        QVERIFY(plot()->xAxis->range().upper > fittedUpper + 50000);

        m_vis->zoomX(0.5);
        settle();
        const QCPRange zoomed = plot()->xAxis->range();
        QCOMPARE(m_vis->firstVisibleRow(), 0);
        const QPointF centre = plot()->axisRect()->rect().center();
        QWheelEvent wheel(centre, plot()->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(plot(), &wheel); // one notch down: three lanes
        settle();
        QCOMPARE(m_vis->firstVisibleRow(), 3);
        QVERIFY(m_vis->visibleRowCount() > 6 && m_vis->visibleRowCount() < 40);
        m_vis->setCurrentPartition(wide(5));
        m_vis->setSelectedPartitions({wide(4), wide(6)});
        QVERIFY(m_vis->setTargetOfCurrent(1000));
        const QString before = pending();
        QCOMPARE(before, QStringLiteral("wide-5=1000"));

        m_vis->applySnapshot(analyzed(wideCluster(40, 200000, 3)));
        settle();
        QCOMPARE(m_vis->state().lanes.lanes.at(5).highWatermark,
                 wideCluster(40, 200000).topics[0].partitions[5].highWatermark);
        QCOMPARE(plot()->xAxis->range().lower, zoomed.lower);
        QCOMPARE(plot()->xAxis->range().upper, zoomed.upper);
        QCOMPARE(m_vis->firstVisibleRow(), 3);
        QCOMPARE(m_vis->currentPartition(), wide(5));
        QCOMPARE(m_vis->state().selected, QSet<TopicPartition>({wide(4), wide(6)}));
        QCOMPARE(pending(), before);
    }

    void laneOrderReordersAndFilters()
    {
        open(LaneSubject::Topic, kEvents, eventsCluster());
        m_vis->setCurrentPartition(ev(0));
        m_vis->setLaneOrder({ev(2), ev(0)});
        settle();
        QCOMPARE(m_vis->state().rowCount(), 2);
        QCOMPARE(m_vis->state().laneAt(0).tp, ev(2));
        QCOMPARE(m_vis->state().laneAt(1).tp, ev(0));
        QVERIFY(!m_vis->offsetPoint(ev(1), 3000));
        QVERIFY(!m_vis->markerPoint(ev(1), MarkerKind::HighWatermark));
        QVERIFY(m_vis->offsetPoint(ev(2), 1000)->y() < m_vis->offsetPoint(ev(0), 5000)->y());
        QCOMPARE(m_vis->currentPartition(), ev(0));
        QCOMPARE(m_vis->state().currentRow, 1);

        // A refresh keeps the table's order; the keys walk it.
        m_vis->applySnapshot(analyzed(eventsCluster(100, 2)));
        settle();
        QCOMPARE(m_vis->state().rowCount(), 2);
        QCOMPARE(m_vis->state().laneAt(0).tp, ev(2));
        QTest::keyClick(plot(), Qt::Key_Up);
        QCOMPARE(m_vis->currentPartition(), ev(2));
    }

    void normalisedScaleShowsOutOfRangeOutsideTheLane()
    {
        open(LaneSubject::Group, kGone, eventsCluster());
        QCOMPARE(m_vis->state().rowCount(), 2);
        // Absolute: old-0's committed 1000 sits at its own value, left of the log start 5000.
        const QPoint absolute = *m_vis->markerPoint(old(0), MarkerKind::CommittedBelowStart, 0);
        QCOMPARE(absolute.x(), qRound(pixelOf(1000)));
        QVERIFY(absolute.x() < m_vis->offsetPoint(old(0), 5000)->x());
        shot(QStringLiteral("visualiser-out-of-range"));

        m_vis->setScaleMode(LaneScaleMode::Normalised);
        settle();
        // Every lane from its own log start to its own HW: the brackets line up.
        const int xs = m_vis->offsetPoint(old(0), 5000)->x();
        const int xe = m_vis->offsetPoint(old(0), 8000)->x();
        QCOMPARE(m_vis->offsetPoint(old(1), 0)->x(), xs);
        QCOMPARE(m_vis->offsetPoint(old(1), 600)->x(), xe);
        QCOMPARE(xs, qRound(pixelOf(0)));
        QCOMPARE(xe, qRound(pixelOf(1)));
        QVERIFY(xe - xs > 300);
        QCOMPARE(m_vis->offsetPoint(old(1), 300)->x(), qRound(pixelOf(0.5)));

        const QPoint below = *m_vis->markerPoint(old(0), MarkerKind::CommittedBelowStart, 0);
        QVERIFY(below.x() < xs);
        QCOMPARE(below.x(), qRound(pixelOf(-LaneScale::kOutside)));
        const LaneHit hit = m_vis->hitAt(below);
        QCOMPARE(hit.kind, std::optional<MarkerKind>(MarkerKind::CommittedBelowStart));
        const QString tip = m_vis->toolTipAt(below);
        for (const QString &line :
             {QStringLiteral("Committed offset below the log start (group gone)"), QStringLiteral("Offset: 1,000"),
              QStringLiteral("out of range"), QStringLiteral("Retention deleted 4,000 messages this group never read."),
              QStringLiteral("resumes at the HW, 8,000, skipping 3,000 more messages.")})
            QVERIFY2(tip.contains(line), qPrintable(tip));
        shot(QStringLiteral("visualiser-out-of-range-normalised"));

        // Dragging it back into the log: a fraction of the lane is that fraction of its log.
        drag(old(0), pixelOf(0.5));
        QCOMPARE(pending(), QStringLiteral("old-0=6500"));
        QCOMPARE(m_vis->pendingEdits().steps().constLast().edits.constFirst().from, qint64(1000));
        settle();
        drag(old(1), pixelOf(0.75));
        QCOMPARE(pending(), QStringLiteral("old-0=6500 old-1=450"));
    }

    void thousandLanesScroll()
    {
        open(LaneSubject::Topic, kWide, wideCluster(1000));
        QCOMPARE(m_vis->state().rowCount(), 1000);
        const qsizetype visible = m_vis->visibleRowCount();
        const double laneHeight = plot()->axisRect()->height() / plot()->yAxis->range().size();
        QCOMPARE(visible, qsizetype(std::floor(plot()->yAxis->range().size() + 1e-9)));
        QVERIFY2(laneHeight >= 16, "1,000 lanes scroll at a readable height instead of being squeezed");
        QVERIFY(visible > 5 && visible < 100);
        QCOMPARE(m_vis->firstVisibleRow(), 0);
        QVERIFY(m_vis->markerPoint(wide(0), MarkerKind::HighWatermark));
        QVERIFY(!m_vis->markerPoint(wide(qint32(visible) + 1), MarkerKind::HighWatermark));

        plot()->setFocus();
        QTest::keyClick(plot(), Qt::Key_Down);
        QCOMPARE(m_vis->state().currentRow, 0);
        for (int page = 1; page <= 5; ++page) {
            QTest::keyClick(plot(), Qt::Key_PageDown);
            settle();
            const qsizetype row = m_vis->state().currentRow;
            QCOMPARE(row, page * visible);
            QVERIFY(m_vis->firstVisibleRow() > 0);
            QVERIFY(row >= m_vis->firstVisibleRow() && row < m_vis->firstVisibleRow() + m_vis->visibleRowCount());
            QVERIFY(m_vis->markerPoint(wide(qint32(row)), MarkerKind::HighWatermark));
        }
        QTest::keyClick(plot(), Qt::Key_End, Qt::ControlModifier);
        settle();
        QCOMPARE(m_vis->currentPartition(), wide(999));
        QCOMPARE(m_vis->firstVisibleRow(), 1000 - m_vis->visibleRowCount());
        QVERIFY(m_vis->markerPoint(wide(999), MarkerKind::HighWatermark));

        QScrollBar *bar = nullptr;
        for (QScrollBar *b : m_vis->findChildren<QScrollBar *>()) {
            if (b->accessibleName() == QStringLiteral("Scroll lanes"))
                bar = b;
        }
        QVERIFY(bar);
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->maximum(), int(1000 - visible));
        QCOMPARE(bar->value(), int(m_vis->firstVisibleRow()));
        // The thumb reaches the end of its track, and stays there.
        bar->setValue(0);
        bar->setValue(bar->maximum());
        settle();
        QCOMPARE(bar->value(), bar->maximum());
        QCOMPARE(m_vis->firstVisibleRow(), 1000 - m_vis->visibleRowCount());
        bar->setValue(500);
        settle();
        QCOMPARE(m_vis->firstVisibleRow(), 500);
        QVERIFY(m_vis->markerPoint(wide(500), MarkerKind::HighWatermark));
        QVERIFY(!m_vis->markerPoint(wide(499), MarkerKind::HighWatermark));

        QTest::keyClick(plot(), Qt::Key_Home, Qt::ControlModifier);
        settle();
        QCOMPARE(m_vis->currentPartition(), wide(0));
        QCOMPARE(m_vis->firstVisibleRow(), 0);
        QCOMPARE(bar->value(), 0);
    }
};

QTEST_MAIN(TestVisualiser)
#include "tst_visualiser.moc"
