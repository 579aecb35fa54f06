// Growloop's built-in demo and test data: a deterministic simulation of the behaviour events of
// an e-commerce app (ad touches, installs, signups, shopping sessions, messages, support
// tickets, churn and a checkout experiment). `growloop demo-data` and `make run` use it to create
// the demo data set; tests use it for realistic input. docs/demo-data.md describes the model,
// the options and the columns.
//
// Determinism: the same DemoOptions give byte-identical output on the same build and platform
// (fixed-seed generator, fixed iteration order). Events come out sorted by (ts, event_id).
//
// Memory: about 100 bytes per person plus one simulated day of events, so a million persons fit
// in a few hundred MB.
//
// Thread-safety: the functions below keep no global state; concurrent calls are independent.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "env/env.h"

namespace growloop {

struct DemoOptions {
  uint64_t users = 20000;          // persons simulated (each one anonymous id); 1 .. 10,000,000
  int days = 30;                   // length of the window in days; 1 .. 1830
  uint64_t seed = 42;              // any value; a different seed gives a different data set
  std::string start = "2026-01-01";  // first day of the window (UTC), YYYY-MM-DD, 1970 .. 9999
  uint32_t items = 5000;           // catalogue size; 16 .. 1,000,000
  double experiment_lift = 0.05;   // true relative lift of checkout_v2's purchase rate; -0.5 .. 1
  // Day index (0-based) from which checkout_v2 runs; -1 means days / 4.
  int experiment_start_day = -1;
};

// Checks the ranges documented on DemoOptions; InvalidArgument names the bad field.
Status ValidateDemoOptions(const DemoOptions& options);

inline constexpr int kDemoEventNameCount = 14;

struct DemoSummary {
  uint64_t events = 0;             // rows written
  uint64_t persons = 0;            // persons with at least one row
  uint64_t signed_up_persons = 0;  // persons with a user_id on at least one row
  int64_t first_ts_ms = 0;         // ts of the first and last row (ms since the epoch); 0 if none
  int64_t last_ts_ms = 0;
  // Rows per event name, in the order of DemoEventNames().
  std::array<uint64_t, kDemoEventNameCount> events_by_name{};

  // Rows of one event name (0 for an unknown name).
  uint64_t EventsNamed(std::string_view name) const;
};

// The event names the generator emits, in a fixed order.
const std::array<std::string_view, kDemoEventNameCount>& DemoEventNames();

// One generated row. The views point into the generator's buffers and static tables and are
// valid only during the callback that receives the row. Empty view = empty column.
struct DemoEvent {
  std::string_view event_id;      // UUIDv7 layout, unique, first 48 bits are ts_ms
  int64_t ts_ms = 0;              // ms since the Unix epoch, UTC
  std::string_view ts;            // ISO-8601, e.g. 2026-01-01T00:00:06.807Z
  std::string_view user_id;       // empty until the person signs up
  std::string_view anonymous_id;  // 16 hex digits, fixed per person
  std::string_view event;
  std::string_view channel;
  std::string_view campaign;
  std::string_view platform;
  std::string_view city;
  std::string_view item_id;
  std::string_view category;
  bool has_amount = false;        // true on purchase rows only
  int64_t amount_fen = 0;         // order total in fen (1/100 CNY) when has_amount
  std::string_view experiment;
  std::string_view variant;
};

// Runs the simulation and hands every row, in output order, to `sink`. Stops at and returns the
// first error of `sink`. Returns InvalidArgument for bad options. Fills *summary when non-null.
Status GenerateDemoEvents(const DemoOptions& options,
                          const std::function<Status(const DemoEvent&)>& sink,
                          DemoSummary* summary);

enum class DemoFileFormat { kCsv, kJsonl };

struct DemoOutputKind {
  DemoFileFormat format = DemoFileFormat::kCsv;
  bool gzip = false;
};

// The format a path asks for: *.csv, *.jsonl (also *.json), optionally followed by .gz.
// InvalidArgument for any other extension.
StatusOr<DemoOutputKind> DemoOutputKindForPath(std::string_view path);

// The column names, in output order (the CSV header).
const std::array<std::string_view, 14>& DemoColumns();

// Renders the rows as text (CSV with a header line, or one JSON object per line; gzip-compressed
// when kind.gzip) and passes it to `write` in chunks of about 1 MiB. For stdout and tests.
Status WriteDemoText(const DemoOptions& options, DemoOutputKind kind,
                     const std::function<Status(std::string_view)>& write, DemoSummary* summary);

// Writes the demo data set to `path`, format from the extension (see DemoOutputKindForPath).
// The file appears complete or not at all: rows go to "<path>.tmp", which is synced and renamed
// over `path` at the end (and deleted on error). Errors: InvalidArgument (options, extension),
// IoError / NoSpace from `env`.
Status WriteDemoData(Env* env, const DemoOptions& options, const std::string& path,
                     DemoSummary* summary);

}  // namespace growloop
