#pragma once

namespace OffsetLens {

// Makes the calling thread give way to the GUI thread when the CPUs are busy: for threads that analyse, record or
// fetch in the background, which can wait a few milliseconds more, while a click or a repaint cannot. On a
// two-core machine the lag history's writer and the doctor's diagnosis run while a refresh is applied; at equal
// priority they took a third of the GUI thread's CPU and doubled a click's time. QThread's priorities do nothing
// for ordinary Linux threads, hence a raised nice value there (per thread on Linux). Best effort: a refusal leaves
// the thread as it was.
void lowerCurrentThreadPriority();

} // namespace OffsetLens
