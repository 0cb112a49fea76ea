#pragma once

#include <QString>

#include <array>
#include <cstdint>
#include <string>

// Names and tunables of the demo's scenario (issue 3), and the small deterministic hash every seeded decision
// goes through, so that a given seed reproduces payloads, failure patterns and rates regardless of timing.
namespace OffsetLens::Demo {

inline constexpr int kBrokerCount = 3;
inline constexpr int kReplicationFactor = 3;

inline constexpr char kSolTrades[] = "sol-trades";
inline constexpr int kSolTradesPartitions = 3;
inline constexpr char kPayments[] = "payments";
inline constexpr int kPaymentsPartitions = 2;
inline constexpr std::array<const char *, 3> kScheduleTopics = {"SCHEDULE-DEVICE-STORAGE", "SCHEDULE-CAR-ORDER",
                                                                "SCHEDULE-CAR-PRICE"};

inline constexpr char kDataFlowGroup[] = "data-flow-default-group-1888";
inline constexpr char kKlineGroup[] = "data-kline-group-api";
inline constexpr char kPaymentsGroup[] = "payments-settlement";
inline constexpr char kBillingReplayGroup[] = "billing-replay";
inline constexpr char kStackChargeGroup[] = "stack-charge-tcp-command-xfy";
inline std::string stackChargeTopicGroup(const std::string &topic)
{
    return std::string(kStackChargeGroup) + '-' + topic;
}

// The doctor's scenarios (issue 13), on a topic of their own without live traffic so their numbers stay put:
// one group id shared by two applications reading different topics, a member assigned a partition it never
// committed (it starts at "latest" and nothing new arrives there), and an Empty group committed beyond the HW.
inline constexpr char kInventory[] = "inventory-events";
inline constexpr int kInventoryPartitions = 2;
inline constexpr int kInventoryHistory = 60; // per partition, produced once at start
inline constexpr char kSharedGroup[] = "order-service";
inline constexpr char kSharedGroupPaymentsClient[] = "order-api";
inline constexpr char kSharedGroupInventoryClient[] = "inventory-sync";
inline constexpr char kInventoryAuditGroup[] = "inventory-audit";
inline constexpr int kInventoryAuditUncommittedPartition = 1;
inline constexpr char kInventoryRebuildGroup[] = "inventory-rebuild";
inline constexpr int kInventoryRebuildCommitted = 500; // on partition 0: 440 beyond its HW of 60

// More of the doctor's scenarios, on the live topics: a consumer slower than its producers (lag grows and never
// catches up), a replay job that seeks back and commits lower offsets now and then (Burrow's REWIND), and an idle
// group whose offsets vanish a little after start (as after an expiry or `--delete-offsets`).
inline constexpr char kTradeArchiverGroup[] = "trade-archiver";
inline constexpr double kTradeArchiverRate = 3.0; // msg/s, about a third of what sol-trades receives
inline constexpr char kLedgerReplayGroup[] = "ledger-replay";
inline constexpr int kLedgerReplayRewindEveryMs = 30000;
inline constexpr int kLedgerReplayRewindBy = 60;                    // messages, per partition: replayed in about 18 s
inline constexpr char kInvoiceRendererGroup[] = "invoice-renderer"; // hangs on a message 10 s in (STALL)
inline constexpr char kNightlyReportGroup[] = "nightly-report";
inline constexpr int kNightlyReportVanishAfterMs = 40000;
// A search index rebuilt from the start of a topic with a large history and no traffic: it consumes steadily, but
// the backlog lasts about two hours at its pace, so the doctor says it is catching up slowly (and for how long).
inline constexpr char kCustomerProfiles[] = "customer-profiles";
inline constexpr int kCustomerProfilesHistory = 30000; // one partition, produced once at start
inline constexpr char kSearchReindexGroup[] = "search-reindex";
inline constexpr double kSearchReindexRate = 4.0; // msg/s: 30,000 messages take about 2 h 5 min
// What the demo's brokers say offsets.retention.minutes is (3 days): the demo's idle groups are then due to expire
// within the doctor's warning horizon. The mock never expires anything; a run is far shorter anyway.
inline constexpr qint64 kDemoOffsetsRetentionMinutes = 3 * 24 * 60;

// History produced synchronously by start(), so every group has something to trail from the first snapshot on.
inline constexpr int kSolTradesHistory = 240; // per partition
inline constexpr int kPaymentsHistory = 120;  // per partition
inline constexpr int kScheduleHistory = 4;    // large messages per SCHEDULE topic
// The stopped group committed this early offset once; retention moves the log start past it within seconds.
inline constexpr int kStackChargeCommitted = 1;

// splitmix64: a cheap, well-mixed 64-bit hash; the basis of every seeded choice.
constexpr std::uint64_t mix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
constexpr std::uint64_t mix64(std::uint64_t a, std::uint64_t b)
{
    return mix64(a ^ mix64(b));
}
inline std::uint64_t hashString(const std::string &s)
{
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a
    for (const unsigned char c : s)
        h = (h ^ c) * 1099511628211ULL;
    return h;
}
// Uniform in [0, 1) from a hash value.
constexpr double unitFromHash(std::uint64_t h)
{
    return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
}

// Deterministic coordinator for a group (the mock lets us pin it, so the demo can report it).
inline int coordinatorFor(const std::string &groupId)
{
    return 1 + static_cast<int>(hashString(groupId) % kBrokerCount);
}

} // namespace OffsetLens::Demo
