// The body of the import fuzz targets: one fuzzed file through the import's read path (InputFile,
// which inflates gzip; FileChunker; ChunkParser with its RowBuilder), as importer.cc drives it
// minus the threads and the store.
//
// The file is read twice: in blocks of the smallest size the importer allows, and in one large
// block. Where the chunker promises the same records either way (JSON Lines; CSV without quotes,
// whose records are lines), both reads must count, reject and store the same rows.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "ingest/chunk_parser.h"
#include "ingest/file_chunker.h"
#include "ingest/input_file.h"
#include "memory_env.h"
#include "random_batch.h"

namespace growloop::fuzz {

// What an import of one file produced, in a form independent of how it was cut into chunks.
struct ImportResult {
  Status status;
  uint64_t rows = 0;
  uint64_t rejected = 0;
  std::array<uint64_t, kNumRejectReasons> rejected_by_reason{};
  std::vector<std::pair<uint64_t, RejectReason>> first_rejections;  // absolute line, reason
  std::string events;   // every stored row, rendered by testing::RowKey
  bool quotes = false;  // a chunk held a '"'
};

inline void PrintResult(const char* title, const ImportResult& r) {
  std::fprintf(stderr, "%s: %llu rows, %llu stored bytes\n", title,
               static_cast<unsigned long long>(r.rows),
               static_cast<unsigned long long>(r.events.size()));
  for (size_t i = 0; i < kNumRejectReasons; ++i) {
    if (r.rejected_by_reason[i] == 0) continue;
    std::fprintf(stderr, "  %s: %llu\n",
                 std::string(RejectReasonName(static_cast<RejectReason>(i))).c_str(),
                 static_cast<unsigned long long>(r.rejected_by_reason[i]));
  }
  for (const auto& [line, reason] : r.first_rejections) {
    std::fprintf(stderr, "  line %llu: %s\n", static_cast<unsigned long long>(line),
                 std::string(RejectReasonName(reason)).c_str());
  }
}

inline ImportResult ImportOnce(Env* env, const std::string& path, const ImportOptions& options,
                               int64_t max_ts_us, size_t block_bytes) {
  ImportResult result;
  std::unique_ptr<InputFile> in;
  result.status = InputFile::Open(env, path, &in);
  if (!result.status.ok()) return result;
  FileChunker chunker(std::move(in), path, block_bytes, options.limits.max_event_bytes);
  ChunkParser parser(options, max_ts_us);  // one parser for every chunk, as a parser thread has
  const size_t buffer_bytes = FileChunker::BufferBytes(block_bytes, options.limits.max_event_bytes);
  uint64_t line_base = 1;
  while (true) {
    Chunk chunk;
    bool done = false;
    result.status = chunker.Next(std::unique_ptr<char[]>(new char[buffer_bytes]), &chunk, &done);
    if (!result.status.ok() || done) return result;
    FUZZ_CHECK(chunk.begin <= chunk.end && chunk.end + kChunkPadding <= buffer_bytes);
    const char* begin = chunk.buf.get() + chunk.begin;
    const char* end = chunk.buf.get() + chunk.end;
    result.quotes |= std::memchr(begin, '"', chunk.end - chunk.begin) != nullptr;
    const auto newlines = static_cast<uint64_t>(std::count(begin, end, '\n'));
    ParseOutput out;
    parser.Parse(chunk, &out);

    uint64_t stored = 0, by_reason = 0;
    for (const EventBatch& b : out.batches) {
      FUZZ_CHECK(b.rows() > 0 && b.rows() <= options.batch_rows);
      stored += b.rows();
      for (size_t r = 0; r < b.rows(); ++r) {
        FUZZ_CHECK(!b.id(r).empty() && !b.event(r).empty());
        FUZZ_CHECK(b.ts(r) >= options.limits.min_ts_us && b.ts(r) <= max_ts_us);
        FUZZ_CHECK(b.received(r) == options.received_us);
        result.events += testing::RowKey(b, r) + '\n';
      }
    }
    for (uint64_t n : out.rejected_by_reason) by_reason += n;
    FUZZ_CHECK(stored + out.rejected == out.rows);
    FUZZ_CHECK(by_reason == out.rejected);
    FUZZ_CHECK(out.rejections.size() <= out.rejected &&
               out.rejections.size() <= options.max_listed_rejections);
    FUZZ_CHECK(out.lines == newlines + (chunk.oversize_tail ? 1 : 0));

    result.rows += out.rows;
    result.rejected += out.rejected;
    for (size_t i = 0; i < kNumRejectReasons; ++i) {
      result.rejected_by_reason[i] += out.rejected_by_reason[i];
    }
    line_base += chunk.lines_before;
    for (const ParseOutput::Reject& rej : out.rejections) {
      FUZZ_CHECK(rej.line <= out.lines);
      if (result.first_rejections.size() < options.max_listed_rejections) {
        result.first_rejections.emplace_back(line_base + rej.line, rej.reason);
      }
    }
    line_base += out.lines;
  }
}

// Imports `data` as the file `name`, whose extension sets the format.
inline int FuzzImport(const char* name, bool csv, const uint8_t* data, size_t size) {
  ImportOptions options;
  // Small limits so that small inputs reach every refusal and span several chunks.
  options.limits.max_event_bytes = 256;
  options.limits.max_property_bytes = 64;
  options.limits.max_properties = 16;
  options.received_us = 1'795'392'000'000'000;  // 2026-11-23, after every seed's events
  options.batch_rows = 4;
  options.max_listed_rejections = 8;
  const int64_t max_ts_us = options.received_us + 86'400'000'000;
  // The smallest block ImportFiles allows (it raises smaller ones to this).
  const size_t small_block = 4 * options.limits.max_event_bytes + 4096;

  const std::string file = std::string("/fuzz/") + name;
  MemoryFileEnv env(file, std::string_view(reinterpret_cast<const char*>(data), size));
  ImportResult small = ImportOnce(&env, file, options, max_ts_us, small_block);
  ImportResult large = ImportOnce(&env, file, options, max_ts_us, 1u << 16);
  if (!small.status.ok() || !large.status.ok()) return 0;  // e.g. a header longer than a block
  // A quoted CSV field may hold line breaks; where the chunker cuts broken quoting is a guess.
  if (csv && (small.quotes || large.quotes)) return 0;
  if (small.rows != large.rows || small.rejected_by_reason != large.rejected_by_reason ||
      small.first_rejections != large.first_rejections || small.events != large.events) {
    PrintResult("small blocks", small);
    PrintResult("one block", large);
  }
  FUZZ_CHECK(small.rows == large.rows);
  FUZZ_CHECK(small.rejected_by_reason == large.rejected_by_reason);
  FUZZ_CHECK(small.first_rejections == large.first_rejections);
  FUZZ_CHECK(small.events == large.events);
  return 0;
}

}  // namespace growloop::fuzz
