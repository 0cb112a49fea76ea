#include "doctorrunner.h"

#include "clirunner.h"
#include "commandline.h"
#include "diagnose.h"
#include "findingformat.h"
#include "laghistorydatabase.h"
#include "profilestore.h"
#include "recordeddiagnosis.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
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

CliOutput formatDoctor(const QList<Finding> &findings, OutputFormat format, const QString &groupFilter,
                       const DoctorHistoryUse &history)
{
    CliOutput output;
    output.exitCode = doctorExitCode(findings);
    QStringList ruleIds;
    if (!history.used) {
        for (const FindingRule rule : doctorRulesNeedingHistory())
            ruleIds.append(findingRuleId(rule));
    }
    if (format == OutputFormat::Json) {
        QJsonObject root = QJsonDocument::fromJson(findingsAsJson(findings)).object();
        root.insert(QStringLiteral("group"), groupFilter.isEmpty() ? QJsonValue() : QJsonValue(groupFilter));
        root.insert(QStringLiteral("history"),
                    QJsonObject{{QStringLiteral("used"), history.used}, {QStringLiteral("note"), history.note}});
        root.insert(QStringLiteral("withoutHistory"), QJsonArray::fromStringList(ruleIds));
        output.out = QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
        return output;
    }
    output.out = findingsAsText(findings);
    if (history.used) {
        output.out += QLatin1Char('\n') + tr("Note: diagnosed with the %1.\n").arg(history.note);
    } else {
        const QString why = history.note.isEmpty() ? tr("one snapshot, no lag history") : history.note;
        output.out += QLatin1Char('\n') + tr("Note: %1. The rules that need a history had nothing to go on: %2. The "
                                             "desktop app records it while the cluster is open.\n")
                                              .arg(why, ruleIds.join(QStringLiteral(", ")));
    }
    return output;
}

namespace {

// The desktop app's recorded history of this profile, when there is one; the demo starts afresh every time.
DoctorHistoryUse useRecordedHistory(const CliCluster &cluster, const ClusterSnapshot &snapshot, DiagnosisInput &input)
{
    DoctorHistoryUse use;
    if (cluster.demo) {
        use.note = tr("the demo cluster starts afresh every run, so it has no lag history");
        return use;
    }
    const QString path = LagHistoryDatabase::defaultPath(cluster.profile.id);
    if (cluster.profile.id.isEmpty() || !QFileInfo::exists(path)) {
        use.note = tr("no lag history is recorded for this cluster yet");
        return use;
    }
    LagHistoryDatabase db;
    const HistoryOpenResult opened = db.open(path);
    if (!opened.ok || opened.fresh) {
        use.note = opened.message.isEmpty() ? tr("the lag history could not be read") : opened.message;
        return use;
    }
    const qint64 nowMs = snapshot.takenAt.toMSecsSinceEpoch();
    RecordedDiagnosis recorded;
    readRecordedDiagnosis(db, nowMs, recorded);
    db.close();
    if (recorded.groupsRead == 0) {
        use.note = tr("the lag history of this cluster has no samples from the last week");
        return use;
    }
    // The live refresh last, as the app's monitor sees it after the recorded ones.
    const QList<GroupSample> live = samplesFromSnapshot(snapshot);
    recorded.memory.observe(live, nowMs);
    const ClusterLagStatus status = recorded.tracker.observe(live, nowMs);
    input.history = recorded.memory.histories();
    input.lagStatus = status.groups;
    use.used = true;
    use.note = tr("lag history recorded since %1 (%2 groups, %3)")
                   .arg(QDateTime::fromMSecsSinceEpoch(recorded.oldestMs, Qt::UTC).toString(Qt::ISODate),
                        QString::number(recorded.groupsRead), QDir::toNativeSeparators(path));
    return use;
}

// The flags over what was saved: a flag given replaces that one setting, the others stay.
ClientAssumptions overlaid(ClientAssumptions client, const AppOptions &options)
{
    if (options.doctorResetPolicy)
        client.resetPolicy = *options.doctorResetPolicy;
    if (options.doctorCommitMode)
        client.commitMode = *options.doctorCommitMode;
    if (options.doctorAutoCommitIntervalMs)
        client.autoCommitIntervalMs = *options.doctorAutoCommitIntervalMs;
    return client;
}

// What the app was told about the profile's groups (the same settings file), then the command line's flags: for
// --group's group only, or for every group.
void useClientSettings(const AppOptions &options, const CliCluster &cluster, DiagnosisInput &input)
{
    QStringList rejected;
    if (!cluster.profile.id.isEmpty())
        input.clientByGroup = ProfileStore().clientAssumptions(cluster.profile.id, &rejected);
    for (const QString &entry : std::as_const(rejected))
        printTo(stderr, tr("offsetlens: ignoring damaged client settings of group %1\n").arg(entry));
    const QString &groupId = options.doctorGroup;
    if (!groupId.isEmpty()) {
        input.clientByGroup.insert(groupId, overlaid(input.clientByGroup.value(groupId), options));
        return;
    }
    input.client = overlaid({}, options);
    for (ClientAssumptions &client : input.clientByGroup)
        client = overlaid(client, options);
}

} // namespace

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
    const DoctorHistoryUse history = useRecordedHistory(cluster, snapshot, input);
    useClientSettings(options, cluster, input);
    const QList<Finding> findings = groupId.isEmpty() ? diagnose(input) : diagnoseGroup(input, groupId);
    const CliOutput output = formatDoctor(findings, options.format, groupId, history);
    printTo(stdout, output.out);
    return output.exitCode;
}

} // namespace OffsetLens
