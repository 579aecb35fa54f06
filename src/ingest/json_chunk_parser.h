// JsonChunkParser: turns the lines of one JSON Lines chunk into events through a RowBuilder.
// Each line is one object in one of three flavours, told apart per row: the flat rows of the
// demo/benchmark generator, Segment-spec calls, and Growloop's native rows. Nested objects are
// flattened into dotted property names; arrays are kept as their JSON text.
// The mapping is specified in docs/formats/import.md ("JSON Lines").
//
// The same row parser reads one message of an SDK's wire format (ParseObject with a dialect),
// so capture and import validate and flatten events identically (docs/capture.md).
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

// The field names one JSON object is read with.
enum class JsonDialect : uint8_t {
  kImport,     // import rows and Segment/RudderStack calls (docs/formats/import.md)
  kPostHog,    // {event, distinct_id, uuid, timestamp, properties}
  kMixpanel,   // {event, properties: {distinct_id, time, $insert_id, $device_id, $user_id, token}}
  kAmplitude,  // {event_type, user_id, device_id, time, insert_id, event_properties}
  kSensors,    // {type, event, time, distinct_id, original_id, _track_id, properties}
};

class JsonChunkParser {
 public:
  JsonChunkParser(const ImportLimits& limits, RowBuilder* builder,
                  JsonDialect dialect = JsonDialect::kImport);

  // `chunk.buf` must have kChunkPadding readable bytes after chunk.end (simdjson's padding).
  void Parse(const Chunk& chunk, ParseOutput* out);

  struct RowError {
    RejectReason reason;
    std::string message;
  };
  enum class Outcome {
    kRow,        // the builder holds a row, ready for Commit()
    kRejected,   // *error says why
    kNotAnEvent  // a message that is valid but stores no event (e.g. a Sensors profile update)
  };
  // Parses one JSON object `text` into the builder's open row. `capacity` is the number of
  // readable bytes from text's start (at least text.size() + SIMDJSON_PADDING). Rows without a
  // timestamp get `default_ts_us` when it is non-zero.
  Outcome ParseObject(std::string_view text, size_t capacity, bool want_message,
                      int64_t default_ts_us, RowError* error);
  // The first credential (a skipped key such as PostHog's api_key or Mixpanel's token) seen by
  // ParseObject, or empty.
  const std::string& credential() const { return credential_; }

 private:
  // Parses one line (capacity: readable bytes from its start). False with *error on rejection.
  bool ParseRow(std::string_view row, size_t capacity, bool want_message, RowError* error);
  bool AddValue(PropertyKey* key, simdjson::ondemand::value value, simdjson::ondemand::json_type t,
                int depth, bool want_message, RowError* error);
  bool Flatten(simdjson::ondemand::object object, int depth, bool want_message, RowError* error);
  // Sets core field `role` (named `name` in the input) from `value`.
  bool ApplyCore(CoreRole role, std::string_view name, simdjson::ondemand::value value,
                 simdjson::ondemand::json_type t, bool want_message, RowError* error);
  // The key of the property named path_, found through the shape of the previous row first.
  PropertyKey* KeyForPath();

  const ImportLimits limits_;
  RowBuilder* builder_;
  const JsonDialect dialect_;
  // Set by ParseRow for dialects with non-event messages, and parts of Sensors' generated id.
  bool not_an_event_ = false;
  std::string track_id_, sensors_distinct_, sensors_time_, sensors_event_, id_scratch_, credential_;
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
