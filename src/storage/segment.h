// Segment files: immutable, compressed, columnar files of the events of one UTC day, rows sorted
// by distinct id and time (docs/formats/segment.md). A footer lists every column with its offset,
// encoding, checksum and min/max, and counts the rows of each event name, so a reader opens only
// the columns and segments a question needs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "env/env.h"
#include "event/event_batch.h"

namespace growloop {

enum class SegmentCompression : uint8_t { kNone = 0, kZstd = 1, kLz4 = 2 };

// Names of the fixed columns; property columns use their own names with kind kProperty.
inline constexpr const char* kColId = "$id";
inline constexpr const char* kColTs = "$ts";
inline constexpr const char* kColReceived = "$received";
inline constexpr const char* kColDistinctId = "$distinct_id";
inline constexpr const char* kColAnonymousId = "$anonymous_id";
inline constexpr const char* kColEvent = "$event";

struct SegmentColumnInfo {
  std::string name;
  bool property = false;  // false: one of the fixed columns
  ValueType type = ValueType::kString;
  SegmentCompression compression = SegmentCompression::kZstd;
  uint64_t offset = 0;
  uint64_t stored_bytes = 0;
  uint64_t raw_bytes = 0;
  uint64_t nulls = 0;
  uint64_t checksum = 0;  // XXH3-64 of the stored bytes
  bool has_range = false;  // min/max of the non-null values, for numbers and timestamps
  double min = 0;
  double max = 0;
};

struct SegmentFooter {
  uint64_t rows = 0;
  int64_t min_ts = 0;
  int64_t max_ts = 0;
  int32_t day = 0;  // days since 1970-01-01 (UTC)
  std::vector<SegmentColumnInfo> columns;
  std::vector<std::pair<std::string, uint64_t>> event_counts;  // sorted by name
  uint64_t distinct_ids = 0;

  const SegmentColumnInfo* Find(std::string_view name, bool property) const;
};

struct SegmentWriteOptions {
  SegmentCompression compression = SegmentCompression::kZstd;
  int zstd_level = 3;
};

// Writes `batch` (rows already in final order, all of day `day`) to `path` crash-safely:
// `path`.tmp, fsync, rename, fsync of the directory. On success fills *footer and *file_size.
Status WriteSegment(Env* env, const std::string& path, const EventBatch& batch, int32_t day,
                    const SegmentWriteOptions& options, SegmentFooter* footer,
                    uint64_t* file_size);
// The same for the rows `rows` of `batches`, read in place in that order: the flush and the
// compaction write sorted segments this way without first copying the rows into a sorted batch.
Status WriteSegment(Env* env, const std::string& path,
                    const std::vector<const EventBatch*>& batches,
                    const std::vector<EventBatch::RowRef>& rows, int32_t day,
                    const SegmentWriteOptions& options, SegmentFooter* footer,
                    uint64_t* file_size);

// Reads a segment. Thread-safe after Open: columns may be read from several threads.
class SegmentReader {
 public:
  static Status Open(Env* env, const std::string& path, std::unique_ptr<SegmentReader>* out);

  const SegmentFooter& footer() const { return footer_; }
  uint64_t file_size() const { return file_->Size(); }
  const std::string& path() const { return path_; }

  // Decodes every column into *batch.
  Status ReadBatch(EventBatch* batch) const;
  // Decodes one of the fixed string columns ($id, $distinct_id, $anonymous_id, $event).
  Status ReadStringColumn(const char* name, StringColumn* out) const;
  // Decodes one of the fixed integer columns ($ts, $received).
  Status ReadIntColumn(const char* name, std::vector<int64_t>* out) const;
  // Decodes a property column into its row-aligned form.
  Status ReadPropertyColumn(const SegmentColumnInfo& info, PropertyColumn* out) const;

 private:
  SegmentReader() = default;
  Status ReadChunk(const SegmentColumnInfo& info, std::string* raw) const;

  std::string path_;
  std::unique_ptr<RandomAccessFile> file_;
  SegmentFooter footer_;
};

// "2026-01-05" for day 20458.
std::string DayToString(int32_t day);
// Day index (days since the epoch, UTC) of a timestamp in µs.
inline int32_t DayOfMicros(int64_t ts_us) {
  int64_t d = ts_us / 86'400'000'000LL;
  if (ts_us % 86'400'000'000LL < 0) --d;
  return static_cast<int32_t>(d);
}

}  // namespace growloop
