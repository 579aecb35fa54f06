#include "ingest/row_builder.h"

#include <xxhash.h>

#include <cstring>

#include "ingest/timestamp_parse.h"

namespace growloop {
namespace {

constexpr uint8_t kNoRank = 255;

struct RoleName {
  std::string_view name;
  CoreRole role;
};

// Every alias of a core field. Ranks order the aliases of one field.
constexpr RoleName kRoles[] = {
    {"event_id", {CoreField::kId, 0, false}},
    {"messageId", {CoreField::kId, 1, true}},
    {"message_id", {CoreField::kId, 2, false}},
    {"$insert_id", {CoreField::kId, 3, false}},
    {"insert_id", {CoreField::kId, 4, false}},
    {"uuid", {CoreField::kId, 5, false}},
    {"id", {CoreField::kId, 6, false}},
    {"timestamp", {CoreField::kTimestamp, 0, false}},
    {"ts", {CoreField::kTimestamp, 1, false}},
    {"time", {CoreField::kTimestamp, 2, false}},
    {"originalTimestamp", {CoreField::kTimestamp, 3, true}},
    {"distinct_id", {CoreField::kUserId, 0, false}},
    {"user_id", {CoreField::kUserId, 1, false}},
    {"userId", {CoreField::kUserId, 2, true}},
    {"anonymous_id", {CoreField::kAnonymousId, 0, false}},
    {"anonymousId", {CoreField::kAnonymousId, 1, true}},
    {"event", {CoreField::kEvent, 0, false}},
    {"event_name", {CoreField::kEvent, 1, false}},
    {"type", {CoreField::kType, 0, false}},
    {"properties", {CoreField::kProperties, 0, true}},
    {"context", {CoreField::kNone, 0, true}},
    {"traits", {CoreField::kNone, 0, true}},
};

std::string Preview(std::string_view v) {
  constexpr size_t kMax = 60;
  std::string out = "\"";
  out.append(v.substr(0, kMax));
  if (v.size() > kMax) out += "...";
  out += "\"";
  return out;
}

}  // namespace

CoreRole LookupCoreField(std::string_view name) {
  for (const RoleName& r : kRoles) {
    if (r.name == name) return r.role;
  }
  return {};
}

PropertyKey* PropertyKeyCache::Get(std::string_view name) {
  auto it = keys_.find(name);
  if (it != keys_.end()) return it->second.get();
  auto key = std::make_unique<PropertyKey>(name, lookup_(name));
  PropertyKey* raw = key.get();
  keys_.emplace(std::string(name), std::move(key));
  return raw;
}

RowBuilder::RowBuilder(const ImportLimits& limits, int64_t received_us, int64_t max_ts_us,
                       size_t batch_rows)
    : limits_(limits),
      received_us_(received_us),
      max_ts_us_(max_ts_us),
      batch_rows_(batch_rows == 0 ? 1 : batch_rows) {
  std::memcpy(generated_id_, "gen-", 4);
  StartRow();
}

void RowBuilder::StartRow() {
  ++row_stamp_;
  id_ = user_id_ = anonymous_id_ = event_ = ts_text_ = {};
  id_rank_ = user_rank_ = anon_rank_ = ts_rank_ = kNoRank;
  event_set_ = ts_is_number_ = ts_set_ = false;
  pending_.clear();
  oversize_key_ = nullptr;
}

void RowBuilder::SetId(std::string_view v, uint8_t rank) {
  if (!v.empty() && rank < id_rank_) {
    id_ = v;
    id_rank_ = rank;
  }
}

void RowBuilder::SetTimestampText(std::string_view v, uint8_t rank) {
  if (!v.empty() && rank < ts_rank_) {
    ts_text_ = v;
    ts_is_number_ = false;
    ts_set_ = true;
    ts_rank_ = rank;
  }
}

void RowBuilder::SetTimestampNumber(double v, uint8_t rank) {
  if (rank < ts_rank_) {
    ts_number_ = v;
    ts_is_number_ = true;
    ts_set_ = true;
    ts_rank_ = rank;
  }
}

void RowBuilder::SetUserId(std::string_view v, uint8_t rank) {
  if (!v.empty() && rank < user_rank_) {
    user_id_ = v;
    user_rank_ = rank;
  }
}

void RowBuilder::SetAnonymousId(std::string_view v, uint8_t rank) {
  if (!v.empty() && rank < anon_rank_) {
    anonymous_id_ = v;
    anon_rank_ = rank;
  }
}

void RowBuilder::SetEvent(std::string_view v) {
  if (!v.empty() && !event_set_) {
    event_ = v;
    event_set_ = true;
  }
}

void RowBuilder::Add(PropertyKey* key, ValueType type, std::string_view str, double num) {
  if (key->row_stamp == row_stamp_) return;
  key->row_stamp = row_stamp_;
  pending_.push_back({key, type, str, num});
}

void RowBuilder::AddString(PropertyKey* key, std::string_view v) {
  if (v.empty()) return;
  if (v.size() > limits_.max_property_bytes && oversize_key_ == nullptr) {
    oversize_key_ = key;
    oversize_bytes_ = v.size();
  }
  Add(key, ValueType::kString, v, 0);
}

void RowBuilder::AddNumber(PropertyKey* key, double v) { Add(key, ValueType::kNumber, {}, v); }

void RowBuilder::AddBool(PropertyKey* key, bool v) { Add(key, ValueType::kBool, {}, v ? 1 : 0); }

int32_t RowBuilder::ColumnFor(PropertyKey* key, ValueType type) {
  if (key->generation != generation_) {
    key->generation = generation_;
    for (int32_t& c : key->col) c = -1;
  }
  int32_t& c = key->col[static_cast<int>(type)];
  if (c < 0) c = static_cast<int32_t>(batch_.PropertyIndex(key->name, type));
  return c;
}

bool RowBuilder::Commit(std::string_view raw_row, bool want_message, RejectReason* reason,
                        std::string* message) {
  auto reject = [&](RejectReason r, auto&& make_message) {
    *reason = r;
    if (want_message) *message = make_message();
    return false;
  };
  if (!event_set_) {
    return reject(RejectReason::kMissingEvent, [] { return std::string("no event name"); });
  }
  std::string_view distinct = !user_id_.empty() ? user_id_ : anonymous_id_;
  if (distinct.empty()) {
    return reject(RejectReason::kMissingDistinctId,
                  [] { return std::string("neither a user id nor an anonymous id"); });
  }
  if (!ts_set_) {
    return reject(RejectReason::kBadTimestamp, [] { return std::string("no timestamp"); });
  }
  int64_t ts = 0;
  bool ts_ok = ts_is_number_ ? EpochNumberToMicros(ts_number_, &ts)
                             : ParseTimestampText(ts_text_, &ts);
  if (!ts_ok) {
    return reject(RejectReason::kBadTimestamp, [&] {
      return ts_is_number_ ? "timestamp " + std::to_string(ts_number_) + " is not a valid time"
                           : "timestamp " + Preview(ts_text_) +
                                 " is neither ISO-8601 nor an epoch number";
    });
  }
  if (ts < limits_.min_ts_us || ts > max_ts_us_) {
    return reject(RejectReason::kTimestampOutOfRange, [&] {
      return "timestamp " + std::to_string(ts) + " µs is outside the accepted range [" +
             std::to_string(limits_.min_ts_us) + ", " + std::to_string(max_ts_us_) + "]";
    });
  }
  if (pending_.size() > limits_.max_properties) {
    return reject(RejectReason::kTooManyProperties, [&] {
      return std::to_string(pending_.size()) + " properties, more than the limit of " +
             std::to_string(limits_.max_properties);
    });
  }
  if (oversize_key_ != nullptr) {
    return reject(RejectReason::kOversizeProperty, [&] {
      return "property \"" + oversize_key_->name + "\" has " + std::to_string(oversize_bytes_) +
             " bytes, more than the limit of " + std::to_string(limits_.max_property_bytes);
    });
  }

  std::string_view id = id_;
  if (id.empty()) {
    // Deterministic, so that importing the same file twice stores each row once.
    XXH128_hash_t h = XXH3_128bits(raw_row.data(), raw_row.size());
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
      generated_id_[4 + i] = kHex[(h.high64 >> (60 - 4 * i)) & 0xf];
      generated_id_[20 + i] = kHex[(h.low64 >> (60 - 4 * i)) & 0xf];
    }
    id = std::string_view(generated_id_, sizeof(generated_id_));
  }

  batch_.BeginRow(id, ts, received_us_, distinct, anonymous_id_, event_);
  for (const Pending& p : pending_) {
    size_t col = static_cast<size_t>(ColumnFor(p.key, p.type));
    switch (p.type) {
      case ValueType::kString: batch_.SetString(col, p.str); break;
      case ValueType::kNumber: batch_.SetNumber(col, p.num); break;
      case ValueType::kBool: batch_.SetBool(col, p.num != 0); break;
      case ValueType::kTimestamp: batch_.SetTimestamp(col, static_cast<int64_t>(p.num)); break;
    }
  }
  batch_.EndRow();
  if (batch_.rows() >= batch_rows_) FinishBatch();
  return true;
}

void RowBuilder::FinishBatch() {
  if (batch_.empty()) return;
  finished_.push_back(std::move(batch_));
  batch_ = EventBatch();
  ++generation_;
}

}  // namespace growloop
