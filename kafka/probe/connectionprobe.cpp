#include "connectionprobe.h"

#include "adminrequest.h"
#include "background.h"
#include "blockingcall.h"
#include "bootstrapaddress.h"
#include "clienthandle.h"
#include "deadline.h"
#include "kafkaconnection.h"
#include "kafkalog.h"
#include "rdkafkaptr.h"
#include "reachability.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace OffsetLens {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("OffsetLens::ConnectionProbe", text, disambiguation, n);
}

using Kind = ProbeStep::Kind;
using Status = ProbeStep::Status;

constexpr qsizetype kMaxRawLines = 40;
constexpr int kLogWarning = 4; // librdkafka logs with syslog's levels
constexpr int kMaxBrokersChecked = 20;

// Findings after which waiting longer changes nothing: the broker answered, just not in a way that can work.
// Network failures are not among them: a host with several addresses fails on one and connects on the next
// (librdkafka names the broker by host either way), and the TCP step has already seen which ones accept.
bool isDecisive(DiagnosisCategory category)
{
    switch (category) {
    case DiagnosisCategory::InvalidConfiguration:
    case DiagnosisCategory::NotKafka:
    case DiagnosisCategory::TlsExpected:
    case DiagnosisCategory::TlsNotOffered:
    case DiagnosisCategory::TlsUntrustedCertificate:
    case DiagnosisCategory::TlsHostnameMismatch:
    case DiagnosisCategory::TlsCertificateExpired:
    case DiagnosisCategory::TlsCertificateNotYetValid:
    case DiagnosisCategory::TlsCertificateRejected:
    case DiagnosisCategory::TlsClientCertificateRequired:
    case DiagnosisCategory::TlsHandshakeFailed:
    case DiagnosisCategory::SaslRequired:
    case DiagnosisCategory::SaslNotEnabled:
    case DiagnosisCategory::SaslMechanismRejected:
    case DiagnosisCategory::AuthenticationFailed:
        return true;
    default:
        return false;
    }
}

// librdkafka repeats a failure with a growing "(after 0ms in state CONNECT, 3 identical error(s) suppressed)" and
// reports it both as a log line and as an error: one line of details each is enough.
QString dedupeKey(const QString &text)
{
    static const QRegularExpression thread(QStringLiteral("^\\[thrd:[^\\]]*\\]:\\s*"));
    static const QRegularExpression suffix(QStringLiteral("\\s*\\(after -?\\d+ms in state [^)]*\\)\\s*$"));
    QString key = text.trimmed();
    key.remove(thread);
    key.remove(suffix);
    return key;
}

// Collects what the probe's client reports, as it happens, on librdkafka's threads.
class ProbeObserver : public ClientObserver
{
public:
    explicit ProbeObserver(DiagnosisContext context)
        : m_context(std::move(context))
    {}

    void clientLog(int level, const char *facility, const char *message) override
    {
        // Failures come as FAIL lines, some at info level ("Disconnected while requesting ApiVersion");
        // certificate problems and configuration warnings as errors and warnings.
        if (level > kLogWarning && qstrcmp(facility, "FAIL") != 0)
            return;
        record(0, QString::fromUtf8(message));
    }
    void clientError(int code, const char *reason) override { record(code, QString::fromUtf8(reason)); }

    QStringList lines() const
    {
        const std::lock_guard lock(m_mutex);
        return m_lines;
    }
    QList<Diagnosis> diagnoses() const
    {
        const std::lock_guard lock(m_mutex);
        return m_diagnoses;
    }
    // Every one of `brokers` ("host:port") failed in a way that waiting will not change.
    bool failedDecisively(const QStringList &brokers) const
    {
        const std::lock_guard lock(m_mutex);
        return !brokers.isEmpty() && std::all_of(brokers.cbegin(), brokers.cend(),
                                                 [this](const QString &b) { return m_decisive.contains(b); });
    }

private:
    void record(int code, const QString &text)
    {
        const Diagnosis diagnosis = diagnoseClientMessage(code, text, m_context);
        const QString key = dedupeKey(text);
        const std::lock_guard lock(m_mutex);
        if (!m_keys.contains(key) && m_lines.size() < kMaxRawLines) {
            m_keys.insert(key);
            m_lines.append(text);
        }
        const bool known = std::any_of(m_diagnoses.cbegin(), m_diagnoses.cend(),
                                       [&](const Diagnosis &d) { return d.message == diagnosis.message; });
        if (!known && m_diagnoses.size() < kMaxRawLines)
            m_diagnoses.append(diagnosis);
        if (isDecisive(diagnosis.category) && !diagnosis.broker.isEmpty())
            m_decisive.insert(diagnosis.broker);
    }

    const DiagnosisContext m_context;
    mutable std::mutex m_mutex;
    QStringList m_lines;
    QSet<QString> m_keys;
    QList<Diagnosis> m_diagnoses;
    QSet<QString> m_decisive;
};

// The probe's client and the observer its callbacks use: destroyed together (the client first), or, when a group
// request is still in flight inside librdkafka (see kCoordinatorRequestTimeoutMs), left behind together.
struct ProbeClient
{
    std::unique_ptr<ProbeObserver> observer;
    ClientPtr client;
    std::atomic_bool leaveBehind{false};

    ~ProbeClient()
    {
        if (leaveBehind) {
            qCInfo(lcKafka) << "leaving the connection probe's client behind: a group request is still pending";
            (void)client.release();   // NOLINT(bugprone-unused-return-value): intentionally leaked
            (void)observer.release(); // its callbacks may still run
        }
    }
};

// awaitBlockingCall (blockingcall.h), but stopped by any predicate rather than only a cancel flag: the handshake
// also stops as soon as the client's log has decided the outcome (refused, TLS failure). The other steps call
// awaitBlockingCall itself.
template <typename Call>
auto awaitCall(Call call, std::shared_ptr<const void> keepAlive, const Deadline &deadline,
               const std::function<bool()> &stop) -> std::optional<decltype(call())>
{
    using Result = decltype(call());
    struct Shared
    {
        std::mutex mutex;
        std::condition_variable done;
        std::optional<Result> result;
    };
    auto shared = std::make_shared<Shared>();
    Background::run("probe-call", [shared, call = std::move(call), keepAlive = std::move(keepAlive)] {
        Result result = call();
        {
            const std::lock_guard lock(shared->mutex);
            shared->result.emplace(std::move(result));
        }
        shared->done.notify_all();
    });
    std::unique_lock lock(shared->mutex);
    while (!shared->result) {
        if (deadline.expired() || stop())
            return std::nullopt;
        shared->done.wait_for(lock, std::chrono::milliseconds(std::max(deadline.sliceMs(50), 1)));
    }
    return std::move(shared->result);
}

QString errorText(rd_kafka_resp_err_t err)
{
    return QString::fromUtf8(rd_kafka_err2str(err));
}

// "127.0.0.1:9092/1" or "ssl://kafka-1:9093/bootstrap" (librdkafka's broker names) -> "kafka-1:9093"
QString brokerAddress(const QString &name)
{
    QString address = name;
    if (const qsizetype scheme = address.indexOf(QLatin1String("://")); scheme >= 0)
        address = address.mid(scheme + 3);
    return address.section(QLatin1Char('/'), 0, 0);
}

QString seconds(std::chrono::milliseconds ms)
{
    return QString::number(double(ms.count()) / 1000.0, 'g', 3);
}

struct Broker
{
    qint32 id = -1;
    QString host;
    quint16 port = 0;
};

class Probe
{
public:
    Probe(const ConnectionProfile &profile, const ProbeOptions &options, const std::atomic_bool &cancelled,
          const ProbeStepSink &stepDone)
        : m_profile(profile)
        , m_options(options)
        , m_cancelled(cancelled)
        , m_stepDone(stepDone)
        , m_context(DiagnosisContext::forProfile(profile))
    {}

    ProbeReport run();

private:
    bool cancelled() const { return isCancelled(m_cancelled); }
    void publish(ProbeStep step, const QElapsedTimer &timer);
    void skipFrom(Kind first, const QString &reason);
    bool stopIfCancelled(Kind next);

    bool bootstrapStep();
    bool resolveStep();
    bool connectStep();
    bool handshakeStep();
    void describeStep();
    void listGroupsStep();
    void listOffsetsStep();
    void committedOffsetsStep();

    QString checkFiles() const;
    QStringList acceptedBrokers() const;
    QString rawDetails(const QStringList &extra = {}) const;
    rd_kafka_t *rk() const { return m_client->client.get(); }

    const ConnectionProfile &m_profile;
    const ProbeOptions &m_options;
    const std::atomic_bool &m_cancelled;
    const ProbeStepSink &m_stepDone;
    const DiagnosisContext m_context;
    ProbeReport m_report;

    BootstrapList m_bootstrap;
    QList<EndpointReach> m_reach;
    std::shared_ptr<ProbeClient> m_client;
    QList<Broker> m_brokers;
    QString m_topic; // a partition to read log offsets of, when the cluster has any
    qint32 m_partition = -1;
    QStringList m_groups; // listed by the cluster
};

void Probe::publish(ProbeStep step, const QElapsedTimer &timer)
{
    step.elapsedMs = timer.elapsed();
    m_report.steps.append(step);
    if (m_stepDone)
        m_stepDone(step);
}

void Probe::skipFrom(Kind first, const QString &reason)
{
    for (int k = int(first); k <= int(Kind::CommittedOffsets); ++k) {
        ProbeStep step;
        step.kind = Kind(k);
        step.status = Status::Skipped;
        step.message = reason;
        m_report.steps.append(step);
        if (m_stepDone)
            m_stepDone(step);
    }
}

bool Probe::stopIfCancelled(Kind next)
{
    if (!cancelled())
        return false;
    skipFrom(next, tr("cancelled"));
    return true;
}

bool Probe::bootstrapStep()
{
    QElapsedTimer timer;
    timer.start();
    ProbeStep step;
    step.kind = Kind::Bootstrap;
    step.details = m_profile.bootstrapServers;
    m_bootstrap = parseBootstrapServers(m_profile.bootstrapServers);
    if (!m_bootstrap.isValid()) {
        step.status = Status::Failed;
        step.category = DiagnosisCategory::InvalidBootstrap;
        step.message = m_bootstrap.error;
        publish(step, timer);
        skipFrom(Kind::Resolve, tr("not tried: the bootstrap servers are invalid"));
        return false;
    }
    QStringList names;
    for (const BootstrapEndpoint &endpoint : std::as_const(m_bootstrap.endpoints))
        names.append(endpoint.hostPort());
    step.status = Status::Ok;
    step.message = m_bootstrap.endpoints.size() == 1
                       ? tr("1 server: %1").arg(names.constFirst())
                       : tr("%1 servers: %2").arg(m_bootstrap.endpoints.size()).arg(names.join(QStringLiteral(", ")));
    publish(step, timer);
    return true;
}

bool Probe::resolveStep()
{
    QElapsedTimer timer;
    timer.start();
    ReachabilityOptions reachOptions;
    reachOptions.resolveTimeout = m_options.resolveTimeout;
    m_reach = resolveEndpoints(m_bootstrap.endpoints, reachOptions, m_cancelled);
    if (stopIfCancelled(Kind::Resolve))
        return false;

    ProbeStep step;
    step.kind = Kind::Resolve;
    QStringList resolved;
    QStringList problems;
    QStringList details;
    for (const EndpointReach &reach : std::as_const(m_reach)) {
        QStringList addresses;
        for (const AddressAttempt &attempt : reach.attempts)
            addresses.append(attempt.address);
        if (reach.resolution == EndpointReach::Resolution::Resolved) {
            const QString line =
                addresses == QStringList{reach.endpoint.host}
                    ? tr("%1 (an address: nothing to look up)").arg(reach.endpoint.host)
                    : QStringLiteral("%1 \u2192 %2").arg(reach.endpoint.host, addresses.join(QStringLiteral(", ")));
            if (!resolved.contains(line))
                resolved.append(line);
            details.append(tr("%1 (%2 ms)").arg(line).arg(reach.resolveMs));
        } else {
            const QString problem = reach.problem();
            if (!problems.contains(problem))
                problems.append(problem);
            details.append(tr("%1: %2 (%3 ms)").arg(reach.endpoint.host, reach.resolveError).arg(reach.resolveMs));
        }
    }
    step.details = details.join(QLatin1Char('\n'));
    if (problems.isEmpty()) {
        step.status = Status::Ok;
        step.message = resolved.join(QStringLiteral("; "));
    } else {
        step.category = DiagnosisCategory::NameResolution;
        step.status = resolved.isEmpty() ? Status::Failed : Status::Warning;
        step.message = problems.join(QStringLiteral("; "));
    }
    publish(step, timer);
    if (step.status == Status::Failed) {
        skipFrom(Kind::Connect, tr("not tried: no bootstrap host could be resolved"));
        return false;
    }
    return true;
}

bool Probe::connectStep()
{
    QElapsedTimer timer;
    timer.start();
    ReachabilityOptions reachOptions;
    reachOptions.connectTimeout = m_options.connectTimeout;
    connectEndpoints(m_reach, reachOptions, m_cancelled);
    if (stopIfCancelled(Kind::Connect))
        return false;

    ProbeStep step;
    step.kind = Kind::Connect;
    QStringList accepted;
    QStringList problems;
    QStringList details;
    for (const EndpointReach &reach : std::as_const(m_reach)) {
        for (const AddressAttempt &attempt : reach.attempts) {
            const QString outcome = attempt.result == AddressAttempt::Result::Accepted
                                        ? tr("accepted")
                                        : (attempt.error.isEmpty() ? tr("not tried") : attempt.error);
            details.append(tr("%1 (%2): %3 after %4 ms")
                               .arg(reach.endpoint.hostPort(), attempt.address, outcome)
                               .arg(attempt.elapsedMs));
        }
        if (reach.resolution != EndpointReach::Resolution::Resolved)
            continue;
        if (reach.accepted()) {
            accepted.append(reach.endpoint.hostPort());
        } else if (const QString problem = reach.problem(); !problem.isEmpty() && !problems.contains(problem)) {
            problems.append(problem);
            if (step.category == DiagnosisCategory::Unknown) {
                // The first failure names the category; the words name every one.
                const auto result =
                    reach.attempts.isEmpty() ? AddressAttempt::Result::NotTried : reach.attempts.constFirst().result;
                step.category = result == AddressAttempt::Result::Refused       ? DiagnosisCategory::ConnectionRefused
                                : result == AddressAttempt::Result::Unreachable ? DiagnosisCategory::NoRoute
                                : result == AddressAttempt::Result::TimedOut    ? DiagnosisCategory::ConnectTimeout
                                                                                : DiagnosisCategory::Transport;
            }
        }
    }
    step.details = details.join(QLatin1Char('\n'));
    if (problems.isEmpty()) {
        step.status = Status::Ok;
        step.message = accepted.size() == 1 ? tr("%1 accepts connections").arg(accepted.constFirst())
                                            : tr("%1 accept connections").arg(accepted.join(QStringLiteral(", ")));
    } else {
        step.status = accepted.isEmpty() ? Status::Failed : Status::Warning;
        step.message = problems.join(QStringLiteral("; "));
    }
    publish(step, timer);
    if (step.status == Status::Failed) {
        skipFrom(Kind::Handshake, tr("not tried: no bootstrap server accepts connections"));
        return false;
    }
    return true;
}

QStringList Probe::acceptedBrokers() const
{
    QStringList brokers;
    for (const EndpointReach &reach : m_reach) {
        if (reach.accepted())
            brokers.append(reach.endpoint.hostPort());
    }
    return brokers;
}

// Files the profile names must exist before librdkafka is asked to use them: its own complaint ("ssl.ca.location
// failed: ...system lib") does not say which file or why.
QString Probe::checkFiles() const
{
    const QMap<QString, QString> &p = m_profile.clientProperties;
    const struct
    {
        QString property;
        QString value;
        QString what;
    } files[] = {
        {QStringLiteral("ssl.ca.location"), p.value(QStringLiteral("ssl.ca.location"), m_profile.sslCaFile),
         tr("CA file")},
        {QStringLiteral("ssl.certificate.location"),
         p.value(QStringLiteral("ssl.certificate.location"), m_profile.sslCertificateFile), tr("certificate file")},
        {QStringLiteral("ssl.key.location"), p.value(QStringLiteral("ssl.key.location"), m_profile.sslKeyFile),
         tr("key file")},
    };
    if (!m_context.usesTls)
        return {};
    for (const auto &file : files) {
        // "probe" asks librdkafka to look for the system's CA bundle itself.
        if (file.value.isEmpty() || file.value == QLatin1String("probe"))
            continue;
        const QFileInfo info(file.value);
        if (!info.exists())
            return tr("the %1 %2 does not exist (%3)").arg(file.what, file.value, file.property);
        if (!info.isReadable())
            return tr("the %1 %2 cannot be read (%3)").arg(file.what, file.value, file.property);
    }
    return {};
}

QString Probe::rawDetails(const QStringList &extra) const
{
    QStringList lines = m_client && m_client->observer ? m_client->observer->lines() : QStringList();
    lines += extra;
    return lines.join(QLatin1Char('\n'));
}

bool Probe::handshakeStep()
{
    QElapsedTimer timer;
    timer.start();
    ProbeStep step;
    step.kind = Kind::Handshake;
    const auto fail = [&](DiagnosisCategory category, const QString &message, const QString &details) {
        step.status = Status::Failed;
        step.category = category;
        step.message = message;
        step.details = details;
        publish(step, timer);
        skipFrom(Kind::DescribeCluster, tr("not tried: no connection to the cluster"));
        return false;
    };

    if (const QString problem = checkFiles(); !problem.isEmpty())
        return fail(DiagnosisCategory::InvalidConfiguration, problem, QString());

    // librdkafka gives up on a connection that stalls before it is usable (TCP, TLS, ApiVersions, SASL) after this,
    // and says in which state: within our time limit, with a second to spare for its once-a-second timer.
    const auto setupMs = std::max<qint64>(1000, m_options.handshakeTimeout.count() - 1500);
    // Connection closes stay logged (the refresh turns that off): a listener hanging up on the first request is
    // how a TLS or SASL port shows itself to a client that speaks neither.
    // A consumer handle with the admin group, as the session's admin client: the probe reads a group's offsets too,
    // and a producer handle crashes librdkafka when that read meets NOT_COORDINATOR (see KafkaConnection::client).
    const QList<ClientProperty> extra =
        QList<ClientProperty>{
            {"socket.connection.setup.timeout.ms", QByteArray::number(setupMs)},
        } +
        KafkaConnection::adminClientProperties();
    m_client = std::make_shared<ProbeClient>();
    m_client->observer = std::make_unique<ProbeObserver>(m_context);
    QString error;
    m_client->client =
        createObservedClient(KafkaConnection::kAdminClientType, m_profile, extra, m_client->observer.get(), &error);
    if (!m_client->client) {
        const Diagnosis d = diagnoseClientMessage(0, error, m_context);
        return fail(d.category == DiagnosisCategory::Unknown ? DiagnosisCategory::InvalidConfiguration : d.category,
                    d.message, rawDetails({error}));
    }

    // Brokers only, no topics: the smallest request that proves the cluster answers.
    const Deadline deadline(m_options.handshakeTimeout);
    const QStringList bootstrapBrokers = acceptedBrokers();
    rd_kafka_t *client = rk();
    ProbeObserver *observer = m_client->observer.get();
    bool decided = false; // every bootstrap broker failed in a way that waiting will not change
    const auto stop = [&] {
        rd_kafka_poll(client, 0); // serve error callbacks: they carry error codes
        decided = decided || observer->failedDecisively(bootstrapBrokers);
        return cancelled() || decided;
    };
    std::optional<std::pair<rd_kafka_resp_err_t, MetadataPtr>> answer;
    while (!deadline.expired() && !stop()) {
        answer = awaitCall(
            [client, waitMs = std::max(deadline.remainingMs(), 1)] {
                const struct rd_kafka_metadata *raw = nullptr;
                const rd_kafka_resp_err_t err = rd_kafka_metadata(client, 0, nullptr, &raw, waitMs);
                return std::make_pair(err, MetadataPtr(raw));
            },
            m_client, deadline, stop);
        if (!answer || answer->first != RD_KAFKA_RESP_ERR__TRANSPORT)
            break;
        // No broker usable yet, and librdkafka said so early: ask again shortly.
        for (int waited = 0; waited < 200 && !deadline.expired() && !stop(); waited += 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    rd_kafka_poll(client, 0);
    if (stopIfCancelled(Kind::Handshake))
        return false;

    if (answer && answer->first == RD_KAFKA_RESP_ERR_NO_ERROR && answer->second) {
        const struct rd_kafka_metadata &md = *answer->second;
        for (int i = 0; i < md.broker_cnt; ++i)
            m_brokers.append(
                {md.brokers[i].id, QString::fromUtf8(md.brokers[i].host), static_cast<quint16>(md.brokers[i].port)});
        QString clusterId;
        if (char *id = rd_kafka_clusterid(client, 0)) {
            clusterId = QString::fromUtf8(id);
            rd_kafka_mem_free(client, id);
        }
        const QString answeredBy = QString::fromUtf8(md.orig_broker_name);
        step.status = Status::Ok;
        step.message =
            clusterId.isEmpty()
                ? tr("%1 answered as Kafka: %n broker(s)", nullptr, md.broker_cnt).arg(brokerAddress(answeredBy))
                : tr("%1 answered as Kafka: cluster %2, %n broker(s)", nullptr, md.broker_cnt)
                      .arg(brokerAddress(answeredBy), clusterId);
        step.details = rawDetails({tr("answered by %1 (broker id %2)").arg(answeredBy).arg(md.orig_broker_id)});
        publish(step, timer);
        return true;
    }

    // Why not: the most telling thing librdkafka reported, else what the TCP step showed.
    Diagnosis d = mostTelling(observer->diagnoses());
    QStringList extraDetails;
    if (answer) {
        extraDetails.append(tr("metadata request: %1").arg(errorText(answer->first)));
        if (specificity(d.category) <= specificity(DiagnosisCategory::Transport) &&
            answer->first != RD_KAFKA_RESP_ERR__TRANSPORT && answer->first != RD_KAFKA_RESP_ERR__TIMED_OUT)
            d = diagnoseOperationError(ProbeOperation::DescribeCluster, answer->first, errorText(answer->first),
                                       QString(), m_context);
    } else if (!decided) {
        extraDetails.append(tr("no answer within %1 s").arg(seconds(m_options.handshakeTimeout)));
    }
    // A port that took the TCP connection and then said nothing that librdkafka could name is not a Kafka listener
    // of the kind the profile expects.
    if (specificity(d.category) <= specificity(DiagnosisCategory::Transport) && !bootstrapBrokers.isEmpty()) {
        d.category = DiagnosisCategory::NotKafka;
        d.message = PlainWords::notKafka(bootstrapBrokers.join(QStringLiteral(", ")), m_context.usesTls);
    }
    return fail(d.category, d.message, rawDetails(extraDetails));
}

void Probe::describeStep()
{
    QElapsedTimer timer;
    timer.start();
    ProbeStep step;
    step.kind = Kind::DescribeCluster;
    const Deadline deadline(m_options.operationTimeout);
    rd_kafka_t *client = rk();
    auto answer = awaitBlockingCall(
        [client, waitMs = std::max(deadline.remainingMs(), 1)] {
            const struct rd_kafka_metadata *raw = nullptr;
            const rd_kafka_resp_err_t err = rd_kafka_metadata(client, 1, nullptr, &raw, waitMs);
            return std::make_pair(err, MetadataPtr(raw));
        },
        m_client, deadline, m_cancelled);
    if (stopIfCancelled(Kind::DescribeCluster))
        return;
    if (!answer) {
        step.status = Status::Failed;
        step.category = DiagnosisCategory::Timeout;
        step.message =
            tr("no answer in time when trying to describe the cluster (%1 s)").arg(seconds(m_options.operationTimeout));
        publish(step, timer);
        return;
    }
    if (answer->first != RD_KAFKA_RESP_ERR_NO_ERROR || !answer->second) {
        const Diagnosis d = diagnoseOperationError(ProbeOperation::DescribeCluster, answer->first,
                                                   errorText(answer->first), QString(), m_context);
        step.status = Status::Failed;
        step.category = d.category;
        step.message = d.message;
        step.details = rawDetails({errorText(answer->first)});
        publish(step, timer);
        return;
    }

    const struct rd_kafka_metadata &md = *answer->second;
    int partitions = 0;
    QStringList denied;
    QStringList details;
    QString internalTopic;
    qint32 internalPartition = -1;
    for (int t = 0; t < md.topic_cnt; ++t) {
        const rd_kafka_metadata_topic &topic = md.topics[t];
        const QString name = QString::fromUtf8(topic.topic);
        if (topic.err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED) {
            denied.append(name);
            continue;
        }
        if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            details.append(tr("topic %1: %2").arg(name, errorText(topic.err)));
        partitions += topic.partition_cnt;
        // A partition with a leader to read log offsets of: the first topic by name, an ordinary one rather than
        // an internal one, its lowest partition.
        qint32 lowest = -1;
        for (int p = 0; p < topic.partition_cnt; ++p) {
            const rd_kafka_metadata_partition &partition = topic.partitions[p];
            if (partition.leader >= 0 && partition.err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                (lowest < 0 || partition.id < lowest))
                lowest = partition.id;
        }
        if (lowest < 0)
            continue;
        if (name.startsWith(QLatin1String("__"))) {
            if (internalTopic.isEmpty() || name < internalTopic) {
                internalTopic = name;
                internalPartition = lowest;
            }
        } else if (m_topic.isEmpty() || name < m_topic) {
            m_topic = name;
            m_partition = lowest;
        }
    }
    if (m_topic.isEmpty()) {
        m_topic = internalTopic;
        m_partition = internalPartition;
    }
    step.status = Status::Ok;
    step.message = tr("%n broker(s), ", nullptr, md.broker_cnt) + tr("%n topic(s), ", nullptr, md.topic_cnt) +
                   tr("%n partition(s)", nullptr, partitions);
    if (!denied.isEmpty()) {
        const Diagnosis d = diagnoseOperationError(
            ProbeOperation::DescribeCluster, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
            errorText(RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED), denied.constFirst(), m_context);
        step.status = Status::Warning;
        step.category = d.category;
        step.message += QStringLiteral("; ") + d.message;
        details.append(tr("not allowed to describe: %1").arg(denied.join(QStringLiteral(", "))));
    }

    // The cluster tells clients where its brokers are (advertised.listeners). An address that works inside a
    // container network but not from here is the classic reason a client connects and then hangs.
    QList<BootstrapEndpoint> advertised;
    for (int i = 0; i < md.broker_cnt && i < kMaxBrokersChecked; ++i) {
        BootstrapEndpoint endpoint;
        endpoint.host = QString::fromUtf8(md.brokers[i].host);
        endpoint.port = static_cast<quint16>(md.brokers[i].port);
        endpoint.entry = endpoint.hostPort();
        advertised.append(endpoint);
        details.append(tr("broker %1 at %2").arg(md.brokers[i].id).arg(endpoint.hostPort()));
    }
    ReachabilityOptions reachOptions;
    reachOptions.resolveTimeout = m_options.resolveTimeout;
    reachOptions.connectTimeout = m_options.connectTimeout;
    const ReachabilityReport reach = checkReachability(advertised, reachOptions, m_cancelled);
    if (stopIfCancelled(Kind::DescribeCluster))
        return;
    QStringList unreachable;
    DiagnosisCategory unreachableCategory = DiagnosisCategory::Unknown;
    for (const EndpointReach &broker : reach.endpoints) {
        if (broker.accepted())
            continue;
        unreachable.append(broker.problem());
        if (unreachableCategory == DiagnosisCategory::Unknown)
            unreachableCategory = broker.resolution == EndpointReach::Resolution::Resolved
                                      ? DiagnosisCategory::ConnectionRefused
                                      : DiagnosisCategory::NameResolution;
    }
    if (!unreachable.isEmpty()) {
        step.status = Status::Warning;
        if (step.category == DiagnosisCategory::Unknown)
            step.category = unreachableCategory;
        step.message +=
            QStringLiteral("; ") + tr("the cluster advertises brokers this computer cannot reach (check the brokers' "
                                      "advertised.listeners): %1")
                                       .arg(unreachable.join(QStringLiteral("; ")));
    }
    step.details = details.join(QLatin1Char('\n'));
    publish(step, timer);
}

void Probe::listGroupsStep()
{
    QElapsedTimer timer;
    timer.start();
    ProbeStep step;
    step.kind = Kind::ListGroups;
    rd_kafka_t *client = rk();
    const QueuePtr queue(rd_kafka_queue_new(client));
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
    rd_kafka_ListConsumerGroups(client, options.get(), queue.get());

    const Deadline deadline(m_options.operationTimeout);
    int errorCode = 0;
    QString errorString;
    bool partial = false;
    const int received = collectAdminResults(queue.get(), 1, deadline, m_cancelled, [&](rd_kafka_event_t *event) {
        if (rd_kafka_event_error(event)) {
            errorCode = rd_kafka_event_error(event);
            errorString = QString::fromUtf8(rd_kafka_event_error_string(event));
            return;
        }
        const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(event);
        size_t validCount = 0;
        size_t errorCount = 0;
        const rd_kafka_ConsumerGroupListing_t **valid = rd_kafka_ListConsumerGroups_result_valid(res, &validCount);
        const rd_kafka_error_t **errors = rd_kafka_ListConsumerGroups_result_errors(res, &errorCount);
        for (size_t i = 0; i < validCount; ++i)
            m_groups.append(QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(valid[i])));
        if (errorCount > 0) {
            errorCode = rd_kafka_error_code(errors[0]);
            errorString = QString::fromUtf8(rd_kafka_error_string(errors[0]));
            // A broker without groups answers with an empty list: with errors from others, that is "some".
            partial = validCount > 0;
        }
    });
    if (received == 0)
        m_client->leaveBehind = true; // still in flight inside librdkafka, see kCoordinatorRequestTimeoutMs
    if (stopIfCancelled(Kind::ListGroups))
        return;
    std::sort(m_groups.begin(), m_groups.end());
    if (received == 0) {
        step.status = Status::Failed;
        step.category = DiagnosisCategory::Timeout;
        step.message =
            tr("no answer in time when trying to list groups (%1 s)").arg(seconds(m_options.operationTimeout));
    } else if (errorCode != 0 && !partial) {
        const Diagnosis d =
            diagnoseOperationError(ProbeOperation::ListGroups, errorCode, errorString, QString(), m_context);
        // A cluster that cannot list groups still works: groups pinned in the profile are shown instead.
        step.status = d.category == DiagnosisCategory::Unsupported ? Status::Warning : Status::Failed;
        step.category = d.category;
        step.message = d.message;
        step.details = errorString;
    } else {
        step.status = partial ? Status::Warning : Status::Ok;
        step.message = tr("%n group(s)", nullptr, int(m_groups.size()));
        if (partial) {
            const Diagnosis d =
                diagnoseOperationError(ProbeOperation::ListGroups, errorCode, errorString, QString(), m_context);
            step.category = d.category;
            step.message += QStringLiteral("; ") + tr("some brokers did not list theirs: %1").arg(d.message);
        }
        step.details = m_groups.mid(0, 50).join(QLatin1Char('\n'));
    }
    publish(step, timer);
}

void Probe::listOffsetsStep()
{
    QElapsedTimer timer;
    timer.start();
    ProbeStep step;
    step.kind = Kind::ListOffsets;
    if (m_topic.isEmpty()) {
        step.status = Status::Skipped;
        step.message = tr("no topic to read offsets of");
        publish(step, timer);
        return;
    }
    const Deadline deadline(m_options.operationTimeout);
    rd_kafka_t *client = rk();
    const QByteArray topic = m_topic.toUtf8();
    const qint32 partition = m_partition;
    struct Watermarks
    {
        rd_kafka_resp_err_t err;
        int64_t low;
        int64_t high;
    };
    const auto answer = awaitBlockingCall(
        [client, topic, partition, waitMs = std::max(deadline.remainingMs(), 1)] {
            Watermarks w{RD_KAFKA_RESP_ERR_NO_ERROR, -1, -1};
            w.err = rd_kafka_query_watermark_offsets(client, topic.constData(), partition, &w.low, &w.high, waitMs);
            return w;
        },
        m_client, deadline, m_cancelled);
    if (stopIfCancelled(Kind::ListOffsets))
        return;
    const QString where = QStringLiteral("%1 [%2]").arg(m_topic).arg(partition);
    if (!answer) {
        step.status = Status::Failed;
        step.category = DiagnosisCategory::Timeout;
        step.message = tr("no answer in time when trying to read the log offsets of %1").arg(where);
    } else if (answer->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const Diagnosis d = diagnoseOperationError(ProbeOperation::ListOffsets, answer->err, errorText(answer->err),
                                                   m_topic, m_context);
        step.status = Status::Failed;
        step.category = d.category;
        step.message = d.message;
        step.details = tr("%1: %2").arg(where, errorText(answer->err));
    } else {
        step.status = Status::Ok;
        step.message = tr("%1: log start %2, high watermark %3").arg(where).arg(answer->low).arg(answer->high);
    }
    publish(step, timer);
}

void Probe::committedOffsetsStep()
{
    QElapsedTimer timer;
    timer.start();
    ProbeStep step;
    step.kind = Kind::CommittedOffsets;
    // A group the cluster listed, else one pinned in the profile (clusters that cannot list groups).
    const QString group = !m_groups.isEmpty() ? m_groups.constFirst() : m_profile.pinnedGroups.value(0);
    if (group.isEmpty()) {
        step.status = Status::Skipped;
        step.message = tr("no group to read committed offsets of (the cluster listed none, and the profile pins none)");
        publish(step, timer);
        return;
    }
    rd_kafka_t *client = rk();
    const QueuePtr queue(rd_kafka_queue_new(client));
    const QByteArray groupId = group.toUtf8();
    rd_kafka_ListConsumerGroupOffsets_t *request = rd_kafka_ListConsumerGroupOffsets_new(groupId.constData(), nullptr);
    const AdminOptionsPtr options = makeCoordinatorAdminOptions(client, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
    rd_kafka_ListConsumerGroupOffsets(client, &request, 1, options.get(), queue.get());
    rd_kafka_ListConsumerGroupOffsets_destroy(request);

    const Deadline deadline(m_options.operationTimeout);
    int errorCode = 0;
    QString errorString;
    int commits = 0;
    int partitionErrorCode = 0;
    QString partitionError;
    const int received = collectAdminResults(queue.get(), 1, deadline, m_cancelled, [&](rd_kafka_event_t *event) {
        if (rd_kafka_event_error(event)) {
            errorCode = rd_kafka_event_error(event);
            errorString = QString::fromUtf8(rd_kafka_event_error_string(event));
            return;
        }
        size_t count = 0;
        const rd_kafka_group_result_t **results = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(event), &count);
        for (size_t i = 0; i < count; ++i) {
            if (const rd_kafka_error_t *error = rd_kafka_group_result_error(results[i])) {
                errorCode = rd_kafka_error_code(error);
                errorString = QString::fromUtf8(rd_kafka_error_string(error));
                continue;
            }
            const rd_kafka_topic_partition_list_t *list = rd_kafka_group_result_partitions(results[i]);
            for (int p = 0; list && p < list->cnt; ++p) {
                const rd_kafka_topic_partition_t &entry = list->elems[p];
                if (entry.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                    partitionErrorCode = entry.err;
                    partitionError = QStringLiteral("%1 [%2]: %3")
                                         .arg(QString::fromUtf8(entry.topic))
                                         .arg(entry.partition)
                                         .arg(errorText(entry.err));
                } else if (entry.offset >= 0) {
                    ++commits;
                }
            }
        }
    });
    if (received == 0)
        m_client->leaveBehind = true; // still in flight inside librdkafka, see kCoordinatorRequestTimeoutMs
    if (stopIfCancelled(Kind::CommittedOffsets))
        return;
    if (received == 0) {
        step.status = Status::Failed;
        step.category = DiagnosisCategory::Timeout;
        step.message = tr("no answer in time when trying to read the committed offsets of group %1").arg(group);
    } else if (errorCode != 0) {
        const Diagnosis d =
            diagnoseOperationError(ProbeOperation::FetchCommittedOffsets, errorCode, errorString, group, m_context);
        step.status = Status::Failed;
        step.category = d.category;
        step.message = d.message;
        step.details = errorString;
    } else {
        step.status = Status::Ok;
        step.message = tr("group %1: %n committed offset(s)", nullptr, commits).arg(group);
        if (partitionErrorCode != 0) {
            const Diagnosis d = diagnoseOperationError(ProbeOperation::FetchCommittedOffsets, partitionErrorCode,
                                                       partitionError, group, m_context);
            step.status = Status::Warning;
            step.category = d.category;
            step.message += QStringLiteral("; ") + d.message;
            step.details = partitionError;
        }
    }
    publish(step, timer);
}

ProbeReport Probe::run()
{
    QElapsedTimer timer;
    timer.start();
    m_report.profileName = m_profile.name;
    m_report.bootstrapServers = m_profile.bootstrapServers;

    const bool connected = bootstrapStep() && !stopIfCancelled(Kind::Resolve) && resolveStep() &&
                           !stopIfCancelled(Kind::Connect) && connectStep() && !stopIfCancelled(Kind::Handshake) &&
                           handshakeStep();
    if (connected) {
        // Each operation runs even when the one before was refused: ACLs allow them one by one.
        const std::pair<Kind, void (Probe::*)()> operations[] = {
            {Kind::DescribeCluster, &Probe::describeStep},
            {Kind::ListGroups, &Probe::listGroupsStep},
            {Kind::ListOffsets, &Probe::listOffsetsStep},
            {Kind::CommittedOffsets, &Probe::committedOffsetsStep},
        };
        for (const auto &[kind, operation] : operations) {
            if (stopIfCancelled(kind))
                break;
            (this->*operation)();
            if (m_report.steps.size() > int(kind) + 1)
                break; // a step cancelled part-way has skipped the rest
        }
    }
    // The client's teardown can take a second (librdkafka joins its threads): not on the caller's time.
    if (m_client)
        Background::release("probe-teardown", std::move(m_client));

    m_report.elapsedMs = timer.elapsed();
    const auto firstFailed = [this](Kind from, Kind to) -> const ProbeStep * {
        for (const ProbeStep &s : std::as_const(m_report.steps)) {
            if (s.kind >= from && s.kind <= to && s.status == Status::Failed)
                return &s;
        }
        return nullptr;
    };
    if (cancelled()) {
        m_report.verdict = ProbeReport::Verdict::Cancelled;
        m_report.category = DiagnosisCategory::Cancelled;
        m_report.summary = tr("cancelled");
    } else if (const ProbeStep *failed = firstFailed(Kind::Bootstrap, Kind::Handshake)) {
        m_report.verdict = ProbeReport::Verdict::NotConnected;
        m_report.category = failed->category;
        m_report.summary = failed->message;
    } else if (const ProbeStep *refused = firstFailed(Kind::DescribeCluster, Kind::CommittedOffsets)) {
        m_report.verdict = ProbeReport::Verdict::ConnectedWithProblems;
        m_report.category = refused->category;
        m_report.summary = tr("connected, but: %1").arg(refused->message);
    } else {
        m_report.verdict = ProbeReport::Verdict::Connected;
        m_report.summary = m_report.step(Kind::Handshake)->message;
    }
    return m_report;
}

} // namespace

ProbeOptions ProbeOptions::forProfile(const ConnectionProfile &profile)
{
    ProbeOptions options;
    const auto limit = std::chrono::milliseconds(std::clamp(profile.requestTimeoutMs, 1000, 10000));
    options.handshakeTimeout = limit;
    options.operationTimeout = limit;
    return options;
}

ProbeReport probeConnection(const ConnectionProfile &profile, const ProbeOptions &options,
                            const std::atomic_bool &cancelled, const ProbeStepSink &stepDone)
{
    return Probe(profile, options, cancelled, stepDone).run();
}

} // namespace OffsetLens
