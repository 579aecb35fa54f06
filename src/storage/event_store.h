// EventStore: the durable event store of one project.
//
// Write path: Append() drops events whose id was stored before (dedup, per UTC day), writes the
// rest to the write-ahead log with group commit and fsync, then adds them to the in-memory
// table. When the table is large enough it is flushed, on a background thread, to immutable
// columnar segments (one per UTC day touched, rows sorted by distinct id and time), published
// crash-safely and listed in the manifest; the WAL files it covered are then deleted. Small
// segments of a day are merged by background compaction.
//
// Formats: docs/formats/wal.md, docs/formats/segment.md, docs/formats/manifest.md.
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "env/env.h"
#include "event/event_batch.h"

namespace growloop {

class SegmentReader;

struct StoreOptions {
  // The in-memory table is flushed to segments when it holds this many rows or bytes.
  // Two tables (one filling, one flushing) and the flush's sorted copy bound the store's memory.
  size_t memtable_max_rows = 500'000;
  size_t memtable_max_bytes = 128ull << 20;
  // A new WAL file is started when the current one reaches this size.
  uint64_t wal_file_max_bytes = 256ull << 20;
  // zstd level of segment columns (1..19). Level 1 measured both faster and no larger than 3
  // on the benchmark events (delta and dictionary encodings leave little for higher levels).
  int segment_zstd_level = 1;
  // Background compaction merges a day's segments under `small_rows` once it has
  // `trigger_segments` of them; `Compact()` merges any. A merge takes the day's smallest
  // segments that together hold at most `max_rows` (it reads them whole: this bounds its memory).
  size_t compaction_trigger_segments = 4;
  size_t compaction_small_rows = 250'000;
  size_t compaction_max_rows = 4'000'000;
  bool background_compaction = true;
  // Upper bound of id hashes kept in memory for dedup (older days are reloaded on demand).
  size_t dedup_cache_max_ids = 3'000'000;
  // Dedup window, in UTC days of the events' timestamps (1..30): an event is a duplicate when an
  // event with the same id is stored on its day or on one of the `dedup_window_days - 1` days
  // before or after it. 1 (the default) compares within the event's own UTC day, which catches
  // every SDK retry (a retry repeats the timestamp); a wider window also catches re-sends whose
  // timestamps moved across midnight, at one more hash probe per event and day of width.
  size_t dedup_window_days = 1;
};

// When an append is durable.
enum class Durability {
  // Written to the WAL and fsynced before Append returns: what every acknowledged capture needs.
  kWal,
  // Kept in memory until a flush writes it to segments, so lost in a crash before that. For a
  // bulk import, which acknowledges nothing until it has called Flush() and which can simply be
  // run again after a crash (the events stored by then are skipped as duplicates). Such events
  // still count for dedup, so a process must not mix them with kWal appends of the same ids.
  kOnFlush,
};

struct AppendResult {
  uint64_t accepted = 0;
  uint64_t duplicates = 0;
  // The accepted events as stored (duplicates removed); null when none were. Read-only, shared
  // with the store, so callers (the schema registry) can read them without a copy.
  std::shared_ptr<const EventBatch> stored;
};

struct StoreStats {
  uint64_t events = 0;
  // day (YYYY-MM-DD, UTC) -> event name -> count
  std::map<std::string, std::map<std::string, uint64_t>> per_day;
  std::map<std::string, uint64_t> per_event;
  uint64_t persons = 0;  // distinct ids; computed only when asked for
  uint64_t segments = 0;
  uint64_t segment_bytes = 0;
  uint64_t wal_bytes = 0;
  uint64_t memtable_rows = 0;
  uint64_t compactions = 0;
};

// What a query reads: the segments the manifest lists and the batches of the in-memory tables,
// taken under one lock, so that a flush publishing segments and dropping its table is seen whole
// or not at all. Holding a snapshot keeps its segment files readable (compaction may have
// replaced them) and its batches alive.
struct StoreSnapshot {
  struct SegmentRef {
    uint64_t file_no = 0;  // unique within the store, never reused: a cache key
    int32_t day = 0;       // UTC day of every event in it
    uint64_t rows = 0;
    std::shared_ptr<const SegmentReader> reader;
  };
  std::vector<SegmentRef> segments;
  std::vector<std::shared_ptr<const EventBatch>> batches;
};

class EventStore {
 public:
  // Opens (creating when missing) the store in `dir`: locks it (one store per directory at a
  // time, across processes), loads the manifest, removes files it does not list, replays the WAL
  // (truncating a torn tail). `env` must outlive the store.
  static Status Open(Env* env, const std::string& dir, const StoreOptions& options,
                     std::unique_ptr<EventStore>* out);

  virtual ~EventStore() = default;

  // Stores the events of `batch` whose ids are new. With Durability::kWal, returns only when they
  // are durable (WAL fsynced). On error nothing of the batch is acknowledged and nothing stored
  // before changes. Ids must be non-empty; timestamps must be valid (the ingest layer checks both).
  virtual Status Append(EventBatch batch, AppendResult* result,
                        Durability durability = Durability::kWal) = 0;

  // Writes the in-memory table to segments and waits until they are published.
  virtual Status Flush() = 0;
  // Merges the small segments of every day now (normally done in the background).
  virtual Status Compact() = 0;

  virtual StoreStats Stats(bool count_persons) = 0;

  // Calls fn for every stored event batch: each segment (rows sorted by distinct id, time),
  // then the in-memory table. For tests, stats and exports; queries use their own readers.
  virtual Status Scan(const std::function<Status(const EventBatch&)>& fn) = 0;
  // Calls fn for every batch of the in-memory tables only (events not yet in segments).
  virtual Status ScanUnflushed(const std::function<Status(const EventBatch&)>& fn) = 0;
  // The segments and in-memory batches as of now (see StoreSnapshot).
  virtual StoreSnapshot Snapshot() = 0;
  // Calls fn once per distinct id of each segment, then for every in-memory row's distinct id
  // (so an id may come several times). Reads only the distinct-id column of the segments.
  virtual Status ForEachDistinctId(const std::function<void(std::string_view)>& fn) = 0;
  // Calls fn(batch, row) for every event whose distinct id is in `ids`: segments are searched
  // through their sorted distinct-id column and decoded only when they hold one of the ids.
  virtual Status ScanDistinctIds(const std::vector<std::string>& ids,
                                 const std::function<void(const EventBatch&, size_t)>& fn) = 0;

  // Stops background work and closes files. Data in the WAL stays durable; a later Open
  // replays it. Called by the destructor when not called before.
  virtual Status Close() = 0;
};

}  // namespace growloop
