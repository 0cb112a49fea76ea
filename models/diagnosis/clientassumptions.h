#pragma once

#include "diagnosisinput.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace OffsetLens {

// What the user told OffsetLens about a group's consumers (auto.offset.reset and how they commit), in the words
// the command line takes and the settings file keeps. The brokers never see these settings, so they come from the
// user or not at all; one set of spellings serves the CLI flags, the GUI's settings and their round trip.

// "earliest", "latest", "none"; also the other clients' spellings of the same ("smallest"/"largest" of older
// librdkafka, "beginning"/"end", "error" of librdkafka); case-insensitive. Unknown: "unknown" (or empty).
std::optional<ResetPolicy> parseResetPolicy(const QString &text);
QString resetPolicyId(ResetPolicy policy); // "earliest", "latest", "none", "unknown"

// "auto", "manual", "unknown" (or empty); case-insensitive.
std::optional<CommitMode> parseCommitMode(const QString &text);
QString commitModeId(CommitMode mode);

// One line: "reset=earliest;commit=auto;interval=5000" (parts at their default left out; "" when all are).
QString clientAssumptionsToText(const ClientAssumptions &client);
// The inverse; nullopt (with `error` in words) for anything it does not understand, so a damaged settings entry is
// ignored and said, never half-applied.
std::optional<ClientAssumptions> clientAssumptionsFromText(const QString &text, QString *error = nullptr);

// A group's settings as the doctor's explanations should name them ("auto.offset.reset=latest, auto-commit every
// 5 s"), or "not set: every outcome is shown" when nothing is known.
QString describeClientAssumptions(const ClientAssumptions &client);

// Per group id, as the settings file keeps them (group id -> clientAssumptionsToText); entries that do not parse
// are left out and named in `rejected`, and those that say nothing are left out.
QHash<QString, ClientAssumptions> clientAssumptionsFromMap(const QHash<QString, QString> &map,
                                                           QStringList *rejected = nullptr);

} // namespace OffsetLens
