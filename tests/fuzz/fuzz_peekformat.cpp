// Fuzzes the peek view's formatting of message bytes a broker hands over (keys, values, headers): anything at all,
// binary, huge, right-to-left. Checks the bound each function promises on its output. The harness's own settings
// (line mode, limits, a timestamp) are taken from the end of the input, so the seed files are real messages.
#include "fuzzsupport.h"
#include "peekformat.h"

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    OffsetLens::Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace OffsetLens;
    FuzzedDataProvider fdp(data, size);
    const bool multiLine = fdp.ConsumeBool();
    const qsizetype maxChars = fdp.ConsumeIntegralInRange<qsizetype>(0, 4096);
    const qsizetype maxBytes = fdp.ConsumeIntegralInRange<qsizetype>(0, 4096);
    const qint64 timestampMs = fdp.ConsumeIntegral<qint64>();
    const auto type = TimestampType(fdp.ConsumeIntegralInRange<int>(0, 2));
    const std::vector<uint8_t> rest = fdp.ConsumeRemainingBytes<uint8_t>();
    const QByteArray bytes(reinterpret_cast<const char *>(rest.data()), qsizetype(rest.size()));

    // Text: each input character becomes at most an escape such as \x1b or \u{10ffff}, plus the ellipsis.
    for (const bool lines : {multiLine, !multiLine}) {
        const QString text = peekText(bytes, lines, maxChars);
        if (text.size() > maxChars * 12 + 16)
            __builtin_trap();
        if (!lines && (text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))))
            __builtin_trap(); // a table cell must stay one line
    }
    peekText(bytes, multiLine);

    // Hex: one line of at most ~80 characters per 16 bytes shown.
    const QString hex = peekHex(bytes, maxBytes);
    if (hex.size() > (maxBytes / 16 + 2) * 100 + 200)
        __builtin_trap();
    peekHex(bytes);

    peekJson(bytes);
    looksBinary(bytes);
    peekTimestamp(timestampMs, type, QTimeZone::utc());
    peekTimestamp(timestampMs, type, QTimeZone(-12 * 3600));
    peekSize(timestampMs, qsizetype(rest.size()), rest.empty());
    return 0;
}
