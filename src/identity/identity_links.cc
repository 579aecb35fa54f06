#include "identity/identity_links.h"

#include <xxhash.h>

#include <string_view>

#include "storage/dedup_index.h"

namespace growloop {
namespace {

// The string property `name` of `row`, or empty.
std::string_view StringProperty(const EventBatch& batch, size_t row, std::string_view name) {
  for (const PropertyColumn& c : batch.properties()) {
    if (c.type == ValueType::kString && c.name == name && c.valid[row]) return c.strings.Get(row);
  }
  return {};
}

}  // namespace

void ExtractIdentityLinks(const EventBatch& batch, std::vector<IdentityLink>* out,
                          const std::function<bool(uint64_t)>& applied) {
  // A person's events repeat the same pair: each link is reported once per batch. Pairs are
  // told apart by a 64-bit hash of both ids; a collision would only skip a link that a later
  // batch (or the same SDK call again) repeats, never merge two unrelated ids.
  HashSet64 seen;
  auto add = [&](std::string_view from, std::string_view to, bool identify) {
    if (from.empty() || to.empty() || from == to) return;
    uint64_t h = XXH3_64bits_withSeed(from.data(), from.size(), identify ? 1 : 2);
    h = XXH3_64bits_withSeed(to.data(), to.size(), h);
    if (h == 0) h = 1;
    if (!seen.Insert(h)) return;
    if (applied && applied(h)) return;
    out->push_back(IdentityLink{std::string(from), std::string(to), identify, h});
  };
  for (size_t i = 0; i < batch.rows(); ++i) {
    const std::string_view distinct = batch.distinct_id(i);
    const std::string_view anonymous = batch.anonymous_id(i);
    // The distinct id is the user id whenever the row also has a different anonymous id.
    if (!anonymous.empty() && anonymous != distinct) add(anonymous, distinct, true);
    const std::string_view event = batch.event(i);
    if (event == "$alias") {
      add(StringProperty(batch, i, "previousId"), distinct, false);
    } else if (event == "$create_alias") {
      add(StringProperty(batch, i, "alias"), distinct, false);
    }
  }
}

}  // namespace growloop
