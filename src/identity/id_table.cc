#include "identity/id_table.h"

#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <cstring>

namespace growloop {
namespace {

// Entry layout, in 4-byte units: [0] person, [1] dense id, then bytes: length, flags, the id.
constexpr uint32_t kEntryHeaderBytes = 10;
constexpr uint8_t kFlagKnown = 1;

inline uint32_t EntryUnits(size_t len) {
  return static_cast<uint32_t>((kEntryHeaderBytes + len + 3) / 4);
}
inline const char* EntryBytes(const uint32_t* e) {
  return reinterpret_cast<const char*>(e + 2);
}
inline char* EntryBytes(uint32_t* e) {
  return reinterpret_cast<char*>(e + 2);
}
inline size_t EntryLen(const uint32_t* e) {
  return static_cast<unsigned char>(EntryBytes(e)[0]);
}

inline uint32_t TagOf(uint64_t hash) {
  return static_cast<uint32_t>(hash >> 32);
}
inline uint32_t SlotRef(uint64_t slot) {
  return static_cast<uint32_t>(slot);
}
inline uint32_t SlotTag(uint64_t slot) {
  return static_cast<uint32_t>(slot >> 32);
}

// The first arena blocks are small so that the maps of small projects stay small.
constexpr uint32_t kFirstBlockUnits = 1024;

}  // namespace

uint64_t HashDistinctId(std::string_view id) {
  return XXH3_64bits(id.data(), id.size());
}

template <typename T>
void ChunkedArray<T>::PushBack(T v) {
  uint32_t chunk = size_ >> kShift;
  uint32_t pos = size_ & (kChunk - 1);
  if (chunk == 0 && pos == first_cap_) {
    // The first chunk doubles (from 256 elements) until it is full size.
    uint32_t cap = std::max<uint32_t>(256, first_cap_ * 2);
    std::unique_ptr<T[]> grown(new T[cap]);
    if (first_cap_ > 0) std::memcpy(grown.get(), chunks_[0].get(), first_cap_ * sizeof(T));
    if (chunks_.empty()) {
      chunks_.push_back(std::move(grown));
    } else {
      chunks_[0] = std::move(grown);
    }
    first_cap_ = cap;
  } else if (chunk > 0 && pos == 0) {
    chunks_.emplace_back(new T[kChunk]);
  }
  chunks_[chunk][pos] = v;
  ++size_;
}

template <typename T>
size_t ChunkedArray<T>::MemoryBytes() const {
  size_t elements = chunks_.empty() ? 0 : (chunks_.size() - 1) * size_t{kChunk} + first_cap_;
  return chunks_.capacity() * sizeof(chunks_[0]) + elements * sizeof(T);
}

template class ChunkedArray<uint32_t>;

IdTable::IdTable() {
  // Reference 0 means "empty slot", so unit 0 of block 0 is never handed out.
  blocks_.emplace_back(new uint32_t[kFirstBlockUnits]);
  block_units_.push_back(kFirstBlockUnits);
  used_units_ = 1;
}

bool IdTable::EntryMatches(const uint32_t* e, std::string_view id) {
  return EntryLen(e) == id.size() && std::memcmp(EntryBytes(e) + 2, id.data(), id.size()) == 0;
}

const uint32_t* IdTable::FindEntry(std::string_view id, uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  const uint32_t tag = TagOf(hash);
  const size_t mask = slots_.size() - 1;
  for (size_t i = tag & mask;; i = (i + 1) & mask) {
    uint64_t s = slots_[i];
    if (s == 0) return nullptr;
    if (SlotTag(s) == tag) {
      const uint32_t* e = Entry(SlotRef(s));
      if (EntryMatches(e, id)) return e;
    }
  }
}

uint32_t IdTable::Find(std::string_view id, uint64_t hash) const {
  const uint32_t* e = FindEntry(id, hash);
  return e ? e[1] : kNone;
}

void IdTable::PersonsOf(const std::string_view* ids, size_t n, uint32_t* out) const {
  if (slots_.empty()) {
    std::fill(out, out + n, kNone);
    return;
  }
  constexpr size_t kGroup = 32;
  const size_t mask = slots_.size() - 1;
  uint32_t tags[kGroup];
  size_t pos[kGroup];
  for (size_t base = 0; base < n; base += kGroup) {
    const size_t m = std::min(kGroup, n - base);
    // 1. Hash every id of the group and prefetch its home slot.
    for (size_t j = 0; j < m; ++j) {
      tags[j] = TagOf(HashDistinctId(ids[base + j]));
      pos[j] = tags[j] & mask;
      __builtin_prefetch(&slots_[pos[j]]);
    }
    // 2. Find the first slot with a matching tag (or the empty slot ending the run) and
    //    prefetch its entry.
    for (size_t j = 0; j < m; ++j) {
      for (;; pos[j] = (pos[j] + 1) & mask) {
        uint64_t s = slots_[pos[j]];
        if (s == 0) break;
        if (SlotTag(s) == tags[j]) {
          __builtin_prefetch(Entry(SlotRef(s)));
          break;
        }
      }
    }
    // 3. Compare the strings; a tag match of another id (rare) continues the probe.
    for (size_t j = 0; j < m; ++j) {
      std::string_view id = ids[base + j];
      uint32_t person = kNone;
      for (size_t i = pos[j];; i = (i + 1) & mask) {
        uint64_t s = slots_[i];
        if (s == 0) break;
        if (SlotTag(s) != tags[j]) continue;
        const uint32_t* e = Entry(SlotRef(s));
        if (EntryMatches(e, id)) {
          person = e[0];
          break;
        }
      }
      out[base + j] = person;
    }
  }
}

uint32_t IdTable::Allocate(uint32_t units) {
  uint32_t block = static_cast<uint32_t>(blocks_.size() - 1);
  if (used_units_ + units > block_units_[block]) {
    // Entries never span blocks: the rest of this block (at most one entry's size) is left.
    if (blocks_.size() == kMaxBlocks) return 0;
    uint32_t cap = std::min(kMaxBlockUnits, block_units_[block] * 2);
    blocks_.emplace_back(new uint32_t[cap]);
    block_units_.push_back(cap);
    block = static_cast<uint32_t>(blocks_.size() - 1);
    used_units_ = 0;
  }
  uint32_t ref = block << kBlockShift | used_units_;
  used_units_ += units;
  return ref;
}

void IdTable::GrowSlots() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(std::max<size_t>(64, old.size() * 2), 0);
  const size_t mask = slots_.size() - 1;
  for (uint64_t s : old) {
    if (s == 0) continue;
    size_t i = SlotTag(s) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

uint32_t IdTable::Add(std::string_view id, uint64_t hash, bool known) {
  assert(!id.empty() && id.size() <= 255);
  assert(Find(id, hash) == kNone);
  const uint32_t dense = size();
  if (dense >= kNone - 1) return kNone;
  uint32_t ref = Allocate(EntryUnits(id.size()));
  if (ref == 0) return kNone;
  if ((static_cast<size_t>(dense) + 1) * 4 > slots_.size() * 3) GrowSlots();

  uint32_t* e = Entry(ref);
  e[0] = dense;
  e[1] = dense;
  char* bytes = EntryBytes(e);
  bytes[0] = static_cast<char>(id.size());
  bytes[1] = static_cast<char>(known ? kFlagKnown : 0);
  std::memcpy(bytes + 2, id.data(), id.size());

  const uint32_t tag = TagOf(hash);
  const size_t mask = slots_.size() - 1;
  size_t i = tag & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = static_cast<uint64_t>(tag) << 32 | ref;

  ref_.PushBack(ref);
  next_.PushBack(dense);
  count_.PushBack(1);
  known_.PushBack(known ? dense : kNone);
  ++persons_;
  if (known) ++known_ids_;
  return dense;
}

std::string_view IdTable::IdOf(uint32_t dense) const {
  const uint32_t* e = Entry(ref_[dense]);
  return {EntryBytes(e) + 2, EntryLen(e)};
}

bool IdTable::IsKnown(uint32_t dense) const {
  return (EntryBytes(Entry(ref_[dense]))[1] & kFlagKnown) != 0;
}

void IdTable::MarkKnown(uint32_t dense) {
  uint32_t* e = Entry(ref_[dense]);
  assert(known_[e[0]] == kNone);
  EntryBytes(e)[1] = static_cast<char>(EntryBytes(e)[1] | kFlagKnown);
  known_[e[0]] = dense;
  ++known_ids_;
}

uint32_t IdTable::Union(uint32_t person_a, uint32_t person_b) {
  assert(person_a != person_b && IsPerson(person_a) && IsPerson(person_b));
  assert(known_[person_a] == kNone || known_[person_b] == kNone);
  const uint32_t keep = std::min(person_a, person_b);
  const uint32_t gone = std::max(person_a, person_b);
  uint32_t m = gone;
  do {
    Entry(ref_[m])[0] = keep;
    m = next_[m];
  } while (m != gone);
  std::swap(next_[keep], next_[gone]);
  count_[keep] += count_[gone];
  if (known_[keep] == kNone) known_[keep] = known_[gone];
  --persons_;
  return keep;
}

void IdTable::Members(uint32_t person, std::vector<uint32_t>* dense_ids) const {
  dense_ids->clear();
  uint32_t m = person;
  do {
    dense_ids->push_back(m);
    m = next_[m];
  } while (m != person);
  std::sort(dense_ids->begin(), dense_ids->end());
}

size_t IdTable::MemoryBytes() const {
  size_t n = blocks_.capacity() * sizeof(blocks_[0]) + block_units_.capacity() * sizeof(uint32_t);
  for (uint32_t units : block_units_) n += static_cast<size_t>(units) * 4;
  n += slots_.capacity() * sizeof(uint64_t);
  n += ref_.MemoryBytes() + next_.MemoryBytes() + count_.MemoryBytes() + known_.MemoryBytes();
  return n;
}

}  // namespace growloop
