// Golden answers of the query engine: the hand-made events of tests/data/query/events.jsonl and
// the queries of tests/data/query/golden.json, whose expected answers were worked out by hand
// (see tests/data/query/README.md). Every case runs twice: with the events in the store's memory
// table, and after a flush has written them to segments, so both read paths are checked.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "catalog/catalog.h"
#include "ingest/timestamp_parse.h"
#include "query/query_engine.h"
#include "test_util.h"
#include "unit/query_test_base.h"

namespace growloop {
namespace {

using json = nlohmann::json;

std::string DataPath(const std::string& name) {
  return std::string(GROWLOOP_TEST_DATA_DIR) + "/query/" + name;
}

// Every member of `expected` is in `actual` with the same value (numbers to 1e-9); arrays are
// compared element by element and must have the same length. `path` names the place.
void ExpectSubset(const json& expected, const json& actual, const std::string& path) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << path << ": expected an object, got " << actual.dump();
    for (const auto& [key, value] : expected.items()) {
      ASSERT_TRUE(actual.contains(key)) << path << "." << key << " is missing in " << actual.dump();
      ExpectSubset(value, actual[key], path + "." + key);
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array()) << path << ": expected an array, got " << actual.dump();
    ASSERT_EQ(expected.size(), actual.size()) << path << ": " << actual.dump();
    for (size_t i = 0; i < expected.size(); ++i) {
      ExpectSubset(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    }
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << path << ": expected " << expected << ", got " << actual;
    const double e = expected.get<double>(), a = actual.get<double>();
    EXPECT_NEAR(a, e, 1e-9 * std::max(1.0, std::fabs(e))) << path;
  } else {
    EXPECT_EQ(expected, actual) << path;
  }
}

class QueryGoldenTest : public testing::QueryTestBase {
 protected:
  void SetUp() override {
    QueryTestBase::SetUp();

    std::ifstream in(DataPath("events.jsonl"));
    ASSERT_TRUE(in.good()) << "tests/data/query/events.jsonl not found";
    EventBatch batch;
    std::string line;
    while (std::getline(in, line)) {
      const json e = json::parse(line);
      int64_t ts = 0;
      ASSERT_TRUE(ParseIso8601(e["timestamp"].get<std::string>(), &ts)) << line;
      batch.BeginRow(e["id"].get<std::string>(), ts, ts, e["distinct_id"].get<std::string>(),
                     e.value("anonymous_id", ""), e["event"].get<std::string>());
      for (const auto& [name, value] : e["properties"].items()) {
        if (value.is_string()) {
          batch.SetString(batch.PropertyIndex(name, ValueType::kString), value.get<std::string>());
        } else {
          batch.SetNumber(batch.PropertyIndex(name, ValueType::kNumber), value.get<double>());
        }
      }
      batch.EndRow();
    }
    AppendResult result;
    ASSERT_TRUE(catalog_->Ingest(project_, std::move(batch), &result).ok());
    ASSERT_EQ(result.accepted, 26u);

    std::ifstream g(DataPath("golden.json"));
    ASSERT_TRUE(g.good()) << "tests/data/query/golden.json not found";
    std::stringstream text;
    text << g.rdbuf();
    cases_ = json::parse(text.str());
    ASSERT_GT(cases_.size(), 0u);
  }

  void RunAll(const char* where) {
    for (const json& c : cases_) {
      SCOPED_TRACE(std::string(where) + ": " + c["name"].get<std::string>());
      json answer;
      std::string field;
      const Status s =
          engine_->Run(project_, c["kind"].get<std::string>(), c["request"], &answer, &field);
      ASSERT_TRUE(s.ok()) << s.ToString() << " (field " << field << ")";
      ExpectSubset(c["expected"], answer, "answer");
    }
  }

  json cases_;
};

TEST_F(QueryGoldenTest, AnswersFromTheMemoryTableAndFromSegmentsAreTheHandWorkedOnes) {
  RunAll("memory table");
  EventStore* store = nullptr;
  ASSERT_TRUE(catalog_->GetStore(project_, &store).ok());
  ASSERT_TRUE(store->Flush().ok());
  RunAll("segments");
}

}  // namespace
}  // namespace growloop
