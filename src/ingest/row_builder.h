// RowBuilder: the part of an import shared by every input format. A parser feeds one row's core
// fields and properties, then Commit() validates the row against the event model and the limits
// and appends it to the current EventBatch, or says why it is rejected.
//
// Hot path: no allocation per row once warm. Properties are named by PropertyKey objects owned by
// the parser (one per CSV column, one per distinct JSON key path), each caching its column index
// in the current batch, so the batch's own name lookup runs once per key and batch.
//
// Not thread-safe; each parser thread owns one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "event/event_batch.h"
#include "ingest/importer.h"
#include "ingest/reject_reason.h"

namespace growloop {

// Which core field of the event model an input column or top-level JSON key maps to.
enum class CoreField : uint8_t {
  kNone,
  kId,
  kTimestamp,
  kUserId,
  kAnonymousId,
  kEvent,
  kType,        // JSON only: the Segment call type (Sensors: the message type)
  kProperties,  // JSON only: the object whose members are properties without a prefix
  kSkip,        // JSON only: dropped, never stored (credentials an SDK sends in its messages)
  kTrackId,     // JSON only: Sensors' _track_id, part of the generated dedup id
  kPresence,    // JSON only: stored as boolean true whatever the value (Mixpanel's "$delete": "")
};

struct CoreRole {
  CoreField field = CoreField::kNone;
  uint8_t rank = 0;             // lower wins when a row has several names for one field
  bool segment_hint = false;    // a camelCase name only Segment-style payloads use
};

// The role of a column or top-level key name, e.g. "messageId" -> {kId, rank 1, hint}.
// kType ("type") is only meaningful in JSON; CSV treats it as a property.
CoreRole LookupCoreField(std::string_view name);

struct PropertyKey {
  PropertyKey(std::string_view n, CoreRole r) : name(n), role(r) {}
  explicit PropertyKey(std::string_view n) : PropertyKey(n, LookupCoreField(n)) {}
  std::string name;
  CoreRole role;              // meaningful only when the name is a top-level key
  uint64_t generation = 0;    // batch generation that `col` belongs to
  int32_t col[5] = {-1, -1, -1, -1, -1};  // column index per ValueType
  uint64_t row_stamp = 0;     // last row that set this key (first value of a repeated key wins)
};

// Owns PropertyKeys by name (JSON keys and flattened paths). Pointers stay valid until Clear().
// `lookup` gives a new key's role (LookupCoreField unless a parser reads another dialect).
class PropertyKeyCache {
 public:
  explicit PropertyKeyCache(CoreRole (*lookup)(std::string_view) = LookupCoreField)
      : lookup_(lookup) {}
  PropertyKey* Get(std::string_view name);
  size_t size() const { return keys_.size(); }
  void Clear() { keys_.clear(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  CoreRole (*lookup_)(std::string_view);
  std::unordered_map<std::string, std::unique_ptr<PropertyKey>, Hash, std::equal_to<>> keys_;
};

class RowBuilder {
 public:
  // `max_ts_us` is the resolved upper time bound (never 0).
  RowBuilder(const ImportLimits& limits, int64_t received_us, int64_t max_ts_us,
             size_t batch_rows);

  // Starts a new row, forgetting everything set for the previous one.
  void StartRow();

  void SetId(std::string_view v, uint8_t rank);
  void SetTimestampText(std::string_view v, uint8_t rank);
  void SetTimestampNumber(double v, uint8_t rank);
  void SetUserId(std::string_view v, uint8_t rank);
  void SetAnonymousId(std::string_view v, uint8_t rank);
  void SetEvent(std::string_view v);
  bool has_event() const { return event_set_; }
  bool has_id() const { return !id_.empty(); }
  bool has_timestamp() const { return ts_set_; }

  // Properties. Views must stay valid until Commit(). Empty strings are "not set" (the same as a
  // JSON null or an empty CSV cell). A key set twice in a row keeps its first value.
  void AddString(PropertyKey* key, std::string_view v);
  void AddNumber(PropertyKey* key, double v);
  void AddBool(PropertyKey* key, bool v);

  // Validates the row and appends it to the current batch. On rejection returns false with the
  // reason and, when `want_message`, a message. `raw_row` is the row's exact input bytes, hashed
  // into the generated id of rows without one.
  bool Commit(std::string_view raw_row, bool want_message, RejectReason* reason,
              std::string* message);

  // Moves the current batch (when not empty) to the finished list.
  void FinishBatch();
  std::vector<EventBatch>& finished() { return finished_; }

 private:
  struct Pending {
    PropertyKey* key;
    ValueType type;
    std::string_view str;
    double num;
  };
  void Add(PropertyKey* key, ValueType type, std::string_view str, double num);
  int32_t ColumnFor(PropertyKey* key, ValueType type);

  const ImportLimits limits_;
  const int64_t received_us_;
  const int64_t max_ts_us_;
  const size_t batch_rows_;

  EventBatch batch_;
  std::vector<EventBatch> finished_;
  uint64_t generation_ = 1;
  uint64_t row_stamp_ = 0;

  // The open row.
  std::string_view id_, user_id_, anonymous_id_, event_, ts_text_;
  uint8_t id_rank_, user_rank_, anon_rank_, ts_rank_;
  bool event_set_ = false;
  bool ts_is_number_ = false;
  bool ts_set_ = false;
  double ts_number_ = 0;
  std::vector<Pending> pending_;
  PropertyKey* oversize_key_ = nullptr;
  size_t oversize_bytes_ = 0;
  char generated_id_[4 + 32];
};

}  // namespace growloop
