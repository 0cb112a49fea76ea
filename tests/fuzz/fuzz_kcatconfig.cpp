// Fuzzes the librdkafka / kcat configuration reader (kcat -F, ~/.config/kcat.conf) and the import built on it.
#include "fuzzsupport.h"
#include "profileimport.h"
#include "propertiesfile.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    OffsetLens::Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray content = OffsetLens::Fuzz::bytesOf(data, size);
    const OffsetLens::PropertiesFile file = OffsetLens::parseLibrdkafkaProperties(content);
    // Names and values are trimmed, and a name is never empty: librdkafka would reject the line.
    for (const OffsetLens::PropertyEntry &entry : file.entries) {
        if (entry.key.isEmpty() || entry.key != entry.key.trimmed() || entry.value != entry.value.trimmed())
            __builtin_trap();
    }
    const OffsetLens::ProfileImport imported = OffsetLens::importLibrdkafkaConfig(content);
    if (imported.notes.size() > OffsetLens::kMaxImportNotes + 1 ||
        imported.errors.size() > OffsetLens::kMaxImportNotes + 1)
        __builtin_trap();
    return 0;
}
