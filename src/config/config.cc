#include "config/config.h"

#include <toml++/toml.h>

#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <type_traits>
#include <variant>

namespace growloop {

namespace {

// size_t and uint64_t are one type on the platforms Growloop builds for.
static_assert(std::is_same_v<size_t, uint64_t>);
using FieldTarget = std::variant<int64_t*, bool*, std::string*, uint64_t*, int*>;

// Every key a config file may hold, by dotted path. Unknown keys are errors: a typo such as
// `server.prot` must not silently fall back to a default.
std::vector<std::pair<std::string, FieldTarget>> FieldList(Config* c) {
  return {
      {"data_dir", &c->data_dir},
      {"log_level", &c->log_level},
      {"server.host", &c->server.host},
      {"server.port", &c->server.port},
      {"server.threads", &c->server.threads},
      {"server.require_auth", &c->server.require_auth},
      {"server.idle_timeout_seconds", &c->server.idle_timeout_seconds},
      {"server.shutdown_grace_seconds", &c->server.shutdown_grace_seconds},
      {"server.console_dir", &c->server.console_dir},
      {"limits.max_request_bytes", &c->limits.max_request_bytes},
      {"limits.max_upload_bytes", &c->limits.max_upload_bytes},
      {"limits.max_events_per_batch", &c->limits.max_events_per_batch},
      {"limits.max_event_bytes", &c->limits.max_event_bytes},
      {"limits.max_queued_events", &c->limits.max_queued_events},
      {"ingest.max_past_days", &c->ingest.max_past_days},
      {"ingest.max_future_seconds", &c->ingest.max_future_seconds},
      {"identity.max_ids_per_person", &c->identity.max_ids_per_person},
      {"query.threads", &c->query.threads},
      {"query.cache_mb", &c->query.cache_mb},
      {"store.memtable_max_rows", &c->store.memtable_max_rows},
      {"store.memtable_max_bytes", &c->store.memtable_max_bytes},
      {"store.wal_file_max_bytes", &c->store.wal_file_max_bytes},
      {"store.segment_zstd_level", &c->store.segment_zstd_level},
      {"store.compaction_trigger_segments", &c->store.compaction_trigger_segments},
      {"store.compaction_small_rows", &c->store.compaction_small_rows},
      {"store.compaction_max_rows", &c->store.compaction_max_rows},
      {"store.background_compaction", &c->store.background_compaction},
      {"store.dedup_cache_max_ids", &c->store.dedup_cache_max_ids},
      {"store.dedup_window_days", &c->store.dedup_window_days},
  };
}

std::map<std::string, FieldTarget> FieldsOf(Config* c) {
  auto list = FieldList(c);
  return {list.begin(), list.end()};
}

std::string Where(const toml::node& node) {
  const toml::source_region& src = node.source();
  std::ostringstream out;
  out << " (line " << src.begin.line << ")";
  return out.str();
}

Status SetField(const std::string& path, const toml::node& node, const FieldTarget& target) {
  auto wrong_type = [&](std::string_view want) {
    std::ostringstream got;
    got << node.type();
    return InvalidArgument(path + ": must be " + std::string(want) + ", got " + got.str() +
                           Where(node));
  };
  if (auto* s = std::get_if<std::string*>(&target)) {
    if (!node.is_string()) return wrong_type("a string");
    **s = *node.value<std::string>();
    return Status::Ok();
  }
  if (auto* b = std::get_if<bool*>(&target)) {
    if (!node.is_boolean()) return wrong_type("true or false");
    **b = *node.value<bool>();
    return Status::Ok();
  }
  if (!node.is_integer()) return wrong_type("an integer");
  int64_t v = node.as_integer()->get();
  if (auto* i = std::get_if<int64_t*>(&target)) {
    **i = v;
    return Status::Ok();
  }
  if (auto* i = std::get_if<int*>(&target)) {
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
      return InvalidArgument(path + ": out of range, got " + std::to_string(v));
    }
    **i = static_cast<int>(v);
    return Status::Ok();
  }
  if (v < 0) return InvalidArgument(path + ": must be >= 0, got " + std::to_string(v));
  **std::get_if<uint64_t*>(&target) = static_cast<uint64_t>(v);
  return Status::Ok();
}

Status ApplyTable(const toml::table& table, const std::string& prefix,
                  const std::map<std::string, FieldTarget>& fields) {
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    std::string path = prefix.empty() ? name : prefix + "." + name;
    if (const toml::table* sub = node.as_table()) {
      bool known_section = false;
      for (const auto& [name, target] : fields) {
        if (name.rfind(path + ".", 0) == 0) known_section = true;
      }
      if (!known_section) return InvalidArgument(path + ": unknown section" + Where(node));
      RETURN_IF_ERROR(ApplyTable(*sub, path, fields));
      continue;
    }
    auto it = fields.find(path);
    if (it == fields.end()) return InvalidArgument(path + ": unknown key" + Where(node));
    RETURN_IF_ERROR(SetField(path, node, it->second));
  }
  return Status::Ok();
}

Status CheckRange(std::string_view field, int64_t value, int64_t lo, int64_t hi) {
  if (value >= lo && value <= hi) return Status::Ok();
  return InvalidArgument(std::string(field) + ": must be " + std::to_string(lo) + ".." +
                         std::to_string(hi) + ", got " + std::to_string(value));
}

Status CheckAtLeast(std::string_view field, uint64_t value, uint64_t lo) {
  if (value >= lo) return Status::Ok();
  return InvalidArgument(std::string(field) + ": must be at least " + std::to_string(lo) +
                         ", got " + std::to_string(value));
}

}  // namespace

Status Config::Validate() const {
  if (data_dir.empty()) return InvalidArgument("data_dir: must not be empty");
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok = level_ok || log_level == l;
  if (!level_ok) {
    return InvalidArgument(
        "log_level: must be one of trace, debug, info, warn, error, off, got \"" + log_level +
        "\"");
  }
  if (server.host.empty()) return InvalidArgument("server.host: must not be empty");
  if (server.host.find_first_of(" \t/") != std::string::npos) {
    return InvalidArgument("server.host: must be an IP address or host name, got \"" + server.host +
                           "\"");
  }
  RETURN_IF_ERROR(CheckRange("server.port", server.port, 0, 65535));
  RETURN_IF_ERROR(CheckRange("server.threads", server.threads, 1, 256));
  RETURN_IF_ERROR(CheckRange("server.idle_timeout_seconds", server.idle_timeout_seconds, 1, 86400));
  RETURN_IF_ERROR(
      CheckRange("server.shutdown_grace_seconds", server.shutdown_grace_seconds, 0, 3600));
  RETURN_IF_ERROR(
      CheckRange("limits.max_request_bytes", limits.max_request_bytes, 1024, 1ll << 30));
  RETURN_IF_ERROR(CheckRange("limits.max_upload_bytes", limits.max_upload_bytes, 1024, 1ll << 36));
  RETURN_IF_ERROR(
      CheckRange("limits.max_events_per_batch", limits.max_events_per_batch, 1, 1'000'000));
  RETURN_IF_ERROR(
      CheckRange("limits.max_event_bytes", limits.max_event_bytes, 64, limits.max_request_bytes));
  RETURN_IF_ERROR(
      CheckRange("limits.max_queued_events", limits.max_queued_events, 1, 1'000'000'000));
  RETURN_IF_ERROR(CheckRange("ingest.max_past_days", ingest.max_past_days, 1, 36'500));
  RETURN_IF_ERROR(
      CheckRange("ingest.max_future_seconds", ingest.max_future_seconds, 0, 31ll * 86'400));
  RETURN_IF_ERROR(
      CheckRange("identity.max_ids_per_person", identity.max_ids_per_person, 1, 100'000));
  RETURN_IF_ERROR(CheckRange("query.threads", query.threads, 1, 64));
  RETURN_IF_ERROR(CheckRange("query.cache_mb", query.cache_mb, -1, 1ll << 20));
  RETURN_IF_ERROR(CheckAtLeast("store.memtable_max_rows", store.memtable_max_rows, 1));
  RETURN_IF_ERROR(CheckAtLeast("store.memtable_max_bytes", store.memtable_max_bytes, 4096));
  RETURN_IF_ERROR(CheckAtLeast("store.wal_file_max_bytes", store.wal_file_max_bytes, 4096));
  RETURN_IF_ERROR(CheckRange("store.segment_zstd_level", store.segment_zstd_level, 1, 19));
  RETURN_IF_ERROR(
      CheckAtLeast("store.compaction_trigger_segments", store.compaction_trigger_segments, 2));
  RETURN_IF_ERROR(CheckAtLeast("store.compaction_small_rows", store.compaction_small_rows, 1));
  RETURN_IF_ERROR(CheckAtLeast("store.compaction_max_rows", store.compaction_max_rows, 1));
  RETURN_IF_ERROR(CheckRange("store.dedup_window_days", store.dedup_window_days, 1, 30));
  return Status::Ok();
}

Status ParseConfig(std::string_view toml_text, std::string_view source, Config* config) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream out;
    out << source << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
        << e.description();
    return InvalidArgument(out.str());
  } catch (const std::exception& e) {
    return InvalidArgument(std::string(source) + ": " + e.what());
  }
  Config parsed = *config;
  RETURN_IF_ERROR(ApplyTable(table, "", FieldsOf(&parsed)));
  *config = std::move(parsed);
  return Status::Ok();
}

std::vector<std::string> ConfigFieldNames() {
  Config scratch;
  std::vector<std::string> names;
  for (auto& [name, target] : FieldList(&scratch)) names.push_back(name);
  return names;
}

Status LoadConfig(Env* env, const std::string& path, std::string_view flag_data_dir,
                  std::string_view env_data_dir, Config* config) {
  Config loaded;
  if (!path.empty()) {
    std::string text;
    RETURN_IF_ERROR(ReadFileToString(env, path, &text).WithContext("config"));
    RETURN_IF_ERROR(ParseConfig(text, path, &loaded).WithContext("config " + path));
  }
  if (!flag_data_dir.empty()) {
    loaded.data_dir = std::string(flag_data_dir);
  } else if (!env_data_dir.empty()) {
    loaded.data_dir = std::string(env_data_dir);
  }
  RETURN_IF_ERROR(loaded.Validate());
  *config = std::move(loaded);
  return Status::Ok();
}

}  // namespace growloop
