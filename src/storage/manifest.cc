#include "storage/manifest.h"

#include <xxhash.h>

#include <cinttypes>
#include <cstdio>
#include <sstream>

#include "storage/segment.h"

namespace growloop {
namespace {
constexpr const char* kHeader = "growloop-manifest 1";

std::string FileNo(uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%06" PRIu64, n);
  return buf;
}
}  // namespace

std::string SegmentRelativePath(int32_t day, uint64_t file_no) {
  return "segments/" + DayToString(day) + "/" + FileNo(file_no) + ".gls";
}

std::string WalRelativePath(uint64_t file_no) { return "wal/" + FileNo(file_no) + ".log"; }

Status WriteManifest(Env* env, const std::string& store_dir, const Manifest& m) {
  std::string body = std::string(kHeader) + "\n";
  body += "wal_start " + std::to_string(m.wal_start) + "\n";
  body += "last_lsn " + std::to_string(m.last_lsn) + "\n";
  for (const ManifestSegment& s : m.segments) {
    body += "segment " + std::to_string(s.day) + " " + std::to_string(s.file_no) + " " +
            std::to_string(s.rows) + " " + std::to_string(s.bytes) + "\n";
  }
  char sum[32];
  std::snprintf(sum, sizeof(sum), "%016" PRIx64, XXH3_64bits(body.data(), body.size()));
  body += "checksum " + std::string(sum) + "\n";
  return WriteFileAtomic(env, JoinPath(store_dir, "MANIFEST"), body);
}

Status ReadManifest(Env* env, const std::string& store_dir, Manifest* m, bool* exists) {
  *m = Manifest();
  std::string path = JoinPath(store_dir, "MANIFEST");
  *exists = env->FileExists(path);
  if (!*exists) return Status::Ok();
  std::string text;
  RETURN_IF_ERROR(ReadFileToString(env, path, &text));
  auto corrupt = [&](const std::string& what) { return Corruption(path + ": " + what); };
  size_t pos = text.rfind("checksum ");
  if (pos == std::string::npos) return corrupt("no checksum line");
  char sum[32];
  std::snprintf(sum, sizeof(sum), "%016" PRIx64, XXH3_64bits(text.data(), pos));
  if (text.compare(pos + 9, 16, sum) != 0) return corrupt("checksum mismatch");
  std::istringstream in(text.substr(0, pos));
  std::string line;
  if (!std::getline(in, line) || line != kHeader) return corrupt("unknown header");
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    bool ok = true;
    if (key == "wal_start") {
      ok = static_cast<bool>(fields >> m->wal_start);
    } else if (key == "last_lsn") {
      ok = static_cast<bool>(fields >> m->last_lsn);
    } else if (key == "segment") {
      ManifestSegment s;
      ok = static_cast<bool>(fields >> s.day >> s.file_no >> s.rows >> s.bytes);
      m->segments.push_back(s);
    } else {
      ok = false;
    }
    if (!ok) return corrupt("line " + std::to_string(line_no) + ": malformed");
  }
  return Status::Ok();
}

}  // namespace growloop
