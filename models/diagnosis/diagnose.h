#pragma once

#include "diagnosisinput.h"
#include "finding.h"

namespace OffsetLens {

// Runs every rule (rules.h) on every group of the snapshot, and on groups the history knows but the snapshot no
// longer has commits for, and returns the findings sorted (sortFindings). Pure; cheap enough for the refresh job's
// thread. A view narrows the result with filterFindings().
QList<Finding> diagnose(const DiagnosisInput &input);

// The same for one group (the group panel, `doctor --group`).
QList<Finding> diagnoseGroup(const DiagnosisInput &input, const QString &groupId);

} // namespace OffsetLens
