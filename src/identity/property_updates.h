// Person and group properties, derived from stored events.
//
// SDKs do not send a person's properties as a record; they send updates, each in its own syntax,
// inside events: PostHog `$set`/`$set_once`/`$unset` on any event, Segment identify `traits`,
// Mixpanel `/engage` (`$set`, `$set_once`, `$add`, `$append`, `$union`, `$remove`, `$unset`,
// `$delete`), Amplitude `user_properties` operations, Sensors `profile_*` messages. The events
// are stored as they came (flattened: `$set.plan`, `user_properties.$add.logins`, ...); this
// file reads the updates back out of a stored row and folds them, in (time, event id) order,
// into properties. Because properties are a function of the events, an identity merge applies to
// them retroactively like to everything else: a person's properties are the fold of the updates
// of all its distinct ids.
//
// Groups (a company, an account) have properties of their own, updated by PostHog and Amplitude
// `$groupidentify`, Segment `group` calls and Mixpanel `/groups`; Sensors items (`item_set`,
// `item_delete`) are entities of the same shape. Their updates are kept as EntityUpdate records
// (catalog/ stores them in meta.db) and folded the same way.
//
// Values: strings, numbers, booleans and lists (JSON arrays). Stored rows keep an array as its
// JSON text, so a string property that parses as a JSON array counts as a list for the list
// operations (append, union, remove) and is returned as a list.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "event/event_batch.h"

namespace growloop {

enum class PropertyOp : uint8_t {
  kSet = 0,       // name = value
  kSetOnce = 1,   // name = value unless name is set
  kUnset = 2,     // removes name
  kAdd = 3,       // name += value (numbers; an absent or non-numeric name counts as 0)
  kAppend = 4,    // value (or each element of a list value) added at the end of list name
  kPrepend = 5,   // ... at the front
  kUnion = 6,     // as kAppend, skipping elements already present
  kRemove = 7,    // every element equal to value (or to an element of a list value) removed
  kClearAll = 8,  // removes every property (Mixpanel $delete, Amplitude $clearAll, Sensors
                  // profile_delete, item_delete)
};

std::string_view PropertyOpName(PropertyOp op);

struct PropertyUpdate {
  PropertyOp op = PropertyOp::kSet;
  std::string name;  // empty for kClearAll
  nlohmann::json value;

  bool operator==(const PropertyUpdate&) const = default;
};

// The person-property updates row `row` of `batch` carries, in a fixed order (clear, then set,
// set_once, add, lists, unset), appended to *out. Group and item updates are not included.
void ExtractPersonUpdates(const EventBatch& batch, size_t row, std::vector<PropertyUpdate>* out);

// A group (or Sensors item) an event names.
struct GroupRef {
  std::string type;  // "company"; "group" for Segment groups, which have no type
  std::string key;
  bool operator==(const GroupRef&) const = default;
  bool operator<(const GroupRef& o) const { return type != o.type ? type < o.type : key < o.key; }
};

// The groups row `row` belongs to: PostHog `$groups.<type>`, Amplitude `groups.<type>`, the
// `groupId` of a Segment group call. Appended to *out.
void ExtractGroupMemberships(const EventBatch& batch, size_t row, std::vector<GroupRef>* out);

// An update of a group's or an item's properties.
struct EntityUpdate {
  enum class Kind : uint8_t { kGroup = 0, kItem = 1 };
  Kind kind = Kind::kGroup;
  GroupRef entity;
  int64_t ts_us = 0;
  std::string id;  // unique per update: the event's id, or a digest of the message
  std::vector<PropertyUpdate> updates;
};

std::string_view EntityKindName(EntityUpdate::Kind kind);  // "group", "item"

// The group update row `row` carries (PostHog and Amplitude `$groupidentify`, Segment `$group`
// calls); false when it carries none.
bool ExtractGroupUpdate(const EventBatch& batch, size_t row, EntityUpdate* out);

// True when some row of `batch` may carry a group update (checks event names only).
bool MayCarryGroupUpdates(const EventBatch& batch);

// The updates as JSON ([{"op":"set","name":...,"value":...}, ...]) and back, for storage.
std::string UpdatesToJson(const std::vector<PropertyUpdate>& updates);
bool UpdatesFromJson(std::string_view text, std::vector<PropertyUpdate>* out);

// Applies updates in order to a JSON object of properties.
class PropertyFolder {
 public:
  PropertyFolder() : properties_(nlohmann::json::object()) {}
  void Apply(const PropertyUpdate& update);
  void Apply(const std::vector<PropertyUpdate>& updates) {
    for (const PropertyUpdate& u : updates) Apply(u);
  }
  const nlohmann::json& properties() const { return properties_; }

 private:
  nlohmann::json properties_;
};

// The value of property column `c` at `row` as JSON: strings, numbers (integral values as
// integers), booleans, timestamps as RFC 3339 text. The row must have the property.
nlohmann::json PropertyValueJson(const PropertyColumn& c, size_t row);

}  // namespace growloop
