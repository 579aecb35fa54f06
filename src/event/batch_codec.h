// BatchCodec: the binary encoding of an EventBatch used as the payload of write-ahead-log records
// (docs/formats/wal.md, "batch payload"). Encoding is a few memcpys per column; decoding checks
// every length against the input and returns Corruption instead of reading past it.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "event/event_batch.h"

namespace growloop {

class BatchCodec {
 public:
  // Appends the encoding of `batch` to *out.
  static void Encode(const EventBatch& batch, std::string* out);
  // Replaces *batch with the batch encoded in `data`.
  static Status Decode(std::string_view data, EventBatch* batch);

 private:
  static void EncodeStrings(const StringColumn& col, std::string* out);
  static bool DecodeStrings(class ByteReader* in, size_t rows, StringColumn* col);
};

}  // namespace growloop
