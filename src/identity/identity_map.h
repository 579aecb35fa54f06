// IdentityMap: which distinct ids of one project are the same person.
//
// SDKs send events under a distinct id: an anonymous device id first, a user id once the person
// logs in. Identity calls (Segment identify/alias, PostHog $identify/$create_alias, Mixpanel
// $device_id + $user_id, Amplitude device_id + user_id, Sensors $SignUp) say that two distinct
// ids are one person. Queries resolve every event's distinct id through this map, so a merge
// applies retroactively to the events stored before it.
//
// Model:
//  - Every distinct id (1..200 bytes, compared byte for byte, not normalised) gets a dense id
//    0, 1, 2, ... in the order it was first interned.
//  - Every distinct id belongs to exactly one person. A person's id is the dense id of its
//    earliest-interned member, so it changes only when the person is merged into a person with
//    an earlier member, and it is the same after a reopen (the log replays interns in order).
//  - A distinct id is either anonymous or known (a user id: identify's userId, PostHog
//    $identify's distinct_id, Mixpanel $user_id, Amplitude user_id, Sensors login id). Known is
//    sticky. A person holds at most one known id.
//  - Merge protection: a merge is refused (and counted by reason in Stats) when both persons
//    hold a known id, when the merged person would hold more than `max_ids_per_person` ids, or
//    when either id is a blocked value (IsBlockedDistinctId: "null", "undefined", ...), which is
//    also never interned. Refused and no-op calls change nothing and write nothing.
//
// Durability: Intern and Merge change the map at once (lookups see them) and queue a log
// operation; Sync() writes the queued operations to `<dir>/identity.log` and fsyncs it (callers
// batch several calls per Sync, as in group commit). Every operation whose call returned before
// a Sync that returned Ok survives a crash; later ones may or may not. Open replays the log and
// cuts a torn tail. Format: docs/formats/identity-log.md.
//
// Thread-safety: every public method may be called from any thread. PersonOf takes no lock: it
// reads optimistically, then checks a version that merges and the hash table's growth change,
// and tries again when one overlapped it (after sixteen tries, under the shared lock); its
// answer is the map's state at a moment during the call, as under a lock. Other lookups (and
// Intern of an id present as asked) take a shared lock; Intern and Merge otherwise an exclusive
// one, which a waiting writer gets before new readers; Sync holds the exclusive lock only to
// take the queue, not during its write and fsync. ResolveBatch resolves many ids under one
// shared lock, so a query sees one consistent state for all of them; it is also about twice as
// fast per id as PersonOf, whose two dependent cache misses are paid per call where ResolveBatch
// overlaps those of many ids.
//
// Cost: a lookup hashes the id and reads one hash slot (a few for a third of the ids) and one
// arena entry; both live in 2 MiB transparent huge pages where the kernel allows them, which
// spares each cache miss a page walk. Both wait on memory; `make bench-identity` measures them
// at 1.5 million ids (docs/BENCHMARKS.md). A merge rewrites the person id of
// every member of the later person (at most max_ids_per_person).
// Memory per distinct id: its arena entry (10 bytes + the id, rounded up to 4), 16 bytes of
// arrays and an 8-byte hash slot at a load of 3/8..3/4: 75 bytes for a 36-byte UUID and 51 for a
// 13-byte user id at 1.5 million ids (`make bench-identity`). A map of a few ids takes 16 KiB.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "env/env.h"

namespace growloop {

inline constexpr size_t kMaxDistinctIdBytes = 200;
// PersonOf of an id the map does not hold.
inline constexpr uint64_t kNoPerson = ~uint64_t{0};

enum class IdKind : uint8_t {
  kAnonymous = 0,
  kKnown = 1,  // a user id
};

enum class MergeKind : uint8_t {
  // Merge(anonymous_or_previous_id, user_id): the second id is a user id and is marked known
  // (Segment identify, PostHog $identify, Mixpanel/Amplitude device + user id, Sensors $SignUp).
  kIdentify = 0,
  // Links two ids without marking either one known (Segment alias, PostHog $create_alias).
  kAlias = 1,
};

enum class MergeOutcome : uint8_t {
  kMerged = 0,                // the two persons are now one
  kAlreadySame = 1,           // both ids were one person already (a kIdentify mark still applies)
  kRefusedTwoKnownUsers = 2,  // each person holds a known id, or the second id cannot be marked
                              // known because its person holds another one
  kRefusedCap = 3,            // the merged person would hold more than max_ids_per_person ids
  kRefusedBlockedValue = 4,   // an id is a blocked value; nothing was interned
  kRefusedInvalidId = 5,      // an id is longer than kMaxDistinctIdBytes; nothing was interned
  kRefusedFull = 6,           // the map holds its maximum of ids or string bytes
};

enum class InternOutcome : uint8_t {
  kAdded = 0,
  kExisting = 1,
  kMarkedKnown = 2,           // existed as anonymous, now known
  kRefusedTwoKnownUsers = 3,  // exists, but its person holds another known id: stays anonymous
  kRefusedBlockedValue = 4,
  kRefusedInvalidId = 5,
  kRefusedFull = 6,
};

// Stable snake_case names ("merged", "refused_cap", ...) for metrics and API answers.
std::string_view MergeOutcomeName(MergeOutcome outcome);
std::string_view InternOutcomeName(InternOutcome outcome);

// True for ids no SDK should send as a real id: "", "null", "undefined", "0", "anonymous",
// "none", "nil", "[object Object]", "NaN", "true", "false", compared case-insensitively after
// trimming ASCII whitespace.
bool IsBlockedDistinctId(std::string_view distinct_id);

struct IdentityOptions {
  // Merges that would give a person more distinct ids than this are refused (1..100,000). A
  // merge rewrites the person id of every member of the later person, so this also bounds the
  // cost of one merge.
  uint32_t max_ids_per_person = 100;
};

struct IdentityStats {
  uint64_t distinct_ids = 0;
  uint64_t persons = 0;
  uint64_t known_ids = 0;
  // Merge outcomes since Open (not persisted).
  uint64_t merged = 0;
  uint64_t already_same = 0;
  uint64_t refused_two_known_users = 0;
  uint64_t refused_cap = 0;
  uint64_t refused_blocked_value = 0;
  uint64_t refused_invalid_id = 0;
  uint64_t refused_full = 0;
  // Intern calls refused since Open (Merge's own interning is counted above).
  uint64_t intern_refused = 0;
  // Bytes the map has allocated: arena blocks, hash slots, arrays (capacity, not use), queued
  // log operations. Excludes the allocator's own overhead.
  uint64_t memory_bytes = 0;
  uint64_t log_bytes = 0;     // size of identity.log (0 for an in-memory map)
  uint64_t unsynced_ops = 0;  // operations queued for the next Sync
};

class IdentityMap {
 public:
  // Opens the identity map stored in `dir` (created when missing): takes `<dir>/identity.lock`
  // (one writer per directory, across processes), replays `<dir>/identity.log` and cuts a torn
  // tail off it. Errors: InvalidArgument (options; the message names the field), Corruption (an
  // intact record that does not decode), FailedPrecondition (locked), IoError/NoSpace. `env`
  // must outlive the map.
  static Status Open(Env* env, const std::string& dir, const IdentityOptions& options,
                     std::unique_ptr<IdentityMap>* out);
  // A map without a log (tools, benchmarks, tests): Sync does nothing.
  static Status OpenInMemory(const IdentityOptions& options, std::unique_ptr<IdentityMap>* out);

  ~IdentityMap();
  IdentityMap(const IdentityMap&) = delete;
  IdentityMap& operator=(const IdentityMap&) = delete;

  // Adds `distinct_id` as a person of its own unless present; kKnown marks it (or an existing
  // anonymous id) known. Sets *dense (when not null) to its dense id, or leaves it alone when
  // the id was refused.
  InternOutcome Intern(std::string_view distinct_id, IdKind kind, uint32_t* dense = nullptr);

  // Joins the persons of `a` and `b`, interning them first (a, then b) when new. kIdentify marks
  // `b` known even when the merge itself is then refused. See MergeOutcome.
  MergeOutcome Merge(std::string_view a, std::string_view b, MergeKind kind);

  // Writes every queued operation to the log and fsyncs it. On a failed write the file is cut
  // back and the operations stay queued for the next Sync. After a failed fsync every later Sync
  // fails (the kernel may have dropped the pages): reopen the map. Errors: IoError, NoSpace.
  Status Sync();

  // The person of `distinct_id`, or kNoPerson when the map does not hold it. Never allocates.
  uint64_t PersonOf(std::string_view distinct_id) const;
  // persons->at(i) = PersonOf(ids[i]), all under one shared lock (one consistent state).
  void ResolveBatch(const std::vector<std::string_view>& ids, std::vector<uint64_t>* persons) const;
  // The dense id of `distinct_id`; false when absent.
  bool Find(std::string_view distinct_id, uint32_t* dense) const;
  bool IsKnown(std::string_view distinct_id) const;

  // The distinct ids of `person` in interning order. NotFound when `person` is not a person id
  // (not an id PersonOf returns now).
  Status MembersOf(uint64_t person, std::vector<std::string>* members) const;
  // The person's known id; false when it has none or `person` is not a person id.
  bool KnownIdOf(uint64_t person, std::string* user_id) const;

  IdentityStats Stats() const;

  // Changes (grows) whenever two persons are joined, by a merge or by replaying the log: a
  // reader that cached the person of many ids recomputes them when this moved. Lock-free.
  uint64_t MergeGeneration() const;

 private:
  class Impl;
  explicit IdentityMap(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace growloop
