// Crash recovery: the fault-injecting file layer "kills" the store at a random point of a run
// of concurrent appends, flushes and compactions; what a power cut would leave is kept; the
// store is reopened. Every acknowledged event must be there exactly once, every event there must
// be one that was sent, and the store must take writes again.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "env/fault_injection_env.h"
#include "random_batch.h"
#include "storage/event_store.h"
#include "test_util.h"

namespace growloop {
namespace {

using testing::RandomBatchGenerator;
using testing::RandomBatchOptions;
using testing::RowKey;
using testing::TempDir;

int Trials() {
  const char* env = std::getenv("GROWLOOP_CRASH_TRIALS");
  return env ? std::atoi(env) : 200;
}

struct Ledger {
  std::mutex mu;
  std::map<std::string, std::string> sent;  // id -> row key
  std::set<std::string> acked;
};

void Writer(EventStore* store, uint64_t seed, int thread, Ledger* ledger, std::atomic<bool>* stop) {
  RandomBatchGenerator gen(seed);
  std::mt19937_64 rng(seed);
  EventBatch previous;
  for (int i = 0; i < 40 && !stop->load(); ++i) {
    RandomBatchOptions o;
    o.rows = 1 + rng() % 40;
    o.days = 2;
    o.id_prefix = "t" + std::to_string(thread) + "-";
    EventBatch b = gen.Next(o);
    if (rng() % 5 == 0 && !previous.empty()) b.AppendBatch(previous);  // an SDK retry
    std::vector<std::pair<std::string, std::string>> rows;
    for (size_t r = 0; r < b.rows(); ++r) rows.emplace_back(std::string(b.id(r)), RowKey(b, r));
    {
      std::lock_guard<std::mutex> lock(ledger->mu);
      for (const auto& [id, key] : rows) ledger->sent[id] = key;
    }
    previous = EventBatch();
    previous.AppendBatch(b);
    AppendResult res;
    Status s = store->Append(std::move(b), &res);
    if (!s.ok()) {
      stop->store(true);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(ledger->mu);
      for (const auto& [id, key] : rows) ledger->acked.insert(id);
    }
    if (rng() % 7 == 0) (void)store->Flush();
  }
}

TEST(CrashRecovery, AcknowledgedEventsSurviveACutAtAnyPoint) {
  const int trials = Trials();
  std::mt19937_64 rng(20260123);
  int cut_during_run = 0;
  for (int trial = 0; trial < trials; ++trial) {
    TempDir dir;
    FaultInjectionEnv env(Env::Default());
    StoreOptions o;
    o.memtable_max_rows = 50 + rng() % 200;
    o.wal_file_max_bytes = 4096 + rng() % 8192;
    o.compaction_trigger_segments = 2;
    o.compaction_small_rows = 1000;
    Ledger ledger;
    {
      env.FailAfter(static_cast<int64_t>(rng() % 400));
      std::unique_ptr<EventStore> store;
      Status s = EventStore::Open(&env, dir.path(), o, &store);
      if (s.ok()) {
        std::atomic<bool> stop{false};
        std::thread a(Writer, store.get(), rng(), 0, &ledger, &stop);
        std::thread b(Writer, store.get(), rng(), 1, &ledger, &stop);
        a.join();
        b.join();
        (void)store->Close();
      }
      if (env.dead()) ++cut_during_run;
    }
    ASSERT_TRUE(env.DropUnsyncedData().ok());

    FaultInjectionEnv after(Env::Default());  // fsyncs are not needed past this point
    std::unique_ptr<EventStore> store;
    Status s = EventStore::Open(&after, dir.path(), o, &store);
    ASSERT_TRUE(s.ok()) << "trial " << trial << ": " << s.ToString();
    std::map<std::string, int> seen;
    s = store->Scan([&](const EventBatch& batch) {
      for (size_t i = 0; i < batch.rows(); ++i) {
        std::string id(batch.id(i));
        seen[id]++;
        auto it = ledger.sent.find(id);
        if (it == ledger.sent.end()) return Internal("event " + id + " was never sent");
        if (it->second != RowKey(batch, i)) return Internal("event " + id + " came back altered");
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << "trial " << trial << ": " << s.ToString();
    for (const auto& [id, n] : seen) ASSERT_EQ(n, 1) << "trial " << trial << ": " << id;
    for (const std::string& id : ledger.acked) {
      ASSERT_EQ(seen.count(id), 1u) << "trial " << trial << ": acknowledged " << id << " lost";
    }
    // The recovered store takes writes and keeps them.
    RandomBatchGenerator gen(trial);
    RandomBatchOptions ro;
    ro.rows = 5;
    ro.id_prefix = "after-";
    AppendResult res;
    ASSERT_TRUE(store->Append(gen.Next(ro), &res).ok());
    EXPECT_EQ(res.accepted, 5u);
  }
  // Most trials must really cut the run somewhere, or the test proves little.
  EXPECT_GT(cut_during_run, trials / 2);
}

}  // namespace
}  // namespace growloop
