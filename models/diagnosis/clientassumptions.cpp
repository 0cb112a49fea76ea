#include "clientassumptions.h"

#include "diagnosisdetail.h"
#include "numberformat.h"

#include <limits>

namespace OffsetLens {

using DiagnosisDetail::tr;

std::optional<ResetPolicy> parseResetPolicy(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String("unknown"))
        return ResetPolicy::Unknown;
    if (t == QLatin1String("earliest") || t == QLatin1String("smallest") || t == QLatin1String("beginning"))
        return ResetPolicy::Earliest;
    if (t == QLatin1String("latest") || t == QLatin1String("largest") || t == QLatin1String("end"))
        return ResetPolicy::Latest;
    if (t == QLatin1String("none") || t == QLatin1String("error"))
        return ResetPolicy::None;
    return std::nullopt;
}

QString resetPolicyId(ResetPolicy policy)
{
    switch (policy) {
    case ResetPolicy::Earliest:
        return QStringLiteral("earliest");
    case ResetPolicy::Latest:
        return QStringLiteral("latest");
    case ResetPolicy::None:
        return QStringLiteral("none");
    case ResetPolicy::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

std::optional<CommitMode> parseCommitMode(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t.isEmpty() || t == QLatin1String("unknown"))
        return CommitMode::Unknown;
    if (t == QLatin1String("auto"))
        return CommitMode::Auto;
    if (t == QLatin1String("manual"))
        return CommitMode::Manual;
    return std::nullopt;
}

QString commitModeId(CommitMode mode)
{
    switch (mode) {
    case CommitMode::Auto:
        return QStringLiteral("auto");
    case CommitMode::Manual:
        return QStringLiteral("manual");
    case CommitMode::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString clientAssumptionsToText(const ClientAssumptions &client)
{
    QStringList parts;
    if (client.resetPolicy != ResetPolicy::Unknown)
        parts.append(QStringLiteral("reset=") + resetPolicyId(client.resetPolicy));
    if (client.commitMode != CommitMode::Unknown)
        parts.append(QStringLiteral("commit=") + commitModeId(client.commitMode));
    if (client.autoCommitIntervalMs > 0)
        parts.append(QStringLiteral("interval=") + QString::number(client.autoCommitIntervalMs));
    return parts.join(QLatin1Char(';'));
}

std::optional<ClientAssumptions> clientAssumptionsFromText(const QString &text, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<ClientAssumptions> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    // Settings are small; anything long is not ours (and is not echoed whole into a message).
    if (text.size() > 200)
        return fail(tr("longer than any client settings entry"));
    ClientAssumptions client;
    const QStringList parts = text.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        const QString key = part.left(eq).trimmed();
        const QString value = eq < 0 ? QString() : part.mid(eq + 1).trimmed();
        if (eq < 0)
            return fail(tr("'%1' is not key=value").arg(part.trimmed()));
        if (key == QLatin1String("reset")) {
            const std::optional<ResetPolicy> policy = parseResetPolicy(value);
            if (!policy)
                return fail(tr("unknown auto.offset.reset '%1' (earliest, latest or none)").arg(value));
            client.resetPolicy = *policy;
        } else if (key == QLatin1String("commit")) {
            const std::optional<CommitMode> mode = parseCommitMode(value);
            if (!mode)
                return fail(tr("unknown commit mode '%1' (auto or manual)").arg(value));
            client.commitMode = *mode;
        } else if (key == QLatin1String("interval")) {
            bool ok = false;
            const qint64 ms = value.toLongLong(&ok);
            // librdkafka and Java both take an int of milliseconds.
            if (!ok || ms < 0 || ms > std::numeric_limits<int>::max())
                return fail(tr("auto-commit interval '%1' is not a number of milliseconds").arg(value));
            client.autoCommitIntervalMs = ms;
        } else {
            return fail(tr("unknown setting '%1'").arg(key));
        }
    }
    return client;
}

QString describeClientAssumptions(const ClientAssumptions &client)
{
    if (client == ClientAssumptions{})
        return tr("not set: every outcome is shown");
    QStringList parts;
    if (client.resetPolicy != ResetPolicy::Unknown)
        parts.append(QStringLiteral("auto.offset.reset=") + resetPolicyId(client.resetPolicy));
    switch (client.commitMode) {
    case CommitMode::Auto:
        parts.append(client.autoCommitIntervalMs > 0
                         ? tr("auto-commit every %1").arg(formatDuration(client.autoCommitIntervalMs))
                         : tr("auto-commit"));
        break;
    case CommitMode::Manual:
        parts.append(tr("manual commits"));
        break;
    case CommitMode::Unknown:
        if (client.autoCommitIntervalMs > 0)
            parts.append(tr("auto.commit.interval.ms=%1").arg(client.autoCommitIntervalMs));
        break;
    }
    return parts.join(QStringLiteral(", "));
}

QHash<QString, ClientAssumptions> clientAssumptionsFromMap(const QHash<QString, QString> &map, QStringList *rejected)
{
    QHash<QString, ClientAssumptions> byGroup;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        QString error;
        const std::optional<ClientAssumptions> client = clientAssumptionsFromText(it.value(), &error);
        if (!client) {
            if (rejected)
                rejected->append(QStringLiteral("%1: %2").arg(it.key(), error));
            continue;
        }
        if (*client != ClientAssumptions{})
            byGroup.insert(it.key(), *client);
    }
    return byGroup;
}

} // namespace OffsetLens
