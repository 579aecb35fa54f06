// The item catalogue of the demo shop: items spread over kCategories, a log-normal price around
// each category's median, and Zipf-like popularity inside a category so that a few items get
// most views (what recommendation and "trending" features need to find).
//
// Internal to src/demo/. Built once per run from the seed; read-only afterwards, so any thread
// may read it.
#pragma once

#include <cstdint>
#include <vector>

#include "demo/demo_random.h"
#include "demo/demo_tables.h"

namespace growloop::demo {

class DemoCatalog {
 public:
  // items >= kCategories.size(); every category gets at least one item.
  DemoCatalog(uint64_t seed, uint32_t items);

  uint32_t size() const { return static_cast<uint32_t>(category_.size()); }
  uint8_t category(uint32_t item) const { return category_[item]; }
  // Price in fen (1/100 CNY).
  int64_t price_fen(uint32_t item) const { return price_fen_[item]; }

  // A popular-weighted item of `category`.
  uint32_t PickItem(uint8_t category, DemoRng& rng) const;
  // A category weighted by kCategories' weights.
  uint8_t PickCategory(DemoRng& rng) const { return static_cast<uint8_t>(categories_.Pick(rng)); }

 private:
  std::vector<uint8_t> category_;
  std::vector<int64_t> price_fen_;
  // Per category: its items in popularity order and a picker over their Zipf weights.
  std::vector<std::vector<uint32_t>> by_rank_;
  std::vector<WeightedPicker> rank_picker_;
  WeightedPicker categories_;
};

}  // namespace growloop::demo
