// Fuzzes ReadWalFile on fuzzed WAL files, with each record's payload decoded as recovery does
// (BatchCodec::Decode). Before reading, the harness rewrites the checksum of every complete
// record (docs/formats/wal.md), so mutations reach the LZ4 and batch decoders instead of stopping
// at a mismatch; the mismatch path itself is covered by the unit tests of torn tails.
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/coding.h"
#include "event/batch_codec.h"
#include "fuzz_check.h"
#include "memory_env.h"
#include "storage/wal.h"

namespace {

void FixChecksums(std::string* file) {
  size_t offset = 0;
  while (file->size() - offset >= growloop::kWalHeaderSize) {
    char* header = file->data() + offset;
    const uint32_t stored_len = growloop::DecodeFixed32(header);
    if (file->size() - offset - growloop::kWalHeaderSize < stored_len) break;
    // XXH3-64 over header bytes 8..23 and the payload, which follow each other in the file.
    const auto sum =
        static_cast<uint32_t>(XXH3_64bits(header + 8, growloop::kWalHeaderSize - 8 + stored_len));
    std::memcpy(header + 4, &sum, 4);
    offset += growloop::kWalHeaderSize + stored_len;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string file(reinterpret_cast<const char*>(data), size);
  FixChecksums(&file);
  const std::string path = "/fuzz/wal/000001.log";
  growloop::fuzz::MemoryFileEnv env(path, file);
  uint64_t records = 0, last_lsn = 0;
  growloop::WalReadResult result;
  growloop::Status s = growloop::ReadWalFile(
      &env, path,
      [&](uint64_t lsn, uint8_t type, std::string_view payload) -> growloop::Status {
        ++records;
        last_lsn = lsn;
        if (type != growloop::kWalRecordEventBatch) return growloop::Status::Ok();
        growloop::EventBatch batch;
        return growloop::BatchCodec::Decode(payload, &batch);
      },
      &result);
  FUZZ_CHECK(result.valid_bytes <= size);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == growloop::ErrorCode::kCorruption);
    return 0;
  }
  FUZZ_CHECK(result.records == records && result.last_lsn == last_lsn);
  FUZZ_CHECK(result.torn_tail == (result.valid_bytes != size));
  return 0;
}
