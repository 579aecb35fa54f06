#include "storage/wal.h"

#include <lz4.h>
#include <xxhash.h>

#include <cstring>

#include "common/coding.h"

namespace growloop {
namespace {

uint32_t RecordChecksum(const char* header_tail, std::string_view payload) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, header_tail, kWalHeaderSize - 8);
  XXH3_64bits_update(state, payload.data(), payload.size());
  uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return static_cast<uint32_t>(h);
}

}  // namespace

Status WalWriter::Open(Env* env, const std::string& path, std::unique_ptr<WalWriter>* out) {
  std::unique_ptr<WalWriter> w(new WalWriter(env, path));
  RETURN_IF_ERROR(env->NewAppendableFile(path, &w->file_));
  w->good_size_ = w->file_->Size();
  *out = std::move(w);
  return Status::Ok();
}

Status WalWriter::AddRecord(uint64_t lsn, uint8_t type, std::string_view payload,
                            WalCompression compression) {
  if (!file_) return Unavailable("wal " + path_ + ": closed after an earlier failure");
  // The scratch buffer only grows: resizing it down and up again would zero it for every record.
  if (scratch_.size() < kWalHeaderSize) scratch_.resize(kWalHeaderSize);
  std::string_view stored = payload;
  if (compression == WalCompression::kLz4) {
    int bound = LZ4_compressBound(static_cast<int>(payload.size()));
    if (scratch_.size() < kWalHeaderSize + static_cast<size_t>(bound)) {
      scratch_.resize(kWalHeaderSize + static_cast<size_t>(bound));
    }
    int n = LZ4_compress_default(payload.data(), scratch_.data() + kWalHeaderSize,
                                 static_cast<int>(payload.size()), bound);
    if (n <= 0) return Internal("wal: lz4 compression failed");
    stored = std::string_view(scratch_.data() + kWalHeaderSize, static_cast<size_t>(n));
  }
  char* h = scratch_.data();
  uint32_t stored_len = static_cast<uint32_t>(stored.size());
  uint32_t raw_len = static_cast<uint32_t>(payload.size());
  std::memcpy(h + 0, &stored_len, 4);
  std::memcpy(h + 8, &lsn, 8);
  h[16] = static_cast<char>(type);
  h[17] = static_cast<char>(compression);
  h[18] = 0;
  h[19] = 0;
  std::memcpy(h + 20, &raw_len, 4);
  uint32_t checksum = RecordChecksum(h + 8, stored);
  std::memcpy(h + 4, &checksum, 4);

  Status s = file_->Append(std::string_view(scratch_.data(), kWalHeaderSize));
  if (s.ok()) s = file_->Append(stored);
  if (s.ok()) {
    good_size_ += kWalHeaderSize + stored.size();
    return s;
  }
  // Cut the partial record so the records appended after this failure stay readable.
  (void)Rollback(good_size_);
  return s;
}

Status WalWriter::Rollback(uint64_t size) {
  if (file_) (void)file_->Close();
  file_.reset();
  Status s = env_->TruncateFile(path_, size);
  if (s.ok()) s = env_->NewAppendableFile(path_, &file_);
  if (!s.ok()) {
    file_.reset();  // every later append fails: nothing may follow a partial record
    return s;
  }
  good_size_ = size;
  return Status::Ok();
}

Status WalWriter::Sync() {
  if (!file_) return Unavailable("wal " + path_ + ": closed after an earlier failure");
  return file_->Sync();
}

Status WalWriter::Close() {
  if (!file_) return Status::Ok();
  Status s = file_->Close();
  file_.reset();
  return s;
}

Status ReadWalFile(Env* env, const std::string& path,
                   const std::function<Status(uint64_t, uint8_t, std::string_view)>& fn,
                   WalReadResult* result) {
  *result = WalReadResult();
  std::unique_ptr<RandomAccessFile> file;
  RETURN_IF_ERROR(env->NewRandomAccessFile(path, &file));
  const uint64_t size = file->Size();
  uint64_t offset = 0;
  char header[kWalHeaderSize];
  std::string stored, raw;
  while (offset < size) {
    if (size - offset < kWalHeaderSize) {
      result->torn_tail = true;
      break;
    }
    RETURN_IF_ERROR(file->Read(offset, kWalHeaderSize, header));
    uint32_t stored_len = DecodeFixed32(header);
    uint32_t checksum = DecodeFixed32(header + 4);
    uint64_t lsn = DecodeFixed64(header + 8);
    auto type = static_cast<uint8_t>(header[16]);
    auto compression = static_cast<uint8_t>(header[17]);
    uint32_t raw_len = DecodeFixed32(header + 20);
    if (size - offset - kWalHeaderSize < stored_len) {
      result->torn_tail = true;
      break;
    }
    stored.resize(stored_len);
    RETURN_IF_ERROR(file->Read(offset + kWalHeaderSize, stored_len, stored.data()));
    if (RecordChecksum(header + 8, stored) != checksum) {
      result->torn_tail = true;
      break;
    }
    std::string_view payload = stored;
    if (compression == static_cast<uint8_t>(WalCompression::kLz4)) {
      // LZ4 expands at most 255-fold: a larger claimed size is damage, not a reason to allocate.
      if (raw_len > static_cast<uint64_t>(stored_len) * 255 + 16) {
        return Corruption("wal " + path + " offset " + std::to_string(offset) +
                          ": lz4 payload claims " + std::to_string(raw_len) + " bytes from " +
                          std::to_string(stored_len));
      }
      raw.resize(raw_len);
      int n = LZ4_decompress_safe(stored.data(), raw.data(), static_cast<int>(stored_len),
                                  static_cast<int>(raw_len));
      if (n < 0 || static_cast<uint32_t>(n) != raw_len) {
        return Corruption("wal " + path + " offset " + std::to_string(offset) +
                          ": lz4 payload does not decompress");
      }
      payload = raw;
    } else if (compression != static_cast<uint8_t>(WalCompression::kNone)) {
      return Corruption("wal " + path + " offset " + std::to_string(offset) +
                        ": unknown compression " + std::to_string(compression));
    }
    RETURN_IF_ERROR(fn(lsn, type, payload));
    offset += kWalHeaderSize + stored_len;
    result->records++;
    result->last_lsn = lsn;
    result->valid_bytes = offset;
  }
  return Status::Ok();
}

}  // namespace growloop
