#include "proberesult.h"

#include <QCoreApplication>

namespace OffsetLens {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("OffsetLens::ConnectionProbe", text);
}
} // namespace

QString ProbeStep::title(Kind kind)
{
    switch (kind) {
    case Kind::Bootstrap:
        return tr("Bootstrap servers");
    case Kind::Resolve:
        return tr("Name resolution");
    case Kind::Connect:
        return tr("TCP connection");
    case Kind::Handshake:
        return tr("Kafka handshake");
    case Kind::DescribeCluster:
        return tr("Describe cluster");
    case Kind::ListGroups:
        return tr("List groups");
    case Kind::ListOffsets:
        return tr("Read log offsets");
    case Kind::CommittedOffsets:
        return tr("Read committed offsets");
    }
    return {};
}

const ProbeStep *ProbeReport::step(ProbeStep::Kind kind) const
{
    for (const ProbeStep &s : steps) {
        if (s.kind == kind)
            return &s;
    }
    return nullptr;
}

QString statusKey(ProbeStep::Status status)
{
    switch (status) {
    case ProbeStep::Status::Ok:
        return QStringLiteral("ok");
    case ProbeStep::Status::Warning:
        return QStringLiteral("warning");
    case ProbeStep::Status::Failed:
        return QStringLiteral("failed");
    case ProbeStep::Status::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QString kindKey(ProbeStep::Kind kind)
{
    switch (kind) {
    case ProbeStep::Kind::Bootstrap:
        return QStringLiteral("bootstrap");
    case ProbeStep::Kind::Resolve:
        return QStringLiteral("resolve");
    case ProbeStep::Kind::Connect:
        return QStringLiteral("connect");
    case ProbeStep::Kind::Handshake:
        return QStringLiteral("handshake");
    case ProbeStep::Kind::DescribeCluster:
        return QStringLiteral("describe-cluster");
    case ProbeStep::Kind::ListGroups:
        return QStringLiteral("list-groups");
    case ProbeStep::Kind::ListOffsets:
        return QStringLiteral("list-offsets");
    case ProbeStep::Kind::CommittedOffsets:
        return QStringLiteral("committed-offsets");
    }
    return {};
}

QString verdictKey(ProbeReport::Verdict verdict)
{
    switch (verdict) {
    case ProbeReport::Verdict::Connected:
        return QStringLiteral("connected");
    case ProbeReport::Verdict::ConnectedWithProblems:
        return QStringLiteral("connected-with-problems");
    case ProbeReport::Verdict::NotConnected:
        return QStringLiteral("not-connected");
    case ProbeReport::Verdict::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace OffsetLens
