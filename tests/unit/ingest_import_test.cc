// End-to-end tests of ImportFiles: formats, flavours, typing, ids, rejections, errors.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "env/env.h"
#include "ingest/importer.h"
#include "test_util.h"

namespace growloop {
namespace {

constexpr int64_t kReceived = 1'769'904'000'000'000;  // 2026-02-01T00:00:00Z
constexpr int64_t kJan1_2026 = 1'767'225'600'000'000;

std::string DataPath(const std::string& name) {
  const char* dir = std::getenv("GROWLOOP_TEST_DATA_DIR");
  return std::string(dir != nullptr ? dir : GROWLOOP_TEST_DATA_DIR) + "/ingest/" + name;
}

std::string TempPath(const std::string& name) {
  return JoinPath(::testing::TempDir(), "ingest_test_" + name);
}

void WriteFile(const std::string& path, const std::string& data) {
  ASSERT_TRUE(WriteFileAtomic(Env::Default(), path, data).ok());
}

using testing::Gzip;

using Value = std::variant<std::string, double, bool, int64_t>;

// One event with its properties by name, independent of column order in the batch.
struct Row {
  std::string id;
  int64_t ts = 0;
  int64_t received = 0;
  std::string distinct_id, anonymous_id, event;
  std::map<std::string, Value> props;
  bool operator==(const Row&) const = default;
};

struct Collected {
  std::vector<Row> rows;
  std::vector<size_t> batch_sizes;
};

std::vector<Row> RowsOf(const EventBatch& b) {
  std::vector<Row> rows;
  for (size_t i = 0; i < b.rows(); ++i) {
    Row r{std::string(b.id(i)),        b.ts(i),
          b.received(i),               std::string(b.distinct_id(i)),
          std::string(b.anonymous_id(i)), std::string(b.event(i)),
          {}};
    for (const PropertyColumn& c : b.properties()) {
      if (!c.valid[i]) continue;
      switch (c.type) {
        case ValueType::kString: r.props[c.name] = std::string(c.strings.Get(i)); break;
        case ValueType::kNumber: r.props[c.name] = c.numbers[i]; break;
        case ValueType::kBool: r.props[c.name] = c.ints[i] != 0; break;
        case ValueType::kTimestamp: r.props[c.name] = c.ints[i]; break;
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

ImportOptions TestOptions() {
  ImportOptions o;
  o.received_us = kReceived;
  return o;
}

Status Import(const std::vector<std::string>& paths, const ImportOptions& options,
              Collected* got, ImportSummary* summary) {
  EventSink sink = [got](EventBatch batch, AppendResult* result) {
    got->batch_sizes.push_back(batch.rows());
    for (Row& r : RowsOf(batch)) got->rows.push_back(std::move(r));
    result->accepted = batch.rows();
    return Status::Ok();
  };
  return ImportFiles(Env::Default(), paths, options, sink, summary);
}

Collected MustImport(const std::vector<std::string>& paths, ImportSummary* summary,
                     const ImportOptions& options = TestOptions()) {
  Collected got;
  Status s = Import(paths, options, &got, summary);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return got;
}

TEST(Importer, FlatCsvMapsCoreFieldsAndTypesProperties) {
  ImportSummary summary;
  Collected got = MustImport({DataPath("flat.csv")}, &summary);
  EXPECT_EQ(summary.rows_read, 3u);
  EXPECT_EQ(summary.accepted, 3u);
  EXPECT_EQ(summary.rejected, 0u);
  ASSERT_EQ(got.rows.size(), 3u);
  const Row& a = got.rows[0];
  EXPECT_EQ(a.id, "e1");
  EXPECT_EQ(a.ts, kJan1_2026 + 6'807'000);
  EXPECT_EQ(a.received, kReceived);
  EXPECT_EQ(a.distinct_id, "u1");
  EXPECT_EQ(a.anonymous_id, "a1");
  EXPECT_EQ(a.event, "app_open");
  // Empty cells are absent.
  EXPECT_EQ(a.props, (std::map<std::string, Value>{{"channel", std::string("kuaishou")},
                                                   {"platform", std::string("android")},
                                                   {"city", std::string("Dalian")}}));
  const Row& b = got.rows[1];
  EXPECT_EQ(b.distinct_id, "a2");  // no user id: the anonymous id
  EXPECT_EQ(b.anonymous_id, "a2");
  EXPECT_EQ(b.props.at("amount"), Value(129.5));
  EXPECT_EQ(b.props.at("item_id"), Value(std::string("i000123")));
  EXPECT_EQ(b.props.at("campaign"), Value(std::string("spring, sale")));
  const Row& c = got.rows[2];
  EXPECT_EQ(c.props.at("campaign"), Value(std::string("say \"hi\"")));
  EXPECT_EQ(c.props.at("category"), Value(std::string("multi\nline")));
}

TEST(Importer, FlatJsonLinesAndCsvOfTheSameDataGiveIdenticalEvents) {
  ImportSummary s1, s2;
  Collected csv = MustImport({DataPath("flat.csv")}, &s1);
  Collected json = MustImport({DataPath("flat.jsonl")}, &s2);
  ASSERT_EQ(csv.rows.size(), 3u);
  EXPECT_EQ(csv.rows, json.rows);
}

TEST(Importer, SegmentCallsAreFlattenedWithDottedPaths) {
  ImportSummary summary;
  Collected got = MustImport({DataPath("segment.jsonl")}, &summary);
  ASSERT_EQ(summary.rejected, 0u) << RenderImportSummaryText(summary);
  ASSERT_EQ(got.rows.size(), 3u);
  const Row& t = got.rows[0];
  EXPECT_EQ(t.id, "msg-1");
  EXPECT_EQ(t.event, "Order Completed");
  EXPECT_EQ(t.distinct_id, "u42");
  EXPECT_EQ(t.anonymous_id, "anon-42");
  EXPECT_EQ(t.ts, kJan1_2026 + 2 * 86'400'000'000LL);  // 08:00+08:00 is midnight UTC
  std::map<std::string, Value> want = {
      {"revenue", 99.9},
      {"currency", std::string("CNY")},
      {"items", std::string(R"([{"sku":"a"},{"sku":"b"}])")},
      {"shipping.method", std::string("express")},
      {"shipping.days", 2.0},
      {"context.os.name", std::string("iOS")},
      {"context.os.version", std::string("17.1")},
      {"context.app.build", std::string("512")},
      {"context.ip", std::string("203.0.113.7")},
      {"integrations.All", true},
  };
  EXPECT_EQ(t.props, want);

  const Row& page = got.rows[1];
  EXPECT_EQ(page.event, "$page");
  EXPECT_EQ(page.distinct_id, "anon-7");
  EXPECT_EQ(page.ts, kJan1_2026 + 2 * 86'400'000'000LL + 3'723'500'000LL);  // originalTimestamp
  EXPECT_EQ(page.props.at("name"), Value(std::string("Home")));
  EXPECT_EQ(page.props.at("path"), Value(std::string("/")));
  EXPECT_EQ(page.props.count("type"), 0u);

  const Row& identify = got.rows[2];
  EXPECT_EQ(identify.event, "$identify");
  EXPECT_EQ(identify.props.at("traits.plan"), Value(std::string("pro")));
  EXPECT_EQ(identify.id.substr(0, 4), "gen-");
  EXPECT_EQ(identify.id.size(), 36u);
}

TEST(Importer, NativeRowsAndTypeOutsideSegmentIsAProperty) {
  ImportSummary summary;
  Collected got = MustImport({DataPath("native.jsonl")}, &summary);
  ASSERT_EQ(got.rows.size(), 2u) << RenderImportSummaryText(summary);
  const Row& n = got.rows[0];
  EXPECT_EQ(n.id, "n1");
  EXPECT_EQ(n.distinct_id, "p1");
  EXPECT_EQ(n.anonymous_id, "a1");
  EXPECT_EQ(n.event, "signup");
  EXPECT_EQ(n.props, (std::map<std::string, Value>{{"channel", std::string("douyin")},
                                                   {"amount", 0.0},
                                                   {"vip", false},
                                                   {"type", std::string("x")}}));
  const Row& flat = got.rows[1];
  EXPECT_EQ(flat.ts, kJan1_2026 + 6'807'000);  // epoch milliseconds
  EXPECT_EQ(flat.props.at("type"), Value(std::string("page")));
  EXPECT_EQ(flat.event, "visit");
}

TEST(Importer, GeneratedIdsAreDeterministicAndDependOnTheRowBytes) {
  std::string path = TempPath("noid.jsonl");
  WriteFile(path,
            "{\"event\":\"a\",\"user_id\":\"u\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
            "{\"event\":\"b\",\"user_id\":\"u\",\"ts\":\"2026-01-01T00:00:00Z\"}\n");
  ImportSummary s;
  Collected first = MustImport({path}, &s);
  Collected second = MustImport({path}, &s);
  ASSERT_EQ(first.rows.size(), 2u);
  EXPECT_EQ(first.rows[0].id, second.rows[0].id);
  EXPECT_EQ(first.rows[1].id, second.rows[1].id);
  EXPECT_NE(first.rows[0].id, first.rows[1].id);
  EXPECT_EQ(first.rows[0].id.rfind("gen-", 0), 0u);
}

TEST(Importer, GzipIsDetectedByMagicBytesNotByName) {
  std::string plain;
  ASSERT_TRUE(ReadFileToString(Env::Default(), DataPath("flat.jsonl"), &plain).ok());
  std::string path = TempPath("compressed.data");  // no .gz suffix on purpose
  WriteFile(path, Gzip(plain));
  ImportSummary s1, s2;
  Collected gz = MustImport({path}, &s1);
  Collected ref = MustImport({DataPath("flat.jsonl")}, &s2);
  ASSERT_EQ(gz.rows.size(), 3u);
  EXPECT_EQ(gz.rows, ref.rows);
  uint64_t size = 0;
  ASSERT_TRUE(Env::Default()->GetFileSize(path, &size).ok());
  EXPECT_EQ(s1.bytes_read, size);  // compressed bytes
}

TEST(Importer, ConcatenatedGzipMembersAreAllRead) {
  std::string path = TempPath("members.jsonl.gz");
  WriteFile(path, Gzip("{\"event\":\"a\",\"user_id\":\"u\",\"ts\":\"2026-01-01\"}\n") +
                      Gzip("{\"event\":\"b\",\"user_id\":\"u\",\"ts\":\"2026-01-01\"}\n"));
  ImportSummary s;
  Collected got = MustImport({path}, &s);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[1].event, "b");
}

TEST(Importer, TruncatedGzipStopsTheImport) {
  std::string gz = Gzip(std::string(10000, 'x'));
  std::string path = TempPath("truncated.jsonl.gz");
  WriteFile(path, gz.substr(0, gz.size() / 2));
  Collected got;
  ImportSummary s;
  Status st = Import({path}, TestOptions(), &got, &s);
  EXPECT_EQ(st.code(), ErrorCode::kCorruption) << st.ToString();
}

std::string Ok(const std::string& id) {
  // Built with append: GCC 12 at -O3 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string row = "{\"event_id\":\"";
  row.append(id).append("\",\"ts\":\"2026-01-01T00:00:00Z\",\"user_id\":\"u\",\"event\":\"ok\"}");
  return row;
}

std::map<std::string, uint64_t> ReasonLines(const ImportSummary& s) {
  std::map<std::string, uint64_t> out;
  for (const Rejection& r : s.first_rejections) out[r.reason] = r.line;
  return out;
}

TEST(Importer, EachJsonRejectReasonIsReportedWithItsLine) {
  std::string many_props = "{\"event\":\"x\",\"user_id\":\"u\",\"ts\":\"2026-01-01\"";
  for (int i = 0; i < 513; ++i) many_props += ",\"p" + std::to_string(i) + "\":1";
  many_props += "}";
  std::vector<std::string> lines = {
      Ok("r1"),                                                                        // 1
      "{\"event_id\":\"r2\",\"ts\":\"2026-01-01T00:00:00Z\",\"user_id\":\"u\",",      // 2
      "",                                                                              // 3 blank
      "{\"ts\":\"2026-01-01T00:00:00Z\",\"user_id\":\"u\"}",                          // 4
      "{\"ts\":\"2026-01-01T00:00:00Z\",\"event\":\"x\",\"user_id\":\"\"}",           // 5
      "{\"ts\":\"yesterday\",\"user_id\":\"u\",\"event\":\"x\"}",                      // 6
      "{\"ts\":\"1999-12-31T23:59:59Z\",\"user_id\":\"u\",\"event\":\"x\"}",           // 7
      "{\"ts\":\"2026-01-01T00:00:00Z\",\"user_id\":\"u\",\"event\":42}",              // 8
      "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\",\"city\":\"\xff\"}",  // 9
      "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\",\"pad\":\"" +
          std::string(40 * 1024, 'a') + "\"}",                                         // 10
      "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\",\"big\":\"" +
          std::string(9 * 1024, 'a') + "\"}",                                          // 11
      many_props,                                                                      // 12
      Ok("r13"),                                                                       // 13
  };
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  std::string path = TempPath("rejects.jsonl");
  WriteFile(path, text);
  ImportSummary s;
  Collected got = MustImport({path}, &s);
  EXPECT_EQ(s.rows_read, 12u);  // the blank line is not a row
  EXPECT_EQ(s.accepted, 2u);
  EXPECT_EQ(s.rejected, 10u);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[1].id, "r13");  // the rest of the file still loads
  std::map<std::string, uint64_t> want = {
      {"malformed_json", 2},      {"missing_event", 4},     {"missing_distinct_id", 5},
      {"bad_timestamp", 6},       {"timestamp_out_of_range", 7}, {"wrong_type", 8},
      {"invalid_utf8", 9},        {"oversize_event", 10},   {"oversize_property", 11},
      {"too_many_properties", 12},
  };
  EXPECT_EQ(ReasonLines(s), want);
  for (const auto& [reason, n] : s.rejected_by_reason) EXPECT_EQ(n, 1u) << reason;
  for (const Rejection& r : s.first_rejections) {
    EXPECT_EQ(r.file, path);
    EXPECT_FALSE(r.message.empty()) << r.reason;
  }
}

TEST(Importer, CsvRejectsKeepPhysicalLineNumbers) {
  std::string path = TempPath("rejects.csv");
  WriteFile(path,
            "event_id,ts,user_id,event,note\n"                     // 1
            "c1,2026-01-01T00:00:00Z,u,ok,\"two\nlines\"\n"       // 2-3
            "c2,2026-01-01T00:00:00Z,u,ok\n"                       // 4: too few fields
            "c3,2026-01-01T00:00:00Z,u,ok,bad\"quote\n"            // 5
            "c4,2026-01-01T00:00:00Z,u,ok,\"x\"y\n"                // 6
            "c5,2026-13-01T00:00:00Z,u,ok,\n"                      // 7
            "c6,2026-01-01T00:00:00Z,,,\n"                         // 8: no event
            "c7,2026-01-01T00:00:00Z,u,ok,fine\n");                // 9
  ImportSummary s;
  Collected got = MustImport({path}, &s);
  ASSERT_EQ(got.rows.size(), 2u) << RenderImportSummaryText(s);
  EXPECT_EQ(got.rows[0].props.at("note"), Value(std::string("two\nlines")));
  EXPECT_EQ(got.rows[1].id, "c7");
  ASSERT_EQ(s.first_rejections.size(), 5u);
  std::vector<std::pair<uint64_t, std::string>> lines;
  for (const Rejection& r : s.first_rejections) lines.emplace_back(r.line, r.reason);
  std::vector<std::pair<uint64_t, std::string>> want = {{4, "malformed_csv"},
                                                        {5, "malformed_csv"},
                                                        {6, "malformed_csv"},
                                                        {7, "bad_timestamp"},
                                                        {8, "missing_event"}};
  EXPECT_EQ(lines, want);
  EXPECT_EQ(s.rows_read, 7u);
}

TEST(Importer, LimitsAreConfigurable) {
  std::string path = TempPath("limits.jsonl");
  WriteFile(path,
            "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\",\"a\":1,\"b\":2}\n"
            "{\"ts\":\"2030-01-01\",\"user_id\":\"u\",\"event\":\"x\"}\n");
  ImportOptions o = TestOptions();
  o.limits.max_properties = 1;
  ImportSummary s;
  MustImport({path}, &s, o);
  EXPECT_EQ(s.rejected_by_reason["too_many_properties"], 1u);
  EXPECT_EQ(s.rejected_by_reason["timestamp_out_of_range"], 1u);
  o.limits.max_properties = 512;
  o.limits.max_ts_us = 1'924'992'000'000'000;  // 2031-01-01
  MustImport({path}, &s, o);
  EXPECT_EQ(s.accepted, 2u);
}

TEST(Importer, ManyBlocksAndThreadsKeepFileOrderAndBatchLimit) {
  std::string text = "event_id,ts,user_id,event,n\n";
  const int kRows = 20000;
  for (int i = 0; i < kRows; ++i) {
    text += "id" + std::to_string(i) + ",2026-01-01T00:00:00Z,u" + std::to_string(i % 7) +
            ",e,\"v\n" + std::to_string(i) + "\"\n";
  }
  std::string path = TempPath("many.csv");
  WriteFile(path, text);
  ImportOptions o = TestOptions();
  o.block_bytes = 1;  // raised to the minimum block size: several blocks
  o.parse_threads = 3;
  o.batch_rows = 1000;
  ImportSummary s;
  Collected got = MustImport({path}, &s, o);
  ASSERT_EQ(got.rows.size(), static_cast<size_t>(kRows));
  for (int i = 0; i < kRows; ++i) {
    ASSERT_EQ(got.rows[i].id, "id" + std::to_string(i));
    ASSERT_EQ(got.rows[i].props.at("n"), Value("v\n" + std::to_string(i)));
  }
  EXPECT_GT(got.batch_sizes.size(), 20u);
  for (size_t n : got.batch_sizes) EXPECT_LE(n, 1000u);
}

TEST(Importer, MissingFileFailsBeforeAnythingIsImported) {
  Collected got;
  ImportSummary s;
  Status st = Import({DataPath("flat.csv"), TempPath("does-not-exist.csv")}, TestOptions(), &got,
                     &s);
  EXPECT_EQ(st.code(), ErrorCode::kNotFound);
  EXPECT_TRUE(got.rows.empty());
}

TEST(Importer, SinkErrorStopsTheImportAndIsReturned) {
  int calls = 0;
  EventSink sink = [&calls](EventBatch, AppendResult*) {
    ++calls;
    return NoSpace("disk full");
  };
  ImportSummary s;
  Status st = ImportFiles(Env::Default(), {DataPath("flat.csv"), DataPath("flat.jsonl")},
                          TestOptions(), sink, &s);
  EXPECT_EQ(st.code(), ErrorCode::kNoSpace);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(s.accepted, 0u);
}

TEST(Importer, DuplicateCsvHeaderColumnIsAnError) {
  std::string path = TempPath("duphead.csv");
  WriteFile(path, "event,ts,user_id,event\nx,2026-01-01,u,y\n");
  Collected got;
  ImportSummary s;
  Status st = Import({path}, TestOptions(), &got, &s);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
}

TEST(Importer, SummaryRendersAsTextAndJson) {
  ImportSummary s;
  s.files = 1;
  s.rows_read = 3;
  s.accepted = 2;
  s.rejected = 1;
  s.rejected_by_reason["bad_timestamp"] = 1;
  s.first_rejections.push_back({"f.csv", 7, "bad_timestamp", "no timestamp"});
  std::string text = RenderImportSummaryText(s);
  EXPECT_NE(text.find("f.csv:7: bad_timestamp: no timestamp"), std::string::npos) << text;
  nlohmann::json j = ImportSummaryToJson(s);
  EXPECT_EQ(j["accepted"], 2);
  EXPECT_EQ(j["rejected_by_reason"]["bad_timestamp"], 1);
  EXPECT_EQ(j["first_rejections"][0]["line"], 7);
}

}  // namespace
}  // namespace growloop

namespace growloop {
namespace {

TEST(Importer, TrailingContentAndNonObjectsAreMalformedJson) {
  std::string path = TempPath("trailing.jsonl");
  WriteFile(path,
            "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\"} extra\n"
            "[1,2]\n"
            "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\"}   \r\n");
  ImportSummary s;
  MustImport({path}, &s);
  EXPECT_EQ(s.rejected_by_reason["malformed_json"], 2u) << RenderImportSummaryText(s);
  EXPECT_EQ(s.accepted, 1u);
}

}  // namespace
}  // namespace growloop

namespace growloop {
namespace {

TEST(Importer, RowLongerThanABlockIsSkippedAsOversizeWithItsLine) {
  ImportOptions o = TestOptions();
  o.limits.max_event_bytes = 1024;
  o.block_bytes = 1;  // raised to the minimum, 4 * 1024 + 4096
  std::string huge = "{\"ts\":\"2026-01-01\",\"user_id\":\"u\",\"event\":\"x\",\"p\":\"" +
                     std::string(50000, 'a') + "\"}";
  std::string text;
  for (int i = 0; i < 100; ++i) text += Ok(std::string("a") + std::to_string(i)) + "\n";
  text += huge + "\n";  // line 101
  for (int i = 0; i < 100; ++i) text += Ok(std::string("b") + std::to_string(i)) + "\n";
  text += huge + "\n";  // line 202
  text += Ok("last");   // line 203, no final newline
  std::string path = TempPath("huge.jsonl");
  WriteFile(path, text);
  ImportSummary s;
  Collected got = MustImport({path}, &s, o);
  EXPECT_EQ(s.rows_read, 203u);
  EXPECT_EQ(s.accepted, 201u);
  ASSERT_EQ(s.first_rejections.size(), 2u);
  EXPECT_EQ(s.first_rejections[0].line, 101u);
  EXPECT_EQ(s.first_rejections[0].reason, "oversize_event");
  EXPECT_EQ(s.first_rejections[1].line, 202u);
  EXPECT_EQ(got.rows.back().id, "last");
}

TEST(Importer, LineNumbersStayExactAcrossBlocksAndAfterTheCsvHeader) {
  ImportOptions o = TestOptions();
  o.block_bytes = 1;
  o.parse_threads = 2;
  std::string text = "event_id,ts,user_id,event,note\n";
  const int kRows = 5000;
  for (int i = 0; i < kRows; ++i) {
    // Every 1000th row has no event; each row spans two lines.
    text += "id" + std::to_string(i) + ",2026-01-01T00:00:00Z,u," + (i % 1000 == 999 ? "" : "e") +
            ",\"a\nb\"\n";
  }
  std::string path = TempPath("lines.csv");
  WriteFile(path, text);
  ImportSummary s;
  MustImport({path}, &s, o);
  ASSERT_EQ(s.first_rejections.size(), 5u);
  for (size_t k = 0; k < 5; ++k) {
    uint64_t row = 999 + 1000 * k;               // 0-based data row
    EXPECT_EQ(s.first_rejections[k].line, 2 + 2 * row);  // header is line 1
    EXPECT_EQ(s.first_rejections[k].reason, "missing_event");
  }
}

}  // namespace
}  // namespace growloop
