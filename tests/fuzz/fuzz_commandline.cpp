// Fuzzes parseCommandLine(): the input is split into arguments at NUL bytes and newlines, as a shell would hand
// them over, after the program name.
#include "commandline.h"
#include "fuzzsupport.h"

#include <QCoreApplication>

#include <memory>

namespace {

// --command-config reads the file it names. A path into /dev, /proc or /sys (e.g. /dev/zero) never ends and says
// nothing about the parser, so those inputs are skipped; everything else, including missing files, is parsed.
bool namesDeviceFile(const QString &arg)
{
    return arg.contains(QLatin1String("/dev/")) || arg.contains(QLatin1String("/proc/")) ||
           arg.contains(QLatin1String("/sys/"));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    OffsetLens::Fuzz::silenceQtMessages();
    // The parser's help text asks the application for its name, as in the real program.
    static std::unique_ptr<QCoreApplication> app = std::make_unique<QCoreApplication>(*argc, *argv);
    QCoreApplication::setApplicationName(QStringLiteral("offsetlens"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = OffsetLens::Fuzz::bytesOf(data, size);
    QStringList args{QStringLiteral("offsetlens")};
    qsizetype start = 0;
    for (qsizetype i = 0; i <= input.size(); ++i) {
        if (i == input.size() || input[i] == '\0' || input[i] == '\n') {
            // Arguments arrive in the locale's encoding; QCoreApplication decodes them as UTF-8 on Linux.
            args.append(QString::fromUtf8(input.mid(start, i - start)));
            start = i + 1;
        }
    }
    for (const QString &arg : args) {
        if (namesDeviceFile(arg))
            return -1; // keep out of the corpus
    }
    const OffsetLens::ParsedCommandLine parsed = OffsetLens::parseCommandLine(args);
    // A usage error must say something and exit; success must not print an error.
    if (parsed.exitNow && parsed.exitCode != 0 && parsed.err.isEmpty())
        __builtin_trap();
    return 0;
}
