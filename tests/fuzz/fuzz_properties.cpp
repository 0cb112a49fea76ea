// Fuzzes the Java .properties reader and the import built on it (client.properties, --command-config files), and
// checks the writer against the reader: every entry read, written back with javaPropertiesLine(), reads back the
// same, as that function promises.
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
    const OffsetLens::PropertiesFile file = OffsetLens::parseJavaProperties(content);
    for (const OffsetLens::PropertyEntry &entry : file.entries) {
        const QString line = OffsetLens::javaPropertiesLine(entry.key, entry.value);
        const OffsetLens::PropertiesFile again = OffsetLens::parseJavaProperties(line.toUtf8());
        if (!again.errors.isEmpty() || again.entries.size() != 1 || again.entries[0].key != entry.key ||
            again.entries[0].value != entry.value)
            __builtin_trap();
    }

    const OffsetLens::ProfileImport imported = OffsetLens::importJavaProperties(content);
    // The cap on notes is part of the contract: a hostile file must not produce an unbounded report.
    if (imported.notes.size() > OffsetLens::kMaxImportNotes + 1 ||
        imported.errors.size() > OffsetLens::kMaxImportNotes + 1)
        __builtin_trap();
    return 0;
}
