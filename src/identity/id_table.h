// IdTable: the in-memory structure behind IdentityMap: distinct id strings interned to dense ids,
// and the persons they form. It applies what it is told; the merge rules, the log and the
// locking are IdentityMap's.
//
// Layout (chosen for about 65 bytes per distinct id and two cache misses per lookup):
//  - arena: each id is one entry, 4-byte aligned, in blocks that never move:
//      u32 person, u32 dense id, u8 length, u8 flags (bit 0: known), the id's bytes.
//    An entry is addressed by a 32-bit reference: block number << 18 | 4-byte unit in the
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
// Not thread-safe: IdentityMap serialises writers and lets readers share.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
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

  // Dense id of `id` (hash = HashDistinctId(id)), or kNone.
  uint32_t Find(std::string_view id, uint64_t hash) const;
  // Person id of `id`, or kNone.
  uint32_t PersonOf(std::string_view id, uint64_t hash) const {
    const uint32_t* e = FindEntry(id, hash);
    return e ? e[0] : kNone;
  }
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
  static constexpr uint32_t kBlockShift = 18;  // 2^18 units of 4 bytes: 1 MiB
  static constexpr uint32_t kMaxBlockUnits = 1u << kBlockShift;
  static constexpr uint32_t kMaxBlocks = 1u << (32 - kBlockShift);

  const uint32_t* Entry(uint32_t ref) const {
    return blocks_[ref >> kBlockShift].get() + (ref & (kMaxBlockUnits - 1));
  }
  uint32_t* Entry(uint32_t ref) {
    return blocks_[ref >> kBlockShift].get() + (ref & (kMaxBlockUnits - 1));
  }
  static bool EntryMatches(const uint32_t* e, std::string_view id);
  const uint32_t* FindEntry(std::string_view id, uint64_t hash) const;
  // Reserves `units` in the arena; 0 when it is full.
  uint32_t Allocate(uint32_t units);
  void GrowSlots();

  std::vector<std::unique_ptr<uint32_t[]>> blocks_;
  std::vector<uint32_t> block_units_;  // capacity of each block (the first ones are small)
  uint32_t used_units_ = 0;            // in the last block
  std::vector<uint64_t> slots_;        // tag << 32 | ref; 0 = empty
  ChunkedArray<uint32_t> ref_;         // dense id -> entry
  ChunkedArray<uint32_t> next_;        // dense id -> next member of its person (circular)
  ChunkedArray<uint32_t> count_;       // person id -> members
  ChunkedArray<uint32_t> known_;       // person id -> known member or kNone
  uint32_t persons_ = 0;
  uint32_t known_ids_ = 0;
};

}  // namespace growloop
