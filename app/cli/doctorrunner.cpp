#include "doctorrunner.h"

#include "clirunner.h"
#include "commandline.h"
#include "diagnose.h"
#include "findingformat.h"

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

// The CLI's notion of "no such group": nothing about it came back (the demo and pinned ids report Unknown then).
bool groupKnown(const ClusterSnapshot &snapshot, const QString &groupId)
{
    const GroupInfo *group = snapshot.findGroup(groupId);
    if (!group || group->state == GroupState::Dead)
        return false;
    return !(group->state == GroupState::Unknown && group->members.isEmpty() && group->offsets.isEmpty() &&
             group->error.isEmpty());
}

} // namespace

QList<FindingRule> doctorRulesNeedingHistory()
{
    // offsets-expiring still reports an Empty group without history, saying its date is unknown; the others are
    // silent without it, which is why the output names them all.
    return {FindingRule::OffsetsExpiring,    FindingRule::OffsetsVanished, FindingRule::ConsumerStopped,
            FindingRule::ConsumerStalled,    FindingRule::ConsumerRewound, FindingRule::LagGrowing,
            FindingRule::LagCatchingUpSlowly};
}

int doctorExitCode(const QList<Finding> &findings)
{
    return worstSeverity(findings) == FindingSeverity::Error ? 1 : 0;
}

CliOutput formatDoctor(const QList<Finding> &findings, OutputFormat format, const QString &groupFilter)
{
    CliOutput output;
    output.exitCode = doctorExitCode(findings);
    QStringList ruleIds;
    for (const FindingRule rule : doctorRulesNeedingHistory())
        ruleIds.append(findingRuleId(rule));
    if (format == OutputFormat::Json) {
        QJsonObject root = QJsonDocument::fromJson(findingsAsJson(findings)).object();
        root.insert(QStringLiteral("group"), groupFilter.isEmpty() ? QJsonValue() : QJsonValue(groupFilter));
        root.insert(QStringLiteral("withoutHistory"), QJsonArray::fromStringList(ruleIds));
        output.out = QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
        return output;
    }
    output.out = findingsAsText(findings);
    output.out +=
        QLatin1Char('\n') + tr("Note: one snapshot, no lag history. The rules that need one had nothing to go on: %1. "
                               "The desktop app checks them from its recorded history.\n")
                                .arg(ruleIds.join(QStringLiteral(", ")));
    return output;
}

int runDoctor(const AppOptions &options)
{
    CliCluster cluster;
    if (const int rc = openCliCluster(options, cluster); rc != 0)
        return rc == 2 ? 2 : 3; // 2: no such profile; otherwise the cluster (or the demo) could not be had

    SnapshotFetcher::Options fetchOptions;
    // The demo is small, and fetched whole its first snapshot waits for the consumers to settle, the seconds in
    // which its scenarios develop (retention overtaking the stopped group): --group then sees what the unfiltered
    // run sees.
    if (!options.doctorGroup.isEmpty() && !cluster.demo)
        fetchOptions.onlyGroups = {options.doctorGroup};
    const std::atomic_bool &interrupted = installInterruptHandler();
    const JobContext context(cluster.connection, interrupted);
    bool ok = false;
    const ClusterSnapshot snapshot = fetchCliSnapshot(cluster, fetchOptions, context, &ok);
    if (interrupted) {
        printTo(stderr, tr("offsetlens: interrupted\n"));
        return 130;
    }
    if (!ok) {
        printTo(stderr, tr("offsetlens: cannot connect: %1\n").arg(snapshot.errors.join(QStringLiteral("\n"))));
        return 3;
    }
    if (options.format != OutputFormat::Json)
        printTo(stderr, formatSnapshotErrors(snapshot));

    DiagnosisInput input;
    input.snapshot = snapshot;
    const QString &groupId = options.doctorGroup;
    if (!groupId.isEmpty() && !groupKnown(snapshot, groupId)) {
        printTo(stderr, tr("offsetlens: consumer group '%1' does not exist\n").arg(groupId));
        return 2;
    }
    const QList<Finding> findings = groupId.isEmpty() ? diagnose(input) : diagnoseGroup(input, groupId);
    const CliOutput output = formatDoctor(findings, options.format, groupId);
    printTo(stdout, output.out);
    return output.exitCode;
}

} // namespace OffsetLens
