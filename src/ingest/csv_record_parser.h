// RFC 4180 CSV records: fields separated by ',', records ended by "\n" or "\r\n"; a field may be
// quoted with '"', and then may hold ',', '"' (written as "") and line breaks.
//
// Stricter than many readers on purpose, so that a broken file is reported rather than loaded
// wrongly: a quote inside an unquoted field, text after a closing quote, and a quoted field that
// never closes are errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace growloop {

struct CsvRecordResult {
  const char* next = nullptr;  // where the next record starts
  uint32_t newlines = 0;       // line breaks consumed, including the terminator
  bool ok = true;
  const char* error = nullptr;  // static text when !ok
};

// Parses the record starting at `p` (p < end). Field views point into [p, end) or, for quoted
// fields holding "", into *scratch, which is cleared first and must not be touched while the
// views are used. A record that is not terminated before `end` ends at `end`. On error `next`
// is the start of the line after the one where the error was found (for a quoted field that
// never closes: the line after the record's first line) so that the caller can resynchronise.
CsvRecordResult ParseCsvRecord(const char* p, const char* end, std::vector<std::string_view>* fields,
                               std::string* scratch);

}  // namespace growloop
