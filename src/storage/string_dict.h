// StringDict: the distinct strings of a column with their first-seen codes, by open addressing
// on XXH3 hashes, with no allocation per value. Views point into the caller's strings, which
// must outlive the dictionary. Not thread-safe.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace growloop {

class StringDict {
 public:
  explicit StringDict(size_t expected) {
    size_t cap = 64;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, Slot{0, 0});
  }
  uint32_t Insert(std::string_view s) {
    if ((values_.size() + 1) * 2 > slots_.size()) Grow();
    uint64_t h = XXH3_64bits(s.data(), s.size());
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.code == 0) {
        values_.push_back(s);
        slot = Slot{h, static_cast<uint32_t>(values_.size())};
        return slot.code - 1;
      }
      if (slot.hash == h && values_[slot.code - 1] == s) return slot.code - 1;
    }
  }
  const std::vector<std::string_view>& values() const { return values_; }

 private:
  struct Slot {
    uint64_t hash;
    uint32_t code;  // index + 1; 0 = empty
  };
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{0, 0});
    size_t mask = slots_.size() - 1;
    for (const Slot& o : old) {
      if (o.code == 0) continue;
      size_t i = o.hash & mask;
      while (slots_[i].code != 0) i = (i + 1) & mask;
      slots_[i] = o;
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::string_view> values_;
};


}  // namespace growloop
