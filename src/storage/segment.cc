#include "storage/segment.h"

#include <lz4.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "common/coding.h"
#include "storage/column_codec.h"
#include "storage/string_dict.h"

namespace growloop {
namespace {

constexpr char kMagic[8] = {'G', 'L', 'S', 'E', 'G', '0', '1', '\n'};
constexpr char kTrailerMagic[8] = {'G', 'L', 'S', 'E', 'G', 'E', 'N', 'D'};
constexpr size_t kTrailerSize = 24;
constexpr uint64_t kFooterVersion = 1;

Status Compress(SegmentCompression c, int level, const std::string& raw, std::string* out) {
  switch (c) {
    case SegmentCompression::kNone: *out = raw; return Status::Ok();
    case SegmentCompression::kZstd: {
      out->resize(ZSTD_compressBound(raw.size()));
      size_t n = ZSTD_compress(out->data(), out->size(), raw.data(), raw.size(), level);
      if (ZSTD_isError(n)) return Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
      out->resize(n);
      return Status::Ok();
    }
    case SegmentCompression::kLz4: {
      int bound = LZ4_compressBound(static_cast<int>(raw.size()));
      out->resize(static_cast<size_t>(bound));
      int n = LZ4_compress_default(raw.data(), out->data(), static_cast<int>(raw.size()), bound);
      if (n <= 0) return Internal("lz4 compression failed");
      out->resize(static_cast<size_t>(n));
      return Status::Ok();
    }
  }
  return Internal("unknown compression");
}

bool Decompress(SegmentCompression c, std::string_view stored, uint64_t raw_size,
                std::string* raw) {
  // The claimed size is checked against what the stored bytes can hold before allocating it.
  switch (c) {
    case SegmentCompression::kNone:
      if (stored.size() != raw_size) return false;
      break;
    case SegmentCompression::kZstd:
      // zstd frames written by the segment writer carry their content size.
      if (ZSTD_getFrameContentSize(stored.data(), stored.size()) != raw_size) return false;
      break;
    case SegmentCompression::kLz4:
      if (raw_size > static_cast<uint64_t>(stored.size()) * 255 + 16) return false;
      break;
  }
  if (raw_size > (1ull << 34)) return false;
  raw->resize(raw_size);
  switch (c) {
    case SegmentCompression::kNone:
      if (stored.size() != raw_size) return false;
      std::memcpy(raw->data(), stored.data(), raw_size);
      return true;
    case SegmentCompression::kZstd: {
      size_t n = ZSTD_decompress(raw->data(), raw_size, stored.data(), stored.size());
      return !ZSTD_isError(n) && n == raw_size;
    }
    case SegmentCompression::kLz4: {
      int n = LZ4_decompress_safe(stored.data(), raw->data(), static_cast<int>(stored.size()),
                                  static_cast<int>(raw_size));
      return n >= 0 && static_cast<uint64_t>(n) == raw_size;
    }
  }
  return false;
}

void EncodeFooter(const SegmentFooter& f, std::string* out) {
  PutVarint(out, kFooterVersion);
  PutVarint(out, f.rows);
  PutFixed64(out, static_cast<uint64_t>(f.min_ts));
  PutFixed64(out, static_cast<uint64_t>(f.max_ts));
  PutVarint(out, ZigZag(f.day));
  PutVarint(out, f.columns.size());
  for (const SegmentColumnInfo& c : f.columns) {
    PutLengthPrefixed(out, c.name);
    out->push_back(c.property ? 1 : 0);
    out->push_back(static_cast<char>(c.type));
    out->push_back(static_cast<char>(c.compression));
    PutVarint(out, c.offset);
    PutVarint(out, c.stored_bytes);
    PutVarint(out, c.raw_bytes);
    PutVarint(out, c.nulls);
    PutFixed64(out, c.checksum);
    out->push_back(c.has_range ? 1 : 0);
    if (c.has_range) {
      uint64_t b;
      std::memcpy(&b, &c.min, 8);
      PutFixed64(out, b);
      std::memcpy(&b, &c.max, 8);
      PutFixed64(out, b);
    }
  }
  PutVarint(out, f.event_counts.size());
  for (const auto& [name, count] : f.event_counts) {
    PutLengthPrefixed(out, name);
    PutVarint(out, count);
  }
  PutVarint(out, f.distinct_ids);
}

bool DecodeFooter(std::string_view data, SegmentFooter* f) {
  ByteReader in(data);
  uint64_t version, min_ts, max_ts, day, ncols;
  if (!in.Varint(&version) || version != kFooterVersion) return false;
  if (!in.Varint(&f->rows) || !in.Fixed64(&min_ts) || !in.Fixed64(&max_ts) || !in.Varint(&day)) {
    return false;
  }
  f->min_ts = static_cast<int64_t>(min_ts);
  f->max_ts = static_cast<int64_t>(max_ts);
  f->day = static_cast<int32_t>(UnZigZag(day));
  if (!in.Varint(&ncols) || ncols > in.remaining()) return false;
  f->columns.resize(ncols);
  for (SegmentColumnInfo& c : f->columns) {
    std::string_view name, flags;
    if (!in.LengthPrefixed(&name) || !in.Bytes(3, &flags)) return false;
    c.name.assign(name);
    c.property = flags[0] != 0;
    auto type = static_cast<uint8_t>(flags[1]);
    auto comp = static_cast<uint8_t>(flags[2]);
    if (type < 1 || type > 4 || comp > 2) return false;
    c.type = static_cast<ValueType>(type);
    c.compression = static_cast<SegmentCompression>(comp);
    std::string_view has_range;
    if (!in.Varint(&c.offset) || !in.Varint(&c.stored_bytes) || !in.Varint(&c.raw_bytes) ||
        !in.Varint(&c.nulls) || !in.Fixed64(&c.checksum) || !in.Bytes(1, &has_range)) {
      return false;
    }
    c.has_range = has_range[0] != 0;
    if (c.has_range) {
      uint64_t lo, hi;
      if (!in.Fixed64(&lo) || !in.Fixed64(&hi)) return false;
      std::memcpy(&c.min, &lo, 8);
      std::memcpy(&c.max, &hi, 8);
    }
  }
  uint64_t nevents;
  if (!in.Varint(&nevents) || nevents > in.remaining()) return false;
  f->event_counts.resize(nevents);
  for (auto& [name, count] : f->event_counts) {
    std::string_view n;
    if (!in.LengthPrefixed(&n) || !in.Varint(&count)) return false;
    name.assign(n);
  }
  return in.Varint(&f->distinct_ids) && in.remaining() == 0;
}

// Where each property column of a segment comes from: the union over the input batches of their
// columns, by (name, type), in first-seen order; for each batch the column's index there, or -1.
struct PropertySources {
  std::vector<const PropertyColumn*> columns;  // a representative, for the name and type
  std::vector<std::vector<int>> index;          // [column][batch]
};

PropertySources MapProperties(const std::vector<const EventBatch*>& batches) {
  PropertySources out;
  std::map<std::pair<std::string_view, ValueType>, size_t> seen;
  for (size_t b = 0; b < batches.size(); ++b) {
    const auto& props = batches[b]->properties();
    for (size_t c = 0; c < props.size(); ++c) {
      auto [it, inserted] = seen.emplace(std::make_pair(std::string_view(props[c].name), props[c].type),
                                         out.columns.size());
      if (inserted) {
        out.columns.push_back(&props[c]);
        out.index.emplace_back(batches.size(), -1);
      }
      out.index[it->second][b] = static_cast<int>(c);
    }
  }
  return out;
}

// Encodes one property column: count of valid rows, the validity bitmap when some are null, then
// the values of the valid rows only. Returns false (writing nothing) when no row has a value.
bool EncodeProperty(const std::vector<const EventBatch*>& batches,
                    const std::vector<EventBatch::RowRef>& rows, ValueType type,
                    const std::vector<int>& source, SegmentColumnInfo* info, std::string* out) {
  const size_t n = rows.size();
  std::vector<const PropertyColumn*> from(batches.size(), nullptr);
  for (size_t b = 0; b < batches.size(); ++b) {
    if (source[b] >= 0) from[b] = &batches[b]->properties()[static_cast<size_t>(source[b])];
  }
  std::vector<uint8_t> valid(n, 0);
  std::vector<std::string_view> strings;
  std::vector<double> numbers;
  std::vector<int64_t> ints;
  // One loop per type, so the per-row work is a lookup and a copy.
  auto collect = [&](auto& values, auto value_of) {
    values.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const PropertyColumn* c = from[rows[i].batch];
      if (c == nullptr || !c->valid[rows[i].row]) continue;
      valid[i] = 1;
      values.push_back(value_of(*c, rows[i].row));
    }
    return values.size();
  };
  size_t count = 0;
  switch (type) {
    case ValueType::kString:
      count = collect(strings, [](const PropertyColumn& c, uint32_t r) { return c.strings.Get(r); });
      break;
    case ValueType::kNumber:
      count = collect(numbers, [](const PropertyColumn& c, uint32_t r) { return c.numbers[r]; });
      break;
    case ValueType::kBool:
    case ValueType::kTimestamp:
      count = collect(ints, [](const PropertyColumn& c, uint32_t r) { return c.ints[r]; });
      break;
  }
  if (count == 0) return false;
  info->nulls = n - count;
  PutVarint(out, count);
  if (info->nulls > 0) EncodeBitmap(valid, out);
  info->has_range = type != ValueType::kString;
  switch (type) {
    case ValueType::kString: EncodeStrings(strings, out); break;
    case ValueType::kNumber: {
      auto [lo, hi] = std::minmax_element(numbers.begin(), numbers.end());
      info->min = *lo;
      info->max = *hi;
      EncodeDoubles(numbers.data(), numbers.size(), out);
      break;
    }
    case ValueType::kBool:
    case ValueType::kTimestamp: {
      auto [lo, hi] = std::minmax_element(ints.begin(), ints.end());
      info->min = static_cast<double>(*lo);
      info->max = static_cast<double>(*hi);
      EncodeInts(ints.data(), ints.size(), out);
      break;
    }
  }
  return true;
}

// Per-event-name counts, sorted by name.
std::vector<std::pair<std::string, uint64_t>> CountEvents(
    const std::vector<std::string_view>& events) {
  StringDict names(64);
  std::vector<uint64_t> counts;
  for (std::string_view e : events) {
    uint32_t code = names.Insert(e);
    if (code == counts.size()) counts.push_back(0);
    counts[code]++;
  }
  std::vector<std::pair<std::string, uint64_t>> out;
  for (size_t i = 0; i < counts.size(); ++i) out.emplace_back(std::string(names.values()[i]), counts[i]);
  std::sort(out.begin(), out.end());
  return out;
}

// Distinct values of a column that is normally sorted (counted by runs); any order is handled.
uint64_t CountDistinct(const std::vector<std::string_view>& values) {
  uint64_t runs = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == 0 || values[i] > values[i - 1]) {
      ++runs;
    } else if (values[i] < values[i - 1]) {
      StringDict all(values.size() / 4 + 16);
      for (std::string_view v : values) all.Insert(v);
      return all.values().size();
    }
  }
  return runs;
}

}  // namespace

const SegmentColumnInfo* SegmentFooter::Find(std::string_view name, bool property) const {
  for (const SegmentColumnInfo& c : columns) {
    if (c.property == property && c.name == name) return &c;
  }
  return nullptr;
}

std::string DayToString(int32_t day) {
  // Civil-from-days (proleptic Gregorian), valid for every int32 day.
  int64_t z = static_cast<int64_t>(day) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lld", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

Status WriteSegment(Env* env, const std::string& path, const EventBatch& batch, int32_t day,
                    const SegmentWriteOptions& options, SegmentFooter* footer,
                    uint64_t* file_size) {
  std::vector<EventBatch::RowRef> rows(batch.rows());
  for (uint32_t i = 0; i < rows.size(); ++i) rows[i] = {0, i};
  return WriteSegment(env, path, {&batch}, rows, day, options, footer, file_size);
}

Status WriteSegment(Env* env, const std::string& path,
                    const std::vector<const EventBatch*>& batches,
                    const std::vector<EventBatch::RowRef>& rows, int32_t day,
                    const SegmentWriteOptions& options, SegmentFooter* footer,
                    uint64_t* file_size) {
  const size_t n = rows.size();
  // The fixed columns, read in place from the batches in segment order.
  auto column = [&](auto value_of) {
    std::vector<decltype(value_of(*batches[0], 0))> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = value_of(*batches[rows[i].batch], rows[i].row);
    return v;
  };
  SegmentFooter f;
  f.rows = n;
  f.day = day;
  std::string tmp_path = path + ".tmp";
  std::unique_ptr<WritableFile> file;
  RETURN_IF_ERROR(env->NewWritableFile(tmp_path, &file));
  auto fail = [&](Status s) {
    (void)file->Close();
    (void)env->DeleteFile(tmp_path);
    return s;
  };
  Status s = file->Append(std::string_view(kMagic, sizeof(kMagic)));
  if (!s.ok()) return fail(s);
  uint64_t offset = sizeof(kMagic);
  std::string raw, stored;
  auto emit = [&](SegmentColumnInfo info) -> Status {
    info.compression = options.compression;
    info.raw_bytes = raw.size();
    RETURN_IF_ERROR(Compress(options.compression, options.zstd_level, raw, &stored));
    info.offset = offset;
    info.stored_bytes = stored.size();
    info.checksum = XXH3_64bits(stored.data(), stored.size());
    RETURN_IF_ERROR(file->Append(stored));
    offset += stored.size();
    f.columns.push_back(std::move(info));
    return Status::Ok();
  };
  auto core = [](const char* name, ValueType type) {
    SegmentColumnInfo c;
    c.name = name;
    c.type = type;
    return c;
  };
  for (const char* name : {kColId, kColDistinctId, kColAnonymousId, kColEvent}) {
    std::vector<std::string_view> values;
    if (name == kColId) {
      values = column([](const EventBatch& b, size_t r) { return b.id(r); });
    } else if (name == kColDistinctId) {
      values = column([](const EventBatch& b, size_t r) { return b.distinct_id(r); });
      f.distinct_ids = CountDistinct(values);
    } else if (name == kColAnonymousId) {
      values = column([](const EventBatch& b, size_t r) { return b.anonymous_id(r); });
    } else {
      values = column([](const EventBatch& b, size_t r) { return b.event(r); });
      f.event_counts = CountEvents(values);
    }
    raw.clear();
    EncodeStrings(values, &raw);
    s = emit(core(name, ValueType::kString));
    if (!s.ok()) return fail(s);
  }
  for (const char* name : {kColTs, kColReceived}) {
    std::vector<int64_t> v =
        name == kColTs ? column([](const EventBatch& b, size_t r) { return b.ts(r); })
                       : column([](const EventBatch& b, size_t r) { return b.received(r); });
    raw.clear();
    EncodeInts(v.data(), v.size(), &raw);
    SegmentColumnInfo c = core(name, ValueType::kTimestamp);
    if (!v.empty()) {
      auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      c.has_range = true;
      c.min = static_cast<double>(*lo);
      c.max = static_cast<double>(*hi);
      if (name == kColTs) {
        f.min_ts = *lo;
        f.max_ts = *hi;
      }
    }
    s = emit(std::move(c));
    if (!s.ok()) return fail(s);
  }
  PropertySources props = MapProperties(batches);
  for (size_t p = 0; p < props.columns.size(); ++p) {
    SegmentColumnInfo c;
    c.name = props.columns[p]->name;
    c.property = true;
    c.type = props.columns[p]->type;
    raw.clear();
    // A column with no value in this segment is left out.
    if (!EncodeProperty(batches, rows, c.type, props.index[p], &c, &raw)) continue;
    s = emit(std::move(c));
    if (!s.ok()) return fail(s);
  }
  std::string tail;
  EncodeFooter(f, &tail);
  uint32_t footer_len = static_cast<uint32_t>(tail.size());
  uint32_t footer_sum = static_cast<uint32_t>(XXH3_64bits(tail.data(), tail.size()));
  PutFixed64(&tail, offset);
  PutFixed32(&tail, footer_len);
  PutFixed32(&tail, footer_sum);
  tail.append(kTrailerMagic, sizeof(kTrailerMagic));
  s = file->Append(tail);
  if (s.ok()) s = file->Sync();
  if (!s.ok()) return fail(s);
  s = file->Close();
  if (!s.ok()) return fail(s);
  s = env->RenameFile(tmp_path, path);
  if (!s.ok()) return fail(s);
  RETURN_IF_ERROR(env->SyncDir(DirName(path)));
  *footer = std::move(f);
  *file_size = offset + tail.size();
  return Status::Ok();
}

Status SegmentReader::Open(Env* env, const std::string& path,
                           std::unique_ptr<SegmentReader>* out) {
  std::unique_ptr<SegmentReader> r(new SegmentReader());
  r->path_ = path;
  RETURN_IF_ERROR(env->NewRandomAccessFile(path, &r->file_));
  uint64_t size = r->file_->Size();
  auto corrupt = [&](const std::string& what) { return Corruption("segment " + path + ": " + what); };
  if (size < sizeof(kMagic) + kTrailerSize) return corrupt("file too short");
  char trailer[kTrailerSize];
  RETURN_IF_ERROR(r->file_->Read(size - kTrailerSize, kTrailerSize, trailer));
  if (std::memcmp(trailer + 16, kTrailerMagic, 8) != 0) return corrupt("bad trailer magic");
  uint64_t footer_offset = DecodeFixed64(trailer);
  uint32_t footer_len = DecodeFixed32(trailer + 8);
  uint32_t footer_sum = DecodeFixed32(trailer + 12);
  if (footer_offset + footer_len + kTrailerSize != size) return corrupt("bad footer position");
  std::string footer(footer_len, '\0');
  RETURN_IF_ERROR(r->file_->Read(footer_offset, footer_len, footer.data()));
  if (static_cast<uint32_t>(XXH3_64bits(footer.data(), footer.size())) != footer_sum) {
    return corrupt("footer checksum mismatch");
  }
  if (!DecodeFooter(footer, &r->footer_)) return corrupt("malformed footer");
  for (const SegmentColumnInfo& c : r->footer_.columns) {
    if (c.offset < sizeof(kMagic) || c.offset + c.stored_bytes > footer_offset) {
      return corrupt("column " + c.name + " out of bounds");
    }
  }
  *out = std::move(r);
  return Status::Ok();
}

Status SegmentReader::ReadChunk(const SegmentColumnInfo& info, std::string* raw) const {
  std::string stored(info.stored_bytes, '\0');
  RETURN_IF_ERROR(file_->Read(info.offset, info.stored_bytes, stored.data()));
  if (XXH3_64bits(stored.data(), stored.size()) != info.checksum) {
    return Corruption("segment " + path_ + ": column " + info.name + " checksum mismatch");
  }
  if (!Decompress(info.compression, stored, info.raw_bytes, raw)) {
    return Corruption("segment " + path_ + ": column " + info.name + " does not decompress");
  }
  return Status::Ok();
}

Status SegmentReader::ReadStringColumn(const char* name, StringColumn* out) const {
  const SegmentColumnInfo* info = footer_.Find(name, false);
  if (info == nullptr) return Corruption("segment " + path_ + ": missing column " + name);
  std::string raw;
  RETURN_IF_ERROR(ReadChunk(*info, &raw));
  ByteReader in(raw);
  if (!DecodeStrings(&in, footer_.rows, out) || in.remaining() != 0) {
    return Corruption("segment " + path_ + ": malformed column " + name);
  }
  return Status::Ok();
}

Status SegmentReader::ReadIntColumn(const char* name, std::vector<int64_t>* out) const {
  const SegmentColumnInfo* info = footer_.Find(name, false);
  if (info == nullptr) return Corruption("segment " + path_ + ": missing column " + name);
  std::string raw;
  RETURN_IF_ERROR(ReadChunk(*info, &raw));
  ByteReader in(raw);
  if (!DecodeInts(&in, footer_.rows, out) || in.remaining() != 0) {
    return Corruption("segment " + path_ + ": malformed column " + name);
  }
  return Status::Ok();
}

Status SegmentReader::ReadPropertyColumn(const SegmentColumnInfo& info, PropertyColumn* out) const {
  std::string raw;
  RETURN_IF_ERROR(ReadChunk(info, &raw));
  auto bad = [&] { return Corruption("segment " + path_ + ": malformed column " + info.name); };
  ByteReader in(raw);
  const size_t n = footer_.rows;
  uint64_t valid_count;
  if (!in.Varint(&valid_count) || valid_count > n) return bad();
  PropertyColumn c;
  c.name = info.name;
  c.type = info.type;
  if (valid_count < n) {
    if (!DecodeBitmap(&in, n, &c.valid)) return bad();
    uint64_t set = 0;
    for (uint8_t v : c.valid) set += v;
    if (set != valid_count) return bad();
  } else {
    c.valid.assign(n, 1);
  }
  switch (c.type) {
    case ValueType::kString: {
      StringColumn dense;
      if (!DecodeStrings(&in, valid_count, &dense)) return bad();
      size_t j = 0;
      c.strings.Reserve(n, dense.data_bytes());
      for (size_t i = 0; i < n; ++i) c.strings.Append(c.valid[i] ? dense.Get(j++) : std::string_view());
      break;
    }
    case ValueType::kNumber: {
      std::vector<double> dense;
      if (!DecodeDoubles(&in, valid_count, &dense)) return bad();
      c.numbers.assign(n, 0);
      for (size_t i = 0, j = 0; i < n; ++i) {
        if (c.valid[i]) c.numbers[i] = dense[j++];
      }
      break;
    }
    case ValueType::kBool:
    case ValueType::kTimestamp: {
      std::vector<int64_t> dense;
      if (!DecodeInts(&in, valid_count, &dense)) return bad();
      c.ints.assign(n, 0);
      for (size_t i = 0, j = 0; i < n; ++i) {
        if (c.valid[i]) c.ints[i] = dense[j++];
      }
      break;
    }
  }
  if (in.remaining() != 0) return bad();
  *out = std::move(c);
  return Status::Ok();
}

Status SegmentReader::ReadBatch(EventBatch* batch) const {
  StringColumn ids, distinct, anon, events;
  std::vector<int64_t> ts, received;
  RETURN_IF_ERROR(ReadStringColumn(kColId, &ids));
  RETURN_IF_ERROR(ReadStringColumn(kColDistinctId, &distinct));
  RETURN_IF_ERROR(ReadStringColumn(kColAnonymousId, &anon));
  RETURN_IF_ERROR(ReadStringColumn(kColEvent, &events));
  RETURN_IF_ERROR(ReadIntColumn(kColTs, &ts));
  RETURN_IF_ERROR(ReadIntColumn(kColReceived, &received));
  std::vector<PropertyColumn> props;
  for (const SegmentColumnInfo& info : footer_.columns) {
    if (!info.property) continue;
    PropertyColumn c;
    RETURN_IF_ERROR(ReadPropertyColumn(info, &c));
    props.push_back(std::move(c));
  }
  if (!EventBatch::FromColumns(std::move(ids), std::move(ts), std::move(received),
                               std::move(distinct), std::move(anon), std::move(events),
                               std::move(props), batch)) {
    return Corruption("segment " + path_ + ": columns disagree on row count or repeat");
  }
  return Status::Ok();
}

}  // namespace growloop
