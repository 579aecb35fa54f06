#include "server/http_server.h"

// With g++ 12 in C++20, Asio needs <utility> before its own headers.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/api_routes.h"
#include "server/body_decoder.h"
#include "server/read_auth.h"

namespace growloop {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// How long a closing connection keeps reading what the client still sends, so that the error
// answer we wrote is not destroyed by a TCP reset before the client reads it.
constexpr auto kDrainTimeout = std::chrono::seconds(2);
constexpr size_t kDrainMaxBytes = 1 << 20;
constexpr auto kWriteTimeout = std::chrono::seconds(30);

class ServerImpl;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerImpl* server);
  ~Session();

  void Start();
  // Closes the connection if it is waiting for a new request; a request being read or
  // answered finishes first, and then the connection closes.
  void RequestStop();

 private:
  void DoRead();
  void OnReadHeader(beast::error_code ec, size_t bytes);
  // The body limit of the route the parsed header names.
  size_t BodyLimit() const;
  void OnRead(beast::error_code ec, size_t bytes);
  // An upload's body: switches to a parser that writes it to a new file in upload_dir.
  void ReadUploadBody();
  void OnReadUpload(beast::error_code ec, size_t bytes);
  void RemoveUpload();
  // Answers a failed read of a request: 413 past the route's limit (`upload`: the upload
  // route's), 503 when the disk filled under an upload, 400 for a malformed request that was
  // partly read; closes the connection without an answer when the client went away or quiet.
  void FailRead(beast::error_code ec, bool partial, bool upload);
  void Respond(HttpResponse response, bool keep_alive, unsigned version);
  void OnWrite(bool close, beast::error_code ec, size_t bytes);
  void CloseGracefully();
  void DoDrain();
  void OnDrain(beast::error_code ec, size_t bytes);
  void CloseNow();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::request_parser<http::file_body>> upload_parser_;
  std::string upload_path_;  // the file upload_parser_ writes; removed once answered
  std::shared_ptr<http::response<http::string_body>> response_;
  ServerImpl* const server_;
  bool loopback_ = false;
  bool reading_ = false;
  std::array<char, 4096> drain_buffer_{};
  size_t drained_ = 0;
};

class ServerImpl : public HttpServer {
 public:
  ServerImpl(const ServerOptions& options, RouteTable routes)
      : options_(options),
        env_(options.env != nullptr ? options.env : Env::Default()),
        routes_(std::move(routes)),
        unmatched_latency_(MetricsRegistry::Global().GetHistogram(
            "growloop_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
            "route", "unmatched")),
        console_latency_(MetricsRegistry::Global().GetHistogram(
            "growloop_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
            "route", "console")),
        client_gone_(MetricsRegistry::Global().GetCounter(
            "growloop_http_client_gone_total",
            "Requests whose client disconnected while they were being answered.")) {}

  ~ServerImpl() override { Stop(); }

  Status Listen();
  uint16_t port() const override { return port_; }
  void Stop() override;

  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }

  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);

  // Runs the route for one request; never fails (errors become JSON error answers). `fd` is
  // the connection's socket, watched while the handler runs (see WatchClients).
  // `body_file`: the upload's body on disk (HttpRequest::body_file), or empty.
  HttpResponse Handle(http::request<http::string_body>& request, bool loopback, int fd,
                      const std::string& body_file = {});
  // A new file name in options_.upload_dir for one upload's body.
  std::string NextUploadPath();

 private:
  void DoAccept();
  void CountStatus(int status);
  // The watcher thread: a few times a second, marks the in-flight requests whose client closed
  // or reset its connection (a zero-byte peek or a socket error), so their handlers can stop.
  void WatchClients();

  std::mutex in_flight_mu_;
  std::condition_variable in_flight_cv_;
  std::unordered_map<std::atomic<bool>*, int> in_flight_;  // flag -> socket
  bool watcher_stop_ = false;                              // guarded by in_flight_mu_
  std::thread watcher_;

  const ServerOptions options_;
  Env* const env_;
  const RouteTable routes_;
  Histogram* const unmatched_latency_;
  Histogram* const console_latency_;
  Counter* const client_gone_;
  std::array<std::atomic<Counter*>, 600> status_counters_{};

  std::mutex sessions_mu_;
  std::condition_variable sessions_cv_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> uploads_{0};
  bool stopped_ = false;  // guarded by stop_mu_
  std::mutex stop_mu_;
  uint16_t port_ = 0;

  // Destroyed before the members above: pending handlers own sessions, whose destructors
  // unregister from sessions_.
  net::io_context ioc_;
  tcp::acceptor acceptor_{net::make_strand(ioc_)};
  std::vector<std::thread> threads_;
};

Session::Session(tcp::socket socket, ServerImpl* server)
    : stream_(std::move(socket)), server_(server) {
  beast::error_code ec;
  tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    net::ip::address a = peer.address();
    loopback_ =
        a.is_loopback() || (a.is_v6() && a.to_v6().is_v4_mapped() &&
                            net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6()).is_loopback());
  }
}

Session::~Session() {
  RemoveUpload();
  server_->Unregister(this);
}

void Session::Start() {
  server_->Register(shared_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
}

void Session::RequestStop() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->reading_ && self->parser_ && !self->parser_->got_some()) self->stream_.cancel();
  });
}

void Session::DoRead() {
  if (server_->stopping()) {
    CloseNow();
    return;
  }
  parser_.emplace();
  // Until the header names the route, the larger of the two limits: Beast checks a
  // Content-Length against the limit when the header ends, and OnReadHeader then applies the
  // route's own.
  parser_->body_limit(
      std::max(server_->options().max_request_bytes, server_->options().max_upload_bytes));
  buffer_.clear();
  stream_.expires_after(std::chrono::seconds(server_->options().idle_timeout_seconds));
  reading_ = true;
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::OnReadHeader, shared_from_this()));
}

void Session::OnReadHeader(beast::error_code ec, size_t bytes) {
  if (ec) {
    OnRead(ec, bytes);
    return;
  }
  // The raw body limit of the route; the decoded body is checked against the same limit in
  // DecodeBody.
  const size_t limit = BodyLimit();
  const auto length = parser_->content_length();
  if (length && *length > limit) {
    OnRead(http::error::body_limit, bytes);
    return;
  }
  parser_->body_limit(limit);
  const auto target = parser_->get().target();
  if (IsUploadTarget(std::string_view(target.data(), target.size())) &&
      parser_->get().method() == http::verb::post) {
    // Who may not upload is refused before the body is read, let alone written to disk.
    if (server_->options().upload_admission) {
      const auto authorization = parser_->get()[http::field::authorization];
      Status admitted = server_->options().upload_admission(
          std::string_view(target.data(), target.size()),
          std::string_view(authorization.data(), authorization.size()), loopback_);
      if (!admitted.ok()) {
        reading_ = false;
        Respond(ErrorResponse(admitted), false, parser_->get().version());
        return;
      }
    }
    if (!server_->options().upload_dir.empty()) {
      ReadUploadBody();
      return;
    }
  }
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::OnRead, shared_from_this()));
}

void Session::ReadUploadBody() {
  upload_path_ = server_->NextUploadPath();
  std::error_code dir_ec;
  std::filesystem::create_directories(server_->options().upload_dir, dir_ec);
  upload_parser_.emplace(std::move(*parser_));
  parser_.reset();
  beast::error_code ec;
  upload_parser_->get().body().open(upload_path_.c_str(), beast::file_mode::write_new, ec);
  if (ec) {
    upload_parser_.reset();
    const std::string path = std::move(upload_path_);
    upload_path_.clear();
    Respond(ErrorResponse(IoError("cannot create " + path + " for the upload: " + ec.message())),
            false, 11);
    return;
  }
  upload_parser_->body_limit(server_->options().max_upload_bytes);
  http::async_read(stream_, buffer_, *upload_parser_,
                   beast::bind_front_handler(&Session::OnReadUpload, shared_from_this()));
}

void Session::OnReadUpload(beast::error_code ec, size_t) {
  reading_ = false;
  if (ec) {
    const bool partial = upload_parser_->got_some();
    RemoveUpload();
    FailRead(ec, partial, /*upload=*/true);
    return;
  }
  http::request<http::file_body> upload = upload_parser_->release();
  upload_parser_.reset();
  upload.body().close();
  http::request<http::string_body> request(std::move(upload.base()));
  HttpResponse response =
      server_->Handle(request, loopback_, stream_.socket().native_handle(), upload_path_);
  RemoveUpload();
  bool keep_alive = request.keep_alive() && !server_->stopping();
  Respond(std::move(response), keep_alive, request.version());
}

void Session::RemoveUpload() {
  upload_parser_.reset();  // closes the file
  if (upload_path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(upload_path_, ec);
  upload_path_.clear();
}

size_t Session::BodyLimit() const {
  const auto target = parser_->get().target();
  return IsUploadTarget(std::string_view(target.data(), target.size()))
             ? server_->options().max_upload_bytes
             : server_->options().max_request_bytes;
}

void Session::OnRead(beast::error_code ec, size_t) {
  reading_ = false;
  if (ec) {
    bool upload = false;
    if (parser_) {
      const auto target = parser_->get().target();
      upload = IsUploadTarget(std::string_view(target.data(), target.size()));
    }
    FailRead(ec, parser_ && parser_->got_some(), upload);
    return;
  }
  http::request<http::string_body> request = parser_->release();
  HttpResponse response = server_->Handle(request, loopback_, stream_.socket().native_handle());
  bool keep_alive = request.keep_alive() && !server_->stopping();
  Respond(std::move(response), keep_alive, request.version());
}

void Session::FailRead(beast::error_code ec, bool partial, bool upload) {
  const ServerOptions& o = server_->options();
  if (ec == http::error::body_limit) {
    Respond(ErrorResponse(
                {ErrorCode::kPayloadTooLarge,
                 std::string("request body exceeds ") +
                     (upload ? "limits.max_upload_bytes (" + std::to_string(o.max_upload_bytes)
                             : "limits.max_request_bytes (" + std::to_string(o.max_request_bytes)) +
                     " bytes)"}),
            false, 11);
    return;
  }
  if (ec == beast::errc::no_space_on_device) {  // an upload being written to disk
    Respond(ErrorResponse({ErrorCode::kNoSpace, "the disk is full: the upload was not stored"}),
            false, 11);
    return;
  }
  if (partial && ec != beast::error::timeout && ec != net::error::operation_aborted &&
      ec != http::error::partial_message) {
    Respond(ErrorResponse(InvalidArgument("malformed HTTP request: " + ec.message())), false, 11);
    return;
  }
  CloseNow();  // the client went away or went quiet
}

void Session::Respond(HttpResponse response, bool keep_alive, unsigned version) {
  auto res = std::make_shared<http::response<http::string_body>>();
  res->result(static_cast<unsigned>(response.status));
  res->version(version);
  res->set(http::field::server, "growloop/" GROWLOOP_VERSION);
  res->set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) res->set(name, value);
  res->body() = std::move(response.body);
  res->keep_alive(keep_alive);
  res->prepare_payload();
  response_ = res;
  stream_.expires_after(kWriteTimeout);
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&Session::OnWrite, shared_from_this(), !keep_alive));
}

void Session::OnWrite(bool close, beast::error_code ec, size_t) {
  response_.reset();
  if (ec) {
    CloseNow();
    return;
  }
  if (close) {
    CloseGracefully();
    return;
  }
  DoRead();
}

void Session::CloseGracefully() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    CloseNow();
    return;
  }
  stream_.expires_after(kDrainTimeout);
  DoDrain();
}

void Session::DoDrain() {
  stream_.async_read_some(net::buffer(drain_buffer_),
                          beast::bind_front_handler(&Session::OnDrain, shared_from_this()));
}

void Session::OnDrain(beast::error_code ec, size_t bytes) {
  drained_ += bytes;
  if (ec || drained_ > kDrainMaxBytes) {
    CloseNow();
    return;
  }
  DoDrain();
}

void Session::CloseNow() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

Status ServerImpl::Listen() {
  std::string where = options_.host + ":" + std::to_string(options_.port);
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  auto results =
      resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return InvalidArgument("server.host: cannot resolve \"" + options_.host +
                           "\": " + ec.message());
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return IoError("listen on " + where + ": " + ec.message());
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec) return IoError("listen on " + where + ": " + ec.message());
  DoAccept();
  watcher_ = env_->StartThread("gl-http-watch", [this] { WatchClients(); });
  int n = options_.threads > 0 ? options_.threads : 1;
  for (int i = 0; i < n; ++i) {
    threads_.push_back(env_->StartThread("gl-http", [this] {
      // A handler that throws past Handle() is a bug; keep the server up and log nothing
      // here (the request's connection is already gone).
      for (;;) {
        try {
          ioc_.run();
          return;
        } catch (const std::exception&) {
        }
      }
    }));
  }
  return Status::Ok();
}

void ServerImpl::DoAccept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec && !stopping()) std::make_shared<Session>(std::move(socket), this)->Start();
    if (!stopping()) DoAccept();
  });
}

void ServerImpl::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_[session.get()] = session;
}

void ServerImpl::Unregister(Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_.erase(session);
  if (sessions_.empty()) sessions_cv_.notify_all();
}

void ServerImpl::Stop() {
  std::lock_guard<std::mutex> stop_lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  stopping_.store(true);
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->RequestStop();
  live.clear();
  {
    // Requests still running (long queries) stop at their next check instead of holding the
    // shutdown for their whole timeout.
    std::lock_guard<std::mutex> lock(in_flight_mu_);
    for (auto& [flag, fd] : in_flight_) flag->store(true, std::memory_order_relaxed);
  }
  {
    std::unique_lock<std::mutex> lock(sessions_mu_);
    sessions_cv_.wait_for(lock, std::chrono::seconds(options_.shutdown_grace_seconds),
                          [this] { return sessions_.empty(); });
  }
  ioc_.stop();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  // The close posted above may not have run before ioc_.stop(); with every thread joined the
  // acceptor is ours alone, so close it here: Stop() returns with the port no longer listening.
  {
    beast::error_code ec;
    acceptor_.close(ec);
  }
  {
    std::lock_guard<std::mutex> lock(in_flight_mu_);
    watcher_stop_ = true;
  }
  in_flight_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void ServerImpl::WatchClients() {
  constexpr auto kPeriod = std::chrono::milliseconds(100);
  std::unique_lock<std::mutex> lock(in_flight_mu_);
  while (!watcher_stop_) {
    in_flight_cv_.wait_for(lock, kPeriod);
    for (auto& [flag, fd] : in_flight_) {
      if (flag->load(std::memory_order_relaxed)) continue;
      // The socket stays open while its request is in flight: Handle removes the entry, under
      // this mutex, before its session can close the connection.
      char byte;
      const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      const bool gone =
          n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
      if (gone) {
        flag->store(true, std::memory_order_relaxed);
        client_gone_->Add();
      }
    }
  }
}

void ServerImpl::CountStatus(int status) {
  if (status < 0 || status >= static_cast<int>(status_counters_.size())) status = 0;
  Counter* c = status_counters_[status].load(std::memory_order_acquire);
  if (c == nullptr) {
    c = MetricsRegistry::Global().GetCounter("growloop_http_responses_total",
                                             "HTTP answers sent, by status code.", "status",
                                             std::to_string(status));
    status_counters_[status].store(c, std::memory_order_release);
  }
  c->Add();
}

std::string ServerImpl::NextUploadPath() {
  return options_.upload_dir + "/upload-" + std::to_string(::getpid()) + "-" +
         std::to_string(env_->NowMicros()) + "-" + std::to_string(uploads_.fetch_add(1));
}

HttpResponse ServerImpl::Handle(http::request<http::string_body>& request, bool loopback, int fd,
                                const std::string& body_file) {
  int64_t start = env_->MonotonicMicros();
  std::atomic<bool> cancelled{false};
  {
    std::lock_guard<std::mutex> lock(in_flight_mu_);
    in_flight_.emplace(&cancelled, fd);
  }
  struct Unwatch {
    ServerImpl* server;
    std::atomic<bool>* flag;
    ~Unwatch() {
      std::lock_guard<std::mutex> lock(server->in_flight_mu_);
      server->in_flight_.erase(flag);
    }
  } unwatch{this, &cancelled};
  HttpRequest req;
  req.method = std::string(request.method_string());
  req.from_loopback = loopback;
  req.cancelled = &cancelled;
  for (const auto& field : request) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, inserted] = req.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  HttpResponse response;
  const Route* route = nullptr;
  Status s = ParseTarget(std::string_view(request.target().data(), request.target().size()),
                         &req.path, &req.query);
  if (s.ok()) s = routes_.Match(req.method, req.path, &route, &req.path_params);
  if (s.code() == ErrorCode::kNotFound && req.method == "GET" && !req.path.starts_with("/api/")) {
    // Not an API path: the web console's page or file.
    if (options_.console && options_.console->Serve(req, &response)) {
      console_latency_->ObserveMicros(env_->MonotonicMicros() - start);
      CountStatus(response.status);
      return response;
    }
    if (!options_.console && (req.path == "/" || req.path == "/index.html")) {
      s = NotFound(
          "the web console is not installed: build it with `make run` (it needs npm), or point "
          "server.console_dir at a built console");
    }
  }
  if (s.ok() && !body_file.empty()) {
    // Written to disk as it came: the importer reads gzip by its magic bytes, and nothing else.
    const std::string encoding = req.Header("content-encoding");
    if (!encoding.empty() && !beast::iequals(encoding, "identity") &&
        !beast::iequals(encoding, "gzip") && !beast::iequals(encoding, "x-gzip")) {
      s = InvalidArgument("Content-Encoding: an upload may be gzip-compressed or not, not \"" +
                          encoding + "\"");
    }
    req.body_file = body_file;
  } else if (s.ok()) {
    s = DecodeBody(
        req.Header("content-encoding"), request.body(),
        IsUploadTarget(req.path) ? options_.max_upload_bytes : options_.max_request_bytes,
        &req.body);
    request.body().clear();  // the decoded copy is the one handlers read
  }
  if (s.ok()) {
    try {
      s = route->handler(req, &response);
    } catch (const std::exception& e) {
      s = Internal(std::string("handler for ") + route->pattern + " threw: " + e.what());
    }
  }
  if (!s.ok()) response = ErrorResponse(s);
  int64_t elapsed = env_->MonotonicMicros() - start;
  (route != nullptr ? routes_.LatencyOf(route) : unmatched_latency_)->ObserveMicros(elapsed);
  CountStatus(response.status);
  return response;
}

}  // namespace

ServerOptions ServerOptionsFromConfig(const Config& config) {
  ServerOptions o;
  o.host = config.server.host;
  o.port = static_cast<uint16_t>(config.server.port);
  o.threads = static_cast<int>(config.server.threads);
  o.max_request_bytes = static_cast<size_t>(config.limits.max_request_bytes);
  o.max_upload_bytes = static_cast<size_t>(config.limits.max_upload_bytes);
  o.idle_timeout_seconds = static_cast<int>(config.server.idle_timeout_seconds);
  o.shutdown_grace_seconds = static_cast<int>(config.server.shutdown_grace_seconds);
  o.require_auth = config.server.require_auth;
  o.capture_limits.max_events_per_request = static_cast<size_t>(config.limits.max_events_per_batch);
  o.capture_limits.event.max_event_bytes = static_cast<size_t>(config.limits.max_event_bytes);
  o.capture_limits.max_past_us = config.ingest.max_past_days * 86'400'000'000LL;
  o.capture_limits.max_future_us = config.ingest.max_future_seconds * 1'000'000LL;
  o.max_queued_events = config.limits.max_queued_events;
  o.query = QueryOptionsFromConfig(config);
  return o;
}

QueryEngineOptions QueryOptionsFromConfig(const Config& config) {
  QueryEngineOptions o;
  o.threads = static_cast<int>(config.query.threads);
  if (config.query.cache_mb >= 0) o.cache_bytes = static_cast<size_t>(config.query.cache_mb) << 20;
  return o;
}

Status HttpServer::Start(const ServerOptions& options, RouteTable routes,
                         std::unique_ptr<HttpServer>* out) {
  auto server = std::make_unique<ServerImpl>(options, std::move(routes));
  RETURN_IF_ERROR(server->Listen());
  *out = std::move(server);
  return Status::Ok();
}

Status HttpServer::Start(const ServerOptions& options, Catalog* catalog,
                         std::unique_ptr<HttpServer>* out) {
  ApiContext context;
  context.catalog = catalog;
  context.require_auth = options.require_auth;
  context.capture.limits = options.capture_limits;
  context.capture.max_request_bytes = options.max_request_bytes;
  context.capture_gate = std::make_shared<CaptureGate>(options.max_queued_events);
  context.queries = std::make_shared<QueryEngine>(catalog, options.query);
  ServerOptions with_uploads = options;
  if (with_uploads.upload_dir.empty()) with_uploads.upload_dir = catalog->data_dir() + "/uploads";
  if (!with_uploads.upload_admission) {
    // The import route's own rule (AuthorizeChange) on the header alone: keyless only from the
    // loopback interface without require_auth; with a key, only a secret key.
    const bool require_auth = options.require_auth;
    with_uploads.upload_admission = [catalog, require_auth](std::string_view target,
                                                            std::string_view authorization,
                                                            bool loopback) -> Status {
      HttpRequest header;
      std::string path;
      RETURN_IF_ERROR(ParseTarget(target, &path, &header.query));
      header.from_loopback = loopback;
      if (!authorization.empty()) header.headers["authorization"] = std::string(authorization);
      ReadAccess access;
      return AuthorizeChange(header, *catalog, require_auth, "importing events", &access);
    };
  }
  return Start(with_uploads, StandardRoutes(context), out);
}

}  // namespace growloop
