#pragma once

namespace OffsetLens {

// Makes the calling thread give way to the GUI thread when the CPUs are busy: for threads that fetch, analyse or
// record in the background (the Kafka layer's, whose librdkafka threads inherit it, the lag history's, the lag
// monitor's), which can wait a few milliseconds more, while a click or a repaint cannot. At 100,000 partitions on
// two cores, at equal priority they took a third of the GUI thread's CPU and doubled a click's time, and the
// longest stalls were the GUI thread waiting for a core. QThread's priorities do nothing for ordinary Linux
// threads, hence a raised nice value there (per thread on Linux). Best effort: a refusal leaves the thread as it
// was. Does nothing until setBackgroundGivesWay(true): the command line has no GUI thread to keep responsive, and its
// background work is what the user waits for.
void lowerCurrentThreadPriority();

// Set by the window at its start. Threads that already run keep their priority.
void setBackgroundGivesWay(bool on);

} // namespace OffsetLens
