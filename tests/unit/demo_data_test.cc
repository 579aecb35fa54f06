// The demo data generator's output contract: determinism, formats, row validity and errors.
#include "demo/demo_data.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace growloop {
namespace {

DemoOptions Small(uint64_t seed = 42) {
  DemoOptions o;
  o.users = 300;
  o.days = 10;
  o.seed = seed;
  return o;
}

std::string Text(const DemoOptions& o, DemoOutputKind kind, DemoSummary* summary = nullptr) {
  std::string out;
  Status s = WriteDemoText(
      o, kind,
      [&](std::string_view data) {
        out.append(data);
        return Status::Ok();
      },
      summary);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The generator's values never need quoting, so a plain split is a faithful CSV parse here; the
// test checks that assumption too.
std::vector<std::string> SplitCsv(const std::string& line) {
  EXPECT_EQ(line.find('"'), std::string::npos) << line;
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

struct Row {
  std::map<std::string, std::string> f;
  const std::string& operator[](const std::string& k) const { return f.at(k); }
};

std::vector<Row> CsvRows(const std::string& text) {
  auto lines = Lines(text);
  EXPECT_FALSE(lines.empty());
  auto header = SplitCsv(lines[0]);
  std::vector<Row> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto fields = SplitCsv(lines[i]);
    EXPECT_EQ(fields.size(), header.size()) << lines[i];
    Row r;
    for (size_t j = 0; j < header.size() && j < fields.size(); ++j) r.f[header[j]] = fields[j];
    rows.push_back(std::move(r));
  }
  return rows;
}

TEST(DemoData, SameOptionsGiveByteIdenticalOutput) {
  std::string a = Text(Small(), {DemoFileFormat::kCsv, false});
  std::string b = Text(Small(), {DemoFileFormat::kCsv, false});
  EXPECT_GT(a.size(), 10000u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(Text(Small(), {DemoFileFormat::kJsonl, true}),
            Text(Small(), {DemoFileFormat::kJsonl, true}));
}

TEST(DemoData, DifferentSeedGivesDifferentData) {
  EXPECT_NE(Text(Small(1), {DemoFileFormat::kCsv, false}),
            Text(Small(2), {DemoFileFormat::kCsv, false}));
}

TEST(DemoData, CsvHeaderNamesTheFourteenColumns) {
  auto lines = Lines(Text(Small(), {DemoFileFormat::kCsv, false}));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "event_id,ts,user_id,anonymous_id,event,channel,campaign,platform,city,item_id,"
            "category,amount,experiment,variant");
}

TEST(DemoData, EveryRowIsWellFormed) {
  DemoSummary summary;
  auto rows = CsvRows(Text(Small(), {DemoFileFormat::kCsv, false}, &summary));
  ASSERT_EQ(rows.size(), summary.events);
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::regex ts("2026-01-(0[1-9]|10)T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}Z");
  const std::regex uid("u[0-9]{9}");
  const std::regex aid("[0-9a-f]{16}");
  const std::regex item("i[0-9]{6}");
  const std::regex amount("[0-9]+\\.[0-9]{2}");
  const std::set<std::string> names(DemoEventNames().begin(), DemoEventNames().end());
  const std::set<std::string> platforms = {"android", "ios", "miniprogram", "web"};
  std::set<std::string> ids;
  std::string prev_ts;
  for (const Row& r : rows) {
    EXPECT_TRUE(std::regex_match(r["event_id"], uuid)) << r["event_id"];
    EXPECT_TRUE(std::regex_match(r["ts"], ts)) << r["ts"];
    EXPECT_LE(prev_ts, r["ts"]);
    prev_ts = r["ts"];
    EXPECT_TRUE(ids.insert(r["event_id"]).second) << "duplicate " << r["event_id"];
    EXPECT_TRUE(r["user_id"].empty() || std::regex_match(r["user_id"], uid)) << r["user_id"];
    EXPECT_TRUE(std::regex_match(r["anonymous_id"], aid));
    EXPECT_TRUE(names.count(r["event"])) << r["event"];
    EXPECT_TRUE(platforms.count(r["platform"])) << r["platform"];
    EXPECT_FALSE(r["city"].empty());
    EXPECT_FALSE(r["channel"].empty());
    EXPECT_TRUE(r["item_id"].empty() || std::regex_match(r["item_id"], item));
    if (r["event"] == "purchase") {
      EXPECT_TRUE(std::regex_match(r["amount"], amount)) << r["amount"];
      EXPECT_GT(std::stod(r["amount"]), 0.0);
    } else {
      EXPECT_EQ(r["amount"], "") << r["event"];
    }
    EXPECT_EQ(r["experiment"].empty(), r["variant"].empty());
  }
}

TEST(DemoData, EventIdStartsWithTheTimestampInMilliseconds) {
  std::vector<std::pair<std::string, int64_t>> seen;
  ASSERT_TRUE(GenerateDemoEvents(
                  Small(),
                  [&](const DemoEvent& e) {
                    seen.emplace_back(std::string(e.event_id), e.ts_ms);
                    return Status::Ok();
                  },
                  nullptr)
                  .ok());
  ASSERT_FALSE(seen.empty());
  for (const auto& [id, ms] : seen) {
    std::string hex = id.substr(0, 8) + id.substr(9, 4);
    EXPECT_EQ(std::stoll(hex, nullptr, 16), ms) << id;
  }
  // 2026-01-01T00:00:00Z
  EXPECT_GE(seen.front().second, 1767225600000);
  EXPECT_LT(seen.back().second, 1767225600000 + 10 * 86400000LL);
}

TEST(DemoData, UserIdAppearsAtSignupAndStaysForTheRestOfThePerson) {
  auto rows = CsvRows(Text(Small(), {DemoFileFormat::kCsv, false}));
  std::map<std::string, std::string> user_of;   // anonymous id -> user id once known
  std::map<std::string, std::string> anon_of;   // user id -> anonymous id
  std::map<std::string, int> signups;
  for (const Row& r : rows) {
    const std::string& a = r["anonymous_id"];
    if (r["event"] == "signup") {
      EXPECT_FALSE(r["user_id"].empty());
      EXPECT_EQ(user_of.count(a), 0u) << "signed up after having a user id: " << a;
      ++signups[a];
    }
    if (user_of.count(a)) {
      EXPECT_EQ(r["user_id"], user_of[a]) << "user id lost or changed for " << a;
    } else if (!r["user_id"].empty()) {
      user_of[a] = r["user_id"];
      auto [it, fresh] = anon_of.emplace(r["user_id"], a);
      EXPECT_TRUE(fresh) << "user id " << r["user_id"] << " shared by two persons";
    }
  }
  for (const auto& [a, n] : signups) EXPECT_EQ(n, 1) << a;
  EXPECT_FALSE(signups.empty());
}

TEST(DemoData, PlatformAndCityAreFixedPerPerson) {
  auto rows = CsvRows(Text(Small(), {DemoFileFormat::kCsv, false}));
  std::map<std::string, std::pair<std::string, std::string>> first;
  for (const Row& r : rows) {
    auto [it, fresh] = first.emplace(r["anonymous_id"], std::make_pair(r["platform"], r["city"]));
    EXPECT_EQ(it->second.first, r["platform"]);
    EXPECT_EQ(it->second.second, r["city"]);
  }
}

TEST(DemoData, JsonLinesCarryTheSameRowsAsCsv) {
  DemoSummary summary;
  auto lines = Lines(Text(Small(), {DemoFileFormat::kJsonl, false}, &summary));
  auto rows = CsvRows(Text(Small(), {DemoFileFormat::kCsv, false}));
  ASSERT_EQ(lines.size(), summary.events);
  ASSERT_EQ(lines.size(), rows.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    auto j = nlohmann::json::parse(lines[i]);
    ASSERT_EQ(j.size(), DemoColumns().size());
    for (std::string_view col : DemoColumns()) {
      std::string c(col);
      if (c == "amount") {
        if (rows[i][c].empty()) {
          EXPECT_TRUE(j[c].is_null());
        } else {
          EXPECT_TRUE(j[c].is_number());
          EXPECT_NEAR(j[c].get<double>(), std::stod(rows[i][c]), 1e-9);
        }
      } else {
        EXPECT_EQ(j[c].get<std::string>(), rows[i][c]) << c;
      }
    }
  }
}

TEST(DemoData, GzipOutputInflatesToThePlainText) {
  std::string plain = Text(Small(), {DemoFileFormat::kCsv, false});
  std::string packed = Text(Small(), {DemoFileFormat::kCsv, true});
  ASSERT_GT(packed.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
  EXPECT_LT(packed.size(), plain.size() / 3);
  z_stream zs{};
  ASSERT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(plain.size() + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(packed.data());
  zs.avail_in = static_cast<uInt>(packed.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_EQ(out, plain);
}

TEST(DemoData, SummaryMatchesTheRows) {
  DemoSummary summary;
  auto rows = CsvRows(Text(Small(), {DemoFileFormat::kCsv, false}, &summary));
  std::map<std::string, uint64_t> by_name;
  std::set<std::string> persons, signed_up;
  for (const Row& r : rows) {
    ++by_name[r["event"]];
    persons.insert(r["anonymous_id"]);
    if (!r["user_id"].empty()) signed_up.insert(r["anonymous_id"]);
  }
  EXPECT_EQ(summary.events, rows.size());
  EXPECT_EQ(summary.persons, persons.size());
  EXPECT_LE(summary.persons, 300u);
  EXPECT_EQ(summary.signed_up_persons, signed_up.size());
  for (std::string_view name : DemoEventNames()) {
    EXPECT_EQ(summary.EventsNamed(name), by_name[std::string(name)]) << name;
  }
  EXPECT_EQ(summary.EventsNamed("no_such_event"), 0u);
}

TEST(DemoData, WriteDemoDataWritesTheFileByExtension) {
  const std::string dir = testing::TempDir() + "/demo_data_test_write";
  const std::string csv = dir + "/events.csv";
  const std::string jsonl_gz = dir + "/events.jsonl.gz";
  Env* env = Env::Default();
  DemoSummary summary;
  Status s = WriteDemoData(env, Small(), csv, &summary);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string text;
  ASSERT_TRUE(ReadFileToString(env, csv, &text).ok());
  EXPECT_EQ(text, Text(Small(), {DemoFileFormat::kCsv, false}));
  EXPECT_EQ(Lines(text).size(), summary.events + 1);
  EXPECT_FALSE(env->FileExists(csv + ".tmp"));

  ASSERT_TRUE(WriteDemoData(env, Small(), jsonl_gz, nullptr).ok());
  ASSERT_TRUE(ReadFileToString(env, jsonl_gz, &text).ok());
  EXPECT_EQ(text, Text(Small(), {DemoFileFormat::kJsonl, true}));
  EXPECT_TRUE(env->DeleteFile(csv).ok());
  EXPECT_TRUE(env->DeleteFile(jsonl_gz).ok());
}

TEST(DemoData, UnknownExtensionIsInvalidArgument) {
  const std::string path = testing::TempDir() + "/demo_data_test_events.parquet";
  Status s = WriteDemoData(Env::Default(), Small(), path, nullptr);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find(".parquet"), std::string::npos) << s.message();
  EXPECT_FALSE(Env::Default()->FileExists(path));
  EXPECT_FALSE(Env::Default()->FileExists(path + ".tmp"));

  auto csv_gz = DemoOutputKindForPath("out/x.csv.gz");
  ASSERT_TRUE(csv_gz.ok());
  EXPECT_EQ(csv_gz->format, DemoFileFormat::kCsv);
  EXPECT_TRUE(csv_gz->gzip);
  auto jsonl = DemoOutputKindForPath("x.jsonl");
  ASSERT_TRUE(jsonl.ok());
  EXPECT_EQ(jsonl->format, DemoFileFormat::kJsonl);
  EXPECT_FALSE(jsonl->gzip);
  EXPECT_FALSE(DemoOutputKindForPath("x.gz").ok());
}

TEST(DemoData, BadOptionsAreInvalidArgumentNamingTheField) {
  struct Case {
    const char* field;
    DemoOptions options;
  };
  std::vector<Case> cases;
  DemoOptions o = Small();
  o.users = 0;
  cases.push_back({"users", o});
  o = Small();
  o.days = 0;
  cases.push_back({"days", o});
  o = Small();
  o.start = "2026-02-30";
  cases.push_back({"start", o});
  o = Small();
  o.start = "2026-1-1";
  cases.push_back({"start", o});
  o = Small();
  o.items = 3;
  cases.push_back({"items", o});
  o = Small();
  o.experiment_lift = 5;
  cases.push_back({"experiment_lift", o});
  o = Small();
  o.experiment_start_day = 11;
  cases.push_back({"experiment_start_day", o});
  for (const Case& c : cases) {
    Status s = ValidateDemoOptions(c.options);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_NE(s.message().find(c.field), std::string::npos) << s.message();
    EXPECT_EQ(GenerateDemoEvents(c.options, [](const DemoEvent&) { return Status::Ok(); },
                                 nullptr)
                  .code(),
              ErrorCode::kInvalidArgument);
  }
  DemoOptions leap = Small();
  leap.start = "2028-02-29";
  EXPECT_TRUE(ValidateDemoOptions(leap).ok());
}

TEST(DemoData, SinkErrorStopsGenerationAndIsReturned) {
  int calls = 0;
  Status s = GenerateDemoEvents(
      Small(),
      [&](const DemoEvent&) {
        return ++calls == 5 ? IoError("disk unplugged") : Status::Ok();
      },
      nullptr);
  EXPECT_EQ(s.code(), ErrorCode::kIoError);
  EXPECT_EQ(calls, 5);
}

}  // namespace
}  // namespace growloop
