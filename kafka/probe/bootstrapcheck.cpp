#include "bootstrapcheck.h"

#include "connectiondiagnosis.h"
#include "numberformat.h"

#include <algorithm>

namespace OffsetLens {

BootstrapCheck checkBootstrapServers(const ConnectionProfile &profile, const std::atomic_bool &cancelled)
{
    BootstrapCheck check;
    const BootstrapList list = parseBootstrapServers(profile.bootstrapServers);
    if (!list.isValid())
        return check; // librdkafka takes forms we do not (a host without a port): let it judge
    const auto timeout = std::chrono::milliseconds(std::max(profile.requestTimeoutMs, 100));
    ReachabilityOptions options;
    options.resolveTimeout = std::min(timeout, std::chrono::milliseconds(2000));
    options.connectTimeout = std::min(timeout, std::chrono::milliseconds(1000));
    options.stopAtFirstAccept = true;
    check.reach = checkReachability(list.endpoints, options, cancelled);
    check.ran = !check.reach.cancelled;
    if (check.ran && check.reach.noneReachable())
        check.failure = QStringLiteral("Could not reach any broker at %1: %2")
                            .arg(profile.bootstrapServers, check.reach.problems());
    return check;
}

QString explainUnreachableCluster(const ConnectionProfile &profile, std::chrono::milliseconds timeout,
                                  const BootstrapCheck &check, const QStringList &clientMessages)
{
    const DiagnosisContext context = DiagnosisContext::forProfile(profile);
    QList<Diagnosis> findings;
    for (const QString &message : clientMessages)
        findings.append(diagnoseClientMessage(0, message, context));
    Diagnosis best = mostTelling(findings);
    QString words = best.message;
    if (specificity(best.category) <= specificity(DiagnosisCategory::Transport) && check.ran) {
        QStringList accepted;
        for (const EndpointReach &endpoint : check.reach.endpoints) {
            if (endpoint.accepted())
                accepted.append(endpoint.endpoint.hostPort());
        }
        // Took the TCP connection, then nothing librdkafka could name: not the Kafka listener the profile expects.
        if (!accepted.isEmpty()) {
            best.category = DiagnosisCategory::NotKafka;
            words = PlainWords::notKafka(accepted.join(QStringLiteral(", ")), context.usesTls);
        } else if (const QString problems = check.reach.problems(); !problems.isEmpty()) {
            best.category = DiagnosisCategory::ConnectTimeout;
            words = problems;
        }
    }
    if (specificity(best.category) <= specificity(DiagnosisCategory::Transport) || !isConnectionFailure(best.category))
        return {};
    return QStringLiteral("Could not reach any broker at %1 within %2: %3")
        .arg(profile.bootstrapServers, formatSeconds(timeout.count()), words);
}

} // namespace OffsetLens
