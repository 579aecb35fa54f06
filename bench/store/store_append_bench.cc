// Times the store's write path alone (dedup, WAL with fsync, memtable, flush to segments) on
// synthetic batches shaped like the benchmark generator's events, without any parsing.
//   growloop_store_bench [events] [batch_rows]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "storage/event_store.h"

using namespace growloop;

int main(int argc, char** argv) {
  size_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5'000'000;
  size_t batch_rows = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 65536;
  std::string dir = std::filesystem::temp_directory_path() / "growloop-store-bench";
  std::filesystem::remove_all(dir);
  std::unique_ptr<EventStore> store;
  Status s = EventStore::Open(Env::Default(), dir, StoreOptions(), &store);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  const char* events[] = {"view_item", "app_open", "push_received", "add_to_cart", "purchase"};
  const char* channels[] = {"douyin", "wechat", "organic", "push", "baidu_sem"};
  const char* cities[] = {"Shanghai", "Beijing", "Shenzhen", "Chengdu", "Hangzhou"};
  std::mt19937_64 rng(42);
  int64_t t0 = 1'767'225'600'000'000;
  uint64_t seq = 0;
  double build_s = 0, append_s = 0;
  auto start = std::chrono::steady_clock::now();
  for (size_t done = 0; done < total; done += batch_rows) {
    auto b0 = std::chrono::steady_clock::now();
    EventBatch b;
    size_t n = std::min(batch_rows, total - done);
    size_t c_channel = b.PropertyIndex("channel", ValueType::kString);
    size_t c_city = b.PropertyIndex("city", ValueType::kString);
    size_t c_item = b.PropertyIndex("item_id", ValueType::kString);
    size_t c_amount = b.PropertyIndex("amount", ValueType::kNumber);
    char id[48], person[24], item[16];
    for (size_t i = 0; i < n; ++i, ++seq) {
      std::snprintf(id, sizeof(id), "019b76da-c297-75d2-95f4-%012llx", static_cast<unsigned long long>(seq));
      std::snprintf(person, sizeof(person), "%016llx", static_cast<unsigned long long>(rng() % 1000000));
      std::snprintf(item, sizeof(item), "i%06d", static_cast<int>(rng() % 20000));
      int64_t ts = t0 + static_cast<int64_t>(seq) * 90'000;  // 29M events over 30 days
      int e = static_cast<int>(rng() % 5);
      b.BeginRow(id, ts - ts % 1000, ts, person, person, events[e]);
      b.SetString(c_channel, channels[rng() % 5]);
      b.SetString(c_city, cities[rng() % 5]);
      if (e == 0 || e >= 3) b.SetString(c_item, item);
      if (e == 4) b.SetNumber(c_amount, static_cast<double>(rng() % 100000) / 100);
      b.EndRow();
    }
    auto b1 = std::chrono::steady_clock::now();
    AppendResult r;
    s = store->Append(std::move(b), &r);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
    auto b2 = std::chrono::steady_clock::now();
    build_s += std::chrono::duration<double>(b1 - b0).count();
    append_s += std::chrono::duration<double>(b2 - b1).count();
  }
  s = store->Flush();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  StoreStats st = store->Stats(false);
  std::printf("events %zu  wall %.2f s  build %.2f s  append %.2f s  -> %.0f events/s (store only: %.0f/s)\n",
              total, wall, build_s, append_s, static_cast<double>(total) / wall,
              static_cast<double>(total) / (wall - build_s));
  std::printf("segments %llu  bytes %llu  bytes/event %.1f\n",
              static_cast<unsigned long long>(st.segments),
              static_cast<unsigned long long>(st.segment_bytes),
              static_cast<double>(st.segment_bytes) / static_cast<double>(total));
  store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
