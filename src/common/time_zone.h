// Time zones and civil dates for grouping events into local hours, days, weeks and months.
//
// GCC 12's libstdc++ has no std::chrono::time_zone, so Growloop reads the IANA time zone database
// itself: the TZif files (RFC 8536, versions 1 to 4) that Debian's tzdata package installs under
// /usr/share/zoneinfo, or under $TZDIR when that is set (as glibc does). Instants are µs since the
// Unix epoch in UTC (int64), the unit of every event time in Growloop; offsets are whole seconds
// east of UTC.
//
// A TimeZone is immutable once loaded: every const method may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace growloop {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// An interval of instants [start_utc_us, end_utc_us) over which a zone's offset does not change.
// start_utc_us is INT64_MIN and end_utc_us INT64_MAX where the interval is unbounded; an unbounded
// interval includes INT64_MAX itself.
struct OffsetSpan {
  int64_t start_utc_us;
  int64_t end_utc_us;
  int32_t offset_seconds;

  bool Contains(int64_t utc_us) const {
    return utc_us >= start_utc_us && (utc_us < end_utc_us || end_utc_us == INT64_MAX);
  }
};

class TimeZone {
 public:
  // Loads the zone named `name` into *out:
  //  - "UTC" and "Etc/UTC" are built in and load even without tzdata;
  //  - a fixed offset "+HH:MM" or "-HH:MM" (at most 18:00, minutes below 60) is built in;
  //  - any other name is an IANA name such as "Asia/Shanghai", read from $TZDIR/<name>, or
  //    /usr/share/zoneinfo/<name> when TZDIR is unset or empty.
  // Names are validated before any file is opened: at most 255 bytes of [A-Za-z0-9_+-/], no
  // leading, trailing or doubled '/', so no '.' or ".." can leave the zone directory.
  // Errors: InvalidArgument naming `name` when it is malformed, names no file, or names a file
  // that is not a TZif file (tzdata's "leapseconds" table, a directory) or one with leap-second
  // records (the "right/" zones: Growloop's instants do not count leap seconds); Corruption when
  // the file begins as a TZif file but is malformed or truncated; IoError when it cannot be read.
  // Reads the file (about 20 µs) on every call and caches nothing: callers keep the shared_ptr.
  // Any thread may call it, though not while another changes TZDIR (getenv is not synchronized
  // with setenv).
  static Status Load(std::string_view name, std::shared_ptr<const TimeZone>* out);

  // As Load, but IANA names are looked up in `zoneinfo_dir`, whatever $TZDIR says.
  static Status LoadFromDir(std::string_view zoneinfo_dir, std::string_view name,
                            std::shared_ptr<const TimeZone>* out);

  // Parses the bytes of a TZif file as the zone `name` (not validated, not opened). Errors as
  // Load: InvalidArgument when `tzif` does not begin with "TZif" or has leap-second records,
  // Corruption when it is malformed. For tests and fuzzing; never reads a file.
  static Status FromTzif(std::string_view name, std::string_view tzif,
                         std::shared_ptr<const TimeZone>* out);

  // The built-in UTC zone, shared by all callers. Never null.
  static std::shared_ptr<const TimeZone> Utc();

  // The name as given to Load ("Asia/Shanghai", "+08:00", "UTC").
  const std::string& name() const { return name_; }

  // Offset from UTC in seconds in effect at the instant `utc_us`.
  int32_t OffsetAt(int64_t utc_us) const { return SpanAt(utc_us).offset_seconds; }

  // The interval of constant offset containing `utc_us`, bounded by the zone's transitions. A
  // scan over many instants converts each with one add while it stays inside the span, and asks
  // again only when an instant falls outside it. A binary search over the transitions up to the
  // year 2100 (about 10 ns), and about 100 ns beyond it (computed from the file's POSIX TZ rule).
  OffsetSpan SpanAt(int64_t utc_us) const;

  // Local wall-clock time of `utc_us`, as µs since 1970-01-01T00:00 local (saturates at the int64
  // limits).
  int64_t UtcToLocal(int64_t utc_us) const;

  // The first instant whose local wall-clock time is `local_us` or later. Where the local time
  // occurs once, that is the instant showing it. In an overlap (clocks set back, the local time
  // occurs twice) it is the earlier instant, under the earlier (larger) offset. In a gap (clocks
  // set forward, the local time never occurs) it is the transition instant, the first instant
  // after the gap: New York's 2024-03-10 02:30 maps to 07:00Z, shown as 03:00 EDT. This is the
  // choice that makes a local day begin at its first instant (DayStartUtc), as most analytics
  // tools do; note that Python's zoneinfo with fold=0 differs in gaps (it maps 02:30 to 07:30Z).
  int64_t LocalToUtc(int64_t local_us) const;

  // The local date of `utc_us` as days since 1970-01-01 (negative before).
  int32_t LocalDay(int64_t utc_us) const;

  // LocalDay of each utc_us[i] into days[i]; `days` must be at least as long as `utc_us`. Does
  // one lookup per change of offset span when the instants are sorted, and stays correct (with
  // more lookups) when they are not.
  void LocalDays(std::span<const int64_t> utc_us, std::span<int32_t> days) const;

  // The first instant whose local date is `day` (LocalToUtc of its local midnight); for a date
  // the zone skipped (Samoa's 2011-12-30), the start of the next one, so that the skipped day is
  // empty. DayStartUtc(LocalDay(t)) <= t for every t, and t < DayStartUtc(LocalDay(t) + 1) except
  // where clocks went back across midnight, making a local date more than one interval: St.
  // John's, Goose Bay and Moncton fell back at 00:01 to 23:01 until 2006-2011, so the hour that
  // followed belongs to the earlier date although the later one had begun. Days beyond about
  // ±292,000 years saturate.
  int64_t DayStartUtc(int32_t day) const;

  ~TimeZone();
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;

 private:
  struct Rule;
  friend struct TimeZoneBuilder;

  TimeZone(std::string name, int32_t initial_offset);

  // The span of the table (transition_us_) containing `utc_us`, for utc_us < rule_start_us_.
  OffsetSpan TableSpanAt(int64_t utc_us) const;
  // Adds a transition to `offset` at `at_us` (after every other), unless the offset is unchanged.
  void Append(int64_t at_us, int32_t offset);
  // Makes `offset` the one in effect from `at_us`, the last transition's instant, on.
  void SetLastOffset(int64_t at_us, int32_t offset);

  std::string name_;
  // Instants at which the offset changes (ascending, µs) and the offset from each one on; before
  // the first, initial_offset_. Consecutive entries have different offsets. Includes the POSIX
  // rule's transitions up to the year 2100, so that common lookups are one binary search.
  std::vector<int64_t> transition_us_;
  std::vector<int32_t> transition_offset_;
  int32_t initial_offset_;
  // From rule_start_us_ on, when rule_ is set, the offset is computed from the POSIX TZ rule.
  std::unique_ptr<const Rule> rule_;
  int64_t rule_start_us_ = INT64_MAX;
};

// Proleptic Gregorian civil dates. A "day" is a count of days since 1970-01-01.

struct CivilDate {
  int32_t year;   // astronomical: 0 is 1 BC
  int32_t month;  // 1-12
  int32_t day;    // 1-31
};

bool IsLeapYear(int64_t year);
// Days in `month` (1-12) of `year`.
int32_t DaysInMonth(int64_t year, int32_t month);
// True when the date exists and its year is within ±5,000,000 (so its day fits an int32).
bool IsValidCivilDate(const CivilDate& date);

// Day number of a valid date (see IsValidCivilDate; asserted).
int32_t CivilToDay(const CivilDate& date);
CivilDate DayToCivil(int32_t day);

// Day of the week, Monday = 0 … Sunday = 6 (ISO 8601). The Monday of the week of `day` is
// day - Weekday(day).
int32_t Weekday(int32_t day);

// Month index year * 12 + (month - 1) of `day`, for grouping by month (consecutive months have
// consecutive indexes), and the day on which month index `month_index` begins.
int32_t MonthIndexOfDay(int32_t day);
int32_t MonthIndexStartDay(int32_t month_index);

// "YYYY-MM-DD" (exactly: four-digit year 0000-9999, two-digit month and day) to a day number.
// InvalidArgument naming the text when it is not of this form or the date does not exist
// ("2023-02-29").
Status ParseCivilDate(std::string_view text, int32_t* day);
// "YYYY-MM-DD" for years 0000-9999; other years as ISO 8601 expanded years, "-0001-12-31",
// "+10000-01-01".
std::string FormatCivilDate(int32_t day);

// RFC 3339 in UTC with microseconds, "2024-05-01T12:00:00.000000Z", for µs since the Unix epoch:
// how the HTTP API and the query answers write instants.
std::string FormatTimestampUtc(int64_t micros);

}  // namespace growloop
