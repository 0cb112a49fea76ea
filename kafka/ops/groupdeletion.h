#pragma once

#include "groupadmin.h"

namespace OffsetLens {

class SnapshotFetcher;

// Deletes as a user asks for it: re-reads the group with `fetcher` right before, refuses a group that may not be
// touched (the same rule as resets, checkResetAllowed: only Empty, Dead or absent groups; the result's error is
// the refusal's reason), then deletes through `admin`. deleteOffsetsChecked records each partition's committed
// offset as the re-read found it (committedBefore), for the audit log and for undoing by a reset. Nothing is sent
// when the admin refuses to write (a read-only or locked production profile: asked before the re-read), or when the
// re-read fails, is cancelled or refuses.
DeleteOffsetsResult deleteOffsetsChecked(const JobContext &context, SnapshotFetcher &fetcher,
                                         const DeleteOffsetsRequest &request, GroupAdmin &admin);
DeleteGroupResult deleteGroupChecked(const JobContext &context, SnapshotFetcher &fetcher, const QString &groupId,
                                     GroupAdmin &admin);

} // namespace OffsetLens
