// The identity links events carry: which distinct ids an SDK says are one person. Derived from
// stored events only, so the identity map can always be rebuilt from the events themselves.
//
// - An event with both a user id and a different anonymous id links them, the user id being a
//   known one: Segment and RudderStack calls with userId and anonymousId (identify included),
//   PostHog $identify ($anon_distinct_id), Mixpanel $user_id with $device_id, Amplitude user_id
//   with device_id, Sensors $SignUp (original_id).
// - Alias events link two ids without marking either known: Segment $alias (previousId ->
//   userId), PostHog and Mixpanel $create_alias (properties.alias <-> distinct_id).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "event/event_batch.h"

namespace growloop {

struct IdentityLink {
  std::string from;      // the anonymous or previous id
  std::string to;        // the user id (for kIdentify) or the other id
  bool identify = true;  // false: an alias, marks neither id known
  uint64_t hash = 0;     // of (from, to, identify), never 0: for caches of applied links
};

// Appends the links of `batch` to *out, each distinct link once, leaving out those whose hash
// `applied` (when given) says were applied already.
void ExtractIdentityLinks(const EventBatch& batch, std::vector<IdentityLink>* out,
                          const std::function<bool(uint64_t)>& applied = nullptr);

}  // namespace growloop
