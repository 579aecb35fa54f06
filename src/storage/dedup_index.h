// DedupIndex: the ids of stored events, as 64-bit hashes grouped by the UTC day of the event's
// timestamp, for dropping events that were stored before (SDK retries, re-imported files).
//
// Two events are the same when their ids are equal and their timestamps fall on the same UTC
// day; a 64-bit hash collision between two different ids of one day (odds about n²/2^65 for n
// ids in that day) would drop the later event. Days are loaded on demand by the caller and the
// least recently used days are evicted when the index holds more than its budget of ids.
//
// Not thread-safe: the store's group-commit leader is its only user.
#pragma once

#include <cstdint>
#include <list>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace growloop {

// Open-addressing set of non-zero 64-bit keys.
class HashSet64 {
 public:
  bool Contains(uint64_t key) const;
  // Returns false when the key was present already.
  bool Insert(uint64_t key);
  // Returns false when the key was not present.
  bool Erase(uint64_t key);
  // Makes room for `n` keys without growing.
  void Reserve(size_t n);
  size_t size() const { return size_; }

 private:
  void Grow();
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

uint64_t HashEventId(std::string_view id);

class DedupIndex {
 public:
  explicit DedupIndex(size_t max_ids) : max_ids_(max_ids) {}

  bool Loaded(int32_t day) const { return days_.count(day) != 0; }
  // Marks `day` loaded (empty) and returns its set, for the caller to fill. Never evicts: only
  // EvictOver does, so sets being filled by one commit group stay loaded until it ends.
  HashSet64* LoadDay(int32_t day);
  // The set of a loaded day (marks it recently used), or null.
  HashSet64* Day(int32_t day);
  // Evicts least recently used days until the budget holds, keeping `keep`.
  void EvictOver(const std::vector<int32_t>& keep);
  size_t ids() const;

 private:
  struct Entry {
    HashSet64 set;
    std::list<int32_t>::iterator lru;
  };
  size_t max_ids_;
  std::unordered_map<int32_t, Entry> days_;
  std::list<int32_t> lru_;  // front: most recently used
};

}  // namespace growloop
