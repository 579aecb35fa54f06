// InputFile: the bytes of one import file, inflated when it is gzip-compressed. Compression is
// detected by the gzip magic bytes (1f 8b), not by the file name; concatenated gzip members are
// read one after the other, as gzip(1) does.
//
// Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "env/env.h"

namespace growloop {

class InputFile {
 public:
  // Opens `path` through `env`. Errors: those of Env::NewSequentialFile and the first read.
  static Status Open(Env* env, const std::string& path, std::unique_ptr<InputFile>* out);
  ~InputFile();

  // Reads up to n decompressed bytes; fewer only at the end of the data (*got == 0 at the end).
  // Corruption when the gzip stream is damaged or truncated.
  Status Read(char* dst, size_t n, size_t* got);

  bool compressed() const { return gzip_; }
  // Bytes of the file (as stored) consumed so far, for progress.
  uint64_t raw_bytes_consumed() const;

 private:
  InputFile() = default;
  Status FillRaw();
  Status ReadGzip(char* dst, size_t n, size_t* got);

  std::string path_;
  std::unique_ptr<SequentialFile> file_;
  std::unique_ptr<char[]> raw_;
  size_t raw_cap_ = 0;
  size_t raw_pos_ = 0;   // plain files: bytes of raw_ already handed out
  size_t raw_len_ = 0;
  uint64_t raw_total_ = 0;  // bytes read from the file
  bool eof_ = false;
  bool gzip_ = false;
  bool member_ended_ = false;
  struct ZState;
  std::unique_ptr<ZState> z_;
};

}  // namespace growloop
