#include <gtest/gtest.h>

#include <string>

#include "config/config.h"

namespace growloop {
namespace {

Status ParseAndValidate(const std::string& text, Config* config) {
  RETURN_IF_ERROR(ParseConfig(text, "test.toml", config));
  return config->Validate();
}

TEST(Config, DefaultsAreValid) {
  Config config;
  EXPECT_TRUE(config.Validate().ok());
  EXPECT_EQ(config.server.host, "127.0.0.1");
  EXPECT_EQ(config.server.port, 8080);
  EXPECT_EQ(config.server.threads, 16);
  EXPECT_FALSE(config.server.require_auth);
}

TEST(Config, ReadsEverySection) {
  Config config;
  Status s = ParseAndValidate(R"(
data_dir = "/var/lib/growloop"
log_level = "debug"
[server]
host = "0.0.0.0"
port = 9000
threads = 4
require_auth = true
[limits]
max_request_bytes = 1048576
max_events_per_batch = 500
max_event_bytes = 32768
[ingest]
max_past_days = 30
max_future_seconds = 60
[store]
memtable_max_rows = 1000
segment_zstd_level = 5
background_compaction = false
)",
                              &config);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(config.data_dir, "/var/lib/growloop");
  EXPECT_EQ(config.log_level, "debug");
  EXPECT_EQ(config.server.host, "0.0.0.0");
  EXPECT_EQ(config.server.port, 9000);
  EXPECT_EQ(config.server.threads, 4);
  EXPECT_TRUE(config.server.require_auth);
  EXPECT_EQ(config.limits.max_request_bytes, 1048576);
  EXPECT_EQ(config.limits.max_events_per_batch, 500);
  EXPECT_EQ(config.limits.max_event_bytes, 32768);
  EXPECT_EQ(config.ingest.max_past_days, 30);
  EXPECT_EQ(config.ingest.max_future_seconds, 60);
  EXPECT_EQ(config.store.memtable_max_rows, 1000u);
  EXPECT_EQ(config.store.segment_zstd_level, 5);
  EXPECT_FALSE(config.store.background_compaction);
  // Untouched fields keep their defaults.
  EXPECT_EQ(config.store.wal_file_max_bytes, StoreOptions().wal_file_max_bytes);
}

TEST(Config, PortOutOfRangeNamesTheField) {
  Config config;
  Status s = ParseAndValidate("[server]\nport = 70000\n", &config);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "server.port: must be 0..65535, got 70000");
}

TEST(Config, EachBadValueNamesItsField) {
  const std::pair<const char*, const char*> cases[] = {
      {"log_level = \"loud\"", "log_level:"},
      {"data_dir = \"\"", "data_dir:"},
      {"[server]\nthreads = 0", "server.threads:"},
      {"[server]\nhost = \"\"", "server.host:"},
      {"[limits]\nmax_request_bytes = 10", "limits.max_request_bytes:"},
      {"[limits]\nmax_events_per_batch = 0", "limits.max_events_per_batch:"},
      {"[limits]\nmax_request_bytes = 2048\nmax_event_bytes = 4096", "limits.max_event_bytes:"},
      {"[ingest]\nmax_past_days = 0", "ingest.max_past_days:"},
      {"[ingest]\nmax_future_seconds = -1", "ingest.max_future_seconds:"},
      {"[store]\nsegment_zstd_level = 30", "store.segment_zstd_level:"},
      {"[store]\nmemtable_max_rows = -5", "store.memtable_max_rows:"},
      {"[store]\ncompaction_trigger_segments = 1", "store.compaction_trigger_segments:"},
  };
  for (const auto& [text, field] : cases) {
    Config config;
    Status s = ParseAndValidate(text, &config);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(s.message().rfind(field, 0), 0u) << text << " -> " << s.message();
  }
}

TEST(Config, WrongTypeNamesTheFieldAndTheType) {
  Config config;
  Status s = ParseConfig("[server]\nport = \"8080\"\n", "test.toml", &config);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("server.port: must be an integer, got string", 0), 0u)
      << s.message();
  s = ParseConfig("[server]\nrequire_auth = 1\n", "test.toml", &config);
  EXPECT_EQ(s.message().rfind("server.require_auth: must be true or false", 0), 0u)
      << s.message();
}

TEST(Config, UnknownKeyOrSectionIsAnError) {
  Config config;
  Status s = ParseConfig("[server]\nprot = 1\n", "test.toml", &config);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("server.prot: unknown key", 0), 0u) << s.message();
  s = ParseConfig("[sever]\nport = 1\n", "test.toml", &config);
  EXPECT_EQ(s.message().rfind("sever: unknown section", 0), 0u) << s.message();
}

TEST(Config, SyntaxErrorNamesFileAndLine) {
  Config config;
  Status s = ParseConfig("a = 1\n[server\n", "growloop.toml", &config);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("growloop.toml:2:", 0), 0u) << s.message();
}

TEST(Config, FailedParseLeavesConfigUnchanged) {
  Config config;
  Status s = ParseConfig("[server]\nport = 9000\nbogus = 1\n", "test.toml", &config);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(config.server.port, 8080);
}

TEST(Config, DataDirFlagBeatsEnvironmentBeatsFile) {
  Config config;
  ASSERT_TRUE(LoadConfig(Env::Default(), "", "", "", &config).ok());
  EXPECT_EQ(config.data_dir, "data");
  ASSERT_TRUE(LoadConfig(Env::Default(), "", "", "/from/env", &config).ok());
  EXPECT_EQ(config.data_dir, "/from/env");
  ASSERT_TRUE(LoadConfig(Env::Default(), "", "/from/flag", "/from/env", &config).ok());
  EXPECT_EQ(config.data_dir, "/from/flag");
}

TEST(Config, MissingFileIsAnErrorNamingIt) {
  Config config;
  Status s = LoadConfig(Env::Default(), "/nonexistent/growloop.toml", "", "", &config);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent/growloop.toml"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace growloop

namespace growloop {
namespace {

std::string RepoFile(const std::string& name) {
  std::string path = std::string(GROWLOOP_TEST_DATA_DIR) + "/../../" + name;
  std::string text;
  Status s = ReadFileToString(Env::Default(), path, &text);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return text;
}

TEST(ConfigDocs, ExampleFileSetsEveryFieldToItsDefault) {
  std::string text = RepoFile("growloop.example.toml");
  Config parsed;
  parsed.server.port = 1;  // proves the file sets it
  Status s = ParseConfig(text, "growloop.example.toml", &parsed);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_TRUE(parsed.Validate().ok());
  Config defaults;
  EXPECT_EQ(parsed.data_dir, defaults.data_dir);
  EXPECT_EQ(parsed.log_level, defaults.log_level);
  EXPECT_EQ(parsed.server.host, defaults.server.host);
  EXPECT_EQ(parsed.server.port, defaults.server.port);
  EXPECT_EQ(parsed.server.threads, defaults.server.threads);
  EXPECT_EQ(parsed.server.require_auth, defaults.server.require_auth);
  EXPECT_EQ(parsed.server.idle_timeout_seconds, defaults.server.idle_timeout_seconds);
  EXPECT_EQ(parsed.server.shutdown_grace_seconds, defaults.server.shutdown_grace_seconds);
  EXPECT_EQ(parsed.limits.max_request_bytes, defaults.limits.max_request_bytes);
  EXPECT_EQ(parsed.limits.max_events_per_batch, defaults.limits.max_events_per_batch);
  EXPECT_EQ(parsed.limits.max_event_bytes, defaults.limits.max_event_bytes);
  EXPECT_EQ(parsed.ingest.max_past_days, defaults.ingest.max_past_days);
  EXPECT_EQ(parsed.ingest.max_future_seconds, defaults.ingest.max_future_seconds);
  EXPECT_EQ(parsed.store.memtable_max_rows, defaults.store.memtable_max_rows);
  EXPECT_EQ(parsed.store.memtable_max_bytes, defaults.store.memtable_max_bytes);
  EXPECT_EQ(parsed.store.wal_file_max_bytes, defaults.store.wal_file_max_bytes);
  EXPECT_EQ(parsed.store.segment_zstd_level, defaults.store.segment_zstd_level);
  EXPECT_EQ(parsed.store.compaction_trigger_segments,
            defaults.store.compaction_trigger_segments);
  EXPECT_EQ(parsed.store.compaction_small_rows, defaults.store.compaction_small_rows);
  EXPECT_EQ(parsed.store.background_compaction, defaults.store.background_compaction);
  EXPECT_EQ(parsed.store.dedup_cache_max_ids, defaults.store.dedup_cache_max_ids);
}

TEST(ConfigDocs, EveryFieldIsInTheExampleAndTheReference) {
  std::string example = RepoFile("growloop.example.toml");
  std::string reference = RepoFile("docs/config.md");
  for (const std::string& name : ConfigFieldNames()) {
    std::string key = name.substr(name.rfind('.') + 1);
    EXPECT_NE(example.find("\n" + key + " = "), std::string::npos) << name;
    EXPECT_NE(reference.find("`" + name + "`"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace growloop
