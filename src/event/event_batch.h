// EventBatch: a batch of events held column by column, the unit that moves through ingestion,
// the write-ahead log and the segment writer. No object per event: strings live in one arena
// per column, properties in one column per (name, type).
//
// The event model (docs/event-model.md): id, timestamp (µs UTC), time received (µs UTC),
// distinct id, anonymous id (may be empty), event name, and typed properties.
//
// Not thread-safe; one thread builds a batch, then hands it over by move.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace growloop {

enum class ValueType : uint8_t {
  kString = 1,
  kNumber = 2,     // IEEE double
  kBool = 3,
  kTimestamp = 4,  // µs since the Unix epoch, UTC
};

std::string_view ValueTypeName(ValueType type);

// Strings of one column, back to back in one buffer.
class StringColumn {
 public:
  StringColumn() { offsets_.push_back(0); }

  void Append(std::string_view s) {
    data_.append(s.data(), s.size());
    offsets_.push_back(data_.size());
  }
  std::string_view Get(size_t i) const {
    return {data_.data() + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
  }
  size_t size() const { return offsets_.size() - 1; }
  size_t data_bytes() const { return data_.size(); }
  void Truncate(size_t n) {
    data_.resize(offsets_[n]);
    offsets_.resize(n + 1);
  }
  void Reserve(size_t rows, size_t bytes) {
    offsets_.reserve(rows + 1);
    data_.reserve(bytes);
  }
  void Clear() { Truncate(0); }

 private:
  std::vector<uint64_t> offsets_;
  std::string data_;

  friend class BatchCodec;
};

// One property of one type, row-aligned with its batch: valid[i] says whether row i has it.
struct PropertyColumn {
  std::string name;
  ValueType type = ValueType::kString;
  std::vector<uint8_t> valid;
  std::vector<int64_t> ints;      // kBool (0/1) and kTimestamp
  std::vector<double> numbers;    // kNumber
  StringColumn strings;           // kString

  size_t size() const { return valid.size(); }
  void AppendNull();
  void Truncate(size_t n);
};

class EventBatch {
 public:
  EventBatch() = default;
  EventBatch(EventBatch&&) = default;
  EventBatch& operator=(EventBatch&&) = default;
  EventBatch(const EventBatch&) = delete;
  EventBatch& operator=(const EventBatch&) = delete;

  // Builds a batch from whole columns; every column must have the same number of rows.
  // Returns false (and leaves *out unchanged) when they do not or a property key repeats.
  static bool FromColumns(StringColumn ids, std::vector<int64_t> ts, std::vector<int64_t> received,
                          StringColumn distinct_ids, StringColumn anonymous_ids, StringColumn events,
                          std::vector<PropertyColumn> props, EventBatch* out);

  // Rows of several batches, in the order given by `rows` (batch index, row index).
  struct RowRef {
    uint32_t batch;
    uint32_t row;
  };
  static EventBatch Gather(const std::vector<const EventBatch*>& batches,
                           const std::vector<RowRef>& rows);

  size_t rows() const { return ts_.size(); }
  bool empty() const { return rows() == 0; }

  // Appends the fixed fields of a new row and opens it for properties. Every property column
  // that the row does not set is null for it once EndRow() is called.
  void BeginRow(std::string_view id, int64_t ts_us, int64_t received_us,
                std::string_view distinct_id, std::string_view anonymous_id,
                std::string_view event);
  // Index of the property column (name, type), created (null for earlier rows) when missing.
  size_t PropertyIndex(std::string_view name, ValueType type);
  // Set a property of the open row. Setting the same column twice in a row is a bug.
  void SetString(size_t col, std::string_view v);
  void SetNumber(size_t col, double v);
  void SetBool(size_t col, bool v);
  void SetTimestamp(size_t col, int64_t v);
  void EndRow();
  // Drops the open row (used when validation fails half-way through a row).
  void AbortRow();

  // Removes rows whose keep[i] is 0, keeping the order of the rest.
  void Filter(const std::vector<uint8_t>& keep);
  // Returns a new batch with the rows of `order`, in that order.
  EventBatch Permute(const std::vector<uint32_t>& order) const;
  // Appends every row of `other` (columns are matched by name and type).
  void AppendBatch(const EventBatch& other);

  std::string_view id(size_t i) const { return ids_.Get(i); }
  int64_t ts(size_t i) const { return ts_[i]; }
  int64_t received(size_t i) const { return received_[i]; }
  std::string_view distinct_id(size_t i) const { return distinct_ids_.Get(i); }
  std::string_view anonymous_id(size_t i) const { return anonymous_ids_.Get(i); }
  std::string_view event(size_t i) const { return events_.Get(i); }

  const StringColumn& ids() const { return ids_; }
  const std::vector<int64_t>& ts_column() const { return ts_; }
  const std::vector<int64_t>& received_column() const { return received_; }
  const StringColumn& distinct_ids() const { return distinct_ids_; }
  const StringColumn& anonymous_ids() const { return anonymous_ids_; }
  const StringColumn& events() const { return events_; }
  const std::vector<PropertyColumn>& properties() const { return props_; }
  std::vector<PropertyColumn>& mutable_properties() { return props_; }

  // Approximate bytes held, for memory accounting.
  size_t ByteSize() const;
  void Clear();

 private:
  struct KeyHash {
    size_t operator()(const std::pair<std::string, ValueType>& k) const {
      return std::hash<std::string>()(k.first) * 31 + static_cast<size_t>(k.second);
    }
  };

  StringColumn ids_;
  std::vector<int64_t> ts_;
  std::vector<int64_t> received_;
  StringColumn distinct_ids_;
  StringColumn anonymous_ids_;
  StringColumn events_;
  std::vector<PropertyColumn> props_;
  std::unordered_map<std::pair<std::string, ValueType>, size_t, KeyHash> prop_index_;
  bool row_open_ = false;

  friend class BatchCodec;
};

}  // namespace growloop
