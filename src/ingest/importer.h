// Bulk import of event files (JSON Lines and CSV, optionally gzip-compressed) into EventBatches.
//
// Start here. ImportFiles() reads every file in order, turns each good row into one event of the
// event model (docs/event-model.md), and hands the events to a caller-supplied sink in batches,
// in file order, from the calling thread. Bad rows are rejected one by one with a stable reason
// code and their line number; the rest of the file still loads. The accepted input formats and
// the mapping of their fields are specified in docs/formats/import.md.
//
// Pipeline: one reader thread (file reads and gzip inflation, cut into blocks at record
// boundaries), `parse_threads` parser threads, and the caller's thread calling the sink. Queues
// are bounded, so memory stays bounded whatever the input size (about
// (2 * parse_threads + 2) × 3 × block_bytes at most).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "env/env.h"
#include "event/event_batch.h"
#include "storage/event_store.h"

namespace growloop {

// Per-event limits. A row that breaks one is rejected with the reason named beside the limit.
struct ImportLimits {
  size_t max_event_bytes = 32 * 1024;    // oversize_event: bytes of the raw row (line/record)
  size_t max_property_bytes = 8 * 1024;  // oversize_property: bytes of one property value
  size_t max_properties = 512;           // too_many_properties: after flattening
  // timestamp_out_of_range: an event time must lie in [min_ts_us, max_ts_us]. max_ts_us = 0
  // means "the import time (received_us) plus one day".
  int64_t min_ts_us = 946'684'800'000'000;  // 2000-01-01T00:00:00Z
  int64_t max_ts_us = 0;
};

struct ImportOptions {
  ImportLimits limits;
  // The time the events are received, µs UTC; stored as every event's `received` field.
  int64_t received_us = 0;
  // Redraw one progress line on stderr about 4 times a second, only when stderr is a terminal.
  bool show_progress = false;
  // Upper bound of rows per batch handed to the sink.
  size_t batch_rows = 65536;
  // Bytes read (after decompression) per block; each block is parsed by one parser thread.
  size_t block_bytes = 8u << 20;
  // Parser threads; 0 picks min(4, hardware threads).
  int parse_threads = 0;
  // Keep at most this many rejections with their messages (all are counted by reason).
  size_t max_listed_rejections = 100;
};

// One rejected row. `line` is the 1-based physical line where the row starts.
struct Rejection {
  std::string file;
  uint64_t line = 0;
  std::string reason;   // stable code, see RejectReason in reject_reason.h
  std::string message;  // what was wrong, for people
};

struct ImportSummary {
  uint64_t files = 0;
  uint64_t rows_read = 0;  // data rows seen: blank lines and CSV header rows are not rows
  uint64_t accepted = 0;   // stored by the sink
  uint64_t duplicates = 0; // dropped by the sink as already stored (same id, same UTC day)
  uint64_t rejected = 0;   // rows_read == accepted + duplicates + rejected when the import ends Ok
  std::map<std::string, uint64_t> rejected_by_reason;
  std::vector<Rejection> first_rejections;  // the first max_listed_rejections, in file order
  uint64_t bytes_read = 0;                  // bytes of the files as stored (compressed for .gz)
  double seconds = 0;
};

// Receives each batch (by move) and reports how many events it stored and how many it dropped as
// duplicates. Called from the thread that called ImportFiles, in file order. A non-Ok status stops
// the import and is returned by ImportFiles.
using EventSink = std::function<Status(EventBatch batch, AppendResult* result)>;

// Imports `paths` in order through `sink`. The summary is filled in also when an error stops the
// import (it then covers what was handed to the sink before the error).
//
// Errors (only for problems that stop the import; bad rows are in the summary):
//   NotFound / IoError  a file is missing or unreadable (checked for all files before any import)
//   Corruption          a gzip stream is damaged or truncated
//   InvalidArgument     a CSV file whose header row is unusable (empty or duplicate column names)
//   whatever the sink returns (e.g. NoSpace).
// `env` must outlive the call. Thread-safety: may be called from any thread; the sink is never
// called concurrently with itself.
Status ImportFiles(Env* env, const std::vector<std::string>& paths, const ImportOptions& options,
                   const EventSink& sink, ImportSummary* summary);

// Human-readable multi-line report: totals, counts per reason and the listed rejections.
std::string RenderImportSummaryText(const ImportSummary& summary);

// The same as JSON: {"files","rows_read","accepted","duplicates","rejected","rejected_by_reason",
// "first_rejections":[{"file","line","reason","message"}],"bytes_read","seconds"}.
nlohmann::json ImportSummaryToJson(const ImportSummary& summary);

}  // namespace growloop
