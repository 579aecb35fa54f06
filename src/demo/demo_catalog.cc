#include "demo/demo_catalog.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace growloop::demo {

WeightedPicker::WeightedPicker(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  assert(total > 0);
  double acc = 0;
  cumulative_.reserve(weights.size());
  for (double w : weights) {
    acc += w;
    cumulative_.push_back(acc / total);
  }
  cumulative_.back() = 1.0;
}

uint32_t WeightedPicker::Pick(DemoRng& rng) const {
  double u = rng.Uniform();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  if (it == cumulative_.end()) --it;
  return static_cast<uint32_t>(it - cumulative_.begin());
}

DemoCatalog::DemoCatalog(uint64_t seed, uint32_t items) {
  constexpr size_t kCats = kCategories.size();
  assert(items >= kCats);
  DemoRng rng(HashKey(seed, 0xca7a106));
  std::vector<double> cat_weights;
  for (const auto& c : kCategories) cat_weights.push_back(c.weight);
  categories_ = WeightedPicker(cat_weights);

  category_.resize(items);
  price_fen_.resize(items);
  by_rank_.assign(kCats, {});
  // The first kCats items seed every category; the rest are drawn by weight. Item ids are
  // assigned in draw order and ranks are shuffled below, so an id says nothing about popularity.
  for (uint32_t i = 0; i < items; ++i) {
    uint8_t c = i < kCats ? static_cast<uint8_t>(i) : PickCategory(rng);
    category_[i] = c;
    double price = kCategories[c].median_price * rng.LogNormal(0.0, 0.6);
    // Shop prices end in .90: round to 0.10 CNY, then take 0.10 off.
    int64_t tenths = static_cast<int64_t>(std::llround(price * 10.0));
    price_fen_[i] = std::max<int64_t>(190, tenths * 10 - 10);
    by_rank_[c].push_back(i);
  }
  rank_picker_.resize(kCats);
  for (size_t c = 0; c < kCats; ++c) {
    auto& ranked = by_rank_[c];
    for (size_t k = ranked.size(); k > 1; --k) std::swap(ranked[k - 1], ranked[rng.Below(k)]);
    std::vector<double> w(ranked.size());
    for (size_t k = 0; k < w.size(); ++k) w[k] = 1.0 / std::pow(static_cast<double>(k + 1), 1.05);
    rank_picker_[c] = WeightedPicker(w);
  }
}

uint32_t DemoCatalog::PickItem(uint8_t category, DemoRng& rng) const {
  return by_rank_[category][rank_picker_[category].Pick(rng)];
}

}  // namespace growloop::demo
