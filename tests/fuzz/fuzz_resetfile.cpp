// Fuzzes parseResetFile(), the reader of kafka-consumer-groups' reset CSV (--from-file), and checks what it
// promises: every target it accepts is a valid partition and offset, and what exportResetCsv() writes of those
// targets reads back as the same targets (the file `--export` writes must be one `--from-file` takes).
#include "fuzzsupport.h"
#include "resetfile.h"

namespace {

// The 4-column corpus files name this group (and others, whose rows must be left out).
const QString kGroup = QStringLiteral("payments");

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    OffsetLens::Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const OffsetLens::ResetFileParse parsed = OffsetLens::parseResetFile(OffsetLens::Fuzz::bytesOf(data, size), kGroup);
    if (parsed.columns != 0 && parsed.columns != 3 && parsed.columns != 4)
        __builtin_trap();
    if (parsed.errors.isEmpty()) {
        for (const OffsetLens::OffsetTarget &target : parsed.targets) {
            if (target.tp.topic.isEmpty() || target.tp.partition < 0 || target.offset < 0)
                __builtin_trap();
        }
    }
    if (parsed.errors.isEmpty() && !parsed.targets.isEmpty()) {
        OffsetLens::ResetPlan plan;
        plan.request.groupId = kGroup;
        for (const OffsetLens::OffsetTarget &target : parsed.targets) {
            OffsetLens::ResetPlanRow row;
            row.tp = target.tp;
            row.target = target.offset;
            plan.rows.append(row);
        }
        const OffsetLens::ResetFileParse again = OffsetLens::parseResetFile(OffsetLens::exportResetCsv({plan}), kGroup);
        if (!again.errors.isEmpty() || again.targets.size() != parsed.targets.size())
            __builtin_trap();
        for (qsizetype i = 0; i < parsed.targets.size(); ++i) {
            if (again.targets[i].tp != parsed.targets[i].tp || again.targets[i].offset != parsed.targets[i].offset)
                __builtin_trap();
        }
    }
    return 0;
}
