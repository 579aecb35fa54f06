// Times the identity map and measures its memory: N anonymous ids (36-byte UUIDs), M of them
// identified with a user id, so N + M distinct ids form N persons. Reports bytes per distinct
// id twice (the map's own count of what it allocated, and the growth of the process's resident
// set), PersonOf and ResolveBatch lookups/s on random existing ids (PersonOf also while another
// thread interns or merges new ids, as ingestion does during queries), interns/s and merges/s in
// memory, and, with the log in a temporary directory, merges/s with an fsync per group of
// `sync_every` merges and the time Open takes to replay the log.
//   growloop_identity_bench [anonymous_ids] [identified] [lookups] [sync_every]
#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "identity/identity_map.h"

using namespace growloop;

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

uint64_t ResidentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// Anonymous id i: a UUID-shaped string derived from i (36 bytes). Written into `buf`.
std::string_view AnonymousId(uint64_t i, char* buf) {
  uint64_t a = i * 0x9E3779B97F4A7C15ull, b = (i + 1) * 0xC2B2AE3D27D4EB4Full;
  a ^= a >> 29;
  b ^= b >> 31;
  int n = std::snprintf(
      buf, 40, "%08llx-%04llx-4%03llx-a%03llx-%012llx", static_cast<unsigned long long>(a >> 32),
      static_cast<unsigned long long>((a >> 16) & 0xffff),
      static_cast<unsigned long long>(a & 0xfff), static_cast<unsigned long long>(b >> 52),
      static_cast<unsigned long long>(b & 0xffffffffffffull));
  return {buf, static_cast<size_t>(n)};
}

// User id j: "user_" and eight digits (13 bytes).
std::string_view UserId(uint64_t j, char* buf) {
  int n = std::snprintf(buf, 40, "user_%08llu", static_cast<unsigned long long>(j));
  return {buf, static_cast<size_t>(n)};
}

int Fail(const Status& s) {
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const uint64_t anonymous = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const uint64_t identified = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 500'000;
  const uint64_t lookups = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 8'000'000;
  const uint64_t sync_every = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1000;
  if (identified > anonymous || anonymous == 0) {
    std::fprintf(stderr, "identified must be at most anonymous_ids, which must be > 0\n");
    return 2;
  }
  const uint64_t distinct = anonymous + identified;
  char buf[48], buf2[48];

  // 1. In memory: build, then measure.
  malloc_trim(0);
  const uint64_t rss0 = ResidentBytes();
  std::unique_ptr<IdentityMap> map;
  Status s = IdentityMap::OpenInMemory(IdentityOptions(), &map);
  if (!s.ok()) return Fail(s);
  auto t = Clock::now();
  for (uint64_t i = 0; i < anonymous; ++i) {
    if (map->Intern(AnonymousId(i, buf), IdKind::kAnonymous) != InternOutcome::kAdded) {
      std::fprintf(stderr, "intern %llu failed\n", static_cast<unsigned long long>(i));
      return 1;
    }
  }
  const double intern_s = Seconds(t);
  // Every other anonymous id (then the rest) is identified, so users are spread over the map.
  t = Clock::now();
  for (uint64_t j = 0; j < identified; ++j) {
    uint64_t i = (j * 2) % anonymous + (j * 2 >= anonymous ? 1 : 0);
    if (map->Merge(AnonymousId(i, buf), UserId(j, buf2), MergeKind::kIdentify) !=
        MergeOutcome::kMerged) {
      std::fprintf(stderr, "merge %llu failed\n", static_cast<unsigned long long>(j));
      return 1;
    }
  }
  const double merge_s = Seconds(t);
  const uint64_t rss1 = ResidentBytes();
  malloc_trim(0);
  const uint64_t rss1_trimmed = ResidentBytes();
  const IdentityStats st = map->Stats();
  if (st.distinct_ids != distinct || st.persons != anonymous) {
    std::fprintf(stderr, "unexpected map: %llu ids, %llu persons\n",
                 static_cast<unsigned long long>(st.distinct_ids),
                 static_cast<unsigned long long>(st.persons));
    return 1;
  }

  // Lookup keys: up to 1M random existing ids, back to back in one buffer (read in order, so
  // the keys themselves are not what misses the cache).
  std::mt19937_64 rng(42);
  const size_t nkeys = static_cast<size_t>(std::min<uint64_t>(1'000'000, distinct));
  std::string key_bytes;
  std::vector<size_t> key_end;
  for (size_t k = 0; k < nkeys; ++k) {
    uint64_t r = rng() % distinct;
    key_bytes.append(r < anonymous ? AnonymousId(r, buf) : UserId(r - anonymous, buf));
    key_end.push_back(key_bytes.size());
  }
  std::vector<std::string_view> keys(nkeys);
  for (size_t k = 0; k < nkeys; ++k) {
    size_t b = k == 0 ? 0 : key_end[k - 1];
    keys[k] = std::string_view(key_bytes.data() + b, key_end[k] - b);
  }

  uint64_t checksum = 0, missing = 0;
  t = Clock::now();
  for (uint64_t n = 0; n < lookups; ++n) {
    uint64_t p = map->PersonOf(keys[n % nkeys]);
    missing += p == kNoPerson;
    checksum += p;
  }
  const double lookup_s = Seconds(t);

  // PersonOf from two threads at once (the machine's two cores): lookups take no lock.
  uint64_t checksum_two = 0;
  t = Clock::now();
  {
    uint64_t half[2] = {0, 0};
    std::thread second([&] {
      for (uint64_t n = 1; n < lookups; n += 2) half[1] += map->PersonOf(keys[n % nkeys]);
    });
    for (uint64_t n = 0; n < lookups; n += 2) half[0] += map->PersonOf(keys[n % nkeys]);
    second.join();
    checksum_two = half[0] + half[1];
  }
  const double two_s = Seconds(t);

  std::vector<uint64_t> persons;
  uint64_t checksum_batch = 0;
  t = Clock::now();
  for (uint64_t done = 0; done < lookups; done += nkeys) {
    map->ResolveBatch(keys, &persons);
    for (size_t k = 0; k < nkeys && done + k < lookups; ++k) checksum_batch += persons[k];
  }
  const double batch_s = Seconds(t);
  const uint64_t batch_lookups = (lookups + nkeys - 1) / nkeys * nkeys;

  // The same lookups while another thread interns new ids, or merges pairs of new ids, as
  // ingestion does during queries. Neither changes an existing id's person, so the checksum must
  // not change either.
  uint64_t late = 0;  // numbers the new ids; only the writer thread of the moment uses it
  auto concurrent = [&](bool merge, double* lookups_per_s, double* writes_per_s) {
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> writes{0};
    std::thread writer([&] {
      char a[48], b[48];
      uint64_t n = 0;
      for (; !stop.load(std::memory_order_relaxed); ++n) {
        const auto i = static_cast<unsigned long long>(late++);
        const int la = std::snprintf(a, sizeof(a), "late_%llu", i);
        if (!merge) {
          (void)map->Intern(std::string_view(a, static_cast<size_t>(la)), IdKind::kAnonymous);
          continue;
        }
        const int lb = std::snprintf(b, sizeof(b), "late_user_%llu", i);
        (void)map->Merge(std::string_view(a, static_cast<size_t>(la)),
                         std::string_view(b, static_cast<size_t>(lb)), MergeKind::kIdentify);
      }
      writes = n;
    });
    uint64_t sum = 0;
    auto start = Clock::now();
    for (uint64_t n = 0; n < lookups; ++n) sum += map->PersonOf(keys[n % nkeys]);
    const double s = Seconds(start);
    stop = true;
    writer.join();
    *lookups_per_s = static_cast<double>(lookups) / s / 1e6;
    *writes_per_s = static_cast<double>(writes.load()) / s / 1e6;
    return sum;
  };
  double interning_lookups, interns, merging_lookups, merges;
  const uint64_t checksum_interning = concurrent(false, &interning_lookups, &interns);
  const uint64_t checksum_merging = concurrent(true, &merging_lookups, &merges);

  if (missing != 0 || checksum != checksum_batch || checksum != checksum_two || checksum != checksum_interning ||
      checksum != checksum_merging) {
    std::fprintf(stderr,
                 "%llu lookups missed; PersonOf and ResolveBatch disagree: %d; PersonOf with a "
                 "concurrent writer disagrees: %d\n",
                 static_cast<unsigned long long>(missing), checksum != checksum_batch,
                 checksum != checksum_interning || checksum != checksum_merging);
    return 1;
  }
  map.reset();

  // 2. With the log: the same merges, an fsync per group, then the replay on Open.
  std::string dir = std::filesystem::temp_directory_path() / "growloop-identity-bench";
  std::filesystem::remove_all(dir);
  s = IdentityMap::Open(Env::Default(), dir, IdentityOptions(), &map);
  if (!s.ok()) return Fail(s);
  t = Clock::now();
  for (uint64_t i = 0; i < anonymous; ++i) {
    (void)map->Intern(AnonymousId(i, buf), IdKind::kAnonymous);
    if ((i + 1) % 100'000 == 0 && !(s = map->Sync()).ok()) return Fail(s);
  }
  if (!(s = map->Sync()).ok()) return Fail(s);
  const double log_intern_s = Seconds(t);
  t = Clock::now();
  for (uint64_t j = 0; j < identified; ++j) {
    uint64_t i = (j * 2) % anonymous + (j * 2 >= anonymous ? 1 : 0);
    (void)map->Merge(AnonymousId(i, buf), UserId(j, buf2), MergeKind::kIdentify);
    if ((j + 1) % sync_every == 0 && !(s = map->Sync()).ok()) return Fail(s);
  }
  if (!(s = map->Sync()).ok()) return Fail(s);
  const double log_merge_s = Seconds(t);
  const uint64_t log_bytes = map->Stats().log_bytes;
  map.reset();
  t = Clock::now();
  s = IdentityMap::Open(Env::Default(), dir, IdentityOptions(), &map);
  if (!s.ok()) return Fail(s);
  const double open_s = Seconds(t);
  const bool same = map->Stats().distinct_ids == distinct && map->Stats().persons == anonymous;
  map.reset();
  std::filesystem::remove_all(dir);
  if (!same) {
    std::fprintf(stderr, "the reopened map differs\n");
    return 1;
  }

  const double d = static_cast<double>(distinct);
  std::printf(
      "identity map: %llu anonymous ids, %llu identified -> %llu distinct ids, %llu persons\n",
      static_cast<unsigned long long>(anonymous), static_cast<unsigned long long>(identified),
      static_cast<unsigned long long>(distinct), static_cast<unsigned long long>(anonymous));
  std::printf("| measure | value |\n|---|---|\n");
  std::printf("| bytes/distinct id, map's own accounting | %.1f |\n",
              static_cast<double>(st.memory_bytes) / d);
  std::printf("| bytes/distinct id, RSS growth | %.1f |\n", static_cast<double>(rss1 - rss0) / d);
  std::printf("| bytes/distinct id, RSS growth after malloc_trim | %.1f |\n",
              static_cast<double>(rss1_trimmed - rss0) / d);
  std::printf("| PersonOf, random existing ids | %.2f M/s |\n",
              static_cast<double>(lookups) / lookup_s / 1e6);
  std::printf("| PersonOf, random existing ids, 2 threads | %.2f M/s |\n",
              static_cast<double>(lookups) / two_s / 1e6);
  std::printf("| ResolveBatch, random existing ids | %.2f M/s |\n",
              static_cast<double>(batch_lookups) / batch_s / 1e6);
  std::printf("| PersonOf while another thread interns (%.2f M/s) | %.2f M/s |\n", interns,
              interning_lookups);
  std::printf("| PersonOf while another thread merges (%.2f M/s) | %.2f M/s |\n", merges,
              merging_lookups);
  std::printf("| Intern (new anonymous ids), in memory | %.2f M/s |\n",
              static_cast<double>(anonymous) / intern_s / 1e6);
  std::printf("| Merge kIdentify (interns the user id), in memory | %.2f M/s |\n",
              static_cast<double>(identified) / merge_s / 1e6);
  std::printf("| Intern with log, Sync per 100k | %.2f M/s |\n",
              static_cast<double>(anonymous) / log_intern_s / 1e6);
  std::printf("| Merge with log, Sync (fsync) per %llu | %.2f M/s |\n",
              static_cast<unsigned long long>(sync_every),
              static_cast<double>(identified) / log_merge_s / 1e6);
  std::printf("| log size | %.1f MB (%.1f bytes/id) |\n", static_cast<double>(log_bytes) / 1e6,
              static_cast<double>(log_bytes) / d);
  std::printf("| Open (replay the log) | %.2f s |\n", open_s);
  return 0;
}
