#include "commandline.h"

#include "clientassumptions.h"
#include "profilestore.h"
#include "resettime.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <limits>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::CommandLine", text);
}

struct Opts
{
    QCommandLineOption bootstrap{QStringList{QStringLiteral("b"), QStringLiteral("bootstrap")},
                                 tr("Connect to the cluster at HOST:PORT[,HOST:PORT...]. The desktop app opens "
                                    "one cluster per --bootstrap."),
                                 QStringLiteral("servers")};
    QCommandLineOption profile{QStringLiteral("profile"),
                               tr("Connect with the saved connection profile NAME. The desktop app opens one cluster "
                                  "per --profile."),
                               QStringLiteral("name")};
    QCommandLineOption demo{QStringLiteral("demo"), tr("Use the embedded demo cluster (the default).")};
    QCommandLineOption demoBroker{QStringLiteral("demo-broker"),
                                  tr("Run the embedded demo cluster without a window, print its bootstrap servers "
                                     "and serve until interrupted.")};
    QCommandLineOption seed{QStringLiteral("seed"), tr("Make the demo cluster's traffic reproducible."),
                            QStringLiteral("n")};
    QCommandLineOption demoScale{QStringLiteral("demo-scale"),
                                 tr("Run the demo cluster in scale mode: TOPICSxPARTITIONSxGROUPS with committed "
                                    "offsets and no traffic, e.g. 100x100x200."),
                                 QStringLiteral("TxPxG")};
    QCommandLineOption timeout{QStringLiteral("timeout"), tr("Request timeout in milliseconds (default 10000)."),
                               QStringLiteral("ms")};
    QCommandLineOption refresh{QStringLiteral("refresh-interval"),
                               tr("Auto-refresh interval in milliseconds; 0 turns it off (default 5000)."),
                               QStringLiteral("ms")};
    QCommandLineOption pin{QStringLiteral("pin-group"),
                           tr("Show this group even when the cluster cannot list groups (repeatable)."),
                           QStringLiteral("group")};
    QCommandLineOption commandConfig{QStringLiteral("command-config"),
                                     tr("librdkafka client properties file (key=value), e.g. for SASL/SSL."),
                                     QStringLiteral("file")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  tr("Render the main window offscreen once the first snapshot arrived, write it "
                                     "as PNG to FILE and exit."),
                                  QStringLiteral("file")};
    QCommandLineOption screenshotAfter{QStringLiteral("screenshot-after"),
                                       tr("With --screenshot: wait for N refreshes first (default 1)."),
                                       QStringLiteral("n")};
    QCommandLineOption show{QStringLiteral("show"),
                            tr("Select an item at start: group:ID, topic:NAME, broker:ID, groups or brokers."),
                            QStringLiteral("item")};
    // Subcommand options
    QCommandLineOption group{QStringLiteral("group"), tr("Consumer group to describe (repeatable)."),
                             QStringLiteral("group")};
    QCommandLineOption allGroups{QStringLiteral("all-groups"), tr("Describe all groups.")};
    QCommandLineOption members{QStringLiteral("members"), tr("Describe the groups' members.")};
    QCommandLineOption state{QStringLiteral("state"), tr("Describe the groups' state.")};
    QCommandLineOption verbose{QStringLiteral("verbose"), tr("With --members: print each member's assignment.")};
    QCommandLineOption format{QStringLiteral("format"), tr("Output format: text (default), csv or json."),
                              QStringLiteral("format")};
    QCommandLineOption topic{QStringLiteral("topic"), tr("Only this topic (repeatable)."), QStringLiteral("topic")};
    QCommandLineOption partitions{QStringLiteral("partitions"), tr("One row per partition.")};
    // reset-offsets, delete-offsets, delete-group
    QCommandLineOption writeGroup{QStringLiteral("group"), tr("Consumer group (repeatable)."), QStringLiteral("group")};
    QCommandLineOption scopeTopic{QStringLiteral("topic"),
                                  tr("Topic to act on, all its partitions or TOPIC:P,P,... (repeatable)."),
                                  QStringLiteral("topic")};
    QCommandLineOption allTopics{QStringLiteral("all-topics"),
                                 tr("Every partition the group has committed offsets for.")};
    QCommandLineOption toEarliest{QStringLiteral("to-earliest"), tr("Reset to the log-start offset.")};
    QCommandLineOption toLatest{QStringLiteral("to-latest"), tr("Reset to the high watermark.")};
    QCommandLineOption toCurrent{QStringLiteral("to-current"),
                                 tr("Reset to the committed offset (the latest where there is none).")};
    QCommandLineOption toOffset{QStringLiteral("to-offset"), tr("Reset to offset N (kept within the log)."),
                                QStringLiteral("N")};
    QCommandLineOption shiftBy{QStringLiteral("shift-by"),
                               tr("Move the committed offset by N, negative or positive (kept within the log)."),
                               QStringLiteral("N")};
    QCommandLineOption toDatetime{QStringLiteral("to-datetime"),
                                  tr("Reset to the first offset at or after YYYY-MM-DDTHH:mm:SS.sss, with a zone "
                                     "suffix (Z, +hh:mm) or --timezone."),
                                  QStringLiteral("datetime")};
    QCommandLineOption timezone{QStringLiteral("timezone"),
                                tr("How --to-datetime is read when it has no zone suffix: local, UTC or +hh:mm."),
                                QStringLiteral("zone")};
    QCommandLineOption byDuration{QStringLiteral("by-duration"),
                                  tr("Reset to the first offset at or after now minus PnDTnHnMnS."),
                                  QStringLiteral("duration")};
    QCommandLineOption fromFile{QStringLiteral("from-file"),
                                tr("Reset to the offsets in a CSV file (topic,partition,offset or "
                                   "group,topic,partition,offset)."),
                                QStringLiteral("file")};
    QCommandLineOption fromGroup{QStringLiteral("from-group"), tr("Copy the committed offsets of another group."),
                                 QStringLiteral("group")};
    QCommandLineOption sharedOnly{QStringLiteral("shared-only"),
                                  tr("With --from-group: only partitions both groups have committed offsets for.")};
    QCommandLineOption dryRun{QStringLiteral("dry-run"), tr("Show what would change (the default).")};
    QCommandLineOption execute{QStringLiteral("execute"), tr("Write the change.")};
    QCommandLineOption unlockProduction{QStringLiteral("unlock-production"),
                                        tr("With --execute on a profile tagged as production: allow this command to "
                                           "write. A read-only profile never writes.")};
    QCommandLineOption exportCsv{QStringLiteral("export"),
                                 tr("Print the plan as CSV (topic,partition,offset), as kafka-consumer-groups does.")};
    // doctor
    QCommandLineOption doctorGroup{QStringLiteral("group"), tr("Only this consumer group's findings."),
                                   QStringLiteral("group")};
    QCommandLineOption doctorFormat{QStringLiteral("format"), tr("Output format: text (default) or json."),
                                    QStringLiteral("format")};
    QCommandLineOption doctorResetPolicy{
        QStringLiteral("reset-policy"),
        tr("The consumers' auto.offset.reset: earliest, latest or none (also smallest, largest, error), or unknown "
           "to show every outcome. Without it, what the app was told for the group, else every outcome."),
        QStringLiteral("policy")};
    QCommandLineOption doctorCommitMode{QStringLiteral("commit-mode"),
                                        tr("How the consumers commit: auto (enable.auto.commit), manual, or unknown."),
                                        QStringLiteral("mode")};
    QCommandLineOption doctorAutoCommitInterval{QStringLiteral("auto-commit-interval"),
                                                tr("The consumers' auto.commit.interval.ms."), QStringLiteral("ms")};
    // export-lag
    QCommandLineOption lagGroup{QStringLiteral("group"), tr("Consumer group whose lag history to export."),
                                QStringLiteral("group")};
    QCommandLineOption since{QStringLiteral("since"),
                             tr("Start of the range: a span before now (30s, 15m, 1h, 2d, 1w, 1h30m or PT1H30M) or "
                                "a date-time with its zone (2026-11-23T08:00:00Z). Default 1h."),
                             QStringLiteral("when")};
    QCommandLineOption until{QStringLiteral("until"),
                             tr("End of the range, in the same forms as --since (default now)."),
                             QStringLiteral("when")};
    QCommandLineOption out{QStringLiteral("out"),
                           tr("Write to FILE: .png, .jpg or .pdf (the chart) or .csv (the plotted series)."),
                           QStringLiteral("file")};
    QCommandLineOption chart{QStringLiteral("chart"),
                             tr("What to plot: total (default), topic, partition, time-lag or rates."),
                             QStringLiteral("kind")};
    QCommandLineOption width{QStringLiteral("width"), tr("Image width in pixels, in points for PDF (default 1600)."),
                             QStringLiteral("px")};
    QCommandLineOption height{QStringLiteral("height"), tr("Image height in pixels, in points for PDF (default 900)."),
                              QStringLiteral("px")};
    QCommandLineOption dpi{QStringLiteral("dpi"), tr("Image resolution: text and lines scale with it (default 144)."),
                           QStringLiteral("dpi")};
    QCommandLineOption record{QStringLiteral("record"),
                              tr("With --demo: record the demo cluster's lag this long before exporting (default "
                                 "30s; 0s exports what earlier runs recorded)."),
                              QStringLiteral("duration")};
};

// "t" or "t:0,1,2" as kafka-consumer-groups' --topic takes it.
bool parseTopicSelection(const QString &text, TopicSelection *selection, QString *error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    selection->topic = (colon < 0 ? text : text.left(colon)).trimmed();
    selection->partitions.clear();
    if (selection->topic.isEmpty()) {
        *error = QStringLiteral("--topic '%1' names no topic").arg(text);
        return false;
    }
    if (colon < 0)
        return true;
    for (const QString &part : text.mid(colon + 1).split(QLatin1Char(','))) {
        bool ok = false;
        const int partition = part.trimmed().toInt(&ok);
        if (!ok || partition < 0) {
            *error = QStringLiteral("--topic '%1': '%2' is not a partition number").arg(text, part);
            return false;
        }
        if (!selection->partitions.contains(partition))
            selection->partitions.append(partition);
    }
    return true;
}

void addConnectionOptions(QCommandLineParser &parser, const Opts &o)
{
    parser.addOptions({o.bootstrap, o.profile, o.demo, o.seed, o.demoScale, o.timeout, o.pin, o.commandConfig});
}

bool parseInt(const QString &text, qint64 min, qint64 *value)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min)
        return false;
    *value = v;
    return true;
}

ParsedCommandLine usageError(const QString &message, const QString &helpText)
{
    ParsedCommandLine result;
    result.exitNow = true;
    result.exitCode = 2;
    result.err = tr("offsetlens: %1\n\n").arg(message) + helpText;
    return result;
}

// A span of time as people type it: "30s", "15m", "1h", "2d", "1w", combined as "1h30m", or ISO-8601's PnDTnHnMnS
// as --by-duration takes it. Zero is accepted here (--record 0s means something); callers that need more check.
std::optional<qint64> parseSpan(const QString &text, QString *error)
{
    const QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('P'), Qt::CaseInsensitive)) {
        const ParsedDuration d = parseResetDuration(t);
        if (!d.ms)
            *error = d.error;
        return d.ms;
    }
    static const QString units = QStringLiteral("smhdw");
    constexpr qint64 kUnitMs[] = {1000, 60 * 1000, 3600 * 1000, 86400 * 1000, 7 * 86400 * 1000};
    // Ten years is more than any history keeps; the bound also keeps the sum far from overflowing.
    constexpr qint64 kMaxMs = 3650LL * 86400 * 1000;
    qint64 total = 0;
    qsizetype i = 0;
    while (i < t.size()) {
        const qsizetype start = i;
        while (i < t.size() && i - start < 9 && t.at(i) >= u'0' && t.at(i) <= u'9')
            ++i;
        const qsizetype unit = i > start && i < t.size() ? units.indexOf(t.at(i).toLower()) : -1;
        if (unit < 0)
            break;
        total += t.mid(start, i - start).toLongLong() * kUnitMs[unit];
        if (total > kMaxMs) {
            *error = tr("'%1' is longer than ten years").arg(t.left(60));
            return std::nullopt;
        }
        if (++i == t.size())
            return total;
    }
    *error = tr("'%1' is not a span like 30s, 15m, 1h, 2d, 1w, 1h30m or PT1H30M").arg(t.left(60));
    return std::nullopt;
}

// --since and --until: a span before now, or a date-time with its zone ("2026-11-23T08:00:00Z").
bool parseWhen(const QString &text, AppOptions::ExportLag::When *when, QString *error)
{
    const QString t = text.trimmed();
    // A date-time starts with its year and a dash; a span never contains a dash.
    static const QRegularExpression date(QStringLiteral("^\\d{4}-"));
    if (date.match(t).hasMatch()) {
        const ParsedResetTime parsed = parseResetDateTime(t, std::nullopt);
        if (!parsed.msSinceEpoch) {
            *error = parsed.error;
            return false;
        }
        *when = {0, parsed.msSinceEpoch};
        return true;
    }
    const std::optional<qint64> ms = parseSpan(t, error);
    if (!ms)
        return false;
    *when = {*ms, std::nullopt};
    return true;
}

std::optional<LagChartKind> parseChartKind(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("total"))
        return LagChartKind::TotalLag;
    if (t == QLatin1String("topic"))
        return LagChartKind::LagPerTopic;
    if (t == QLatin1String("partition"))
        return LagChartKind::LagPerPartition;
    if (t == QLatin1String("time-lag"))
        return LagChartKind::TimeLag;
    if (t == QLatin1String("rates"))
        return LagChartKind::Rates;
    return std::nullopt;
}

// export-lag's options; "" or the usage error.
QString parseExportLagOptions(const QCommandLineParser &parser, const Opts &o, AppOptions &options)
{
    AppOptions::ExportLag &e = options.exportLag;
    const QStringList groups = parser.values(o.lagGroup);
    if (groups.isEmpty() || groups.constFirst().trimmed().isEmpty())
        return tr("export-lag needs --group GROUP");
    if (groups.size() > 1)
        return tr("export-lag exports one group: give --group once");
    e.group = groups.constFirst().trimmed();

    // The command reads history; it never guesses which cluster's, so the demo must be asked for by name.
    if (options.bootstraps.isEmpty() && options.profileNames.isEmpty() && !parser.isSet(o.demo))
        return tr("export-lag needs --profile NAME, --bootstrap SERVERS or --demo");
    if (parser.isSet(o.demo) && !options.profileNames.isEmpty())
        return tr("--demo cannot be combined with --profile");

    e.outFile = parser.value(o.out);
    if (e.outFile.isEmpty())
        return tr("export-lag needs --out FILE (.png, .jpg, .jpeg, .pdf or .csv)");
    const QString suffix = QFileInfo(e.outFile).suffix().toLower();
    static const QStringList suffixes{QStringLiteral("png"), QStringLiteral("jpg"), QStringLiteral("jpeg"),
                                      QStringLiteral("pdf"), QStringLiteral("csv")};
    if (!suffixes.contains(suffix))
        return tr("--out '%1': the file name must end in .png, .jpg, .jpeg, .pdf or .csv").arg(e.outFile);

    QString error;
    if (parser.isSet(o.since) && !parseWhen(parser.value(o.since), &e.since, &error))
        return tr("--since: %1").arg(error);
    if (parser.isSet(o.until) && !parseWhen(parser.value(o.until), &e.until, &error))
        return tr("--until: %1").arg(error);
    if (!e.since.atMs && e.since.agoMs == 0)
        return tr("--since: the range must reach back from now (e.g. --since 1h)");
    // Both relative, or both absolute, can be checked now; a mix only when the command runs.
    if ((!e.since.atMs && !e.until.atMs && e.since.agoMs <= e.until.agoMs) ||
        (e.since.atMs && e.until.atMs && *e.since.atMs >= *e.until.atMs))
        return tr("--since must be before --until");

    if (parser.isSet(o.chart)) {
        const std::optional<LagChartKind> kind = parseChartKind(parser.value(o.chart));
        if (!kind)
            return tr("--chart takes total, topic, partition, time-lag or rates");
        e.chart = *kind;
    }
    qint64 number = 0;
    // The same bounds as the chart's export, so a bad size is a usage error rather than a failed write.
    if (parser.isSet(o.width)) {
        if (!parseInt(parser.value(o.width), 100, &number) || number > 20000)
            return tr("--width takes pixels from 100 to 20000");
        e.width = int(number);
    }
    if (parser.isSet(o.height)) {
        if (!parseInt(parser.value(o.height), 100, &number) || number > 20000)
            return tr("--height takes pixels from 100 to 20000");
        e.height = int(number);
    }
    if (parser.isSet(o.dpi)) {
        if (!parseInt(parser.value(o.dpi), 48, &number) || number > 1200)
            return tr("--dpi takes a resolution from 48 to 1200");
        e.dpi = int(number);
    }

    if (parser.isSet(o.record)) {
        if (!options.demo)
            return tr("--record applies to --demo only: the desktop app records the history of other clusters "
                      "while it runs");
        const std::optional<qint64> ms = parseSpan(parser.value(o.record), &error);
        if (!ms)
            return tr("--record: %1").arg(error);
        if (*ms > 24LL * 3600 * 1000)
            return tr("--record: at most a day (24h)");
        e.recordMs = *ms;
    } else if (options.demo) {
        e.recordMs = 30 * 1000; // a fresh demo has no history: give the chart something to draw
    }
    return {};
}

} // namespace

ConnectionProfile AppOptions::adHocProfile(const QString &servers) const
{
    ConnectionProfile profile;
    profile.id = ProfileStore::adHocProfileId(servers);
    profile.name = servers;
    profile.bootstrapServers = servers;
    profile.pinnedGroups = pinnedGroups;
    profile.clientProperties = clientProperties;
    profile.requestTimeoutMs = timeoutMs;
    if (refreshIntervalMs >= 0)
        profile.refreshIntervalMs = refreshIntervalMs;
    return profile;
}

std::pair<qint64, qint64> AppOptions::ExportLag::range(qint64 nowMs) const
{
    const auto at = [nowMs](const When &when) {
        return when.atMs.value_or(nowMs - when.agoMs);
    };
    return {at(since), at(until)};
}

bool validateBootstrapServers(const QString &servers, QString *error)
{
    const QStringList entries = servers.split(QLatin1Char(','), Qt::KeepEmptyParts);
    if (servers.trimmed().isEmpty()) {
        *error = tr("no bootstrap servers given (expected HOST:PORT[,HOST:PORT...])");
        return false;
    }
    for (const QString &raw : entries) {
        QString entry = raw.trimmed();
        // librdkafka accepts an optional security-protocol prefix such as "SSL://".
        if (const qsizetype scheme = entry.indexOf(QLatin1String("://")); scheme >= 0)
            entry = entry.mid(scheme + 3);
        const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
        QString host = colon > 0 ? entry.left(colon) : QString();
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        bool portOk = false;
        const int port = colon > 0 ? entry.mid(colon + 1).toInt(&portOk) : 0;
        if (entry.isEmpty()) {
            *error = tr("empty entry in bootstrap servers '%1'").arg(servers);
            return false;
        }
        if (host.isEmpty() || host.contains(QLatin1Char(' ')) || colon < 0) {
            *error = tr("'%1' is not HOST:PORT").arg(raw.trimmed());
            return false;
        }
        if (!portOk || port < 1 || port > 65535) {
            *error = tr("'%1' has no valid port (1-65535)").arg(raw.trimmed());
            return false;
        }
    }
    return true;
}

bool readPropertiesFile(const QString &path, QMap<QString, QString> *properties, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = tr("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QTextStream in(&file);
    int lineNo = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNo;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char('!')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = tr("%1:%2: expected key=value").arg(path).arg(lineNo);
            return false;
        }
        properties->insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return true;
}

namespace {
// The options of reset-offsets, delete-offsets and delete-group; returns a usage error or an empty string.
QString parseWriteOptions(const QCommandLineParser &parser, const Opts &o, AppOptions &options)
{
    AppOptions::Write &w = options.write;
    const QString command = options.mode == AppOptions::Mode::ResetOffsets    ? QStringLiteral("reset-offsets")
                            : options.mode == AppOptions::Mode::DeleteOffsets ? QStringLiteral("delete-offsets")
                                                                              : QStringLiteral("delete-group");
    for (const QString &g : parser.values(o.writeGroup)) {
        if (g.trimmed().isEmpty())
            return tr("--group takes a group id");
        if (!w.groups.contains(g))
            w.groups.append(g);
    }
    if (w.groups.isEmpty())
        return tr("%1 needs --group GROUP").arg(command);
    if (parser.isSet(o.execute) && parser.isSet(o.dryRun))
        return tr("--dry-run and --execute cannot be combined");
    w.execute = parser.isSet(o.execute);
    w.unlockProduction = parser.isSet(o.unlockProduction);
    w.exportCsv = options.mode == AppOptions::Mode::ResetOffsets && parser.isSet(o.exportCsv);
    // Named groups are pinned so that they are read even where the cluster cannot list groups.
    for (const QString &g : std::as_const(w.groups)) {
        if (!options.pinnedGroups.contains(g))
            options.pinnedGroups.append(g);
    }
    if (options.mode == AppOptions::Mode::DeleteGroup)
        return {};

    w.scope.allTopics = options.mode == AppOptions::Mode::ResetOffsets && parser.isSet(o.allTopics);
    for (const QString &text : parser.values(o.scopeTopic)) {
        TopicSelection selection;
        QString error;
        if (!parseTopicSelection(text, &selection, &error))
            return error;
        w.scope.topics.append(selection);
    }
    if (options.mode == AppOptions::Mode::DeleteOffsets) {
        if (w.scope.topics.isEmpty())
            return tr("delete-offsets needs --topic TOPIC[:P,...] (repeatable)");
        return {};
    }

    // Exactly one strategy, as kafka-consumer-groups requires.
    const QList<const QCommandLineOption *> strategies = {&o.toEarliest, &o.toLatest, &o.toCurrent,
                                                          &o.toOffset,   &o.shiftBy,  &o.toDatetime,
                                                          &o.byDuration, &o.fromFile, &o.fromGroup};
    const QCommandLineOption *chosen = nullptr;
    for (const QCommandLineOption *strategy : strategies) {
        if (!parser.isSet(*strategy))
            continue;
        if (chosen)
            return tr("give one strategy: --%1 and --%2 cannot be combined")
                .arg(chosen->names().constFirst(), strategy->names().constFirst());
        chosen = strategy;
    }
    if (!chosen)
        return tr("reset-offsets needs a strategy: --to-earliest, --to-latest, --to-current, --to-offset N, "
                  "--shift-by N, --to-datetime T, --by-duration D, --from-file F or --from-group G");
    const QString name = chosen->names().constFirst();
    w.strategyText = QStringLiteral("--") + name;
    if (!chosen->valueName().isEmpty())
        w.strategyText += QLatin1Char(' ') + parser.value(*chosen);
    ResetStrategy &s = w.strategy;
    const bool partitionsFromStrategy = chosen == &o.fromFile || chosen == &o.fromGroup;
    if (partitionsFromStrategy) {
        if (!w.scope.topics.isEmpty())
            return tr("--%1 takes its partitions from the %2; --topic cannot narrow it")
                .arg(name, chosen == &o.fromFile ? tr("file") : tr("other group"));
        w.scope.allTopics = true;
    } else if (w.scope.allTopics == !w.scope.topics.isEmpty()) {
        return tr("reset-offsets needs either --all-topics or --topic TOPIC[:P,...] (repeatable)");
    }
    if (parser.isSet(o.timezone) && chosen != &o.toDatetime)
        return tr("--timezone applies to --to-datetime only");
    if (parser.isSet(o.sharedOnly) && chosen != &o.fromGroup)
        return tr("--shared-only applies to --from-group only");

    bool ok = false;
    if (chosen == &o.toEarliest) {
        s.kind = ResetStrategyKind::ToEarliest;
    } else if (chosen == &o.toLatest) {
        s.kind = ResetStrategyKind::ToLatest;
    } else if (chosen == &o.toCurrent) {
        s.kind = ResetStrategyKind::ToCurrent;
    } else if (chosen == &o.toOffset) {
        s.kind = ResetStrategyKind::ToOffset;
        s.offset = parser.value(o.toOffset).toLongLong(&ok);
        if (!ok || s.offset < 0)
            return tr("--to-offset takes an offset (a whole number, 0 or more)");
    } else if (chosen == &o.shiftBy) {
        s.kind = ResetStrategyKind::ShiftBy;
        s.offset = parser.value(o.shiftBy).toLongLong(&ok);
        if (!ok)
            return tr("--shift-by takes a whole number, e.g. -100 or 50");
    } else if (chosen == &o.toDatetime) {
        s.kind = ResetStrategyKind::ToDateTime;
        std::optional<ResetTimeZone> zone;
        if (parser.isSet(o.timezone)) {
            zone = parseResetTimeZone(parser.value(o.timezone));
            if (!zone)
                return tr("--timezone takes local, UTC or an offset such as +01:00");
        }
        const ParsedResetTime t = parseResetDateTime(parser.value(o.toDatetime), zone);
        if (!t.msSinceEpoch)
            return tr("--to-datetime: %1").arg(t.error);
        s.timestampMs = *t.msSinceEpoch;
    } else if (chosen == &o.byDuration) {
        s.kind = ResetStrategyKind::ByDuration;
        const ParsedDuration d = parseResetDuration(parser.value(o.byDuration));
        if (!d.ms)
            return tr("--by-duration: %1").arg(d.error);
        s.durationMs = *d.ms;
    } else if (chosen == &o.fromFile) {
        s.kind = ResetStrategyKind::FromFile;
        w.fromFile = parser.value(o.fromFile);
    } else if (chosen == &o.fromGroup) {
        s.kind = ResetStrategyKind::FromGroup;
        s.fromGroup = parser.value(o.fromGroup);
        s.onlySharedPartitions = parser.isSet(o.sharedOnly);
        if (s.fromGroup.trimmed().isEmpty())
            return tr("--from-group takes a group id");
        if (w.groups.contains(s.fromGroup))
            return tr("--from-group '%1' is the group being reset").arg(s.fromGroup);
        if (!options.pinnedGroups.contains(s.fromGroup))
            options.pinnedGroups.append(s.fromGroup);
    }
    return {};
}
} // namespace

ParsedCommandLine parseCommandLine(const QStringList &args)
{
    const Opts o;
    const QString command = args.size() > 1 && !args.at(1).startsWith(QLatin1Char('-')) ? args.at(1) : QString();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("OffsetLens: explore Apache Kafka offsets, lag and resets.\n\n"
           "Commands (run without a command to open the desktop app):\n"
           "  describe      Describe consumer groups like kafka-consumer-groups.sh --describe\n"
           "  list-groups   List consumer groups\n"
           "  topics        List topics with their partitions and offsets\n"
           "  reset-offsets Reset a group's committed offsets (a dry run unless --execute)\n"
           "  delete-offsets Delete a group's committed offsets for topics (a dry run unless --execute)\n"
           "  delete-group  Delete an inactive group (a dry run unless --execute)\n"
           "  export-lag    Export a group's recorded lag history as PNG, JPG, PDF or CSV\n"
           "  test-connection Check the connection step by step and say what fails\n"
           "  doctor        Diagnose committed offsets and groups; exits 1 on an error finding\n"
           "Run 'offsetlens COMMAND --help' for a command's options."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    addConnectionOptions(parser, o);

    AppOptions options;
    if (command.isEmpty()) {
        parser.addOptions({o.demoBroker, o.refresh, o.screenshot, o.screenshotAfter, o.show});
    } else if (command == QLatin1String("describe")) {
        options.mode = AppOptions::Mode::Describe;
        parser.addPositionalArgument(QStringLiteral("describe"), tr("Describe consumer groups."));
        parser.addOptions({o.group, o.allGroups, o.members, o.state, o.verbose, o.format});
    } else if (command == QLatin1String("list-groups")) {
        options.mode = AppOptions::Mode::ListGroups;
        parser.addPositionalArgument(QStringLiteral("list-groups"), tr("List consumer groups."));
        parser.addOptions({o.state, o.format});
    } else if (command == QLatin1String("topics")) {
        options.mode = AppOptions::Mode::Topics;
        parser.addPositionalArgument(QStringLiteral("topics"), tr("List topics."));
        parser.addOptions({o.topic, o.partitions, o.format});
    } else if (command == QLatin1String("reset-offsets")) {
        options.mode = AppOptions::Mode::ResetOffsets;
        parser.addPositionalArgument(QStringLiteral("reset-offsets"),
                                     tr("Reset consumer group offsets, like kafka-consumer-groups.sh --reset-offsets. "
                                        "Prints the plan; writes only with --execute."));
        parser.addOptions({o.writeGroup, o.allTopics, o.scopeTopic, o.toEarliest, o.toLatest, o.toCurrent, o.toOffset,
                           o.shiftBy, o.toDatetime, o.timezone, o.byDuration, o.fromFile, o.fromGroup, o.sharedOnly,
                           o.dryRun, o.execute, o.unlockProduction, o.exportCsv, o.format});
    } else if (command == QLatin1String("delete-offsets")) {
        options.mode = AppOptions::Mode::DeleteOffsets;
        parser.addPositionalArgument(QStringLiteral("delete-offsets"),
                                     tr("Delete a group's committed offsets for topics. Writes only with --execute."));
        parser.addOptions({o.writeGroup, o.scopeTopic, o.dryRun, o.execute, o.unlockProduction, o.format});
    } else if (command == QLatin1String("delete-group")) {
        options.mode = AppOptions::Mode::DeleteGroup;
        parser.addPositionalArgument(QStringLiteral("delete-group"),
                                     tr("Delete inactive consumer groups. Writes only with --execute."));
        parser.addOptions({o.writeGroup, o.dryRun, o.execute, o.unlockProduction, o.format});
    } else if (command == QLatin1String("export-lag")) {
        options.mode = AppOptions::Mode::ExportLag;
        parser.addPositionalArgument(
            QStringLiteral("export-lag"),
            tr("Export a group's lag history as a chart (PNG, JPG, PDF) or its plotted series (CSV), for scripts and "
               "cron. Reads what the desktop app recorded for --profile or --bootstrap without connecting; with "
               "--demo, records the demo cluster for --record first."));
        parser.addOptions({o.lagGroup, o.since, o.until, o.out, o.chart, o.width, o.height, o.dpi, o.record});
    } else if (command == QLatin1String("test-connection")) {
        options.mode = AppOptions::Mode::TestConnection;
        parser.addPositionalArgument(
            QStringLiteral("test-connection"),
            tr("Check the connection to one cluster step by step: the bootstrap list, name resolution, TCP, the "
               "Kafka handshake (TLS, SASL), then describing the cluster, listing groups and reading offsets, each "
               "of which the cluster's ACLs may refuse. Says in plain words what fails. Exit status: 0 connected, 1 "
               "cannot connect, 3 connected but an operation failed (e.g. not authorized), 2 usage error."));
        parser.addOptions({o.format});
    } else if (command == QLatin1String("doctor")) {
        options.mode = AppOptions::Mode::Doctor;
        parser.addPositionalArgument(
            QStringLiteral("doctor"),
            tr("Diagnose the cluster's consumer groups from one snapshot, as the desktop app's doctor panel does: "
               "offsets below the log start or beyond the high watermark, partitions without a commit, group ids "
               "shared by different applications, and more, each with what happens next and the fix. The rules "
               "that need a lag history (offset expiry dates, lag growth, stalled or rewinding consumers) read the "
               "history the desktop app recorded for the profile; without one the output says which rules had "
               "nothing to go on. The consumers' auto.offset.reset and commit mode, which the brokers never see, "
               "are taken from the flags below, else from what the app was told for each group. Exit status: 0 no "
               "finding at error severity, 1 at least one, 2 usage error or unknown group, 3 cannot connect, 130 "
               "interrupted."));
        parser.addOptions(
            {o.doctorGroup, o.doctorFormat, o.doctorResetPolicy, o.doctorCommitMode, o.doctorAutoCommitInterval});
    } else {
        return usageError(tr("unknown command '%1'").arg(command), parser.helpText());
    }

    if (!parser.parse(args))
        return usageError(parser.errorText(), parser.helpText());
    if (parser.isSet(help)) {
        ParsedCommandLine result;
        result.exitNow = true;
        result.out = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        ParsedCommandLine result;
        result.exitNow = true;
        result.out = QStringLiteral("offsetlens %1\n").arg(QStringLiteral(OFFSETLENS_VERSION));
        return result;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > (command.isEmpty() ? 0 : 1))
        return usageError(tr("unexpected argument '%1'").arg(positional.constLast()), parser.helpText());

    for (const QString &servers : parser.values(o.bootstrap)) {
        QString error;
        if (!validateBootstrapServers(servers.trimmed(), &error))
            return usageError(tr("--bootstrap: %1").arg(error), parser.helpText());
        if (!options.bootstraps.contains(servers.trimmed()))
            options.bootstraps.append(servers.trimmed());
    }
    for (const QString &name : parser.values(o.profile)) {
        if (!options.profileNames.contains(name))
            options.profileNames.append(name);
    }
    options.pinnedGroups = parser.values(o.pin);
    if (!command.isEmpty()) {
        // A subcommand describes one cluster.
        if (options.bootstraps.size() > 1 || options.profileNames.size() > 1)
            return usageError(tr("%1 takes one cluster: give --bootstrap or --profile once").arg(command),
                              parser.helpText());
        if (!options.bootstraps.isEmpty() && (parser.isSet(o.demo) || !options.profileNames.isEmpty()))
            return usageError(tr("--bootstrap cannot be combined with --demo or --profile"), parser.helpText());
    }
    options.demo = parser.isSet(o.demo) || (options.bootstraps.isEmpty() && options.profileNames.isEmpty());

    qint64 number = 0;
    if (parser.isSet(o.seed)) {
        if (!parseInt(parser.value(o.seed), 0, &number))
            return usageError(tr("--seed takes a non-negative number"), parser.helpText());
        options.seed = quint64(number);
    }
    if (parser.isSet(o.demoScale)) {
        const QStringList parts = parser.value(o.demoScale).toLower().split(QLatin1Char('x'));
        qint64 t = 0, p = 0, g = 0;
        if (parts.size() != 3 || !parseInt(parts[0], 1, &t) || !parseInt(parts[1], 1, &p) ||
            !parseInt(parts[2], 0, &g) || t * p > 100000 || g > 10000)
            return usageError(tr("--demo-scale takes TOPICSxPARTITIONSxGROUPS, e.g. 100x100x200 "
                                 "(at most 100000 partitions and 10000 groups)"),
                              parser.helpText());
        if (!options.demo)
            return usageError(tr("--demo-scale applies to the demo cluster only"), parser.helpText());
        options.scaleTopics = int(t);
        options.scalePartitions = int(p);
        options.scaleGroups = int(g);
    }
    if (parser.isSet(o.timeout)) {
        if (!parseInt(parser.value(o.timeout), 100, &number) || number > 600000)
            return usageError(tr("--timeout takes milliseconds from 100 to 600000"), parser.helpText());
        options.timeoutMs = int(number);
    }
    if (parser.isSet(o.commandConfig)) {
        QString error;
        if (!readPropertiesFile(parser.value(o.commandConfig), &options.clientProperties, &error))
            return usageError(error, parser.helpText());
    }
    if (options.mode != AppOptions::Mode::Gui && options.mode != AppOptions::Mode::ExportLag &&
        parser.isSet(o.format)) {
        const QString f = parser.value(o.format).toLower();
        if (f == QLatin1String("text"))
            options.format = OutputFormat::Text;
        else if (f == QLatin1String("csv"))
            options.format = OutputFormat::Csv;
        else if (f == QLatin1String("json"))
            options.format = OutputFormat::Json;
        else
            return usageError(tr("--format takes text, csv or json"), parser.helpText());
    }

    switch (options.mode) {
    case AppOptions::Mode::Gui:
        if (parser.isSet(o.demoBroker)) {
            if (!options.bootstraps.isEmpty() || !options.profileNames.isEmpty())
                return usageError(tr("--demo-broker runs the demo cluster; it takes no --bootstrap or --profile"),
                                  parser.helpText());
            options.mode = AppOptions::Mode::DemoBroker;
        }
        if (parser.isSet(o.refresh)) {
            if (!parseInt(parser.value(o.refresh), 0, &number) || (number > 0 && number < 200))
                return usageError(tr("--refresh-interval takes 0 (off) or at least 200 ms"), parser.helpText());
            options.refreshIntervalMs = int(number);
        }
        options.screenshotFile = parser.value(o.screenshot);
        if (parser.isSet(o.screenshotAfter)) {
            if (!parseInt(parser.value(o.screenshotAfter), 1, &number) || number > 1000)
                return usageError(tr("--screenshot-after takes a number from 1 to 1000"), parser.helpText());
            options.screenshotAfter = int(number);
        }
        options.show = parser.value(o.show);
        break;
    case AppOptions::Mode::Describe: {
        DescribeRequest &d = options.describe;
        d.groups = parser.values(o.group);
        d.allGroups = parser.isSet(o.allGroups);
        if (d.allGroups == !d.groups.isEmpty())
            return usageError(tr("describe needs either --group GROUP (repeatable) or --all-groups"),
                              parser.helpText());
        if (parser.isSet(o.members) && parser.isSet(o.state))
            return usageError(tr("--members and --state cannot be combined"), parser.helpText());
        d.view = parser.isSet(o.members) ? DescribeRequest::View::Members
                 : parser.isSet(o.state) ? DescribeRequest::View::State
                                         : DescribeRequest::View::Offsets;
        d.verbose = parser.isSet(o.verbose);
        d.format = options.format;
        // Named groups are pinned so they are described even where the cluster cannot list groups.
        for (const QString &g : std::as_const(d.groups)) {
            if (!options.pinnedGroups.contains(g))
                options.pinnedGroups.append(g);
        }
        break;
    }
    case AppOptions::Mode::ListGroups:
        options.listWithState = parser.isSet(o.state);
        break;
    case AppOptions::Mode::Topics:
        options.topics = parser.values(o.topic);
        options.perPartition = parser.isSet(o.partitions);
        break;
    case AppOptions::Mode::ResetOffsets:
    case AppOptions::Mode::DeleteOffsets:
    case AppOptions::Mode::DeleteGroup:
        if (const QString error = parseWriteOptions(parser, o, options); !error.isEmpty())
            return usageError(error, parser.helpText());
        break;
    case AppOptions::Mode::ExportLag:
        if (const QString error = parseExportLagOptions(parser, o, options); !error.isEmpty())
            return usageError(error, parser.helpText());
        break;
    case AppOptions::Mode::TestConnection:
        if (options.format == OutputFormat::Csv)
            return usageError(tr("test-connection --format takes text or json"), parser.helpText());
        break;
    case AppOptions::Mode::Doctor: {
        if (options.format == OutputFormat::Csv)
            return usageError(tr("doctor --format takes text or json"), parser.helpText());
        const QStringList groups = parser.values(o.doctorGroup);
        if (groups.size() > 1)
            return usageError(tr("doctor takes one --group"), parser.helpText());
        options.doctorGroup = groups.value(0).trimmed();
        if (!groups.isEmpty() && options.doctorGroup.isEmpty())
            return usageError(tr("--group takes a group id"), parser.helpText());
        // Pinned so that it is diagnosed even where the cluster cannot list groups.
        if (!options.doctorGroup.isEmpty() && !options.pinnedGroups.contains(options.doctorGroup))
            options.pinnedGroups.append(options.doctorGroup);
        if (parser.isSet(o.doctorResetPolicy)) {
            options.doctorResetPolicy = parseResetPolicy(parser.value(o.doctorResetPolicy));
            if (!options.doctorResetPolicy)
                return usageError(tr("--reset-policy takes earliest, latest, none or unknown"), parser.helpText());
        }
        if (parser.isSet(o.doctorCommitMode)) {
            options.doctorCommitMode = parseCommitMode(parser.value(o.doctorCommitMode));
            if (!options.doctorCommitMode)
                return usageError(tr("--commit-mode takes auto, manual or unknown"), parser.helpText());
        }
        if (parser.isSet(o.doctorAutoCommitInterval)) {
            bool ok = false;
            const qint64 ms = parser.value(o.doctorAutoCommitInterval).toLongLong(&ok);
            if (!ok || ms <= 0 || ms > std::numeric_limits<int>::max())
                return usageError(tr("--auto-commit-interval takes a number of milliseconds above 0"),
                                  parser.helpText());
            options.doctorAutoCommitIntervalMs = ms;
        }
        break;
    }
    case AppOptions::Mode::DemoBroker:
        break;
    }

    ParsedCommandLine result;
    result.options = options;
    return result;
}

} // namespace OffsetLens
