#include "connectiontest.h"

#include "clirunner.h"
#include "commandline.h"
#include "connectionprobe.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::Cli", text);
}

constexpr int kMaxDetailLines = 12;

QString statusLabel(ProbeStep::Status status)
{
    switch (status) {
    case ProbeStep::Status::Ok:
        return tr("ok");
    case ProbeStep::Status::Warning:
        return tr("WARNING");
    case ProbeStep::Status::Failed:
        return tr("FAILED");
    case ProbeStep::Status::Skipped:
        return tr("skipped");
    }
    return {};
}

} // namespace

QString formatProbeHeader(const QString &bootstrapServers)
{
    return tr("Testing the connection to %1\n").arg(bootstrapServers);
}

QString formatProbeStep(const ProbeStep &step)
{
    QString text = QStringLiteral("  %1 %2 %3\n")
                       .arg(statusLabel(step.status).leftJustified(8), step.title().leftJustified(23), step.message);
    // What went wrong in librdkafka's own words, as the desktop app's details box shows it.
    if (step.status == ProbeStep::Status::Failed || step.status == ProbeStep::Status::Warning) {
        const QStringList lines = step.details.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (qsizetype i = 0; i < lines.size() && i < kMaxDetailLines; ++i)
            text += QStringLiteral("           | %1\n").arg(lines.at(i));
        if (lines.size() > kMaxDetailLines)
            text += tr("           | (%1 more lines)\n").arg(lines.size() - kMaxDetailLines);
    }
    return text;
}

QString formatProbeResult(const ProbeReport &report)
{
    switch (report.verdict) {
    case ProbeReport::Verdict::Connected:
        return tr("Connected: %1\n").arg(report.summary);
    case ProbeReport::Verdict::ConnectedWithProblems:
        return tr("Connected with problems: %1\n").arg(report.summary);
    case ProbeReport::Verdict::NotConnected:
        return tr("Cannot connect: %1\n").arg(report.summary);
    case ProbeReport::Verdict::Cancelled:
        return tr("Interrupted\n");
    }
    return {};
}

CliOutput formatProbeReport(const ProbeReport &report, OutputFormat format)
{
    CliOutput output;
    output.exitCode = probeExitCode(report);
    if (format != OutputFormat::Json) {
        output.out = formatProbeHeader(report.bootstrapServers);
        for (const ProbeStep &step : report.steps)
            output.out += formatProbeStep(step);
        output.out += formatProbeResult(report);
        return output;
    }
    QJsonArray steps;
    for (const ProbeStep &step : report.steps) {
        steps.append(QJsonObject{
            {QStringLiteral("step"), kindKey(step.kind)},
            {QStringLiteral("title"), step.title()},
            {QStringLiteral("status"), statusKey(step.status)},
            {QStringLiteral("category"),
             step.status == ProbeStep::Status::Failed || step.status == ProbeStep::Status::Warning
                 ? QJsonValue(categoryKey(step.category))
                 : QJsonValue()},
            {QStringLiteral("message"), step.message},
            {QStringLiteral("details"), step.details},
            {QStringLiteral("elapsedMs"), step.elapsedMs},
        });
    }
    const QJsonObject root{
        {QStringLiteral("profile"), report.profileName},
        {QStringLiteral("bootstrapServers"), report.bootstrapServers},
        {QStringLiteral("verdict"), verdictKey(report.verdict)},
        {QStringLiteral("category"),
         report.verdict == ProbeReport::Verdict::Connected ? QJsonValue() : QJsonValue(categoryKey(report.category))},
        {QStringLiteral("summary"), report.summary},
        {QStringLiteral("elapsedMs"), report.elapsedMs},
        {QStringLiteral("steps"), steps},
    };
    output.out = QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    return output;
}

int probeExitCode(const ProbeReport &report)
{
    switch (report.verdict) {
    case ProbeReport::Verdict::Connected:
        return 0;
    case ProbeReport::Verdict::NotConnected:
        return 1;
    case ProbeReport::Verdict::ConnectedWithProblems:
        return 3;
    case ProbeReport::Verdict::Cancelled:
        return 130;
    }
    return 1;
}

int runTestConnection(const AppOptions &options)
{
    // The profile the other subcommands would use: --bootstrap, --profile (with its secrets) or the demo.
    CliCluster cluster;
    if (const int rc = openCliCluster(options, cluster); rc != 0)
        return rc;
    const bool text = options.format != OutputFormat::Json;
    if (text)
        printTo(stdout, formatProbeHeader(cluster.profile.bootstrapServers));
    const ProbeReport report = probeConnection(cluster.profile, ProbeOptions::forProfile(cluster.profile),
                                               installInterruptHandler(), [text](const ProbeStep &step) {
                                                   if (text)
                                                       printTo(stdout, formatProbeStep(step));
                                               });
    if (text)
        printTo(stdout, formatProbeResult(report));
    else
        printTo(stdout, formatProbeReport(report, OutputFormat::Json).out);
    return probeExitCode(report);
}

} // namespace OffsetLens
