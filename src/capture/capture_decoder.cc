#include "capture/capture_decoder.h"

#include <simdjson.h>
#include <xxhash.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "ingest/json_chunk_parser.h"
#include "ingest/row_builder.h"
#include "ingest/timestamp_parse.h"

namespace growloop {
namespace {

namespace od = simdjson::ondemand;

JsonDialect DialectOf(CaptureFormat format) {
  switch (format) {
    case CaptureFormat::kNative:
    case CaptureFormat::kSegment: return JsonDialect::kImport;
    case CaptureFormat::kPostHog: return JsonDialect::kPostHog;
    case CaptureFormat::kMixpanel: return JsonDialect::kMixpanel;
    case CaptureFormat::kAmplitude: return JsonDialect::kAmplitude;
    case CaptureFormat::kSensors: return JsonDialect::kSensors;
  }
  return JsonDialect::kImport;
}

// The member of a request object that holds its messages, and the one that holds its key.
std::string_view ListKey(CaptureFormat format) {
  switch (format) {
    case CaptureFormat::kNative:
    case CaptureFormat::kAmplitude: return "events";
    case CaptureFormat::kSegment:
    case CaptureFormat::kPostHog: return "batch";
    case CaptureFormat::kMixpanel:
    case CaptureFormat::kSensors: return {};
  }
  return {};
}

bool IsCredentialKey(CaptureFormat format, std::string_view key) {
  switch (format) {
    case CaptureFormat::kSegment: return key == "writeKey";
    case CaptureFormat::kPostHog: return key == "api_key" || key == "token";
    case CaptureFormat::kAmplitude: return key == "api_key";
    default: return false;
  }
}

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

Status NotJson(CaptureFormat format, simdjson::error_code e) {
  return InvalidArgument(std::string("body: not a ") + std::string(CaptureFormatName(format)) +
                         " request: " + simdjson::error_message(e));
}

// Finds the messages of the request: the elements of a top-level array, of the format's list
// member, or else the top-level object itself.
Status SplitMessages(CaptureFormat format, const simdjson::padded_string& body,
                     std::vector<std::string_view>* messages, std::string* credential) {
  od::parser parser;
  od::document doc;
  if (auto e = parser.iterate(body).get(doc)) return NotJson(format, e);
  od::json_type type;
  if (auto e = doc.type().get(type)) return NotJson(format, e);
  auto add_elements = [&](od::array array) -> Status {
    for (auto element : array) {
      od::value v;
      od::json_type t;
      std::string_view raw;
      if (auto e = element.get(v)) return NotJson(format, e);
      if (auto e = v.type().get(t)) return NotJson(format, e);
      if (t == od::json_type::object) {
        od::object o;
        if (auto e = v.get_object().get(o)) return NotJson(format, e);
        if (auto e = o.raw_json().get(raw)) return NotJson(format, e);
      } else if (t == od::json_type::array) {
        od::array a;
        if (auto e = v.get_array().get(a)) return NotJson(format, e);
        if (auto e = a.raw_json().get(raw)) return NotJson(format, e);
      } else {
        raw = v.raw_json_token();  // rejected later as "not a JSON object"
      }
      messages->push_back(Trim(raw));
    }
    return Status::Ok();
  };
  if (type == od::json_type::array) {
    od::array array;
    if (auto e = doc.get_array().get(array)) return NotJson(format, e);
    RETURN_IF_ERROR(add_elements(array));
  } else if (type == od::json_type::object) {
    od::object object;
    if (auto e = doc.get_object().get(object)) return NotJson(format, e);
    const std::string_view list_key = ListKey(format);
    bool listed = false;
    for (auto field : object) {
      std::string_view key;
      od::value value;
      if (auto e = field.unescaped_key().get(key)) return NotJson(format, e);
      if (auto e = field.value().get(value)) return NotJson(format, e);
      if (!list_key.empty() && key == list_key) {
        od::array array;
        if (value.get_array().get(array)) {
          return InvalidArgument("body: \"" + std::string(list_key) + "\" must be an array");
        }
        RETURN_IF_ERROR(add_elements(array));
        listed = true;
      } else if (IsCredentialKey(format, key) && credential->empty()) {
        std::string_view v;
        if (!value.get_string().get(v)) credential->assign(v);
      }
    }
    // An object without the list is one message: the whole body.
    if (!listed) messages->push_back(Trim(std::string_view(body.data(), body.size())));
  } else {
    return InvalidArgument("body: a " + std::string(CaptureFormatName(format)) +
                           " request is a JSON object or array");
  }
  return Status::Ok();
}


// "<prefix>:" and a 128-bit digest of `text`, as hex: the id of a message that has none.
std::string DigestId(std::string_view prefix, std::string_view text) {
  const XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(prefix) + ":" + hex;
}

// Adds one update per leaf of `value`, nested objects flattened into dotted names.
void AddFlattened(PropertyOp op, const std::string& name, const nlohmann::json& value,
                  std::vector<PropertyUpdate>* out) {
  if (value.is_object() && !value.empty()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      AddFlattened(op, name.empty() ? it.key() : name + "." + it.key(), it.value(), out);
    }
    return;
  }
  if (!name.empty()) out->push_back({op, name, value});
}

// The operations of a Mixpanel profile message ($set, $set_once, ...).
void MixpanelOperations(const nlohmann::json& m, std::vector<PropertyUpdate>* out) {
  static constexpr std::pair<std::string_view, PropertyOp> kOps[] = {
      {"$set", PropertyOp::kSet},       {"$set_once", PropertyOp::kSetOnce},
      {"$add", PropertyOp::kAdd},       {"$append", PropertyOp::kAppend},
      {"$union", PropertyOp::kUnion},   {"$remove", PropertyOp::kRemove},
  };
  if (m.contains("$delete")) out->push_back({PropertyOp::kClearAll, {}, nullptr});
  for (const auto& [key, op] : kOps) {
    auto it = m.find(std::string(key));
    if (it != m.end() && it->is_object()) AddFlattened(op, "", *it, out);
  }
  auto unset = m.find("$unset");
  if (unset != m.end()) {
    if (unset->is_array()) {
      for (const auto& n : *unset) {
        if (n.is_string()) out->push_back({PropertyOp::kUnset, n.get<std::string>(), nullptr});
      }
    } else if (unset->is_string()) {
      out->push_back({PropertyOp::kUnset, unset->get<std::string>(), nullptr});
    }
  }
}

// A Sensors item message (item_set, item_delete) as an entity update; false with *why set
// when it is not one.
bool SensorsItem(std::string_view text, int64_t received_us, EntityUpdate* out, std::string* why) {
  nlohmann::json m = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!m.is_object()) {
    *why = "not a JSON object";
    return false;
  }
  auto text_of = [&](const char* key) -> std::string {
    auto it = m.find(key);
    if (it == m.end()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  const std::string type = text_of("type");
  if (type != "item_set" && type != "item_delete") {
    *why = "type \"" + type + "\" is not an event, a profile or an item update";
    return false;
  }
  *out = EntityUpdate();
  out->kind = EntityUpdate::Kind::kItem;
  out->entity = GroupRef{text_of("item_type"), text_of("item_id")};
  if (out->entity.type.empty() || out->entity.key.empty()) {
    *why = "an item update needs item_type and item_id";
    return false;
  }
  out->ts_us = received_us;
  auto time = m.find("time");
  if (time != m.end() && time->is_number() &&
      !EpochNumberToMicros(time->get<double>(), &out->ts_us)) {
    *why = "time " + time->dump() + " is not a valid time";
    return false;
  }
  // Like Sensors' own dedup of events: the random _track_id with what it is about and when.
  out->id = "sa:" + text_of("_track_id") + ":" + out->entity.type + ":" + out->entity.key + ":" +
            std::to_string(out->ts_us);
  if (type == "item_delete") {
    out->updates.push_back({PropertyOp::kClearAll, {}, nullptr});
  } else {
    auto props = m.find("properties");
    if (props != m.end() && props->is_object()) {
      for (auto it = props->begin(); it != props->end(); ++it) {
        if (it.key().rfind("$lib", 0) == 0) continue;
        AddFlattened(PropertyOp::kSet, it.key(), it.value(), &out->updates);
      }
    }
  }
  return true;
}

}  // namespace

std::string_view CaptureFormatName(CaptureFormat format) {
  switch (format) {
    case CaptureFormat::kNative: return "Growloop";
    case CaptureFormat::kSegment: return "Segment";
    case CaptureFormat::kPostHog: return "PostHog";
    case CaptureFormat::kMixpanel: return "Mixpanel";
    case CaptureFormat::kAmplitude: return "Amplitude";
    case CaptureFormat::kSensors: return "Sensors Data";
  }
  return "unknown";
}

Status CaptureDecoder::Decode(CaptureFormat format, std::string_view body, int64_t received_us,
                              DecodedCapture* out, std::string_view default_event) {
  *out = DecodedCapture();
  simdjson::padded_string padded(body);
  std::vector<std::string_view> messages;
  RETURN_IF_ERROR(SplitMessages(format, padded, &messages, &out->credential));
  if (messages.size() > limits_.max_events_per_request) {
    return Status(ErrorCode::kPayloadTooLarge,
                  "body: " + std::to_string(messages.size()) + " messages, more than the limit of " +
                      std::to_string(limits_.max_events_per_request) + " per request");
  }
  out->messages = messages.size();
  ImportLimits event_limits = limits_.event;
  event_limits.min_ts_us = received_us - limits_.max_past_us;
  event_limits.max_ts_us = received_us + limits_.max_future_us;
  RowBuilder builder(event_limits, received_us, event_limits.max_ts_us, messages.size() + 1);
  JsonChunkParser parser(event_limits, &builder, DialectOf(format));
  const char* readable_end = padded.data() + padded.size() + simdjson::SIMDJSON_PADDING;
  JsonChunkParser::RowError error;
  std::string engage_id;
  RejectReason reason;
  std::string message;
  for (size_t i = 0; i < messages.size(); ++i) {
    std::string_view text = messages[i];
    auto reject = [&](RejectReason r, std::string m) {
      out->errors.push_back(CaptureError{i, r, std::move(m)});
    };
    if (text.size() > limits_.event.max_event_bytes) {
      reject(RejectReason::kOversizeEvent, "message " + std::to_string(i) + " has " +
                                               std::to_string(text.size()) +
                                               " bytes, more than the limit of " +
                                               std::to_string(limits_.event.max_event_bytes));
      continue;
    }
    const size_t capacity = static_cast<size_t>(readable_end - text.data());
    switch (parser.ParseObject(text, capacity, true, received_us, &error)) {
      case JsonChunkParser::Outcome::kRejected:
        reject(error.reason, std::move(error.message));
        continue;
      case JsonChunkParser::Outcome::kNotAnEvent: {
        if (format != CaptureFormat::kSensors) {
          ++out->not_events;
          continue;
        }
        EntityUpdate item;
        std::string why;
        if (SensorsItem(text, received_us, &item, &why)) {
          ++out->not_events;
          out->entities.push_back(std::move(item));
        } else {
          reject(RejectReason::kWrongType, "message " + std::to_string(i) + ": " + why);
        }
        continue;
      }
      case JsonChunkParser::Outcome::kRow:
        break;
    }
    if (!builder.has_event() && !default_event.empty()) builder.SetEvent(default_event);
    if (format == CaptureFormat::kMixpanel && !builder.has_id()) {
      // Mixpanel deduplicates only by $insert_id, which its SDK sets on neither track calls nor
      // people updates; two identical messages are two events (two logins, two increments of a
      // login count): each arrival is its own event, as on Mixpanel's servers.
      // (The builder keeps a view of the id until Commit: engage_id outlives it.)
      engage_id = DigestId("mpe", std::string(text) + std::to_string(received_us));
      builder.SetId(engage_id, 0);
    }
    message.clear();
    if (!builder.Commit(text, true, &reason, &message)) reject(reason, std::move(message));
  }
  builder.FinishBatch();
  if (!builder.finished().empty()) out->events = std::move(builder.finished().front());
  if (out->credential.empty()) out->credential = parser.credential();
  return Status::Ok();
}

Status CaptureDecoder::DecodeMixpanelGroups(std::string_view body, int64_t received_us,
                                           DecodedCapture* out) {
  *out = DecodedCapture();
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidArgument("data: not JSON");
  if (!doc.is_array()) doc = nlohmann::json::array({std::move(doc)});
  if (doc.size() > limits_.max_events_per_request) {
    return Status(ErrorCode::kPayloadTooLarge,
                  "body: " + std::to_string(doc.size()) + " messages, more than the limit of " +
                      std::to_string(limits_.max_events_per_request) + " per request");
  }
  out->messages = doc.size();
  for (size_t i = 0; i < doc.size(); ++i) {
    const nlohmann::json& m = doc[i];
    auto reject = [&](std::string why) {
      out->errors.push_back(CaptureError{i, RejectReason::kWrongType,
                                         "message " + std::to_string(i) + ": " + std::move(why)});
    };
    if (!m.is_object()) {
      reject("not a JSON object");
      continue;
    }
    auto token = m.find("$token");
    if (out->credential.empty() && token != m.end() && token->is_string()) {
      out->credential = token->get<std::string>();
    }
    auto text = [&](const char* key) -> std::string {
      auto it = m.find(key);
      if (it == m.end() || it->is_null()) return {};
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    EntityUpdate u;
    u.kind = EntityUpdate::Kind::kGroup;
    u.entity = GroupRef{text("$group_key"), text("$group_id")};
    if (u.entity.type.empty() || u.entity.key.empty()) {
      reject("a group update needs $group_key and $group_id");
      continue;
    }
    u.ts_us = received_us;
    auto time = m.find("$time");
    if (time != m.end() && time->is_number() &&
        !EpochNumberToMicros(time->get<double>(), &u.ts_us)) {
      reject("$time " + time->dump() + " is not a valid time");
      continue;
    }
    nlohmann::json keyless = m;
    keyless.erase("$token");  // the same update sent with another token is the same update
    u.id = DigestId("mpg", keyless.dump());
    MixpanelOperations(m, &u.updates);
    out->entities.push_back(std::move(u));
  }
  return Status::Ok();
}

}  // namespace growloop
