#include "clirunner.h"
#include "commandline.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>
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

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("OffsetLens"));
    QCoreApplication::setApplicationName(QStringLiteral("offsetlens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OFFSETLENS_VERSION));
}

ConnectionProfile initialProfile(const AppOptions &options, QString *error)
{
    if (!options.bootstrap.isEmpty())
        return options.adHocProfile();
    if (!options.profileName.isEmpty()) {
        std::optional<ConnectionProfile> saved = ProfileStore().profile(options.profileName);
        if (!saved) {
            *error = QCoreApplication::translate("main", "no connection profile named '%1'").arg(options.profileName);
            return {};
        }
        saved->pinnedGroups += options.pinnedGroups;
        saved->clientProperties.insert(options.clientProperties);
        return *saved;
    }
    ConnectionProfile demo = ProfileStore::demoProfile();
    demo.pinnedGroups = options.pinnedGroups;
    return demo;
}

int runGui(QApplication &app, const AppOptions &options)
{
    QString error;
    const ConnectionProfile profile = initialProfile(options, &error);
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
    window.connectTo(profile);
    const int rc = app.exec();
    return exitCode != 0 ? exitCode : rc;
}

} // namespace

int main(int argc, char *argv[])
{
    setApplicationIdentity();
    std::unique_ptr<QCoreApplication> app;
    if (needsGui(argc, argv))
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    setApplicationIdentity();

    const ParsedCommandLine parsed = parseCommandLine(QCoreApplication::arguments());
    if (parsed.exitNow) {
        print(stdout, parsed.out);
        print(stderr, parsed.err);
        return parsed.exitCode;
    }
    if (parsed.options.mode != AppOptions::Mode::Gui)
        return runHeadless(parsed.options);
    auto *guiApp = qobject_cast<QApplication *>(app.get());
    Q_ASSERT(guiApp);
    return runGui(*guiApp, parsed.options);
}
