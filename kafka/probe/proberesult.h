#pragma once

#include "connectiondiagnosis.h"

#include <QList>
#include <QMetaType>
#include <QString>

// The connection probe's results: plain values, Qt::Core only (no librdkafka), delivered across threads.
namespace OffsetLens {

struct ProbeStep
{
    enum class Kind
    {
        Bootstrap,        // read the bootstrap list (no network)
        Resolve,          // look up each host
        Connect,          // TCP connection to each address
        Handshake,        // librdkafka connects with the profile and gets an answer (ApiVersions, TLS, SASL, metadata)
        DescribeCluster,  // metadata of every topic; can the brokers the cluster advertises be reached from here
        ListGroups,       // ListGroups
        ListOffsets,      // ListOffsets on one partition
        CommittedOffsets, // OffsetFetch for one group
    };
    enum class Status
    {
        Ok,
        Warning, // worked, but not everywhere (one of three hosts does not resolve; groups cannot be listed)
        Failed,
        Skipped, // not tried: an earlier step failed, there was nothing to try it on, or the probe was cancelled
    };

    Kind kind = Kind::Bootstrap;
    Status status = Status::Skipped;
    QString message; // plain words, translated
    QString details; // the raw text behind them (librdkafka's lines, addresses, timings), for a details box
    DiagnosisCategory category = DiagnosisCategory::Unknown; // why it failed or warned
    qint64 elapsedMs = 0;

    QString title() const { return title(kind); }
    static QString title(Kind kind); // "Name resolution", "Kafka handshake"...
    friend bool operator==(const ProbeStep &, const ProbeStep &) = default;
};

struct ProbeReport
{
    enum class Verdict
    {
        Connected,             // every step worked (warnings aside)
        ConnectedWithProblems, // the cluster answered, but an operation failed (usually an authorization)
        NotConnected,          // the cluster could not be reached or refused the connection
        Cancelled,
    };

    QString profileName;
    QString bootstrapServers;
    QList<ProbeStep> steps; // every kind, in order
    Verdict verdict = Verdict::NotConnected;
    QString summary;                                         // one line of plain words
    DiagnosisCategory category = DiagnosisCategory::Unknown; // of the failure behind the verdict
    qint64 elapsedMs = 0;

    const ProbeStep *step(ProbeStep::Kind kind) const;
    friend bool operator==(const ProbeReport &, const ProbeReport &) = default;
};

// Stable names for scripts (JSON): "ok", "warning", "failed", "skipped"; "resolve", "handshake"...
QString statusKey(ProbeStep::Status status);
QString kindKey(ProbeStep::Kind kind);
QString verdictKey(ProbeReport::Verdict verdict);

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::ProbeStep)
Q_DECLARE_METATYPE(OffsetLens::ProbeReport)
