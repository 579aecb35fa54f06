// The units that move through the import pipeline: a Chunk is a block of one file cut at a
// record boundary (reader thread -> parser threads); a ParsedChunk is what a parser made of it
// (parser threads -> the sink thread). Internal to the ingest folder.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "event/event_batch.h"
#include "ingest/reject_reason.h"
#include "ingest/row_builder.h"

namespace growloop {

enum class InputFormat { kCsv, kJsonLines };

// The header row of one CSV file: a column name and its core role per column.
struct CsvSchema {
  std::vector<std::string> names;
  std::vector<CoreRole> roles;
};

struct Chunk {
  uint64_t seq = 0;
  size_t file_index = 0;
  InputFormat format = InputFormat::kJsonLines;
  std::shared_ptr<const CsvSchema> csv;
  // Records are buf[begin, end). At least kChunkPadding readable bytes follow `end` (simdjson
  // reads past the end of a document).
  std::unique_ptr<char[]> buf;
  size_t begin = 0;
  size_t end = 0;
  // Line numbers are counted by the parsers, relative to the chunk, and made absolute by the
  // sink thread, which sees the chunks of a file in order. That keeps a counting pass out of
  // the reader thread. `lines_before`: lines (the CSV header) between the previous chunk and
  // this one.
  uint64_t lines_before = 0;
  // The line after this chunk's records was longer than max_event_bytes and skipped by the
  // reader: it is one row, rejected as oversize_event.
  bool oversize_tail = false;
  uint64_t raw_bytes_done = 0;  // bytes of all files consumed when this chunk was cut
  Status error;                 // the reader stopped here
  bool last = false;            // no chunk follows
};

inline constexpr size_t kChunkPadding = 64;

// Rows rejected in one chunk and the counts by reason.
struct ParseOutput {
  struct Reject {
    uint64_t line;
    RejectReason reason;
    std::string message;
  };
  std::vector<EventBatch> batches;
  uint64_t rows = 0;
  uint64_t lines = 0;  // line breaks in the chunk; rejection lines are 0-based from its start
  uint64_t rejected = 0;
  std::array<uint64_t, kNumRejectReasons> rejected_by_reason{};
  std::vector<Reject> rejections;  // the first `max_listed` only
  size_t max_listed = 100;

  bool WantMessage() const { return rejections.size() < max_listed; }
  void AddReject(uint64_t line, RejectReason reason, std::string message) {
    ++rejected;
    ++rejected_by_reason[static_cast<size_t>(reason)];
    if (WantMessage()) rejections.push_back({line, reason, std::move(message)});
  }
};

struct ParsedChunk {
  uint64_t seq = 0;
  size_t file_index = 0;
  ParseOutput out;
  uint64_t raw_bytes_done = 0;
  uint64_t lines_before = 0;
  bool oversize_tail = false;
  Status error;
  bool last = false;
};

}  // namespace growloop
