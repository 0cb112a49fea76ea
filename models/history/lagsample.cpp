#include "lagsample.h"

#include "saturating.h"

#include <algorithm>
#include <limits>

namespace OffsetLens {

namespace {

// Unsigned LEB128: 7 bits per byte, low bits first, the high bit says "more follows". A quint64 takes at most
// 10 bytes, the last of which may only carry the single top bit.
constexpr int kMaxVarintBytes = 10;

void putVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

// Zig-zag maps small magnitudes of either sign to small unsigned numbers (0, -1, 1, -2 … → 0, 1, 2, 3 …), so a
// negative delta costs as little as a positive one. Done on unsigned values: shifting a negative number is
// what the sign trick needs, and unsigned arithmetic keeps it free of undefined behaviour.
quint64 zigzag(qint64 value)
{
    const auto u = quint64(value);
    return (u << 1) ^ (value < 0 ? ~quint64(0) : quint64(0));
}

qint64 unzigzag(quint64 value)
{
    return qint64((value >> 1) ^ (~(value & 1) + 1));
}

// Deltas between two offsets are taken modulo 2^64: every pair of qint64 values (kNoOffset next to 2^62, or the
// extremes) then round-trips exactly, and nothing overflows.
qint64 wrappingDelta(qint64 value, qint64 previous)
{
    return qint64(quint64(value) - quint64(previous));
}

qint64 wrappingAdd(qint64 previous, qint64 delta)
{
    return qint64(quint64(previous) + quint64(delta));
}

// Reads what the encoders write, checking every step against the end of the input: the bytes come from a file
// that may be damaged, so nothing read is trusted until it fits.
class Reader
{
public:
    explicit Reader(const QByteArray &data)
        : m_pos(reinterpret_cast<const uchar *>(data.constData()))
        , m_end(m_pos + data.size())
    {}

    bool atEnd() const { return m_pos == m_end; }
    qsizetype remaining() const { return m_end - m_pos; }

    bool varint(quint64 *value)
    {
        quint64 result = 0;
        for (int i = 0; i < kMaxVarintBytes; ++i) {
            if (m_pos == m_end)
                return false;
            const uchar byte = *m_pos++;
            if (i == kMaxVarintBytes - 1 && byte > 1)
                return false; // more than 64 bits
            result |= quint64(byte & 0x7f) << (7 * i);
            if (!(byte & 0x80)) {
                *value = result;
                return true;
            }
        }
        return false;
    }

    bool signedVarint(qint64 *value)
    {
        quint64 raw = 0;
        if (!varint(&raw))
            return false;
        *value = unzigzag(raw);
        return true;
    }

    // A count of items that each take at least `minBytes` of the rest of the input: a larger count cannot be
    // genuine, and refusing it here keeps a damaged count from turning into a huge allocation.
    bool count(qsizetype minBytes, qsizetype *value)
    {
        quint64 raw = 0;
        if (!varint(&raw) || raw > quint64(remaining() / minBytes))
            return false;
        *value = qsizetype(raw);
        return true;
    }

    bool bytes(qsizetype length, QByteArrayView *out)
    {
        if (length < 0 || length > remaining())
            return false;
        *out = QByteArrayView(m_pos, length);
        m_pos += length;
        return true;
    }

private:
    const uchar *m_pos;
    const uchar *m_end;
};

} // namespace

qint64 GroupSample::totalLag() const
{
    qint64 total = 0;
    for (const PartitionSample &p : partitions) {
        if (const qint64 lag = p.lag(); lag > 0)
            total = addSaturating(total, lag);
    }
    return total;
}

QList<GroupSample> samplesFromSnapshot(const ClusterSnapshot &snapshot)
{
    QList<GroupSample> samples;
    const qint64 timeMs = snapshot.takenAt.toMSecsSinceEpoch();
    for (const GroupInfo &group : snapshot.groups) {
        GroupSample sample;
        sample.groupId = group.groupId;
        sample.timeMs = timeMs;
        sample.state = group.state;
        sample.hasMembers = !group.members.isEmpty();
        const TopicInfo *topic = nullptr; // consecutive partitions mostly share a topic: look it up once per run
        for (const CommittedOffset &offset : group.offsets) {
            if (offset.offset < 0)
                continue;
            PartitionSample p;
            p.tp = offset.tp;
            p.committed = offset.offset;
            if (!topic || topic->name != offset.tp.topic)
                topic = snapshot.findTopic(offset.tp.topic);
            if (const PartitionInfo *info = topic ? topic->findPartition(offset.tp.partition) : nullptr) {
                p.highWatermark = info->highWatermark;
                p.logStartOffset = info->logStartOffset;
            }
            sample.partitions.append(p);
        }
        if (sample.partitions.isEmpty())
            continue;
        // Snapshots keep offsets sorted already; the layout's hash depends on the order, so make sure of it.
        const auto byTp = [](const PartitionSample &a, const PartitionSample &b) {
            return a.tp < b.tp;
        };
        if (!std::is_sorted(sample.partitions.cbegin(), sample.partitions.cend(), byTp))
            std::sort(sample.partitions.begin(), sample.partitions.end(), byTp);
        samples.append(std::move(sample));
    }
    return samples;
}

QList<GroupSample> topicSamplesFromSnapshot(const ClusterSnapshot &snapshot)
{
    QList<GroupSample> samples;
    const qint64 timeMs = snapshot.takenAt.toMSecsSinceEpoch();
    for (const TopicInfo &topic : snapshot.topics) {
        GroupSample sample;
        sample.groupId = topic.name;
        sample.timeMs = timeMs;
        sample.partitions.reserve(topic.partitions.size());
        for (const PartitionInfo &info : topic.partitions) {
            if (info.highWatermark < 0)
                continue; // its lookup failed this time: a gap in its series, never a zero
            PartitionSample p;
            p.tp = TopicPartition{topic.name, info.partition};
            p.highWatermark = info.highWatermark;
            p.logStartOffset = info.logStartOffset;
            sample.partitions.append(p);
        }
        if (!sample.partitions.isEmpty())
            samples.append(std::move(sample)); // partitions are sorted by id in a snapshot, so by tp here
    }
    return samples;
}

// Per partition one varint: bit 0 says "a new topic name follows", the rest is the zig-zag partition number
// relative to the previous partition of the same topic (absolute after a new name). A run of partitions 0, 1, 2 …
// of one topic thus costs one byte each.
QByteArray SampleLayout::encode() const
{
    QByteArray out;
    out.reserve(8 + partitions.size() * 2);
    putVarint(out, quint64(partitions.size()));
    const QString *previousTopic = nullptr;
    qint64 previousPartition = 0;
    for (const TopicPartition &tp : partitions) {
        const bool newTopic = !previousTopic || *previousTopic != tp.topic;
        const qint64 base = newTopic ? 0 : previousPartition;
        putVarint(out, (zigzag(qint64(tp.partition) - base) << 1) | (newTopic ? 1 : 0));
        if (newTopic) {
            const QByteArray name = tp.topic.toUtf8();
            putVarint(out, quint64(name.size()));
            out.append(name);
        }
        previousTopic = &tp.topic;
        previousPartition = tp.partition;
    }
    return out;
}

bool SampleLayout::decode(const QByteArray &data, SampleLayout *out)
{
    Reader in(data);
    qsizetype count = 0;
    if (!in.count(1, &count))
        return false;
    QList<TopicPartition> partitions;
    partitions.reserve(count);
    QString topic;
    qint64 previousPartition = 0;
    for (qsizetype i = 0; i < count; ++i) {
        quint64 tag = 0;
        if (!in.varint(&tag))
            return false;
        const bool newTopic = tag & 1;
        if (newTopic) {
            quint64 length = 0;
            QByteArrayView name;
            if (!in.varint(&length) || length > quint64(in.remaining()) || !in.bytes(qsizetype(length), &name))
                return false;
            topic = QString::fromUtf8(name);
        } else if (i == 0) {
            return false; // the first partition must name its topic
        }
        const qint64 partition = (newTopic ? 0 : previousPartition) + unzigzag(tag >> 1);
        if (partition < std::numeric_limits<qint32>::min() || partition > std::numeric_limits<qint32>::max())
            return false;
        partitions.append(TopicPartition{topic, qint32(partition)});
        previousPartition = partition;
    }
    if (!in.atEnd())
        return false;
    out->partitions = std::move(partitions);
    return true;
}

// FNV-1a, 64 bits, over the encoding: fixed constants, so the hash a database holds means the same in every run.
quint64 SampleLayout::hash() const
{
    constexpr quint64 kOffsetBasis = 14695981039346656037ULL;
    constexpr quint64 kPrime = 1099511628211ULL;
    quint64 h = kOffsetBasis;
    for (const char c : encode()) {
        h ^= quint64(uchar(c));
        h *= kPrime;
    }
    return h;
}

// A count (a cheap check that the values belong to the layout), then per partition three zig-zag varints:
// committed, HW and log start, each relative to the same field of the previous partition. Partitions of a topic
// tend to sit near each other, so the deltas are short; kNoOffset is just another value.
QByteArray encodeSampleValues(const QList<PartitionSample> &partitions)
{
    QByteArray out;
    out.reserve(8 + partitions.size() * 9);
    putVarint(out, quint64(partitions.size()));
    qint64 committed = 0;
    qint64 highWatermark = 0;
    qint64 logStart = 0;
    for (const PartitionSample &p : partitions) {
        putVarint(out, zigzag(wrappingDelta(p.committed, committed)));
        putVarint(out, zigzag(wrappingDelta(p.highWatermark, highWatermark)));
        putVarint(out, zigzag(wrappingDelta(p.logStartOffset, logStart)));
        committed = p.committed;
        highWatermark = p.highWatermark;
        logStart = p.logStartOffset;
    }
    return out;
}

bool decodeSampleValues(const QByteArray &data, QList<PartitionSample> *partitions)
{
    Reader in(data);
    qsizetype count = 0;
    if (!in.count(3, &count) || count != partitions->size())
        return false;
    qint64 committed = 0;
    qint64 highWatermark = 0;
    qint64 logStart = 0;
    for (PartitionSample &p : *partitions) {
        qint64 dCommitted = 0;
        qint64 dHighWatermark = 0;
        qint64 dLogStart = 0;
        if (!in.signedVarint(&dCommitted) || !in.signedVarint(&dHighWatermark) || !in.signedVarint(&dLogStart))
            return false;
        committed = wrappingAdd(committed, dCommitted);
        highWatermark = wrappingAdd(highWatermark, dHighWatermark);
        logStart = wrappingAdd(logStart, dLogStart);
        p.committed = committed;
        p.highWatermark = highWatermark;
        p.logStartOffset = logStart;
    }
    return in.atEnd();
}

} // namespace OffsetLens
