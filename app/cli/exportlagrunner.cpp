#include "exportlagrunner.h"

#include "clirunner.h"
#include "kafkaconnection.h"
#include "lagchartview.h"
#include "laghistorydatabase.h"
#include "lagsample.h"
#include "profilestore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <algorithm>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ExportLagCli", text);
}

void err(const QString &text)
{
    printTo(stderr, text);
}

QString utcText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Whose history: the cluster id the desktop app records under, and how to name it to the user.
struct Source
{
    QString profileId;
    QString label; // "profile 'prod'", "kafka:9092", "the demo cluster"
    bool demo = false;
};

int resolveSource(const AppOptions &options, Source *source)
{
    if (!options.bootstrap().isEmpty()) {
        source->profileId = ProfileStore::adHocProfileId(options.bootstrap());
        source->label = options.bootstrap();
    } else if (!options.profileName().isEmpty()) {
        const std::optional<ConnectionProfile> saved = ProfileStore().profile(options.profileName());
        if (!saved) {
            err(tr("offsetlens: no connection profile named '%1'\n").arg(options.profileName()));
            return ExportLagExit::Usage;
        }
        source->profileId = saved->isDemo ? ProfileStore::demoProfileId() : saved->id;
        source->label = tr("profile '%1'").arg(options.profileName());
    } else {
        source->profileId = ProfileStore::demoProfileId();
        source->label = tr("the demo cluster");
        source->demo = true;
    }
    return ExportLagExit::Ok;
}

// Refreshes the demo once a second for `recordMs`, as the desktop app would, and records each refresh. The demo
// is stopped before the chart is drawn, so that drawing does not compete with its traffic.
int recordDemo(const AppOptions &options, LagHistoryDatabase &db)
{
    const std::atomic_bool &interrupted = installInterruptHandler();
    CliCluster cluster;
    if (const int rc = openCliCluster(options, cluster); rc != 0)
        return rc;
    const JobContext context(cluster.connection, interrupted);
    const SnapshotFetcher::Options fetchOptions; // every group, as the desktop app records them
    const qint64 recordMs = options.exportLag.recordMs;
    QElapsedTimer clock;
    clock.start();
    for (qint64 next = 0; next <= recordMs;) {
        while (clock.elapsed() < next && !interrupted)
            QThread::msleep(std::clamp<qint64>(next - clock.elapsed(), 1, 100));
        if (interrupted)
            break;
        bool ok = false;
        const ClusterSnapshot snapshot = cluster.fetcher->fetch(fetchOptions, context, &ok);
        if (interrupted)
            break;
        if (!ok) {
            err(tr("offsetlens: %1\n").arg(snapshot.errors.join(QStringLiteral("\n"))));
            return ExportLagExit::Failed;
        }
        QString error;
        if (!db.record(samplesFromSnapshot(snapshot), &error)) {
            err(tr("offsetlens: the lag history could not be written: %1\n").arg(error));
            return ExportLagExit::Failed;
        }
        // A refresh that took longer than its interval is not made up for: the next one starts right away.
        next = std::max(next + 1000, clock.elapsed());
    }
    if (interrupted) {
        err(tr("offsetlens: interrupted\n"));
        return ExportLagExit::Interrupted;
    }
    return ExportLagExit::Ok;
}

QString noHistoryMessage(const AppOptions::ExportLag &e, const Source &source, const LagHistoryDatabase *db,
                         qint64 from, qint64 to)
{
    const QString span = e.until.atMs || e.until.agoMs > 0 ? tr("between %1 and %2 UTC").arg(utcText(from), utcText(to))
                                                           : tr("since %1 UTC").arg(utcText(from));
    QString text = source.demo
                       ? tr("offsetlens: no lag history of group %1 for %2 %3: record some first with --record 30s\n")
                             .arg(e.group, source.label, span)
                       : tr("offsetlens: no lag history of group %1 for %2 %3: the desktop app records it while it "
                            "runs\n")
                             .arg(e.group, source.label, span);
    // A mistyped group is the likelier explanation when the cluster has history of others.
    const QStringList groups = db ? db->groups() : QStringList();
    if (!groups.isEmpty() && !groups.contains(e.group)) {
        constexpr qsizetype kShown = 20;
        QString list = groups.mid(0, kShown).join(QStringLiteral(", "));
        if (groups.size() > kShown)
            list += tr(" and %1 more").arg(groups.size() - kShown);
        text += tr("Groups with lag history for %1: %2\n").arg(source.label, list);
    }
    return text;
}

} // namespace

int runExportLag(const AppOptions &options)
{
    const AppOptions::ExportLag &e = options.exportLag;
    Source source;
    if (const int rc = resolveSource(options, &source); rc != ExportLagExit::Ok)
        return rc;

    // Ctrl+C cancels recording. The handler goes in before anything slow starts (opening the history, starting the
    // demo), so that an early Ctrl+C ends the command as a later one does: "interrupted", exit 130.
    const bool recording = source.demo && e.recordMs > 0;
    if (recording)
        installInterruptHandler();

    // Reading must not create a database for a cluster the desktop app never recorded.
    const QString path = LagHistoryDatabase::defaultPath(source.profileId);
    if (!source.demo && !QFileInfo::exists(path)) {
        const auto [from, to] = e.range(QDateTime::currentMSecsSinceEpoch());
        err(noHistoryMessage(e, source, nullptr, from, to));
        return ExportLagExit::NoHistory;
    }
    LagHistoryDatabase db;
    const HistoryOpenResult opened = db.open(path);
    if (!opened.ok) {
        err(tr("offsetlens: the lag history %1 could not be opened: %2\n").arg(path, opened.message));
        return ExportLagExit::Failed;
    }
    if (!opened.message.isEmpty()) {
        err(tr("offsetlens: %1\n").arg(opened.message));
        // Locked by another program: what opened is an empty stand-in in memory, not the recorded history.
        if (!source.demo && opened.path.isEmpty())
            return ExportLagExit::Failed;
    }

    if (recording) {
        if (const int rc = recordDemo(options, db); rc != ExportLagExit::Ok)
            return rc;
    }

    // The range ends when recording did, so a relative --since covers what was just recorded.
    const auto [from, to] = e.range(QDateTime::currentMSecsSinceEpoch());
    if (from >= to) {
        err(tr("offsetlens: --since (%1 UTC) must be before --until (%2 UTC)\n").arg(utcText(from), utcText(to)));
        return ExportLagExit::Usage;
    }
    const GroupHistory history = db.load(e.group, from, to);
    if (!history.error.isEmpty())
        err(tr("offsetlens: warning: %1\n").arg(history.error));
    if (history.samples.isEmpty()) {
        err(noHistoryMessage(e, source, &db, from, to));
        return ExportLagExit::NoHistory;
    }

    // The desktop app's chart, never shown: the file looks like the app's own export, and the CSV holds exactly
    // the plotted series.
    LagChartView view;
    view.resize(e.width, e.height);
    view.setHistory(history);
    view.setKind(e.chart);
    view.setRange(from, to);
    QString error;
    if (!view.exportTo(e.outFile, e.width, e.height, e.dpi, &error)) {
        const QFileInfo out(e.outFile);
        if (!out.absoluteDir().exists())
            error = tr("cannot write %1: the folder %2 does not exist").arg(e.outFile, out.absolutePath());
        err(tr("offsetlens: %1\n").arg(error));
        return ExportLagExit::WriteFailed;
    }
    const qsizetype n = history.samples.size();
    const QString samples = n == 1 ? tr("1 sample") : tr("%1 samples").arg(n);
    err(tr("wrote %1 (%2, from %3 to %4 UTC)\n")
            .arg(e.outFile, samples, utcText(history.samples.constFirst().timeMs),
                 utcText(history.samples.constLast().timeMs)));
    return ExportLagExit::Ok;
}

} // namespace OffsetLens
