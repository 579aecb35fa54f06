// The capture endpoints: Growloop's own POST /api/v1/events and the endpoints of the SDKs that
// apps already use (Segment and RudderStack, PostHog, Mixpanel, Amplitude, Sensors Data), each
// answering the way its SDK needs to see success (docs/capture.md). Handlers unwrap the body
// (gzip, form fields, base64), decode it (capture/capture_decoder.h), find the project from the
// key the SDK sends, and store the events through the catalog (WAL, fsync, dedup by the SDK's
// message id) before answering.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "capture/capture_decoder.h"
#include "server/route_table.h"

namespace growloop {

struct ApiContext;

// Bounds the events being decoded or committed at once across all capture requests; a request
// that would pass the bound is answered 429 with Retry-After instead of queueing.
class CaptureGate {
 public:
  explicit CaptureGate(int64_t max_events) : max_events_(max_events) {}
  bool TryAdmit(int64_t events);
  void Release(int64_t events) { in_flight_.fetch_sub(events, std::memory_order_relaxed); }
  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  const int64_t max_events_;
  std::atomic<int64_t> in_flight_{0};
};

// Adds every capture route to `table`.
void AddCaptureRoutes(const ApiContext& context, RouteTable* table);

}  // namespace growloop
