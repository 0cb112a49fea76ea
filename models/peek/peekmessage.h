#pragma once

#include "snapshot.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace OffsetLens {

// What to read: `before` messages before the anchor, the anchor itself and `after` messages after it.
struct PeekRequest
{
    TopicPartition tp;
    qint64 anchor = kNoOffset;
    int before = 5;
    int after = 5;
    // Keys and values longer than this are cut (the real size is kept): a 1 GiB value must not reach the GUI.
    qsizetype valueCap = 64 * 1024;

    qint64 count() const { return qint64(before) + 1 + after; }
    friend bool operator==(const PeekRequest &, const PeekRequest &) = default;
};

enum class TimestampType
{
    None,
    CreateTime,
    LogAppendTime
};

struct PeekHeader
{
    QString name;
    QByteArray value;
    bool isNull = false;

    friend bool operator==(const PeekHeader &, const PeekHeader &) = default;
};

struct PeekedMessage
{
    qint64 offset = kNoOffset;
    qint64 timestampMs = -1;
    TimestampType timestampType = TimestampType::None;
    QByteArray key;     // at most PeekRequest::valueCap bytes
    QByteArray value;   // at most PeekRequest::valueCap bytes
    qint64 keySize = 0; // the real sizes
    qint64 valueSize = 0;
    bool keyIsNull = true;   // a null key (no key) differs from an empty one
    bool valueIsNull = true; // a tombstone
    QList<PeekHeader> headers;

    bool keyTruncated() const { return keySize > key.size(); }
    bool valueTruncated() const { return valueSize > value.size(); }
    friend bool operator==(const PeekedMessage &, const PeekedMessage &) = default;
};

// The offsets to read for a request, given the partition's log start and high watermark; or, when there is
// nothing to read there, a message saying why in plain words.
struct PeekWindow
{
    qint64 start = kNoOffset;
    qint64 count = 0; // 0: nothing to read, see `message`
    QString message;
};
PeekWindow peekWindow(const PeekRequest &request, qint64 logStart, qint64 highWatermark);

struct PeekResult
{
    PeekRequest request;
    QList<PeekedMessage> messages;
    qint64 logStart = kNoOffset;
    qint64 highWatermark = kNoOffset;
    // Why fewer messages than asked came back, in plain words: an anchor retention deleted or beyond the end, an
    // empty partition, the time or size budget running out.
    QString message;
    QString error; // the read failed (no connection, a broker error, cancelled)
};

} // namespace OffsetLens

Q_DECLARE_METATYPE(OffsetLens::PeekResult)
