#include "ingest/csv_chunk_parser.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>

#include "ingest/csv_record_parser.h"

namespace growloop {

bool ParseCsvNumber(std::string_view v, double* out) {
  size_t i = v.empty() || v[0] != '-' ? 0 : 1;
  if (i >= v.size()) return false;
  char c = v[i];
  if (!((c >= '0' && c <= '9') || c == '.')) return false;
  if (c == '0' && i + 1 < v.size() && v[i + 1] >= '0' && v[i + 1] <= '9') return false;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
  return ec == std::errc() && ptr == v.data() + v.size() && std::isfinite(*out);
}

void CsvChunkParser::BindSchema(const std::shared_ptr<const CsvSchema>& schema) {
  schema_ = schema;
  keys_.clear();
  for (const std::string& name : schema->names) keys_.push_back(std::make_unique<PropertyKey>(name));
}

void CsvChunkParser::Parse(const Chunk& chunk, ParseOutput* out) {
  if (chunk.csv == nullptr) return;  // a file with no header row has no rows either
  if (chunk.csv != schema_) BindSchema(chunk.csv);
  const char* p = chunk.buf.get() + chunk.begin;
  const char* const end = chunk.buf.get() + chunk.end;
  const bool all_utf8 = simdjson::validate_utf8(p, static_cast<size_t>(end - p));
  const size_t ncols = schema_->names.size();
  uint64_t line = 0;  // relative to the chunk, see Chunk::lines_before
  RejectReason reason;
  while (p < end) {
    if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {  // blank line
      p += *p == '\n' ? 1 : 2;
      ++line;
      continue;
    }
    const char* record_start = p;
    const uint64_t record_line = line;
    CsvRecordResult r = ParseCsvRecord(p, end, &fields_, &scratch_);
    p = r.next;
    line += r.newlines;
    std::string_view raw(record_start, static_cast<size_t>(r.next - record_start));
    while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
    ++out->rows;
    if (!all_utf8 && !simdjson::validate_utf8(raw.data(), raw.size())) {
      out->AddReject(record_line, RejectReason::kInvalidUtf8, "row is not valid UTF-8");
      continue;
    }
    if (raw.size() > limits_.max_event_bytes) {
      out->AddReject(record_line, RejectReason::kOversizeEvent,
                     out->WantMessage() ? "row has " + std::to_string(raw.size()) +
                                              " bytes, more than the limit of " +
                                              std::to_string(limits_.max_event_bytes)
                                        : std::string());
      continue;
    }
    if (!r.ok) {
      out->AddReject(record_line, RejectReason::kMalformedCsv, r.error);
      continue;
    }
    if (fields_.size() != ncols) {
      out->AddReject(record_line, RejectReason::kMalformedCsv,
                     out->WantMessage() ? "row has " + std::to_string(fields_.size()) +
                                              " fields, the header has " + std::to_string(ncols)
                                        : std::string());
      continue;
    }
    builder_->StartRow();
    for (size_t i = 0; i < ncols; ++i) {
      std::string_view v = fields_[i];
      const CoreRole& role = schema_->roles[i];
      switch (role.field) {
        case CoreField::kId: builder_->SetId(v, role.rank); break;
        case CoreField::kTimestamp: builder_->SetTimestampText(v, role.rank); break;
        case CoreField::kUserId: builder_->SetUserId(v, role.rank); break;
        case CoreField::kAnonymousId: builder_->SetAnonymousId(v, role.rank); break;
        case CoreField::kEvent: builder_->SetEvent(v); break;
        default: {
          if (v.empty()) break;
          double num;
          if (ParseCsvNumber(v, &num)) {
            builder_->AddNumber(keys_[i].get(), num);
          } else {
            builder_->AddString(keys_[i].get(), v);
          }
        }
      }
    }
    message_.clear();
    if (!builder_->Commit(raw, out->WantMessage(), &reason, &message_)) {
      out->AddReject(record_line, reason, std::move(message_));
    }
  }
  out->lines = line;
}

}  // namespace growloop
