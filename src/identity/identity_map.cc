#include "identity/identity_map.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <shared_mutex>

#include "common/coding.h"
#include "identity/id_table.h"
#include "identity/identity_log.h"

namespace growloop {
namespace {

constexpr uint32_t kMaxIdsPerPersonLimit = 100'000;
constexpr const char* kLogName = "identity.log";
constexpr const char* kLockName = "identity.lock";

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Status ValidateOptions(const IdentityOptions& o) {
  if (o.max_ids_per_person < 1 || o.max_ids_per_person > kMaxIdsPerPersonLimit) {
    return InvalidArgument("identity.max_ids_per_person must be 1.." +
                           std::to_string(kMaxIdsPerPersonLimit) + ", got " +
                           std::to_string(o.max_ids_per_person));
  }
  return Status::Ok();
}

// What is wrong with `id` as a distinct id, if anything.
enum class IdCheck { kOk, kBlocked, kInvalid };
IdCheck CheckId(std::string_view id) {
  if (IsBlockedDistinctId(id)) return IdCheck::kBlocked;
  if (id.size() > kMaxDistinctIdBytes) return IdCheck::kInvalid;
  return IdCheck::kOk;
}

// A reader-writer lock that lets a waiting writer in before new readers. std::shared_mutex is
// glibc's default rwlock, which prefers readers: queries resolving batches back to back would
// keep Merge and Sync waiting for as long as they run. Readers never nest (a nested read lock
// would wait behind a waiting writer).
class WriterFirstMutex {
 public:
  WriterFirstMutex() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
  }
  ~WriterFirstMutex() { pthread_rwlock_destroy(&lock_); }
  WriterFirstMutex(const WriterFirstMutex&) = delete;
  WriterFirstMutex& operator=(const WriterFirstMutex&) = delete;

  void lock() { pthread_rwlock_wrlock(&lock_); }
  void unlock() { pthread_rwlock_unlock(&lock_); }
  void lock_shared() { pthread_rwlock_rdlock(&lock_); }
  void unlock_shared() { pthread_rwlock_unlock(&lock_); }

 private:
  pthread_rwlock_t lock_;
};

// One record's worth of queued operations.
struct PendingRecord {
  std::string payload;
  uint32_t ops = 0;
};

}  // namespace

std::string_view MergeOutcomeName(MergeOutcome outcome) {
  switch (outcome) {
    case MergeOutcome::kMerged: return "merged";
    case MergeOutcome::kAlreadySame: return "already_same";
    case MergeOutcome::kRefusedTwoKnownUsers: return "refused_two_known_users";
    case MergeOutcome::kRefusedCap: return "refused_cap";
    case MergeOutcome::kRefusedBlockedValue: return "refused_blocked_value";
    case MergeOutcome::kRefusedInvalidId: return "refused_invalid_id";
    case MergeOutcome::kRefusedFull: return "refused_full";
  }
  return "unknown";
}

std::string_view InternOutcomeName(InternOutcome outcome) {
  switch (outcome) {
    case InternOutcome::kAdded: return "added";
    case InternOutcome::kExisting: return "existing";
    case InternOutcome::kMarkedKnown: return "marked_known";
    case InternOutcome::kRefusedTwoKnownUsers: return "refused_two_known_users";
    case InternOutcome::kRefusedBlockedValue: return "refused_blocked_value";
    case InternOutcome::kRefusedInvalidId: return "refused_invalid_id";
    case InternOutcome::kRefusedFull: return "refused_full";
  }
  return "unknown";
}

bool IsBlockedDistinctId(std::string_view id) {
  size_t b = 0, e = id.size();
  while (b < e && IsAsciiSpace(id[b])) ++b;
  while (e > b && IsAsciiSpace(id[e - 1])) --e;
  static constexpr std::string_view kBlocked[] = {
      "",    "null", "undefined", "0",     "anonymous",      "none",
      "nil", "nan",  "true",      "false", "[object object]"};
  constexpr size_t kLongest = 15;  // "[object object]"
  if (e - b > kLongest) return false;
  char lower[kLongest];
  for (size_t i = b; i < e; ++i) {
    char c = id[i];
    lower[i - b] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view trimmed(lower, e - b);
  for (std::string_view v : kBlocked) {
    if (trimmed == v) return true;
  }
  return false;
}

class IdentityMap::Impl {
 public:
  explicit Impl(const IdentityOptions& options) : options_(options) {}

  InternOutcome Intern(std::string_view id, IdKind kind, uint32_t* dense);
  MergeOutcome Merge(std::string_view a, std::string_view b, MergeKind kind);
  Status Sync();
  uint64_t PersonOf(std::string_view id) const;
  void ResolveBatch(const std::vector<std::string_view>& ids, std::vector<uint64_t>* persons) const;
  bool Find(std::string_view id, uint32_t* dense) const;
  bool IsKnown(std::string_view id) const;
  Status MembersOf(uint64_t person, std::vector<std::string>* members) const;
  bool KnownIdOf(uint64_t person, std::string* user_id) const;
  uint64_t MergeGeneration() const { return merge_generation_.load(std::memory_order_acquire); }
  IdentityStats Stats() const;

  Status OpenLog(Env* env, const std::string& dir);

 private:
  // Applies one replayed record; any operation that does not fit the map is corruption.
  Status Replay(std::string_view payload, uint32_t ops);
  // Appends one operation to the queue of the next Sync (nothing for an in-memory map);
  // `encode` writes it into a record payload. Called with mu_ held exclusively.
  template <typename Encode>
  void Queue(Encode encode);

  const IdentityOptions options_;

  mutable WriterFirstMutex mu_;
  IdTable table_;                       // guarded by mu_, but for TryPersonOf
  std::vector<PendingRecord> pending_;  // guarded by mu_
  uint64_t pending_ops_ = 0;            // guarded by mu_
  std::atomic<uint64_t> merge_generation_{0};
  IdentityStats counters_;  // outcome counters only; guarded by mu_

  // Sync holds log_mu_ across its write and fsync; it takes mu_ only briefly, inside log_mu_.
  std::mutex log_mu_;
  Env* env_ = nullptr;  // null: in memory, no log
  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<IdentityLogWriter> log_;  // guarded by log_mu_
  Status log_failed_;                       // guarded by log_mu_: set by a failed fsync
  std::atomic<uint64_t> log_bytes_{0};
};

template <typename Encode>
void IdentityMap::Impl::Queue(Encode encode) {
  if (env_ == nullptr) return;
  if (pending_.empty() || pending_.back().payload.size() >= kIdentityRecordTargetBytes) {
    pending_.emplace_back();
  }
  PendingRecord& r = pending_.back();
  encode(&r.payload);
  r.ops++;
  ++pending_ops_;
}

InternOutcome IdentityMap::Impl::Intern(std::string_view id, IdKind kind, uint32_t* dense) {
  IdCheck check = CheckId(id);
  const uint64_t hash = HashDistinctId(id);
  const bool known = kind == IdKind::kKnown;
  if (check == IdCheck::kOk) {
    // Most calls (an event's distinct id) find the id as it is: a shared lock is enough.
    std::shared_lock lock(mu_);
    uint32_t d = table_.Find(id, hash);
    if (d != IdTable::kNone && (!known || table_.IsKnown(d))) {
      if (dense) *dense = d;
      return InternOutcome::kExisting;
    }
  }
  std::unique_lock lock(mu_);
  if (check != IdCheck::kOk) {
    ++counters_.intern_refused;
    return check == IdCheck::kBlocked ? InternOutcome::kRefusedBlockedValue
                                      : InternOutcome::kRefusedInvalidId;
  }
  uint32_t d = table_.Find(id, hash);
  if (d == IdTable::kNone) {
    d = table_.Add(id, hash, known);
    if (d == IdTable::kNone) {
      ++counters_.intern_refused;
      return InternOutcome::kRefusedFull;
    }
    Queue([&](std::string* p) { EncodeIntern(p, id, known); });
    if (dense) *dense = d;
    return InternOutcome::kAdded;
  }
  if (dense) *dense = d;
  if (!known || table_.IsKnown(d)) return InternOutcome::kExisting;
  if (table_.KnownMember(table_.PersonOfDense(d)) != IdTable::kNone) {
    ++counters_.intern_refused;
    return InternOutcome::kRefusedTwoKnownUsers;
  }
  table_.MarkKnown(d);
  Queue([&](std::string* p) { EncodeMarkKnown(p, d); });
  return InternOutcome::kMarkedKnown;
}

MergeOutcome IdentityMap::Impl::Merge(std::string_view a, std::string_view b, MergeKind kind) {
  const IdCheck ca = CheckId(a), cb = CheckId(b);
  const uint64_t ha = HashDistinctId(a), hb = HashDistinctId(b);
  std::unique_lock lock(mu_);
  if (ca == IdCheck::kBlocked || cb == IdCheck::kBlocked) {
    ++counters_.refused_blocked_value;
    return MergeOutcome::kRefusedBlockedValue;
  }
  if (ca != IdCheck::kOk || cb != IdCheck::kOk) {
    ++counters_.refused_invalid_id;
    return MergeOutcome::kRefusedInvalidId;
  }
  // Intern both (a first: dense ids follow call order), b as known for kIdentify.
  const bool mark_b = kind == MergeKind::kIdentify;
  uint32_t da = table_.Find(a, ha);
  if (da == IdTable::kNone) {
    da = table_.Add(a, ha, /*known=*/mark_b && a == b);
    if (da == IdTable::kNone) {
      ++counters_.refused_full;
      return MergeOutcome::kRefusedFull;
    }
    Queue([&](std::string* p) { EncodeIntern(p, a, mark_b && a == b); });
  }
  uint32_t db = table_.Find(b, hb);
  if (db == IdTable::kNone) {
    db = table_.Add(b, hb, mark_b);
    if (db == IdTable::kNone) {
      ++counters_.refused_full;
      return MergeOutcome::kRefusedFull;
    }
    Queue([&](std::string* p) { EncodeIntern(p, b, mark_b); });
  } else if (mark_b && !table_.IsKnown(db)) {
    if (table_.KnownMember(table_.PersonOfDense(db)) != IdTable::kNone) {
      ++counters_.refused_two_known_users;
      return MergeOutcome::kRefusedTwoKnownUsers;
    }
    table_.MarkKnown(db);
    Queue([&](std::string* p) { EncodeMarkKnown(p, db); });
  }

  const uint32_t pa = table_.PersonOfDense(da), pb = table_.PersonOfDense(db);
  if (pa == pb) {
    ++counters_.already_same;
    return MergeOutcome::kAlreadySame;
  }
  if (table_.KnownMember(pa) != IdTable::kNone && table_.KnownMember(pb) != IdTable::kNone) {
    ++counters_.refused_two_known_users;
    return MergeOutcome::kRefusedTwoKnownUsers;
  }
  if (static_cast<uint64_t>(table_.MemberCount(pa)) + table_.MemberCount(pb) >
      options_.max_ids_per_person) {
    ++counters_.refused_cap;
    return MergeOutcome::kRefusedCap;
  }
  table_.Union(pa, pb);
  merge_generation_.fetch_add(1, std::memory_order_release);
  Queue([&](std::string* p) { EncodeMerge(p, da, db); });
  ++counters_.merged;
  return MergeOutcome::kMerged;
}

Status IdentityMap::Impl::Sync() {
  if (env_ == nullptr) return Status::Ok();
  std::lock_guard<std::mutex> sync_lock(log_mu_);
  if (!log_failed_.ok()) return log_failed_;
  std::vector<PendingRecord> batch;
  uint64_t batch_ops;
  {
    std::unique_lock lock(mu_);
    batch.swap(pending_);
    batch_ops = pending_ops_;
    pending_ops_ = 0;
  }
  // Every operation queued before this call was either in a batch an earlier Sync made durable
  // (it held log_mu_ until its fsync returned) or is in this one.
  if (batch.empty()) return Status::Ok();
  const uint64_t start = log_->size();
  Status s;
  for (const PendingRecord& r : batch) {
    s = log_->AddRecord(r.payload, r.ops);
    if (!s.ok()) break;
  }
  if (!s.ok()) {
    // Cut the partial batch off and queue it again, ahead of what was queued meanwhile, so the
    // next Sync writes the operations in the order they were applied.
    Status rollback = log_->Rollback(start);
    if (!rollback.ok()) {
      log_failed_ =
          rollback.WithContext("identity log: cutting back a failed write failed; reopen");
    }
    std::unique_lock lock(mu_);
    for (PendingRecord& r : pending_) batch.push_back(std::move(r));
    pending_.swap(batch);
    pending_ops_ += batch_ops;
    return s;
  }
  s = log_->Sync();
  if (!s.ok()) {
    log_failed_ = s.WithContext("identity log: an earlier fsync failed; reopen");
    return s;
  }
  log_bytes_.store(log_->size(), std::memory_order_relaxed);
  return Status::Ok();
}

uint64_t IdentityMap::Impl::PersonOf(std::string_view id) const {
  if (id.empty() || id.size() > kMaxDistinctIdBytes) return kNoPerson;
  const uint64_t hash = HashDistinctId(id);
  // Without the lock first (IdTable::TryPersonOf says why that is correct). Taking it is an
  // atomic read-modify-write, a full barrier on x86, which kept the cache misses of one call
  // from overlapping those of the next. Writers change the
  // table only with mu_ held exclusively, so a try meets one writer at most. A try fails only
  // when a merge or the hash table's growth overlapped it, so a few tries almost always succeed
  // even with a writer merging back to back. Waiting for mu_ at the first failure instead would
  // put this thread to sleep behind the writer again and again.
  constexpr int kTries = 16;
  uint32_t p;
  bool found = false;
  for (int i = 0; i < kTries && !found; ++i) found = table_.TryPersonOf(id, hash, &p);
  if (!found) {
    std::shared_lock lock(mu_);
    p = table_.PersonOf(id, hash);
  }
  return p == IdTable::kNone ? kNoPerson : p;
}

void IdentityMap::Impl::ResolveBatch(const std::vector<std::string_view>& ids,
                                     std::vector<uint64_t>* persons) const {
  persons->resize(ids.size());
  constexpr size_t kChunk = 256;
  uint32_t out[kChunk];
  std::shared_lock lock(mu_);
  for (size_t base = 0; base < ids.size(); base += kChunk) {
    size_t n = std::min(kChunk, ids.size() - base);
    table_.PersonsOf(ids.data() + base, n, out);
    for (size_t i = 0; i < n; ++i) {
      (*persons)[base + i] = out[i] == IdTable::kNone ? kNoPerson : out[i];
    }
  }
}

bool IdentityMap::Impl::Find(std::string_view id, uint32_t* dense) const {
  if (id.empty() || id.size() > kMaxDistinctIdBytes) return false;
  const uint64_t hash = HashDistinctId(id);
  std::shared_lock lock(mu_);
  uint32_t d = table_.Find(id, hash);
  if (d == IdTable::kNone) return false;
  if (dense) *dense = d;
  return true;
}

bool IdentityMap::Impl::IsKnown(std::string_view id) const {
  if (id.empty() || id.size() > kMaxDistinctIdBytes) return false;
  const uint64_t hash = HashDistinctId(id);
  std::shared_lock lock(mu_);
  uint32_t d = table_.Find(id, hash);
  return d != IdTable::kNone && table_.IsKnown(d);
}

Status IdentityMap::Impl::MembersOf(uint64_t person, std::vector<std::string>* members) const {
  members->clear();
  std::vector<uint32_t> dense;
  std::shared_lock lock(mu_);
  if (person >= table_.size() || !table_.IsPerson(static_cast<uint32_t>(person))) {
    return NotFound("identity: no person " + std::to_string(person));
  }
  table_.Members(static_cast<uint32_t>(person), &dense);
  members->reserve(dense.size());
  for (uint32_t d : dense) members->emplace_back(table_.IdOf(d));
  return Status::Ok();
}

bool IdentityMap::Impl::KnownIdOf(uint64_t person, std::string* user_id) const {
  std::shared_lock lock(mu_);
  if (person >= table_.size() || !table_.IsPerson(static_cast<uint32_t>(person))) return false;
  uint32_t k = table_.KnownMember(static_cast<uint32_t>(person));
  if (k == IdTable::kNone) return false;
  user_id->assign(table_.IdOf(k));
  return true;
}

IdentityStats IdentityMap::Impl::Stats() const {
  std::shared_lock lock(mu_);
  IdentityStats s = counters_;
  s.distinct_ids = table_.size();
  s.persons = table_.persons();
  s.known_ids = table_.known_ids();
  s.memory_bytes = table_.MemoryBytes() + pending_.capacity() * sizeof(PendingRecord);
  for (const PendingRecord& r : pending_) s.memory_bytes += r.payload.capacity();
  s.unsynced_ops = pending_ops_;
  s.log_bytes = log_bytes_.load(std::memory_order_relaxed);
  return s;
}

Status IdentityMap::Impl::Replay(std::string_view payload, uint32_t ops) {
  ByteReader r(payload);
  uint32_t i = 0;
  auto bad = [&i](const std::string& what) {
    return Corruption("operation " + std::to_string(i) + ": " + what);
  };
  for (; i < ops; ++i) {
    std::string_view op;
    if (!r.Bytes(1, &op)) return bad("record ends early");
    switch (static_cast<IdentityOp>(op[0])) {
      case IdentityOp::kIntern: {
        std::string_view head, id;
        if (!r.Bytes(2, &head)) return bad("record ends early");
        auto flags = static_cast<uint8_t>(head[0]);
        auto len = static_cast<uint8_t>(head[1]);
        if (flags > 1) return bad("unknown intern flags " + std::to_string(flags));
        if (len == 0 || len > kMaxDistinctIdBytes) {
          return bad("distinct id length " + std::to_string(len));
        }
        if (!r.Bytes(len, &id)) return bad("record ends early");
        uint64_t hash = HashDistinctId(id);
        if (table_.Find(id, hash) != IdTable::kNone) return bad("id interned twice");
        if (table_.Add(id, hash, flags == 1) == IdTable::kNone) return bad("map full");
        break;
      }
      case IdentityOp::kMarkKnown: {
        uint64_t d;
        if (!r.Varint(&d)) return bad("record ends early");
        if (d >= table_.size()) return bad("unknown dense id " + std::to_string(d));
        auto dense = static_cast<uint32_t>(d);
        if (table_.IsKnown(dense) ||
            table_.KnownMember(table_.PersonOfDense(dense)) != IdTable::kNone) {
          return bad("marks known an id whose person has a known id");
        }
        table_.MarkKnown(dense);
        break;
      }
      case IdentityOp::kMerge: {
        uint64_t a, b;
        if (!r.Varint(&a) || !r.Varint(&b)) return bad("record ends early");
        if (a >= table_.size() || b >= table_.size()) {
          return bad("unknown dense id in merge");
        }
        uint32_t pa = table_.PersonOfDense(static_cast<uint32_t>(a));
        uint32_t pb = table_.PersonOfDense(static_cast<uint32_t>(b));
        if (pa == pb) return bad("merges a person with itself");
        if (table_.KnownMember(pa) != IdTable::kNone && table_.KnownMember(pb) != IdTable::kNone) {
          return bad("merges two persons with known ids");
        }
        // The cap is not checked: it may have been raised or lowered since the merge.
        table_.Union(pa, pb);
        merge_generation_.fetch_add(1, std::memory_order_release);
        break;
      }
      default: return bad("unknown operation " + std::to_string(static_cast<uint8_t>(op[0])));
    }
  }
  if (r.remaining() != 0) return Corruption("bytes after the record's last operation");
  return Status::Ok();
}

Status IdentityMap::Impl::OpenLog(Env* env, const std::string& dir) {
  RETURN_IF_ERROR(env->CreateDirs(dir));
  RETURN_IF_ERROR(env->LockFile(JoinPath(dir, kLockName), &lock_));
  const std::string path = JoinPath(dir, kLogName);
  if (env->FileExists(path)) {
    IdentityLogReadResult r;
    RETURN_IF_ERROR(ReadIdentityLog(
        env, path, [this](std::string_view payload, uint32_t ops) { return Replay(payload, ops); },
        &r));
    // Bytes after the last intact record were never acknowledged (acknowledgement follows the
    // fsync of everything before it): cut them so that no new record follows garbage.
    if (r.torn_tail) RETURN_IF_ERROR(env->TruncateFile(path, r.valid_bytes));
  }
  RETURN_IF_ERROR(IdentityLogWriter::Open(env, path, &log_));
  // The replayed records may never have been synced (the process that wrote them died before
  // its fsync returned), nor the file's directory entry. Make both durable now, so that a Sync
  // with nothing queued acknowledges everything the map shows.
  RETURN_IF_ERROR(log_->Sync());
  RETURN_IF_ERROR(env->SyncDir(dir));
  env_ = env;
  log_bytes_.store(log_->size(), std::memory_order_relaxed);
  return Status::Ok();
}

IdentityMap::IdentityMap(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IdentityMap::~IdentityMap() = default;

Status IdentityMap::Open(Env* env, const std::string& dir, const IdentityOptions& options,
                         std::unique_ptr<IdentityMap>* out) {
  RETURN_IF_ERROR(ValidateOptions(options));
  auto impl = std::make_unique<Impl>(options);
  RETURN_IF_ERROR(impl->OpenLog(env, dir));
  out->reset(new IdentityMap(std::move(impl)));
  return Status::Ok();
}

Status IdentityMap::OpenInMemory(const IdentityOptions& options,
                                 std::unique_ptr<IdentityMap>* out) {
  RETURN_IF_ERROR(ValidateOptions(options));
  out->reset(new IdentityMap(std::make_unique<Impl>(options)));
  return Status::Ok();
}

InternOutcome IdentityMap::Intern(std::string_view id, IdKind kind, uint32_t* dense) {
  return impl_->Intern(id, kind, dense);
}
MergeOutcome IdentityMap::Merge(std::string_view a, std::string_view b, MergeKind kind) {
  return impl_->Merge(a, b, kind);
}
Status IdentityMap::Sync() {
  return impl_->Sync();
}
uint64_t IdentityMap::PersonOf(std::string_view id) const {
  return impl_->PersonOf(id);
}
void IdentityMap::ResolveBatch(const std::vector<std::string_view>& ids,
                               std::vector<uint64_t>* persons) const {
  impl_->ResolveBatch(ids, persons);
}
bool IdentityMap::Find(std::string_view id, uint32_t* dense) const {
  return impl_->Find(id, dense);
}
bool IdentityMap::IsKnown(std::string_view id) const {
  return impl_->IsKnown(id);
}
Status IdentityMap::MembersOf(uint64_t person, std::vector<std::string>* members) const {
  return impl_->MembersOf(person, members);
}
bool IdentityMap::KnownIdOf(uint64_t person, std::string* user_id) const {
  return impl_->KnownIdOf(person, user_id);
}
IdentityStats IdentityMap::Stats() const {
  return impl_->Stats();
}
uint64_t IdentityMap::MergeGeneration() const {
  return impl_->MergeGeneration();
}

}  // namespace growloop
