#include <gtest/gtest.h>

#include <random>
#include <set>

#include "storage/dedup_index.h"

namespace growloop {
namespace {

// Erase must keep every other key reachable, including keys whose probe runs wrap around the end
// of the table and runs that mix keys of different home slots.
TEST(HashSet64, EraseKeepsTheOtherKeysReachable) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    HashSet64 set;
    std::set<uint64_t> present;
    // 47 keys fill the 64-slot table to 73%: long probe runs, some wrapping past the end.
    for (int i = 0; i < 47; ++i) {
      uint64_t key = rng() | 1;
      EXPECT_EQ(set.Insert(key), present.insert(key).second);
    }
    std::vector<uint64_t> keys(present.begin(), present.end());
    std::shuffle(keys.begin(), keys.end(), rng);
    for (size_t i = 0; i < keys.size(); i += 2) {
      EXPECT_TRUE(set.Erase(keys[i]));
      EXPECT_FALSE(set.Erase(keys[i]));
      present.erase(keys[i]);
      for (uint64_t k : keys) EXPECT_EQ(set.Contains(k), present.count(k) == 1) << "round " << round;
    }
    EXPECT_EQ(set.size(), present.size());
    for (uint64_t k : keys) EXPECT_EQ(set.Insert(k), present.insert(k).second);
  }
}

}  // namespace
}  // namespace growloop
