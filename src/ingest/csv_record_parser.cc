#include "ingest/csv_record_parser.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace growloop {
namespace {

const char* AfterNextNewline(const char* p, const char* end, uint32_t* newlines) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  if (nl == nullptr) return end;
  ++*newlines;
  return nl + 1;
}

// True for the bytes that end an unquoted field or make it malformed.
struct SpecialTable {
  bool special[256] = {};
  SpecialTable() {
    special[static_cast<unsigned char>(',')] = true;
    special[static_cast<unsigned char>('\n')] = true;
    special[static_cast<unsigned char>('\r')] = true;
    special[static_cast<unsigned char>('"')] = true;
  }
};
const SpecialTable kSpecial;

// The first byte at or after p that ends an unquoted field (`,` `\n` `\r` `"`), or end. Sixteen
// bytes at a time where SSE2 is available: a field of the benchmark's CSV is about ten bytes.
const char* NextSpecial(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)));
    int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !kSpecial.special[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

}  // namespace

CsvRecordResult ParseCsvRecord(const char* p, const char* end, std::vector<std::string_view>* fields,
                               std::string* scratch) {
  CsvRecordResult r;
  fields->clear();
  scratch->clear();
  const char* const record_start = p;
  // Unescaped quoted fields are written here; reserving the record's upper bound up front keeps
  // earlier views valid (no reallocation while the record is parsed).
  bool scratch_reserved = false;
  auto fail = [&](const char* at, const char* why, bool from_start) {
    r.ok = false;
    r.error = why;
    // Resync at the line after the error. From the record's start every newline is counted
    // again; from a later point the newlines of quoted fields before it are kept.
    if (from_start) r.newlines = 0;
    r.next = AfterNextNewline(from_start ? record_start : at, end, &r.newlines);
    return r;
  };
  while (true) {
    if (p < end && *p == '"') {
      // Quoted field.
      const char* q = p + 1;
      const char* field_start = q;
      bool escaped = false;
      const char* closing = nullptr;
      while (true) {
        const char* quote =
            static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        if (quote == nullptr) return fail(p, "quoted field is not closed", true);
        if (quote + 1 < end && quote[1] == '"') {
          escaped = true;
          q = quote + 2;
          continue;
        }
        closing = quote;
        break;
      }
      for (const char* c = field_start; c < closing; ++c) r.newlines += (*c == '\n');
      if (!escaped) {
        fields->emplace_back(field_start, static_cast<size_t>(closing - field_start));
      } else {
        if (!scratch_reserved) {
          scratch->reserve(static_cast<size_t>(end - record_start));
          scratch_reserved = true;
        }
        size_t begin = scratch->size();
        for (const char* c = field_start; c < closing; ++c) {
          scratch->push_back(*c);
          if (*c == '"') ++c;  // the second quote of a "" pair
        }
        fields->emplace_back(scratch->data() + begin, scratch->size() - begin);
      }
      p = closing + 1;
      if (p == end) break;
      if (*p == ',') {
        ++p;
        continue;
      }
      if (*p == '\n') {
        ++r.newlines;
        ++p;
        break;
      }
      if (*p == '\r' && p + 1 < end && p[1] == '\n') {
        ++r.newlines;
        p += 2;
        break;
      }
      if (*p == '\r' && p + 1 == end) {
        ++p;
        break;
      }
      return fail(p, "unexpected character after a closing quote", false);
    }
    // Unquoted field.
    const char* field_start = p;
    while (true) {
      p = NextSpecial(p, end);
      // A lone CR inside a field is data, not a line break.
      if (p + 1 < end && *p == '\r' && p[1] != '\n') {
        ++p;
        continue;
      }
      break;
    }
    if (p < end && *p == '"') return fail(p, "quote inside an unquoted field", false);
    fields->emplace_back(field_start, static_cast<size_t>(p - field_start));
    if (p == end) break;
    if (*p == ',') {
      ++p;
      if (p == end) {
        fields->emplace_back();  // "a,b," ends with an empty field
        break;
      }
      continue;
    }
    if (*p == '\n') {
      ++r.newlines;
      ++p;
      break;
    }
    // "\r\n" or a final "\r".
    p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
    if (p[-1] == '\n') ++r.newlines;
    break;
  }
  r.next = p;
  return r;
}

}  // namespace growloop
