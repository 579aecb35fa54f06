// The body of every capture fuzz target: one SDK request body through CaptureDecoder::Decode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/capture_decoder.h"
#include "identity/property_updates.h"
#include "fuzz_check.h"

namespace growloop::fuzz {

// Decodes `data` as a request body of `format` and checks the contract of capture_decoder.h: a
// request fails only as InvalidArgument or PayloadTooLarge; otherwise every message ends as
// exactly one of a stored event, an error (with its index), or a valid message that stores none.
inline int FuzzCapture(CaptureFormat format, std::string_view default_event, const uint8_t* data,
                       size_t size) {
  // Limits far below the defaults, so that small inputs reach every refusal.
  CaptureLimits limits;
  limits.max_events_per_request = 64;
  limits.event.max_event_bytes = 2048;
  limits.event.max_property_bytes = 256;
  limits.event.max_properties = 32;
  // The day after the SDK requests of tests/data/compat (the seeds) were captured.
  constexpr int64_t kReceivedUs = 1'795'392'000'000'000;  // 2026-11-23T00:00:00Z
  CaptureDecoder decoder(limits);
  DecodedCapture out;
  Status s = decoder.Decode(format, std::string_view(reinterpret_cast<const char*>(data), size),
                            kReceivedUs, &out, default_event);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kPayloadTooLarge);
    return 0;
  }
  FUZZ_CHECK(out.messages <= limits.max_events_per_request);
  FUZZ_CHECK(out.events.rows() + out.errors.size() + out.not_events == out.messages);
  for (size_t i = 0; i < out.errors.size(); ++i) {
    FUZZ_CHECK(out.errors[i].index < out.messages);
    FUZZ_CHECK(i == 0 || out.errors[i].index > out.errors[i - 1].index);
  }
  // Every stored row's property and group updates extract and fold without failing, and their
  // storage form reads back as written.
  PropertyFolder folder;
  std::vector<PropertyUpdate> updates, back;
  for (size_t r = 0; r < out.events.rows(); ++r) {
    FUZZ_CHECK(!out.events.id(r).empty());
    FUZZ_CHECK(out.events.received(r) == kReceivedUs);
    updates.clear();
    ExtractPersonUpdates(out.events, r, &updates);
    folder.Apply(updates);
    EntityUpdate group;
    if (ExtractGroupUpdate(out.events, r, &group)) {
      FUZZ_CHECK(!group.entity.type.empty() && !group.entity.key.empty());
      FUZZ_CHECK(UpdatesFromJson(UpdatesToJson(group.updates), &back));
    }
  }
  FUZZ_CHECK(out.entities.size() <= out.not_events);
  for (const EntityUpdate& e : out.entities) {
    FUZZ_CHECK(!e.id.empty() && !e.entity.type.empty() && !e.entity.key.empty());
    folder.Apply(e.updates);
  }
  return 0;
}

// Mixpanel /groups bodies: every message is a group update or an error with its index.
inline int FuzzMixpanelGroups(const uint8_t* data, size_t size) {
  CaptureLimits limits;
  limits.max_events_per_request = 64;
  CaptureDecoder decoder(limits);
  DecodedCapture out;
  Status s = decoder.DecodeMixpanelGroups(
      std::string_view(reinterpret_cast<const char*>(data), size), 1'795'392'000'000'000, &out);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kPayloadTooLarge);
    return 0;
  }
  FUZZ_CHECK(out.entities.size() + out.errors.size() == out.messages);
  PropertyFolder folder;
  std::vector<PropertyUpdate> back;
  for (const EntityUpdate& e : out.entities) {
    FUZZ_CHECK(!e.id.empty() && !e.entity.type.empty() && !e.entity.key.empty());
    FUZZ_CHECK(UpdatesFromJson(UpdatesToJson(e.updates), &back));
    folder.Apply(e.updates);
  }
  return 0;
}

}  // namespace growloop::fuzz
