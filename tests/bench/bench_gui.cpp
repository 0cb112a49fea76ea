// The whole app under load, as a user would run it: the real main window (offscreen) connected to the embedded
// demo cluster in scale mode (default 100 topics x 100 partitions = 10,000 partitions, 200 groups, 40,000 committed
// rows), auto-refreshing. Measures per refresh: the worker's fetch time, the GUI-thread time to apply the snapshot
// to the models and views, and the longest stall of the GUI event loop (a 2 ms heartbeat timer; any gap beyond its
// period is time the GUI could not react). Prints the figures and whether the targets are met:
// refresh < 1000 ms, GUI thread never blocked > 50 ms.
//
// Usage: bench_gui [--topics N] [--partitions N] [--groups N] [--refreshes N] [--interval ms]
#include "background.h"
#include "historythreads.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/resource.h>

using namespace OffsetLens;

namespace {

int argValue(int argc, char **argv, const char *name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    }
    return fallback;
}

double median(QList<qint64> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? double(values[n / 2]) : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// Times every event the GUI thread delivers, so a stall can be pinned on its receiver: the slowest deliveries are
// printed with the receiver's class and object name and the event type (a queued signal is a MetaCall).
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    struct Slow
    {
        qint64 ms = 0;
        QByteArray what;
    };
    bool recording = false;
    QList<Slow> slowest; // the slowest deliveries, longest first, at most kKeep

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!recording || depth > 0)
            return QApplication::notify(receiver, event);
        ++depth;
        QElapsedTimer timer;
        timer.start();
        const int type = int(event->type());
        const QByteArray name = receiver->metaObject()->className() + QByteArray(" ") +
                                receiver->objectName().toUtf8() + " event " + QByteArray::number(type);
        const bool result = QApplication::notify(receiver, event);
        --depth;
        note(timer.elapsed(), name);
        return result;
    }

private:
    static constexpr int kKeep = 8;
    int depth = 0; // only the outermost delivery: nested ones are part of it

    void note(qint64 ms, const QByteArray &what)
    {
        if (ms < 5 || (slowest.size() == kKeep && ms <= slowest.constLast().ms))
            return;
        slowest.append({ms, what});
        std::sort(slowest.begin(), slowest.end(), [](const Slow &a, const Slow &b) { return a.ms > b.ms; });
        if (slowest.size() > kKeep)
            slowest.removeLast();
    }
};

long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("OffsetLensBench"));

    MainWindow::StartOptions options;
    options.demo.seed = 1;
    options.demo.scale.topics = argValue(argc, argv, "--topics", 100);
    options.demo.scale.partitions = argValue(argc, argv, "--partitions", 100);
    options.demo.scale.groups = argValue(argc, argv, "--groups", 200);
    options.refreshIntervalMs = argValue(argc, argv, "--interval", 1000);
    const int refreshes = std::max(2, argValue(argc, argv, "--refreshes", 6));

    auto owned = std::make_unique<MainWindow>(options);
    MainWindow &window = *owned;
    window.resize(1440, 860);
    window.show();

    QElapsedTimer startTimer;
    startTimer.start();
    qint64 firstSnapshotMs = -1;

    // Heartbeat: the largest gap between ticks, minus the period, is the longest the GUI thread was unresponsive.
    constexpr int kBeatMs = 2;
    QElapsedTimer beatClock;
    qint64 lastBeat = -1;
    qint64 worstStall = 0;
    bool measuring = false;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = beatClock.elapsed();
        if (measuring && lastBeat >= 0)
            worstStall = std::max(worstStall, now - lastBeat - kBeatMs);
        lastBeat = now;
    });
    beatClock.start();
    heartbeat.start(kBeatMs);

    QList<qint64> fetchMs, applyMs;
    qint64 rows = 0, partitions = 0;
    int applied = 0;
    QObject::connect(&window, &MainWindow::snapshotApplied, [&](const ClusterSnapshot &s) {
        ++applied;
        if (applied == 1) {
            firstSnapshotMs = startTimer.elapsed();
            // Show the biggest panel: a group's offsets table, then measure from the next refresh on.
            if (!s.groups.isEmpty())
                window.selectItem(QStringLiteral("group:") + s.groups.constFirst().groupId);
            measuring = true;
            app.recording = true;
            lastBeat = -1;
            return;
        }
        fetchMs.append(s.durationMs);
        applyMs.append(window.lastApplyMs());
        rows = 0;
        for (const GroupInfo &g : s.groups)
            rows += g.offsets.size();
        partitions = 0;
        for (const TopicInfo &t : s.topics)
            partitions += t.partitionCount();
        if (applied > refreshes)
            QTimer::singleShot(200, &app, &QCoreApplication::quit); // let the last repaint happen inside the window
    });
    QObject::connect(&window, &MainWindow::connectionFailed, [&](const QString &message) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(message));
        app.exit(1);
    });
    QTimer::singleShot(300000, &app, [&] {
        std::fprintf(stderr, "bench_gui: timed out\n");
        app.exit(2);
    });

    window.openCluster(ProfileStore::demoProfile());
    const int rc = app.exec();
    // As main() does: the window's history and session threads finish their last work before the process ends
    // (Qt SQL's connection registry is a global that static destruction would pull from under them).
    owned.reset();
    HistoryThreads::waitForIdle(std::chrono::seconds(10));
    Background::waitForIdle(std::chrono::seconds(10));
    if (rc != 0)
        return rc;

    const double fetchMedian = median(fetchMs);
    const qint64 fetchMax = fetchMs.isEmpty() ? 0 : *std::max_element(fetchMs.cbegin(), fetchMs.cend());
    const qint64 applyMax = applyMs.isEmpty() ? 0 : *std::max_element(applyMs.cbegin(), applyMs.cend());
    std::printf("partitions=%lld committed_rows=%lld groups=%d refreshes_measured=%lld\n", partitions, rows,
                options.demo.scale.groups, fetchMs.size());
    std::printf("demo_start_to_first_snapshot_ms=%lld\n", firstSnapshotMs);
    std::printf("refresh_median_ms=%.1f\nrefresh_max_ms=%lld\n", fetchMedian, fetchMax);
    std::printf("gui_apply_median_ms=%.1f\ngui_apply_max_ms=%lld\n", median(applyMs), applyMax);
    std::printf("gui_longest_stall_ms=%lld\n", worstStall);
    std::printf("peak_rss_kb=%ld\n", peakRssKb());
    for (const TimingApplication::Slow &slow : std::as_const(app.slowest))
        std::printf("slow_event_ms=%lld %s\n", slow.ms, slow.what.constData());
    std::printf("target_refresh_lt_1000ms=%s\ntarget_gui_block_lt_50ms=%s\n", fetchMedian < 1000 ? "met" : "NOT met",
                worstStall < 50 ? "met" : "NOT met");
    return 0;
}
