#include "capture/capture_decoder.h"

#include <simdjson.h>

#include "ingest/json_chunk_parser.h"
#include "ingest/row_builder.h"

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
      case JsonChunkParser::Outcome::kNotAnEvent:
        ++out->not_events;
        continue;
      case JsonChunkParser::Outcome::kRow:
        break;
    }
    if (!builder.has_event() && !default_event.empty()) builder.SetEvent(default_event);
    message.clear();
    if (!builder.Commit(text, true, &reason, &message)) reject(reason, std::move(message));
  }
  builder.FinishBatch();
  if (!builder.finished().empty()) out->events = std::move(builder.finished().front());
  if (out->credential.empty()) out->credential = parser.credential();
  return Status::Ok();
}

}  // namespace growloop
