// Writes the seed corpora of the binary formats with Growloop's own writers: event batch
// payloads (batch_codec), WAL files (wal) and segment files (segment). Run by make_seeds.py;
// the output is committed, so this runs only when a format changes.
//
//   growloop_fuzz_seeds <corpus dir>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "env/env.h"
#include "event/batch_codec.h"
#include "random_batch.h"
#include "storage/segment.h"
#include "storage/wal.h"

namespace growloop {
namespace {

// Small batches of one UTC day with up to `props` property columns, rows sorted by
// (distinct id, time) as segments require.
EventBatch SeedBatch(uint64_t seed, size_t rows, size_t props) {
  testing::RandomBatchGenerator gen(seed);
  testing::RandomBatchOptions o;
  o.rows = rows;
  o.days = 1;
  o.max_properties = props;
  EventBatch b = gen.Next(o);
  std::vector<uint32_t> order(b.rows());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (b.distinct_id(x) != b.distinct_id(y)) return b.distinct_id(x) < b.distinct_id(y);
    return b.ts(x) < b.ts(y);
  });
  return b.Permute(order);
}

Status WriteSeeds(const std::string& root) {
  Env* env = Env::Default();
  const std::string batches = JoinPath(root, "batch_codec");
  const std::string wals = JoinPath(root, "wal");
  const std::string segments = JoinPath(root, "segment");
  for (const std::string& d : {batches, wals, segments}) RETURN_IF_ERROR(env->CreateDirs(d));

  const struct { size_t rows, props; } shapes[] = {{0, 0}, {1, 0}, {1, 3}, {3, 2}, {8, 4}, {20, 6}};
  uint64_t seed = 1;
  for (const auto& shape : shapes) {
    std::string payload;
    BatchCodec::Encode(SeedBatch(seed++, shape.rows, shape.props), &payload);
    RETURN_IF_ERROR(WriteFileAtomic(env,
                                    JoinPath(batches, "rows" + std::to_string(shape.rows) +
                                                          "_props" + std::to_string(shape.props)),
                                    payload));
  }

  // WAL files of one, two and three records, plain and LZ4, and a record of another type.
  const struct {
    const char* name;
    std::vector<WalCompression> records;
  } wal_files[] = {
      {"one_plain", {WalCompression::kNone}},
      {"one_lz4", {WalCompression::kLz4}},
      {"two_lz4", {WalCompression::kLz4, WalCompression::kLz4}},
      {"three_mixed", {WalCompression::kNone, WalCompression::kLz4, WalCompression::kNone}}};
  for (const auto& f : wal_files) {
    const std::string path = JoinPath(wals, f.name);
    if (env->FileExists(path)) RETURN_IF_ERROR(env->DeleteFile(path));
    std::unique_ptr<WalWriter> w;
    RETURN_IF_ERROR(WalWriter::Open(env, path, &w));
    uint64_t lsn = 41;
    for (WalCompression c : f.records) {
      std::string payload;
      BatchCodec::Encode(SeedBatch(seed++, 1 + lsn % 5, 3), &payload);
      RETURN_IF_ERROR(w->AddRecord(++lsn, kWalRecordEventBatch, payload, c));
    }
    if (f.records.size() == 3)
      RETURN_IF_ERROR(w->AddRecord(++lsn, 7, "other", WalCompression::kNone));
    RETURN_IF_ERROR(w->Sync());
    RETURN_IF_ERROR(w->Close());
  }

  // Segments in each compression, small enough that mutations often hit every column.
  const struct {
    const char* name;
    SegmentCompression compression;
    size_t rows, props;
  } segment_files[] = {{"zstd_1row", SegmentCompression::kZstd, 1, 1},
                       {"zstd_12rows", SegmentCompression::kZstd, 12, 5},
                       {"lz4_6rows", SegmentCompression::kLz4, 6, 4},
                       {"none_4rows", SegmentCompression::kNone, 4, 4}};
  for (const auto& f : segment_files) {
    EventBatch b = SeedBatch(seed++, f.rows, f.props);
    SegmentWriteOptions options;
    options.compression = f.compression;
    SegmentFooter footer;
    uint64_t size = 0;
    RETURN_IF_ERROR(WriteSegment(env, JoinPath(segments, f.name), b, DayOfMicros(b.ts(0)), options,
                                 &footer, &size));
  }
  return Status::Ok();
}

}  // namespace
}  // namespace growloop

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  growloop::Status s = growloop::WriteSeeds(argv[1]);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
