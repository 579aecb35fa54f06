// Config: Growloop's typed configuration, read from a TOML file. Every field has a default
// (docs/config.md lists them all; growloop.example.toml shows them in a file), and Validate()
// checks every value at start-up so that a bad one stops the server with a message naming the
// field, e.g. "server.port: must be 0..65535, got 70000".
//
// Plain values; copy freely. Not synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/event_store.h"

namespace growloop {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int64_t port = 8080;  // 0 picks a free port
  // I/O threads that also run the handlers. Capture handlers wait for the WAL fsync; the
  // requests waiting at once share one fsync, so more threads than cores raise the rate.
  int64_t threads = 16;
  // false: reads without a key are accepted from loopback clients only (local demo).
  // true: every read needs `Authorization: Bearer <secret key>`.
  bool require_auth = false;
  int64_t idle_timeout_seconds = 60;    // keep-alive connections idle this long are closed
  int64_t shutdown_grace_seconds = 10;  // Stop() waits this long for requests in flight
  // The built web console served at "/"; empty: `console/` beside the binary, else
  // `../share/growloop/console` from it (ConsoleFiles::DefaultDir).
  std::string console_dir;
};

struct LimitsConfig {
  int64_t max_request_bytes = 20ll << 20;  // after decompression
  int64_t max_upload_bytes = 4ll << 30;  // POST /api/v1/import: a file uploaded whole
  int64_t max_events_per_batch = 10'000;
  int64_t max_event_bytes = 256ll << 10;
  // Events being decoded or stored at once over the capture endpoints; more get 429.
  int64_t max_queued_events = 200'000;
};

struct IngestConfig {
  // Events whose timestamp is further from the time received are rejected.
  int64_t max_past_days = 3650;
  int64_t max_future_seconds = 86'400;
};

struct IdentityConfig {
  // Merges that would give a person more distinct ids than this are refused (1..100000).
  int64_t max_ids_per_person = 100;
};

struct QueryConfig {
  // Threads one query scans with (1..64).
  int64_t threads = 2;
  // Decoded events kept between queries, per project, in MiB (0..1048576; -1: a quarter of the
  // machine's memory). A query decodes the days it reads; past this budget the least recently
  // used days are dropped and decoded again when next read.
  int64_t cache_mb = -1;
};

struct Config {
  std::string data_dir = "data";
  std::string log_level = "info";  // trace, debug, info, warn, error, off
  ServerConfig server;
  LimitsConfig limits;
  IngestConfig ingest;
  IdentityConfig identity;
  QueryConfig query;
  StoreOptions store;

  // Checks every field; InvalidArgument naming the first bad one.
  Status Validate() const;
};

// Parses TOML text over the defaults. Unknown keys and wrong types are InvalidArgument naming
// the key ("server.prot: unknown key"); `source` (a file name) prefixes syntax errors. Does not
// call Validate().
Status ParseConfig(std::string_view toml, std::string_view source, Config* config);

// Dotted names of every field a config file may set ("server.port", ...), in file order.
std::vector<std::string> ConfigFieldNames();

// Reads and parses `path`, applies the data-dir overrides, then validates. Precedence of the
// data directory: `flag_data_dir` (--data-dir), then `env_data_dir` ($GROWLOOP_DATA_DIR), then
// the file, then the default; empty strings mean "not given". An empty `path` means no file.
Status LoadConfig(Env* env, const std::string& path, std::string_view flag_data_dir,
                  std::string_view env_data_dir, Config* config);

}  // namespace growloop
