// FileChunker: cuts one input file into Chunks of about `block_bytes` decompressed bytes that end
// at record boundaries, so that chunks can be parsed independently, in parallel.
//
// JSON Lines: a chunk ends after a line break. CSV: after a line break outside quotes (counted
// from the chunk's start, which is a record start); if there is none in the last
// `max_event_bytes`, after the last line break (the parser will report the broken quoting).
// A record longer than max_event_bytes that would not fit into a chunk is skipped up to its
// next line break and reported as oversize_event by line number.
//
// The first chunk of a CSV file starts after the header row, which is parsed here into the
// CsvSchema shared by all chunks of the file. Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "ingest/import_chunk.h"
#include "ingest/input_file.h"

namespace growloop {

class FileChunker {
 public:
  // `buffer_bytes` is the capacity of each chunk buffer (see BufferBytes).
  FileChunker(std::unique_ptr<InputFile> in, std::string path, size_t block_bytes,
              size_t max_event_bytes);

  // Capacity of the chunk buffers this chunker fills: block + carried partial record + padding.
  static size_t BufferBytes(size_t block_bytes, size_t max_event_bytes) {
    return block_bytes + max_event_bytes + kChunkPadding + 1;
  }

  // Fills the records, lines and format of the next chunk into `chunk` using `buf` (of
  // BufferBytes capacity; ownership moves into the chunk). *done is true (and the chunk not
  // filled) when the file has no more data.
  // Errors: those of InputFile::Read; InvalidArgument for an unusable CSV header.
  Status Next(std::unique_ptr<char[]> buf, Chunk* chunk, bool* done);

  uint64_t raw_bytes_consumed() const { return in_->raw_bytes_consumed(); }

 private:
  Status ReadHeader(char* data, size_t* begin, size_t len);
  Status SkipToNextLine();

  std::unique_ptr<InputFile> in_;
  std::string path_;
  size_t block_bytes_;
  size_t max_event_bytes_;
  bool started_ = false;
  bool eof_ = false;
  InputFormat format_ = InputFormat::kJsonLines;
  std::shared_ptr<const CsvSchema> csv_;
  std::string carry_;          // a partial record at the end of the previous chunk
  uint64_t lines_before_ = 0;  // lines of the header row, for the first chunk
};

// Format of a file: by name (".csv", ".jsonl", ".ndjson", ".json", also followed by ".gz"),
// otherwise by its first non-blank byte ('{' is JSON Lines, anything else CSV).
InputFormat DetectFormat(const std::string& path, std::string_view head);

}  // namespace growloop
