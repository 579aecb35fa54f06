// capture_load: drives `growloop serve` over loopback with batches of events, as many SDK clients
// would, and reports the acknowledged events per second and the acknowledgement latency.
//
//   growloop_capture_load --port P --key glw_... [--connections 32] [--seconds 20]
//       [--batch 100] [--format native|segment]
//
// Each connection is a keep-alive HTTP/1.1 client on its own thread that sends one batch, waits
// for the answer (the server answers after the WAL fsync), and sends the next; every event has a
// unique id. A batch counts only when it was answered 200 with every event accepted. Prints one
// JSON object: events/s, requests, latency percentiles (ms), and this process's CPU seconds, so
// the share of the 2 cores the load generator itself used can be reported.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <utility>  // before Asio: its awaitable.hpp uses std::exchange
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

struct Options {
  int port = 8080;
  std::string key;
  int connections = 32;
  double seconds = 20;
  int batch = 100;
  std::string format = "native";
};

struct ThreadResult {
  uint64_t events = 0;
  uint64_t requests = 0;
  uint64_t failures = 0;
  std::vector<double> latency_ms;
  std::string first_failure;
};

std::string Base64(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i < in.size()) {
    uint32_t v = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) v |= uint8_t(in[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// One batch of `n` events with ids unique to (thread, sequence).
std::string MakeBody(const Options& o, int thread, uint64_t seq) {
  static const char* kEvents[] = {"app_open", "view_item", "add_to_cart", "purchase", "search"};
  static const char* kChannels[] = {"organic", "paid_search", "social", "push", "email"};
  std::string body = o.format == "segment" ? "{\"batch\":[" : "{\"events\":[";
  char buf[512];
  for (int i = 0; i < o.batch; ++i) {
    unsigned user = static_cast<unsigned>((seq * 7919 + static_cast<uint64_t>(i) * 104729 + thread) % 100000);
    const char* event = kEvents[(seq + i) % 5];
    const char* channel = kChannels[(seq + i + thread) % 5];
    int n;
    if (o.format == "segment") {
      n = std::snprintf(buf, sizeof(buf),
                        "%s{\"type\":\"track\",\"event\":\"%s\",\"userId\":\"u%u\","
                        "\"messageId\":\"load-%d-%llu-%d\",\"properties\":{\"channel\":\"%s\","
                        "\"amount\":%d.5,\"platform\":\"ios\"}}",
                        i ? "," : "", event, user, thread, static_cast<unsigned long long>(seq), i,
                        channel, (i * 37) % 500);
    } else {
      n = std::snprintf(buf, sizeof(buf),
                        "%s{\"id\":\"load-%d-%llu-%d\",\"event\":\"%s\",\"distinct_id\":\"u%u\","
                        "\"properties\":{\"channel\":\"%s\",\"amount\":%d.5,\"platform\":\"ios\"}}",
                        i ? "," : "", thread, static_cast<unsigned long long>(seq), i, event, user,
                        channel, (i * 37) % 500);
    }
    body.append(buf, static_cast<size_t>(n));
  }
  body += "]}";
  return body;
}

void Run(const Options& o, int thread, Clock::time_point end, ThreadResult* r) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  boost::beast::error_code ec;
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(o.port)}, ec);
  if (ec) {
    r->first_failure = "connect: " + ec.message();
    ++r->failures;
    return;
  }
  socket.set_option(boost::asio::ip::tcp::no_delay(true));
  boost::beast::flat_buffer buffer;
  const std::string path = o.format == "segment" ? "/v1/batch" : "/api/v1/events";
  const std::string auth = o.format == "segment" ? "Basic " + Base64(o.key + ":") : "Bearer " + o.key;
  const std::string expect = "\"accepted\":" + std::to_string(o.batch);
  for (uint64_t seq = 0; Clock::now() < end; ++seq) {
    http::request<http::string_body> req{http::verb::post, path, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set(http::field::authorization, auth);
    req.keep_alive(true);
    req.body() = MakeBody(o, thread, seq);
    req.prepare_payload();
    auto t0 = Clock::now();
    http::write(socket, req, ec);
    http::response<http::string_body> res;
    if (!ec) http::read(socket, buffer, res, ec);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    ++r->requests;
    if (ec || res.result_int() != 200 || res.body().find(expect) == std::string::npos) {
      ++r->failures;
      if (r->first_failure.empty()) {
        r->first_failure = ec ? ec.message() : std::to_string(res.result_int()) + " " + res.body().substr(0, 200);
      }
      if (ec) return;
      continue;
    }
    r->events += static_cast<uint64_t>(o.batch);
    r->latency_ms.push_back(ms);
  }
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--port") o.port = std::atoi(v.c_str());
    else if (a == "--key") o.key = v;
    else if (a == "--connections") o.connections = std::atoi(v.c_str());
    else if (a == "--seconds") o.seconds = std::atof(v.c_str());
    else if (a == "--batch") o.batch = std::atoi(v.c_str());
    else if (a == "--format") o.format = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.key.empty() || o.connections < 1 || o.batch < 1) {
    std::fprintf(stderr, "usage: %s --port P --key KEY [--connections N] [--seconds S] [--batch B] [--format native|segment]\n", argv[0]);
    return 2;
  }
  std::vector<ThreadResult> results(static_cast<size_t>(o.connections));
  std::vector<std::thread> threads;
  const double cpu0 = CpuSeconds();
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  for (int t = 0; t < o.connections; ++t) threads.emplace_back(Run, std::cref(o), t, end, &results[static_cast<size_t>(t)]);
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = CpuSeconds() - cpu0;
  ThreadResult all;
  for (ThreadResult& r : results) {
    all.events += r.events;
    all.requests += r.requests;
    all.failures += r.failures;
    all.latency_ms.insert(all.latency_ms.end(), r.latency_ms.begin(), r.latency_ms.end());
    if (all.first_failure.empty()) all.first_failure = r.first_failure;
  }
  double p50 = Percentile(all.latency_ms, 0.50), p90 = Percentile(all.latency_ms, 0.90);
  double p99 = Percentile(all.latency_ms, 0.99), p999 = Percentile(all.latency_ms, 0.999);
  double max = all.latency_ms.empty() ? 0 : *std::max_element(all.latency_ms.begin(), all.latency_ms.end());
  std::string failure;
  for (char c : all.first_failure) failure += (c == '"' || c == '\\') ? ' ' : c;
  std::printf(
      "{\"connections\":%d,\"batch\":%d,\"format\":\"%s\",\"seconds\":%.2f,\"events\":%llu,"
      "\"requests\":%llu,\"failures\":%llu,\"events_per_s\":%.0f,\"p50_ms\":%.2f,\"p90_ms\":%.2f,"
      "\"p99_ms\":%.2f,\"p999_ms\":%.2f,\"max_ms\":%.2f,\"client_cpu_s\":%.2f,"
      "\"first_failure\":\"%s\"}\n",
      o.connections, o.batch, o.format.c_str(), wall, static_cast<unsigned long long>(all.events),
      static_cast<unsigned long long>(all.requests), static_cast<unsigned long long>(all.failures),
      static_cast<double>(all.events) / wall, p50, p90, p99, p999, max, cpu, failure.c_str());
  return all.failures == 0 ? 0 : 1;
}
