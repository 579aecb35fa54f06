#include "ingest/timestamp_parse.h"

#include <charconv>
#include <cmath>

namespace growloop {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly n digits at s[*pos].
bool ReadDigits(std::string_view s, size_t* pos, int n, int* out) {
  if (*pos + static_cast<size_t>(n) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[*pos + static_cast<size_t>(i)];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *pos += static_cast<size_t>(n);
  *out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, int m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Shift the year to start in March so that the leap day is the last day of the year; then a
  // 400-year era has a fixed length of 146097 days.
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;                                  // [0, 399]
  const int64_t month_from_march = m > 2 ? m - 3 : m + 9;                     // [0, 11]
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + d - 1;       // [0, 365]
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

bool ParseIso8601(std::string_view s, int64_t* us) {
  size_t p = 0;
  int year, month, day;
  if (!ReadDigits(s, &p, 4, &year) || p >= s.size() || s[p++] != '-' ||
      !ReadDigits(s, &p, 2, &month) || p >= s.size() || s[p++] != '-' ||
      !ReadDigits(s, &p, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return false;
  }
  int hour = 0, minute = 0, second = 0;
  int64_t frac_us = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    ++p;
    if (!ReadDigits(s, &p, 2, &hour) || p >= s.size() || s[p++] != ':' ||
        !ReadDigits(s, &p, 2, &minute)) {
      return false;
    }
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!ReadDigits(s, &p, 2, &second)) return false;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        size_t start = p;
        int64_t scale = 100000;
        while (p < s.size() && IsDigit(s[p])) {
          if (scale > 0) {
            frac_us += (s[p] - '0') * scale;
            scale /= 10;
          }
          ++p;
        }
        if (p == start) return false;
      }
    }
    // 60 is accepted for a leap second; it reads as the first second of the next minute.
    if (hour > 23 || minute > 59 || second > 60) return false;
  }
  int64_t offset_s = 0;
  if (p < s.size()) {
    char c = s[p];
    if (c == 'Z' || c == 'z') {
      ++p;
    } else if (c == '+' || c == '-') {
      ++p;
      int oh = 0, om = 0;
      if (!ReadDigits(s, &p, 2, &oh)) return false;
      if (p < s.size()) {
        if (s[p] == ':') ++p;
        if (!ReadDigits(s, &p, 2, &om)) return false;
      }
      if (oh > 23 || om > 59) return false;
      offset_s = (oh * 3600 + om * 60) * (c == '+' ? 1 : -1);
    }
  }
  if (p != s.size()) return false;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  *us = secs * 1'000'000 + frac_us;
  return true;
}

bool EpochNumberToMicros(double v, int64_t* us) {
  if (!std::isfinite(v)) return false;
  double a = std::fabs(v);
  double scaled = a < 1e11 ? v * 1e6 : (a < 1e14 ? v * 1e3 : v);
  if (std::fabs(scaled) >= 9.2e18) return false;
  *us = static_cast<int64_t>(std::llround(scaled));
  return true;
}

bool ParseTimestampText(std::string_view s, int64_t* us) {
  if (s.empty()) return false;
  // A date always has '-' at index 4; an epoch number never has one there.
  if (s.size() >= 10 && s[4] == '-') return ParseIso8601(s, us);
  size_t i = s[0] == '-' ? 1 : 0;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (!IsDigit(s[j]) && s[j] != '.') return false;
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return false;
  return EpochNumberToMicros(v, us);
}

}  // namespace growloop
