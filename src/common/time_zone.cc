#include "common/time_zone.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>

namespace growloop {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr const char* kDefaultZoneinfoDir = "/usr/share/zoneinfo";
// TZif files are a few KB; the cap only keeps a wrong TZDIR from reading something huge.
constexpr int64_t kMaxTzifBytes = 1 << 20;
// RFC 8536 bounds UT offsets to [-89999, 93599] seconds (under ±26 hours), and POSIX TZ offsets
// to 24:59:59; LocalToUtc relies on |offset| < kMaxOffsetSeconds to bound its search.
constexpr int32_t kMaxOffsetSeconds = 26 * 3600;
constexpr int32_t kMaxCivilYear = 5'000'000;
// The rule's transitions up to this year are expanded into the table at load time.
constexpr int64_t kLastTableYear = 2100;
// Transitions (in seconds) outside what µs in an int64 can hold.
constexpr int64_t kMinTransitionSeconds = std::numeric_limits<int64_t>::min() / kMicrosPerSecond;
constexpr int64_t kMaxTransitionSeconds = std::numeric_limits<int64_t>::max() / kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t Mod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return r;
}

int64_t SaturatingSub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) {
    return b < 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return r;
}

int64_t SecondsToMicros(int64_t s) {
  if (s > kMaxTransitionSeconds) return std::numeric_limits<int64_t>::max();
  if (s < kMinTransitionSeconds) return std::numeric_limits<int64_t>::min();
  return s * kMicrosPerSecond;
}

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html): years are
// shifted to begin in March, so that the leap day ends the year and a 400-year era always has
// 146097 days. int64 throughout so that intermediate values cannot overflow.
int64_t DaysFromCivil64(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void CivilFromDays64(int64_t days, int64_t* year, int64_t* month, int64_t* day) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  *day = day_of_year - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

int64_t YearOfDay(int64_t days) {
  int64_t y, m, d;
  CivilFromDays64(days, &y, &m, &d);
  return y;
}

// A name as it may appear in an error message: bounded, printable.
std::string Quoted(std::string_view name) {
  std::string out = "'";
  for (char c : name.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (name.size() > 80) out += "...";
  out += "'";
  return out;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// The day (and time) of the year at which a POSIX TZ rule (the TZif footer, RFC 8536 section
// 3.3) switches to or from daylight time.
struct RuleDate {
  enum class Kind { kJulian1, kJulian0, kMonthWeekDay };
  Kind kind = Kind::kMonthWeekDay;
  int32_t day = 0;      // Jn: 1-365 (February 29 never counted); n: 0-365 (counted)
  int32_t month = 1;    // Mm.w.d
  int32_t week = 1;     // 1-5, 5 meaning the last
  int32_t weekday = 0;  // 0 = Sunday
  int32_t time = 7200;  // seconds after local midnight, -167h to 167h (RFC 8536 extension)
};

struct PosixTz {
  int32_t std_offset = 0;  // seconds east of UTC (POSIX writes them west: "EST5")
  bool has_dst = false;
  int32_t dst_offset = 0;
  RuleDate start, end;
};

class PosixTzParser {
 public:
  explicit PosixTzParser(std::string_view s) : s_(s) {}

  bool Parse(PosixTz* tz) {
    int32_t west;
    if (!ParseName() || !ParseHms(24, &west)) return false;
    tz->std_offset = -west;
    if (s_.empty()) return true;
    if (!ParseName()) return false;
    tz->has_dst = true;
    tz->dst_offset = tz->std_offset + 3600;
    if (!s_.empty() && s_[0] != ',') {
      if (!ParseHms(24, &west)) return false;
      tz->dst_offset = -west;
    }
    // POSIX leaves the rule of "EST5EDT" (no dates) to the implementation; zic always writes one.
    return Consume(',') && ParseDate(&tz->start) && Consume(',') && ParseDate(&tz->end) &&
           s_.empty();
  }

 private:
  bool Consume(char c) {
    if (s_.empty() || s_[0] != c) return false;
    s_.remove_prefix(1);
    return true;
  }

  // "EST" (three or more letters) or "<+0330>" (three or more of [A-Za-z0-9+-] in angle brackets).
  bool ParseName() {
    size_t n = 0;
    if (Consume('<')) {
      while (n < s_.size() && (IsAlpha(s_[n]) || IsDigit(s_[n]) || s_[n] == '+' || s_[n] == '-')) {
        ++n;
      }
      if (n < 3 || n >= s_.size() || s_[n] != '>') return false;
      s_.remove_prefix(n + 1);
      return true;
    }
    while (n < s_.size() && IsAlpha(s_[n])) ++n;
    if (n < 3) return false;
    s_.remove_prefix(n);
    return true;
  }

  // Up to `digits` digits, value at most `max`.
  bool ParseNumber(int digits, int32_t max, int32_t* out) {
    int n = 0;
    int32_t v = 0;
    while (n < digits && static_cast<size_t>(n) < s_.size() && IsDigit(s_[n])) {
      v = v * 10 + (s_[n] - '0');
      ++n;
    }
    if (n == 0 || v > max) return false;
    s_.remove_prefix(static_cast<size_t>(n));
    *out = v;
    return true;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours at most max_hours.
  bool ParseHms(int32_t max_hours, int32_t* seconds) {
    int32_t sign = 1;
    if (Consume('-')) {
      sign = -1;
    } else {
      Consume('+');
    }
    int32_t h, m = 0, sec = 0;
    if (!ParseNumber(3, max_hours, &h)) return false;
    if (Consume(':')) {
      if (!ParseNumber(2, 59, &m)) return false;
      if (Consume(':') && !ParseNumber(2, 59, &sec)) return false;
    }
    *seconds = sign * (h * 3600 + m * 60 + sec);
    return true;
  }

  bool ParseDate(RuleDate* d) {
    if (Consume('J')) {
      d->kind = RuleDate::Kind::kJulian1;
      if (!ParseNumber(3, 365, &d->day) || d->day < 1) return false;
    } else if (Consume('M')) {
      d->kind = RuleDate::Kind::kMonthWeekDay;
      if (!ParseNumber(2, 12, &d->month) || d->month < 1 || !Consume('.') ||
          !ParseNumber(1, 5, &d->week) || d->week < 1 || !Consume('.') ||
          !ParseNumber(1, 6, &d->weekday)) {
        return false;
      }
    } else {
      d->kind = RuleDate::Kind::kJulian0;
      if (!ParseNumber(3, 365, &d->day)) return false;
    }
    d->time = 7200;
    if (Consume('/')) return ParseHms(167, &d->time);
    return true;
  }

  std::string_view s_;
};

// Local seconds since the epoch (in the offset in effect before the switch) of `d` in `year`.
int64_t RuleDateLocalSeconds(const RuleDate& d, int64_t year) {
  int64_t day = 0;
  switch (d.kind) {
    case RuleDate::Kind::kJulian1:
      day = DaysFromCivil64(year, 1, 1) + d.day - 1 + (IsLeapYear(year) && d.day >= 60 ? 1 : 0);
      break;
    case RuleDate::Kind::kJulian0: day = DaysFromCivil64(year, 1, 1) + d.day; break;
    case RuleDate::Kind::kMonthWeekDay: {
      const int64_t first = DaysFromCivil64(year, d.month, 1);
      const int64_t first_weekday = Mod(first + 4, 7);  // 0 = Sunday; 1970-01-01 was a Thursday
      day = first + (d.weekday - first_weekday + 7) % 7 + int64_t{7} * (d.week - 1);
      const int64_t days_in_month = DaysInMonth(year, d.month);
      while (day >= first + days_in_month) day -= 7;  // week 5: the last such weekday
      break;
    }
  }
  return day * kSecondsPerDay + d.time;
}

}  // namespace

// A POSIX TZ rule with daylight time; rules without it become a constant offset at load time.
struct TimeZone::Rule {
  PosixTz tz;
};

namespace {

// The span of constant offset containing `utc_us` under rule `tz` (which has daylight time)
// alone. The switches of the five years around the instant are enough: a switch of year y lies
// within a week (the ±167 h of a rule time, plus the offset) of year y.
OffsetSpan PosixRuleSpanAt(const PosixTz& tz, int64_t utc_us) {
  struct Switch {
    int64_t at;  // seconds, UTC
    bool to_dst;
  };
  const int64_t t = FloorDiv(utc_us, kMicrosPerSecond);
  const int64_t year = YearOfDay(FloorDiv(t + tz.std_offset, kSecondsPerDay));
  std::array<Switch, 10> s;
  size_t n = 0;
  for (int64_t y = year - 2; y <= year + 2; ++y) {
    // The start is written in standard time, the end in daylight time (POSIX).
    s[n++] = {RuleDateLocalSeconds(tz.start, y) - tz.std_offset, true};
    s[n++] = {RuleDateLocalSeconds(tz.end, y) - tz.dst_offset, false};
  }
  // At equal instants the switch to daylight time sorts last and so wins: a rule of all-year
  // daylight time ("J0/0,J365/25") ends each year at the instant the next one starts.
  std::sort(s.begin(), s.end(), [](const Switch& a, const Switch& b) {
    return a.at != b.at ? a.at < b.at : (!a.to_dst && b.to_dst);
  });
  // Both switches of year - 2 come before t and both of year + 2 after it, so the window holds a
  // switch of each kind on either side.
  assert(s[0].at <= t && s[n - 1].at > t);
  size_t i = 0;  // the last switch at or before t
  while (i + 1 < n && s[i + 1].at <= t) ++i;
  const bool dst = s[i].to_dst;
  size_t first = i;
  while (first > 0 && s[first - 1].to_dst == dst) --first;
  size_t next = i + 1;
  while (next + 1 < n && s[next].to_dst == dst) ++next;
  assert(s[next].to_dst != dst);
  return {SecondsToMicros(s[first].at), SecondsToMicros(s[next].at),
          dst ? tz.dst_offset : tz.std_offset};
}

bool IsValidOffset(int64_t seconds) {
  return seconds > -kMaxOffsetSeconds && seconds < kMaxOffsetSeconds;
}

// Reads the big-endian integers of TZif files (RFC 8536), bounds-checked.
class BigEndianReader {
 public:
  explicit BigEndianReader(std::string_view data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  std::string_view rest() const { return data_.substr(pos_); }

  bool Skip(uint64_t n) {
    if (n > remaining()) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }
  bool ReadBytes(size_t n, std::string_view* out) {
    if (n > remaining()) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool ReadU8(uint8_t* v) {
    if (remaining() < 1) return false;
    *v = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }
  bool ReadU32(uint32_t* v) {
    uint64_t x;
    if (!ReadBig(4, &x)) return false;
    *v = static_cast<uint32_t>(x);
    return true;
  }
  bool ReadI32(int32_t* v) {
    uint64_t x;
    if (!ReadBig(4, &x)) return false;
    *v = static_cast<int32_t>(static_cast<uint32_t>(x));
    return true;
  }
  bool ReadI64(int64_t* v) {
    uint64_t x;
    if (!ReadBig(8, &x)) return false;
    *v = static_cast<int64_t>(x);
    return true;
  }

 private:
  bool ReadBig(size_t n, uint64_t* v) {
    if (remaining() < n) return false;
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) x = (x << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += n;
    *v = x;
    return true;
  }

  std::string_view data_;
  size_t pos_ = 0;
};

struct TzifHeader {
  char version;  // '\0' for version 1, else '2', '3', '4'
  uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;

  // Bytes of the data block that follows, with `time_size`-byte transition times.
  uint64_t BlockSize(uint64_t time_size) const {
    return uint64_t{timecnt} * time_size + timecnt + uint64_t{typecnt} * 6 + charcnt +
           uint64_t{leapcnt} * (time_size + 4) + isstdcnt + isutcnt;
  }
};

// What a TZif file says, before conversion to µs.
struct ParsedTzif {
  std::vector<int64_t> transition_seconds;
  std::vector<int32_t> transition_offsets;
  int32_t type0_offset = 0;
  std::optional<PosixTz> footer;  // absent in version 1 and for an empty TZ string
};

Status ReadHeader(BigEndianReader* r, TzifHeader* h) {
  std::string_view magic;
  if (!r->ReadBytes(4, &magic) || magic != "TZif") return Corruption("TZif header: bad magic");
  uint8_t version;
  if (!r->ReadU8(&version) || !r->Skip(15) || !r->ReadU32(&h->isutcnt) ||
      !r->ReadU32(&h->isstdcnt) || !r->ReadU32(&h->leapcnt) || !r->ReadU32(&h->timecnt) ||
      !r->ReadU32(&h->typecnt) || !r->ReadU32(&h->charcnt)) {
    return Corruption("TZif header: truncated");
  }
  h->version = static_cast<char>(version);
  if (h->version != '\0' && (h->version < '2' || h->version > '4')) {
    return Corruption("TZif header: unsupported version " + std::to_string(version));
  }
  if (h->typecnt == 0) return Corruption("TZif header: no local time types");
  if ((h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
      (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)) {
    return Corruption("TZif header: UT/standard indicator counts differ from the type count");
  }
  return Status::Ok();
}

// Reads the data block described by `h`, whose transition times have `time_size` bytes.
Status ReadDataBlock(BigEndianReader* r, const TzifHeader& h, int time_size, ParsedTzif* out) {
  if (r->remaining() < h.BlockSize(static_cast<uint64_t>(time_size))) {
    return Corruption("TZif data block: truncated");
  }
  if (h.leapcnt != 0) {
    return InvalidArgument(
        "has leap-second records, which Growloop's instants do not count (use a zone outside "
        "right/)");
  }
  std::vector<int64_t>& times = out->transition_seconds;
  times.resize(h.timecnt);
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    if (time_size == 8) {
      (void)r->ReadI64(&times[i]);
    } else {
      int32_t t32 = 0;
      (void)r->ReadI32(&t32);
      times[i] = t32;
    }
    if (i > 0 && times[i] <= times[i - 1]) {
      return Corruption("TZif data block: transition times not ascending at transition " +
                        std::to_string(i));
    }
  }
  std::vector<uint8_t> type_of(h.timecnt);
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    (void)r->ReadU8(&type_of[i]);
    if (type_of[i] >= h.typecnt) {
      return Corruption("TZif data block: transition " + std::to_string(i) +
                        " has local time type " + std::to_string(type_of[i]) + " of " +
                        std::to_string(h.typecnt));
    }
  }
  std::vector<int32_t> type_offset(h.typecnt);
  for (uint32_t i = 0; i < h.typecnt; ++i) {
    uint8_t isdst = 0, desigidx = 0;
    (void)r->ReadI32(&type_offset[i]);
    (void)r->ReadU8(&isdst);
    (void)r->ReadU8(&desigidx);
    if (!IsValidOffset(type_offset[i]) || isdst > 1) {
      return Corruption("TZif data block: local time type " + std::to_string(i) +
                        " has UT offset " + std::to_string(type_offset[i]) + " or DST flag " +
                        std::to_string(isdst) + " out of range");
    }
  }
  // Skipped: the designations (Growloop shows offsets, not abbreviations), the leap records (none)
  // and the standard/UT indicators, which only the POSIX "posixrules" fallback uses.
  (void)r->Skip(uint64_t{h.charcnt} + h.isstdcnt + h.isutcnt);
  out->type0_offset = type_offset[0];
  out->transition_offsets.resize(h.timecnt);
  for (uint32_t i = 0; i < h.timecnt; ++i) out->transition_offsets[i] = type_offset[type_of[i]];
  return Status::Ok();
}

// Errors are InvalidArgument (not a TZif file, leap seconds) or Corruption, without the name.
Status ParseTzif(std::string_view data, ParsedTzif* out) {
  if (data.substr(0, 4) != "TZif") return InvalidArgument("is not a TZif file");
  BigEndianReader r(data);
  TzifHeader h;
  RETURN_IF_ERROR(ReadHeader(&r, &h));
  if (h.version == '\0') return ReadDataBlock(&r, h, 4, out);

  // Version 2 and later repeat the data with 64-bit times after the version 1 block; only the
  // second block covers instants beyond 2038.
  if (!r.Skip(h.BlockSize(4))) return Corruption("TZif version 1 data block: truncated");
  RETURN_IF_ERROR(ReadHeader(&r, &h));
  RETURN_IF_ERROR(ReadDataBlock(&r, h, 8, out));

  std::string_view rest = r.rest();
  size_t newline = rest.find('\n', 1);
  if (rest.empty() || rest[0] != '\n' || newline == std::string_view::npos) {
    return Corruption("TZif footer: missing or unterminated");
  }
  std::string_view tz_string = rest.substr(1, newline - 1);
  if (tz_string.empty()) return Status::Ok();
  PosixTz tz;
  if (!PosixTzParser(tz_string).Parse(&tz) || !IsValidOffset(tz.std_offset) ||
      !IsValidOffset(tz.dst_offset)) {
    return Corruption("TZif footer: bad TZ string " + Quoted(tz_string));
  }
  // Daylight time with the standard offset changes nothing; a constant offset is cheaper.
  if (tz.dst_offset == tz.std_offset) tz.has_dst = false;
  out->footer = tz;
  return Status::Ok();
}

// "+08:00" or "-05:30" (at most 18:00) to seconds east.
bool ParseFixedOffset(std::string_view name, int32_t* seconds) {
  if (name.size() != 6 || (name[0] != '+' && name[0] != '-') || !IsDigit(name[1]) ||
      !IsDigit(name[2]) || name[3] != ':' || !IsDigit(name[4]) || !IsDigit(name[5])) {
    return false;
  }
  const int32_t hours = (name[1] - '0') * 10 + (name[2] - '0');
  const int32_t minutes = (name[4] - '0') * 10 + (name[5] - '0');
  if (minutes >= 60 || hours * 60 + minutes > 18 * 60) return false;
  *seconds = (name[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

Status ValidateName(std::string_view name) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("invalid time zone name " + Quoted(name) + ": " + std::string(why));
  };
  if (name.empty()) return bad("empty");
  if (name.size() > 255) return bad("longer than 255 bytes");
  if (name.find("..") != std::string_view::npos) return bad("must not contain \"..\"");
  if (name.front() == '/' || name.back() == '/' || name.find("//") != std::string_view::npos) {
    return bad("'/' only separates the parts of an IANA name such as \"America/New_York\"");
  }
  for (char c : name) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '_' && c != '+' && c != '-' && c != '/') {
      return bad("only letters, digits and _ + - / may appear");
    }
  }
  return Status::Ok();
}

// Reads the whole of `path` into *data. InvalidArgument when there is no such regular file.
Status ReadZoneFile(const std::string& path, std::string_view quoted_name, std::string* data) {
  auto unknown = [&]() {
    return InvalidArgument("unknown time zone " + std::string(quoted_name) + " (no file " + path +
                           ")");
  };
  // O_NONBLOCK: a FIFO planted in the zone directory must not hang the caller.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT || err == ENOTDIR || err == ELOOP || err == ENAMETOOLONG) return unknown();
    return ErrnoStatus("open", path, err);
  }
  struct stat st;
  Status s;
  if (::fstat(fd, &st) != 0) {
    s = ErrnoStatus("stat", path, errno);
  } else if (!S_ISREG(st.st_mode)) {
    s = unknown();
  } else if (st.st_size > kMaxTzifBytes) {
    s = Corruption("time zone " + std::string(quoted_name) + ": " + path + ": " +
                   std::to_string(st.st_size) + " bytes is too large for a TZif file");
  } else {
    data->resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < data->size()) {
      ssize_t n = ::read(fd, data->data() + got, data->size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        s = ErrnoStatus("read", path, errno);
        break;
      }
      if (n == 0) break;  // shrunk since fstat; the parser reports the truncation
      got += static_cast<size_t>(n);
    }
    data->resize(got);
  }
  ::close(fd);
  return s;
}

}  // namespace

// Turns parsed TZif data into the lookup table; a friend of TimeZone.
struct TimeZoneBuilder {
  static std::shared_ptr<TimeZone> Build(std::string name, const ParsedTzif& parsed) {
    std::shared_ptr<TimeZone> tz(new TimeZone(std::move(name), parsed.type0_offset));
    const size_t n = parsed.transition_seconds.size();
    for (size_t i = 0; i < n; ++i) {
      const int64_t s = parsed.transition_seconds[i];
      const int32_t offset = parsed.transition_offsets[i];
      // zic writes a first transition at -2^59 ("big bang") in some builds; µs cannot hold it,
      // and it only sets the offset of all earlier representable instants.
      if (s < kMinTransitionSeconds) {
        tz->initial_offset_ = offset;
        continue;
      }
      if (s > kMaxTransitionSeconds) break;
      tz->Append(s * kMicrosPerSecond, offset);
    }
    if (!parsed.footer) return tz;

    // RFC 8536: the TZ string governs instants on or after the last transition, and all
    // instants when there is none.
    const PosixTz& footer = *parsed.footer;
    const bool has_transitions = n > 0;
    const int64_t footer_start = has_transitions ? SecondsToMicros(parsed.transition_seconds.back())
                                                 : std::numeric_limits<int64_t>::min();
    if (footer_start == std::numeric_limits<int64_t>::max()) return tz;
    if (!footer.has_dst) {
      if (has_transitions) {
        tz->SetLastOffset(footer_start, footer.std_offset);
      } else {
        tz->initial_offset_ = footer.std_offset;
      }
      return tz;
    }
    tz->rule_ = std::make_unique<const TimeZone::Rule>(TimeZone::Rule{footer});
    tz->rule_start_us_ = footer_start;
    if (!has_transitions) return tz;

    // Expand the rule into the table up to kLastTableYear, with the very function that serves
    // later instants, so that both agree at the seam.
    OffsetSpan span = PosixRuleSpanAt(footer, footer_start);
    tz->SetLastOffset(footer_start, span.offset_seconds);
    const int64_t table_end =
        SecondsToMicros(DaysFromCivil64(kLastTableYear + 1, 1, 1) * kSecondsPerDay);
    while (span.end_utc_us < table_end) {
      span = PosixRuleSpanAt(footer, span.end_utc_us);
      tz->Append(span.start_utc_us, span.offset_seconds);
      tz->rule_start_us_ = span.start_utc_us;
    }
    return tz;
  }
};

TimeZone::TimeZone(std::string name, int32_t initial_offset)
    : name_(std::move(name)), initial_offset_(initial_offset) {}

TimeZone::~TimeZone() = default;

void TimeZone::Append(int64_t at_us, int32_t offset) {
  const int32_t previous = transition_offset_.empty() ? initial_offset_ : transition_offset_.back();
  if (offset == previous) return;  // a change of abbreviation or DST flag only
  transition_us_.push_back(at_us);
  transition_offset_.push_back(offset);
}

void TimeZone::SetLastOffset(int64_t at_us, int32_t offset) {
  // The file's last transition may have been merged into an earlier one of equal offset; the
  // footer's offset from `at_us` on then either equals it or starts a new span there.
  if (!transition_us_.empty() && transition_us_.back() == at_us) {
    transition_us_.pop_back();
    transition_offset_.pop_back();
  }
  Append(at_us, offset);
}

Status TimeZone::Load(std::string_view name, std::shared_ptr<const TimeZone>* out) {
  const char* dir = std::getenv("TZDIR");
  return LoadFromDir(dir != nullptr && dir[0] != '\0' ? dir : kDefaultZoneinfoDir, name, out);
}

Status TimeZone::LoadFromDir(std::string_view zoneinfo_dir, std::string_view name,
                             std::shared_ptr<const TimeZone>* out) {
  if (name == "UTC" || name == "Etc/UTC") {
    std::shared_ptr<TimeZone> tz(new TimeZone(std::string(name), 0));
    *out = std::move(tz);
    return Status::Ok();
  }
  int32_t fixed;
  if (ParseFixedOffset(name, &fixed)) {
    std::shared_ptr<TimeZone> tz(new TimeZone(std::string(name), fixed));
    *out = std::move(tz);
    return Status::Ok();
  }
  if (!name.empty() && (name[0] == '+' || name[0] == '-') && name.find(':') != name.npos) {
    return InvalidArgument("invalid fixed offset " + Quoted(name) +
                           ": expected +HH:MM or -HH:MM, at most 18:00");
  }
  RETURN_IF_ERROR(ValidateName(name));
  std::string path(zoneinfo_dir);
  if (path.empty() || path.back() != '/') path += '/';
  path += name;
  std::string data;
  RETURN_IF_ERROR(ReadZoneFile(path, Quoted(name), &data));
  return FromTzif(name, data, out).WithContext(path);
}

Status TimeZone::FromTzif(std::string_view name, std::string_view tzif,
                          std::shared_ptr<const TimeZone>* out) {
  ParsedTzif parsed;
  Status s = ParseTzif(tzif, &parsed);
  if (!s.ok()) {
    if (s.code() == ErrorCode::kInvalidArgument) {
      return InvalidArgument("time zone " + Quoted(name) + " " + s.message());
    }
    return s.WithContext("time zone " + Quoted(name));
  }
  *out = TimeZoneBuilder::Build(std::string(name), parsed);
  return Status::Ok();
}

std::shared_ptr<const TimeZone> TimeZone::Utc() {
  static const std::shared_ptr<const TimeZone> utc(new TimeZone("UTC", 0));
  return utc;
}

OffsetSpan TimeZone::TableSpanAt(int64_t utc_us) const {
  const auto it = std::upper_bound(transition_us_.begin(), transition_us_.end(), utc_us);
  const size_t i = static_cast<size_t>(it - transition_us_.begin());
  OffsetSpan span;
  span.start_utc_us = i == 0 ? std::numeric_limits<int64_t>::min() : transition_us_[i - 1];
  span.end_utc_us =
      i == transition_us_.size() ? std::numeric_limits<int64_t>::max() : transition_us_[i];
  span.offset_seconds = i == 0 ? initial_offset_ : transition_offset_[i - 1];
  return span;
}

OffsetSpan TimeZone::SpanAt(int64_t utc_us) const {
  if (!rule_ || utc_us < rule_start_us_) {
    OffsetSpan span = TableSpanAt(utc_us);
    // The table's last span runs on into the rule's first.
    if (rule_ && span.end_utc_us > rule_start_us_) {
      span.end_utc_us = PosixRuleSpanAt(rule_->tz, rule_start_us_).end_utc_us;
    }
    return span;
  }
  OffsetSpan span = PosixRuleSpanAt(rule_->tz, utc_us);
  if (span.start_utc_us < rule_start_us_) {
    span.start_utc_us = TableSpanAt(rule_start_us_).start_utc_us;
  }
  return span;
}

int64_t TimeZone::UtcToLocal(int64_t utc_us) const {
  return SaturatingAdd(utc_us, int64_t{OffsetAt(utc_us)} * kMicrosPerSecond);
}

int64_t TimeZone::LocalToUtc(int64_t local_us) const {
  // Local time rises with the instant inside a span and jumps at transitions. Offsets are under
  // kMaxOffsetSeconds, so every instant before `from` shows a local time before local_us and the
  // answer lies within a few spans after it.
  int64_t from = SaturatingSub(local_us, int64_t{kMaxOffsetSeconds} * kMicrosPerSecond);
  for (;;) {
    const OffsetSpan span = SpanAt(from);
    const int64_t offset_us = int64_t{span.offset_seconds} * kMicrosPerSecond;
    if (span.end_utc_us == std::numeric_limits<int64_t>::max() ||
        SaturatingAdd(span.end_utc_us, offset_us) > local_us) {
      // The instant showing local_us in this span, or the span's start when local_us falls in
      // the gap before it.
      return std::max(span.start_utc_us, SaturatingSub(local_us, offset_us));
    }
    from = span.end_utc_us;
  }
}

int32_t TimeZone::LocalDay(int64_t utc_us) const {
  return static_cast<int32_t>(FloorDiv(UtcToLocal(utc_us), kMicrosPerDay));
}

void TimeZone::LocalDays(std::span<const int64_t> utc_us, std::span<int32_t> days) const {
  assert(days.size() >= utc_us.size());
  OffsetSpan span{0, 0, 0};  // empty: the first instant looks up its span
  int64_t offset_us = 0;
  for (size_t i = 0; i < utc_us.size(); ++i) {
    const int64_t t = utc_us[i];
    if (!span.Contains(t)) {
      span = SpanAt(t);
      offset_us = int64_t{span.offset_seconds} * kMicrosPerSecond;
    }
    days[i] = static_cast<int32_t>(FloorDiv(SaturatingAdd(t, offset_us), kMicrosPerDay));
  }
}

int64_t TimeZone::DayStartUtc(int32_t day) const {
  int64_t local;
  if (__builtin_mul_overflow(int64_t{day}, kMicrosPerDay, &local)) {
    local = day < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return LocalToUtc(local);
}

bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int32_t DaysInMonth(int64_t year, int32_t month) {
  static constexpr int32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  assert(month >= 1 && month <= 12);
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsValidCivilDate(const CivilDate& date) {
  return date.year >= -kMaxCivilYear && date.year <= kMaxCivilYear && date.month >= 1 &&
         date.month <= 12 && date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

int32_t CivilToDay(const CivilDate& date) {
  assert(IsValidCivilDate(date));
  return static_cast<int32_t>(DaysFromCivil64(date.year, date.month, date.day));
}

CivilDate DayToCivil(int32_t day) {
  int64_t y, m, d;
  CivilFromDays64(day, &y, &m, &d);
  return {static_cast<int32_t>(y), static_cast<int32_t>(m), static_cast<int32_t>(d)};
}

int32_t Weekday(int32_t day) {
  // 1970-01-01 was a Thursday (3 counting from Monday).
  return static_cast<int32_t>(Mod(int64_t{day} + 3, 7));
}

int32_t MonthIndexOfDay(int32_t day) {
  const CivilDate c = DayToCivil(day);
  return c.year * 12 + c.month - 1;
}

int32_t MonthIndexStartDay(int32_t month_index) {
  const int64_t year = FloorDiv(month_index, 12);
  const int64_t month = month_index - year * 12 + 1;
  const int64_t day = DaysFromCivil64(year, month, 1);
  return static_cast<int32_t>(std::clamp<int64_t>(day, std::numeric_limits<int32_t>::min(),
                                                  std::numeric_limits<int32_t>::max()));
}

Status ParseCivilDate(std::string_view text, int32_t* day) {
  auto digits = [&](size_t pos, size_t n) {
    int32_t v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (!IsDigit(text[i])) return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  CivilDate c{-1, -1, -1};
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    c = {digits(0, 4), digits(5, 2), digits(8, 2)};
  }
  if (c.year < 0 || !IsValidCivilDate(c)) {
    return InvalidArgument("invalid date " + Quoted(text) +
                           ": expected an existing date as YYYY-MM-DD");
  }
  *day = CivilToDay(c);
  return Status::Ok();
}

std::string FormatCivilDate(int32_t day) {
  const CivilDate c = DayToCivil(day);
  char buf[32];
  const char* sign = c.year < 0 ? "-" : (c.year > 9999 ? "+" : "");
  const int64_t abs_year = c.year < 0 ? -int64_t{c.year} : c.year;
  std::snprintf(buf, sizeof(buf), "%s%04lld-%02d-%02d", sign, static_cast<long long>(abs_year),
                c.month, c.day);
  return buf;
}

std::string FormatTimestampUtc(int64_t micros) {
  int64_t day = micros / kMicrosPerDay;
  int64_t rem = micros % kMicrosPerDay;
  if (rem < 0) {
    --day;
    rem += kMicrosPerDay;
  }
  const int64_t s = rem / kMicrosPerSecond;
  char clock[32];
  std::snprintf(clock, sizeof clock, "T%02lld:%02lld:%02lld.%06lldZ",
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60), static_cast<long long>(rem % kMicrosPerSecond));
  return FormatCivilDate(static_cast<int32_t>(day)) + clock;
}

}  // namespace growloop
