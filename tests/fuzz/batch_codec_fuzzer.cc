// Fuzzes BatchCodec::Decode, the payload of WAL records: any bytes decode or are refused as
// Corruption, and a decoded batch survives an encode/decode round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "event/batch_codec.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  growloop::EventBatch batch;
  growloop::Status s = growloop::BatchCodec::Decode(
      std::string_view(reinterpret_cast<const char*>(data), size), &batch);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == growloop::ErrorCode::kCorruption);
    return 0;
  }
  // The input may spell a varint in more bytes than needed, so compare re-encodings.
  std::string once, twice;
  growloop::BatchCodec::Encode(batch, &once);
  FUZZ_CHECK(once.size() <= size);
  growloop::EventBatch again;
  FUZZ_CHECK(growloop::BatchCodec::Decode(once, &again).ok());
  growloop::BatchCodec::Encode(again, &twice);
  FUZZ_CHECK(once == twice);
  FUZZ_CHECK(batch.ByteSize() == again.ByteSize());
  return 0;
}
