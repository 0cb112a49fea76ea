#include "demoproducer.h"

#include "demoplan.h"
#include "stopsignal.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace OffsetLens::Demo {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kFillerBytes = 512 * 1024;
constexpr int kScheduleMinBytes = 100 * 1024;
constexpr int kScheduleMaxBytes = 500 * 1024;
// SCHEDULE topics start with a burst big enough to push the mock's per-partition retention (5 MiB) past the
// stopped group's commit within seconds, then slow down to a trickle that still rolls the log forward.
constexpr int kScheduleBurst = 22;
constexpr double kScheduleBurstRate = 8.0;
constexpr double kScheduleSteadyRate = 0.35;

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double uniform(std::mt19937_64 &rng, double lo, double hi)
{
    return std::uniform_real_distribution<double>(lo, hi)(rng);
}

} // namespace

// ---- ProducerHandle ----

bool ProducerHandle::create(const std::string &bootstrap, const Settings &extra, QString *error)
{
    Settings settings = commonClientSettings(bootstrap);
    settings.insert(settings.end(), extra.begin(), extra.end());
    m_handle = createHandle(RD_KAFKA_PRODUCER, settings, {}, error);
    return m_handle != nullptr;
}

bool ProducerHandle::produce(const std::string &topic, std::int32_t partition, const std::string &key,
                             const std::string &value, std::int64_t timestampMs, QString *error)
{
    rd_kafka_vu_t vus[6] = {};
    vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    vus[0].u.cstr = topic.c_str();
    vus[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[1].u.i32 = partition;
    vus[2].vtype = RD_KAFKA_VTYPE_KEY;
    vus[2].u.mem.ptr = const_cast<char *>(key.data());
    vus[2].u.mem.size = key.size();
    vus[3].vtype = RD_KAFKA_VTYPE_VALUE;
    vus[3].u.mem.ptr = const_cast<char *>(value.data());
    vus[3].u.mem.size = value.size();
    vus[4].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
    vus[4].u.i64 = timestampMs;
    vus[5].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[5].u.i = RD_KAFKA_MSG_F_COPY;

    // A full local queue is back-pressure, not an error: serve delivery reports and try again (bounded).
    for (int attempt = 0; attempt < 200; ++attempt) {
        rd_kafka_error_t *failure = rd_kafka_produceva(m_handle.get(), vus, 6);
        if (!failure)
            return true;
        const rd_kafka_resp_err_t code = rd_kafka_error_code(failure);
        const QString text = QString::fromUtf8(rd_kafka_error_string(failure));
        rd_kafka_error_destroy(failure);
        if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            if (error)
                *error = QStringLiteral("produce to %1: %2").arg(QString::fromStdString(topic), text);
            return false;
        }
        rd_kafka_poll(m_handle.get(), 50);
    }
    if (error)
        *error = QStringLiteral("produce to %1: local queue stays full").arg(QString::fromStdString(topic));
    return false;
}

bool ProducerHandle::flush(std::chrono::milliseconds timeout, QString *error)
{
    const rd_kafka_resp_err_t err = rd_kafka_flush(m_handle.get(), static_cast<int>(timeout.count()));
    if (err && error)
        *error = QStringLiteral("flush: %1").arg(errorText(err));
    return !err;
}

bool ProducerHandle::loadMetadata(std::chrono::milliseconds timeout, QString *error)
{
    const rd_kafka_metadata_t *metadata = nullptr;
    const rd_kafka_resp_err_t err =
        rd_kafka_metadata(m_handle.get(), 1, nullptr, &metadata, static_cast<int>(timeout.count()));
    if (metadata)
        rd_kafka_metadata_destroy(metadata);
    if (err && error)
        *error = QStringLiteral("metadata: %1").arg(errorText(err));
    return !err;
}

void ProducerHandle::destroy(std::chrono::milliseconds flushTimeout)
{
    if (!m_handle)
        return;
    if (rd_kafka_flush(m_handle.get(), static_cast<int>(flushTimeout.count())) != RD_KAFKA_RESP_ERR_NO_ERROR)
        rd_kafka_purge(m_handle.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    m_handle.reset();
}

// ---- DemoProducer ----

DemoProducer::DemoProducer(std::uint64_t seed, StopSignal &stop)
    : m_seed(seed)
    , m_stop(stop)
{
    std::mt19937_64 rng(mix64(seed, 0xf111e7));
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    m_filler.resize(kFillerBytes);
    for (char &c : m_filler)
        c = alphabet[rng() & 63];

    // Streams, each with its own seeded generator so one stream's draws never shift another's.
    std::uint64_t streamId = 0;
    auto addStream = [&](const char *topic, std::int32_t partition, Kind kind, double rate) {
        Stream s;
        s.topic = topic;
        s.partition = partition;
        s.kind = kind;
        s.rng.seed(mix64(seed, ++streamId));
        s.ratePerSecond = rate;
        s.price = 20.0 + uniform(s.rng, 0, 5);
        m_streams.push_back(std::move(s));
    };
    for (std::int32_t p = 0; p < kSolTradesPartitions; ++p)
        addStream(kSolTrades, p, Kind::Trade, 0); // rates drawn below from each stream's own generator
    for (std::int32_t p = 0; p < kPaymentsPartitions; ++p)
        addStream(kPayments, p, Kind::Payment, 0);
    for (const char *topic : kScheduleTopics)
        addStream(topic, 0, Kind::Schedule, kScheduleSteadyRate);
    for (Stream &s : m_streams) {
        if (s.kind == Kind::Trade)
            s.ratePerSecond = uniform(s.rng, 2.0, 4.0);
        else if (s.kind == Kind::Payment)
            s.ratePerSecond = uniform(s.rng, 2.2, 3.2);
        else
            s.burst = kScheduleBurst;
    }
}

DemoProducer::~DemoProducer()
{
    m_stop.request();
    destroy();
}

bool DemoProducer::create(const std::string &bootstrap, QString *error)
{
    return m_producer.create(bootstrap,
                             {
                                 {"client.id", "offsetlens-demo-producer"},
                                 // Small batching window: fewer requests (and wakeups) at a few msgs/s.
                                 {"linger.ms", "20"},
                                 {"acks", "all"},
                                 {"message.max.bytes", "1000000"},
                                 {"queue.buffering.max.kbytes", "16384"},
                             },
                             error);
}

std::string DemoProducer::payload(Stream &s, std::int64_t timestampMs)
{
    char head[256];
    switch (s.kind) {
    case Kind::Trade: {
        s.price = std::max(1.0, s.price * (1.0 + uniform(s.rng, -0.002, 0.002)));
        const bool buy = (s.rng() & 1) != 0;
        const int n = std::snprintf(head, sizeof head,
                                    "{\"tradeId\":%lld,\"symbol\":\"SOL-USDT\",\"side\":\"%s\",\"price\":\"%.3f\","
                                    "\"qty\":\"%.3f\",\"ts\":%lld}",
                                    static_cast<long long>(s.partition * 10000000LL + s.sequence), buy ? "buy" : "sell",
                                    s.price, uniform(s.rng, 0.01, 40.0), static_cast<long long>(timestampMs));
        return std::string(head, static_cast<std::size_t>(n));
    }
    case Kind::Payment: {
        const int n = std::snprintf(head, sizeof head,
                                    "{\"paymentId\":\"pay-%d-%08lld\",\"amount\":\"%.2f\",\"currency\":\"EUR\","
                                    "\"merchant\":\"m-%03d\",\"ts\":%lld}",
                                    s.partition, static_cast<long long>(s.sequence), uniform(s.rng, 1.0, 900.0),
                                    static_cast<int>(s.rng() % 250), static_cast<long long>(timestampMs));
        return std::string(head, static_cast<std::size_t>(n));
    }
    case Kind::Schedule: {
        const auto size =
            static_cast<std::size_t>(std::uniform_int_distribution<int>(kScheduleMinBytes, kScheduleMaxBytes)(s.rng));
        const int n =
            std::snprintf(head, sizeof head, "{\"jobId\":\"%s-%lld\",\"device\":\"dev-%04d\",\"ts\":%lld,\"blob\":\"",
                          s.topic.c_str(), static_cast<long long>(s.sequence), static_cast<int>(s.rng() % 10000),
                          static_cast<long long>(timestampMs));
        std::string value(head, static_cast<std::size_t>(n));
        const std::size_t blob = std::min(size, m_filler.size() - 1);
        const std::size_t start = static_cast<std::size_t>(s.rng() % (m_filler.size() - blob));
        value.append(m_filler, start, blob);
        value.append("\"}");
        return value;
    }
    }
    return {};
}

bool DemoProducer::produce(Stream &s, std::int64_t timestampMs, QString *error)
{
    const std::string key =
        s.kind == Kind::Payment ? "acct-" + std::to_string(s.rng() % 5000) : s.topic + '-' + std::to_string(s.sequence);
    const std::string value = payload(s, timestampMs);
    ++s.sequence;
    return m_producer.produce(s.topic, s.partition, key, value, timestampMs, error);
}

bool DemoProducer::produceHistory(QString *error)
{
    if (!m_producer.loadMetadata(5s, error))
        return false;
    const std::int64_t now = nowMs();
    for (Stream &s : m_streams) {
        const int count = s.kind == Kind::Trade     ? kSolTradesHistory
                          : s.kind == Kind::Payment ? kPaymentsHistory
                                                    : kScheduleHistory;
        const double gapMs = 1000.0 / (s.kind == Kind::Schedule ? kScheduleSteadyRate : s.ratePerSecond);
        for (int i = 0; i < count; ++i) {
            const auto ts = now - static_cast<std::int64_t>((count - i) * gapMs);
            if (!produce(s, ts, error))
                return false;
        }
        m_history[{s.topic, s.partition}] = count;
    }
    return m_producer.flush(10s, error);
}

bool DemoProducer::produceFixed(const std::string &topic, std::int32_t partitions, int count, QString *error)
{
    // Not a Stream: adding one would shift the seeded draws of every stream after it and give the topic traffic.
    const std::int64_t now = nowMs();
    for (std::int32_t p = 0; p < partitions; ++p) {
        for (int i = 0; i < count; ++i) {
            std::string key;
            std::string value;
            if (topic == kCustomerProfiles) { // one record per customer, as a compacted table's changelog holds
                static constexpr std::array<const char *, 3> kTiers = {"basic", "plus", "gold"};
                static constexpr std::array<const char *, 5> kCountries = {"DE", "FR", "NL", "PL", "SE"};
                key = "cust-" + std::to_string(100000 + p * count + i);
                value = "{\"customer\":\"" + key + "\",\"tier\":\"" + kTiers[std::size_t(i) % kTiers.size()] +
                        "\",\"country\":\"" + kCountries[std::size_t(i / 3) % kCountries.size()] + "\"}";
            } else {
                key = "sku-" + std::to_string((p * count + i) % 97);
                value = "{\"sku\":\"" + key + "\",\"delta\":" + std::to_string(i % 7 - 3) + "}";
            }
            if (!m_producer.produce(topic, p, key, value, now - (count - i) * 1000LL, error))
                return false;
        }
        m_history[{topic, p}] = count;
    }
    return m_producer.flush(10s, error);
}

std::int64_t DemoProducer::historyCount(const std::string &topic, std::int32_t partition) const
{
    const auto it = m_history.find({topic, partition});
    return it == m_history.end() ? 0 : it->second;
}

std::chrono::duration<double> DemoProducer::nextGap(Stream &s)
{
    double rate = s.ratePerSecond;
    if (s.kind == Kind::Schedule && s.burst > 0) {
        --s.burst;
        rate = kScheduleBurstRate;
    }
    // Jittered around the mean rate (±40 %) so the partitions do not tick in lockstep.
    return std::chrono::duration<double>(uniform(s.rng, 0.6, 1.4) / rate);
}

void DemoProducer::startTraffic()
{
    const auto now = Clock::now();
    for (Stream &s : m_streams)
        s.next = now + std::chrono::duration_cast<Clock::duration>(nextGap(s));
    m_thread = std::thread([this] { run(); });
}

void DemoProducer::run()
{
    while (!m_stop.isRequested()) {
        auto due = std::min_element(m_streams.begin(), m_streams.end(),
                                    [](const Stream &a, const Stream &b) { return a.next < b.next; });
        if (m_stop.waitUntil(due->next))
            break;
        QString error;
        if (!produce(*due, nowMs(), &error))
            qCWarning(lcDemo, "demo producer: %s", qUtf8Printable(error));
        due->next += std::chrono::duration_cast<Clock::duration>(nextGap(*due));
        // After a long stall (suspended laptop) do not replay a backlog at full speed.
        due->next = std::max(due->next, Clock::now() - 1s);
        m_producer.poll();
    }
}

void DemoProducer::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void DemoProducer::destroy()
{
    join();
    m_producer.destroy(500ms);
}

} // namespace OffsetLens::Demo
