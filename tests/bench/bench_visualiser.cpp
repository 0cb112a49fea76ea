// The offset visualiser under load (hand-run): a topic of 1,000 partitions whose logs differ in size by orders of
// magnitude, three groups (one active, one with committed offsets below the log start), shown at 1600x1000
// offscreen. Prints the median and maximum time of an immediate replot for 100 and for 1,000 lanes on screen, in both
// scales, and with a Shift-drag in progress (a preview for every partition of the topic); then the time of a drag
// move and of applySnapshot for 1,000 and 10,000 lanes. Target: a replot of 100 visible lanes under 16 ms (one
// frame at 60 Hz).
//
// The visualiser keeps its lanes at least 4 px high, so at this size no user can put 1,000 lanes on screen; the
// benchmark forces the y range after each layout to measure that worst case of the painter anyway.
//
// Usage: bench_visualiser [--partitions N] [--big N] [--replots N] [--applies N]
#include "offsetvisualiser.h"
#include "qcustomplot_include.h"
#include "testsnapshots.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {

const QString kTopic = QStringLiteral("bench");

int argValue(int argc, char **argv, const char *name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    }
    return fallback;
}

struct Figures
{
    double median = 0;
    double max = 0;
};

Figures summarise(QList<double> ms)
{
    if (ms.isEmpty())
        return {};
    std::sort(ms.begin(), ms.end());
    const qsizetype n = ms.size();
    return {n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2.0, ms.last()};
}

Figures timeRuns(int runs, const std::function<void()> &run, const std::function<void()> &between = {})
{
    for (int i = 0; i < 3; ++i) { // warm-up: caches, fonts, glyphs
        run();
        if (between)
            between();
    }
    QList<double> ms;
    QElapsedTimer timer;
    for (int i = 0; i < runs; ++i) {
        timer.start();
        run();
        ms.append(double(timer.nsecsElapsed()) / 1e6);
        if (between)
            between();
    }
    return summarise(ms);
}

// Log sizes from 10 to several million offsets; every tenth partition of bench-c has lost its committed offset to
// retention (it lies below the log start).
ClusterSnapshot benchCluster(int partitions, qint64 grow, quint64 sequence)
{
    ClusterSnapshot s = base(sequence);
    QList<PartitionInfo> parts;
    QList<CommittedOffset> a;
    QList<CommittedOffset> b;
    QList<CommittedOffset> c;
    QList<TopicPartition> assignment;
    for (int p = 0; p < partitions; ++p) {
        qint64 size = 10;
        for (int k = 0; k < p % 6; ++k)
            size *= 10;
        size *= 1 + p % 7;
        const qint64 logStart = qint64(p % 13) * 50000;
        const qint64 hw = logStart + size + grow;
        parts.append(partition(p, logStart, hw, 1 + p % 3));
        a.append(committed(kTopic, p, logStart + size / 2));
        b.append(committed(kTopic, p, hw - size / 10));
        c.append(committed(kTopic, p, p % 10 == 0 && logStart > 0 ? logStart / 2 : hw - size / 3));
        assignment.append({kTopic, p});
    }
    s.topics = {topic(kTopic, parts)};
    s.groups = {
        group(QStringLiteral("bench-a"), GroupState::Empty, a),
        group(QStringLiteral("bench-b"), GroupState::Stable, b,
              {member(QStringLiteral("consumer-b-1"), QStringLiteral("bench-b"), QStringLiteral("/10.0.0.1"),
                      assignment)}),
        group(QStringLiteral("bench-c"), GroupState::Empty, c),
    };
    return s;
}

void sendMouse(QCustomPlot *plot, QEvent::Type type, const QPointF &pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers)
{
    QMouseEvent event(type, pos, plot->mapToGlobal(pos), button, buttons, modifiers);
    QApplication::sendEvent(plot, &event);
}

void printRow(const char *what, qsizetype lanes, int runs, const Figures &f)
{
    std::printf("%-44s %8lld %6d %10.2f %10.2f\n", what, static_cast<long long>(lanes), runs, f.median, f.max);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const int partitions = std::max(10, argValue(argc, argv, "--partitions", 1000));
    const int big = std::max(partitions, argValue(argc, argv, "--big", 10000));
    const int replots = std::max(1, argValue(argc, argv, "--replots", 60));
    const int applies = std::max(1, argValue(argc, argv, "--applies", 20));

    OffsetVisualiser vis;
    vis.resize(1600, 1000);
    vis.setSubject(LaneSubject::Topic, kTopic);
    vis.applySnapshot(AnalyzedSnapshot(benchCluster(partitions, 0, 1)));
    vis.setShownGroups({QStringLiteral("bench-a"), QStringLiteral("bench-b"), QStringLiteral("bench-c")});
    vis.show();
    QCustomPlot *plot = vis.plot();
    const auto settle = [plot] {
        for (int i = 0; i < 2; ++i) {
            QCoreApplication::processEvents();
            plot->replot();
        }
    };
    settle();

    // Connected after the visualiser's own handler, which sizes the y range to its lane height on every layout. That
    // handler then queues one more replot, whose layout undoes this again: while the range is forced, no events are
    // processed (the timed replots repaint at once), or the two would replot each other without end.
    int forcedLanes = 0;
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot, &forcedLanes] {
        if (forcedLanes > 0)
            plot->yAxis->setRange(-0.5, forcedLanes - 0.5);
    });
    const auto replot = [plot] {
        plot->replot(QCustomPlot::rpImmediateRefresh);
    };
    const auto forcedSettle = [plot] {
        plot->replot();
        plot->replot();
    };

    std::printf("bench_visualiser: topic of %d partitions, 3 groups, %dx%d, axis rect %dx%d\n\n", partitions,
                vis.width(), vis.height(), plot->axisRect()->width(), plot->axisRect()->height());
    std::printf("%-44s %8s %6s %10s %10s\n", "replot (rpImmediateRefresh)", "lanes", "runs", "median ms", "max ms");

    Figures hundredAbsolute;
    const int manyLanes = std::min(1000, partitions);
    const int fewLanes = std::min(100, partitions);
    for (const LaneScaleMode mode : {LaneScaleMode::Absolute, LaneScaleMode::Normalised}) {
        vis.setScaleMode(mode);
        const bool absolute = mode == LaneScaleMode::Absolute;
        // 0: as fitted, the lanes at the height the visualiser chooses (what a user sees first).
        for (const int lanes : {0, fewLanes, manyLanes}) {
            forcedLanes = lanes;
            if (lanes == 0)
                settle();
            else
                forcedSettle();
            const Figures f = timeRuns(replots, replot);
            if (absolute && lanes == fewLanes && hundredAbsolute.max == 0)
                hundredAbsolute = f;
            const QByteArray what =
                QByteArray(absolute ? "absolute" : "normalised") + ", 3 groups" + (lanes == 0 ? ", as fitted" : "");
            printRow(what.constData(), vis.visibleRowCount(), replots, f);
        }
    }

    // A Shift-drag of bench-a's marker: a preview on every partition of the topic.
    vis.setScaleMode(LaneScaleMode::Absolute);
    vis.setShownGroups({QStringLiteral("bench-a")});
    settle();
    forcedLanes = fewLanes;
    forcedSettle();
    std::optional<QPoint> marker;
    for (qint32 p = 0; p < fewLanes && !marker; ++p)
        marker = vis.markerPoint({kTopic, p}, MarkerKind::Committed, 0);
    Figures moveFigures;
    if (!marker) {
        std::printf("no committed marker on screen: drag not measured\n");
    } else {
        sendMouse(plot, QEvent::MouseButtonPress, *marker, Qt::LeftButton, Qt::LeftButton, Qt::ShiftModifier);
        const QPointF to(marker->x() + 40, marker->y());
        sendMouse(plot, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
        const qsizetype previewed = vis.state().drag.preview.size();
        forcedSettle();
        const Figures f = timeRuns(replots, replot);
        printRow("Shift-drag in progress, absolute", vis.visibleRowCount(), replots, f);
        forcedLanes = manyLanes;
        forcedSettle();
        printRow("Shift-drag in progress, absolute", vis.visibleRowCount(), replots, timeRuns(replots, replot));
        // A move re-plans the shift for every partition; the replot it queues is not part of this figure.
        int step = 0;
        moveFigures = timeRuns(replots, [&] {
            const QPointF pos(to.x() + (++step % 2 ? 3 : -3), to.y());
            sendMouse(plot, QEvent::MouseMove, pos, Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
        });
        QKeyEvent escape(QEvent::KeyPress, Qt::Key_Escape, Qt::NoModifier);
        QApplication::sendEvent(plot, &escape);
        sendMouse(plot, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, Qt::ShiftModifier);
        std::printf("\n%-44s %8lld %6d %10.2f %10.2f\n", "drag move event (plan only)",
                    static_cast<long long>(previewed), replots, moveFigures.median, moveFigures.max);
    }

    // Live updates: applySnapshot on the GUI thread (the analysis is done before, off it, as in the app).
    forcedLanes = 0;
    settle();
    vis.setShownGroups({QStringLiteral("bench-a"), QStringLiteral("bench-b"), QStringLiteral("bench-c")});
    std::printf("\n%-44s %8s %6s %10s %10s\n", "applySnapshot", "lanes", "runs", "median ms", "max ms");
    for (const int lanes : {partitions, big}) {
        const AnalyzedSnapshot one(benchCluster(lanes, 0, 10));
        const AnalyzedSnapshot two(benchCluster(lanes, 500, 11));
        vis.applySnapshot(one);
        settle();
        int flip = 0;
        const Figures apply = timeRuns(
            applies, [&] { vis.applySnapshot(++flip % 2 ? two : one); }, settle);
        printRow("applySnapshot", lanes, applies, apply);
        const Figures applyAndDraw = timeRuns(applies, [&] {
            vis.applySnapshot(++flip % 2 ? two : one);
            plot->replot(QCustomPlot::rpImmediateRefresh);
        });
        printRow("applySnapshot + replot", lanes, applies, applyAndDraw);
    }

    // Another group shown (a click in the tree): its lanes are built in the order of its describe rows.
    {
        const AnalyzedSnapshot cluster(benchCluster(big, 0, 12));
        vis.applySnapshot(cluster);
        int flip = 0;
        const Figures f = timeRuns(
            applies,
            [&] {
                vis.setSubject(LaneSubject::Group, ++flip % 2 ? QStringLiteral("bench-b") : QStringLiteral("bench-c"));
            },
            settle);
        printRow("setSubject (another group)", big, applies, f);
    }

    std::printf("\ntarget_replot_100_lanes_lt_16ms=%s (median %.2f ms, max %.2f ms)\n",
                hundredAbsolute.median < 16 ? "met" : "NOT met", hundredAbsolute.median, hundredAbsolute.max);
    return 0;
}
