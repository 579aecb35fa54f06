// The write-ahead log: files of checksummed records (docs/formats/wal.md). The store appends one
// record per event batch and syncs once per group of batches (group commit); recovery reads the
// records back and stops at a torn tail.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "env/env.h"

namespace growloop {

enum class WalCompression : uint8_t { kNone = 0, kLz4 = 1 };

inline constexpr size_t kWalHeaderSize = 24;
inline constexpr uint8_t kWalRecordEventBatch = 1;

// Appends records to one WAL file. Used by one thread at a time.
class WalWriter {
 public:
  // Opens `path` for appending (creating it); `env` must outlive the writer.
  static Status Open(Env* env, const std::string& path, std::unique_ptr<WalWriter>* out);

  // Appends a record. Not durable until Sync(). On failure the file is cut back to its size
  // before the call, so a failed append never leaves a partial record before later ones.
  Status AddRecord(uint64_t lsn, uint8_t type, std::string_view payload, WalCompression compression);
  Status Sync();
  Status Close();
  // Cuts the file back to `size` (a value size() returned earlier), dropping the records after it.
  Status Rollback(uint64_t size);

  uint64_t size() const { return good_size_; }
  const std::string& path() const { return path_; }

 private:
  WalWriter(Env* env, std::string path) : env_(env), path_(std::move(path)) {}

  Env* env_;
  std::string path_;
  std::unique_ptr<WritableFile> file_;
  uint64_t good_size_ = 0;
  std::string scratch_;
};

struct WalReadResult {
  uint64_t records = 0;
  uint64_t last_lsn = 0;
  uint64_t valid_bytes = 0;  // offset just past the last intact record
  bool torn_tail = false;    // bytes after valid_bytes did not form an intact record
};

// Reads every intact record of `path` in order and calls fn(lsn, type, payload) with the
// decompressed payload. Stops at the first record that is incomplete or fails its checksum and
// reports it as a torn tail; the caller decides whether that is allowed (only in the newest file).
Status ReadWalFile(Env* env, const std::string& path,
                   const std::function<Status(uint64_t lsn, uint8_t type, std::string_view payload)>& fn,
                   WalReadResult* result);

}  // namespace growloop
