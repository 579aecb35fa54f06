// HttpServer: Growloop's HTTP/1.1 server (Boost.Beast over Asio) in front of one RouteTable.
//
// - `threads` I/O threads run the connections and the handlers;
// - keep-alive, with idle connections closed after `idle_timeout_seconds`;
// - request bodies are limited to `max_request_bytes`, counted after Content-Encoding (gzip,
//   deflate) is undone; larger ones get 413 payload_too_large; the file uploads of
//   POST /api/v1/import (IsUploadTarget) to `max_upload_bytes` instead, decided from the
//   request's header before its body is read; an upload's body is written to a file in
//   `upload_dir` as it arrives (HttpRequest::body_file), never held in memory, and the file is
//   removed once the request is answered;
// - every error answer is {"error":{"code":...,"message":...}} with HttpStatusFor(code);
// - per-route latency histograms and per-status counts go to MetricsRegistry::Global();
// - Stop() stops accepting, closes idle connections, lets requests in flight finish (up to
//   `shutdown_grace_seconds`), then joins the threads.
//
// Thread-safety: port() may be called from any thread; Stop() from any thread but a handler.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "capture/capture_decoder.h"
#include "catalog/catalog.h"
#include "common/status.h"
#include "config/config.h"
#include "env/env.h"
#include "query/query_engine.h"
#include "server/console_files.h"
#include "server/route_table.h"

namespace growloop {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; port() tells which
  int threads = 2;
  size_t max_request_bytes = 20u << 20;
  size_t max_upload_bytes = size_t{4} << 30;  // POST /api/v1/import: a file uploaded whole
  // Where upload bodies are written while they arrive; empty: kept in memory (tests of routes).
  // Start(options, catalog) puts them in <data dir>/uploads when this is empty.
  std::string upload_dir;
  int idle_timeout_seconds = 60;
  int shutdown_grace_seconds = 10;
  // false: reads without a key are accepted from loopback peers only.
  bool require_auth = false;
  CaptureLimits capture_limits;
  // Events being decoded or stored at once over the capture endpoints; more: 429.
  int64_t max_queued_events = 200'000;
  Env* env = nullptr;  // clock for latency metrics; nullptr means Env::Default()
  QueryEngineOptions query;
  // The web console's files, answered for GETs no API route matches; null: none.
  std::shared_ptr<const ConsoleFiles> console;
  // Decides from an upload's header, before any of its body is read (and written to disk),
  // whether its sender may upload at all: `target` is the request target (path and query),
  // `authorization` its Authorization header (may be empty), `loopback` whether the peer is on
  // the loopback interface. An error is answered at
  // once and the connection closed. Null: every upload is read. Start(options, catalog) sets
  // one that applies the route's own rule (read_auth.h) when this is null.
  std::function<Status(std::string_view target, std::string_view authorization, bool loopback)>
      upload_admission;
};

// Whether a request target (a path, with or without its query) is the file upload route,
// whose bodies may reach ServerOptions::max_upload_bytes.
inline bool IsUploadTarget(std::string_view target) {
  constexpr std::string_view kImport = "/api/v1/import";
  return target.starts_with(kImport) &&
         (target.size() == kImport.size() || target[kImport.size()] == '?');
}

// The server part of a validated Config.
ServerOptions ServerOptionsFromConfig(const Config& config);
// The query engine part of a validated Config (the server's and the command line's).
QueryEngineOptions QueryOptionsFromConfig(const Config& config);

class HttpServer {
 public:
  // Binds host:port, starts the threads and serves the standard API routes (api_routes.h)
  // over `catalog`, which must outlive the server. IoError naming the address when it cannot
  // bind.
  static Status Start(const ServerOptions& options, Catalog* catalog,
                      std::unique_ptr<HttpServer>* out);
  // Same, serving `routes` (for tests and for callers that add routes).
  static Status Start(const ServerOptions& options, RouteTable routes,
                      std::unique_ptr<HttpServer>* out);

  virtual ~HttpServer() = default;

  // The bound port (the picked one when options.port was 0).
  virtual uint16_t port() const = 0;

  // Graceful stop, see above. Idempotent; the destructor calls it.
  virtual void Stop() = 0;
};

}  // namespace growloop
