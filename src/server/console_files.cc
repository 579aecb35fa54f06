#include "server/console_files.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xxhash.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace growloop {
namespace {

namespace fs = std::filesystem;

std::string ContentTypeOf(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  auto it = kTypes.find(fs::path(path).extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Compressible(const std::string& content_type) {
  return content_type.starts_with("text/") || content_type == "application/json" ||
         content_type == "image/svg+xml";
}

// gzip of `in` at the best level (done once, at load); empty on failure.
std::string Gzip(const std::string& in) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

bool AcceptsGzip(const HttpRequest& request) {
  const std::string accept = request.Header("accept-encoding");
  return accept.find("gzip") != std::string::npos;
}

}  // namespace

Status ConsoleFiles::Load(const std::string& dir, std::shared_ptr<const ConsoleFiles>* out) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "index.html", ec)) {
    return NotFound("console: no index.html in " + dir);
  }
  auto console = std::make_shared<ConsoleFiles>();
  console->dir_ = dir;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = "/" + fs::relative(it->path(), dir, ec).generic_string();
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return IoError("console: cannot read " + it->path().string());
    File f;
    f.body = text.str();
    f.content_type = ContentTypeOf(rel);
    f.etag = fmt::format("\"{:016x}\"", XXH3_64bits(f.body.data(), f.body.size()));
    f.immutable = rel.starts_with("/assets/");
    if (Compressible(f.content_type) && f.body.size() > 1024) {
      f.gzipped = Gzip(f.body);
      if (f.gzipped.size() >= f.body.size()) f.gzipped.clear();
    }
    console->files_.emplace(rel, std::move(f));
  }
  if (ec) return IoError("console: cannot list " + dir + ": " + ec.message());
  *out = std::move(console);
  return Status::Ok();
}

std::string ConsoleFiles::DefaultDir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const fs::path& dir : {exe.parent_path() / "console",
                              exe.parent_path().parent_path() / "share" / "growloop" / "console"}) {
    if (fs::is_regular_file(dir / "index.html", ec)) return dir.lexically_normal().string();
  }
  return {};
}

bool ConsoleFiles::Serve(const HttpRequest& request, HttpResponse* response) const {
  std::string path = request.path;
  if (path.empty() || path.back() == '/') path += "index.html";
  auto it = files_.find(path);
  if (it == files_.end()) {
    // A client-side route ("/insights") gets the page; a missing file ("/x.js") does not.
    if (fs::path(path).has_extension()) return false;
    it = files_.find("/index.html");
  }
  const File& f = it->second;
  HttpResponse r;
  r.content_type = f.content_type;
  r.headers.emplace_back("Cache-Control",
                         f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (f.content_type.starts_with("text/html")) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; script-src 'self'; style-src 'self' "
                           "'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
                           "frame-ancestors 'none'");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  // The gzip form is another representation: its own ETag.
  const bool gzip = !f.gzipped.empty() && AcceptsGzip(request);
  const std::string etag = gzip ? f.etag.substr(0, f.etag.size() - 1) + "-gz\"" : f.etag;
  r.headers.emplace_back("ETag", etag);
  if (!f.gzipped.empty()) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (request.Header("if-none-match") == etag) {
    r.status = 304;
  } else if (gzip) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = f.gzipped;
  } else {
    r.body = f.body;
  }
  *response = std::move(r);
  return true;
}

}  // namespace growloop
