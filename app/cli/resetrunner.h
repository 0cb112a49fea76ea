#pragma once

#include "commandline.h"

namespace OffsetLens {

// reset-offsets, delete-offsets and delete-group. They plan with the same planner, check with the same safety
// rules and write through the same re-checking apply operation as the desktop app's dialogs; dry run unless
// --execute; every applied write is appended to the audit log. Returns an exit code of ResetExit.
int runWriteCommand(const AppOptions &options);

} // namespace OffsetLens
