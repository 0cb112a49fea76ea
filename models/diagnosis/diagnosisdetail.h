#pragma once

#include "diagnosisinput.h"
#include "finding.h"

// Helpers the rules share; not part of the doctor's API.
namespace OffsetLens::DiagnosisDetail {

QString tr(const char *text); // QCoreApplication::translate("Diagnosis", text)

// "1 message", "2,000 messages"; "1 partition", "3 partitions".
QString messages(qint64 count);
QString partitions(qint64 count);
// "orders-0, orders-1, payments-3 and 4 more".
QString partitionNames(const QList<FindingPartition> &partitions, qsizetype shown = 4);
// "2024-05-02 10:00 UTC": the same in the panel, the CLI and JSON-reading scripts' logs.
QString utcText(const QDateTime &time);
// "12.5 msg/s", "340 msg/s".
QString rateText(double perSecond);
QString policyName(ResetPolicy policy); // "earliest", "latest", "none"

// The application behind a client id, without the instance number clients append: "consumer-orders-2" (the Java
// default "consumer-<group>-<n>") -> "consumer-orders", "aiokafka-0.10.0" -> "aiokafka", "worker7" -> "worker".
QString clientIdFamily(const QString &clientId);

// Members are consuming now (or joining): the group is not idle.
bool isActive(const GroupInfo &group);
bool isActive(const GroupSample &sample);

// A partition of `group` with the offsets the snapshot and the group know (committed, log start, HW, position, lag).
FindingPartition figures(const ClusterSnapshot &snapshot, const GroupInfo *group, const TopicPartition &tp);

// A finding of `group` over `partitions` (sorted here); `topic` is set when they all share one.
Finding makeFinding(FindingRule rule, FindingSeverity severity, const QString &groupId,
                    QList<FindingPartition> partitions);

// A reset of exactly `partitions` (`--topic t:0,1` per topic) with `kind`, as the preview opens it.
ResetRequest resetRequest(const QString &groupId, ResetStrategyKind kind, const QList<TopicPartition> &partitions,
                          const QDateTime &now);
QList<TopicPartition> partitionsOf(const QList<FindingPartition> &partitions);
// The action, with blockedBy from checkResetAllowed on the snapshot's group (the preview's own check).
SuggestedAction resetAction(const DiagnosisInput &input, const QString &text, const ResetRequest &request);

} // namespace OffsetLens::DiagnosisDetail
