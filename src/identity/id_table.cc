#include "identity/id_table.h"

#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <new>

#include "common/huge_memory.h"

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

// The first arena block and slot array are one page each, so that the maps of small projects
// stay small.
constexpr uint32_t kFirstBlockUnits = 1024;
constexpr size_t kFirstSlots = 512;

size_t PageSize() {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

size_t RoundUp(size_t n, size_t to) {
  return (n + to - 1) / to * to;
}

template <typename T>
T LoadAcquire(const T* p) {
  return std::atomic_ref<T>(*const_cast<T*>(p)).load(std::memory_order_acquire);
}

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

uint32_t IdTable::BlockUnits(uint32_t block) {
  // One page, doubling up to kMaxBlockUnits.
  static_assert(kFirstBlockUnits == 1u << 10);
  constexpr uint32_t kDoublings = kBlockShift - 10;
  return block >= kDoublings ? kMaxBlockUnits : kFirstBlockUnits << block;
}

IdTable::IdTable() {
  blocks_ = static_cast<uint32_t**>(MapMemory(DirectoryBytes()));
  blocks_[0] = static_cast<uint32_t*>(MapMemory(size_t{BlockUnits(0)} * 4));
  num_blocks_ = 1;
  arena_bytes_ = size_t{BlockUnits(0)} * 4;
  // Reference 0 means "empty slot", so unit 0 of block 0 is never handed out.
  used_units_ = 1;
  slots_.store(static_cast<uint64_t*>(MapMemory(kFirstSlots * sizeof(uint64_t))));
  slot_mask_.store(kFirstSlots - 1);
}

IdTable::~IdTable() {
  for (uint32_t b = 0; b < num_blocks_; ++b) UnmapMemory(blocks_[b], size_t{BlockUnits(b)} * 4);
  UnmapMemory(blocks_, DirectoryBytes());
  UnmapMemory(slots_.load(), (slot_mask_.load() + 1) * sizeof(uint64_t));
  for (auto [p, bytes] : retired_) UnmapMemory(p, bytes);
}

size_t IdTable::DirectoryBytes() {
  return RoundUp(kMaxBlocks * sizeof(uint32_t*), PageSize());
}

void IdTable::BeginChange() {
  version_.store(version_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  // Orders the odd version before the change's stores: a reader that sees any of them sees,
  // after its own acquire fence, a version other than the one it started with.
  std::atomic_thread_fence(std::memory_order_release);
}

void IdTable::EndChange() {
  version_.store(version_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

bool IdTable::EntryMatches(const uint32_t* e, std::string_view id) {
  return EntryLen(e) == id.size() && std::memcmp(EntryBytes(e) + 2, id.data(), id.size()) == 0;
}

inline const uint32_t* IdTable::Probe(const uint64_t* slots, size_t mask, uint32_t tag,
                                      std::string_view id) const {
  // Bounded by the array's size, for a reader whose mask and array belong to different
  // generations (see TryPersonOf): this need not meet an empty slot.
  for (size_t i = tag & mask, probes = 0; probes <= mask; i = (i + 1) & mask, ++probes) {
    const uint64_t s = LoadAcquire(&slots[i]);
    if (s == 0) return nullptr;
    if (SlotTag(s) == tag) {
      const uint32_t* e = Entry(SlotRef(s));
      if (EntryMatches(e, id)) return e;
    }
  }
  return nullptr;
}

const uint32_t* IdTable::FindEntry(std::string_view id, uint64_t hash) const {
  return Probe(slots_.load(std::memory_order_relaxed), slot_mask_.load(std::memory_order_relaxed),
               TagOf(hash), id);
}

// Why this is correct without a lock while the writer changes the table (a seqlock reader; every
// word that a writer may change while it is read is read atomically):
//  - Entries never move, and their length and bytes never change once written. A slot is
//    stored (release) after its entry is written, and Probe reads it with acquire, so the bytes
//    compared are complete. Blocks are never unmapped while the table lives.
//  - Adding an id only fills an empty slot: a probe sees it or not, both states of the table.
//  - A person id is rewritten only between BeginChange and EndChange, which also bracket
//    replacing the slot array: if any word read here came from such a change, the acquire fence
//    below makes the second read of version_ see an odd or later value, and the result is
//    thrown away. A change that starts after the second read does not matter: every word was
//    read before it.
//  - A replaced slot array stays mapped (reads cannot fault) but reads as zeros once the kernel
//    has dropped its pages, which happens inside the change; an empty slot ends the probe early,
//    and the version check then throws the result away.
//  - The mask is stored after the array and read before it, so the array read is never smaller
//    than the mask says. When they belong to different arrays, a change overlapped and the
//    version check fails; the probe may then miss every empty slot, so it is bounded.
bool IdTable::TryPersonOf(std::string_view id, uint64_t hash, uint32_t* person) const {
  const uint64_t version = version_.load(std::memory_order_acquire);
  if (version & 1) return false;
  const size_t mask = slot_mask_.load(std::memory_order_acquire);
  const uint64_t* slots = slots_.load(std::memory_order_acquire);
  const uint32_t* e = Probe(slots, mask, TagOf(hash), id);
  const uint32_t found =
      e ? std::atomic_ref<uint32_t>(*const_cast<uint32_t*>(e)).load(std::memory_order_relaxed)
        : kNone;
  std::atomic_thread_fence(std::memory_order_acquire);
  if (version_.load(std::memory_order_relaxed) != version) return false;
  *person = found;
  return true;
}

uint32_t IdTable::Find(std::string_view id, uint64_t hash) const {
  const uint32_t* e = FindEntry(id, hash);
  return e ? e[1] : kNone;
}

void IdTable::PersonsOf(const std::string_view* ids, size_t n, uint32_t* out) const {
  const uint64_t* slots = slots_.load(std::memory_order_relaxed);
  constexpr size_t kGroup = 32;
  const size_t mask = slot_mask_.load(std::memory_order_relaxed);
  uint32_t tags[kGroup];
  size_t pos[kGroup];
  for (size_t base = 0; base < n; base += kGroup) {
    const size_t m = std::min(kGroup, n - base);
    // 1. Hash every id of the group and prefetch its home slot.
    for (size_t j = 0; j < m; ++j) {
      tags[j] = TagOf(HashDistinctId(ids[base + j]));
      pos[j] = tags[j] & mask;
      __builtin_prefetch(&slots[pos[j]]);
    }
    // 2. Find the first slot with a matching tag (or the empty slot ending the run) and
    //    prefetch its entry.
    for (size_t j = 0; j < m; ++j) {
      for (;; pos[j] = (pos[j] + 1) & mask) {
        uint64_t s = slots[pos[j]];
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
        uint64_t s = slots[i];
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
  if (used_units_ + units > BlockUnits(num_blocks_ - 1)) {
    // Entries never span blocks: the rest of this block (at most one entry's size) is left.
    if (num_blocks_ == kMaxBlocks) return 0;
    const size_t bytes = size_t{BlockUnits(num_blocks_)} * 4;
    // Readers reach the new pointer only through a slot referring into the block, stored
    // (release) after it.
    blocks_[num_blocks_] = static_cast<uint32_t*>(MapMemory(bytes));
    ++num_blocks_;
    arena_bytes_ += bytes;
    used_units_ = 0;
  }
  uint32_t ref = (num_blocks_ - 1) << kBlockShift | used_units_;
  used_units_ += units;
  return ref;
}

void IdTable::GrowSlots() {
  uint64_t* old = slots_.load(std::memory_order_relaxed);
  const size_t old_size = slot_mask_.load(std::memory_order_relaxed) + 1;
  const size_t size = old_size * 2;
  auto* grown = static_cast<uint64_t*>(MapMemory(size * sizeof(uint64_t)));
  const size_t mask = size - 1;
  for (size_t j = 0; j < old_size; ++j) {
    const uint64_t s = old[j];
    if (s == 0) continue;
    size_t i = SlotTag(s) & mask;
    while (grown[i] != 0) i = (i + 1) & mask;
    grown[i] = s;
  }
  retired_.reserve(retired_.size() + 1);  // nothing below may throw
  BeginChange();
  slots_.store(grown, std::memory_order_release);
  slot_mask_.store(mask, std::memory_order_release);
  // A reader may still be probing the old array: its memory goes back to the kernel, but its
  // addresses stay mapped until the table is destroyed (see TryPersonOf).
  madvise(old, old_size * sizeof(uint64_t), MADV_DONTNEED);
  EndChange();
  retired_.emplace_back(old, old_size * sizeof(uint64_t));
}

uint32_t IdTable::Add(std::string_view id, uint64_t hash, bool known) {
  assert(!id.empty() && id.size() <= 255);
  assert(Find(id, hash) == kNone);
  const uint32_t dense = size();
  if (dense >= kNone - 1) return kNone;
  uint32_t ref = Allocate(EntryUnits(id.size()));
  if (ref == 0) return kNone;
  if ((static_cast<size_t>(dense) + 1) * 4 > (slot_mask_.load(std::memory_order_relaxed) + 1) * 3) {
    GrowSlots();
  }

  uint32_t* e = Entry(ref);
  e[0] = dense;
  e[1] = dense;
  char* bytes = EntryBytes(e);
  bytes[0] = static_cast<char>(id.size());
  bytes[1] = static_cast<char>(known ? kFlagKnown : 0);
  std::memcpy(bytes + 2, id.data(), id.size());

  const uint32_t tag = TagOf(hash);
  uint64_t* slots = slots_.load(std::memory_order_relaxed);
  const size_t mask = slot_mask_.load(std::memory_order_relaxed);
  size_t i = tag & mask;
  while (slots[i] != 0) i = (i + 1) & mask;
  // Release: a reader that sees the slot sees the entry written above.
  std::atomic_ref<uint64_t>(slots[i]).store(static_cast<uint64_t>(tag) << 32 | ref,
                                            std::memory_order_release);

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
  BeginChange();
  do {
    std::atomic_ref<uint32_t>(Entry(ref_[m])[0]).store(keep, std::memory_order_relaxed);
    m = next_[m];
  } while (m != gone);
  EndChange();
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
  // The directory's pages are touched as blocks are added; retired slot arrays hold no memory.
  size_t n = RoundUp(num_blocks_ * sizeof(uint32_t*), PageSize()) + arena_bytes_;
  n += (slot_mask_.load(std::memory_order_relaxed) + 1) * sizeof(uint64_t);
  n += retired_.capacity() * sizeof(retired_[0]);
  n += ref_.MemoryBytes() + next_.MemoryBytes() + count_.MemoryBytes() + known_.MemoryBytes();
  return n;
}

}  // namespace growloop
