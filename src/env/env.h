// Env: every file, clock and thread access of Growloop goes through this interface, so tests can
// inject a crash that drops unsynced data, a full disk, or a fixed clock (see fault_injection_env.h).
//
// Implementations are thread-safe: any thread may call any method. File objects are not: one
// file object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status.h"

namespace growloop {

// A file written from the start or appended to. Data is durable only after Sync() returns Ok.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  // Makes every appended byte durable (fdatasync).
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
  // Bytes appended so far, including the size the file had when opened for append.
  virtual uint64_t Size() const = 0;
};

// A file read from the start to the end.
class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to n bytes into scratch; *got is 0 at end of file.
  virtual Status Read(size_t n, char* scratch, size_t* got) = 0;
};

// A file read at arbitrary offsets, from any thread.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads exactly n bytes at offset, or returns Corruption if the file is shorter.
  virtual Status Read(uint64_t offset, size_t n, char* scratch) const = 0;
  virtual uint64_t Size() const = 0;
};

// An exclusive lock on a file, held until the object is destroyed.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;

  // The process-wide environment backed by POSIX calls. Never deleted.
  static Env* Default();

  // Creates or truncates `path`.
  virtual Status NewWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) = 0;
  // Opens `path` for appending, creating it when missing.
  virtual Status NewAppendableFile(const std::string& path, std::unique_ptr<WritableFile>* out) = 0;
  virtual Status NewSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) = 0;
  virtual Status NewRandomAccessFile(const std::string& path,
                                     std::unique_ptr<RandomAccessFile>* out) = 0;

  virtual bool FileExists(const std::string& path) = 0;
  // Names (not paths) of the entries of `dir`, without "." and "..".
  virtual Status GetChildren(const std::string& dir, std::vector<std::string>* names) = 0;
  virtual Status GetFileSize(const std::string& path, uint64_t* size) = 0;
  virtual Status DeleteFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from`. Durable only after SyncDir of the directory.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  virtual Status TruncateFile(const std::string& path, uint64_t size) = 0;
  // Creates `dir` and its missing parents. Ok when it exists already.
  virtual Status CreateDirs(const std::string& dir) = 0;
  virtual Status DeleteDir(const std::string& dir) = 0;
  // Makes creations, renames and deletions in `dir` durable.
  virtual Status SyncDir(const std::string& dir) = 0;

  // Takes an exclusive lock on `path` (created when missing) for as long as *lock lives. Fails at
  // once with kFailedPrecondition when another holder, in this process or another, has it.
  virtual Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;

  // Microseconds since the Unix epoch (wall clock, UTC).
  virtual int64_t NowMicros() = 0;
  // Microseconds from an arbitrary fixed point; never goes backwards.
  virtual int64_t MonotonicMicros() = 0;

  // Starts a thread running `fn`, named `name` (at most 15 bytes, shown by top -H and perf).
  // The caller joins it.
  virtual std::thread StartThread(const char* name, std::function<void()> fn) = 0;
};

// Reads the whole file into *out.
Status ReadFileToString(Env* env, const std::string& path, std::string* out);
// Writes `data` to `path` crash-safely: a temporary file, fsync, rename, fsync of the directory.
Status WriteFileAtomic(Env* env, const std::string& path, std::string_view data);

// "a/b" + "c" -> "a/b/c".
std::string JoinPath(std::string_view dir, std::string_view name);
// "a/b/c" -> "a/b"; "c" -> ".".
std::string DirName(std::string_view path);

}  // namespace growloop
