#pragma once

#include "cliformat.h"
#include "connectionprofile.h"
#include "diagnosisinput.h"
#include "lagseries.h"
#include "resetplan.h"
#include "resettime.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace OffsetLens {

// Everything the command line can ask for, parsed without side effects so tests can check it.
struct AppOptions
{
    enum class Mode
    {
        Gui,            // the desktop app (default)
        DemoBroker,     // --demo-broker: run the embedded demo cluster headless and serve until interrupted
        Describe,       // offsetlens describe ...
        ListGroups,     // offsetlens list-groups ...
        Topics,         // offsetlens topics ...
        ResetOffsets,   // offsetlens reset-offsets ...
        DeleteOffsets,  // offsetlens delete-offsets ...
        DeleteGroup,    // offsetlens delete-group ...
        ExportLag,      // offsetlens export-lag ...
        TestConnection, // offsetlens test-connection ...
        Doctor,         // offsetlens doctor ...
    };
    Mode mode = Mode::Gui;

    // Connection. The subcommands take one cluster: --bootstrap wins; otherwise --profile; otherwise the embedded
    // demo cluster. The desktop app opens every cluster given: each --bootstrap and --profile (both repeatable),
    // and the demo with --demo or when nothing else is given.
    QStringList bootstraps;
    QStringList profileNames;
    bool demo = false; // --demo, or no bootstrap/profile given
    quint64 seed = 0;
    int scaleTopics = 0; // --demo-scale TxPxG: the demo in scale mode (no traffic), for trying large clusters
    int scalePartitions = 0;
    int scaleGroups = 0;
    int timeoutMs = 10000;
    int refreshIntervalMs = -1; // -1: the profile's (or default) interval
    QStringList pinnedGroups;
    QMap<QString, QString> clientProperties; // from --command-config FILE (librdkafka properties)

    // GUI
    QString screenshotFile;
    int screenshotAfter = 1; // take the screenshot when this many snapshots have been applied
    QString show;            // "group:ID", "topic:NAME", "broker:ID", "groups", "brokers"

    // Headless subcommands
    OutputFormat format = OutputFormat::Text;
    DescribeRequest describe;
    bool listWithState = false;
    QStringList topics;
    bool perPartition = false;

    // reset-offsets, delete-offsets, delete-group
    struct Write
    {
        QStringList groups;
        ResetScope scope;       // --all-topics / --topic t[:p,...]
        ResetStrategy strategy; // FromFile: targets are read from `fromFile` when the command runs
        QString fromFile;
        QString strategyText; // the strategy as given, for the audit log ("--shift-by -10")
        bool execute = false; // --execute; otherwise a dry run
        // --unlock-production: a production profile may be written by this one command (read-only never is).
        bool unlockProduction = false;
        bool exportCsv = false; // --export: the plan as the reference CLI's CSV
    } write;

    // export-lag: a group's recorded lag history as a chart (PNG/JPG/PDF) or its series (CSV).
    struct ExportLag
    {
        QString group;
        // The range: from `since` to `until`, each either a moment (ms since the epoch, UTC) or a span before the
        // moment the command runs (so that a cron job's "the last hour" means the hour before it ran).
        struct When
        {
            qint64 agoMs = 0;           // used when there is no atMs
            std::optional<qint64> atMs; // a date-time given with its zone
        };
        When since{3600 * 1000, std::nullopt}; // --since, default the last hour
        When until{0, std::nullopt};           // --until, default now
        QString outFile;
        LagChartKind chart = LagChartKind::TotalLag;
        int width = 1600;
        int height = 900;
        int dpi = 144;
        qint64 recordMs = 0; // --demo: record the demo's lag this long before exporting (default 30 s)

        // [from, to] in ms since the epoch as of `nowMs`.
        std::pair<qint64, qint64> range(qint64 nowMs) const;
    } exportLag;

    // doctor: one group's findings only (empty: the whole cluster's).
    QString doctorGroup;
    // doctor: what the user says of the consumers (the brokers never see it). Given, it wins over what was saved for
    // the profile's groups in the app; with --group for that group, otherwise for every group.
    std::optional<ResetPolicy> doctorResetPolicy;
    std::optional<CommitMode> doctorCommitMode;
    std::optional<qint64> doctorAutoCommitIntervalMs;

    QString bootstrap() const { return bootstraps.value(0); }
    QString profileName() const { return profileNames.value(0); }
    // A profile for --bootstrap SERVERS, with the command line's timeout, pins and client properties.
    ConnectionProfile adHocProfile(const QString &servers) const;
};

struct ParsedCommandLine
{
    AppOptions options;
    bool exitNow = false; // --help, --version or a usage error: print and exit with exitCode
    int exitCode = 0;
    QString out;
    QString err;
};

// args includes the program name, as QCoreApplication::arguments() gives it.
ParsedCommandLine parseCommandLine(const QStringList &args);

// Checks "host:port[,host:port...]" (IPv6 as [addr]:port); on failure says which entry is wrong and why.
bool validateBootstrapServers(const QString &servers, QString *error);

// Reads a librdkafka properties file (key=value lines, '#' comments), as kafka-consumer-groups' --command-config.
bool readPropertiesFile(const QString &path, QMap<QString, QString> *properties, QString *error);

} // namespace OffsetLens
