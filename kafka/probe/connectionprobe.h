#pragma once

#include "connectionprofile.h"
#include "proberesult.h"

#include <atomic>
#include <chrono>
#include <functional>

namespace OffsetLens {

struct ProbeOptions
{
    std::chrono::milliseconds resolveTimeout{2000};
    std::chrono::milliseconds connectTimeout{1000};
    // From the first TCP connection to the cluster's first answer, TLS and SASL included. A port that accepts
    // connections but never answers is called what it is within this time.
    std::chrono::milliseconds handshakeTimeout{10000};
    std::chrono::milliseconds operationTimeout{10000}; // each of describe cluster, list groups, read offsets

    // The handshake and each operation get the profile's request timeout, at most 10 s.
    static ProbeOptions forProfile(const ConnectionProfile &profile);
};

using ProbeStepSink = std::function<void(const ProbeStep &)>;

// "Test connection": checks a profile step by step, synchronously, and says in plain words what failed. Steps:
// read the bootstrap list (no network), resolve each host, open a TCP connection to each address, connect with
// librdkafka using the profile (TLS, SASL, a metadata request), then describe the cluster, list groups and read
// log and committed offsets, each of which may be refused by the cluster's ACLs. A step that cannot run because an
// earlier one failed is reported as skipped. Every wait honours `cancelled` and the options' time limits.
// `stepDone` (optional) is called on this thread as each step finishes, for progress.
// Blocks: run it on a worker thread (ConnectionTester does), never on the GUI thread.
ProbeReport probeConnection(const ConnectionProfile &profile, const ProbeOptions &options,
                            const std::atomic_bool &cancelled, const ProbeStepSink &stepDone = {});

} // namespace OffsetLens
