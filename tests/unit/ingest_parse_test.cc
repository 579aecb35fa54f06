// Unit tests of the import building blocks: CSV records, CSV cell typing, timestamps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/csv_chunk_parser.h"
#include "ingest/csv_record_parser.h"
#include "ingest/timestamp_parse.h"

namespace growloop {
namespace {

struct Parsed {
  std::vector<std::string> fields;
  CsvRecordResult result;
  size_t consumed = 0;
};

Parsed Parse(const std::string& text) {
  std::vector<std::string_view> views;
  std::string scratch;
  Parsed p;
  p.result = ParseCsvRecord(text.data(), text.data() + text.size(), &views, &scratch);
  for (std::string_view v : views) p.fields.emplace_back(v);
  p.consumed = static_cast<size_t>(p.result.next - text.data());
  return p;
}

using Fields = std::vector<std::string>;

TEST(CsvRecordParser, PlainFieldsEndAtNewline) {
  Parsed p = Parse("a,b,c\nnext");
  ASSERT_TRUE(p.result.ok);
  EXPECT_EQ(p.fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(p.consumed, 6u);
  EXPECT_EQ(p.result.newlines, 1u);
}

TEST(CsvRecordParser, CrLfEndsARecord) {
  Parsed p = Parse("a,b\r\nx");
  ASSERT_TRUE(p.result.ok);
  EXPECT_EQ(p.fields, (Fields{"a", "b"}));
  EXPECT_EQ(p.consumed, 5u);
}

TEST(CsvRecordParser, EmptyFieldsIncludingATrailingOne) {
  Parsed p = Parse(",x,,\n");
  ASSERT_TRUE(p.result.ok);
  EXPECT_EQ(p.fields, (Fields{"", "x", "", ""}));
  EXPECT_EQ(Parse("a,").fields, (Fields{"a", ""}));
}

TEST(CsvRecordParser, QuotedFieldHoldsCommaAndEscapedQuote) {
  Parsed p = Parse("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
  ASSERT_TRUE(p.result.ok);
  EXPECT_EQ(p.fields, (Fields{"a,b", "say \"hi\"", ""}));
}

TEST(CsvRecordParser, QuotedFieldWithNewlineIsOneField) {
  Parsed p = Parse("1,\"two\nlines\",3\n4,5,6\n");
  ASSERT_TRUE(p.result.ok);
  EXPECT_EQ(p.fields, (Fields{"1", "two\nlines", "3"}));
  EXPECT_EQ(p.result.newlines, 2u);
  EXPECT_EQ(p.consumed, 16u);
}

TEST(CsvRecordParser, LastRecordWithoutNewline) {
  Parsed p = Parse("a,\"b\"");
  ASSERT_TRUE(p.result.ok);
  EXPECT_EQ(p.fields, (Fields{"a", "b"}));
  EXPECT_EQ(p.result.newlines, 0u);
}

TEST(CsvRecordParser, FieldsOfEveryLengthAroundTheBlockSize) {
  // Long fields are scanned in blocks of bytes: every field length and every position of the
  // separator, the line end, a lone CR and a stray quote within and across blocks.
  for (size_t a = 0; a < 40; ++a) {
    for (size_t b = 0; b < 40; b += 3) {
      std::string x(a, 'x'), y(b, 'y');
      Parsed p = Parse(x + "," + y + "\n" + std::string(20, 'z'));
      ASSERT_TRUE(p.result.ok) << a << " " << b;
      EXPECT_EQ(p.fields, (Fields{x, y})) << a << " " << b;
      EXPECT_EQ(p.consumed, a + b + 2);
      EXPECT_EQ(Parse(x + "\r" + y + "\r\n").fields, (Fields{x + "\r" + y}));
      Parsed bad = Parse(x + "\"" + y + "\nnext");
      EXPECT_FALSE(bad.result.ok) << a << " " << b;
      EXPECT_EQ(bad.consumed, a + b + 2);
    }
  }
}

TEST(CsvRecordParser, AnErrorAfterAQuotedLineBreakKeepsItsNewlines) {
  // The quoted field spans a line; the stray byte after its closing quote is the error. Resync
  // is at the next line break, and both line breaks count (line numbers after it stay right).
  Parsed p = Parse("\"a\nb\"x,c\nnext\n");
  EXPECT_FALSE(p.result.ok);
  EXPECT_EQ(p.consumed, 9u);
  EXPECT_EQ(p.result.newlines, 2u);
}

TEST(CsvRecordParser, QuoteInsideUnquotedFieldIsAnErrorAndResyncsAtNextLine) {
  Parsed p = Parse("ab\"c,d\nok\n");
  EXPECT_FALSE(p.result.ok);
  EXPECT_EQ(p.consumed, 7u);
}

TEST(CsvRecordParser, TextAfterClosingQuoteIsAnError) {
  Parsed p = Parse("\"ab\"c,d\nok\n");
  EXPECT_FALSE(p.result.ok);
  EXPECT_EQ(p.consumed, 8u);
}

TEST(CsvRecordParser, UnclosedQuoteIsAnErrorAndResyncsAfterTheFirstLine) {
  Parsed p = Parse("a,\"never closed\nb,c\n");
  EXPECT_FALSE(p.result.ok);
  EXPECT_EQ(p.consumed, 16u);
}

TEST(CsvNumber, WholeDecimalNumbersAreNumbers) {
  double v = 0;
  EXPECT_TRUE(ParseCsvNumber("129.5", &v));
  EXPECT_DOUBLE_EQ(v, 129.5);
  EXPECT_TRUE(ParseCsvNumber("-3", &v));
  EXPECT_DOUBLE_EQ(v, -3);
  EXPECT_TRUE(ParseCsvNumber("0", &v));
  EXPECT_TRUE(ParseCsvNumber("0.25", &v));
  EXPECT_TRUE(ParseCsvNumber(".5", &v));
  EXPECT_DOUBLE_EQ(v, 0.5);
  EXPECT_TRUE(ParseCsvNumber("1e3", &v));
  EXPECT_DOUBLE_EQ(v, 1000);
}

TEST(CsvNumber, CodesAndPartialNumbersStayStrings) {
  double v = 0;
  EXPECT_FALSE(ParseCsvNumber("007", &v));
  EXPECT_FALSE(ParseCsvNumber("i000123", &v));
  EXPECT_FALSE(ParseCsvNumber("12abc", &v));
  EXPECT_FALSE(ParseCsvNumber(" 12", &v));
  EXPECT_FALSE(ParseCsvNumber("+12", &v));
  EXPECT_FALSE(ParseCsvNumber("inf", &v));
  EXPECT_FALSE(ParseCsvNumber("nan", &v));
  EXPECT_FALSE(ParseCsvNumber("-", &v));
  EXPECT_FALSE(ParseCsvNumber("1e999", &v));
}

constexpr int64_t kJan1_2026 = 1'767'225'600'000'000;  // 2026-01-01T00:00:00Z in µs

TEST(Timestamp, DaysFromCivilMatchesKnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2026, 1, 1) * 86'400'000'000LL, kJan1_2026);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
}

TEST(Timestamp, IsoWithZAndMilliseconds) {
  int64_t us = 0;
  ASSERT_TRUE(ParseIso8601("2026-01-01T00:00:06.807Z", &us));
  EXPECT_EQ(us, kJan1_2026 + 6'807'000);
}

TEST(Timestamp, OffsetsAreConvertedToUtc) {
  int64_t a = 0, b = 0, c = 0, d = 0;
  ASSERT_TRUE(ParseIso8601("2026-01-01T08:00:00+08:00", &a));
  ASSERT_TRUE(ParseIso8601("2026-01-01T08:00:00+0800", &b));
  ASSERT_TRUE(ParseIso8601("2026-01-01T08:00:00+08", &c));
  ASSERT_TRUE(ParseIso8601("2025-12-31T19:00:00-05:00", &d));
  EXPECT_EQ(a, kJan1_2026);
  EXPECT_EQ(b, kJan1_2026);
  EXPECT_EQ(c, kJan1_2026);
  EXPECT_EQ(d, kJan1_2026);
}

TEST(Timestamp, FractionIsTruncatedToMicroseconds) {
  int64_t us = 0;
  ASSERT_TRUE(ParseIso8601("2026-01-01T00:00:00.123456789Z", &us));
  EXPECT_EQ(us, kJan1_2026 + 123456);
  ASSERT_TRUE(ParseIso8601("2026-01-01 00:00:00.5", &us));  // space separator, no zone = UTC
  EXPECT_EQ(us, kJan1_2026 + 500000);
}

TEST(Timestamp, DateOnlyIsMidnightUtc) {
  int64_t us = 0;
  ASSERT_TRUE(ParseIso8601("2026-01-01", &us));
  EXPECT_EQ(us, kJan1_2026);
}

TEST(Timestamp, ImpossibleDatesAndJunkAreRejected) {
  int64_t us = 0;
  EXPECT_FALSE(ParseIso8601("2026-02-29T00:00:00Z", &us));  // 2026 is not a leap year
  EXPECT_TRUE(ParseIso8601("2024-02-29T00:00:00Z", &us));
  EXPECT_FALSE(ParseIso8601("2026-13-01T00:00:00Z", &us));
  EXPECT_FALSE(ParseIso8601("2026-01-01T24:00:00Z", &us));
  EXPECT_FALSE(ParseIso8601("2026-01-01T00:00:00Zjunk", &us));
  EXPECT_FALSE(ParseIso8601("2026-01-01T00:00:00.Z", &us));
  EXPECT_FALSE(ParseIso8601("yesterday", &us));
  EXPECT_FALSE(ParseTimestampText("", &us));
  EXPECT_FALSE(ParseTimestampText("12:00", &us));
}

TEST(Timestamp, EpochSecondsMillisAndMicros) {
  int64_t us = 0;
  ASSERT_TRUE(ParseTimestampText("1767225600", &us));
  EXPECT_EQ(us, kJan1_2026);
  ASSERT_TRUE(ParseTimestampText("1767225600807", &us));
  EXPECT_EQ(us, kJan1_2026 + 807000);
  ASSERT_TRUE(ParseTimestampText("1767225600.25", &us));
  EXPECT_EQ(us, kJan1_2026 + 250000);
  ASSERT_TRUE(EpochNumberToMicros(1767225600000001.0, &us));
  EXPECT_EQ(us, kJan1_2026 + 1);
  EXPECT_FALSE(ParseTimestampText("17672256x0", &us));
}

}  // namespace
}  // namespace growloop
