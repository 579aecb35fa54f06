#include "storage/event_store.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

#include "event/batch_codec.h"
#include "metrics/metrics.h"
#include "storage/dedup_index.h"
#include "storage/manifest.h"
#include "storage/segment.h"
#include "storage/string_dict.h"
#include "storage/wal.h"

namespace growloop {
namespace {

// Largest group of batches one leader commits with one fsync.
constexpr size_t kMaxGroupRows = 1 << 20;
// Threads that write the day segments of one flush.
constexpr size_t kFlushThreads = 2;
// Background threads (flushes and compactions), and frozen tables waiting for or in a flush.
// Two tables are flushed at once: a time-ordered import fills one table per day or less, so the
// days of one table alone would keep a single core busy.
constexpr size_t kBackgroundThreads = 2;
constexpr size_t kMaxFrozenTables = 2;

struct StoreMetrics {
  Counter* ingested;
  Counter* duplicates;
  Counter* wal_records;
  Counter* wal_bytes;
  Counter* wal_syncs;
  Histogram* wal_sync_latency;
  Counter* segments_written;
  Counter* segment_bytes;
  Counter* flushes;
  Counter* compactions;
  Counter* compaction_input_segments;
  Counter* write_errors;

  static const StoreMetrics& Get() {
    static const StoreMetrics m = [] {
      MetricsRegistry& r = MetricsRegistry::Global();
      StoreMetrics s;
      s.ingested = r.GetCounter("growloop_events_stored_total", "Events stored (after dedup).");
      s.duplicates = r.GetCounter("growloop_events_duplicate_total",
                                  "Events dropped because their id was stored before.");
      s.wal_records = r.GetCounter("growloop_wal_records_total", "WAL records appended.");
      s.wal_bytes = r.GetCounter("growloop_wal_bytes_total", "WAL bytes appended.");
      s.wal_syncs = r.GetCounter("growloop_wal_syncs_total", "WAL fsyncs (one per commit group).");
      s.wal_sync_latency = r.GetHistogram("growloop_wal_fsync_seconds", "WAL fsync latency.");
      s.segments_written = r.GetCounter("growloop_segments_written_total",
                                        "Segments written by flushes and compactions.");
      s.segment_bytes =
          r.GetCounter("growloop_segment_bytes_written_total", "Bytes of segments written.");
      s.flushes = r.GetCounter("growloop_flushes_total", "Memtable flushes to segments.");
      s.compactions = r.GetCounter("growloop_compactions_total", "Compactions run.");
      s.compaction_input_segments = r.GetCounter("growloop_compaction_input_segments_total",
                                                 "Segments merged away by compaction.");
      s.write_errors = r.GetCounter("growloop_store_write_errors_total",
                                    "Appends that failed (disk full, I/O error).");
      return s;
    }();
    return m;
  }
};

struct MemTable {
  std::vector<std::shared_ptr<const EventBatch>> batches;
  size_t rows = 0;
  size_t bytes = 0;
  uint64_t last_lsn = 0;
  uint64_t wal_end = 0;   // set when frozen: WAL files below this number hold only this table
  bool flushing = false;  // a background thread is writing it (guarded by the store's mu_)
};

struct Segment {
  ManifestSegment meta;
  std::shared_ptr<SegmentReader> reader;
};

// What a reader sees: the live segments and the batches of the in-memory tables, taken under
// one lock so that a flush publishing segments and dropping its table is seen whole or not at all.
struct ReadView {
  std::vector<Segment> segments;
  std::vector<std::shared_ptr<const EventBatch>> batches;
};

class EventStoreImpl final : public EventStore {
 public:
  EventStoreImpl(Env* env, std::string dir, const StoreOptions& options)
      : env_(env),
        dir_(std::move(dir)),
        options_(options),
        dedup_(options.dedup_cache_max_ids),
        mem_(std::make_shared<MemTable>()) {}

  ~EventStoreImpl() override { (void)Close(); }

  Status Recover();
  void StartBackground() {
    for (size_t i = 0; i < kBackgroundThreads; ++i) {
      bg_threads_.push_back(env_->StartThread("gl-store-bg", [this] { BackgroundLoop(); }));
    }
  }

  Status Append(EventBatch batch, AppendResult* result, Durability durability) override;
  Status Flush() override;
  Status Compact() override;
  StoreStats Stats(bool count_persons) override;
  Status Scan(const std::function<Status(const EventBatch&)>& fn) override;
  Status ScanUnflushed(const std::function<Status(const EventBatch&)>& fn) override;
  StoreSnapshot Snapshot() override;
  Status ForEachDistinctId(const std::function<void(std::string_view)>& fn) override;
  Status ScanDistinctIds(const std::vector<std::string>& ids,
                         const std::function<void(const EventBatch&, size_t)>& fn) override;
  Status Close() override;

 private:
  struct Writer {
    EventBatch* batch;  // null: a flush request, which freezes the memtable when it leads
    AppendResult* result;
    Durability durability = Durability::kWal;
    Status status;
    bool done = false;
    std::condition_variable cv;
  };

  // Freezes the memtable when full (waiting for the previous flush). Requires mu_ held.
  Status MakeRoomForWrite(std::unique_lock<std::mutex>& lock, bool force);
  Status OpenNewWal();
  // Drops rows whose ids are stored already (or earlier in the group) and adds the others to the
  // dedup index, listing them in `added` so that a failed commit can take them out again.
  Status Dedup(EventBatch* batch, AppendResult* result,
               std::vector<std::pair<int32_t, uint64_t>>* added);
  Status EnsureDayLoaded(int32_t day);
  void BackgroundLoop();
  Status FlushImmutable(const std::shared_ptr<MemTable>& imm);
  // One merge per day at most; *merged (when given) is set when one happened.
  Status CompactDays(bool force, bool* merged = nullptr);
  Status WriteDaySegment(int32_t day, const std::vector<const EventBatch*>& batches,
                         const std::vector<EventBatch::RowRef>& rows, Segment* out);
  Manifest CurrentManifestLocked() const;
  ReadView ViewLocked() const;

  Env* const env_;
  const std::string dir_;
  const StoreOptions options_;

  std::mutex mu_;
  std::condition_variable bg_cv_;    // wakes the background thread
  std::condition_variable done_cv_;  // signals a finished flush or compaction
  std::deque<Writer*> writers_;
  DedupIndex dedup_;  // used only by the group-commit leader
  std::shared_ptr<MemTable> mem_;
  // Frozen tables, oldest first. They are written concurrently and published in this order.
  std::deque<std::shared_ptr<MemTable>> imm_;
  std::vector<Segment> segments_;
  std::unique_ptr<WalWriter> wal_;
  uint64_t wal_file_no_ = 0;
  uint64_t wal_start_ = 0;
  uint64_t flushed_lsn_ = 0;
  uint64_t next_lsn_ = 1;
  uint64_t next_file_no_ = 1;
  Status bg_error_;
  bool read_only_ = false;  // after a failed fsync nothing more is written until reopened
  bool closing_ = false;
  bool closed_ = false;
  bool compact_requested_ = false;
  uint64_t compactions_ = 0;
  std::vector<std::thread> bg_threads_;
  std::unique_ptr<FileLock> lock_;  // held from Recover() to Close()
  std::mutex manifest_mu_;          // serializes manifest writers (flush and compaction)
};

bool ParseFileNo(const std::string& name, const char* suffix, uint64_t* n) {
  size_t sl = std::strlen(suffix);
  if (name.size() <= sl || name.compare(name.size() - sl, sl, suffix) != 0) return false;
  std::string digits = name.substr(0, name.size() - sl);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  *n = std::stoull(digits);
  return true;
}

Status EventStoreImpl::Recover() {
  RETURN_IF_ERROR(env_->CreateDirs(dir_));
  RETURN_IF_ERROR(env_->LockFile(JoinPath(dir_, "LOCK"), &lock_));
  RETURN_IF_ERROR(env_->CreateDirs(JoinPath(dir_, "wal")));
  RETURN_IF_ERROR(env_->CreateDirs(JoinPath(dir_, "segments")));
  Manifest manifest;
  bool exists = false;
  RETURN_IF_ERROR(ReadManifest(env_, dir_, &manifest, &exists));
  wal_start_ = manifest.wal_start;
  flushed_lsn_ = manifest.last_lsn;
  uint64_t max_file_no = 0;

  // Segments: open the listed ones, remove what an interrupted flush or compaction left.
  std::set<std::string> listed;
  for (const ManifestSegment& m : manifest.segments) {
    listed.insert(SegmentRelativePath(m.day, m.file_no));
    max_file_no = std::max(max_file_no, m.file_no);
  }
  std::string seg_root = JoinPath(dir_, "segments");
  std::vector<std::string> days;
  RETURN_IF_ERROR(env_->GetChildren(seg_root, &days));
  for (const std::string& day : days) {
    std::string day_dir = JoinPath(seg_root, day);
    std::vector<std::string> files;
    RETURN_IF_ERROR(env_->GetChildren(day_dir, &files));
    for (const std::string& f : files) {
      uint64_t n = 0;
      if (ParseFileNo(f, ".gls", &n) || ParseFileNo(f, ".gls.tmp", &n)) {
        max_file_no = std::max(max_file_no, n);
      }
      if (listed.count("segments/" + day + "/" + f) == 0) {
        RETURN_IF_ERROR(env_->DeleteFile(JoinPath(day_dir, f)));
      }
    }
  }
  for (const ManifestSegment& m : manifest.segments) {
    Segment s;
    s.meta = m;
    std::unique_ptr<SegmentReader> reader;
    RETURN_IF_ERROR(
        SegmentReader::Open(env_, JoinPath(dir_, SegmentRelativePath(m.day, m.file_no)), &reader));
    if (reader->footer().rows != m.rows) {
      return Corruption(reader->path() + ": row count differs from the manifest");
    }
    s.reader = std::move(reader);
    segments_.push_back(std::move(s));
  }

  // WAL: replay the live files in order into the memtable.
  std::vector<std::string> wal_names;
  RETURN_IF_ERROR(env_->GetChildren(JoinPath(dir_, "wal"), &wal_names));
  std::vector<uint64_t> wal_files;
  for (const std::string& f : wal_names) {
    uint64_t n = 0;
    if (!ParseFileNo(f, ".log", &n)) continue;
    max_file_no = std::max(max_file_no, n);
    if (n < wal_start_) {
      RETURN_IF_ERROR(env_->DeleteFile(JoinPath(JoinPath(dir_, "wal"), f)));
    } else {
      wal_files.push_back(n);
    }
  }
  std::sort(wal_files.begin(), wal_files.end());
  uint64_t last_lsn = flushed_lsn_;
  // Records are read in order and decoded two at a time: decoding is most of the replay's cost.
  std::vector<std::pair<uint64_t, std::string>> pending;
  auto drain = [&](const std::string& path) -> Status {
    std::vector<std::shared_ptr<EventBatch>> decoded(pending.size());
    std::vector<Status> results(pending.size());
    std::atomic<size_t> next_record{0};
    auto work = [&] {
      for (size_t i = next_record++; i < pending.size(); i = next_record++) {
        decoded[i] = std::make_shared<EventBatch>();
        results[i] = BatchCodec::Decode(pending[i].second, decoded[i].get());
      }
    };
    std::thread helper = env_->StartThread("gl-wal-replay", work);
    work();
    helper.join();
    for (size_t i = 0; i < pending.size(); ++i) {
      RETURN_IF_ERROR(results[i].WithContext(path));
      mem_->rows += decoded[i]->rows();
      mem_->bytes += decoded[i]->ByteSize();
      mem_->last_lsn = pending[i].first;
      last_lsn = std::max(last_lsn, pending[i].first);
      mem_->batches.push_back(std::move(decoded[i]));
    }
    pending.clear();
    return Status::Ok();
  };
  for (uint64_t n : wal_files) {
    std::string path = JoinPath(dir_, WalRelativePath(n));
    WalReadResult r;
    Status s = ReadWalFile(
        env_, path,
        [&](uint64_t lsn, uint8_t type, std::string_view payload) -> Status {
          if (type != kWalRecordEventBatch) {
            return Corruption(path + ": unknown record type " + std::to_string(type));
          }
          if (lsn <= flushed_lsn_) return Status::Ok();  // already in segments
          pending.emplace_back(lsn, std::string(payload));
          if (pending.size() >= 16) return drain(path);
          return Status::Ok();
        },
        &r);
    RETURN_IF_ERROR(s);
    RETURN_IF_ERROR(drain(path));
    if (r.torn_tail) {
      // Bytes after the last intact record were never acknowledged: cut them off so that no
      // later record can follow garbage.
      RETURN_IF_ERROR(env_->TruncateFile(path, r.valid_bytes));
      std::unique_ptr<WalWriter> w;
      RETURN_IF_ERROR(WalWriter::Open(env_, path, &w));
      RETURN_IF_ERROR(w->Sync());
      RETURN_IF_ERROR(w->Close());
    }
  }
  next_lsn_ = last_lsn + 1;
  next_file_no_ = max_file_no + 1;
  RETURN_IF_ERROR(OpenNewWal());
  if (!exists) {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(WriteManifest(env_, dir_, CurrentManifestLocked()));
  }
  return Status::Ok();
}

Status EventStoreImpl::OpenNewWal() {
  // The new file is made durable before the old one is let go, so a failure (disk full) leaves
  // the store writing to the old file.
  uint64_t file_no = next_file_no_++;
  std::unique_ptr<WalWriter> next;
  RETURN_IF_ERROR(WalWriter::Open(env_, JoinPath(dir_, WalRelativePath(file_no)), &next));
  RETURN_IF_ERROR(env_->SyncDir(JoinPath(dir_, "wal")));
  if (wal_) (void)wal_->Close();  // every acknowledged record in it was synced already
  wal_ = std::move(next);
  wal_file_no_ = file_no;
  return Status::Ok();
}

ReadView EventStoreImpl::ViewLocked() const {
  ReadView view;
  view.segments = segments_;
  for (const auto& table : imm_) {
    view.batches.insert(view.batches.end(), table->batches.begin(), table->batches.end());
  }
  view.batches.insert(view.batches.end(), mem_->batches.begin(), mem_->batches.end());
  return view;
}

Manifest EventStoreImpl::CurrentManifestLocked() const {
  Manifest m;
  m.wal_start = wal_start_;
  m.last_lsn = flushed_lsn_;
  for (const Segment& s : segments_) m.segments.push_back(s.meta);
  return m;
}

Status EventStoreImpl::MakeRoomForWrite(std::unique_lock<std::mutex>& lock, bool force) {
  while (true) {
    if (closed_) return Unavailable("event store is closed");
    bool full = mem_->rows >= options_.memtable_max_rows ||
                mem_->bytes >= options_.memtable_max_bytes ||
                (wal_ && wal_->size() >= options_.wal_file_max_bytes);
    if (!full && !(force && mem_->rows > 0)) return Status::Ok();
    if (imm_.size() >= kMaxFrozenTables) {
      if (!bg_error_.ok()) return bg_error_;
      done_cv_.wait(lock);
      continue;
    }
    // Freeze the memtable; its WAL files end where the new file starts.
    Status s = OpenNewWal();
    if (!s.ok()) return s;
    mem_->wal_end = wal_file_no_;
    imm_.push_back(std::move(mem_));
    mem_ = std::make_shared<MemTable>();
    bg_cv_.notify_all();
    if (force) return Status::Ok();
  }
}

Status EventStoreImpl::EnsureDayLoaded(int32_t day) {
  if (dedup_.Day(day) != nullptr) return Status::Ok();
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
  }
  HashSet64 set;
  for (const Segment& seg : view.segments) {
    if (seg.meta.day != day) continue;
    StringColumn ids;
    RETURN_IF_ERROR(seg.reader->ReadStringColumn(kColId, &ids));
    for (size_t i = 0; i < ids.size(); ++i) set.Insert(HashEventId(ids.Get(i)));
  }
  for (const auto& b : view.batches) {
    for (size_t i = 0; i < b->rows(); ++i) {
      if (DayOfMicros(b->ts(i)) == day) set.Insert(HashEventId(b->id(i)));
    }
  }
  *dedup_.LoadDay(day) = std::move(set);
  return Status::Ok();
}

Status EventStoreImpl::Dedup(EventBatch* batch, AppendResult* result,
                             std::vector<std::pair<int32_t, uint64_t>>* added) {
  std::vector<uint8_t> keep(batch->rows(), 1);
  size_t dropped = 0;
  int32_t cached_day = INT32_MIN;
  HashSet64* day_set = nullptr;
  // The other days of the window, looked up for the current day: (day - w + 1 .. day + w - 1).
  const int32_t width = static_cast<int32_t>(options_.dedup_window_days) - 1;
  std::vector<HashSet64*> neighbours;
  for (size_t i = 0; i < batch->rows(); ++i) {
    int32_t day = DayOfMicros(batch->ts(i));
    if (day != cached_day) {
      neighbours.clear();
      for (int32_t d = day - width; d <= day + width; ++d) {
        if (d == day) continue;
        RETURN_IF_ERROR(EnsureDayLoaded(d));
      }
      RETURN_IF_ERROR(EnsureDayLoaded(day));
      // Set pointers stay valid until EvictOver, which runs after the commit.
      for (int32_t d = day - width; d <= day + width; ++d) {
        if (d != day) neighbours.push_back(dedup_.Day(d));
      }
      day_set = dedup_.Day(day);
      cached_day = day;
    }
    uint64_t h = HashEventId(batch->id(i));
    bool seen = false;
    for (const HashSet64* other : neighbours) seen = seen || other->Contains(h);
    if (seen || !day_set->Insert(h)) {
      keep[i] = 0;
      ++dropped;
      continue;
    }
    added->emplace_back(day, h);
  }
  if (dropped > 0) batch->Filter(keep);
  result->accepted = batch->rows();
  result->duplicates = dropped;
  return Status::Ok();
}

Status EventStoreImpl::Append(EventBatch batch, AppendResult* result, Durability durability) {
  *result = AppendResult();
  for (size_t i = 0; i < batch.rows(); ++i) {
    if (batch.id(i).empty())
      return InvalidArgument("event store: row " + std::to_string(i) + " has no id");
  }
  Writer w;
  w.batch = &batch;
  w.result = result;
  w.durability = durability;
  std::unique_lock<std::mutex> lock(mu_);
  writers_.push_back(&w);
  while (!w.done && &w != writers_.front()) w.cv.wait(lock);
  if (w.done) return w.status;
  if (batch.empty()) {
    writers_.pop_front();
    if (!writers_.empty()) writers_.front()->cv.notify_one();
    return Status::Ok();
  }

  // This writer leads a group: it commits its own batch and those queued behind it.
  Status s;
  if (read_only_) {
    s = Unavailable("event store is read-only after a failed fsync; restart to recover");
  } else {
    s = MakeRoomForWrite(lock, false);
  }
  std::vector<Writer*> group;
  size_t group_rows = 0;
  for (Writer* q : writers_) {
    if (q->batch == nullptr) break;  // a flush request leads on its own
    if (!group.empty() && group_rows + q->batch->rows() > kMaxGroupRows) break;
    group.push_back(q);
    group_rows += q->batch->rows();
  }
  std::vector<std::pair<int32_t, uint64_t>> added;
  std::vector<std::shared_ptr<const EventBatch>> stored;
  size_t stored_rows = 0, stored_bytes = 0;
  uint64_t lsn = 0;
  if (s.ok()) {
    lock.unlock();
    const StoreMetrics& m = StoreMetrics::Get();
    std::string payload;
    const uint64_t wal_size_before = wal_->size();
    uint64_t first_lsn = next_lsn_;  // only the leader advances next_lsn_
    lsn = first_lsn;
    for (Writer* q : group) {
      s = Dedup(q->batch, q->result, &added);
      if (!s.ok()) break;
      if (q->batch->empty() || q->durability == Durability::kOnFlush) continue;
      payload.clear();
      BatchCodec::Encode(*q->batch, &payload);
      s = wal_->AddRecord(lsn, kWalRecordEventBatch, payload, WalCompression::kLz4);
      if (!s.ok()) break;
      m.wal_records->Add();
      m.wal_bytes->Add(payload.size());
      ++lsn;
    }
    if (s.ok() && lsn != first_lsn) {
      int64_t t0 = env_->MonotonicMicros();
      s = wal_->Sync();
      m.wal_sync_latency->ObserveMicros(env_->MonotonicMicros() - t0);
      m.wal_syncs->Add();
      if (!s.ok()) read_only_ = true;  // the page cache may have dropped the unsynced pages
    }
    if (s.ok()) {
      std::vector<int32_t> keep;
      for (const auto& [day, h] : added) {
        if (keep.empty() || keep.back() != day) keep.push_back(day);
      }
      dedup_.EvictOver(keep);
      for (Writer* q : group) {
        m.ingested->Add(q->result->accepted);
        m.duplicates->Add(q->result->duplicates);
        if (q->batch->empty()) continue;
        stored_rows += q->batch->rows();
        stored_bytes += q->batch->ByteSize();
        auto batch = std::make_shared<const EventBatch>(std::move(*q->batch));
        q->result->stored = batch;
        stored.push_back(std::move(batch));
      }
      next_lsn_ = lsn;
    } else {
      m.write_errors->Add();
      for (const auto& [day, h] : added) dedup_.Day(day)->Erase(h);
      // Nothing of this group is acknowledged, so none of it may reach the WAL's durable part.
      if (!read_only_ && !wal_->Rollback(wal_size_before).ok()) read_only_ = true;
    }
    lock.lock();
  }
  if (s.ok() && !stored.empty()) {
    for (auto& b : stored) mem_->batches.push_back(std::move(b));
    mem_->rows += stored_rows;
    mem_->bytes += stored_bytes;
    mem_->last_lsn = lsn - 1;
  }
  for (Writer* q : group) {
    writers_.pop_front();
    if (!s.ok()) *q->result = AppendResult();
    q->status = s;
    q->done = true;
    if (q != &w) q->cv.notify_one();
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  return s;
}

void EventStoreImpl::BackgroundLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  auto any_flushing = [this] {
    return std::any_of(imm_.begin(), imm_.end(), [](const auto& t) { return t->flushing; });
  };
  while (true) {
    std::shared_ptr<MemTable> table;
    if (bg_error_.ok()) {
      for (const auto& t : imm_) {
        if (!t->flushing) {
          table = t;
          break;
        }
      }
    }
    if (table) {
      table->flushing = true;
      lock.unlock();
      Status s = FlushImmutable(table);
      lock.lock();
      table->flushing = false;
      if (!s.ok() && bg_error_.ok()) bg_error_ = s;
      done_cv_.notify_all();
      continue;
    }
    if (compact_requested_ && bg_error_.ok()) {
      compact_requested_ = false;
      lock.unlock();
      Status s = CompactDays(false);
      lock.lock();
      if (!s.ok()) bg_error_ = s;
      done_cv_.notify_all();
      continue;
    }
    if (closing_) break;
    if (!bg_error_.ok() && !imm_.empty()) {
      // A failed flush (disk full) is retried after a pause, once no other flush is under way;
      // writes wait or fail meanwhile.
      bg_cv_.wait_for(lock, std::chrono::seconds(1));
      if (closing_) break;
      if (!any_flushing()) bg_error_ = Status::Ok();
      continue;
    }
    bg_cv_.wait(lock);
  }
}

Status EventStoreImpl::WriteDaySegment(int32_t day, const std::vector<const EventBatch*>& batches,
                                       const std::vector<EventBatch::RowRef>& rows, Segment* out) {
  uint64_t file_no;
  {
    std::lock_guard<std::mutex> lock(mu_);
    file_no = next_file_no_++;
  }
  std::string day_dir = JoinPath(JoinPath(dir_, "segments"), DayToString(day));
  if (!env_->FileExists(day_dir)) {
    RETURN_IF_ERROR(env_->CreateDirs(day_dir));
    RETURN_IF_ERROR(env_->SyncDir(JoinPath(dir_, "segments")));
  }
  std::string path = JoinPath(dir_, SegmentRelativePath(day, file_no));
  SegmentWriteOptions wo;
  wo.zstd_level = options_.segment_zstd_level;
  SegmentFooter footer;
  uint64_t size = 0;
  RETURN_IF_ERROR(WriteSegment(env_, path, batches, rows, day, wo, &footer, &size));
  std::unique_ptr<SegmentReader> reader;
  RETURN_IF_ERROR(SegmentReader::Open(env_, path, &reader));
  out->meta = ManifestSegment{day, file_no, rows.size(), size};
  out->reader = std::move(reader);
  const StoreMetrics& m = StoreMetrics::Get();
  m.segments_written->Add();
  m.segment_bytes->Add(size);
  return Status::Ok();
}

// Row order inside a segment: distinct id, then time, then arrival order. The distinct ids are
// ranked once (sorting the distinct values, not the rows), the rows placed by a stable counting
// sort on that rank, and then each person's rows, which nearly always arrived in time order
// already, checked and sorted by time only where they did not.
std::vector<EventBatch::RowRef> SortedRows(const std::vector<const EventBatch*>& batches,
                                           const std::vector<EventBatch::RowRef>& rows) {
  const size_t n = rows.size();
  StringDict ids(n / 4 + 16);
  std::vector<uint32_t> code(n);
  for (size_t i = 0; i < n; ++i)
    code[i] = ids.Insert(batches[rows[i].batch]->distinct_id(rows[i].row));
  const std::vector<std::string_view>& uniques = ids.values();
  std::vector<uint32_t> order(uniques.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return uniques[a] < uniques[b]; });
  std::vector<uint32_t> rank(uniques.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  std::vector<size_t> start(uniques.size() + 1, 0);
  for (size_t i = 0; i < n; ++i) start[rank[code[i]] + 1]++;
  for (size_t r = 0; r < uniques.size(); ++r) start[r + 1] += start[r];
  std::vector<size_t> next(start.begin(), start.end() - 1);
  std::vector<EventBatch::RowRef> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[next[rank[code[i]]]++] = rows[i];
  auto ts = [&](const EventBatch::RowRef& r) { return batches[r.batch]->ts(r.row); };
  for (size_t r = 0; r < uniques.size(); ++r) {
    auto first = sorted.begin() + static_cast<std::ptrdiff_t>(start[r]);
    auto last = sorted.begin() + static_cast<std::ptrdiff_t>(start[r + 1]);
    bool in_order =
        std::is_sorted(first, last, [&](const auto& a, const auto& b) { return ts(a) < ts(b); });
    if (!in_order)
      std::stable_sort(first, last, [&](const auto& a, const auto& b) { return ts(a) < ts(b); });
  }
  return sorted;
}

Status EventStoreImpl::FlushImmutable(const std::shared_ptr<MemTable>& imm) {
  std::vector<const EventBatch*> batches;
  std::map<int32_t, std::vector<EventBatch::RowRef>> by_day;
  for (uint32_t b = 0; b < imm->batches.size(); ++b) {
    const EventBatch& batch = *imm->batches[b];
    batches.push_back(&batch);
    for (uint32_t r = 0; r < batch.rows(); ++r) {
      by_day[DayOfMicros(batch.ts(r))].push_back({b, r});
    }
  }
  // Days are sorted, encoded and written in parallel: on a time-ordered import a flush spans
  // one or two days, and this is the store's most CPU-hungry step.
  std::vector<std::pair<int32_t, std::vector<EventBatch::RowRef>>> days(
      std::make_move_iterator(by_day.begin()), std::make_move_iterator(by_day.end()));
  std::vector<Segment> written(days.size());
  std::vector<Status> results(days.size());
  std::atomic<size_t> next_day{0};
  auto work = [&] {
    for (size_t i = next_day++; i < days.size(); i = next_day++) {
      std::vector<EventBatch::RowRef> sorted = SortedRows(batches, days[i].second);
      results[i] = WriteDaySegment(days[i].first, batches, sorted, &written[i]);
    }
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < std::min<size_t>(kFlushThreads, days.size()); ++t) {
    helpers.push_back(env_->StartThread("gl-flush", work));
  }
  work();
  for (auto& h : helpers) h.join();
  auto discard = [&] {
    for (const Segment& w : written) {
      if (w.reader)
        (void)env_->DeleteFile(JoinPath(dir_, SegmentRelativePath(w.meta.day, w.meta.file_no)));
    }
  };
  for (const Status& r : results) {
    if (r.ok()) continue;
    discard();
    return r;
  }
  // Published oldest table first, so the manifest's WAL start and last LSN only pass over
  // tables whose events are all in segments. If an older table's flush failed, this one is
  // written again after the retry.
  {
    std::unique_lock<std::mutex> lock(mu_);
    while (imm_.front() != imm && bg_error_.ok()) done_cv_.wait(lock);
    if (imm_.front() != imm) {
      Status error = bg_error_;
      lock.unlock();
      discard();
      return error;
    }
  }
  std::lock_guard<std::mutex> mlock(manifest_mu_);
  Manifest next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    next = CurrentManifestLocked();
  }
  next.wal_start = imm->wal_end;
  next.last_lsn = std::max(next.last_lsn, imm->last_lsn);
  for (const Segment& s : written) next.segments.push_back(s.meta);
  Status s = WriteManifest(env_, dir_, next);
  if (!s.ok()) {
    discard();
    return s;
  }
  uint64_t old_wal_start;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old_wal_start = wal_start_;
    wal_start_ = next.wal_start;
    flushed_lsn_ = next.last_lsn;
    for (Segment& w : written) segments_.push_back(std::move(w));
    imm_.pop_front();
    compact_requested_ = options_.background_compaction;
  }
  StoreMetrics::Get().flushes->Add();
  for (uint64_t n = old_wal_start; n < next.wal_start; ++n) {
    std::string path = JoinPath(dir_, WalRelativePath(n));
    if (env_->FileExists(path)) (void)env_->DeleteFile(path);  // a leftover is deleted on open
  }
  return Status::Ok();
}

Status EventStoreImpl::CompactDays(bool force, bool* merged) {
  std::lock_guard<std::mutex> mlock(manifest_mu_);
  // Per day, the smallest segments that together hold at most compaction_max_rows, merged into
  // one. In the background, only segments under compaction_small_rows, once there are
  // compaction_trigger_segments of them: merging large ones would stall the flushes behind it.
  // Forced (`growloop compact`, after a bulk import), any two or more: a day of one segment is
  // what its queries read fastest, as one run per person.
  std::map<int32_t, std::vector<Segment>> by_day;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Segment& s : segments_) {
      if (force || s.meta.rows < options_.compaction_small_rows) by_day[s.meta.day].push_back(s);
    }
  }
  for (auto& [day, segs] : by_day) {
    std::sort(segs.begin(), segs.end(), [](const Segment& a, const Segment& b) {
      return a.meta.rows != b.meta.rows ? a.meta.rows < b.meta.rows
                                        : a.meta.file_no < b.meta.file_no;
    });
    uint64_t rows_in = 0;
    size_t take = 0;
    while (take < segs.size() && rows_in + segs[take].meta.rows <= options_.compaction_max_rows) {
      rows_in += segs[take++].meta.rows;
    }
    segs.resize(take);
    const size_t trigger = force ? 2 : options_.compaction_trigger_segments;
    if (segs.size() < trigger) continue;
    // Oldest file first: rows of equal (distinct id, time) keep their arrival order.
    std::sort(segs.begin(), segs.end(),
              [](const Segment& a, const Segment& b) { return a.meta.file_no < b.meta.file_no; });
    std::vector<EventBatch> inputs(segs.size());
    std::vector<const EventBatch*> ptrs;
    std::vector<EventBatch::RowRef> rows;
    for (uint32_t i = 0; i < segs.size(); ++i) {
      RETURN_IF_ERROR(segs[i].reader->ReadBatch(&inputs[i]));
      ptrs.push_back(&inputs[i]);
      for (uint32_t r = 0; r < inputs[i].rows(); ++r) rows.push_back({i, r});
    }
    std::vector<EventBatch::RowRef> sorted = SortedRows(ptrs, rows);
    Segment out;
    RETURN_IF_ERROR(WriteDaySegment(day, ptrs, sorted, &out));
    inputs.clear();
    std::set<uint64_t> removed;
    for (const Segment& s : segs) removed.insert(s.meta.file_no);
    Manifest next;
    {
      std::lock_guard<std::mutex> lock(mu_);
      next = CurrentManifestLocked();
    }
    std::erase_if(next.segments,
                  [&](const ManifestSegment& m) { return removed.count(m.file_no); });
    next.segments.push_back(out.meta);
    Status s = WriteManifest(env_, dir_, next);
    if (!s.ok()) {
      (void)env_->DeleteFile(JoinPath(dir_, SegmentRelativePath(out.meta.day, out.meta.file_no)));
      return s;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      std::erase_if(segments_, [&](const Segment& x) { return removed.count(x.meta.file_no); });
      segments_.push_back(std::move(out));
      ++compactions_;
    }
    if (merged != nullptr) *merged = true;
    const StoreMetrics& m = StoreMetrics::Get();
    m.compactions->Add();
    m.compaction_input_segments->Add(segs.size());
    for (const Segment& s : segs) {
      (void)env_->DeleteFile(JoinPath(dir_, SegmentRelativePath(s.meta.day, s.meta.file_no)));
    }
  }
  return Status::Ok();
}

Status EventStoreImpl::Flush() {
  // A flush queues like a writer: the WAL is rotated only by the front of the queue, never
  // under a leader that is writing to it.
  Writer w;
  w.batch = nullptr;
  w.result = nullptr;
  std::unique_lock<std::mutex> lock(mu_);
  writers_.push_back(&w);
  while (&w != writers_.front()) w.cv.wait(lock);
  Status s = MakeRoomForWrite(lock, true);
  writers_.pop_front();
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  RETURN_IF_ERROR(s);
  while (!imm_.empty() && bg_error_.ok()) done_cv_.wait(lock);
  return bg_error_;
}

Status EventStoreImpl::Compact() {
  RETURN_IF_ERROR(Flush());
  // Merge passes until none merges: a day over compaction_max_rows needs several.
  for (bool merged = true; merged;) {
    merged = false;
    RETURN_IF_ERROR(CompactDays(true, &merged));
  }
  return Status::Ok();
}

StoreStats EventStoreImpl::Stats(bool count_persons) {
  StoreStats st;
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
    st.memtable_rows = mem_->rows;
    for (const auto& t : imm_) st.memtable_rows += t->rows;
    st.compactions = compactions_;
    st.wal_bytes = 0;
  }
  for (const Segment& s : view.segments) {
    const SegmentFooter& f = s.reader->footer();
    auto& day = st.per_day[DayToString(f.day)];
    for (const auto& [name, count] : f.event_counts) {
      day[name] += count;
      st.per_event[name] += count;
      st.events += count;
    }
    st.segments++;
    st.segment_bytes += s.meta.bytes;
  }
  for (const auto& b : view.batches) {
    std::string last_day;
    int32_t cached = INT32_MIN;
    for (size_t i = 0; i < b->rows(); ++i) {
      int32_t d = DayOfMicros(b->ts(i));
      if (d != cached) {
        last_day = DayToString(d);
        cached = d;
      }
      std::string name(b->event(i));
      st.per_day[last_day][name]++;
      st.per_event[name]++;
      st.events++;
    }
  }
  std::vector<std::string> wal_names;
  if (env_->GetChildren(JoinPath(dir_, "wal"), &wal_names).ok()) {
    for (const std::string& f : wal_names) {
      uint64_t size = 0;
      if (env_->GetFileSize(JoinPath(JoinPath(dir_, "wal"), f), &size).ok()) st.wal_bytes += size;
    }
  }
  if (count_persons) {
    HashSet64 persons;
    for (const Segment& s : view.segments) {
      StringColumn ids;
      if (!s.reader->ReadStringColumn(kColDistinctId, &ids).ok()) continue;
      for (size_t i = 0; i < ids.size(); ++i) persons.Insert(HashEventId(ids.Get(i)));
    }
    for (const auto& b : view.batches) {
      for (size_t i = 0; i < b->rows(); ++i) persons.Insert(HashEventId(b->distinct_id(i)));
    }
    st.persons = persons.size();
  }
  return st;
}

Status EventStoreImpl::Scan(const std::function<Status(const EventBatch&)>& fn) {
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
  }
  for (const Segment& s : view.segments) {
    EventBatch b;
    RETURN_IF_ERROR(s.reader->ReadBatch(&b));
    RETURN_IF_ERROR(fn(b));
  }
  for (const auto& b : view.batches) RETURN_IF_ERROR(fn(*b));
  return Status::Ok();
}

Status EventStoreImpl::ScanUnflushed(const std::function<Status(const EventBatch&)>& fn) {
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
  }
  for (const auto& b : view.batches) RETURN_IF_ERROR(fn(*b));
  return Status::Ok();
}

StoreSnapshot EventStoreImpl::Snapshot() {
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
  }
  StoreSnapshot snap;
  snap.segments.reserve(view.segments.size());
  for (Segment& s : view.segments) {
    snap.segments.push_back({s.meta.file_no, s.meta.day, s.meta.rows, std::move(s.reader)});
  }
  snap.batches = std::move(view.batches);
  return snap;
}

Status EventStoreImpl::ForEachDistinctId(const std::function<void(std::string_view)>& fn) {
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
  }
  for (const Segment& s : view.segments) {
    StringColumn ids;
    RETURN_IF_ERROR(s.reader->ReadStringColumn(kColDistinctId, &ids));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i == 0 || ids.Get(i) != ids.Get(i - 1)) fn(ids.Get(i));  // sorted: runs
    }
  }
  for (const auto& b : view.batches) {
    for (size_t i = 0; i < b->rows(); ++i) fn(b->distinct_id(i));
  }
  return Status::Ok();
}

Status EventStoreImpl::ScanDistinctIds(const std::vector<std::string>& ids,
                                       const std::function<void(const EventBatch&, size_t)>& fn) {
  ReadView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    view = ViewLocked();
  }
  std::vector<std::string> wanted = ids;
  std::sort(wanted.begin(), wanted.end());
  for (const Segment& s : view.segments) {
    StringColumn column;
    RETURN_IF_ERROR(s.reader->ReadStringColumn(kColDistinctId, &column));
    // The column is sorted: each wanted id is one run, found by binary search.
    std::vector<std::pair<size_t, size_t>> runs;
    for (const std::string& id : wanted) {
      size_t lo = 0, hi = column.size();
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (column.Get(mid) < id)
          lo = mid + 1;
        else
          hi = mid;
      }
      size_t end = lo;
      while (end < column.size() && column.Get(end) == id) ++end;
      if (end > lo) runs.emplace_back(lo, end);
    }
    if (runs.empty()) continue;
    EventBatch batch;
    RETURN_IF_ERROR(s.reader->ReadBatch(&batch));
    for (const auto& [from, to] : runs) {
      for (size_t i = from; i < to; ++i) fn(batch, i);
    }
  }
  for (const auto& b : view.batches) {
    for (size_t i = 0; i < b->rows(); ++i) {
      if (std::binary_search(wanted.begin(), wanted.end(), b->distinct_id(i))) fn(*b, i);
    }
  }
  return Status::Ok();
}

Status EventStoreImpl::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::Ok();
    closing_ = true;
    bg_cv_.notify_all();
  }
  for (std::thread& t : bg_threads_) t.join();
  bg_threads_.clear();
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  done_cv_.notify_all();
  Status s;
  if (wal_) s = wal_->Close();
  wal_.reset();
  lock_.reset();
  return s;
}

}  // namespace

Status EventStore::Open(Env* env, const std::string& dir, const StoreOptions& options,
                        std::unique_ptr<EventStore>* out) {
  (void)StoreMetrics::Get();  // registered up front so /metrics lists them before any write
  auto store = std::make_unique<EventStoreImpl>(env, dir, options);
  RETURN_IF_ERROR(store->Recover().WithContext("opening event store " + dir));
  store->StartBackground();
  *out = std::move(store);
  return Status::Ok();
}

}  // namespace growloop
