// ConsoleFiles: the web console's built files (web/, built by Vite), loaded into memory when the
// server starts and answered for GET requests that match no API route.
//
// Files under assets/ carry a content hash in their names and are cached for a year; the others
// (index.html) are revalidated with their ETag. Text files are also kept gzip-compressed for
// clients that accept it. A path that names no file and has no extension is a client-side route:
// it gets index.html.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/http_types.h"

namespace growloop {

class ConsoleFiles {
 public:
  // Loads every regular file under `dir`. NotFound when `dir` has no index.html.
  static Status Load(const std::string& dir, std::shared_ptr<const ConsoleFiles>* out);

  // Where a built console is found: `<directory of the running binary>/console`, then
  // `<that directory>/../share/growloop/console`; empty when neither has an index.html.
  static std::string DefaultDir();

  // Fills *response for a GET of `request.path` and returns true; false when the console has
  // nothing there (an unknown file with an extension).
  bool Serve(const HttpRequest& request, HttpResponse* response) const;

  const std::string& dir() const { return dir_; }
  size_t files() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string body;
    std::string gzipped;  // empty when not worth it
    std::string etag;
    bool immutable = false;
  };
  std::string dir_;
  std::map<std::string, File> files_;  // by path, "/index.html"
};

}  // namespace growloop
