// Text output of the demo data generator: CSV or JSON lines, optionally gzip (demo_data.h).
#include <zlib.h>

#include <string>

#include "demo/demo_data.h"

namespace growloop {

namespace {

constexpr size_t kChunkBytes = 1 << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// RFC 4180: a field with a comma, quote or line break is quoted and its quotes doubled.
void AppendCsvField(std::string* out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendJsonString(std::string* out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendAmount(std::string* out, int64_t fen) {
  out->append(std::to_string(fen / 100));
  out->push_back('.');
  out->push_back(static_cast<char>('0' + fen % 100 / 10));
  out->push_back(static_cast<char>('0' + fen % 10));
}

void AppendCsvRow(std::string* out, const DemoEvent& e) {
  const std::string_view before_amount[] = {e.event_id, e.ts,      e.user_id,  e.anonymous_id,
                                            e.event,    e.channel, e.campaign, e.platform,
                                            e.city,     e.item_id, e.category};
  for (std::string_view v : before_amount) {
    AppendCsvField(out, v);
    out->push_back(',');
  }
  if (e.has_amount) AppendAmount(out, e.amount_fen);
  out->push_back(',');
  AppendCsvField(out, e.experiment);
  out->push_back(',');
  AppendCsvField(out, e.variant);
  out->push_back('\n');
}

void AppendJsonRow(std::string* out, const DemoEvent& e) {
  const auto& cols = DemoColumns();
  const std::string_view values[] = {e.event_id, e.ts,      e.user_id,  e.anonymous_id,
                                     e.event,    e.channel, e.campaign, e.platform,
                                     e.city,     e.item_id, e.category};
  out->push_back('{');
  for (size_t i = 0; i < std::size(values); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(out, cols[i]);
    out->push_back(':');
    AppendJsonString(out, values[i]);
  }
  out->append(",\"amount\":");
  if (e.has_amount) {
    AppendAmount(out, e.amount_fen);
  } else {
    out->append("null");
  }
  out->append(",\"experiment\":");
  AppendJsonString(out, e.experiment);
  out->append(",\"variant\":");
  AppendJsonString(out, e.variant);
  out->append("}\n");
}

// Streams text through zlib's gzip wrapper. Level 1: the demo file is written once and read a few
// times, so speed beats the last few percent of size. zlib writes mtime 0, so the bytes are
// reproducible.
class GzipStream {
 public:
  explicit GzipStream(const std::function<Status(std::string_view)>& write) : write_(write) {}
  ~GzipStream() {
    if (initialized_) deflateEnd(&zs_);
  }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  Status Init() {
    if (deflateInit2(&zs_, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      return Internal("demo data: zlib deflateInit2 failed");
    }
    initialized_ = true;
    return Status::Ok();
  }
  Status Write(std::string_view data) { return Deflate(data, Z_NO_FLUSH); }
  Status Finish() { return Deflate({}, Z_FINISH); }

 private:
  Status Deflate(std::string_view data, int flush) {
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs_.avail_in = static_cast<uInt>(data.size());
    out_.resize(kChunkBytes);
    while (true) {
      zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
      zs_.avail_out = static_cast<uInt>(out_.size());
      int rc = deflate(&zs_, flush);
      if (rc == Z_STREAM_ERROR) return Internal("demo data: zlib deflate failed");
      size_t produced = out_.size() - zs_.avail_out;
      if (produced > 0) RETURN_IF_ERROR(write_(std::string_view(out_.data(), produced)));
      if (flush == Z_FINISH ? rc == Z_STREAM_END : zs_.avail_in == 0 && zs_.avail_out != 0) {
        return Status::Ok();
      }
    }
  }

  const std::function<Status(std::string_view)>& write_;
  z_stream zs_{};
  bool initialized_ = false;
  std::string out_;
};

}  // namespace

const std::array<std::string_view, 14>& DemoColumns() {
  static constexpr std::array<std::string_view, 14> kColumns = {
      "event_id", "ts",       "user_id",  "anonymous_id", "event",  "channel",    "campaign",
      "platform", "city",     "item_id",  "category",     "amount", "experiment", "variant"};
  return kColumns;
}

StatusOr<DemoOutputKind> DemoOutputKindForPath(std::string_view path) {
  DemoOutputKind kind;
  std::string_view p = path;
  if (EndsWith(p, ".gz")) {
    kind.gzip = true;
    p.remove_suffix(3);
  }
  if (EndsWith(p, ".csv")) {
    kind.format = DemoFileFormat::kCsv;
  } else if (EndsWith(p, ".jsonl") || EndsWith(p, ".json")) {
    kind.format = DemoFileFormat::kJsonl;
  } else {
    return InvalidArgument("demo data: cannot tell the format of '" + std::string(path) +
                           "': use .csv, .jsonl, .csv.gz or .jsonl.gz");
  }
  return kind;
}

Status WriteDemoText(const DemoOptions& options, DemoOutputKind kind,
                     const std::function<Status(std::string_view)>& write, DemoSummary* summary) {
  RETURN_IF_ERROR(ValidateDemoOptions(options));
  GzipStream gzip(write);
  if (kind.gzip) RETURN_IF_ERROR(gzip.Init());
  auto emit = [&](std::string_view text) { return kind.gzip ? gzip.Write(text) : write(text); };

  std::string buf;
  buf.reserve(kChunkBytes + 4096);
  if (kind.format == DemoFileFormat::kCsv) {
    const auto& cols = DemoColumns();
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i > 0) buf.push_back(',');
      buf.append(cols[i]);
    }
    buf.push_back('\n');
  }
  const bool csv = kind.format == DemoFileFormat::kCsv;
  RETURN_IF_ERROR(GenerateDemoEvents(
      options,
      [&](const DemoEvent& e) -> Status {
        if (csv) {
          AppendCsvRow(&buf, e);
        } else {
          AppendJsonRow(&buf, e);
        }
        if (buf.size() < kChunkBytes) return Status::Ok();
        Status s = emit(buf);
        buf.clear();
        return s;
      },
      summary));
  if (!buf.empty()) RETURN_IF_ERROR(emit(buf));
  if (kind.gzip) RETURN_IF_ERROR(gzip.Finish());
  return Status::Ok();
}

Status WriteDemoData(Env* env, const DemoOptions& options, const std::string& path,
                     DemoSummary* summary) {
  ASSIGN_OR_RETURN(DemoOutputKind kind, DemoOutputKindForPath(path));
  RETURN_IF_ERROR(ValidateDemoOptions(options));
  RETURN_IF_ERROR(env->CreateDirs(DirName(path)));
  const std::string tmp = path + ".tmp";
  std::unique_ptr<WritableFile> file;
  RETURN_IF_ERROR(env->NewWritableFile(tmp, &file));
  Status s = WriteDemoText(
      options, kind, [&](std::string_view data) { return file->Append(data); }, summary);
  if (s.ok()) s = file->Sync();
  if (s.ok()) s = file->Close();
  if (s.ok()) s = env->RenameFile(tmp, path);
  if (s.ok()) return env->SyncDir(DirName(path));
  // The first error is what the caller needs; a failed clean-up of the partial file would only
  // hide it, so its status is deliberately not returned.
  (void)file->Close();
  (void)env->DeleteFile(tmp);
  return s;
}

}  // namespace growloop
