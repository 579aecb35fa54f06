// IdTable: the in-memory structure behind IdentityMap: distinct id strings interned to dense ids,
// and the persons they form. It applies what it is told; the merge rules, the log and the
// locking are IdentityMap's.
//
// Layout (chosen for about 65 bytes per distinct id and two cache misses per lookup):
//  - arena: each id is one entry, 4-byte aligned, in blocks that never move (4 KiB, doubling
//    to 2 MiB): u32 person, u32 dense id, u8 length, u8 flags (bit 0: known), the id's bytes.
//    An entry is addressed by a 32-bit reference: block number << 19 | 4-byte unit in the
//    block (16 GiB at most). Reference 0 is never an entry.
//  - slots: open addressing, linear probing, power-of-two size, load at most 3/4. A slot holds
//    the high 32 bits of the id's hash (the tag) and the entry's reference; the home slot is
//    tag & mask, so growing needs no string. A tag mismatch skips the string compare.
//  - per dense id: the entry reference, and the next member of its person (a circular list,
//    so joining two persons is a splice); per person id (valid where the id is a person's):
//    member count and known member.
// Persons are a union-find kept fully compressed: every entry holds its person id (its root)
// directly, and joining two persons rewrites the person id of each member of the one with the
// later id, so the person id is always the earliest member's. Path compression on lookup would
// instead make readers write, which a shared lock does not allow, and would cost a lookup a
// chain of dependent cache misses; the rewrite is bounded by the cap on ids per person.
//
// The slots and the arena blocks come straight from mmap, and those of 2 MiB or more are
// aligned to 2 MiB and marked for transparent huge pages: a lookup misses the cache twice at
// random places in ~100 MB, and with 4 KiB pages each miss also costs a page walk (a nested one
// in a virtual machine).
//
// Not thread-safe, with one exception: IdentityMap serialises writers and lets readers share,
// but TryPersonOf may run while one writer changes the table (see there).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace growloop {

uint64_t HashDistinctId(std::string_view id);

// An array indexed by dense id in chunks of 2^16 elements, so growing never copies more than
// the first chunk and leaves at most one chunk of slack.
template <typename T>
class ChunkedArray {
 public:
  static constexpr uint32_t kShift = 16;
  static constexpr uint32_t kChunk = 1u << kShift;

  T& operator[](uint32_t i) { return chunks_[i >> kShift][i & (kChunk - 1)]; }
  const T& operator[](uint32_t i) const { return chunks_[i >> kShift][i & (kChunk - 1)]; }
  void PushBack(T v);
  uint32_t size() const { return size_; }
  // Bytes allocated, including the unused end of the last chunk.
  size_t MemoryBytes() const;

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  uint32_t size_ = 0;
  uint32_t first_cap_ = 0;  // the first chunk grows by doubling up to kChunk; later ones are full
};

class IdTable {
 public:
  static constexpr uint32_t kNone = ~0u;

  IdTable();
  ~IdTable();
  IdTable(const IdTable&) = delete;
  IdTable& operator=(const IdTable&) = delete;

  // Dense id of `id` (hash = HashDistinctId(id)), or kNone.
  uint32_t Find(std::string_view id, uint64_t hash) const;
  // Person id of `id`, or kNone.
  uint32_t PersonOf(std::string_view id, uint64_t hash) const {
    const uint32_t* e = FindEntry(id, hash);
    return e ? e[0] : kNone;
  }
  // PersonOf without a lock: may run while one writer calls Add, MarkKnown or Union. True with
  // *person set (kNone: absent), the person at a moment during the call; false when a change
  // that could have misled it overlapped the call, and the caller must try again or look under
  // its lock. Never faults, however the writer interleaves.
  bool TryPersonOf(std::string_view id, uint64_t hash, uint32_t* person) const;
  // out[i] = person id of ids[i] or kNone. Hashes and prefetches a group of ids before probing,
  // so the cache misses of different ids overlap.
  void PersonsOf(const std::string_view* ids, size_t n, uint32_t* out) const;

  // Adds `id` (not present, 1..255 bytes) as a person of its own. kNone when the arena or the
  // dense ids are exhausted.
  uint32_t Add(std::string_view id, uint64_t hash, bool known);
  // Marks `dense` known; its person must hold no known id.
  void MarkKnown(uint32_t dense);
  // Joins two different persons into the one with the smaller id, which it returns.
  uint32_t Union(uint32_t person_a, uint32_t person_b);

  std::string_view IdOf(uint32_t dense) const;
  bool IsKnown(uint32_t dense) const;
  uint32_t PersonOfDense(uint32_t dense) const { return Entry(ref_[dense])[0]; }
  // True when `person` is the id of a person now.
  bool IsPerson(uint32_t person) const {
    return person < size() && PersonOfDense(person) == person;
  }
  uint32_t MemberCount(uint32_t person) const { return count_[person]; }
  uint32_t KnownMember(uint32_t person) const { return known_[person]; }
  // The members of `person` in dense-id order.
  void Members(uint32_t person, std::vector<uint32_t>* dense_ids) const;

  uint32_t size() const { return ref_.size(); }
  uint32_t persons() const { return persons_; }
  uint32_t known_ids() const { return known_ids_; }
  size_t MemoryBytes() const;

 private:
  // 2^19 units of 4 bytes: 2 MiB, one huge page.
  static constexpr uint32_t kBlockShift = 19;
  static constexpr uint32_t kMaxBlockUnits = 1u << kBlockShift;
  static constexpr uint32_t kMaxBlocks = 1u << (32 - kBlockShift);

  static uint32_t BlockUnits(uint32_t block);
  static size_t DirectoryBytes();
  const uint32_t* Entry(uint32_t ref) const {
    return blocks_[ref >> kBlockShift] + (ref & (kMaxBlockUnits - 1));
  }
  uint32_t* Entry(uint32_t ref) {
    return blocks_[ref >> kBlockShift] + (ref & (kMaxBlockUnits - 1));
  }
  static bool EntryMatches(const uint32_t* e, std::string_view id);
  // The entry of `id` (tag: TagOf its hash) in `slots`, or null.
  const uint32_t* Probe(const uint64_t* slots, size_t mask, uint32_t tag,
                        std::string_view id) const;
  const uint32_t* FindEntry(std::string_view id, uint64_t hash) const;
  // Reserves `units` in the arena; 0 when it is full.
  uint32_t Allocate(uint32_t units);
  void GrowSlots();
  // Bracket a change that could mislead a concurrent TryPersonOf (see version_).
  void BeginChange();
  void EndChange();

  // What TryPersonOf reads on every call, on a cache line of its own: a writer rewrites it only
  // to grow the slot array or join persons, so adding ids from another thread does not take
  // it away from the readers' caches.
  //
  // Block directory: room for kMaxBlocks pointers, mapped once (its pages are touched as blocks
  // are added), so that it never moves under a reader. Block b holds BlockUnits(b) units.
  alignas(64) uint32_t** blocks_ = nullptr;
  // tag << 32 | ref; 0 = empty. Written by the (single) writer, read by TryPersonOf at any time:
  // slot_mask_ is stored after slots_, and read before it, so a reader's mask never exceeds
  // its array's.
  std::atomic<uint64_t*> slots_{nullptr};
  std::atomic<uint64_t> slot_mask_{0};
  // Odd while a change that TryPersonOf must not see half done is under way (joining persons,
  // replacing the slot array); each such change adds 2. Adding an id needs no change of version:
  // its entry is written before the slot that publishes it (a release store).
  std::atomic<uint64_t> version_{0};

  alignas(64) uint32_t num_blocks_ = 0;
  uint32_t used_units_ = 0;  // in the last block
  size_t arena_bytes_ = 0;   // all blocks
  // Slot arrays replaced by larger ones: their memory is handed back to the kernel at once
  // (MADV_DONTNEED) but the address range stays mapped until the table is destroyed, since a
  // reader may still be probing it (it then reads zeros, and its version check fails).
  std::vector<std::pair<void*, size_t>> retired_;
  ChunkedArray<uint32_t> ref_;    // dense id -> entry
  ChunkedArray<uint32_t> next_;   // dense id -> next member of its person (circular)
  ChunkedArray<uint32_t> count_;  // person id -> members
  ChunkedArray<uint32_t> known_;  // person id -> known member or kNone
  uint32_t persons_ = 0;
  uint32_t known_ids_ = 0;
};

}  // namespace growloop
