// Fuzzes SegmentReader::Open and ReadBatch on fuzzed segment files. Before reading, the harness
// rewrites the checksums the file carries (each column's, then the footer's; layout in
// docs/formats/segment.md) wherever the footer is readable, so that mutations reach the footer,
// decompression and column decoders instead of stopping at a mismatch.
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "common/coding.h"
#include "fuzz_check.h"
#include "memory_env.h"
#include "storage/segment.h"

namespace {

constexpr size_t kTrailerSize = 24;  // footer offset (8), length (4), checksum (4), magic (8)

// Rewrites the checksum of each column whose bytes lie in the file, following the footer
// layout as far as it parses. Mirrors DecodeFooter in segment.cc, version 1.
void FixColumnChecksums(std::string* file, size_t footer_offset, size_t footer_len) {
  std::string_view footer(file->data() + footer_offset, footer_len);
  growloop::ByteReader in(footer);
  uint64_t version, rows, min_ts, max_ts, day, ncols;
  if (!in.Varint(&version) || !in.Varint(&rows) || !in.Fixed64(&min_ts) || !in.Fixed64(&max_ts) ||
      !in.Varint(&day) || !in.Varint(&ncols)) {
    return;
  }
  for (uint64_t c = 0; c < ncols; ++c) {
    std::string_view name, flags, has_range;
    uint64_t offset, stored, raw, nulls, checksum;
    if (!in.LengthPrefixed(&name) || !in.Bytes(3, &flags) || !in.Varint(&offset) ||
        !in.Varint(&stored) || !in.Varint(&raw) || !in.Varint(&nulls)) {
      return;
    }
    const size_t checksum_at = footer_offset + static_cast<size_t>(in.pos() - footer.data());
    if (!in.Fixed64(&checksum) || !in.Bytes(1, &has_range)) return;
    if (offset <= footer_offset && stored <= footer_offset - offset) {
      const uint64_t sum = XXH3_64bits(file->data() + offset, stored);
      std::memcpy(file->data() + checksum_at, &sum, 8);
    }
    std::string_view range;
    if (has_range[0] != 0 && !in.Bytes(16, &range)) return;
  }
}

void FixChecksums(std::string* file) {
  if (file->size() < kTrailerSize) return;
  char* trailer = file->data() + file->size() - kTrailerSize;
  const uint64_t footer_offset = growloop::DecodeFixed64(trailer);
  const uint32_t footer_len = growloop::DecodeFixed32(trailer + 8);
  if (footer_offset > file->size() - kTrailerSize ||
      footer_len != file->size() - kTrailerSize - footer_offset) {
    return;
  }
  FixColumnChecksums(file, footer_offset, footer_len);
  const auto sum = static_cast<uint32_t>(XXH3_64bits(file->data() + footer_offset, footer_len));
  std::memcpy(trailer + 12, &sum, 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string file(reinterpret_cast<const char*>(data), size);
  FixChecksums(&file);
  const std::string path = "/fuzz/segments/000001.seg";
  growloop::fuzz::MemoryFileEnv env(path, file);
  std::unique_ptr<growloop::SegmentReader> reader;
  growloop::Status s = growloop::SegmentReader::Open(&env, path, &reader);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == growloop::ErrorCode::kCorruption);
    return 0;
  }
  growloop::EventBatch batch;
  s = reader->ReadBatch(&batch);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == growloop::ErrorCode::kCorruption);
    return 0;
  }
  FUZZ_CHECK(batch.rows() == reader->footer().rows);
  return 0;
}
