#include "storage/dedup_index.h"

#include <xxhash.h>

#include <algorithm>

namespace growloop {
namespace {
inline size_t Mix(uint64_t key) { return static_cast<size_t>(key ^ (key >> 29)); }
}  // namespace

uint64_t HashEventId(std::string_view id) {
  uint64_t h = XXH3_64bits(id.data(), id.size());
  return h == 0 ? 1 : h;
}

bool HashSet64::Contains(uint64_t key) const {
  if (slots_.empty()) return false;
  size_t mask = slots_.size() - 1;
  for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return true;
    if (slots_[i] == 0) return false;
  }
}

bool HashSet64::Insert(uint64_t key) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  size_t mask = slots_.size() - 1;
  for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return false;
    if (slots_[i] == 0) {
      slots_[i] = key;
      ++size_;
      return true;
    }
  }
}

bool HashSet64::Erase(uint64_t key) {
  if (slots_.empty()) return false;
  size_t mask = slots_.size() - 1;
  size_t i = Mix(key) & mask;
  while (slots_[i] != key) {
    if (slots_[i] == 0) return false;
    i = (i + 1) & mask;
  }
  // Backward-shift deletion: move later keys of the probe run into the hole when their home slot
  // does not lie cyclically within (hole, position], so every key stays reachable from its home.
  size_t hole = i;
  for (size_t j = (hole + 1) & mask; slots_[j] != 0; j = (j + 1) & mask) {
    size_t home = Mix(slots_[j]) & mask;
    bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    hole = j;
  }
  slots_[hole] = 0;
  --size_;
  return true;
}

void HashSet64::Reserve(size_t n) {
  size_t cap = 64;
  while (cap * 3 < n * 4 + 4) cap <<= 1;
  if (cap <= slots_.size()) return;
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(cap, 0);
  size_ = 0;
  for (uint64_t k : old) {
    if (k != 0) Insert(k);
  }
}

void HashSet64::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(std::max<size_t>(64, old.size() * 2), 0);
  size_ = 0;
  for (uint64_t k : old) {
    if (k != 0) Insert(k);
  }
}

HashSet64* DedupIndex::LoadDay(int32_t day) {
  auto it = days_.find(day);
  if (it == days_.end()) {
    lru_.push_front(day);
    it = days_.emplace(day, Entry{HashSet64(), lru_.begin()}).first;
  }
  return &it->second.set;
}

HashSet64* DedupIndex::Day(int32_t day) {
  auto it = days_.find(day);
  if (it == days_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return &it->second.set;
}

void DedupIndex::EvictOver(const std::vector<int32_t>& keep) {
  size_t total = ids();
  auto it = lru_.end();
  while (total > max_ids_ && it != lru_.begin()) {
    --it;
    int32_t day = *it;
    if (std::find(keep.begin(), keep.end(), day) != keep.end()) continue;
    total -= days_[day].set.size();
    days_.erase(day);
    it = lru_.erase(it);
  }
}

size_t DedupIndex::ids() const {
  size_t n = 0;
  for (const auto& [day, e] : days_) n += e.set.size();
  return n;
}

}  // namespace growloop
