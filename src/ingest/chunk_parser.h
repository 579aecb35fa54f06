// ChunkParser: one parser thread's state (a RowBuilder, the CSV and JSON parsers over it) and
// the entry point that turns a Chunk into a ParsedChunk. Not thread-safe; one per thread.
#pragma once

#include "ingest/csv_chunk_parser.h"
#include "ingest/import_chunk.h"
#include "ingest/importer.h"
#include "ingest/json_chunk_parser.h"
#include "ingest/row_builder.h"

namespace growloop {

class ChunkParser {
 public:
  // `max_ts_us` is the resolved upper time bound.
  ChunkParser(const ImportOptions& options, int64_t max_ts_us);

  // Parses every record of `chunk` into out->batches (each at most batch_rows rows), counting
  // rows and rejections. Never fails: problems are rejections.
  void Parse(const Chunk& chunk, ParseOutput* out);

 private:
  const ImportOptions options_;
  RowBuilder builder_;
  CsvChunkParser csv_;
  JsonChunkParser json_;
};

}  // namespace growloop
