// Message peek against librdkafka's mock cluster: what an independent producer wrote (keys, values, headers,
// timestamps, a binary and a 1 MiB value) comes back, cut at the cap with the real size kept; anchors outside the
// log are answered in plain words; a cancelled peek returns promptly.
#include "background.h"
#include "kafkaconnection.h"
#include "lookups.h"
#include "mockcluster.h"

#include <QElapsedTimer>
#include <QTest>

#include <thread>

using namespace OffsetLens;
using OffsetLens::Test::MockCluster;
using namespace std::chrono_literals;

namespace {

// A producer of its own, not one of the project's clients: the test checks that peek shows what someone else wrote.
struct Record
{
    QByteArray key;
    QByteArray value;
    bool nullValue = false;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 timestampMs = 0;
};

bool produceRecords(const QString &bootstrap, const QString &topic, int partition, const QList<Record> &records)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "message.max.bytes", "4000000", errstr, sizeof errstr);
    rd_kafka_t *producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!producer)
        return false;
    bool ok = true;
    const QByteArray topicName = topic.toUtf8();
    for (const Record &r : records) {
        rd_kafka_headers_t *headers = rd_kafka_headers_new(r.headers.size());
        for (const auto &[name, value] : r.headers)
            rd_kafka_header_add(headers, name.constData(), name.size(), value.constData(), value.size());
        QByteArray value = r.value; // producev wants a non-const pointer with RD_KAFKA_MSG_F_COPY
        // rd_kafka_produceva rather than the RD_KAFKA_V_* macros, whose C casts the warnings flag.
        rd_kafka_vu_t fields[7] = {};
        fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
        fields[0].u.cstr = topicName.constData();
        fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
        fields[1].u.i32 = partition;
        fields[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
        fields[2].u.i = RD_KAFKA_MSG_F_COPY;
        fields[3].vtype = RD_KAFKA_VTYPE_KEY;
        fields[3].u.mem = {const_cast<char *>(r.key.constData()), size_t(r.key.size())};
        fields[4].vtype = RD_KAFKA_VTYPE_VALUE;
        fields[4].u.mem = {r.nullValue ? nullptr : value.data(), r.nullValue ? 0 : size_t(value.size())};
        fields[5].vtype = RD_KAFKA_VTYPE_HEADERS;
        fields[5].u.headers = headers;
        fields[6].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
        fields[6].u.i64 = r.timestampMs;
        rd_kafka_error_t *error = rd_kafka_produceva(producer, fields, 7);
        const rd_kafka_resp_err_t err = error ? rd_kafka_error_code(error) : RD_KAFKA_RESP_ERR_NO_ERROR;
        if (error)
            rd_kafka_error_destroy(error);
        if (err) {
            rd_kafka_headers_destroy(headers);
            qWarning() << "produce:" << rd_kafka_err2str(err);
            ok = false;
        }
    }
    ok = rd_kafka_flush(producer, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR && ok;
    rd_kafka_destroy(producer);
    return ok;
}

} // namespace

class TestPeek : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockCluster> m_mock;
    const QString m_topic = QStringLiteral("payments");
    const qint64 m_time = 1767225600000; // 2026-01-01 00:00:00 UTC
    QByteArray m_binary;
    QByteArray m_huge;

    std::shared_ptr<KafkaConnection> connection(int timeoutMs = 5000) const
    {
        return std::make_shared<KafkaConnection>(m_mock->profile(QStringLiteral("mock"), timeoutMs));
    }

    PeekResult peek(qint64 anchor, int before, int after, int timeoutMs = 5000) const
    {
        const std::atomic_bool never{false};
        const JobContext context(connection(timeoutMs), never);
        PeekRequest request;
        request.tp = {m_topic, 0};
        request.anchor = anchor;
        request.before = before;
        request.after = after;
        return peekMessages(context, request);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mock = std::make_unique<MockCluster>(3);
        QVERIFY(m_mock->createTopic(m_topic, 2));
        for (int i = 0; i < 256; ++i)
            m_binary.append(char(255 - i));
        m_huge = QByteArray(1024 * 1024, 'v');
        m_huge[0] = '{';
        QList<Record> records;
        for (int i = 0; i < 10; ++i) {
            Record r;
            r.key = QByteArray("order-") + QByteArray::number(i);
            r.value = QByteArray("{\"amount\":") + QByteArray::number(i * 10) + '}';
            r.headers = {{"trace-id", QByteArray("t") + QByteArray::number(i)}, {"source", "billing"}};
            r.timestampMs = m_time + i * 1000;
            records.append(r);
        }
        records.append({QByteArray("bin"), m_binary, false, {{"raw", QByteArray("\x00\x01", 2)}}, m_time + 10000});
        records.append({QByteArray("huge"), m_huge, false, {}, m_time + 11000});
        records.append({QByteArray("gone"), {}, true, {}, m_time + 12000}); // a tombstone
        QVERIFY(produceRecords(m_mock->bootstrapServers(), m_topic, 0, records));
    }

    void cleanupTestCase()
    {
        m_mock.reset();
        QVERIFY(Background::waitForIdle(15s));
    }

    void messagesAroundAnAnchor()
    {
        const PeekResult result = peek(5, 2, 3);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY2(result.message.isEmpty(), qPrintable(result.message));
        QCOMPARE(result.logStart, 0);
        QCOMPARE(result.highWatermark, 13);
        QCOMPARE(result.messages.size(), 6);
        for (int i = 0; i < 6; ++i) {
            const PeekedMessage &m = result.messages.at(i);
            const int n = 3 + i;
            QCOMPARE(m.offset, n);
            QCOMPARE(m.key, QByteArray("order-") + QByteArray::number(n));
            QVERIFY(!m.keyIsNull);
            QCOMPARE(m.value, QByteArray("{\"amount\":") + QByteArray::number(n * 10) + '}');
            QCOMPARE(m.valueSize, m.value.size());
            QCOMPARE(m.timestampMs, m_time + n * 1000);
            QCOMPARE(m.timestampType, TimestampType::CreateTime);
            QCOMPARE(m.headers.size(), 2);
            QCOMPARE(m.headers.at(0).name, QStringLiteral("trace-id"));
            QCOMPARE(m.headers.at(0).value, QByteArray("t") + QByteArray::number(n));
            QCOMPARE(m.headers.at(1), (PeekHeader{QStringLiteral("source"), QByteArray("billing"), false}));
        }
    }

    void binaryHugeAndTombstone()
    {
        const PeekResult result = peek(11, 1, 5);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.messages.size(), 3); // the window stops at HW - 1 = 12
        const PeekedMessage &binary = result.messages.at(0);
        QCOMPARE(binary.value, m_binary);
        QCOMPARE(binary.headers.at(0).value, QByteArray("\x00\x01", 2));
        const PeekedMessage &huge = result.messages.at(1);
        QCOMPARE(huge.valueSize, 1024 * 1024);
        QCOMPARE(huge.value.size(), 64 * 1024);
        QVERIFY(huge.valueTruncated());
        QCOMPARE(huge.value, m_huge.first(64 * 1024));
        const PeekedMessage &tombstone = result.messages.at(2);
        QVERIFY(tombstone.valueIsNull);
        QCOMPARE(tombstone.valueSize, 0);
    }

    void windowIsClippedToTheLog()
    {
        const PeekResult first = peek(0, 5, 1);
        QCOMPARE(first.messages.size(), 2);
        QCOMPARE(first.messages.front().offset, 0);
    }

    void anchorsOutsideTheLogSaySo()
    {
        const PeekResult end = peek(13, 5, 5);
        QVERIFY(end.messages.isEmpty());
        QVERIFY(end.error.isEmpty());
        QVERIFY2(end.message.contains(QStringLiteral("Offset 13 is the end of the log")), qPrintable(end.message));
        const PeekResult beyond = peek(500, 5, 5);
        QVERIFY2(beyond.message.contains(QStringLiteral("the log ends at 13")), qPrintable(beyond.message));
        // The mock cannot delete records; "below the log start" is covered by tst_peekformat's window tests.
    }

    void emptyPartition()
    {
        const std::atomic_bool never{false};
        const JobContext context(connection(), never);
        PeekRequest request;
        request.tp = {m_topic, 1};
        request.anchor = 0;
        const PeekResult result = peekMessages(context, request);
        QVERIFY(result.messages.isEmpty());
        QVERIFY2(result.message.contains(QStringLiteral("empty")), qPrintable(result.message));
    }

    void cancelReturnsPromptly()
    {
        std::atomic_bool cancelled{false};
        const JobContext context(connection(8000), cancelled);
        m_mock->setRtt(-1, 3000);
        std::thread canceller([&] {
            std::this_thread::sleep_for(300ms);
            cancelled = true;
        });
        QElapsedTimer timer;
        timer.start();
        PeekRequest request;
        request.tp = {m_topic, 0};
        request.anchor = 2;
        const PeekResult result = peekMessages(context, request);
        const qint64 ms = timer.elapsed();
        canceller.join();
        m_mock->setRtt(-1, 0);
        QCOMPARE(result.error, QStringLiteral("cancelled"));
        QVERIFY2(ms < 1500, qPrintable(QString::number(ms)));
    }
};

QTEST_GUILESS_MAIN(TestPeek)
#include "tst_peek.moc"
