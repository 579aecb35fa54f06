// The identity log: one file of checksummed records, each holding a run of operations
// (intern, mark known, merge) in the order IdentityMap applied them (docs/formats/identity-log.md).
// Recovery replays the records in order and stops at a torn tail.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "env/env.h"

namespace growloop {

inline constexpr size_t kIdentityLogHeaderSize = 16;
inline constexpr uint8_t kIdentityRecordOps = 1;
inline constexpr uint8_t kIdentityLogVersion = 1;
// A record's payload is closed once it reaches this size (it may exceed it by one operation).
inline constexpr size_t kIdentityRecordTargetBytes = 1 << 20;

enum class IdentityOp : uint8_t { kIntern = 1, kMarkKnown = 2, kMerge = 3 };

// Appends one operation to a record payload.
void EncodeIntern(std::string* payload, std::string_view distinct_id, bool known);
void EncodeMarkKnown(std::string* payload, uint32_t dense);
void EncodeMerge(std::string* payload, uint32_t dense_a, uint32_t dense_b);

// Appends records to the log. Used by one thread at a time.
class IdentityLogWriter {
 public:
  // Opens `path` for appending (creating it); `env` must outlive the writer.
  static Status Open(Env* env, const std::string& path, std::unique_ptr<IdentityLogWriter>* out);

  // Appends a record of `ops` operations. Not durable until Sync(). A failure may leave part of
  // the record in the file: the caller cuts it off with Rollback before appending again.
  Status AddRecord(std::string_view payload, uint32_t ops);
  Status Sync();
  // Cuts the file back to `size` (a value size() returned earlier) and reopens it. When this
  // fails the writer is closed and every later call fails.
  Status Rollback(uint64_t size);

  uint64_t size() const { return size_; }

 private:
  IdentityLogWriter(Env* env, std::string path) : env_(env), path_(std::move(path)) {}

  Env* env_;
  std::string path_;
  std::unique_ptr<WritableFile> file_;
  uint64_t size_ = 0;
  std::string scratch_;
};

struct IdentityLogReadResult {
  uint64_t records = 0;
  uint64_t ops = 0;
  uint64_t valid_bytes = 0;  // offset just past the last intact record
  bool torn_tail = false;    // bytes after valid_bytes did not form an intact record
};

// Reads every intact record of `path` in order and calls fn(payload, ops). Stops at the first
// record that is incomplete or fails its checksum and reports it as a torn tail. An intact
// record of an unknown type or version is a Corruption error; so is any error fn returns, with
// the file and offset prefixed.
Status ReadIdentityLog(Env* env, const std::string& path,
                       const std::function<Status(std::string_view payload, uint32_t ops)>& fn,
                       IdentityLogReadResult* result);

}  // namespace growloop
