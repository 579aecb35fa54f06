#include "event/batch_codec.h"

#include <cstring>

#include "common/coding.h"

namespace growloop {
namespace {

constexpr uint32_t kBatchFormatVersion = 1;

void PutInts(const std::vector<int64_t>& v, std::string* out) {
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(int64_t));
}

template <typename T>
bool GetRaw(ByteReader* in, size_t n, std::vector<T>* v) {
  std::string_view bytes;
  if (n > in->remaining() / sizeof(T) || !in->Bytes(n * sizeof(T), &bytes)) return false;
  v->resize(n);
  if (n > 0) std::memcpy(v->data(), bytes.data(), bytes.size());
  return true;
}

}  // namespace

void BatchCodec::EncodeStrings(const StringColumn& col, std::string* out) {
  PutVarint(out, col.data_.size());
  for (size_t i = 0; i < col.size(); ++i) PutVarint(out, col.offsets_[i + 1] - col.offsets_[i]);
  out->append(col.data_);
}

bool BatchCodec::DecodeStrings(ByteReader* in, size_t rows, StringColumn* col) {
  uint64_t total;
  if (!in->Varint(&total)) return false;
  col->offsets_.resize(rows + 1);
  col->offsets_[0] = 0;
  uint64_t acc = 0;
  for (size_t i = 0; i < rows; ++i) {
    uint64_t len;
    if (!in->Varint(&len)) return false;
    acc += len;
    col->offsets_[i + 1] = acc;
  }
  if (acc != total) return false;
  std::string_view bytes;
  if (!in->Bytes(total, &bytes)) return false;
  col->data_.assign(bytes.data(), bytes.size());
  return true;
}

void BatchCodec::Encode(const EventBatch& batch, std::string* out) {
  size_t rows = batch.rows();
  PutVarint(out, kBatchFormatVersion);
  PutVarint(out, rows);
  EncodeStrings(batch.ids_, out);
  PutInts(batch.ts_, out);
  PutInts(batch.received_, out);
  EncodeStrings(batch.distinct_ids_, out);
  EncodeStrings(batch.anonymous_ids_, out);
  EncodeStrings(batch.events_, out);
  PutVarint(out, batch.props_.size());
  for (const PropertyColumn& c : batch.props_) {
    PutLengthPrefixed(out, c.name);
    out->push_back(static_cast<char>(c.type));
    out->append(reinterpret_cast<const char*>(c.valid.data()), c.valid.size());
    switch (c.type) {
      case ValueType::kString: EncodeStrings(c.strings, out); break;
      case ValueType::kNumber:
        out->append(reinterpret_cast<const char*>(c.numbers.data()), c.numbers.size() * 8);
        break;
      case ValueType::kBool:
      case ValueType::kTimestamp: PutInts(c.ints, out); break;
    }
  }
}

Status BatchCodec::Decode(std::string_view data, EventBatch* batch) {
  *batch = EventBatch();
  ByteReader in(data);
  uint64_t version, rows, nprops;
  auto bad = [](const char* what) { return Corruption(std::string("event batch: ") + what); };
  if (!in.Varint(&version) || version != kBatchFormatVersion) return bad("unknown version");
  if (!in.Varint(&rows) || rows > data.size()) return bad("bad row count");
  if (!DecodeStrings(&in, rows, &batch->ids_)) return bad("bad id column");
  if (!GetRaw(&in, rows, &batch->ts_)) return bad("bad ts column");
  if (!GetRaw(&in, rows, &batch->received_)) return bad("bad received column");
  if (!DecodeStrings(&in, rows, &batch->distinct_ids_)) return bad("bad distinct_id column");
  if (!DecodeStrings(&in, rows, &batch->anonymous_ids_)) return bad("bad anonymous_id column");
  if (!DecodeStrings(&in, rows, &batch->events_)) return bad("bad event column");
  if (!in.Varint(&nprops) || nprops > in.remaining()) return bad("bad property count");
  batch->props_.resize(nprops);
  for (uint64_t p = 0; p < nprops; ++p) {
    PropertyColumn& c = batch->props_[p];
    std::string_view name, type;
    if (!in.LengthPrefixed(&name) || !in.Bytes(1, &type)) return bad("bad property header");
    c.name.assign(name);
    auto t = static_cast<uint8_t>(type[0]);
    if (t < 1 || t > 4) return bad("bad property type");
    c.type = static_cast<ValueType>(t);
    if (!GetRaw(&in, rows, &c.valid)) return bad("bad validity");
    bool ok = true;
    switch (c.type) {
      case ValueType::kString: ok = DecodeStrings(&in, rows, &c.strings); break;
      case ValueType::kNumber: ok = GetRaw(&in, rows, &c.numbers); break;
      case ValueType::kBool:
      case ValueType::kTimestamp: ok = GetRaw(&in, rows, &c.ints); break;
    }
    if (!ok) return bad("bad property values");
    if (!batch->prop_index_.emplace(std::make_pair(c.name, c.type), p).second) {
      return bad("duplicate property column");
    }
  }
  if (in.remaining() != 0) return bad("trailing bytes");
  return Status::Ok();
}

}  // namespace growloop
