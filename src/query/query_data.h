// QueryData: a project's events decoded for queries, kept warm in memory.
//
// Segments are immutable, so what a query decodes from one (its times, event names, distinct
// ids, and the property columns a question touched) is kept, keyed by the segment's file number,
// and shared by later queries. A chunk is the events of one UTC day sorted by distinct id, then
// time: a run of rows shares a distinct id, and a person's rows of a day are one run or a few.
// Events still in the store's memory tables are sorted into chunks of their own, kept while the
// memory tables hold the same batches: new batches are sorted into a group of chunks of their own,
// merged with the latest groups of similar size, so that a query after a few appends sorts only
// those.
//
// Strings become integer codes: event names and the values of string properties in
// project-wide dictionaries, distinct ids in a dictionary whose codes (qids) index the person
// table. persons[qid] is the qid that stands for the id's whole person (identity resolution:
// the first qid met of the person), recomputed when the identity map has merged persons since,
// so a merge changes every later answer, for events stored before it too.
//
// A query decodes only the days it may read (Acquire's day window). The decoded segments stay
// cached up to a byte budget; past it, those used least recently are dropped (a view holding
// one keeps it alive until the query ends), so the memory kept between queries is bounded and a
// query's peak is the budget plus what its own window needs.
//
// Thread-safety: Acquire may be called from any thread; the View it returns is read-only and
// stays valid while held, whatever later queries load or evict.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "event/event_batch.h"
#include "identity/id_table.h"
#include "identity/identity_map.h"
#include "storage/event_store.h"

namespace growloop {

class SegmentReader;

// Strings ↔ dense codes, 1-based (0 = no value). Append-only.
class StringDict {
 public:
  // The code of `s`, added when missing.
  uint32_t Intern(std::string_view s);
  // The code of `s`, or 0.
  uint32_t Find(std::string_view s) const;
  std::string_view Get(uint32_t code) const { return values_[code - 1]; }
  uint32_t size() const { return static_cast<uint32_t>(values_.size()); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> codes_;
  std::vector<std::string> values_;
};

// One property of a chunk, every type it has, row-aligned. Numbers, booleans (0/1) and
// timestamps (µs) are in `numbers` (NaN where the row has none); strings are codes of the
// property's dictionary in `strings` (0 where the row has none). A vector is empty when no row
// has a value of its kind.
struct ChunkProperty {
  std::vector<double> numbers;
  std::vector<uint32_t> strings;
};

class QueryData;

// The events of one UTC day, sorted by distinct id then time.
struct Chunk {
  int32_t day = 0;
  uint32_t rows = 0;
  int64_t min_ts = 0, max_ts = 0;
  std::vector<int64_t> ts;
  std::vector<uint16_t> event;  // codes of QueryData::events(), 1-based
  // Rows [run_start[r], run_start[r + 1]) have the distinct id run_qid[r].
  std::vector<uint32_t> run_start;
  std::vector<uint32_t> run_qid;
  // The rows of each event code, ascending: rows of code c are
  // event_rows[event_offsets[c] .. event_offsets[c + 1]); codes past the end have none.
  std::vector<uint32_t> event_offsets;
  std::vector<uint32_t> event_rows;

  uint32_t runs() const { return static_cast<uint32_t>(run_qid.size()); }
  // Bytes of memory the chunk holds: its columns and the properties loaded so far.
  size_t Bytes() const;
  std::pair<const uint32_t*, const uint32_t*> RowsOf(uint32_t code) const {
    if (code + 1 >= event_offsets.size()) return {nullptr, nullptr};
    return {event_rows.data() + event_offsets[code], event_rows.data() + event_offsets[code + 1]};
  }

  // Where property columns come from: a segment, or rows of in-memory batches.
  std::shared_ptr<const SegmentReader> segment;
  std::vector<std::shared_ptr<const EventBatch>> batches;
  std::vector<EventBatch::RowRef> batch_rows;  // chunk row -> batch row (in-memory chunks)

  mutable std::mutex props_mu;
  mutable std::unordered_map<std::string, std::shared_ptr<const ChunkProperty>> props;
};

// Persons come in blocks of 1 << kPersonBlockShift slots: the unit by which scans split the
// persons between threads and tile them to fit the caches.
constexpr uint32_t kPersonBlockShift = 10;
// The home of a qid numbered since the last renumbering (DataView::homes): none.
constexpr uint32_t kNoHome = UINT32_MAX;

// The persons of a chunk's runs under one person table: person[r] is the person of run r, and
// multi[r] is 1 when that person has other runs the same day (another id, or another chunk of
// the day), so that its rows of the day are not one time-ordered run, or when the run is a stray
// (see at_home), so that a scan by person blocks finds it with its person's rows in day_rows.
struct RunPersons {
  std::vector<uint32_t> person;
  std::vector<uint8_t> multi;
  // The runs by person block. A run is at home when its person's slot lies where its distinct
  // id sorts among the persons' ids (DataView::homes): nearly every run, as slots are numbered
  // in id order and runs come in id order. Runs at home come block by block: those of blocks
  // [b0, b1) are among the runs [block_begin[b0], block_begin[b1]), with strays between them.
  // The strays are the runs of a person's other ids and of persons numbered since the last
  // renumbering. Blocks past the end have no runs at home.
  std::vector<uint32_t> block_begin;
  std::vector<uint8_t> at_home;  // per run: 1 when at home, 0 when a stray
  uint32_t blocks() const {
    return block_begin.empty() ? 0 : static_cast<uint32_t>(block_begin.size() - 1);
  }
  // The runs [first, end) holding the runs at home of blocks [b0, b1).
  std::pair<uint32_t, uint32_t> MainRuns(uint32_t b0, uint32_t b1) const {
    const uint32_t n = blocks();
    if (n == 0) return {0, 0};
    return {block_begin[std::min(b0, n)], block_begin[std::min(b1, n)]};
  }
  // Fills the blocks (after `person`), given the chunk's run_qid and DataView::homes.
  void IndexBlocks(const std::vector<uint32_t>& run_qid, const std::vector<uint32_t>& homes);
  // The rows of the day's multi runs (every chunk of the day shares this list), sorted by
  // person, then time: what a per-person scan reads in place of their runs.
  struct Row {
    const Chunk* chunk;
    uint32_t person;
    uint32_t run;
    uint32_t row;
  };
  std::shared_ptr<const std::vector<Row>> day_rows;
};

// What QueryData's cache holds (for stats and tests).
struct DecodedCacheStats {
  size_t segments = 0;
  size_t bytes = 0;
  uint64_t evicted = 0;        // segments dropped for the budget since the start
  size_t memory_groups = 0;    // groups of chunks of the memory tables
  uint64_t memory_sorted = 0;  // rows sorted into them since the start
};

// What one query reads: the chunks (by day, then file), the person table, the dictionaries.
struct DataView {
  std::vector<std::shared_ptr<const Chunk>> chunks;
  std::vector<std::shared_ptr<const RunPersons>> run_persons;  // aligned with chunks
  // persons[qid]: the slot of the person of distinct id qid, a dense number the queries index
  // their per-person state with; size = qids known.
  std::shared_ptr<const std::vector<uint32_t>> persons;
  // slot_qids[slot]: the qid standing for the slot's person (the first of its ids seen).
  std::shared_ptr<const std::vector<uint32_t>> slot_qids;
  // homes[qid]: where the id sorts among the ids standing for persons (the slot it would have,
  // had its person been numbered by this id); kNoHome for qids met since the last renumbering.
  std::shared_ptr<const std::vector<uint32_t>> homes;
  const QueryData* data = nullptr;
  // Changes when the data a query reads may have: a segment published or compacted away, an
  // append to the memory table, a merge of persons. Answers cached under one signature are
  // still right under the same one.
  uint64_t signature = 0;
  DecodedCacheStats cache;  // the cache as Acquire left it
  uint32_t person_slots() const { return static_cast<uint32_t>(slot_qids->size()); }
};

// Which UTC days of the store a query reads, inclusive.
struct DayWindow {
  int32_t first = INT32_MIN;
  int32_t last = INT32_MAX;
};

class QueryData {
 public:
  // `cache_bytes`: the decoded segments kept between queries, at most (Chunk::Bytes()).
  QueryData(EventStore* store, const IdentityMap* identity, size_t cache_bytes)
      : store_(store), identity_(identity), cache_bytes_(cache_bytes) {}

  // The current snapshot of the store, the days of `window` decoded (from the cache where
  // possible), with persons resolved as the identity map says now. Decodes new segments on up
  // to `threads` threads. Then drops cached segments, least recently used first, while the
  // cache holds more than its budget.
  Status Acquire(int threads, DayWindow window, DataView* view);

  // What the cache holds now.
  using CacheStats = DecodedCacheStats;
  CacheStats cache_stats() const;

  // The property `name` of `chunk`, loaded (and kept) on first use. Null when no row has it.
  Status Property(const Chunk& chunk, const std::string& name,
                  std::shared_ptr<const ChunkProperty>* out) const;

  // Event-name codes; 0 when a name was never seen.
  uint32_t EventCode(std::string_view name) const;
  std::string EventName(uint32_t code) const;
  uint32_t EventCodes() const;  // the largest code
  // The code of a string value of `property`, 0 when no row has it; and all of them.
  uint32_t ValueCode(const std::string& property, std::string_view value) const;
  // The values of `property` (index code - 1).
  std::vector<std::string> Values(const std::string& property) const;
  std::string DistinctId(uint32_t qid) const;
  // How to show the person qid stands for: its known user id when the identity map has one,
  // else its first distinct id in the identity map's order (the same across restarts), else
  // the distinct id itself.
  std::string PersonLabel(uint32_t qid) const;

 private:
  Status LoadSegment(const StoreSnapshot::SegmentRef& ref, std::shared_ptr<Chunk>* out);
  // Reuses, extends or rebuilds memory_groups_ for the memory tables' `batches`.
  void UpdateMemoryGroups(const std::vector<std::shared_ptr<const EventBatch>>& batches);
  void BuildMemoryChunks(const std::vector<std::shared_ptr<const EventBatch>>& batches,
                         std::vector<std::shared_ptr<Chunk>>* out);
  // Fills run_qid for the distinct ids of each run (interning them) and the event postings.
  void FinishChunk(Chunk* chunk, const std::vector<std::string_view>& run_ids,
                   const std::vector<std::string_view>& row_events);
  Status LoadProperty(const Chunk& chunk, const std::string& name, ChunkProperty* out) const;
  std::shared_ptr<const std::vector<uint32_t>> ResolvePersons();
  // Fills view->run_persons for view->chunks and view->persons, from the cache when the chunk
  // and the person table are unchanged.
  void ResolveRuns(DataView* view);

  EventStore* const store_;
  const IdentityMap* const identity_;

  // Drops cached segments, least recently used first, down to the budget; returns the bytes
  // kept. Under acquire_mu_.
  size_t Evict();

  const size_t cache_bytes_;
  mutable std::mutex acquire_mu_;  // one Acquire at a time decodes and resolves
  struct CachedSegment {
    std::shared_ptr<Chunk> chunk;
    uint64_t last_used = 0;  // use_clock_ of the last Acquire that read it
  };
  std::unordered_map<uint64_t, CachedSegment> segments_;  // by file number
  uint64_t use_clock_ = 0;
  uint64_t evicted_ = 0;
  // Chunks of the memory tables' batches, by consecutive runs of batches, oldest first.
  struct MemoryGroup {
    std::vector<std::shared_ptr<const EventBatch>> batches;
    std::vector<size_t> rows;  // of each batch when the group was built
    uint64_t total_rows = 0;
    std::vector<std::shared_ptr<Chunk>> chunks;
  };
  std::vector<MemoryGroup> memory_groups_;
  uint64_t memory_sorts_ = 0;  // rows sorted into memory groups since the start

  mutable std::mutex dict_mu_;  // guards the dictionaries
  StringDict events_;
  IdTable ids_;                                                 // distinct id -> qid (its dense id)
  mutable std::unordered_map<std::string, StringDict> values_;  // property -> its string values

  // Person table: recomputed on a merge, extended for new qids.
  std::shared_ptr<const std::vector<uint32_t>> persons_;
  std::shared_ptr<const std::vector<uint32_t>> slot_qids_;
  std::shared_ptr<const std::vector<uint32_t>> homes_;
  size_t sorted_slots_ = 0;  // the first slots, numbered in distinct-id order
  uint64_t persons_generation_ = ~uint64_t{0};
  std::vector<uint32_t> canon_;  // identity person id -> qid standing for it
  // RunPersons of segment chunks under persons_; cleared when it changes. Each entry holds its
  // chunk, so that no other chunk can take its address while it is cached.
  struct CachedRuns {
    std::shared_ptr<const Chunk> chunk;
    std::shared_ptr<const RunPersons> runs;
    std::vector<const Chunk*> day;  // the chunks of its day when computed
  };
  std::unordered_map<const Chunk*, CachedRuns> run_persons_;
  const std::vector<uint32_t>* run_persons_table_ = nullptr;
};

}  // namespace growloop
