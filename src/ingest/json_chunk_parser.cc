#include "ingest/json_chunk_parser.h"

#include <fmt/format.h>

#include <cstring>

namespace growloop {
namespace {

namespace od = simdjson::ondemand;

// Nesting deeper than this is kept as JSON text instead of being flattened further.
constexpr int kMaxFlattenDepth = 16;
// Bound on the per-thread key cache; property names that are unique per row must not make it
// grow without limit.
constexpr size_t kMaxCachedKeys = 100'000;

std::string_view TypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

// The event name of a Segment call other than track, or empty when `type` is not a Segment type.
std::string_view SegmentEventName(std::string_view type) {
  if (type == "track") return "track";
  if (type == "page") return "$page";
  if (type == "screen") return "$screen";
  if (type == "identify") return "$identify";
  if (type == "group") return "$group";
  if (type == "alias") return "$alias";
  return {};
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsNull(od::value& value) {
  bool is_null = false;
  return !value.is_null().get(is_null) && is_null;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

struct DialectName {
  std::string_view name;
  CoreRole role;
};

template <size_t N>
CoreRole Find(const DialectName (&table)[N], std::string_view name) {
  for (const DialectName& d : table) {
    if (d.name == name) return d.role;
  }
  return {};
}

// Top-level names of each SDK's messages (docs/capture.md).
constexpr DialectName kPostHogNames[] = {
    {"event", {CoreField::kEvent, 0, false}},     {"distinct_id", {CoreField::kUserId, 0, false}},
    {"uuid", {CoreField::kId, 0, false}},         {"timestamp", {CoreField::kTimestamp, 0, false}},
    {"properties", {CoreField::kProperties, 0, false}}, {"api_key", {CoreField::kSkip, 0, false}},
    {"token", {CoreField::kSkip, 0, false}},
};
constexpr DialectName kMixpanelNames[] = {
    {"event", {CoreField::kEvent, 0, false}},
    {"properties", {CoreField::kProperties, 0, false}},
    // People (/engage) updates: {$token, $distinct_id, $set: {...}, ...}
    {"$token", {CoreField::kSkip, 0, false}},
    {"$distinct_id", {CoreField::kUserId, 2, false}},
    {"$user_id", {CoreField::kUserId, 0, false}},
    {"$device_id", {CoreField::kAnonymousId, 0, false}},
    {"$time", {CoreField::kTimestamp, 1, false}},
    // People deletion: {"$delete": ""}; an empty string would be dropped as absent.
    {"$delete", {CoreField::kPresence, 0, false}},
};
constexpr DialectName kAmplitudeNames[] = {
    {"event_type", {CoreField::kEvent, 0, false}}, {"user_id", {CoreField::kUserId, 0, false}},
    {"device_id", {CoreField::kAnonymousId, 0, false}}, {"time", {CoreField::kTimestamp, 0, false}},
    {"insert_id", {CoreField::kId, 0, false}},
    {"event_properties", {CoreField::kProperties, 0, false}},
    {"api_key", {CoreField::kSkip, 0, false}},
};
constexpr DialectName kSensorsNames[] = {
    {"type", {CoreField::kType, 0, false}},         {"event", {CoreField::kEvent, 0, false}},
    {"time", {CoreField::kTimestamp, 0, false}},    {"distinct_id", {CoreField::kUserId, 0, false}},
    {"original_id", {CoreField::kAnonymousId, 0, false}},
    {"_track_id", {CoreField::kTrackId, 0, false}},
    {"properties", {CoreField::kProperties, 0, false}},
};
// Names inside the "properties" object that are core fields in these dialects.
constexpr DialectName kPostHogBagNames[] = {
    {"token", {CoreField::kSkip, 0, false}},
    {"distinct_id", {CoreField::kUserId, 1, false}},
    {"$anon_distinct_id", {CoreField::kAnonymousId, 0, false}},
};
constexpr DialectName kMixpanelBagNames[] = {
    {"token", {CoreField::kSkip, 0, false}},       {"$user_id", {CoreField::kUserId, 0, false}},
    {"distinct_id", {CoreField::kUserId, 1, false}}, {"$device_id", {CoreField::kAnonymousId, 0, false}},
    {"time", {CoreField::kTimestamp, 0, false}},    {"$insert_id", {CoreField::kId, 0, false}},
};

CoreRole PostHogField(std::string_view n) { return Find(kPostHogNames, n); }
CoreRole MixpanelField(std::string_view n) { return Find(kMixpanelNames, n); }
CoreRole AmplitudeField(std::string_view n) { return Find(kAmplitudeNames, n); }
CoreRole SensorsField(std::string_view n) { return Find(kSensorsNames, n); }

CoreRole (*LookupFor(JsonDialect d))(std::string_view) {
  switch (d) {
    case JsonDialect::kImport: return LookupCoreField;
    case JsonDialect::kPostHog: return PostHogField;
    case JsonDialect::kMixpanel: return MixpanelField;
    case JsonDialect::kAmplitude: return AmplitudeField;
    case JsonDialect::kSensors: return SensorsField;
  }
  return LookupCoreField;
}

CoreRole BagField(JsonDialect d, std::string_view name) {
  if (d == JsonDialect::kPostHog) return Find(kPostHogBagNames, name);
  if (d == JsonDialect::kMixpanel) return Find(kMixpanelBagNames, name);
  return {};
}

}  // namespace

JsonChunkParser::JsonChunkParser(const ImportLimits& limits, RowBuilder* builder,
                                 JsonDialect dialect)
    : limits_(limits), builder_(builder), dialect_(dialect), keys_(LookupFor(dialect)) {}

JsonChunkParser::Outcome JsonChunkParser::ParseObject(std::string_view text, size_t capacity,
                                                      bool want_message, int64_t default_ts_us,
                                                      RowError* error) {
  if (!ParseRow(text, capacity, want_message, error)) return Outcome::kRejected;
  if (not_an_event_) return Outcome::kNotAnEvent;
  if (default_ts_us != 0 && !builder_->has_timestamp()) {
    builder_->SetTimestampNumber(static_cast<double>(default_ts_us), 0);
  }
  return Outcome::kRow;
}

PropertyKey* JsonChunkParser::KeyForPath() {
  if (shape_pos_ < shape_.size() && shape_[shape_pos_]->name == path_) {
    return shape_[shape_pos_++];
  }
  PropertyKey* key = keys_.Get(path_);
  if (shape_pos_ < shape_.size()) {
    shape_[shape_pos_] = key;
  } else {
    shape_.push_back(key);
  }
  ++shape_pos_;
  return key;
}

bool JsonChunkParser::AddValue(PropertyKey* key, od::value value, od::json_type t, int depth,
                               bool want_message, RowError* error) {
  auto malformed = [&](simdjson::error_code e) {
    error->reason = RejectReason::kMalformedJson;
    if (want_message) error->message = simdjson::error_message(e);
    return false;
  };
  switch (t) {
    case od::json_type::string: {
      std::string_view s;
      if (auto e = value.get_string().get(s)) return malformed(e);
      builder_->AddString(key, s);
      return true;
    }
    case od::json_type::number: {
      double d;
      if (auto e = value.get_double().get(d)) return malformed(e);
      builder_->AddNumber(key, d);
      return true;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = value.get_bool().get(b)) return malformed(e);
      builder_->AddBool(key, b);
      return true;
    }
    case od::json_type::null: {
      // The type is told by the first byte: "nul" or "nulx" must still be rejected, and
      // is_null()'s own error must not turn into an exception.
      if (!IsNull(value)) return malformed(simdjson::INCORRECT_TYPE);
      return true;
    }
    case od::json_type::array: {
      od::array a;
      std::string_view raw;
      if (auto e = value.get_array().get(a)) return malformed(e);
      if (auto e = a.raw_json().get(raw)) return malformed(e);
      builder_->AddString(key, TrimRight(raw));
      return true;
    }
    case od::json_type::object: {
      od::object o;
      if (auto e = value.get_object().get(o)) return malformed(e);
      if (depth >= kMaxFlattenDepth) {
        std::string_view raw;
        if (auto e = o.raw_json().get(raw)) return malformed(e);
        builder_->AddString(key, TrimRight(raw));
        return true;
      }
      return Flatten(o, depth + 1, want_message, error);
    }
  }
  return true;
}

namespace {

// One member of an object: its unescaped key, its value and the value's JSON type.
simdjson::error_code ReadMember(simdjson::simdjson_result<od::field> member, std::string_view* name,
                                od::value* value, od::json_type* type) {
  od::field field;
  simdjson::error_code e = std::move(member).get(field);
  if (!e) e = field.unescaped_key().get(*name);
  if (e) return e;
  *value = field.value();
  return value->type().get(*type);
}

}  // namespace

bool JsonChunkParser::Flatten(od::object object, int depth, bool want_message, RowError* error) {
  const size_t prefix_len = path_.size();
  for (auto field_result : object) {
    std::string_view name;
    od::value value;
    od::json_type t;
    simdjson::error_code e = ReadMember(std::move(field_result), &name, &value, &t);
    if (e) {
      error->reason = RejectReason::kMalformedJson;
      if (want_message) error->message = simdjson::error_message(e);
      return false;
    }
    if (depth == 1) {
      // Members of a dialect's "properties" object may carry the message's core fields.
      const CoreRole bag = BagField(dialect_, name);
      if (bag.field != CoreField::kNone) {
        if (!ApplyCore(bag, name, value, t, want_message, error)) return false;
        continue;
      }
    }
    // resize + memcpy rather than += and append: GCC 12 -O3 reports a false -Wrestrict there.
    const size_t sep = prefix_len > 0 ? 1 : 0;
    path_.resize(prefix_len + sep + name.size());
    if (sep != 0) path_[prefix_len] = '.';
    if (!name.empty()) std::memcpy(path_.data() + prefix_len + sep, name.data(), name.size());
    PropertyKey* key = KeyForPath();
    if (!AddValue(key, value, t, depth, want_message, error)) return false;
  }
  path_.resize(prefix_len);
  return true;
}

bool JsonChunkParser::ApplyCore(CoreRole role, std::string_view name, od::value value,
                                od::json_type t, bool want_message, RowError* error) {
  auto fail = [&](RejectReason reason, auto&& make_message) {
    error->reason = reason;
    if (want_message) error->message = make_message();
    return false;
  };
  auto malformed = [&](simdjson::error_code e) {
    return fail(RejectReason::kMalformedJson, [e] { return std::string(simdjson::error_message(e)); });
  };
  auto wrong_type = [&](std::string_view expected) {
    return fail(RejectReason::kWrongType, [&] {
      return fmt::format("\"{}\" must be {}, not {}", name, expected, TypeName(t));
    });
  };
  switch (role.field) {
    case CoreField::kId:
    case CoreField::kUserId:
    case CoreField::kAnonymousId:
    case CoreField::kTrackId: {
      std::string_view v;
      if (t == od::json_type::string) {
        if (auto e = value.get_string().get(v)) return malformed(e);
      } else if (t == od::json_type::number) {
        // Some SDKs send numeric ids; their JSON text is the id.
        v = TrimRight(value.raw_json_token());
      } else if (t == od::json_type::null) {
        if (!IsNull(value)) return malformed(simdjson::INCORRECT_TYPE);
        return true;
      } else {
        return wrong_type("a string");
      }
      CoreField field = role.field;
      // Mixpanel's simplified ID merge names anonymous devices "$device:<id>".
      if (dialect_ == JsonDialect::kMixpanel && field == CoreField::kUserId &&
          v.substr(0, 8) == "$device:") {
        field = CoreField::kAnonymousId;
      }
      if (field == CoreField::kId) builder_->SetId(v, role.rank);
      if (field == CoreField::kUserId) builder_->SetUserId(v, role.rank);
      if (field == CoreField::kAnonymousId) builder_->SetAnonymousId(v, role.rank);
      if (field == CoreField::kTrackId) track_id_.assign(v);
      if (dialect_ == JsonDialect::kSensors && field == CoreField::kUserId) sensors_distinct_.assign(v);
      return true;
    }
    case CoreField::kTimestamp: {
      if (t == od::json_type::string) {
        std::string_view v;
        if (auto e = value.get_string().get(v)) return malformed(e);
        builder_->SetTimestampText(v, role.rank);
        if (dialect_ == JsonDialect::kSensors) sensors_time_.assign(v);
      } else if (t == od::json_type::number) {
        double d;
        if (auto e = value.get_double().get(d)) return malformed(e);
        builder_->SetTimestampNumber(d, role.rank);
        if (dialect_ == JsonDialect::kSensors) sensors_time_.assign(TrimRight(value.raw_json_token()));
      } else if (t == od::json_type::null) {
        if (!IsNull(value)) return malformed(simdjson::INCORRECT_TYPE);
      } else {
        return wrong_type("a string or a number");
      }
      return true;
    }
    case CoreField::kEvent: {
      if (t == od::json_type::string) {
        std::string_view v;
        if (auto e = value.get_string().get(v)) return malformed(e);
        builder_->SetEvent(v);
      } else if (t == od::json_type::null) {
        if (!IsNull(value)) return malformed(simdjson::INCORRECT_TYPE);
      } else {
        return wrong_type("a string");
      }
      return true;
    }
    case CoreField::kSkip: {
      // A credential: remembered for authentication, never stored.
      std::string_view v;
      if (t == od::json_type::string && credential_.empty() && !value.get_string().get(v)) {
        credential_.assign(v);
      }
      return true;
    }
    case CoreField::kNone:
    case CoreField::kType:
    case CoreField::kProperties:
    case CoreField::kPresence:  // top level only (ParseRow)
      break;
  }
  return true;
}

bool JsonChunkParser::ParseRow(std::string_view row, size_t capacity, bool want_message,
                               RowError* error) {
  auto fail = [&](RejectReason reason, auto&& make_message) {
    error->reason = reason;
    if (want_message) error->message = make_message();
    return false;
  };
  auto malformed = [&](simdjson::error_code e) {
    return fail(RejectReason::kMalformedJson, [e] { return std::string(simdjson::error_message(e)); });
  };
  builder_->StartRow();
  shape_pos_ = 0;
  not_an_event_ = false;
  track_id_.clear();
  sensors_distinct_.clear();
  sensors_time_.clear();
  od::document doc;
  if (auto e = parser_.iterate(row.data(), row.size(), capacity).get(doc)) return malformed(e);
  od::object object;
  if (doc.get_object().get(object)) {
    return fail(RejectReason::kMalformedJson, [] { return std::string("row is not a JSON object"); });
  }
  std::string_view type;
  PropertyKey* type_key = nullptr;
  bool segment_hint = false;
  for (auto field_result : object) {
    std::string_view name;
    od::value value;
    od::json_type t;
    simdjson::error_code e = ReadMember(std::move(field_result), &name, &value, &t);
    if (e) return malformed(e);
    path_.resize(name.size());
    if (!name.empty()) std::memcpy(path_.data(), name.data(), name.size());
    PropertyKey* key = KeyForPath();
    const CoreRole role = key->role;
    segment_hint |= role.segment_hint;
    switch (role.field) {
      case CoreField::kProperties: {
        if (t == od::json_type::object) {
          od::object props;
          if (auto e2 = value.get_object().get(props)) return malformed(e2);
          path_.clear();  // members of "properties" are properties under their own names
          RowError sub;
          if (!Flatten(props, 1, want_message, &sub)) {
            *error = std::move(sub);
            return false;
          }
        } else if (t == od::json_type::null) {
          if (!IsNull(value)) return malformed(simdjson::INCORRECT_TYPE);
        } else {
          return fail(RejectReason::kWrongType, [&] {
            return fmt::format("\"{}\" must be an object, not {}", name, TypeName(t));
          });
        }
        break;
      }
      case CoreField::kType:
        if (t == od::json_type::string) {
          if (auto e2 = value.get_string().get(type)) return malformed(e2);
          type_key = key;
          break;
        }
        [[fallthrough]];
      case CoreField::kPresence:
        builder_->AddBool(key, true);
        break;
      case CoreField::kNone: {
        RowError sub;
        if (!AddValue(key, value, t, 1, want_message, &sub)) {
          *error = std::move(sub);
          return false;
        }
        break;
      }
      default: {
        RowError sub;
        if (!ApplyCore(role, name, value, t, want_message, &sub)) {
          *error = std::move(sub);
          return false;
        }
        break;
      }
    }
  }
  // Past the object's last token there must be none left: current_location() fails at the end.
  const char* trailing = nullptr;
  if (!doc.current_location().get(trailing)) {
    return fail(RejectReason::kMalformedJson,
                [] { return std::string("unexpected content after the JSON object"); });
  }
  if (dialect_ == JsonDialect::kSensors) {
    // Profile updates are stored as events named after their type ("$profile_set"), so that
    // nothing an SDK sent is lost and person properties can be derived from events. Item
    // updates (item_set, item_delete) describe catalogue items, not persons: not events.
    not_an_event_ = type.substr(0, 5) == "item_";
    if (!not_an_event_ && type_key != nullptr && type != "track" && type != "track_signup") {
      sensors_event_ = "$" + std::string(type);
      builder_->SetEvent(sensors_event_);
    }
    // _track_id is a random 10-digit number, not unique alone: dedup on it with the person and
    // the time, as the Sensors server does.
    if (!track_id_.empty()) {
      id_scratch_ = "sa:" + track_id_ + ":" + sensors_distinct_ + ":" + sensors_time_;
      builder_->SetId(id_scratch_, 0);
    }
    return true;
  }
  if (type_key != nullptr) {
    std::string_view segment_event = segment_hint ? SegmentEventName(type) : std::string_view();
    if (segment_event.empty()) {
      builder_->AddString(type_key, type);  // not a Segment call: "type" is a property
    } else if (type != "track") {
      builder_->SetEvent(segment_event);  // only when the row has no event name of its own
    }
  }
  return true;
}

void JsonChunkParser::Parse(const Chunk& chunk, ParseOutput* out) {
  if (keys_.size() > kMaxCachedKeys) {
    keys_.Clear();
    shape_.clear();
  }
  const char* p = chunk.buf.get() + chunk.begin;
  const char* const end = chunk.buf.get() + chunk.end;
  const char* const readable_end = end + kChunkPadding;
  const bool all_utf8 = simdjson::validate_utf8(p, static_cast<size_t>(end - p));
  uint64_t line = 0;  // relative to the chunk, see Chunk::lines_before
  RowError error;
  RejectReason reason;
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = nl == nullptr ? end : nl;
    std::string_view row(p, static_cast<size_t>(line_end - p));
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    const uint64_t row_line = line;
    if (nl != nullptr) ++line;
    const size_t capacity = static_cast<size_t>(readable_end - p);
    p = nl == nullptr ? end : nl + 1;
    if (IsBlank(row)) continue;
    ++out->rows;
    // Size first: the chunker rejects an oversize line before any parser sees it, so the
    // reason must not depend on where a block boundary fell.
    if (row.size() > limits_.max_event_bytes) {
      out->AddReject(row_line, RejectReason::kOversizeEvent,
                     out->WantMessage() ? "row has " + std::to_string(row.size()) +
                                              " bytes, more than the limit of " +
                                              std::to_string(limits_.max_event_bytes)
                                        : std::string());
      continue;
    }
    if (!all_utf8 && !simdjson::validate_utf8(row.data(), row.size())) {
      out->AddReject(row_line, RejectReason::kInvalidUtf8, "row is not valid UTF-8");
      continue;
    }
    const bool want = out->WantMessage();
    if (!ParseRow(row, capacity, want, &error)) {
      out->AddReject(row_line, error.reason, std::move(error.message));
      error.message.clear();
      continue;
    }
    message_.clear();
    if (!builder_->Commit(row, want, &reason, &message_)) {
      out->AddReject(row_line, reason, std::move(message_));
    }
  }
  out->lines = line;
}

}  // namespace growloop
