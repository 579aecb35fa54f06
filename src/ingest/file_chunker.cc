#include "ingest/file_chunker.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <set>

#include "ingest/csv_record_parser.h"

namespace growloop {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

size_t CountByte(const char* p, const char* end, char c) {
  size_t n = 0;
  while (p < end) {
    p = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    ++n;
    ++p;
  }
  return n;
}

// End (one past the '\n') of the last line break outside quotes in data[0, len) that is at
// most `max_back` bytes before the end, or 0. A line break is outside quotes when the number of
// quotes before it (from the record start at data[0]) is even; RFC 4180's "" escapes count two.
// Counting quotes with memchr is fast because CSV files hold few of them.
size_t LastCsvBoundary(const char* data, size_t len, size_t max_back) {
  const char* nl = static_cast<const char*>(memrchr(data, '\n', len));
  if (nl == nullptr) return 0;
  bool odd = CountByte(data, nl, '"') % 2 == 1;
  while (odd) {
    const char* prev = static_cast<const char*>(memrchr(data, '\n', static_cast<size_t>(nl - data)));
    if (prev == nullptr || static_cast<size_t>(data + len - prev) > max_back) return 0;
    if (CountByte(prev, nl, '"') % 2 == 1) odd = !odd;
    nl = prev;
  }
  return static_cast<size_t>(nl - data) + 1;
}

size_t LastLineBreak(const char* data, size_t len) {
  const void* p = memrchr(data, '\n', len);
  return p == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(p) - data) + 1;
}

}  // namespace

InputFormat DetectFormat(const std::string& path, std::string_view head) {
  std::string_view name = path;
  if (EndsWith(name, ".gz")) name.remove_suffix(3);
  if (EndsWith(name, ".csv")) return InputFormat::kCsv;
  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson") || EndsWith(name, ".json")) {
    return InputFormat::kJsonLines;
  }
  for (char c : head) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' ? InputFormat::kJsonLines : InputFormat::kCsv;
  }
  return InputFormat::kJsonLines;
}

FileChunker::FileChunker(std::unique_ptr<InputFile> in, std::string path, size_t block_bytes,
                         size_t max_event_bytes)
    : in_(std::move(in)),
      path_(std::move(path)),
      block_bytes_(block_bytes),
      max_event_bytes_(max_event_bytes) {}

Status FileChunker::SkipToNextLine() {
  // Reads at most max_event_bytes at a time: what follows the line break becomes the carry,
  // which must fit beside a block in the next chunk buffer.
  std::string scratch(std::min<size_t>(64 * 1024, max_event_bytes_), '\0');
  while (true) {
    size_t got = 0;
    RETURN_IF_ERROR(in_->Read(scratch.data(), scratch.size(), &got));
    if (got == 0) {
      eof_ = true;
      return Status::Ok();
    }
    const char* nl = static_cast<const char*>(std::memchr(scratch.data(), '\n', got));
    if (nl != nullptr) {
      carry_.assign(nl + 1, static_cast<size_t>(scratch.data() + got - nl - 1));
      return Status::Ok();
    }
  }
}

Status FileChunker::ReadHeader(char* data, size_t* begin, size_t len) {
  size_t end = *begin;
  bool quoted = false;
  while (end < len) {
    char c = data[end++];
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) break;
  }
  if (end == len && !eof_ && (len == 0 || data[len - 1] != '\n')) {
    return InvalidArgument(path_ + " line 1: the CSV header row is longer than a block");
  }
  std::vector<std::string_view> fields;
  std::string scratch;
  CsvRecordResult r = ParseCsvRecord(data + *begin, data + end, &fields, &scratch);
  if (!r.ok) return InvalidArgument(path_ + " line 1: CSV header: " + r.error);
  auto schema = std::make_shared<CsvSchema>();
  std::set<std::string_view> seen;
  for (std::string_view f : fields) {
    if (f.empty()) return InvalidArgument(path_ + " line 1: CSV header has an empty column name");
    if (!seen.insert(f).second) {
      return InvalidArgument(path_ + " line 1: CSV header names column \"" + std::string(f) +
                             "\" twice");
    }
    schema->names.emplace_back(f);
    CoreRole role = LookupCoreField(f);
    // "type" and "properties" have a meaning only in JSON payloads; in CSV they are properties.
    if (role.field == CoreField::kType || role.field == CoreField::kProperties) role = {};
    schema->roles.push_back(role);
  }
  csv_ = std::move(schema);
  lines_before_ += r.newlines;
  *begin = end;
  return Status::Ok();
}

Status FileChunker::Next(std::unique_ptr<char[]> buf, Chunk* chunk, bool* done) {
  *done = false;
  char* data = buf.get();
  size_t len = carry_.size();
  assert(len <= max_event_bytes_);  // BufferBytes() leaves room for this much carry
  std::memcpy(data, carry_.data(), len);
  carry_.clear();
  const size_t target = len + block_bytes_;
  while (!eof_ && len < target) {
    size_t got = 0;
    RETURN_IF_ERROR(in_->Read(data + len, target - len, &got));
    if (got == 0) eof_ = true;
    len += got;
  }
  size_t begin = 0;
  if (!started_) {
    started_ = true;
    if (len >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) begin = 3;  // UTF-8 byte order mark
    format_ = DetectFormat(path_, std::string_view(data + begin, std::min<size_t>(len - begin, 256)));
    if (format_ == InputFormat::kCsv && begin < len) RETURN_IF_ERROR(ReadHeader(data, &begin, len));
  }
  if (begin == len && eof_) {
    *done = true;
    return Status::Ok();
  }

  size_t boundary = len;
  bool skip_rest_of_line = false;
  if (!eof_) {
    const char* body = data + begin;
    size_t body_len = len - begin;
    size_t b = format_ == InputFormat::kCsv ? LastCsvBoundary(body, body_len, max_event_bytes_)
                                            : LastLineBreak(body, body_len);
    if (format_ == InputFormat::kCsv && body_len - b > max_event_bytes_) {
      b = LastLineBreak(body, body_len);
    }
    boundary = begin + b;
    if (len - boundary > max_event_bytes_) skip_rest_of_line = true;
  }

  chunk->format = format_;
  chunk->csv = csv_;
  chunk->begin = begin;
  chunk->end = boundary;
  chunk->lines_before = lines_before_;
  lines_before_ = 0;
  chunk->oversize_tail = skip_rest_of_line;
  if (skip_rest_of_line) {
    // The partial record at the end is already oversize: it is reported, and reading resumes
    // after its line.
    RETURN_IF_ERROR(SkipToNextLine());
  } else {
    carry_.assign(data + boundary, len - boundary);
  }
  std::memset(data + boundary, 0, kChunkPadding);
  chunk->buf = std::move(buf);
  return Status::Ok();
}

}  // namespace growloop
