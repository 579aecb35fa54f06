// growloop: the server and the command-line tool. Every subcommand parses its flags, calls the
// library, and prints; exit status 0 on success, 1 on an error, 2 on bad usage, 3 when an import
// rejected rows (unless --allow-rejects).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/stats_json.h"
#include "config/config.h"
#include "demo/demo_data.h"
#include "env/env.h"
#include "ingest/cost_import.h"
#include "ingest/importer.h"
#include "meta/meta_store.h"
#include "query/dashboard.h"
#include "query/query_engine.h"
#include "server/http_server.h"

namespace growloop {
namespace {

constexpr int kExitError = 1;
constexpr int kExitRejected = 3;

struct GlobalFlags {
  std::string data_dir;
  std::string config_path;
};

int Fail(const Status& s) {
  std::fprintf(stderr, "growloop: %s\n", s.ToString().c_str());
  return kExitError;
}

Status LoadEffectiveConfig(const GlobalFlags& g, Config* config) {
  const char* env_dir = std::getenv("GROWLOOP_DATA_DIR");
  return LoadConfig(Env::Default(), g.config_path, g.data_dir, env_dir ? env_dir : "", config);
}

Status OpenCatalog(const Config& config, std::unique_ptr<Catalog>* catalog) {
  CatalogOptions options;
  options.data_dir = config.data_dir;
  options.store = config.store;
  options.identity.max_ids_per_person = static_cast<uint32_t>(config.identity.max_ids_per_person);
  return Catalog::Open(Env::Default(), options, catalog);
}

// The configuration, the opened data directory and, when asked for, one of its projects: what
// most subcommands start with.
struct Session {
  Config config;
  std::unique_ptr<Catalog> catalog;
  ProjectInfo project;
};

Status OpenSession(const GlobalFlags& g, const std::string* project_ref, Session* session) {
  RETURN_IF_ERROR(LoadEffectiveConfig(g, &session->config));
  RETURN_IF_ERROR(OpenCatalog(session->config, &session->catalog));
  if (project_ref == nullptr) return Status::Ok();
  return session->catalog->FindProject(*project_ref, &session->project);
}

int RunServe(const GlobalFlags& g, int port, const std::string& host) {
  Config config;
  Status s = LoadEffectiveConfig(g, &config);
  if (!s.ok()) return Fail(s);
  if (port >= 0) config.server.port = port;
  if (!host.empty()) config.server.host = host;
  s = config.Validate();
  if (!s.ok()) return Fail(s);

  // Signals are taken synchronously by this thread; every other thread starts with them blocked.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<Catalog> catalog;
  s = OpenCatalog(config, &catalog);
  if (!s.ok()) return Fail(s);
  ServerOptions options = ServerOptionsFromConfig(config);
  // The console: a configured directory must hold one; the default place may be empty (a build
  // without npm), and then the API alone is served.
  const std::string console_dir =
      config.server.console_dir.empty() ? ConsoleFiles::DefaultDir() : config.server.console_dir;
  if (!console_dir.empty()) {
    s = ConsoleFiles::Load(console_dir, &options.console);
    if (!s.ok()) return Fail(s.WithContext("server.console_dir"));
  }
  std::unique_ptr<HttpServer> server;
  s = HttpServer::Start(options, catalog.get(), &server);
  if (!s.ok()) return Fail(s);
  std::printf("growloop %s serving %s on http://%s:%u/\n", GROWLOOP_VERSION,
              config.data_dir.c_str(), config.server.host.c_str(), server->port());
  std::printf("  health: http://%s:%u/healthz   metrics: /metrics   API: /api/v1/openapi.json\n",
              config.server.host.c_str(), server->port());
  if (options.console) {
    std::printf("  console: http://%s:%u/ (%zu files from %s)\n", config.server.host.c_str(),
                server->port(), options.console->files(), options.console->dir().c_str());
  } else {
    std::printf("  console: not installed (build it with `make run`, which needs npm)\n");
  }
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  std::printf("growloop: stopping (signal %d)\n", sig);
  server->Stop();
  s = catalog->Close();
  if (!s.ok()) return Fail(s);
  return 0;
}

struct ImportFlags {
  std::vector<std::string> files;
  std::string project = "default";
  bool allow_rejects = false;
  bool json = false;
  bool no_progress = false;
  bool no_flush = false;
  bool wal = false;
};

int RunImport(const GlobalFlags& g, const ImportFlags& f) {
  const std::vector<std::string>& files = f.files;
  const bool json = f.json, no_flush = f.no_flush;
  Config config;
  Status s = LoadEffectiveConfig(g, &config);
  if (!s.ok()) return Fail(s);
  if (no_flush) {
    // Keeps every imported event in the WAL and ends the process without a flush, as a crash
    // right after the import would: what the recovery benchmark replays.
    config.store.memtable_max_rows = std::numeric_limits<size_t>::max();
    config.store.memtable_max_bytes = std::numeric_limits<size_t>::max();
    config.store.wal_file_max_bytes = std::numeric_limits<uint64_t>::max();
  }
  std::unique_ptr<Catalog> catalog;
  s = OpenCatalog(config, &catalog);
  if (!s.ok()) return Fail(s);
  ProjectInfo project;
  s = catalog->FindProject(f.project, &project);
  if (!s.ok()) return Fail(s);

  ImportOptions options;
  options.received_us = Env::Default()->NowMicros();
  options.show_progress = !f.no_progress && !json && isatty(STDERR_FILENO);
  // 4 MiB blocks keep the parsed blocks in flight to a few tens of MB at no measured cost in speed.
  options.block_bytes = 4u << 20;
  options.limits.max_event_bytes = static_cast<size_t>(config.limits.max_event_bytes);
  options.limits.min_ts_us = options.received_us - config.ingest.max_past_days * 86'400'000'000LL;
  options.limits.max_ts_us = options.received_us + config.ingest.max_future_seconds * 1'000'000LL;
  ImportSummary summary;
  Catalog* cat = catalog.get();
  // The import acknowledges nothing until its final flush, and running it again after a crash
  // skips what was stored: its events go to segments without passing through the WAL, unless
  // --wal asks for capture's path. --no-flush keeps them in the WAL, which is its whole point.
  const Durability durability = (f.wal || no_flush) ? Durability::kWal : Durability::kOnFlush;
  s = ImportFiles(
      Env::Default(), files, options,
      [cat, &project, durability](EventBatch batch, AppendResult* result) {
        return cat->Ingest(project.id, std::move(batch), result, durability);
      },
      &summary);
  if (!no_flush) {
    // Also after a failed import: what it accepted before the failure is stored, as counted.
    EventStore* store = nullptr;
    Status f = catalog->GetStore(project.id, &store);
    if (f.ok()) f = store->Flush();
    if (s.ok()) s = f;
  }
  if (json) {
    nlohmann::json out = ImportSummaryToJson(summary);
    out["project"] = project.name;
    if (!s.ok()) out["error"] = {{"code", ErrorCodeName(s.code())}, {"message", s.message()}};
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("%s", RenderImportSummaryText(summary).c_str());
  }
  std::fflush(stdout);
  if (no_flush) std::_Exit(s.ok() ? 0 : kExitError);
  Status c = catalog->Close();
  if (!s.ok()) return Fail(s);
  if (!c.ok()) return Fail(c);
  if (summary.rejected > 0 && !f.allow_rejects) return kExitRejected;
  return 0;
}

int RunStats(const GlobalFlags& g, const std::string& project_ref, bool json) {
  Session session;
  Status s = OpenSession(g, &project_ref, &session);
  if (!s.ok()) return Fail(s);
  Catalog* catalog = session.catalog.get();
  const ProjectInfo& project = session.project;
  StoreStats stats;
  s = catalog->Stats(project.id, true, &stats);
  if (!s.ok()) return Fail(s);
  if (json) {
    std::printf("%s\n", StoreStatsToJson(project.name, stats, true).dump(2).c_str());
  } else {
    std::printf("project %s: %llu events, %llu persons\n", project.name.c_str(),
                static_cast<unsigned long long>(stats.events),
                static_cast<unsigned long long>(stats.persons));
    std::printf("on disk: %.1f MB in %llu segments, %.1f MB of WAL (%.1f bytes/event)\n",
                static_cast<double>(stats.segment_bytes) / 1e6,
                static_cast<unsigned long long>(stats.segments),
                static_cast<double>(stats.wal_bytes) / 1e6,
                stats.events ? static_cast<double>(stats.segment_bytes + stats.wal_bytes) /
                                   static_cast<double>(stats.events)
                             : 0.0);
    std::printf("\n%-22s %12s\n", "event", "count");
    for (const auto& [name, count] : stats.per_event) {
      std::printf("%-22s %12llu\n", name.c_str(), static_cast<unsigned long long>(count));
    }
    std::printf("\n%-12s %12s\n", "day (UTC)", "events");
    for (const auto& [day, events] : stats.per_day) {
      uint64_t total = 0;
      for (const auto& [name, count] : events) total += count;
      std::printf("%-12s %12llu\n", day.c_str(), static_cast<unsigned long long>(total));
    }
  }
  return catalog->Close().ok() ? 0 : kExitError;
}

// Prints a query answer as text tables: one row per bucket, step or cohort.
void PrintQueryTable(const nlohmann::json& a) {
  auto num = [](const nlohmann::json& v) {
    if (v.is_null()) return std::string("-");
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    // Two decimals at most, trailing zeros dropped: 8153.4, 24.56, 0.5.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
    std::string t = buf;
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
  };
  const std::string kind = a.value("kind", "");
  if (kind == "trends") {
    std::printf("%-18s", "bucket");
    for (const auto& s : a["series"]) {
      std::string head =
          s.value("name", "") + " " + s.value("event", "") + " " + s.value("math", "");
      if (s.contains("breakdown_value"))
        head += " [" + s["breakdown_value"].get<std::string>() + "]";
      if (s.contains("compare")) head += " (previous)";
      std::printf(" %24s", head.substr(0, 24).c_str());
    }
    std::printf("\n");
    const auto& buckets = a["buckets"];
    for (size_t b = 0; b < buckets.size(); ++b) {
      std::printf("%-18s", buckets[b].get<std::string>().c_str());
      for (const auto& s : a["series"]) {
        std::printf(" %24s", b < s["values"].size() ? num(s["values"][b]).c_str() : "-");
      }
      std::printf("\n");
    }
    std::printf("%-18s", "total");
    for (const auto& s : a["series"]) std::printf(" %24s", num(s["total"]).c_str());
    std::printf("\n");
  } else if (kind == "funnel") {
    std::printf("%-5s %-24s %12s %10s %10s %14s\n", "step", "event", "persons", "of first",
                "of prev", "median secs");
    for (const auto& s : a["steps"]) {
      std::printf("%-5s %-24s %12s %9.2f%% %9.2f%% %14s\n", s["step"].dump().c_str(),
                  s["event"].get<std::string>().c_str(), s["persons"].dump().c_str(),
                  100 * s["conversion_from_first"].get<double>(),
                  100 * s["conversion_from_previous"].get<double>(),
                  num(s["median_seconds_to_convert"]).c_str());
    }
  } else if (kind == "retention") {
    std::printf("%-12s %10s", "cohort", "persons");
    const size_t width = a["cohorts"].empty() ? 0 : a["cohorts"][0]["values"].size();
    for (size_t n = 0; n < width; ++n) std::printf(" %8s", ("+" + std::to_string(n)).c_str());
    std::printf("\n");
    for (const auto& c : a["cohorts"]) {
      std::printf("%-12s %10s", c["date"].get<std::string>().c_str(), c["persons"].dump().c_str());
      for (const auto& v : c["values"]) std::printf(" %8s", num(v).c_str());
      std::printf("\n");
    }
  } else if (kind == "ltv") {
    const char* format = "%-16s %-10s %8s %8s %12s %12s %9s %9s %9s %9s %8s\n";
    std::printf(format, "channel", "cohort", "persons", "acq_evt", "revenue", "spend", "cac",
                "ltv7", "ltv30", "ltv90", "roi");
    for (const auto& ch : a["channels"]) {
      auto line = [&](const nlohmann::json& r, const std::string& cohort) {
        std::printf(format, ch["channel"].get<std::string>().substr(0, 16).c_str(), cohort.c_str(),
                    r["persons"].dump().c_str(), r["acquisition_event_persons"].dump().c_str(),
                    num(r["revenue"]).c_str(), num(r["spend"]).c_str(), num(r["cac"]).c_str(),
                    num(r["ltv7"]).c_str(), num(r["ltv30"]).c_str(), num(r["ltv90"]).c_str(),
                    num(r["roi"]).c_str());
      };
      for (const auto& c : ch["cohorts"]) line(c, c["cohort"].get<std::string>());
      line(ch, "total");
    }
  } else if (kind == "paths") {
    std::printf("%d paths from %s (%s)\n", a["paths_total"].get<int>(),
                a["anchor"].get<std::string>().c_str(), a["direction"].get<std::string>().c_str());
    std::printf("%-6s %-24s %-6s %-24s %10s\n", "step", "from", "step", "to", "paths");
    for (const auto& e : a["edges"]) {
      std::printf("%-6s %-24s %-6s %-24s %10s\n", e["from_step"].dump().c_str(),
                  e["from"].get<std::string>().c_str(), e["to_step"].dump().c_str(),
                  e["to"].get<std::string>().c_str(), e["count"].dump().c_str());
    }
  } else if (kind == "rfm") {
    std::printf("persons %s, sum recency %s, sum frequency %s, sum monetary %s (as of %s)\n",
                a["persons"].dump().c_str(), a["sum_recency"].dump().c_str(),
                a["sum_frequency"].dump().c_str(), num(a["sum_monetary"]).c_str(),
                a["as_of"].get<std::string>().c_str());
    std::printf("%-40s %8s %10s %12s\n", "person", "recency", "frequency", "monetary");
    for (const auto& r : a["rows"]) {
      std::printf("%-40s %8s %10s %12s\n", r["person"].get<std::string>().c_str(),
                  r["recency"].dump().c_str(), r["frequency"].dump().c_str(),
                  num(r["monetary"]).c_str());
    }
  } else if (kind == "persons") {
    std::printf("persons %s, events %s\n", a["persons"].dump().c_str(), a["events"].dump().c_str());
    std::printf("%-40s %8s %-27s %-27s\n", "person", "events", "first seen", "last seen");
    for (const auto& r : a["rows"]) {
      std::printf("%-40s %8s %-27s %-27s\n", r["person"].get<std::string>().c_str(),
                  r["events"].dump().c_str(), r["first_seen"].get<std::string>().c_str(),
                  r["last_seen"].get<std::string>().c_str());
    }
  }
}

// Reads a JSON file (or stdin for "-") for the option `flag`.
Status ReadJsonFile(const std::string& flag, const std::string& path, nlohmann::json* out) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFound(flag + ": cannot read " + path);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  *out = nlohmann::json::parse(text, nullptr, false);
  if (out->is_discarded()) return InvalidArgument(flag + ": " + path + " is not valid JSON");
  return Status::Ok();
}

int RunQuery(const GlobalFlags& g, const std::string& project_ref, const std::string& kind,
             const std::string& body_path, const std::string& format) {
  nlohmann::json body;
  if (Status read = ReadJsonFile("--body", body_path, &body); !read.ok()) return Fail(read);
  Session session;
  Status s = OpenSession(g, &project_ref, &session);
  if (!s.ok()) return Fail(s);
  QueryEngine engine(session.catalog.get(), QueryOptionsFromConfig(session.config));
  nlohmann::json answer;
  std::string field;
  s = engine.Run(session.project.id, kind, body, &answer, &field);
  if (!s.ok()) return Fail(s);
  if (format == "json") {
    std::printf("%s\n", answer.dump(2).c_str());
  } else {
    PrintQueryTable(answer);
  }
  return session.catalog->Close().ok() ? 0 : kExitError;
}

struct DashboardFlags {
  std::string project = "default";
  std::string action;  // list, show, save, delete, run
  std::string ref;     // id or name (show, delete, run)
  std::string file = "-";
  std::string from, to;
  std::string format = "table";
};

// growloop dashboard list|show|save|delete|run: the dashboards of docs/dashboards.md.
int RunDashboardCommand(const GlobalFlags& g, DashboardFlags f) {
  if (f.action != "list" && f.action != "save" && f.ref.empty()) {
    return Fail(InvalidArgument("dashboard " + f.action + ": name the dashboard (id or name)"));
  }
  nlohmann::json body;
  if (f.action == "save") {
    Status s = ReadJsonFile("--file", f.file, &body);
    if (!s.ok()) return Fail(s);
  }
  Session session;
  Status s = OpenSession(g, &f.project, &session);
  if (!s.ok()) return Fail(s);
  Catalog* catalog = session.catalog.get();
  const int64_t project = session.project.id;
  QueryEngine engine(catalog, QueryOptionsFromConfig(session.config));
  nlohmann::json out;
  if (f.action == "list") {
    std::vector<Dashboard> list;
    s = catalog->ListDashboards(project, &list);
    if (!s.ok()) return Fail(s);
    std::printf("%-6s %-32s %7s  %s\n", "id", "name", "queries", "updated");
    for (const Dashboard& d : list) {
      std::printf("%-6lld %-32s %7zu  %s\n", static_cast<long long>(d.id), d.name.c_str(),
                  d.items.size(), FormatTimestampUtc(d.updated_us).c_str());
    }
  } else if (f.action == "show") {
    Dashboard d;
    s = catalog->GetDashboard(project, f.ref, &d);
    if (!s.ok()) return Fail(s);
    std::printf("%s\n", DashboardJson(d).dump(2).c_str());
  } else if (f.action == "save") {
    // Saves under the body's name: a new dashboard, or the one of that name replaced.
    Dashboard d;
    std::string field;
    s = ParseDashboard(engine, project, body, &d, &field);
    Dashboard stored;
    const bool exists = s.ok() && catalog->GetDashboard(project, d.name, &stored).ok();
    if (s.ok() && exists) {
      d.id = stored.id;
      s = catalog->ReplaceDashboard(project, &d);
    } else if (s.ok()) {
      s = catalog->CreateDashboard(project, &d);
    }
    if (!s.ok()) return Fail(s);
    std::printf("%s dashboard %s (id %lld) with %zu queries\n", exists ? "replaced" : "created",
                d.name.c_str(), static_cast<long long>(d.id), d.items.size());
  } else if (f.action == "delete") {
    Dashboard d;
    s = catalog->GetDashboard(project, f.ref, &d);
    if (s.ok()) s = catalog->DeleteDashboard(project, d.id);
    if (!s.ok()) return Fail(s);
    std::printf("deleted dashboard %s (id %lld)\n", d.name.c_str(), static_cast<long long>(d.id));
  } else {
    Dashboard d;
    s = catalog->GetDashboard(project, f.ref, &d);
    DashboardRunOptions options;
    options.from = f.from;
    options.to = f.to;
    std::string field;
    if (s.ok()) s = RunDashboard(&engine, project, d, options, &out, &field);
    if (!s.ok()) return Fail(s);
    if (f.format == "json") {
      std::printf("%s\n", out.dump(2).c_str());
    } else {
      std::printf("dashboard %s: %zu queries\n", d.name.c_str(), d.items.size());
      for (const auto& r : out["results"]) {
        std::printf("\n== %s (%s)\n", r["title"].get<std::string>().c_str(),
                    r["kind"].get<std::string>().c_str());
        if (r.contains("error")) {
          std::printf("error %s: %s\n", r["error"]["code"].get<std::string>().c_str(),
                      r["error"]["message"].get<std::string>().c_str());
        } else {
          PrintQueryTable(r["answer"]);
        }
      }
    }
  }
  return catalog->Close().ok() ? 0 : kExitError;
}

int RunCompact(const GlobalFlags& g, const std::string& project_ref) {
  Session session;
  Status s = OpenSession(g, &project_ref, &session);
  Catalog* catalog = session.catalog.get();
  const ProjectInfo& project = session.project;
  EventStore* store = nullptr;
  if (s.ok()) s = catalog->GetStore(project.id, &store);
  if (s.ok()) s = store->Compact();
  if (!s.ok()) return Fail(s);
  StoreStats stats = store->Stats(false);
  std::printf("project %s: %llu segments, %.1f MB\n", project.name.c_str(),
              static_cast<unsigned long long>(stats.segments),
              static_cast<double>(stats.segment_bytes) / 1e6);
  return catalog->Close().ok() ? 0 : kExitError;
}

// Opens the data directory, which replays every project's WAL (what a restart after a crash
// does), reports how long that took, then writes the replayed events to segments.
int RunRecover(const GlobalFlags& g) {
  Config config;
  Status s = LoadEffectiveConfig(g, &config);
  if (!s.ok()) return Fail(s);
  Env* env = Env::Default();
  int64_t t0 = env->MonotonicMicros();
  std::unique_ptr<Catalog> catalog;
  s = OpenCatalog(config, &catalog);
  if (!s.ok()) return Fail(s);
  double open_s = static_cast<double>(env->MonotonicMicros() - t0) / 1e6;
  uint64_t replayed = 0;
  for (const ProjectInfo& p : catalog->ListProjects()) {
    EventStore* store = nullptr;
    s = catalog->GetStore(p.id, &store);
    if (!s.ok()) return Fail(s);
    replayed += store->Stats(false).memtable_rows;
  }
  std::printf("opened %s in %.2f s: %llu events replayed from the write-ahead log\n",
              config.data_dir.c_str(), open_s, static_cast<unsigned long long>(replayed));
  int64_t t1 = env->MonotonicMicros();
  for (const ProjectInfo& p : catalog->ListProjects()) {
    EventStore* store = nullptr;
    s = catalog->GetStore(p.id, &store);
    if (s.ok()) s = store->Flush();
    if (!s.ok()) return Fail(s);
  }
  std::printf("flushed them to segments in %.2f s\n",
              static_cast<double>(env->MonotonicMicros() - t1) / 1e6);
  return catalog->Close().ok() ? 0 : kExitError;
}

int RunKeys(const GlobalFlags& g, const std::string& project_ref);

int RunCreateProject(const GlobalFlags& g, const std::string& name, const std::string& tz) {
  Session session;
  Status s = OpenSession(g, nullptr, &session);
  if (!s.ok()) return Fail(s);
  Catalog* catalog = session.catalog.get();
  ProjectInfo project;
  s = catalog->CreateProject(name, tz, &project);
  if (!s.ok()) return Fail(s);
  std::printf("created project %s (id %lld, time zone %s)\n", project.name.c_str(),
              static_cast<long long>(project.id), project.time_zone.c_str());
  if (!catalog->Close().ok()) return kExitError;
  return RunKeys(g, project.name);
}

int RunKeys(const GlobalFlags& g, const std::string& project_ref) {
  // Reads meta.db only, without opening the event stores: works beside a running server, which
  // holds the stores' locks.
  Config config;
  Status s = LoadEffectiveConfig(g, &config);
  std::unique_ptr<MetaStore> meta;
  if (s.ok()) s = MetaStore::Open(Env::Default(), config.data_dir, &meta);
  ProjectInfo project;
  if (s.ok()) {
    bool numeric =
        !project_ref.empty() && project_ref.find_first_not_of("0123456789") == std::string::npos;
    s = numeric ? meta->GetProject(std::stoll(project_ref), &project)
                : meta->GetProjectByName(project_ref, &project);
  }
  std::vector<ApiKeyInfo> keys;
  if (s.ok()) s = meta->ListApiKeys(project.id, &keys);
  if (!s.ok()) return Fail(s);
  std::printf("project %s (id %lld)\n", project.name.c_str(), static_cast<long long>(project.id));
  for (const ApiKeyInfo& k : keys) {
    std::printf("  %-7s %s  id %lld%s%s\n", std::string(ApiKeyKindName(k.kind)).c_str(),
                k.key.c_str(), static_cast<long long>(k.id), k.label.empty() ? "" : "  ",
                k.label.c_str());
  }
  return 0;
}

// Stores the costs of a CSV file (docs/formats/costs.md) in meta.db, all rows or none. Like
// `keys`, it opens meta.db only, so it works beside a running server.
int RunImportCosts(const GlobalFlags& g, const std::string& path, const std::string& project_ref) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(NotFound("cannot read " + path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<CostEntry> costs;
  Status s = ParseCostsCsv(text, path, &costs);
  if (!s.ok()) return Fail(s);
  Config config;
  s = LoadEffectiveConfig(g, &config);
  std::unique_ptr<MetaStore> meta;
  if (s.ok()) s = MetaStore::Open(Env::Default(), config.data_dir, &meta);
  ProjectInfo project;
  if (s.ok()) {
    const bool numeric =
        !project_ref.empty() && project_ref.find_first_not_of("0123456789") == std::string::npos;
    s = numeric ? meta->GetProject(std::stoll(project_ref), &project)
                : meta->GetProjectByName(project_ref, &project);
  }
  CostWriteResult result;
  if (s.ok()) s = meta->PutCosts(project.id, costs, &result);
  if (!s.ok()) return Fail(s);
  std::printf("project %s: stored %zu cost rows from %s (%zu added, %zu replaced)\n",
              project.name.c_str(), costs.size(), path.c_str(), result.added, result.replaced);
  return 0;
}

int RunDemoData(const DemoOptions& options, const std::string& out) {
  DemoSummary summary;
  Status s = WriteDemoData(Env::Default(), options, out, &summary);
  if (!s.ok()) return Fail(s);
  std::printf("wrote %llu events of %llu persons to %s\n",
              static_cast<unsigned long long>(summary.events),
              static_cast<unsigned long long>(summary.persons), out.c_str());
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"Growloop: a self-hosted AI operations engine (events, analytics, actions)"};
  app.require_subcommand(1);
  app.fallthrough();  // --data-dir and --config also after the subcommand
  GlobalFlags g;
  app.add_option("--data-dir", g.data_dir,
                 "Data directory (default ./data, or $GROWLOOP_DATA_DIR, or the config file)");
  app.add_option("--config", g.config_path, "TOML config file (see docs/config.md)");

  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API and the console");
  int port = -1;
  std::string host;
  serve->add_option("--port", port, "Port (0: pick a free one and print it)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", host, "Address to listen on (default 127.0.0.1)");

  CLI::App* import = app.add_subcommand("import", "Load JSONL (.gz) or CSV files of events");
  ImportFlags import_flags;
  import->add_option("files", import_flags.files, "Files to import")->required();
  import->add_option("--project", import_flags.project, "Project name or id");
  import->add_flag("--allow-rejects", import_flags.allow_rejects,
                   "Exit 0 even when rows were rejected");
  import->add_flag("--json", import_flags.json, "Print the summary as JSON");
  import->add_flag("--no-progress", import_flags.no_progress, "Never draw the progress line");
  import->add_flag("--wal", import_flags.wal,
                   "Write every batch to the write-ahead log and fsync it, as capture does, "
                   "instead of acknowledging once after the final flush");
  import->add_flag("--no-flush", import_flags.no_flush,
                   "Leave the events in the write-ahead log and exit without a flush (benchmarks)");

  CLI::App* stats = app.add_subcommand("stats", "Events per day and per name, persons, bytes");
  std::string stats_project = "default";
  bool stats_json = false;
  stats->add_option("--project", stats_project, "Project name or id");
  stats->add_flag("--json", stats_json, "Print JSON (the same document as GET /api/v1/stats)");

  CLI::App* compact = app.add_subcommand(
      "compact", "Merge each day's segments into one now (queries read one segment a day fastest)");
  std::string compact_project = "default";
  compact->add_option("--project", compact_project, "Project name or id");

  CLI::App* query = app.add_subcommand(
      "query",
      "Run a query (trends, funnel, retention, rfm, paths, ltv, persons) described by a JSON body");
  std::string query_project = "default", query_kind, query_body = "-", query_format = "table";
  query->add_option("kind", query_kind, "trends, funnel, retention, rfm, paths, ltv or persons")
      ->required();
  query->add_option("--project", query_project, "Project name or id");
  query->add_option("--body", query_body,
                    "File with the JSON body (docs/query-api.md); - for stdin");
  query->add_option("--format", query_format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));

  CLI::App* dashboard = app.add_subcommand(
      "dashboard", "Saved sets of queries: list, show NAME, save --file F, delete NAME, run NAME");
  DashboardFlags dashboard_flags;
  dashboard->add_option("action", dashboard_flags.action, "list, show, save, delete or run")
      ->required()
      ->check(CLI::IsMember({"list", "show", "save", "delete", "run"}));
  dashboard->add_option("dashboard", dashboard_flags.ref, "Dashboard id or name");
  dashboard->add_option("--project", dashboard_flags.project, "Project name or id");
  dashboard->add_option("--file", dashboard_flags.file,
                        "save: the dashboard as JSON (docs/dashboards.md); - for stdin");
  dashboard->add_option("--from", dashboard_flags.from, "run: the range's start for every query");
  dashboard->add_option("--to", dashboard_flags.to, "run: the range's end for every query");
  dashboard->add_option("--format", dashboard_flags.format, "run: table or json")
      ->check(CLI::IsMember({"table", "json"}));

  CLI::App* demo = app.add_subcommand("demo-data", "Write the simulated demo data set");
  DemoOptions demo_options;
  std::string demo_out;
  demo->add_option("--out", demo_out, "Output file (.csv, .jsonl, optionally .gz)")->required();
  demo->add_option("--users", demo_options.users, "Persons to simulate");
  demo->add_option("--days", demo_options.days, "Days to simulate");
  demo->add_option("--seed", demo_options.seed, "Random seed");
  demo->add_option("--start", demo_options.start, "First day, YYYY-MM-DD (UTC)");

  CLI::App* create =
      app.add_subcommand("create-project", "Create a project with its own data and keys");
  std::string create_name, create_tz = "UTC";
  create->add_option("name", create_name, "Project name")->required();
  create->add_option("--time-zone", create_tz, "IANA time zone of the project, e.g. Asia/Shanghai");

  CLI::App* keys = app.add_subcommand(
      "keys", "Print a project's API keys (write key for SDKs, secret key for reading)");
  std::string keys_project = "default";
  keys->add_option("--project", keys_project, "Project name or id");

  CLI::App* import_costs = app.add_subcommand(
      "import-costs", "Store marketing costs from a CSV file (date,channel,campaign,spend)");
  std::string costs_file, costs_project = "default";
  import_costs->add_option("file", costs_file, "CSV file (docs/formats/costs.md)")->required();
  import_costs->add_option("--project", costs_project, "Project name or id");

  CLI::App* recover = app.add_subcommand(
      "recover", "Open the data directory (replaying the WAL), report the time, flush to segments");

  app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*serve) return RunServe(g, port, host);
  if (*import) return RunImport(g, import_flags);
  if (*stats) return RunStats(g, stats_project, stats_json);
  if (*compact) return RunCompact(g, compact_project);
  if (*query) return RunQuery(g, query_project, query_kind, query_body, query_format);
  if (*dashboard) return RunDashboardCommand(g, dashboard_flags);
  if (*demo) return RunDemoData(demo_options, demo_out);
  if (*recover) return RunRecover(g);
  if (*keys) return RunKeys(g, keys_project);
  if (*import_costs) return RunImportCosts(g, costs_file, costs_project);
  if (*create) return RunCreateProject(g, create_name, create_tz);
  std::printf("growloop %s\n", GROWLOOP_VERSION);
  return 0;
}

}  // namespace
}  // namespace growloop

int main(int argc, char** argv) {
  return growloop::Main(argc, argv);
}
