#include "background.h"
#include "clirunner.h"
#include "commandline.h"
#include "exportlagrunner.h"
#include "historythreads.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QApplication>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace OffsetLens;

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

// The subcommands, --help, --version and --demo-broker never open a window, so they run without a display.
bool needsGui(int argc, char *argv[])
{
    if (argc > 1 && argv[1][0] != '-')
        return false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--demo-broker" || arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v" ||
            arg == "--help-all")
            return false;
    }
    return true;
}

// export-lag draws its chart with the desktop app's widgets, so it needs a QApplication (not for its --help), but it
// never shows a window. Without a display (cron, ssh, containers) it renders offscreen rather than fail to connect
// to one; a platform the user chose is kept.
bool rendersChart(int argc, char *argv[])
{
    if (argc < 2 || QByteArray(argv[1]) != "export-lag")
        return false;
    for (int i = 2; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version" || arg == "-v")
            return false;
    }
    return true;
}

void renderOffscreenWithoutDisplay()
{
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        return;
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("OffsetLens"));
    QCoreApplication::setApplicationName(QStringLiteral("offsetlens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OFFSETLENS_VERSION));
}

// The clusters the desktop app opens at start: every --profile and --bootstrap, and the demo with --demo or when
// nothing else was asked for.
QList<ConnectionProfile> initialProfiles(const AppOptions &options, QString *error)
{
    QList<ConnectionProfile> profiles;
    for (const QString &name : options.profileNames) {
        std::optional<ConnectionProfile> saved = ProfileStore().profile(name);
        if (!saved) {
            *error = QCoreApplication::translate("main", "no connection profile named '%1'").arg(name);
            return {};
        }
        saved->pinnedGroups += options.pinnedGroups;
        saved->clientProperties.insert(options.clientProperties);
        profiles.append(*saved);
    }
    for (const QString &servers : options.bootstraps)
        profiles.append(options.adHocProfile(servers));
    if (options.demo) {
        ConnectionProfile demo = ProfileStore::demoProfile();
        demo.pinnedGroups = options.pinnedGroups;
        profiles.prepend(demo);
    }
    return profiles;
}

// Saved profiles open once their secrets have been read (the keychain answers asynchronously; the window is up
// meanwhile), one after the other so that the clusters open in the order given. Secrets that cannot be read are
// reported, and the cluster is opened without them: it then shows why the brokers refused.
void openClusters(const QPointer<MainWindow> &window, QList<ConnectionProfile> profiles)
{
    while (window && !profiles.isEmpty()) {
        ConnectionProfile profile = profiles.takeFirst();
        if (!ProfileStore().hasStoredSecrets(profile.id)) {
            window->openCluster(profile);
            continue;
        }
        ProfileStore().readSecrets(profile, [window, profile, profiles](const SecretResult &result) mutable {
            if (result.ok()) {
                profile.secrets = result.secrets;
            } else {
                print(stderr, QCoreApplication::translate("main", "offsetlens: profile '%1': %2 Connecting without "
                                                                  "its passwords.\n")
                                  .arg(profile.name, result.message));
            }
            if (window)
                window->openCluster(profile);
            openClusters(window, profiles);
        });
        return;
    }
}

// Whether the command line names the clusters to open: --profile, --bootstrap, or the demo by --demo or one of its
// options. Without, the window reopens what was open when it last quit (the demo when nothing was).
bool namesClusters(const AppOptions &options, const QStringList &arguments)
{
    if (!options.bootstraps.isEmpty() || !options.profileNames.isEmpty())
        return true;
    const QStringList demoOptions{QStringLiteral("--demo"), QStringLiteral("--seed"), QStringLiteral("--demo-scale")};
    return std::any_of(arguments.cbegin(), arguments.cend(),
                       [&](const QString &arg) { return demoOptions.contains(arg.section(QLatin1Char('='), 0, 0)); });
}

int runGui(QApplication &app, const AppOptions &options)
{
    QString error;
    const QList<ConnectionProfile> profiles = initialProfiles(options, &error);
    if (!error.isEmpty()) {
        print(stderr, QStringLiteral("offsetlens: %1\n").arg(error));
        return 2;
    }

    MainWindow::StartOptions start;
    start.demo = demoOptions(options);
    start.refreshIntervalMs = options.refreshIntervalMs;
    MainWindow window(start);
    if (!options.show.isEmpty() && !window.selectItem(options.show)) {
        print(stderr, QStringLiteral("offsetlens: --show takes group:ID, topic:NAME, broker:ID, groups or brokers\n"));
        return 2;
    }

    int exitCode = 0;
    if (!options.screenshotFile.isEmpty()) {
        // Screenshots need a deterministic size, whatever geometry the user saved.
        window.resize(1440, 860);
        auto applied = std::make_shared<int>(0);
        const auto shoot = [&window, &exitCode, file = options.screenshotFile](int code) {
            // Let the views lay out and paint the data before grabbing.
            QTimer::singleShot(300, &window, [&window, &exitCode, file, code] {
                if (!window.grab().save(file, "PNG")) {
                    print(stderr, QStringLiteral("offsetlens: could not write %1\n").arg(file));
                    exitCode = 1;
                } else {
                    exitCode = code;
                }
                QCoreApplication::quit();
            });
        };
        QObject::connect(&window, &MainWindow::snapshotApplied, &window,
                         [applied, shoot, after = options.screenshotAfter] {
                             if (++*applied == after)
                                 shoot(0);
                         });
        QObject::connect(&window, &MainWindow::connectionFailed, &window, [shoot](const QString &message) {
            print(stderr, QStringLiteral("offsetlens: %1\n").arg(message));
            shoot(1);
        });
        // Never hang: a cluster that neither answers nor fails in time still gets a picture of what is shown.
        QTimer::singleShot(std::max(120000, options.timeoutMs * 3), &window, [shoot] {
            print(stderr, QStringLiteral("offsetlens: no snapshot arrived in time\n"));
            shoot(1);
        });
    }
    window.show();
    QList<ConnectionProfile> reopen;
    if (!namesClusters(options, QCoreApplication::arguments()))
        reopen = window.lastOpenProfiles();
    openClusters(&window, reopen.isEmpty() ? profiles : reopen);
    const int rc = app.exec();
    return exitCode != 0 ? exitCode : rc;
}

} // namespace

int main(int argc, char *argv[])
{
    setApplicationIdentity();
    std::unique_ptr<QCoreApplication> app;
    if (rendersChart(argc, argv)) {
        renderOffscreenWithoutDisplay();
        app = std::make_unique<QApplication>(argc, argv);
    } else if (needsGui(argc, argv)) {
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    setApplicationIdentity();

    const ParsedCommandLine parsed = parseCommandLine(QCoreApplication::arguments());
    if (parsed.exitNow) {
        print(stdout, parsed.out);
        print(stderr, parsed.err);
        return parsed.exitCode;
    }
    int rc = 0;
    if (parsed.options.mode == AppOptions::Mode::ExportLag) {
        rc = runExportLag(parsed.options);
    } else if (parsed.options.mode != AppOptions::Mode::Gui) {
        rc = runHeadless(parsed.options);
    } else {
        auto *guiApp = qobject_cast<QApplication *>(app.get());
        Q_ASSERT(guiApp);
        rc = runGui(*guiApp, parsed.options);
    }
    // Clusters and demos are torn down on background threads (the window never waits for them); the process lets
    // them finish, within reason. A librdkafka call left behind can run to its request timeout (up to 10 min):
    // rather than wait for it, or tear down the statics it still uses under it, leave without running static
    // destructors (everything the user set up is already saved).
    // The lag history's threads finish their last write the same way (and must, before Qt SQL's statics go).
    const bool historyIdle = HistoryThreads::waitForIdle(std::chrono::seconds(5));
    if (!Background::waitForIdle(std::chrono::seconds(5)) || !historyIdle) {
        std::fflush(stdout);
        std::fflush(stderr);
        std::_Exit(rc);
    }
    return rc;
}
