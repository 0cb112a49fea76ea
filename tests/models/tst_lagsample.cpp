#include "lagsample.h"
#include "testsnapshots.h"

#include <QRandomGenerator>
#include <QTest>

#include <limits>

using namespace OffsetLens;
using namespace OffsetLens::TestSnapshots;

namespace {

PartitionSample sample(const QString &topicName, qint32 partitionId, qint64 committed, qint64 hw, qint64 logStart)
{
    PartitionSample p;
    p.tp = {topicName, partitionId};
    p.committed = committed;
    p.highWatermark = hw;
    p.logStartOffset = logStart;
    return p;
}

// Decodes values into a copy of `layoutOf`'s partitions with the values scrambled, so a decoder that left them
// alone would not pass.
bool decodeInto(const QByteArray &data, const QList<PartitionSample> &layoutOf, QList<PartitionSample> *out)
{
    *out = layoutOf;
    for (PartitionSample &p : *out)
        p.committed = p.highWatermark = p.logStartOffset = 12345;
    return decodeSampleValues(data, out);
}

} // namespace

class TestLagSample : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samplesFromSnapshotTakesCommittedPartitions()
    {
        ClusterSnapshot s;
        s.takenAt = QDateTime::fromMSecsSinceEpoch(1700000000123LL, Qt::UTC);
        s.topics = {topic(QStringLiteral("orders"), {partition(0, 10, 100), partition(1, 20, 200)}),
                    topic(QStringLiteral("payments"), {partition(0, 0, 50)})};
        // Offsets deliberately out of order, with a partition the snapshot does not know and one without commit.
        s.groups = {
            group(QStringLiteral("billing"), GroupState::Stable,
                  {committed(QStringLiteral("payments"), 0, 40), committed(QStringLiteral("orders"), 1, 150),
                   committed(QStringLiteral("orders"), 0, kNoOffset), committed(QStringLiteral("gone"), 3, 7)},
                  {member(QStringLiteral("m1"), QStringLiteral("c1"), QStringLiteral("/10.0.0.1"), {})}),
            group(QStringLiteral("idle"), GroupState::Empty, {committed(QStringLiteral("orders"), 0, kNoOffset)}),
            group(QStringLiteral("replay"), GroupState::Empty, {committed(QStringLiteral("orders"), 0, 0)}),
        };

        const QList<GroupSample> samples = samplesFromSnapshot(s);
        QCOMPARE(samples.size(), 2); // "idle" has no committed offset
        const GroupSample &billing = samples.at(0);
        QCOMPARE(billing.groupId, QStringLiteral("billing"));
        QCOMPARE(billing.timeMs, 1700000000123LL);
        QCOMPARE(billing.state, GroupState::Stable);
        QVERIFY(billing.hasMembers);
        const QList<PartitionSample> expected = {
            sample(QStringLiteral("gone"), 3, 7, kNoOffset, kNoOffset),
            sample(QStringLiteral("orders"), 1, 150, 200, 20),
            sample(QStringLiteral("payments"), 0, 40, 50, 0),
        };
        QCOMPARE(billing.partitions, expected);
        QCOMPARE(billing.totalLag(), 50 + 10);

        const GroupSample &replay = samples.at(1);
        QCOMPARE(replay.groupId, QStringLiteral("replay"));
        QVERIFY(!replay.hasMembers);
        QCOMPARE(replay.state, GroupState::Empty);
        QCOMPARE(replay.partitions, QList<PartitionSample>{sample(QStringLiteral("orders"), 0, 0, 100, 10)});
    }

    void totalLagSumsKnownPositiveLags()
    {
        GroupSample g;
        g.partitions = {sample(QStringLiteral("t"), 0, 90, 100, 0),       // 10
                        sample(QStringLiteral("t"), 1, 150, 100, 0),      // -50: does not cancel real lag
                        sample(QStringLiteral("t"), 2, 5, kNoOffset, 0),  // unknown
                        sample(QStringLiteral("t"), 3, 0, 7, kNoOffset)}; // 7
        QCOMPARE(g.totalLag(), 17);
        QCOMPARE(g.partitions.at(1).lag(), -50);
        QCOMPARE(g.partitions.at(2).lag(), kNoOffset);
        QCOMPARE(GroupSample().totalLag(), 0);
    }

    void layoutRoundTrips()
    {
        const QList<QList<TopicPartition>> cases = {
            {},
            {{QStringLiteral("a"), 0}},
            {{QStringLiteral("a"), 0}, {QStringLiteral("a"), 1}, {QStringLiteral("b"), 5}},
            {{QStringLiteral("a"), 7}, {QStringLiteral("a"), 3}, {QStringLiteral("a"), -1}}, // backwards, negative
            {{QStringLiteral("zähler-τοπικ-日本"), 0}, {QString(), 1}, {QString(), 2}},      // non-ASCII, empty name
            {{QStringLiteral("x"), std::numeric_limits<qint32>::max()},
             {QStringLiteral("x"), std::numeric_limits<qint32>::min()},
             {QStringLiteral("y"), std::numeric_limits<qint32>::min()}},
            {{QStringLiteral("a"), 0}, {QStringLiteral("b"), 0}, {QStringLiteral("a"), 1}}, // a topic seen again
        };
        for (const QList<TopicPartition> &partitions : cases) {
            const SampleLayout layout{partitions};
            SampleLayout decoded;
            decoded.partitions = {{QStringLiteral("stale"), 1}};
            QVERIFY(SampleLayout::decode(layout.encode(), &decoded));
            QCOMPARE(decoded.partitions, partitions);
            QCOMPARE(decoded.hash(), layout.hash());
        }
    }

    void layoutEncodingIsCompactAndStable()
    {
        // The exact bytes and hash are part of the database format: a change here orphans stored layouts.
        const SampleLayout small{{{QStringLiteral("a"), 0}, {QStringLiteral("a"), 1}, {QStringLiteral("b"), 5}}};
        QCOMPARE(small.encode(), QByteArray::fromHex("0301016104150162"));
        QCOMPARE(small.hash(), 470434360590257867ULL); // FNV-1a 64 of the bytes above
        QCOMPARE(SampleLayout().hash(), 12638153115695167455ULL);

        SampleLayout wide;
        for (int t = 0; t < 10; ++t) {
            for (int p = 0; p < 100; ++p)
                wide.partitions.append({QStringLiteral("topic-%1").arg(t), p});
        }
        // One byte per partition after each topic's name (7 bytes of name, a length and a tag).
        QVERIFY2(wide.encode().size() <= 2 + 10 * (1 + 1 + 7) + 990,
                 QByteArray::number(wide.encode().size()).constData());

        // Order and names change the hash.
        SampleLayout reordered{{{QStringLiteral("a"), 1}, {QStringLiteral("a"), 0}, {QStringLiteral("b"), 5}}};
        SampleLayout renamed{{{QStringLiteral("a"), 0}, {QStringLiteral("a"), 1}, {QStringLiteral("c"), 5}}};
        QVERIFY(reordered.hash() != small.hash());
        QVERIFY(renamed.hash() != small.hash());
    }

    void valuesRoundTrip()
    {
        constexpr qint64 kHuge = qint64(1) << 62;
        constexpr qint64 kMax = std::numeric_limits<qint64>::max();
        const QList<QList<PartitionSample>> cases = {
            {},
            {sample(QStringLiteral("t"), 0, 0, 0, 0)},
            {sample(QStringLiteral("t"), 0, 5, kNoOffset, kNoOffset), sample(QStringLiteral("t"), 1, 0, 7, kNoOffset),
             sample(QStringLiteral("t"), 2, 3, kNoOffset, 2)},
            {sample(QStringLiteral("t"), 0, kHuge, kHuge + 5, kHuge - 5), sample(QStringLiteral("t"), 1, 0, 0, 0),
             sample(QStringLiteral("t"), 2, kHuge, kNoOffset, 0)}, // deltas of ±2^62 and more
            {sample(QStringLiteral("t"), 0, kMax, kMax, kNoOffset), sample(QStringLiteral("t"), 1, kNoOffset, 0, kMax),
             sample(QStringLiteral("u"), 0, std::numeric_limits<qint64>::min(), kMax, 0)}, // the extremes wrap
            {sample(QStringLiteral("t"), 0, 1000, 1100, 900), sample(QStringLiteral("t"), 1, 400, 500, 300),
             sample(QStringLiteral("t"), 2, 900, 1000, 800)}, // negative deltas
        };
        for (const QList<PartitionSample> &partitions : cases) {
            QList<PartitionSample> decoded;
            QVERIFY(decodeInto(encodeSampleValues(partitions), partitions, &decoded));
            QCOMPARE(decoded, partitions);
        }

        // Random offsets of every size, with unknowns sprinkled in.
        QRandomGenerator random(42);
        QList<PartitionSample> partitions;
        for (int i = 0; i < 2000; ++i) {
            const auto value = [&] {
                const int bits = 1 + random.bounded(63); // 1 … 63 significant bits
                return random.bounded(8) == 0 ? kNoOffset : qint64(random.generate64() >> (64 - bits) >> 1);
            };
            partitions.append(sample(QStringLiteral("r%1").arg(i / 50), i % 50, value(), value(), value()));
        }
        QList<PartitionSample> decoded;
        QVERIFY(decodeInto(encodeSampleValues(partitions), partitions, &decoded));
        QCOMPARE(decoded, partitions);
    }

    void similarPartitionsCostFewBytes()
    {
        // Partitions of a busy topic, near each other: each field's delta fits a byte or two.
        QList<PartitionSample> partitions;
        for (int p = 0; p < 100; ++p) {
            const qint64 hw = 1000000000LL + p * 37;
            partitions.append(sample(QStringLiteral("t"), p, hw - 20 - p % 3, hw, hw - 50000000));
        }
        const QByteArray data = encodeSampleValues(partitions);
        QVERIFY2(data.size() <= 2 + 16 /* the first partition's absolute values */ + 99 * 3,
                 QByteArray::number(data.size()).constData());
    }

    void valuesMustFitTheLayout()
    {
        const QList<PartitionSample> three = {sample(QStringLiteral("t"), 0, 1, 2, 0),
                                              sample(QStringLiteral("t"), 1, 1, 2, 0),
                                              sample(QStringLiteral("t"), 2, 1, 2, 0)};
        const QByteArray data = encodeSampleValues(three);
        QList<PartitionSample> two = three.mid(0, 2);
        QVERIFY(!decodeSampleValues(data, &two));
        QList<PartitionSample> four = three + three.mid(0, 1);
        QVERIFY(!decodeSampleValues(data, &four));
        QList<PartitionSample> none;
        QVERIFY(decodeSampleValues(encodeSampleValues({}), &none));
        QVERIFY(!decodeSampleValues(QByteArray(), &none)); // not even a count
    }

    void truncatedInputIsRefused()
    {
        SampleLayout layout;
        QList<PartitionSample> partitions;
        for (int i = 0; i < 40; ++i) {
            layout.partitions.append({QStringLiteral("topic-%1").arg(i / 7), i % 7});
            partitions.append(sample(layout.partitions.last().topic, i % 7, 1000LL * i, (qint64(1) << 40) + i,
                                     i % 5 == 0 ? kNoOffset : i));
        }
        const QByteArray layoutData = layout.encode();
        const QByteArray valueData = encodeSampleValues(partitions);
        for (qsizetype n = 0; n < layoutData.size(); ++n) {
            SampleLayout decoded;
            QVERIFY2(!SampleLayout::decode(layoutData.left(n), &decoded), QByteArray::number(n).constData());
        }
        for (qsizetype n = 0; n < valueData.size(); ++n) {
            QList<PartitionSample> decoded;
            QVERIFY2(!decodeInto(valueData.left(n), partitions, &decoded), QByteArray::number(n).constData());
        }
        // One byte too many is damage as well.
        SampleLayout decoded;
        QVERIFY(!SampleLayout::decode(layoutData + '\0', &decoded));
        QList<PartitionSample> values;
        QVERIFY(!decodeInto(valueData + '\0', partitions, &values));
    }

    void malformedInputIsRefused_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("count beyond the input") << QByteArray::fromHex("80808080800101"); // 2^35 + …
        QTest::newRow("varint over 64 bits") << QByteArray::fromHex("ffffffffffffffffff7f01");
        QTest::newRow("varint never ends") << QByteArray::fromHex("01ffffffffffffffffffffff");
        QTest::newRow("first entry without a topic") << QByteArray::fromHex("0100");
        QTest::newRow("name longer than the input") << QByteArray::fromHex("010105616263");
        QTest::newRow("name length huge") << QByteArray::fromHex("0101ffffffffffffffff7f");
        QTest::newRow("partition above int32") << QByteArray::fromHex("01"
                                                                      "81808080 20"
                                                                      "0161");
        QTest::newRow("partition delta out of range")
            << QByteArray::fromHex("02"
                                   "010161"
                                   "8080808020"); // 0, then the next one 2^31 further
    }

    void malformedInputIsRefused()
    {
        QFETCH(QByteArray, data);
        SampleLayout layout;
        layout.partitions = {{QStringLiteral("untouched"), 1}};
        QVERIFY(!SampleLayout::decode(data, &layout));
        QCOMPARE(layout.partitions, (QList<TopicPartition>{{QStringLiteral("untouched"), 1}}));
    }

    void malformedValuesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("count beyond the input") << QByteArray::fromHex("8080808080010101");
        QTest::newRow("count of a different layout") << QByteArray::fromHex("02010101");
        QTest::newRow("varint over 64 bits") << QByteArray::fromHex("01"
                                                                    "ffffffffffffffffff7f"
                                                                    "0101");
        QTest::newRow("varint never ends") << QByteArray::fromHex("01"
                                                                  "ffffffffffffffffffffffff");
        QTest::newRow("a field missing") << QByteArray::fromHex("01"
                                                                "0202");
    }

    void malformedValuesAreRefused()
    {
        QFETCH(QByteArray, data);
        QList<PartitionSample> values(1);
        QVERIFY(!decodeSampleValues(data, &values));
    }

    void garbageNeverCrashes()
    {
        // Random bytes and random corruptions of valid encodings: the decoders answer, whatever they answer.
        // Run under the sanitizer build, this is what catches a read past the end.
        QRandomGenerator random(7);
        SampleLayout layout;
        QList<PartitionSample> partitions;
        for (int i = 0; i < 30; ++i) {
            layout.partitions.append({QStringLiteral("t%1").arg(i / 4), i % 4});
            partitions.append(sample(layout.partitions.last().topic, i % 4, i * 1000, i * 1000 + 5, kNoOffset));
        }
        const QByteArray validLayout = layout.encode();
        const QByteArray validValues = encodeSampleValues(partitions);
        int accepted = 0;
        for (int round = 0; round < 20000; ++round) {
            QByteArray data;
            if (round % 2 == 0) {
                data.resize(random.bounded(64));
                for (char &c : data)
                    c = char(random.bounded(256));
            } else {
                data = random.bounded(2) ? validLayout : validValues;
                for (int flips = 1 + random.bounded(4); flips > 0; --flips)
                    data[random.bounded(int(data.size()))] = char(random.bounded(256));
            }
            SampleLayout decodedLayout;
            if (SampleLayout::decode(data, &decodedLayout)) {
                ++accepted;
                // Whatever decodes is a consistent layout: encoding it again decodes to the same list.
                SampleLayout again;
                QVERIFY(SampleLayout::decode(decodedLayout.encode(), &again));
                QCOMPARE(again.partitions, decodedLayout.partitions);
            }
            QList<PartitionSample> values = partitions;
            if (decodeSampleValues(data, &values))
                ++accepted;
        }
        qInfo() << accepted << "of 40000 garbage decodes happened to be well-formed";
    }
};

QTEST_GUILESS_MAIN(TestLagSample)
#include "tst_lagsample.moc"
