// JsonChunkParser: turns the lines of one JSON Lines chunk into events through a RowBuilder.
// Each line is one object in one of three flavours, told apart per row: the flat rows of the
// demo/benchmark generator, Segment-spec calls, and Growloop's native rows. Nested objects are
// flattened into dotted property names; arrays are kept as their JSON text.
// The mapping is specified in docs/formats/import.md ("JSON Lines").
//
// Not thread-safe; one per parser thread.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ingest/import_chunk.h"
#include "ingest/row_builder.h"

namespace growloop {

class JsonChunkParser {
 public:
  JsonChunkParser(const ImportLimits& limits, RowBuilder* builder)
      : limits_(limits), builder_(builder) {}

  // `chunk.buf` must have kChunkPadding readable bytes after chunk.end (simdjson's padding).
  void Parse(const Chunk& chunk, ParseOutput* out);

 private:
  struct RowError {
    RejectReason reason;
    std::string message;
  };
  // Parses one line (capacity: readable bytes from its start). False with *error on rejection.
  bool ParseRow(std::string_view row, size_t capacity, bool want_message, RowError* error);
  bool AddValue(PropertyKey* key, simdjson::ondemand::value value, simdjson::ondemand::json_type t,
                int depth, bool want_message, RowError* error);
  bool Flatten(simdjson::ondemand::object object, int depth, bool want_message, RowError* error);
  // The key of the property named path_, found through the shape of the previous row first.
  PropertyKey* KeyForPath();

  const ImportLimits limits_;
  RowBuilder* builder_;
  simdjson::ondemand::parser parser_;
  PropertyKeyCache keys_;
  // Keys in the order the previous row used them: rows of one file usually repeat their key
  // order, so comparing with the key at the same position avoids most hash lookups.
  std::vector<PropertyKey*> shape_;
  size_t shape_pos_ = 0;
  std::string path_;
  std::string message_;
};

}  // namespace growloop
