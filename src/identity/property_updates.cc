#include "identity/property_updates.h"

#include <algorithm>
#include <cmath>

namespace growloop {
namespace {

using json = nlohmann::json;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// A list value: a JSON array, or a string holding one (stored rows keep arrays as JSON text).
bool AsList(const json& v, json* list) {
  if (v.is_array()) {
    *list = v;
    return true;
  }
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || s.front() != '[') return false;
  json parsed = json::parse(s, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return false;
  *list = std::move(parsed);
  return true;
}

// The names of an unset operation's value: a list of names (PostHog, Mixpanel), or one name.
void UnsetNames(const json& v, std::vector<PropertyUpdate>* out) {
  json list;
  if (AsList(v, &list)) {
    for (const json& name : list) {
      if (name.is_string()) out->push_back({PropertyOp::kUnset, name.get<std::string>(), nullptr});
    }
  } else if (v.is_string() && !v.get_ref<const std::string&>().empty()) {
    out->push_back({PropertyOp::kUnset, v.get<std::string>(), nullptr});
  }
}

// Operation prefixes of flattened property names. Mixpanel /engage and PostHog use the same
// "$set." style; Amplitude's operations live under user_properties / group_properties.
struct OpPrefix {
  std::string_view prefix;
  PropertyOp op;
};
constexpr OpPrefix kDollarOps[] = {
    {"$set.", PropertyOp::kSet},        {"$set_once.", PropertyOp::kSetOnce},
    {"$add.", PropertyOp::kAdd},        {"$append.", PropertyOp::kAppend},
    {"$union.", PropertyOp::kUnion},    {"$remove.", PropertyOp::kRemove},
    {"$unset.", PropertyOp::kUnset},
};
constexpr OpPrefix kAmplitudeOps[] = {
    {"$set.", PropertyOp::kSet},           {"$setOnce.", PropertyOp::kSetOnce},
    {"$add.", PropertyOp::kAdd},           {"$append.", PropertyOp::kAppend},
    {"$prepend.", PropertyOp::kPrepend},   {"$preInsert.", PropertyOp::kPrepend},
    {"$postInsert.", PropertyOp::kUnion},  {"$remove.", PropertyOp::kRemove},
    {"$unset.", PropertyOp::kUnset},
};

template <size_t N>
bool MatchOp(const OpPrefix (&ops)[N], std::string_view name, PropertyOp* op,
             std::string_view* rest) {
  for (const OpPrefix& p : ops) {
    if (StartsWith(name, p.prefix) && name.size() > p.prefix.size()) {
      *op = p.op;
      *rest = name.substr(p.prefix.size());
      return true;
    }
  }
  return false;
}

// Amplitude user_properties / group_properties members below `prefix`: operations, or plain
// keys (which set).
void AmplitudeUpdate(std::string_view rest, const json& value, std::vector<PropertyUpdate>* out) {
  if (rest == "$clearAll") {
    out->push_back({PropertyOp::kClearAll, {}, nullptr});
    return;
  }
  PropertyOp op;
  std::string_view name;
  if (MatchOp(kAmplitudeOps, rest, &op, &name)) {
    out->push_back({op, std::string(name), op == PropertyOp::kUnset ? json(nullptr) : value});
  } else if (!rest.empty() && rest.front() != '$') {
    out->push_back({PropertyOp::kSet, std::string(rest), value});
  }
}

// Sensors profile and item messages carry the SDK's own fields beside the properties.
bool IsSensorsLibField(std::string_view name) {
  return StartsWith(name, "lib.") || name == "$lib" || name == "$lib_version" ||
         name == "$lib_method" || name == "$lib_detail";
}

// Sort rank: clear first, list operations and unset last, so that one message that both sets
// and unsets applies in a fixed order whatever the column order of its batch.
int OpRank(PropertyOp op) {
  switch (op) {
    case PropertyOp::kClearAll: return 0;
    case PropertyOp::kSet: return 1;
    case PropertyOp::kSetOnce: return 2;
    case PropertyOp::kAdd: return 3;
    case PropertyOp::kAppend:
    case PropertyOp::kPrepend:
    case PropertyOp::kUnion:
    case PropertyOp::kRemove: return 4;
    case PropertyOp::kUnset: return 5;
  }
  return 6;
}

void SortUpdates(std::vector<PropertyUpdate>* updates, size_t from) {
  std::stable_sort(updates->begin() + static_cast<std::ptrdiff_t>(from), updates->end(),
                   [](const PropertyUpdate& a, const PropertyUpdate& b) {
                     const int ra = OpRank(a.op), rb = OpRank(b.op);
                     return ra != rb ? ra < rb : a.name < b.name;
                   });
}

std::string_view StringAt(const EventBatch& batch, size_t row, std::string_view name) {
  for (const PropertyColumn& c : batch.properties()) {
    if (c.type == ValueType::kString && c.valid[row] && c.name == name) return c.strings.Get(row);
  }
  return {};
}

}  // namespace

std::string_view PropertyOpName(PropertyOp op) {
  switch (op) {
    case PropertyOp::kSet: return "set";
    case PropertyOp::kSetOnce: return "set_once";
    case PropertyOp::kUnset: return "unset";
    case PropertyOp::kAdd: return "add";
    case PropertyOp::kAppend: return "append";
    case PropertyOp::kPrepend: return "prepend";
    case PropertyOp::kUnion: return "union";
    case PropertyOp::kRemove: return "remove";
    case PropertyOp::kClearAll: return "clear_all";
  }
  return "unknown";
}

std::string_view EntityKindName(EntityUpdate::Kind kind) {
  return kind == EntityUpdate::Kind::kItem ? "item" : "group";
}

json PropertyValueJson(const PropertyColumn& c, size_t row) {
  switch (c.type) {
    case ValueType::kString: return json(std::string(c.strings.Get(row)));
    case ValueType::kNumber: {
      const double v = c.numbers[row];
      // Integral values print as integers: a count of logins is 3, not 3.0.
      if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.007199254740992e15) {
        return json(static_cast<int64_t>(v));
      }
      return json(v);
    }
    case ValueType::kBool: return json(c.ints[row] != 0);
    case ValueType::kTimestamp: return json(c.ints[row]);
  }
  return json(nullptr);
}

void ExtractPersonUpdates(const EventBatch& batch, size_t row, std::vector<PropertyUpdate>* out) {
  const size_t first = out->size();
  const std::string_view event = batch.event(row);
  // Group updates name the group's properties, not the person's.
  if (event == "$groupidentify") return;
  const bool engage = event == "$engage";
  const bool identify = event == "$identify";
  const bool sensors_profile = StartsWith(event, "$profile_");
  bool clear = event == "$profile_delete";
  if (engage) {
    // Mixpanel's $delete carries an empty string: its presence deletes the profile.
    for (const PropertyColumn& c : batch.properties()) clear |= c.name == "$delete" && c.valid[row];
  }
  if (clear) out->push_back({PropertyOp::kClearAll, {}, nullptr});
  for (const PropertyColumn& c : batch.properties()) {
    if (!c.valid[row]) continue;
    const std::string_view name = c.name;
    PropertyOp op;
    std::string_view rest;
    if (MatchOp(kDollarOps, name, &op, &rest)) {
      json value = PropertyValueJson(c, row);
      out->push_back({op, std::string(rest), op == PropertyOp::kUnset ? json(nullptr) : value});
    } else if (name == "$unset") {
      UnsetNames(PropertyValueJson(c, row), out);
    } else if (StartsWith(name, "user_properties.")) {
      AmplitudeUpdate(name.substr(16), PropertyValueJson(c, row), out);
    } else if (identify && StartsWith(name, "traits.") && name.size() > 7) {
      out->push_back({PropertyOp::kSet, std::string(name.substr(7)), PropertyValueJson(c, row)});
    } else if (sensors_profile && !IsSensorsLibField(name)) {
      json value = PropertyValueJson(c, row);
      if (event == "$profile_set") {
        out->push_back({PropertyOp::kSet, std::string(name), std::move(value)});
      } else if (event == "$profile_set_once") {
        out->push_back({PropertyOp::kSetOnce, std::string(name), std::move(value)});
      } else if (event == "$profile_increment") {
        out->push_back({PropertyOp::kAdd, std::string(name), std::move(value)});
      } else if (event == "$profile_append") {
        out->push_back({PropertyOp::kAppend, std::string(name), std::move(value)});
      } else if (event == "$profile_unset") {
        out->push_back({PropertyOp::kUnset, std::string(name), nullptr});
      }
    }
  }
  SortUpdates(out, first);
}

void ExtractGroupMemberships(const EventBatch& batch, size_t row, std::vector<GroupRef>* out) {
  const bool segment_group = batch.event(row) == "$group";
  for (const PropertyColumn& c : batch.properties()) {
    if (!c.valid[row]) continue;
    std::string_view type;
    if (StartsWith(c.name, "$groups.")) {
      type = std::string_view(c.name).substr(8);
    } else if (StartsWith(c.name, "groups.")) {
      type = std::string_view(c.name).substr(7);
    } else if (segment_group && c.name == "groupId") {
      type = "group";
    } else {
      continue;
    }
    json key = PropertyValueJson(c, row);
    std::string k = key.is_string() ? key.get<std::string>() : key.dump();
    if (type.empty() || k.empty()) continue;
    out->push_back(GroupRef{std::string(type), std::move(k)});
  }
}

bool MayCarryGroupUpdates(const EventBatch& batch) {
  for (size_t i = 0; i < batch.rows(); ++i) {
    const std::string_view e = batch.event(i);
    if (e == "$groupidentify" || e == "$group") return true;
  }
  return false;
}

bool ExtractGroupUpdate(const EventBatch& batch, size_t row, EntityUpdate* out) {
  const std::string_view event = batch.event(row);
  if (event != "$groupidentify" && event != "$group") return false;
  *out = EntityUpdate();
  out->kind = EntityUpdate::Kind::kGroup;
  out->ts_us = batch.ts(row);
  out->id.assign(batch.id(row));
  if (event == "$group") {
    // Segment and RudderStack: groupId and traits.
    out->entity.type = "group";
    out->entity.key.assign(StringAt(batch, row, "groupId"));
    for (const PropertyColumn& c : batch.properties()) {
      if (c.valid[row] && StartsWith(c.name, "traits.") && c.name.size() > 7) {
        out->updates.push_back(
            {PropertyOp::kSet, c.name.substr(7), PropertyValueJson(c, row)});
      }
    }
  } else {
    // PostHog: $group_type, $group_key, $group_set; Amplitude: groups.<type> = key and
    // group_properties operations.
    out->entity.type.assign(StringAt(batch, row, "$group_type"));
    out->entity.key.assign(StringAt(batch, row, "$group_key"));
    std::vector<GroupRef> named;
    if (out->entity.type.empty()) {
      ExtractGroupMemberships(batch, row, &named);
      if (named.size() == 1) out->entity = named.front();
    }
    for (const PropertyColumn& c : batch.properties()) {
      if (!c.valid[row]) continue;
      if (StartsWith(c.name, "$group_set.") && c.name.size() > 11) {
        out->updates.push_back({PropertyOp::kSet, c.name.substr(11), PropertyValueJson(c, row)});
      } else if (StartsWith(c.name, "$group_set_once.") && c.name.size() > 16) {
        out->updates.push_back(
            {PropertyOp::kSetOnce, c.name.substr(16), PropertyValueJson(c, row)});
      } else if (c.name == "$group_unset") {
        UnsetNames(PropertyValueJson(c, row), &out->updates);
      } else if (StartsWith(c.name, "group_properties.")) {
        AmplitudeUpdate(std::string_view(c.name).substr(17), PropertyValueJson(c, row),
                        &out->updates);
      }
    }
  }
  if (out->entity.type.empty() || out->entity.key.empty()) return false;
  SortUpdates(&out->updates, 0);
  return true;
}

std::string UpdatesToJson(const std::vector<PropertyUpdate>& updates) {
  json a = json::array();
  for (const PropertyUpdate& u : updates) {
    json o = {{"op", PropertyOpName(u.op)}};
    if (u.op != PropertyOp::kClearAll) o["name"] = u.name;
    if (!u.value.is_null()) o["value"] = u.value;
    a.push_back(std::move(o));
  }
  return a.dump();
}

bool UpdatesFromJson(std::string_view text, std::vector<PropertyUpdate>* out) {
  json a = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!a.is_array()) return false;
  out->clear();
  for (const json& o : a) {
    if (!o.is_object() || !o.contains("op") || !o["op"].is_string()) return false;
    const std::string& name = o["op"].get_ref<const std::string&>();
    PropertyUpdate u;
    bool known = false;
    for (uint8_t i = 0; i <= static_cast<uint8_t>(PropertyOp::kClearAll); ++i) {
      if (PropertyOpName(static_cast<PropertyOp>(i)) == name) {
        u.op = static_cast<PropertyOp>(i);
        known = true;
      }
    }
    if (!known) return false;
    if (o.contains("name") && o["name"].is_string()) u.name = o["name"].get<std::string>();
    if (o.contains("value")) u.value = o["value"];
    out->push_back(std::move(u));
  }
  return true;
}

void PropertyFolder::Apply(const PropertyUpdate& u) {
  switch (u.op) {
    case PropertyOp::kClearAll: properties_ = json::object(); return;
    case PropertyOp::kSet: properties_[u.name] = u.value; return;
    case PropertyOp::kSetOnce:
      if (!properties_.contains(u.name)) properties_[u.name] = u.value;
      return;
    case PropertyOp::kUnset: properties_.erase(u.name); return;
    case PropertyOp::kAdd: {
      double add = 0;
      if (u.value.is_number()) {
        add = u.value.get<double>();
      } else if (u.value.is_string()) {
        // Some SDKs send increments as text ("1"); anything else adds nothing.
        json parsed = json::parse(u.value.get_ref<const std::string&>(), nullptr, false);
        if (!parsed.is_number()) return;
        add = parsed.get<double>();
      } else {
        return;
      }
      auto it = properties_.find(u.name);
      double base = it != properties_.end() && it->is_number() ? it->get<double>() : 0;
      const double sum = base + add;
      if (std::floor(sum) == sum && std::fabs(sum) < 9.007199254740992e15) {
        properties_[u.name] = static_cast<int64_t>(sum);
      } else {
        properties_[u.name] = sum;
      }
      return;
    }
    case PropertyOp::kAppend:
    case PropertyOp::kPrepend:
    case PropertyOp::kUnion:
    case PropertyOp::kRemove: {
      json list = json::array();
      auto it = properties_.find(u.name);
      if (it != properties_.end() && !AsList(*it, &list)) list = json::array({*it});
      json items;
      if (!AsList(u.value, &items)) items = json::array({u.value});
      if (u.op == PropertyOp::kRemove) {
        json kept = json::array();
        for (const json& e : list) {
          if (std::find(items.begin(), items.end(), e) == items.end()) kept.push_back(e);
        }
        list = std::move(kept);
      } else if (u.op == PropertyOp::kPrepend) {
        json joined = items;
        for (const json& e : list) joined.push_back(e);
        list = std::move(joined);
      } else {
        for (const json& e : items) {
          if (u.op == PropertyOp::kUnion && std::find(list.begin(), list.end(), e) != list.end()) {
            continue;
          }
          list.push_back(e);
        }
      }
      if (u.op == PropertyOp::kRemove && it == properties_.end()) return;
      properties_[u.name] = std::move(list);
      return;
    }
  }
}

}  // namespace growloop
