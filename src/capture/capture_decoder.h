// CaptureDecoder: the body of one SDK request (Segment, RudderStack, PostHog, Mixpanel,
// Amplitude, Sensors Data, or Growloop's own) turned into rows of the event model. Each message
// goes through the import's row parser and RowBuilder, so capture and import validate and flatten
// events identically; the field names of every SDK are in docs/capture.md.
//
// A problem with one message (a missing event name, a wrong type, an oversize event) rejects that
// message only; the request as a whole fails only when it is not the JSON shape of its format.
//
// Not thread-safe; one per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "event/event_batch.h"
#include "ingest/importer.h"
#include "identity/property_updates.h"
#include "ingest/reject_reason.h"

namespace growloop {

enum class CaptureFormat {
  kNative,     // {"events":[row, ...]}, [row, ...] or one row; rows as in JSON Lines import
  kSegment,    // Segment and RudderStack: {"batch":[call, ...], "writeKey"?} or one call
  kPostHog,    // {"api_key", "batch":[event, ...]}, [event, ...] or one event
  kMixpanel,   // one event or an array of events (the JSON inside Mixpanel's base64 `data`)
  kAmplitude,  // {"api_key", "events":[event, ...]}
  kSensors,    // an array of messages or one message (inside Sensors' base64 `data_list`)
};

std::string_view CaptureFormatName(CaptureFormat format);

struct CaptureLimits {
  ImportLimits event;                       // per event, as for import (its time bounds unused)
  size_t max_events_per_request = 10'000;  // more: the whole request is refused
  // An event's time must lie within [received - max_past_us, received + max_future_us].
  int64_t max_past_us = 3650 * 86'400'000'000LL;
  int64_t max_future_us = 86'400'000'000LL;
};

struct CaptureError {
  size_t index = 0;  // position of the message in the request, from 0
  RejectReason reason = RejectReason::kMalformedJson;
  std::string message;
};

struct DecodedCapture {
  EventBatch events;      // the valid events, in request order
  size_t messages = 0;    // messages in the request
  size_t not_events = 0;  // valid messages that store no event
  std::vector<CaptureError> errors;
  // Updates of entities that are not events: Sensors items (item_set, item_delete), Mixpanel
  // group profiles (DecodeMixpanelGroups).
  std::vector<EntityUpdate> entities;
  // The first key the body carried (Segment writeKey, PostHog api_key or token, Amplitude
  // api_key, Mixpanel properties.token), or empty. Never stored as a property.
  std::string credential;
};

class CaptureDecoder {
 public:
  explicit CaptureDecoder(const CaptureLimits& limits) : limits_(limits) {}

  // Decodes `body` (JSON text, already inflated and base64-decoded). Events without a timestamp
  // get `received_us`; messages without an event name get `default_event` when it is not empty
  // (the call a Segment path or a Mixpanel endpoint implies, e.g. "$identify", "$engage").
  // Messages without an id get one derived from their JSON text (an identical retry is a
  // duplicate), except Mixpanel's, which are never deduplicated without $insert_id: theirs is
  // derived from the text and `received_us`. InvalidArgument when the body is not JSON of the format's shape; PayloadTooLarge when it
  // holds more than max_events_per_request messages.
  Status Decode(CaptureFormat format, std::string_view body, int64_t received_us,
                DecodedCapture* out, std::string_view default_event = {});

  // Mixpanel /groups: one group profile update or an array of them ({"$token", "$group_key",
  // "$group_id", "$set" | "$set_once" | "$unset" | "$remove" | "$union" | "$delete"}), into
  // out->entities; `$token` becomes the credential. Nested objects are flattened into dotted
  // names, as in events. A message without a group key or id is rejected alone. Updates carry
  // `$time` (ms) when sent, else `received_us`; their id is a digest of the message, so an
  // identical retry is a duplicate.
  Status DecodeMixpanelGroups(std::string_view body, int64_t received_us, DecodedCapture* out);

 private:
  const CaptureLimits limits_;
};

}  // namespace growloop
