#pragma once

#include "offsetwrite.h"
#include "resetplan.h"
#include "resetsafety.h"

namespace OffsetLens {

// What became of "apply this previewed plan". The apply job re-reads the group (state and committed offsets) and
// re-plans the same request first: it writes only when nothing moved and the group may be reset.
struct ResetApplyResult
{
    enum class Kind
    {
        Applied,  // written; `report` says per partition what the read-back found (partial failure included)
        Moved,    // the offsets, watermarks or state changed since the preview: nothing written, see freshPlan
        Refused,  // the group is active (or its state unknown): nothing written, see permission
        Failed,   // the re-check itself failed (cluster unreachable, plan no longer valid): nothing written
        Cancelled // cancelled before the write was sent: nothing written
    };
    Kind kind = Kind::Failed;
    ResetPlan freshPlan; // the plan on the re-read data (for Applied: what was written)
    ResetPermission permission;
    OffsetWriteReport report; // Applied only
    QString error;            // Failed: why

    QString summary() const; // one line for people and the CLI
};

} // namespace OffsetLens
