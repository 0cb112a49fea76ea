#pragma once

#include "snapshot.h"

#include <QByteArray>

namespace OffsetLens {

// The first offset whose message timestamp is at or after a time (ListOffsets by timestamp), as
// kafka-consumer-groups' --to-datetime uses it.
struct OffsetForTime
{
    TopicPartition tp;
    qint64 timestampMs = 0; // what was asked: ms since the epoch, UTC
    // kNoOffset with an empty error: no message at or after that time (the CLI then falls back to the latest
    // offset, saying the partition is "empty").
    qint64 offset = kNoOffset;
    QString error;

    friend bool operator==(const OffsetForTime &, const OffsetForTime &) = default;
};

// One message read at an offset (for the exact time lag of a committed offset, or to show what a consumer
// resumes with). Key and value are cut to a bounded size; the full sizes are kept.
struct FetchedMessage
{
    TopicPartition tp;
    qint64 requestedOffset = kNoOffset;
    qint64 offset = kNoOffset; // where the message really is: later than asked after compaction or transaction markers
    qint64 timestampMs = -1;
    bool logAppendTime = false; // the broker's time rather than the producer's
    QByteArray key;
    QByteArray value;
    qint64 keySize = 0;
    qint64 valueSize = 0;
    // Set when there is no message: "offset out of range" (retention deleted it, or past the end), "no message at
    // or after offset N yet" (end of the log), a timeout, or an error from the broker.
    QString error;
    bool outOfRange = false;
    bool endOfLog = false;

    friend bool operator==(const FetchedMessage &, const FetchedMessage &) = default;
};

} // namespace OffsetLens
