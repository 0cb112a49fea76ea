// The whole app under load, as a user would run it: the real main window (offscreen) connected to the embedded
// demo cluster in scale mode (default 100 topics x 100 partitions = 10,000 partitions, 200 groups, 40,000 committed
// rows), auto-refreshing. Measures per refresh: the worker's fetch time, the GUI-thread time to apply the snapshot
// to the models and views, and the longest stall of the GUI event loop (a 2 ms heartbeat timer; any gap beyond its
// period is time the GUI could not react). Prints the figures and whether the targets are met:
// refresh < 1 s (10,000 partitions) or < 10 s (100,000), GUI thread never blocked > 50 ms.
//
// Then, with refreshes stopped, what a user does with it: types a group's name into the tree's filter one key at a
// time (the longest keystroke, filtering and laying out the tree, is printed) and sorts the offsets table of the
// first group, which `--big-group N` makes N partitions big, by each numeric column (the longest sort is printed).
// The peak RSS printed includes the demo cluster's brokers, which run in the same process, unless
// `--separate-brokers` runs them in a child process: the app then connects to them as to any cluster (the groups
// come from DemoCluster::scaleGroupSource, as the mock brokers cannot list them), and the peak RSS is the app's
// alone; the brokers' is printed apart.
//
// Usage: bench_gui [--topics N] [--partitions N] [--groups N] [--big-group N] [--refreshes N] [--interval ms]
//                  [--separate-brokers]
#include "background.h"
#include "clustertreeview.h"
#include "connectionmanager.h"
#include "copyabletableview.h"
#include "filterlineedit.h"
#include "groupoffsetsmodel.h"
#include "grouppanel.h"
#include "historythreads.h"
#include "mainwindow.h"
#include "profilestore.h"
#include "snapshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QThread>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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
    QElapsedTimer clock; // since the start: when each slow delivery began
    QList<Slow> slowest; // the slowest deliveries, longest first, at most kKeep

    bool notify(QObject *receiver, QEvent *event) override
    {
        // notify() sees every thread's events (the history store's, the lag monitor's): only the GUI thread's count.
        if (!recording || depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++depth;
        QElapsedTimer timer;
        timer.start();
        const int type = int(event->type());
        QByteArray name = receiver->metaObject()->className() + QByteArray(" ") + receiver->objectName().toUtf8() +
                          " event " + QByteArray::number(type);
        // A bare QObject is some class's helper (a context object): its parent says whose.
        if (receiver->metaObject() == &QObject::staticMetaObject && receiver->parent())
            name += QByteArray(" (child of ") + receiver->parent()->metaObject()->className() + ')';
        name += " at " + QByteArray::number(clock.elapsed()) + " ms";
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

// Types `text` into the tree's filter one character at a time; returns the longest keystroke: the filtering, then
// the tree's layout and paint (the events the keystroke queued).
qint64 typeIntoTreeFilter(MainWindow &window, const QString &text, QString *breakdown)
{
    auto *tree = window.findChild<ClusterTreeView *>();
    auto *edit = tree ? tree->findChild<FilterLineEdit *>() : nullptr;
    if (!edit)
        return -1;
    qint64 longest = 0;
    for (const QChar c : text) {
        QElapsedTimer timer;
        timer.start();
        edit->insert(QString(c)); // filters, synchronously
        const qint64 filtered = timer.elapsed();
        tree->treeView()->viewport()->repaint(); // what the user sees after the key
        const qint64 painted = timer.elapsed();
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        if (timer.elapsed() > longest) {
            longest = timer.elapsed();
            *breakdown = QStringLiteral("after \"%1\": filter %2 ms, layout and paint %3 ms, queued events %4 ms")
                             .arg(edit->text())
                             .arg(filtered)
                             .arg(painted - filtered)
                             .arg(longest - painted);
        }
    }
    edit->clear();
    QCoreApplication::processEvents();
    return longest;
}

// Clicks away to the groups overview, then back to `group`: returns how long selecting the group took, with the
// events it queued and the repaint (its table and visualiser filled, from the snapshot the window has).
qint64 selectGroupAgain(MainWindow &window, const QString &group)
{
    window.selectItem(QStringLiteral("groups"));
    window.repaint();
    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    QElapsedTimer timer;
    timer.start();
    if (!window.selectItem(QStringLiteral("group:") + group))
        return -1;
    window.repaint();
    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    return timer.elapsed();
}

// Sorts the shown group's offsets table by each numeric column, both ways; returns the longest sort with repaint.
qint64 sortGroupTable(MainWindow &window, qsizetype *rows)
{
    auto *panel = window.findChild<GroupPanel *>();
    if (!panel)
        return -1;
    CopyableTableView *table = panel->tableView();
    *rows = panel->model()->rowCount();
    qint64 longest = 0;
    for (const int column : {GroupOffsetsModel::LagColumn, GroupOffsetsModel::CurrentOffsetColumn,
                             GroupOffsetsModel::LogEndOffsetColumn, GroupOffsetsModel::PartitionColumn}) {
        for (const Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            QElapsedTimer timer;
            timer.start();
            table->sortByColumn(column, order);
            table->viewport()->repaint();
            QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
            longest = std::max(longest, timer.elapsed());
        }
    }
    return longest;
}

bool hasFlag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return true;
    }
    return false;
}

// The demo's brokers in a child process, forked before the parent starts any thread. The child writes its bootstrap
// servers (or "!" and why it failed) as one line to the pipe, then serves until killed; it dies with the parent.
struct BrokerProcess
{
    pid_t pid = -1;
    QString bootstrap;
    QString error;
};

BrokerProcess startBrokerProcess(int argc, char **argv, const DemoCluster::Options &options)
{
    BrokerProcess broker;
    int fds[2];
    if (pipe(fds) != 0) {
        broker.error = QStringLiteral("pipe failed");
        return broker;
    }
    broker.pid = fork();
    if (broker.pid == 0) {
        close(fds[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() == 1) // the parent died before prctl took effect
            _exit(1);
        QCoreApplication core(argc, argv);
        DemoCluster demo(options);
        QString error;
        const bool ok = demo.start(&error);
        const QByteArray line = (ok ? demo.bootstrapServers() : QStringLiteral("!") + error).toUtf8() + '\n';
        if (write(fds[1], line.constData(), size_t(line.size())) != line.size() || !ok)
            _exit(1);
        close(fds[1]);
        core.exec(); // until the parent's SIGTERM
        _exit(0);
    }
    close(fds[1]);
    QByteArray line;
    char c = 0;
    while (read(fds[0], &c, 1) == 1 && c != '\n')
        line.append(c);
    close(fds[0]);
    if (line.isEmpty() || line.startsWith('!'))
        broker.error = line.isEmpty() ? QStringLiteral("the broker process died") : QString::fromUtf8(line.mid(1));
    else
        broker.bootstrap = QString::fromUtf8(line);
    return broker;
}

long stopBrokerProcess(const BrokerProcess &broker) // its peak RSS in kB
{
    if (broker.pid <= 0)
        return 0;
    kill(broker.pid, SIGTERM);
    int status = 0;
    rusage usage{};
    wait4(broker.pid, &status, 0, &usage);
    return usage.ru_maxrss;
}

// How long this thread has waited for a CPU while ready to run, in ns (schedstat's second field), or -1. Kept
// beside the heartbeat, it tells a stall the GUI thread spent working from one it spent waiting for a core.
long long runQueueWaitNs()
{
    static thread_local std::FILE *file = std::fopen("/proc/thread-self/schedstat", "r");
    if (!file)
        return -1;
    unsigned long long running = 0, waiting = 0;
    std::rewind(file);
    return std::fscanf(file, "%llu %llu", &running, &waiting) == 2 ? static_cast<long long>(waiting) : -1;
}

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
    MainWindow::StartOptions options;
    options.demo.seed = 1;
    options.demo.scale.topics = argValue(argc, argv, "--topics", 100);
    options.demo.scale.partitions = argValue(argc, argv, "--partitions", 100);
    options.demo.scale.groups = argValue(argc, argv, "--groups", 200);
    options.demo.scale.firstGroupPartitions = argValue(argc, argv, "--big-group", 0);
    options.refreshIntervalMs = argValue(argc, argv, "--interval", 1000);
    const int refreshes = std::max(2, argValue(argc, argv, "--refreshes", 6));

    ConnectionProfile profile = ProfileStore::demoProfile();
    BrokerProcess broker;
    QElapsedTimer brokerTimer;
    brokerTimer.start();
    if (hasFlag(argc, argv, "--separate-brokers")) {
        if (options.demo.scale.topics <= 0) {
            std::fprintf(stderr, "bench_gui: --separate-brokers needs the scale mode (--topics 1 or more)\n");
            return 2;
        }
        broker = startBrokerProcess(argc, argv, options.demo);
        if (!broker.error.isEmpty()) {
            std::fprintf(stderr, "bench_gui: the demo brokers did not start: %s\n", qPrintable(broker.error));
            stopBrokerProcess(broker);
            return 1;
        }
        std::printf("separate_brokers_started_ms=%lld\n", brokerTimer.elapsed());
        profile = ConnectionProfile();
        profile.id = ProfileStore::adHocProfileId(broker.bootstrap);
        profile.name = QStringLiteral("bench brokers");
        profile.bootstrapServers = broker.bootstrap;
        options.groupSourceFor = [scale = options.demo.scale, seed = options.demo.seed](const ConnectionProfile &) {
            return DemoCluster::scaleGroupSource(scale, seed);
        };
    }
    TimingApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("OffsetLensBench"));

    auto owned = std::make_unique<MainWindow>(options);
    MainWindow &window = *owned;
    window.resize(1440, 860);
    window.show();

    QElapsedTimer startTimer;
    startTimer.start();
    qint64 firstSnapshotMs = -1;
    qint64 firstApplyMs = -1; // the first refresh fills the empty views: every row is new
    qint64 firstAppliedAt = -1;

    // Heartbeat: the largest gap between ticks, minus the period, is the longest the GUI thread was unresponsive.
    constexpr int kBeatMs = 2;
    QElapsedTimer beatClock;
    qint64 lastBeat = -1;
    qint64 worstStall = 0;
    qint64 worstStallEndedAt = -1;
    long long worstStallWaitNs = -1;
    long long lastWaitNs = -1;
    bool measuring = false;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = beatClock.elapsed();
        const long long waitNs = runQueueWaitNs();
        if (measuring && lastBeat >= 0 && now - lastBeat - kBeatMs > worstStall) {
            worstStall = now - lastBeat - kBeatMs;
            worstStallEndedAt = app.clock.elapsed(); // on the slow events' clock, to tell which caused it
            worstStallWaitNs = waitNs >= 0 && lastWaitNs >= 0 ? waitNs - lastWaitNs : -1;
        }
        lastBeat = now;
        lastWaitNs = waitNs;
    });
    beatClock.start();
    heartbeat.start(kBeatMs);

    QList<qint64> fetchMs, applyMs;
    qint64 rows = 0, partitions = 0;
    int applied = 0;
    qint64 filterMs = -1, sortMs = -1, selectMs = -1, firstSelectMs = -1, firstSelectModelMs = -1;
    QString filterBreakdown;
    qsizetype sortedRows = 0;
    QObject::connect(&window, &MainWindow::snapshotApplied, [&](const ClusterSnapshot &s) {
        ++applied;
        if (applied == 1) {
            firstSnapshotMs = startTimer.elapsed();
            firstApplyMs = window.lastApplyMs();
            firstAppliedAt = app.clock.elapsed();
            // Then, as a user would, a click of its own: show the biggest panel, a group's offsets table (its first
            // showing: the table's rows and the visualiser's lanes are made for the first time). Refreshes are
            // measured from the next one on.
            if (!s.groups.isEmpty()) {
                QTimer::singleShot(
                    0, &window, [&window, &firstSelectMs, &firstSelectModelMs, group = s.groups.constFirst().groupId] {
                        QElapsedTimer timer;
                        timer.start();
                        window.selectItem(QStringLiteral("group:") + group);
                        firstSelectModelMs = timer.elapsed();
                        window.repaint();
                        firstSelectMs = timer.elapsed();
                    });
            }
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
        if (applied > refreshes) {
            // Refreshes stop; then the user's part, measured outside the refresh figures.
            window.connections()->setRefreshInterval(window.currentClusterId(), 0);
            QTimer::singleShot(200, &app, [&] {
                measuring = false;
                app.recording = false;
                QString typed = s.groups.isEmpty() ? QStringLiteral("topic") : s.groups.constLast().groupId;
                if (!s.groups.isEmpty())
                    selectMs = selectGroupAgain(window, s.groups.constFirst().groupId);
                sortMs = sortGroupTable(window, &sortedRows); // before the filter moves the selection
                filterMs = typeIntoTreeFilter(window, typed, &filterBreakdown);
                QTimer::singleShot(200, &app, &QCoreApplication::quit); // the last repaint inside the window
            });
        }
    });
    QObject::connect(&window, &MainWindow::connectionFailed, [&](const QString &message) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(message));
        app.exit(1);
    });
    QTimer::singleShot(300000, &app, [&] {
        std::fprintf(stderr, "bench_gui: timed out\n");
        app.exit(2);
    });

    app.recording = true; // the slowest events include the first refresh's, which fills the empty views
    app.clock.start();
    window.openCluster(profile);
    const int rc = app.exec();
    // As main() does: the window's history and session threads finish their last work before the process ends
    // (Qt SQL's connection registry is a global that static destruction would pull from under them).
    owned.reset();
    HistoryThreads::waitForIdle(std::chrono::seconds(10));
    Background::waitForIdle(std::chrono::seconds(10));
    const long brokerRssKb = stopBrokerProcess(broker);
    if (rc != 0)
        return rc;

    const double fetchMedian = median(fetchMs);
    const qint64 fetchMax = fetchMs.isEmpty() ? 0 : *std::max_element(fetchMs.cbegin(), fetchMs.cend());
    const qint64 applyMax = applyMs.isEmpty() ? 0 : *std::max_element(applyMs.cbegin(), applyMs.cend());
    std::printf("partitions=%lld committed_rows=%lld groups=%d refreshes_measured=%lld\n", partitions, rows,
                options.demo.scale.groups, fetchMs.size());
    std::printf("demo_start_to_first_snapshot_ms=%lld\n", firstSnapshotMs);
    std::printf("first_apply_ms=%lld (all rows new; in three events; first snapshot applied at %lld ms)\n",
                firstApplyMs, firstAppliedAt);
    std::printf("refresh_median_ms=%.1f\nrefresh_max_ms=%lld\n", fetchMedian, fetchMax);
    std::printf("gui_apply_median_ms=%.1f\ngui_apply_max_ms=%lld\n", median(applyMs), applyMax);
    std::printf("gui_longest_stall_ms=%lld (ended at %lld ms; %lld ms of it waiting for a CPU)\n", worstStall,
                worstStallEndedAt, worstStallWaitNs >= 0 ? worstStallWaitNs / 1000000 : -1);
    if (broker.pid > 0)
        std::printf("peak_rss_kb=%ld (the app alone)\nbroker_process_peak_rss_kb=%ld\n", peakRssKb(), brokerRssKb);
    else
        std::printf("peak_rss_kb=%ld (the app and the demo brokers)\n", peakRssKb());
    for (const TimingApplication::Slow &slow : std::as_const(app.slowest))
        std::printf("slow_event_ms=%lld %s\n", slow.ms, slow.what.constData());
    std::printf("filter_keystroke_max_ms=%lld (%s)\n", filterMs, qPrintable(filterBreakdown));
    std::printf("sort_group_table_max_ms=%lld rows=%lld\n", sortMs, qint64(sortedRows));
    std::printf("first_select_group_ms=%lld (its table made in %lld ms, then the window painted; over 2,000 partitions "
                "its lanes follow in the next event)\n",
                firstSelectMs, firstSelectModelMs);
    std::printf("select_group_ms=%lld (the groups overview, then the first group again)\n", selectMs);
    // The targets: a refresh of 10,000 partitions within 1 s, of 100,000 within 10 s; the GUI thread never
    // blocked over 50 ms; a filter keystroke within 50 ms; a 10,000-row group table sorted within 100 ms.
    const double refreshTarget = partitions > 20000 ? 10000 : 1000;
    std::printf("target_refresh_lt_%.0fms=%s\n", refreshTarget, fetchMedian < refreshTarget ? "met" : "NOT met");
    std::printf("target_gui_block_lt_50ms=%s\n", worstStall < 50 ? "met" : "NOT met");
    std::printf("target_filter_lt_50ms=%s\n", filterMs >= 0 && filterMs < 50 ? "met" : "NOT met");
    std::printf("target_sort_lt_100ms=%s\n", sortMs >= 0 && sortMs < 100 ? "met" : "NOT met");
    return 0;
}
