#include "identity/identity_log.h"

#include <xxhash.h>

#include <cstring>

#include "common/coding.h"

namespace growloop {
namespace {

// Low 32 bits of XXH3-64 over header bytes 8..15 followed by the payload.
uint32_t RecordChecksum(const char* header, std::string_view payload) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, header + 8, kIdentityLogHeaderSize - 8);
  XXH3_64bits_update(state, payload.data(), payload.size());
  uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return static_cast<uint32_t>(h);
}

}  // namespace

void EncodeIntern(std::string* payload, std::string_view distinct_id, bool known) {
  payload->push_back(static_cast<char>(IdentityOp::kIntern));
  payload->push_back(static_cast<char>(known ? 1 : 0));
  payload->push_back(static_cast<char>(distinct_id.size()));
  payload->append(distinct_id);
}

void EncodeMarkKnown(std::string* payload, uint32_t dense) {
  payload->push_back(static_cast<char>(IdentityOp::kMarkKnown));
  PutVarint(payload, dense);
}

void EncodeMerge(std::string* payload, uint32_t dense_a, uint32_t dense_b) {
  payload->push_back(static_cast<char>(IdentityOp::kMerge));
  PutVarint(payload, dense_a);
  PutVarint(payload, dense_b);
}

Status IdentityLogWriter::Open(Env* env, const std::string& path,
                               std::unique_ptr<IdentityLogWriter>* out) {
  std::unique_ptr<IdentityLogWriter> w(new IdentityLogWriter(env, path));
  RETURN_IF_ERROR(env->NewAppendableFile(path, &w->file_));
  w->size_ = w->file_->Size();
  *out = std::move(w);
  return Status::Ok();
}

Status IdentityLogWriter::AddRecord(std::string_view payload, uint32_t ops) {
  if (!file_) return Unavailable("identity log " + path_ + ": closed after an earlier failure");
  // Header and payload go out in one Append: a record is one write.
  scratch_.assign(kIdentityLogHeaderSize, '\0');
  char* h = scratch_.data();
  uint32_t len = static_cast<uint32_t>(payload.size());
  std::memcpy(h + 0, &len, 4);
  std::memcpy(h + 8, &ops, 4);
  h[12] = static_cast<char>(kIdentityRecordOps);
  h[13] = static_cast<char>(kIdentityLogVersion);
  uint32_t checksum = RecordChecksum(h, payload);
  std::memcpy(h + 4, &checksum, 4);
  scratch_.append(payload);
  RETURN_IF_ERROR(file_->Append(scratch_));
  size_ += scratch_.size();
  return Status::Ok();
}

Status IdentityLogWriter::Sync() {
  if (!file_) return Unavailable("identity log " + path_ + ": closed after an earlier failure");
  return file_->Sync();
}

Status IdentityLogWriter::Rollback(uint64_t size) {
  if (file_) (void)file_->Close();
  file_.reset();
  Status s = env_->TruncateFile(path_, size);
  if (s.ok()) s = env_->NewAppendableFile(path_, &file_);
  if (!s.ok()) {
    file_.reset();  // nothing may follow a partial record
    return s;
  }
  size_ = size;
  return Status::Ok();
}

Status ReadIdentityLog(Env* env, const std::string& path,
                       const std::function<Status(std::string_view, uint32_t)>& fn,
                       IdentityLogReadResult* result) {
  *result = IdentityLogReadResult();
  std::unique_ptr<RandomAccessFile> file;
  RETURN_IF_ERROR(env->NewRandomAccessFile(path, &file));
  const uint64_t size = file->Size();
  uint64_t offset = 0;
  char header[kIdentityLogHeaderSize];
  std::string payload;
  while (offset < size) {
    if (size - offset < kIdentityLogHeaderSize) {
      result->torn_tail = true;
      break;
    }
    RETURN_IF_ERROR(file->Read(offset, kIdentityLogHeaderSize, header));
    uint32_t len = DecodeFixed32(header);
    uint32_t checksum = DecodeFixed32(header + 4);
    uint32_t ops = DecodeFixed32(header + 8);
    auto type = static_cast<uint8_t>(header[12]);
    auto version = static_cast<uint8_t>(header[13]);
    if (size - offset - kIdentityLogHeaderSize < len) {
      result->torn_tail = true;
      break;
    }
    payload.resize(len);
    RETURN_IF_ERROR(file->Read(offset + kIdentityLogHeaderSize, len, payload.data()));
    if (RecordChecksum(header, payload) != checksum) {
      result->torn_tail = true;
      break;
    }
    const std::string where = "identity log " + path + " offset " + std::to_string(offset);
    if (type != kIdentityRecordOps) {
      return Corruption(where + ": unknown record type " + std::to_string(type));
    }
    if (version != kIdentityLogVersion) {
      return Corruption(where + ": unsupported format version " + std::to_string(version));
    }
    Status s = fn(payload, ops);
    if (!s.ok()) return s.WithContext(where);
    offset += kIdentityLogHeaderSize + len;
    result->records++;
    result->ops += ops;
    result->valid_bytes = offset;
  }
  return Status::Ok();
}

}  // namespace growloop
