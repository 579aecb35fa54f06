#include "query/query_data.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "query/parallel.h"
#include "storage/segment.h"

namespace growloop {
namespace {

constexpr double kNoNumber = std::numeric_limits<double>::quiet_NaN();

// Distinct ids longer than the id table takes (255 bytes) are stood for by a digest: two such
// ids collide only with a 64-bit hash collision.
std::string LongIdKey(std::string_view id) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t h = HashDistinctId(id);
  std::string key = "$long:";
  for (int i = 60; i >= 0; i -= 4) key.push_back(kHex[(h >> i) & 15]);
  return key;
}

}  // namespace

uint32_t StringDict::Intern(std::string_view s) {
  auto it = codes_.find(s);
  if (it != codes_.end()) return it->second;
  values_.emplace_back(s);
  const uint32_t code = static_cast<uint32_t>(values_.size());
  codes_.emplace(values_.back(), code);
  return code;
}

uint32_t StringDict::Find(std::string_view s) const {
  auto it = codes_.find(s);
  return it == codes_.end() ? 0 : it->second;
}

void QueryData::FinishChunk(Chunk* c, const std::vector<std::string_view>& run_ids,
                            const std::vector<std::string_view>& row_events) {
  c->run_qid.resize(run_ids.size());
  std::vector<uint16_t> local_codes;
  {
    std::lock_guard<std::mutex> lock(dict_mu_);
    for (size_t r = 0; r < run_ids.size(); ++r) {
      std::string_view id = run_ids[r];
      std::string long_key;
      if (id.size() > 255 || id.empty()) {
        long_key = LongIdKey(id);
        id = long_key;
      }
      const uint64_t h = HashDistinctId(id);
      uint32_t q = ids_.Find(id, h);
      if (q == IdTable::kNone) q = ids_.Add(id, h, false);
      c->run_qid[r] = q;
    }
    // Event names: the distinct names of the chunk, looked up once each.
    std::unordered_map<std::string_view, uint16_t> seen;
    c->event.resize(row_events.size());
    for (size_t i = 0; i < row_events.size(); ++i) {
      auto [it, added] = seen.try_emplace(row_events[i], 0);
      if (added) it->second = static_cast<uint16_t>(events_.Intern(row_events[i]));
      c->event[i] = it->second;
    }
  }
  // Postings by a counting sort on the event code.
  uint32_t max_code = 0;
  for (uint16_t e : c->event) max_code = std::max<uint32_t>(max_code, e);
  c->event_offsets.assign(max_code + 2, 0);
  for (uint16_t e : c->event) ++c->event_offsets[e + 1];
  for (size_t i = 1; i < c->event_offsets.size(); ++i) {
    c->event_offsets[i] += c->event_offsets[i - 1];
  }
  std::vector<uint32_t> pos(c->event_offsets.begin(), c->event_offsets.end() - 1);
  c->event_rows.resize(c->rows);
  for (uint32_t i = 0; i < c->rows; ++i) c->event_rows[pos[c->event[i]]++] = i;
  if (c->rows > 0) {
    c->min_ts = *std::min_element(c->ts.begin(), c->ts.end());
    c->max_ts = *std::max_element(c->ts.begin(), c->ts.end());
  }
}

Status QueryData::LoadSegment(const StoreSnapshot::SegmentRef& ref, std::shared_ptr<Chunk>* out) {
  auto c = std::make_shared<Chunk>();
  c->day = ref.day;
  c->segment = ref.reader;
  StringColumn ids, events;
  RETURN_IF_ERROR(ref.reader->ReadIntColumn(kColTs, &c->ts));
  RETURN_IF_ERROR(ref.reader->ReadStringColumn(kColDistinctId, &ids));
  RETURN_IF_ERROR(ref.reader->ReadStringColumn(kColEvent, &events));
  c->rows = static_cast<uint32_t>(c->ts.size());
  if (ids.size() != c->rows || events.size() != c->rows) {
    return Corruption("segment " + ref.reader->path() + ": columns of different lengths");
  }
  std::vector<std::string_view> run_ids;
  for (uint32_t i = 0; i < c->rows; ++i) {
    std::string_view id = ids.Get(i);
    if (i == 0 || id != run_ids.back()) {
      c->run_start.push_back(i);
      run_ids.push_back(id);
    }
  }
  c->run_start.push_back(c->rows);
  std::vector<std::string_view> row_events(c->rows);
  for (uint32_t i = 0; i < c->rows; ++i) row_events[i] = events.Get(i);
  FinishChunk(c.get(), run_ids, row_events);
  *out = std::move(c);
  return Status::Ok();
}

void QueryData::BuildMemoryChunks(const std::vector<std::shared_ptr<const EventBatch>>& batches,
                                  std::vector<std::shared_ptr<Chunk>>* out) {
  std::unordered_map<int32_t, std::vector<EventBatch::RowRef>> by_day;
  for (uint32_t b = 0; b < batches.size(); ++b) {
    for (uint32_t r = 0; r < batches[b]->rows(); ++r) {
      by_day[DayOfMicros(batches[b]->ts(r))].push_back({b, r});
    }
  }
  std::vector<int32_t> days;
  for (const auto& [day, rows] : by_day) days.push_back(day);
  std::sort(days.begin(), days.end());
  for (int32_t day : days) {
    std::vector<EventBatch::RowRef>& rows = by_day[day];
    std::sort(rows.begin(), rows.end(), [&](EventBatch::RowRef a, EventBatch::RowRef b) {
      const EventBatch& x = *batches[a.batch];
      const EventBatch& y = *batches[b.batch];
      int c = x.distinct_id(a.row).compare(y.distinct_id(b.row));
      if (c != 0) return c < 0;
      return x.ts(a.row) < y.ts(b.row);
    });
    auto c = std::make_shared<Chunk>();
    c->day = day;
    c->rows = static_cast<uint32_t>(rows.size());
    c->batches = batches;
    c->ts.resize(c->rows);
    std::vector<std::string_view> run_ids, row_events(c->rows);
    for (uint32_t i = 0; i < c->rows; ++i) {
      const EventBatch& b = *batches[rows[i].batch];
      c->ts[i] = b.ts(rows[i].row);
      row_events[i] = b.event(rows[i].row);
      std::string_view id = b.distinct_id(rows[i].row);
      if (i == 0 || id != run_ids.back()) {
        c->run_start.push_back(i);
        run_ids.push_back(id);
      }
    }
    c->run_start.push_back(c->rows);
    FinishChunk(c.get(), run_ids, row_events);
    c->batch_rows = std::move(rows);
    out->push_back(std::move(c));
  }
}

std::shared_ptr<const std::vector<uint32_t>> QueryData::ResolvePersons() {
  // Called under acquire_mu_, the only writer of persons_, slot_qids_ and canon_.
  const uint64_t generation = identity_ ? identity_->MergeGeneration() : 0;
  uint32_t qids;
  {
    std::lock_guard<std::mutex> lock(dict_mu_);
    qids = ids_.size();
  }
  if (persons_ && persons_->size() == qids && generation == persons_generation_) return persons_;
  // Extend the table for new qids when nothing merged since and most slots are still in id
  // order; recompute it all otherwise.
  auto table = std::make_shared<std::vector<uint32_t>>();
  auto slots = std::make_shared<std::vector<uint32_t>>();
  uint32_t from = 0;
  // (Counting every new qid as a new person: the share of slots out of order after the
  // extension, at most.)
  const bool extend = persons_ && generation == persons_generation_ &&
                      (slot_qids_->size() - sorted_slots_ + (qids - persons_->size())) * 4 <
                          slot_qids_->size() + (qids - persons_->size());
  auto homes = std::make_shared<std::vector<uint32_t>>();
  if (extend) {
    *table = *persons_;
    *slots = *slot_qids_;
    *homes = *homes_;
    from = static_cast<uint32_t>(persons_->size());
  } else {
    canon_.clear();
  }
  persons_generation_ = generation;
  table->resize(qids);
  // First the qid standing for each new qid's person.
  constexpr uint32_t kBatch = 1 << 16;
  std::vector<std::string_view> names;
  std::vector<uint64_t> persons;
  for (uint32_t base = from; base < qids; base += kBatch) {
    const uint32_t end = std::min(qids, base + kBatch);
    names.clear();
    {
      std::lock_guard<std::mutex> lock(dict_mu_);
      for (uint32_t q = base; q < end; ++q) names.push_back(ids_.IdOf(q));
      if (identity_) {
        identity_->ResolveBatch(names, &persons);
      } else {
        persons.assign(names.size(), kNoPerson);
      }
    }
    for (uint32_t q = base; q < end; ++q) {
      const uint64_t p = persons[q - base];
      if (p == kNoPerson) {
        (*table)[q] = q;
        continue;
      }
      if (p >= canon_.size()) canon_.resize(p + 1, IdTable::kNone);
      if (canon_[p] == IdTable::kNone) canon_[p] = q;
      (*table)[q] = canon_[p];
    }
  }
  // Then slots: a new standing qid takes the next one. A rebuild numbers the persons in the order
  // of their ids, the order of the runs in every segment, so that a scan of a day walks
  // per-person state forwards instead of all over it. A person with several ids goes by its
  // known (user) id when it has one: the id most of its events carry once it is known. Every
  // qid gets its home, the slot its id's runs sit at in that order (see RunPersons).
  homes->resize(qids, kNoHome);
  if (!extend) {
    // Without dict_mu_, which running queries take for names and values: ids_ grows only in
    // Acquire (decoding), under acquire_mu_, which this holds, so it is read-only here.
    std::vector<uint32_t> key(qids);  // standing qid -> the qid whose id orders its person
    for (uint32_t q = 0; q < qids; ++q) key[q] = q;
    if (identity_) {
      for (uint32_t q = 0; q < qids; ++q) {
        if ((*table)[q] != q && identity_->IsKnown(ids_.IdOf(q))) key[(*table)[q]] = q;
      }
    }
    // Every person sorts by its ordering id and takes the next slot; every other id sorts by
    // itself and is at home in the slot the next person takes.
    struct Entry {
      uint64_t prefix;  // the first 8 bytes of the id, big-endian
      uint32_t qid;
      bool person;  // a person (by its ordering id), or an id that is no person's ordering id
    };
    std::vector<Entry> order;
    order.reserve(qids + qids / 8);
    auto id_of = [&](const Entry& e) { return ids_.IdOf(e.person ? key[e.qid] : e.qid); };
    auto add = [&](uint32_t q, bool person) {
      const std::string_view id = ids_.IdOf(person ? key[q] : q);
      uint64_t prefix = 0;
      for (size_t i = 0; i < 8; ++i) {
        prefix = prefix << 8 | (i < id.size() ? static_cast<uint8_t>(id[i]) : 0);
      }
      order.push_back({prefix, q, person});
    };
    for (uint32_t q = 0; q < qids; ++q) {
      const uint32_t standing = (*table)[q];
      if (standing == q) add(q, true);
      if (key[standing] != q) add(q, false);
    }
    std::sort(order.begin(), order.end(), [&](const Entry& a, const Entry& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      const int c = id_of(a).compare(id_of(b));
      if (c != 0) return c < 0;
      return a.person < b.person;
    });
    for (const Entry& e : order) {
      const uint32_t slot = static_cast<uint32_t>(slots->size());
      if (!e.person) {
        (*homes)[e.qid] = slot;
        continue;
      }
      (*homes)[key[e.qid]] = slot;
      slots->push_back(e.qid);
    }
    sorted_slots_ = slots->size();
  }
  std::vector<uint32_t> slot_of_standing;  // for the rebuild: standing qid -> slot
  if (!extend) {
    slot_of_standing.assign(qids, 0);
    for (uint32_t s = 0; s < slots->size(); ++s) slot_of_standing[(*slots)[s]] = s;
  }
  for (uint32_t q = from; q < qids; ++q) {
    const uint32_t standing = (*table)[q];
    if (!extend) {
      (*table)[q] = slot_of_standing[standing];
    } else if (standing == q) {
      (*table)[q] = static_cast<uint32_t>(slots->size());
      slots->push_back(q);
    } else {
      (*table)[q] = (*table)[standing];  // standing < q: its slot is set
    }
  }
  std::lock_guard<std::mutex> lock(dict_mu_);
  persons_ = table;
  slot_qids_ = slots;
  homes_ = homes;
  return persons_;
}

size_t Chunk::Bytes() const {
  size_t n = sizeof(Chunk) + ts.capacity() * sizeof(int64_t) + event.capacity() * sizeof(uint16_t) +
             (run_start.capacity() + run_qid.capacity() + event_offsets.capacity() +
              event_rows.capacity()) *
                 sizeof(uint32_t) +
             batch_rows.capacity() * sizeof(EventBatch::RowRef);
  std::lock_guard<std::mutex> lock(props_mu);
  for (const auto& [name, p] : props) {
    n += name.size() + sizeof(ChunkProperty);
    if (p) n += p->numbers.capacity() * sizeof(double) + p->strings.capacity() * sizeof(uint32_t);
  }
  return n;
}

Status QueryData::Acquire(int threads, DayWindow window, DataView* view) {
  StoreSnapshot snap = store_->Snapshot();
  std::lock_guard<std::mutex> lock(acquire_mu_);
  const uint64_t now = ++use_clock_;
  auto wanted = [&](int32_t day) { return day >= window.first && day <= window.last; };
  // Decode the segments of the window not cached yet; forget those no longer in the store.
  std::unordered_map<uint64_t, CachedSegment> live;
  std::vector<size_t> missing;
  for (size_t i = 0; i < snap.segments.size(); ++i) {
    auto it = segments_.find(snap.segments[i].file_no);
    if (it != segments_.end()) {
      if (wanted(snap.segments[i].day)) it->second.last_used = now;
      live.emplace(it->first, it->second);  // a copy: a failed decode below keeps the cache
    } else if (wanted(snap.segments[i].day)) {
      missing.push_back(i);
    }
  }
  std::vector<std::shared_ptr<Chunk>> loaded(missing.size());
  std::vector<Status> errors(missing.size());
  ParallelFor(missing.size(), threads, [&](size_t k, int) {
    errors[k] = LoadSegment(snap.segments[missing[k]], &loaded[k]);
  });
  for (size_t k = 0; k < missing.size(); ++k) {
    RETURN_IF_ERROR(errors[k]);
    live.emplace(snap.segments[missing[k]].file_no, CachedSegment{loaded[k], now});
  }
  segments_ = std::move(live);

  std::vector<std::pair<std::pair<int32_t, uint64_t>, std::shared_ptr<const Chunk>>> order;
  for (const auto& seg : snap.segments) {
    if (wanted(seg.day)) order.push_back({{seg.day, seg.file_no}, segments_[seg.file_no].chunk});
  }
  UpdateMemoryGroups(snap.batches);
  for (size_t g = 0; g < memory_groups_.size(); ++g) {
    for (const auto& c : memory_groups_[g].chunks) {
      // After the day's segments, in group order.
      if (wanted(c->day)) order.push_back({{c->day, (uint64_t{1} << 63) + g}, c});
    }
  }
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  view->chunks.clear();
  for (auto& [key, c] : order) view->chunks.push_back(std::move(c));
  view->persons = ResolvePersons();
  view->slot_qids = slot_qids_;
  view->homes = homes_;
  view->data = this;
  ResolveRuns(view);
  // The signature: every segment's number, every in-memory batch (immutable once appended; a
  // new append is a new batch) and its rows, and the person table's generation and size.
  std::vector<uint64_t> parts;
  for (const auto& seg : snap.segments) parts.push_back(seg.file_no);
  parts.push_back(~uint64_t{0});
  for (const auto& b : snap.batches) {
    parts.push_back(reinterpret_cast<uintptr_t>(b.get()));
    parts.push_back(b->rows());
  }
  parts.push_back(persons_generation_);
  parts.push_back(view->persons->size());
  view->signature = XXH3_64bits(parts.data(), parts.size() * sizeof(uint64_t));
  view->cache.bytes = Evict();
  view->cache.segments = segments_.size();
  view->cache.evicted = evicted_;
  view->cache.memory_groups = memory_groups_.size();
  view->cache.memory_sorted = memory_sorts_;
  return Status::Ok();
}

size_t QueryData::Evict() {
  // (last_used, file number, bytes): each chunk measured once, as running queries may still be
  // loading properties into it.
  std::vector<std::tuple<uint64_t, uint64_t, size_t>> by_use;
  size_t total = 0;
  for (const auto& [file_no, cached] : segments_) {
    const size_t bytes = cached.chunk->Bytes();
    total += bytes;
    by_use.emplace_back(cached.last_used, file_no, bytes);
  }
  if (total <= cache_bytes_) return total;
  std::sort(by_use.begin(), by_use.end());
  for (const auto& [used, file_no, bytes] : by_use) {
    if (total <= cache_bytes_) break;
    auto it = segments_.find(file_no);
    const Chunk* chunk = it->second.chunk.get();
    total -= bytes;
    // Its persons of runs hold it too, and depend on the other chunks of its day.
    for (auto r = run_persons_.begin(); r != run_persons_.end();) {
      const auto& day = r->second.day;
      if (std::find(day.begin(), day.end(), chunk) != day.end()) {
        r = run_persons_.erase(r);
      } else {
        ++r;
      }
    }
    segments_.erase(it);
    ++evicted_;
  }
  return total;
}

void QueryData::UpdateMemoryGroups(const std::vector<std::shared_ptr<const EventBatch>>& batches) {
  // Keep the groups whose batches are still there, in the same place, with the same rows.
  size_t pos = 0, kept = 0;
  for (; kept < memory_groups_.size(); ++kept) {
    const MemoryGroup& g = memory_groups_[kept];
    bool same = pos + g.batches.size() <= batches.size();
    for (size_t i = 0; same && i < g.batches.size(); ++i) {
      same = batches[pos + i] == g.batches[i] && batches[pos + i]->rows() == g.rows[i];
    }
    if (!same) break;
    pos += g.batches.size();
  }
  memory_groups_.resize(kept);
  if (pos == batches.size()) return;
  // The new batches, merged with the latest groups while those are not much larger, so that
  // group sizes shrink geometrically and few chunks share a day.
  uint64_t rows = 0;
  for (size_t i = pos; i < batches.size(); ++i) rows += batches[i]->rows();
  while (!memory_groups_.empty() && memory_groups_.back().total_rows <= 2 * rows) {
    pos -= memory_groups_.back().batches.size();
    rows += memory_groups_.back().total_rows;
    memory_groups_.pop_back();
  }
  MemoryGroup g;
  g.batches.assign(batches.begin() + static_cast<std::ptrdiff_t>(pos), batches.end());
  for (const auto& b : g.batches) g.rows.push_back(b->rows());
  g.total_rows = rows;
  BuildMemoryChunks(g.batches, &g.chunks);
  memory_sorts_ += rows;
  memory_groups_.push_back(std::move(g));
}

QueryData::CacheStats QueryData::cache_stats() const {
  std::lock_guard<std::mutex> lock(acquire_mu_);
  CacheStats stats;
  stats.memory_groups = memory_groups_.size();
  stats.memory_sorted = memory_sorts_;
  stats.segments = segments_.size();
  for (const auto& [file_no, cached] : segments_) stats.bytes += cached.chunk->Bytes();
  stats.evicted = evicted_;
  return stats;
}

void RunPersons::IndexBlocks(const std::vector<uint32_t>& run_qid,
                             const std::vector<uint32_t>& homes) {
  // A run is at home when its person's slot is in the block of its id's home, and not before the
  // block of the run at home before it (which keeps the runs at home in block order whatever
  // the homes say).
  at_home.assign(person.size(), 0);
  block_begin.clear();
  uint32_t current = 0;
  for (uint32_t r = 0; r < person.size(); ++r) {
    const uint32_t block = person[r] >> kPersonBlockShift;
    const uint32_t home = homes[run_qid[r]];
    if (home == kNoHome || home >> kPersonBlockShift != block || block < current) continue;
    at_home[r] = 1;
    current = block;
    // block_begin[b] for the blocks up to this one: this run, the first at home from them on.
    while (block_begin.size() <= block) block_begin.push_back(r);
  }
  block_begin.push_back(static_cast<uint32_t>(person.size()));
}

void QueryData::ResolveRuns(DataView* view) {
  // Called under acquire_mu_.
  if (run_persons_table_ != view->persons.get()) {
    run_persons_.clear();
    run_persons_table_ = view->persons.get();
  }
  const std::vector<uint32_t>& persons = *view->persons;
  std::unordered_map<const Chunk*, CachedRuns> live;
  view->run_persons.assign(view->chunks.size(), nullptr);
  // Runs of each person in the day being computed: stamp[p] is the day's index + 1 once the
  // person was met, with the high bit set once it was met twice.
  std::vector<uint32_t> stamp;
  constexpr uint32_t kTwice = 1u << 31;
  uint32_t day_index = 0;
  for (size_t i = 0; i < view->chunks.size();) {
    size_t end = i;
    while (end < view->chunks.size() && view->chunks[end]->day == view->chunks[i]->day) ++end;
    std::vector<const Chunk*> day;
    for (size_t k = i; k < end; ++k) day.push_back(view->chunks[k].get());
    // A day's flags depend on all its chunks: reuse them only when the day is unchanged.
    bool cached = true;
    for (size_t k = i; k < end && cached; ++k) {
      auto it = run_persons_.find(day[k - i]);
      cached = it != run_persons_.end() && it->second.day == day;
    }
    if (cached) {
      for (size_t k = i; k < end; ++k) {
        const CachedRuns& hit = run_persons_[day[k - i]];
        view->run_persons[k] = hit.runs;
        live.emplace(day[k - i], hit);
      }
      i = end;
      continue;
    }
    if (stamp.empty()) stamp.assign(persons.size(), 0);
    const uint32_t mark = ++day_index;
    std::vector<std::shared_ptr<RunPersons>> runs(end - i);
    for (size_t k = i; k < end; ++k) {
      const Chunk& c = *view->chunks[k];
      auto rp = std::make_shared<RunPersons>();
      rp->person.resize(c.runs());
      rp->multi.assign(c.runs(), 0);
      for (uint32_t r = 0; r < c.runs(); ++r) {
        const uint32_t p = persons[c.run_qid[r]];
        rp->person[r] = p;
        if ((stamp[p] & ~kTwice) == mark) {
          stamp[p] |= kTwice;
        } else {
          stamp[p] = mark;
        }
      }
      runs[k - i] = std::move(rp);
    }
    auto day_rows = std::make_shared<std::vector<RunPersons::Row>>();
    for (size_t k = i; k < end; ++k) {
      RunPersons& rp = *runs[k - i];
      const Chunk& c = *view->chunks[k];
      rp.IndexBlocks(c.run_qid, *view->homes);
      for (uint32_t r = 0; r < c.runs(); ++r) {
        rp.multi[r] = (stamp[rp.person[r]] & kTwice) != 0 || !rp.at_home[r];
        if (!rp.multi[r]) continue;
        for (uint32_t row = c.run_start[r]; row < c.run_start[r + 1]; ++row) {
          day_rows->push_back({&c, rp.person[r], r, row});
        }
      }
    }
    // Ties of time keep the chunks' order (day, file) and then the rows'.
    auto chunk_index = [&](const Chunk* c) {
      return static_cast<size_t>(std::find(day.begin(), day.end(), c) - day.begin());
    };
    std::sort(day_rows->begin(), day_rows->end(),
              [&](const RunPersons::Row& a, const RunPersons::Row& b) {
                if (a.person != b.person) return a.person < b.person;
                const int64_t ta = a.chunk->ts[a.row], tb = b.chunk->ts[b.row];
                if (ta != tb) return ta < tb;
                if (a.chunk != b.chunk) return chunk_index(a.chunk) < chunk_index(b.chunk);
                return a.row < b.row;
              });
    for (auto& rp : runs) rp->day_rows = day_rows;
    for (size_t k = i; k < end; ++k) {
      view->run_persons[k] = runs[k - i];
      live.emplace(day[k - i], CachedRuns{view->chunks[k], runs[k - i], day});
    }
    i = end;
  }
  // Days this query did not read keep their cached runs while their chunks stay cached.
  std::unordered_set<const Chunk*> cached_chunks;
  for (const auto& [file_no, seg] : segments_) cached_chunks.insert(seg.chunk.get());
  for (auto& [chunk, cached] : run_persons_) {
    if (live.count(chunk) != 0) continue;
    if (std::all_of(cached.day.begin(), cached.day.end(),
                    [&](const Chunk* c) { return cached_chunks.count(c) != 0; })) {
      live.emplace(chunk, std::move(cached));
    }
  }
  run_persons_ = std::move(live);
}

Status QueryData::LoadProperty(const Chunk& c, const std::string& name, ChunkProperty* out) const {
  auto add_strings = [&](const PropertyColumn& col, const std::vector<uint32_t>* order) {
    if (out->strings.empty()) out->strings.assign(c.rows, 0);
    std::unordered_map<std::string_view, uint32_t> local;
    std::lock_guard<std::mutex> lock(dict_mu_);
    StringDict& dict = values_[name];
    for (uint32_t i = 0; i < c.rows; ++i) {
      const uint32_t src = order ? (*order)[i] : i;
      if (!col.valid[src]) continue;
      std::string_view v = col.strings.Get(src);
      auto [it, added] = local.try_emplace(v, 0);
      if (added) it->second = dict.Intern(v);
      out->strings[i] = it->second;
    }
  };
  auto add_numbers = [&](const PropertyColumn& col, const std::vector<uint32_t>* order) {
    if (out->numbers.empty()) out->numbers.assign(c.rows, kNoNumber);
    for (uint32_t i = 0; i < c.rows; ++i) {
      const uint32_t src = order ? (*order)[i] : i;
      if (!col.valid[src]) continue;
      out->numbers[i] =
          col.type == ValueType::kNumber ? col.numbers[src] : static_cast<double>(col.ints[src]);
    }
  };
  if (c.segment) {
    for (const SegmentColumnInfo& info : c.segment->footer().columns) {
      if (!info.property || info.name != name) continue;
      PropertyColumn col;
      RETURN_IF_ERROR(c.segment->ReadPropertyColumn(info, &col));
      if (col.size() != c.rows) {
        return Corruption("segment " + c.segment->path() + ": property " + name +
                          " has a different number of rows");
      }
      if (col.type == ValueType::kString) {
        add_strings(col, nullptr);
      } else {
        add_numbers(col, nullptr);
      }
    }
    return Status::Ok();
  }
  // In-memory chunk: gather the rows of each batch's columns of that name.
  for (uint32_t b = 0; b < c.batches.size(); ++b) {
    for (const PropertyColumn& col : c.batches[b]->properties()) {
      if (col.name != name) continue;
      PropertyColumn gathered;
      gathered.type = col.type;
      gathered.valid.assign(c.rows, 0);
      if (col.type == ValueType::kString) {
        for (uint32_t i = 0; i < c.rows; ++i) {
          const auto ref = c.batch_rows[i];
          if (ref.batch == b && col.valid[ref.row]) {
            gathered.valid[i] = 1;
            gathered.strings.Append(col.strings.Get(ref.row));
          } else {
            gathered.strings.Append({});
          }
        }
        add_strings(gathered, nullptr);
      } else {
        gathered.numbers.assign(c.rows, 0);
        gathered.ints.assign(c.rows, 0);
        for (uint32_t i = 0; i < c.rows; ++i) {
          const auto ref = c.batch_rows[i];
          if (ref.batch != b || !col.valid[ref.row]) continue;
          gathered.valid[i] = 1;
          if (col.type == ValueType::kNumber) {
            gathered.numbers[i] = col.numbers[ref.row];
          } else {
            gathered.ints[i] = col.ints[ref.row];
          }
        }
        add_numbers(gathered, nullptr);
      }
    }
  }
  return Status::Ok();
}

Status QueryData::Property(const Chunk& chunk, const std::string& name,
                           std::shared_ptr<const ChunkProperty>* out) const {
  {
    std::lock_guard<std::mutex> lock(chunk.props_mu);
    auto it = chunk.props.find(name);
    if (it != chunk.props.end()) {
      *out = it->second;
      return Status::Ok();
    }
  }
  auto p = std::make_shared<ChunkProperty>();
  RETURN_IF_ERROR(LoadProperty(chunk, name, p.get()));
  std::shared_ptr<const ChunkProperty> result;
  if (!p->numbers.empty() || !p->strings.empty()) result = std::move(p);
  std::lock_guard<std::mutex> lock(chunk.props_mu);
  auto [it, added] = chunk.props.emplace(name, result);
  *out = it->second;
  return Status::Ok();
}

uint32_t QueryData::EventCode(std::string_view name) const {
  std::lock_guard<std::mutex> lock(dict_mu_);
  return events_.Find(name);
}

std::string QueryData::EventName(uint32_t code) const {
  std::lock_guard<std::mutex> lock(dict_mu_);
  return code == 0 || code > events_.size() ? std::string() : std::string(events_.Get(code));
}

uint32_t QueryData::EventCodes() const {
  std::lock_guard<std::mutex> lock(dict_mu_);
  return events_.size();
}

uint32_t QueryData::ValueCode(const std::string& property, std::string_view value) const {
  std::lock_guard<std::mutex> lock(dict_mu_);
  auto it = values_.find(property);
  return it == values_.end() ? 0 : it->second.Find(value);
}

std::vector<std::string> QueryData::Values(const std::string& property) const {
  std::lock_guard<std::mutex> lock(dict_mu_);
  std::vector<std::string> out;
  auto it = values_.find(property);
  if (it == values_.end()) return out;
  for (uint32_t c = 1; c <= it->second.size(); ++c) out.emplace_back(it->second.Get(c));
  return out;
}

std::string QueryData::DistinctId(uint32_t qid) const {
  std::lock_guard<std::mutex> lock(dict_mu_);
  return qid < ids_.size() ? std::string(ids_.IdOf(qid)) : std::string();
}

std::string QueryData::PersonLabel(uint32_t qid) const {
  std::string id = DistinctId(qid);
  if (identity_ == nullptr) return id;
  std::string user_id;
  const uint64_t person = identity_->PersonOf(id);
  if (person == kNoPerson) return id;
  if (identity_->KnownIdOf(person, &user_id)) return user_id;
  // No known id: the person's first id in the identity map's order, which its log fixes, so
  // the label does not depend on which of its ids the scan met first.
  std::vector<std::string> members;
  if (identity_->MembersOf(person, &members).ok() && !members.empty()) return members.front();
  return id;
}

}  // namespace growloop
