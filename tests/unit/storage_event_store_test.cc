#include <gtest/gtest.h>

#include <map>
#include <set>

#include "env/fault_injection_env.h"
#include "random_batch.h"
#include "storage/event_store.h"
#include "storage/manifest.h"
#include "storage/wal.h"
#include "test_util.h"

namespace growloop {
namespace {

using testing::RandomBatchGenerator;
using testing::RandomBatchOptions;
using testing::RowKey;
using testing::TempDir;

StoreOptions SmallOptions() {
  StoreOptions o;
  o.memtable_max_rows = 400;
  o.wal_file_max_bytes = 16 << 10;
  o.compaction_trigger_segments = 3;
  o.compaction_small_rows = 10'000;
  return o;
}

std::multiset<std::string> Contents(EventStore* store) {
  std::multiset<std::string> rows;
  Status s = store->Scan([&](const EventBatch& b) {
    for (size_t i = 0; i < b.rows(); ++i) rows.insert(RowKey(b, i));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return rows;
}

std::unique_ptr<EventStore> OpenStore(Env* env, const std::string& dir, const StoreOptions& o) {
  std::unique_ptr<EventStore> store;
  Status s = EventStore::Open(env, dir, o, &store);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return store;
}

TEST(EventStore, AppendedEventsSurviveReopenFromWalAndSegments) {
  TempDir dir;
  RandomBatchGenerator gen(11);
  std::multiset<std::string> expected;
  {
    auto store = OpenStore(Env::Default(), dir.path(), SmallOptions());
    for (int i = 0; i < 20; ++i) {
      RandomBatchOptions o;
      o.rows = 97;
      EventBatch b = gen.Next(o);
      for (size_t r = 0; r < b.rows(); ++r) expected.insert(RowKey(b, r));
      AppendResult res;
      ASSERT_TRUE(store->Append(std::move(b), &res).ok());
      EXPECT_EQ(res.accepted, 97u);
    }
    EXPECT_EQ(Contents(store.get()), expected);
  }
  auto store = OpenStore(Env::Default(), dir.path(), SmallOptions());
  EXPECT_EQ(Contents(store.get()), expected);
  StoreStats st = store->Stats(true);
  EXPECT_EQ(st.events, expected.size());
  EXPECT_GT(st.segments, 0u);
  EXPECT_EQ(st.persons, 40u);
}

// Events of one person and one name with the given (id, time) pairs.
EventBatch IdsAt(const std::vector<std::pair<std::string, int64_t>>& rows) {
  EventBatch b;
  for (const auto& [id, ts] : rows) {
    b.BeginRow(id, ts, ts, "u", "", "e");
    b.EndRow();
  }
  return b;
}

TEST(EventStore, DuplicateIdsOfTheSameDayAreDroppedAcrossFlushesAndRestarts) {
  TempDir dir;
  const int64_t day = 86'400'000'000LL;
  const int64_t t0 = 20454 * day + 1000;
  {
    auto store = OpenStore(Env::Default(), dir.path(), SmallOptions());
    AppendResult r;
    ASSERT_TRUE(store->Append(IdsAt({{"a", t0}, {"b", t0}, {"a", t0 + 5}}), &r).ok());
    EXPECT_EQ(r.accepted, 2u);
    EXPECT_EQ(r.duplicates, 1u);
    ASSERT_TRUE(store->Flush().ok());
    ASSERT_TRUE(store->Append(IdsAt({{"a", t0 + 9}, {"c", t0}}), &r).ok());
    EXPECT_EQ(r.accepted, 1u);
    // The same id on another day is another event.
    ASSERT_TRUE(store->Append(IdsAt({{"a", t0 + day}}), &r).ok());
    EXPECT_EQ(r.accepted, 1u);
  }
  auto store = OpenStore(Env::Default(), dir.path(), SmallOptions());
  AppendResult r;
  ASSERT_TRUE(store->Append(IdsAt({{"a", t0}, {"b", t0}, {"c", t0}, {"a", t0 + day}, {"d", t0}}), &r).ok());
  EXPECT_EQ(r.accepted, 1u);
  EXPECT_EQ(r.duplicates, 4u);
  EXPECT_EQ(store->Stats(false).events, 5u);
}

TEST(EventStore, DedupWindowSpansNeighbouringDaysAcrossFlushesAndRestarts) {
  TempDir dir;
  const int64_t day = 86'400'000'000LL;
  const int64_t t0 = 20454 * day + 1000;
  StoreOptions o = SmallOptions();
  o.dedup_window_days = 2;  // the event's day and one day either side
  {
    auto store = OpenStore(Env::Default(), dir.path(), o);
    AppendResult r;
    // One batch: "a" the next day and "b" the day before are duplicates of today's; "c" two
    // days later is not.
    ASSERT_TRUE(store->Append(IdsAt({{"a", t0}, {"a", t0 + day}, {"b", t0}, {"b", t0 - day},
                                    {"c", t0}, {"c", t0 + 2 * day}}),
                              &r)
                    .ok());
    EXPECT_EQ(r.accepted, 4u);
    EXPECT_EQ(r.duplicates, 2u);
    ASSERT_TRUE(store->Flush().ok());
  }
  // After a restart, the window reads the neighbouring days back from the segments.
  auto store = OpenStore(Env::Default(), dir.path(), o);
  AppendResult r;
  ASSERT_TRUE(store->Append(IdsAt({{"a", t0 - day}, {"c", t0 + 3 * day}, {"d", t0 + day}}), &r).ok());
  EXPECT_EQ(r.accepted, 1u);  // only "d"
  EXPECT_EQ(r.duplicates, 2u);
  EXPECT_EQ(store->Stats(false).events, 5u);
  // With the default window of one day the same ids on other days are other events.
  store.reset();
  auto narrow = OpenStore(Env::Default(), dir.path(), SmallOptions());
  ASSERT_TRUE(narrow->Append(IdsAt({{"a", t0 - day}, {"c", t0 + 3 * day}}), &r).ok());
  EXPECT_EQ(r.accepted, 2u);
}

TEST(EventStore, RowsOfASegmentAreSortedByPersonThenTime) {
  TempDir dir;
  RandomBatchGenerator gen(3);
  auto store = OpenStore(Env::Default(), dir.path(), SmallOptions());
  for (int i = 0; i < 5; ++i) {
    RandomBatchOptions o;
    o.rows = 300;
    AppendResult r;
    ASSERT_TRUE(store->Append(gen.Next(o), &r).ok());
  }
  ASSERT_TRUE(store->Flush().ok());
  int segments = 0;
  ASSERT_TRUE(store->Scan([&](const EventBatch& b) {
    ++segments;
    for (size_t i = 1; i < b.rows(); ++i) {
      bool ordered = b.distinct_id(i - 1) < b.distinct_id(i) ||
                     (b.distinct_id(i - 1) == b.distinct_id(i) && b.ts(i - 1) <= b.ts(i));
      if (!ordered) return Internal("row " + std::to_string(i) + " out of order");
    }
    return Status::Ok();
  }).ok());
  EXPECT_GT(segments, 0);
}

TEST(EventStore, CompactionMergesSmallSegmentsOfADay) {
  TempDir dir;
  RandomBatchGenerator gen(8);
  StoreOptions o = SmallOptions();
  o.background_compaction = false;
  auto store = OpenStore(Env::Default(), dir.path(), o);
  std::multiset<std::string> expected;
  for (int i = 0; i < 6; ++i) {
    RandomBatchOptions ro;
    ro.rows = 50;
    ro.days = 1;
    EventBatch b = gen.Next(ro);
    for (size_t r = 0; r < b.rows(); ++r) expected.insert(RowKey(b, r));
    AppendResult res;
    ASSERT_TRUE(store->Append(std::move(b), &res).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
  EXPECT_EQ(store->Stats(false).segments, 6u);
  ASSERT_TRUE(store->Compact().ok());
  StoreStats st = store->Stats(false);
  EXPECT_EQ(st.segments, 1u);
  EXPECT_EQ(st.compactions, 1u);
  EXPECT_EQ(Contents(store.get()), expected);
  store.reset();
  auto reopened = OpenStore(Env::Default(), dir.path(), o);
  EXPECT_EQ(Contents(reopened.get()), expected);
  EXPECT_EQ(reopened->Stats(false).segments, 1u);
}

// Large segments merge too, the smallest first, up to compaction_max_rows per merge.
TEST(EventStore, CompactionMergesADaysSmallestSegmentsUpToTheRowCap) {
  TempDir dir;
  RandomBatchGenerator gen(9);
  StoreOptions o = SmallOptions();
  o.memtable_max_rows = 100'000;
  o.background_compaction = false;
  o.compaction_trigger_segments = 3;
  o.compaction_max_rows = 700;
  auto store = OpenStore(Env::Default(), dir.path(), o);
  std::multiset<std::string> expected;
  for (size_t rows : {300, 100, 200, 400, 150}) {
    RandomBatchOptions ro;
    ro.rows = rows;
    ro.days = 1;
    EventBatch b = gen.Next(ro);
    for (size_t r = 0; r < b.rows(); ++r) expected.insert(RowKey(b, r));
    AppendResult res;
    ASSERT_TRUE(store->Append(std::move(b), &res).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
  ASSERT_EQ(store->Stats(false).segments, 5u);
  // 100 + 150 + 200 + 300 = 750 > 700: first the three smallest (450 rows) merge; then 300 +
  // 400 (700), 450 + 700 being over the cap: two passes of one call.
  ASSERT_TRUE(store->Compact().ok());
  StoreStats st = store->Stats(false);
  EXPECT_EQ(st.segments, 2u);
  EXPECT_EQ(st.compactions, 2u);
  std::vector<uint64_t> sizes;
  ASSERT_TRUE(store
                  ->Scan([&](const EventBatch& b) {
                    sizes.push_back(b.rows());
                    return Status::Ok();
                  })
                  .ok());
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<uint64_t>{450, 700}));
  EXPECT_EQ(Contents(store.get()), expected);
}

TEST(EventStore, TornWalTailIsTruncatedOnRecovery) {
  TempDir dir;
  RandomBatchGenerator gen(4);
  std::multiset<std::string> expected;
  {
    auto store = OpenStore(Env::Default(), dir.path(), StoreOptions());
    RandomBatchOptions o;
    o.rows = 10;
    EventBatch b = gen.Next(o);
    for (size_t r = 0; r < b.rows(); ++r) expected.insert(RowKey(b, r));
    AppendResult res;
    ASSERT_TRUE(store->Append(std::move(b), &res).ok());
  }
  // Half a record at the end of the newest WAL file, as a crash during a write leaves it.
  std::vector<std::string> wal;
  ASSERT_TRUE(Env::Default()->GetChildren(dir.Sub("wal"), &wal).ok());
  std::sort(wal.begin(), wal.end());
  std::string first = dir.Sub("wal/" + wal.front());
  uint64_t good = 0;
  ASSERT_TRUE(Env::Default()->GetFileSize(first, &good).ok());
  {
    std::unique_ptr<WritableFile> f;
    ASSERT_TRUE(Env::Default()->NewAppendableFile(first, &f).ok());
    ASSERT_TRUE(f->Append(std::string(40, '\x07')).ok());
    ASSERT_TRUE(f->Close().ok());
  }
  auto store = OpenStore(Env::Default(), dir.path(), StoreOptions());
  EXPECT_EQ(Contents(store.get()), expected);
  uint64_t size = 0;
  ASSERT_TRUE(Env::Default()->GetFileSize(first, &size).ok());
  EXPECT_EQ(size, good);
}

TEST(EventStore, FullDiskFailsWritesCleanlyAndKeepsReadsWorking) {
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  RandomBatchGenerator gen(9);
  auto store = OpenStore(&env, dir.path(), SmallOptions());
  std::multiset<std::string> acked;
  RandomBatchOptions o;
  o.rows = 60;
  for (int i = 0; i < 3; ++i) {
    EventBatch b = gen.Next(o);
    for (size_t r = 0; r < b.rows(); ++r) acked.insert(RowKey(b, r));
    AppendResult res;
    ASSERT_TRUE(store->Append(std::move(b), &res).ok());
  }
  env.SetSpaceBudget(0);
  EventBatch rejected = gen.Next(o);
  std::vector<std::string> rejected_keys;
  EventBatch retry;
  retry.AppendBatch(rejected);
  AppendResult res;
  Status s = store->Append(std::move(rejected), &res);
  EXPECT_EQ(s.code(), ErrorCode::kNoSpace) << s.ToString();
  EXPECT_EQ(res.accepted, 0u);
  EXPECT_EQ(Contents(store.get()), acked);  // reads keep working
  env.SetSpaceBudget(-1);
  // The rejected batch was not remembered as stored: its retry is accepted in full.
  for (size_t r = 0; r < retry.rows(); ++r) acked.insert(RowKey(retry, r));
  ASSERT_TRUE(store->Append(std::move(retry), &res).ok());
  EXPECT_EQ(res.accepted, 60u);
  store.reset();
  auto reopened = OpenStore(Env::Default(), dir.path(), SmallOptions());
  EXPECT_EQ(Contents(reopened.get()), acked);
}

TEST(EventStore, ConcurrentWritersAreGroupCommitted) {
  TempDir dir;
  auto store = OpenStore(Env::Default(), dir.path(), StoreOptions());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      RandomBatchGenerator gen(100 + t);
      for (int i = 0; i < 25; ++i) {
        RandomBatchOptions o;
        o.rows = 20;
        o.id_prefix = "t" + std::to_string(t) + "-";
        AppendResult r;
        EXPECT_TRUE(store->Append(gen.Next(o), &r).ok());
        EXPECT_EQ(r.accepted, 20u);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(store->Stats(false).events, 4u * 25 * 20);
}

TEST(EventStore, ADirectoryHoldsOneOpenStoreAtATime) {
  TempDir dir;
  auto first = OpenStore(Env::Default(), dir.path(), StoreOptions());
  std::unique_ptr<EventStore> second;
  Status s = EventStore::Open(Env::Default(), dir.path(), StoreOptions(), &second);
  EXPECT_EQ(s.code(), ErrorCode::kFailedPrecondition) << s.ToString();
  EXPECT_NE(s.message().find("locked"), std::string::npos) << s.ToString();
  ASSERT_TRUE(first->Close().ok());
  second = OpenStore(Env::Default(), dir.path(), StoreOptions());
  EXPECT_NE(second, nullptr);
}

TEST(EventStore, OnFlushAppendsSkipTheWalAndBecomeDurableByTheFlush) {
  TempDir dir;
  RandomBatchOptions bulk_rows;
  bulk_rows.rows = 150;
  bulk_rows.id_prefix = "bulk-";
  RandomBatchOptions wal_rows = bulk_rows;
  wal_rows.id_prefix = "wal-";
  std::multiset<std::string> bulk, logged;
  {
    EventBatch b = RandomBatchGenerator(31).Next(bulk_rows);
    for (size_t r = 0; r < b.rows(); ++r) bulk.insert(RowKey(b, r));
    EventBatch w = RandomBatchGenerator(32).Next(wal_rows);
    for (size_t r = 0; r < w.rows(); ++r) logged.insert(RowKey(w, r));
  }
  std::multiset<std::string> all = bulk;
  all.insert(logged.begin(), logged.end());
  {
    auto store = OpenStore(Env::Default(), dir.path(), StoreOptions());
    const uint64_t wal_before = store->Stats(false).wal_bytes;
    AppendResult r;
    ASSERT_TRUE(store->Append(RandomBatchGenerator(31).Next(bulk_rows), &r, Durability::kOnFlush).ok());
    EXPECT_EQ(r.accepted, 150u);
    EXPECT_EQ(store->Stats(false).wal_bytes, wal_before);
    ASSERT_TRUE(store->Append(RandomBatchGenerator(32).Next(wal_rows), &r, Durability::kWal).ok());
    EXPECT_GT(store->Stats(false).wal_bytes, wal_before);
    EXPECT_EQ(Contents(store.get()), all);
    // Closed without a flush, as a process that dies: only the WAL's events come back.
  }
  {
    auto store = OpenStore(Env::Default(), dir.path(), StoreOptions());
    EXPECT_EQ(Contents(store.get()), logged);
    AppendResult r;
    ASSERT_TRUE(store->Append(RandomBatchGenerator(31).Next(bulk_rows), &r, Durability::kOnFlush).ok());
    EXPECT_EQ(r.accepted, 150u);  // lost before, so not duplicates now
    ASSERT_TRUE(store->Flush().ok());
  }
  auto store = OpenStore(Env::Default(), dir.path(), StoreOptions());
  EXPECT_EQ(Contents(store.get()), all);
  EXPECT_EQ(store->Stats(false).memtable_rows, 0u);
}

}  // namespace
}  // namespace growloop
