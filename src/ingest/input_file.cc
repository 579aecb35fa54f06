#include "ingest/input_file.h"

#include <zlib.h>

#include <cstring>

namespace growloop {

struct InputFile::ZState {
  z_stream zs{};
  bool initialised = false;
  ~ZState() {
    if (initialised) inflateEnd(&zs);
  }
};

namespace {
constexpr size_t kRawBlock = 1u << 20;
}  // namespace

Status InputFile::Open(Env* env, const std::string& path, std::unique_ptr<InputFile>* out) {
  std::unique_ptr<InputFile> f(new InputFile());
  f->path_ = path;
  RETURN_IF_ERROR(env->NewSequentialFile(path, &f->file_));
  f->raw_cap_ = kRawBlock;
  f->raw_ = std::make_unique<char[]>(f->raw_cap_);
  RETURN_IF_ERROR(f->FillRaw());
  f->gzip_ = f->raw_len_ >= 2 && static_cast<unsigned char>(f->raw_[0]) == 0x1f &&
             static_cast<unsigned char>(f->raw_[1]) == 0x8b;
  if (f->gzip_) {
    f->z_ = std::make_unique<ZState>();
    // 15 + 16: a gzip wrapper (not zlib or raw deflate), 32 KiB window.
    if (inflateInit2(&f->z_->zs, 15 + 16) != Z_OK) return Internal("inflateInit2 failed");
    f->z_->initialised = true;
    f->z_->zs.next_in = reinterpret_cast<Bytef*>(f->raw_.get());
    f->z_->zs.avail_in = static_cast<uInt>(f->raw_len_);
  }
  *out = std::move(f);
  return Status::Ok();
}

InputFile::~InputFile() = default;

Status InputFile::FillRaw() {
  raw_pos_ = 0;
  raw_len_ = 0;
  if (eof_) return Status::Ok();
  while (raw_len_ < raw_cap_) {
    size_t got = 0;
    RETURN_IF_ERROR(file_->Read(raw_cap_ - raw_len_, raw_.get() + raw_len_, &got));
    if (got == 0) {
      eof_ = true;
      break;
    }
    raw_len_ += got;
    raw_total_ += got;
  }
  return Status::Ok();
}

uint64_t InputFile::raw_bytes_consumed() const {
  if (gzip_) return raw_total_ - z_->zs.avail_in;
  return raw_total_ - (raw_len_ - raw_pos_);
}

Status InputFile::Read(char* dst, size_t n, size_t* got) {
  if (gzip_) return ReadGzip(dst, n, got);
  *got = 0;
  while (*got < n) {
    if (raw_pos_ == raw_len_) {
      if (eof_) break;
      // Large reads go straight to the caller's buffer, skipping a copy.
      if (n - *got >= raw_cap_) {
        size_t g = 0;
        RETURN_IF_ERROR(file_->Read(n - *got, dst + *got, &g));
        if (g == 0) {
          eof_ = true;
          break;
        }
        raw_total_ += g;
        *got += g;
        continue;
      }
      RETURN_IF_ERROR(FillRaw());
      if (raw_len_ == 0) break;
    }
    size_t take = std::min(n - *got, raw_len_ - raw_pos_);
    std::memcpy(dst + *got, raw_.get() + raw_pos_, take);
    raw_pos_ += take;
    *got += take;
  }
  return Status::Ok();
}

Status InputFile::ReadGzip(char* dst, size_t n, size_t* got) {
  z_stream& zs = z_->zs;
  zs.next_out = reinterpret_cast<Bytef*>(dst);
  zs.avail_out = static_cast<uInt>(n);
  while (zs.avail_out > 0) {
    if (zs.avail_in == 0) {
      if (!eof_) {
        RETURN_IF_ERROR(FillRaw());
        zs.next_in = reinterpret_cast<Bytef*>(raw_.get());
        zs.avail_in = static_cast<uInt>(raw_len_);
      }
      if (zs.avail_in == 0) {
        if (!member_ended_) return Corruption(path_ + ": gzip data is truncated");
        break;
      }
    }
    if (member_ended_) {
      // More bytes after a complete member: another member follows.
      if (inflateReset(&zs) != Z_OK) return Internal("inflateReset failed");
      member_ended_ = false;
    }
    int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      member_ended_ = true;
      continue;
    }
    if (rc == Z_BUF_ERROR) continue;  // needs more input; the loop reads it
    if (rc != Z_OK) {
      return Corruption(path_ + ": gzip data is damaged (" + (zs.msg ? zs.msg : "inflate error") +
                        ")");
    }
  }
  *got = n - zs.avail_out;
  return Status::Ok();
}

}  // namespace growloop
