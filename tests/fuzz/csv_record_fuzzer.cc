// Fuzzes ParseCsvRecord the way the CSV chunk parser drives it: record after record to the end
// of the input. Checks the contract of csv_record_parser.h: every call makes progress without
// passing `end`, counts the line breaks it consumed, and returns fields that lie in the input or
// in the scratch string.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "ingest/csv_record_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // An exact-size copy, so that ASan reports any read past `end`.
  std::unique_ptr<char[]> buf(new char[size]);
  std::copy(data, data + size, buf.get());
  const char* p = buf.get();
  const char* const end = p + size;
  std::vector<std::string_view> fields;
  std::string scratch;
  while (p < end) {
    growloop::CsvRecordResult r = growloop::ParseCsvRecord(p, end, &fields, &scratch);
    FUZZ_CHECK(r.next > p && r.next <= end);
    FUZZ_CHECK(r.newlines == static_cast<uint32_t>(std::count(p, r.next, '\n')));
    if (r.ok) {
      FUZZ_CHECK(!fields.empty());
      for (std::string_view f : fields) {
        const bool in_record = f.data() >= p && f.data() + f.size() <= r.next;
        const bool in_scratch =
            f.data() >= scratch.data() && f.data() + f.size() <= scratch.data() + scratch.size();
        FUZZ_CHECK(f.empty() || in_record || in_scratch);
      }
    } else {
      FUZZ_CHECK(r.error != nullptr);
      // The parser resumes at the start of a line.
      FUZZ_CHECK(r.next == end || r.next[-1] == '\n');
    }
    p = r.next;
  }
  return 0;
}
