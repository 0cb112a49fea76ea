#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace OffsetLens::Fuzz {

// Parsers report bad input through qWarning now and then; millions of runs of that would spend the fuzzing time on
// the terminal. Fatal messages still abort (Qt calls abort after the handler), which is what the fuzzer needs.
inline void silenceQtMessages()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &) {
        if (type == QtFatalMsg)
            std::abort();
    });
}

// Wraps the fuzzer's buffer without copying: the harness must not keep it past the call.
inline QByteArray bytesOf(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace OffsetLens::Fuzz
