#include "query/query_request.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "common/time_zone.h"
#include "ingest/timestamp_parse.h"
#include "query/request_parsing.h"

namespace growloop {
namespace request_parsing {

using json = nlohmann::json;

constexpr int64_t kDayUs = 86'400'000'000;

std::string Sub(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string Index(const std::string& path, size_t i) {
  return fmt::format("{}[{}]", path, i);
}

bool CheckKeys(Parser& p, const json& obj, const std::string& path,
               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : obj.items()) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || key == a;
    if (!ok) return p.Fail(Sub(path, key), "unknown field");
  }
  return true;
}

bool GetString(Parser& p, const json& obj, const std::string& path, std::string_view key,
               std::string* out, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return required ? p.Fail(Sub(path, key), "is required") : true;
  }
  if (!it->is_string()) return p.Fail(Sub(path, key), "must be a string");
  *out = it->get<std::string>();
  return true;
}

bool GetInt(Parser& p, const json& obj, const std::string& path, std::string_view key, int64_t lo,
            int64_t hi, int64_t* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_number_integer() && !it->is_number_unsigned()) {
    return p.Fail(Sub(path, key), "must be an integer");
  }
  const int64_t v = it->get<int64_t>();
  if (v < lo || v > hi) return p.Fail(Sub(path, key), fmt::format("must be in {}..{}", lo, hi));
  *out = v;
  return true;
}

bool GetBool(Parser& p, const json& obj, const std::string& path, std::string_view key, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_boolean()) return p.Fail(Sub(path, key), "must be true or false");
  *out = it->get<bool>();
  return true;
}

// A date (local midnight) or an RFC 3339 timestamp. `end`: a date means the end of that day.
// The day a relative date names, counted back from `today`: "today", "yesterday", or "-N" and a
// unit, d (days), w (weeks) or m (calendar months; the 31st of a shorter month becomes its last
// day). False when `text` is not one of those forms or N is not in 0..3660.
bool RelativeDay(std::string_view text, int32_t today, int32_t* day) {
  if (text == "today") {
    *day = today;
    return true;
  }
  if (text == "yesterday") {
    *day = today - 1;
    return true;
  }
  if (text.size() < 3 || text.size() > 6 || text.front() != '-') return false;
  int32_t n = 0;
  for (char c : text.substr(1, text.size() - 2)) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n > 3660) return false;
  switch (text.back()) {
    case 'd': *day = today - n; return true;
    case 'w': *day = today - 7 * n; return true;
    case 'm': {
      const CivilDate c = DayToCivil(today);
      const int32_t months = c.year * 12 + (c.month - 1) - n;
      const int32_t year = months / 12;
      const int32_t month = months % 12 + 1;
      if (year < 1) return false;
      *day = CivilToDay({year, month, std::min(c.day, DaysInMonth(year, month))});
      return true;
    }
    default: return false;
  }
}

bool ParseInstant(Parser& p, const std::string& path, const std::string& text, const TimeZone& tz,
                  int64_t now_us, bool end, int64_t* us) {
  int32_t day;
  if ((text.size() == 10 && ParseCivilDate(text, &day).ok()) ||
      RelativeDay(text, tz.LocalDay(now_us), &day)) {
    *us = tz.DayStartUtc(end ? day + 1 : day);
    return true;
  }
  if (ParseIso8601(text, us)) return true;
  return p.Fail(path,
                "must be a date YYYY-MM-DD, a relative date (today, yesterday, -7d, -4w, "
                "-3m) or an RFC 3339 timestamp, not \"" +
                    text + "\"");
}

bool ParseOp(std::string_view s, FilterOp* op) {
  static const std::pair<std::string_view, FilterOp> kOps[] = {{"eq", FilterOp::kEq},
                                                               {"neq", FilterOp::kNeq},
                                                               {"in", FilterOp::kIn},
                                                               {"not_in", FilterOp::kNotIn},
                                                               {"contains", FilterOp::kContains},
                                                               {"regex", FilterOp::kRegex},
                                                               {"gt", FilterOp::kGt},
                                                               {"lt", FilterOp::kLt},
                                                               {"gte", FilterOp::kGte},
                                                               {"lte", FilterOp::kLte},
                                                               {"between", FilterOp::kBetween},
                                                               {"is_set", FilterOp::kIsSet},
                                                               {"is_not_set", FilterOp::kIsNotSet}};
  for (auto [name, value] : kOps) {
    if (s == name) {
      *op = value;
      return true;
    }
  }
  return false;
}

bool IsScalar(const json& v) {
  return v.is_string() || v.is_number() || v.is_boolean();
}

bool ParseFilter(Parser& p, const json& j, const std::string& path, int depth, Filter* out) {
  out->path = path;
  if (depth > 16) return p.Fail(path, "nests deeper than 16 levels");
  if (!j.is_object()) return p.Fail(path, "must be an object");
  for (const char* combo : {"and", "or"}) {
    auto it = j.find(combo);
    if (it == j.end()) continue;
    if (!CheckKeys(p, j, path, {combo})) return false;
    const std::string sub = Sub(path, combo);
    if (!it->is_array() || it->empty()) return p.Fail(sub, "must be a non-empty array of filters");
    out->kind = combo[0] == 'a' ? Filter::Kind::kAnd : Filter::Kind::kOr;
    out->children.resize(it->size());
    for (size_t i = 0; i < it->size(); ++i) {
      if (!ParseFilter(p, (*it)[i], Index(sub, i), depth + 1, &out->children[i])) return false;
    }
    return true;
  }
  if (!CheckKeys(p, j, path, {"property", "op", "value", "type"})) return false;
  out->kind = Filter::Kind::kCondition;
  std::string op;
  if (!GetString(p, j, path, "property", &out->property, true)) return false;
  if (out->property.empty()) return p.Fail(Sub(path, "property"), "must not be empty");
  if (!GetString(p, j, path, "op", &op, true)) return false;
  if (!ParseOp(op, &out->op)) {
    return p.Fail(Sub(path, "op"),
                  "must be one of eq, neq, in, not_in, contains, regex, gt, lt, "
                  "gte, lte, between, is_set, is_not_set; not \"" +
                      op + "\"");
  }
  const std::string vpath = Sub(path, "value");
  auto v = j.find("value");
  switch (out->op) {
    case FilterOp::kIsSet:
    case FilterOp::kIsNotSet:
      if (v != j.end()) return p.Fail(vpath, "is not taken by " + op);
      return true;
    case FilterOp::kIn:
    case FilterOp::kNotIn:
      if (v == j.end() || !v->is_array()) return p.Fail(vpath, "must be an array for " + op);
      for (size_t i = 0; i < v->size(); ++i) {
        if (!IsScalar((*v)[i])) return p.Fail(Index(vpath, i), "must be a string, number or bool");
      }
      break;
    case FilterOp::kBetween:
      if (v == j.end() || !v->is_array() || v->size() != 2 || !(*v)[0].is_number() ||
          !(*v)[1].is_number()) {
        return p.Fail(vpath, "must be [low, high], two numbers");
      }
      break;
    case FilterOp::kGt:
    case FilterOp::kLt:
    case FilterOp::kGte:
    case FilterOp::kLte:
      if (v == j.end() || !v->is_number()) return p.Fail(vpath, "must be a number for " + op);
      break;
    case FilterOp::kContains:
      if (v == j.end() || !v->is_string()) return p.Fail(vpath, "must be a string for " + op);
      break;
    case FilterOp::kRegex:
      if (v == j.end() || !v->is_string()) return p.Fail(vpath, "must be a string for " + op);
      try {
        std::regex re(v->get<std::string>(), std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return p.Fail(vpath, std::string("is not a valid regular expression: ") + e.what());
      }
      break;
    case FilterOp::kEq:
    case FilterOp::kNeq:
      if (v == j.end() || !IsScalar(*v)) return p.Fail(vpath, "must be a string, number or bool");
      break;
  }
  out->value = *v;
  return true;
}

bool ParseSelector(Parser& p, const json& j, const std::string& path,
                   std::initializer_list<std::string_view> extra_keys, EventSelector* out) {
  if (!j.is_object()) return p.Fail(path, "must be an object");
  for (const auto& [key, value] : j.items()) {
    bool ok = key == "event" || key == "filters";
    for (std::string_view a : extra_keys) ok = ok || key == a;
    if (!ok) return p.Fail(Sub(path, key), "unknown field");
  }
  if (!GetString(p, j, path, "event", &out->event)) return false;
  if (out->event == "$all") out->event.clear();
  auto f = j.find("filters");
  if (f != j.end() && !f->is_null()) {
    if (!ParseFilter(p, *f, Sub(path, "filters"), 0, &out->filter)) return false;
  }
  return true;
}

bool ParseCommon(Parser& p, const json& body, const TimeZone& tz, int64_t now_us,
                 CommonRequest* out) {
  if (!body.is_object()) return p.Fail("body", "must be a JSON object");
  std::string from, to;
  if (!GetString(p, body, "", "from", &from) || !GetString(p, body, "", "to", &to)) return false;
  if (to.empty()) {
    out->range.to_us = tz.DayStartUtc(tz.LocalDay(now_us) + 1);
  } else if (!ParseInstant(p, "to", to, tz, now_us, true, &out->range.to_us)) {
    return false;
  }
  if (from.empty()) {
    out->range.from_us = tz.DayStartUtc(tz.LocalDay(out->range.to_us - 1) - 6);
  } else if (!ParseInstant(p, "from", from, tz, now_us, false, &out->range.from_us)) {
    return false;
  }
  if (out->range.from_us >= out->range.to_us) return p.Fail("to", "must be after from");
  if (out->range.to_us - out->range.from_us > 3660 * kDayUs) {
    return p.Fail("from", "the range is longer than ten years");
  }
  if (!GetInt(p, body, "", "timeout_ms", 1, 600'000, &out->timeout_ms)) return false;
  auto f = body.find("filters");
  if (f != body.end() && !f->is_null() && !ParseFilter(p, *f, "filters", 0, &out->filter)) {
    return false;
  }
  return true;
}

bool ParseInterval(Parser& p, const json& body, const std::string& key, bool allow_all,
                   Interval* out) {
  std::string s;
  if (!GetString(p, body, "", key, &s)) return false;
  if (s.empty()) return true;
  static const std::pair<std::string_view, Interval> kNames[] = {{"hour", Interval::kHour},
                                                                 {"day", Interval::kDay},
                                                                 {"week", Interval::kWeek},
                                                                 {"month", Interval::kMonth},
                                                                 {"all", Interval::kAll}};
  for (auto [name, value] : kNames) {
    if (s == name && (allow_all || value != Interval::kAll) &&
        (key == "interval" || value != Interval::kHour)) {
      *out = value;
      return true;
    }
  }
  return p.Fail(key, key != "interval" ? "must be day, week or month"
                                       : "must be hour, day, week, month or all");
}

}  // namespace request_parsing

namespace {

using json = nlohmann::json;
using namespace request_parsing;

bool ParseMath(std::string_view s, TrendMath* out) {
  static const std::pair<std::string_view, TrendMath> kNames[] = {
      {"total", TrendMath::kTotal},   {"unique_persons", TrendMath::kUniquePersons},
      {"sum", TrendMath::kSum},       {"avg", TrendMath::kAvg},
      {"min", TrendMath::kMin},       {"max", TrendMath::kMax},
      {"median", TrendMath::kMedian}, {"p90", TrendMath::kP90},
      {"dau", TrendMath::kDau},       {"wau", TrendMath::kWau},
      {"mau", TrendMath::kMau},       {"stickiness", TrendMath::kStickiness}};
  for (auto [name, value] : kNames) {
    if (s == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

bool NeedsProperty(TrendMath m) {
  return m == TrendMath::kSum || m == TrendMath::kAvg || m == TrendMath::kMin ||
         m == TrendMath::kMax || m == TrendMath::kMedian || m == TrendMath::kP90;
}

// Formulas: letters of series, numbers, + - * / and parentheses.
bool CheckFormula(Parser& p, const std::string& f, size_t series) {
  int depth = 0;
  for (char c : f) {
    if (c >= 'A' && c <= 'Z') {
      if (static_cast<size_t>(c - 'A') >= series) {
        return p.Fail("formula", std::string("names series ") + c + ", which does not exist");
      }
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return p.Fail("formula", "has an unmatched ')'");
    } else if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ' ' || c == '+' ||
                 c == '-' || c == '*' || c == '/')) {
      return p.Fail("formula", std::string("has an unexpected character '") + c + "'");
    }
  }
  if (depth != 0) return p.Fail("formula", "has an unmatched '('");
  return true;
}

}  // namespace

using namespace request_parsing;

std::string_view IntervalName(Interval interval) {
  switch (interval) {
    case Interval::kHour: return "hour";
    case Interval::kDay: return "day";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
    case Interval::kAll: return "all";
  }
  return "day";
}

Status CheckInstantText(const std::string& field, const std::string& text) {
  std::string at;
  request_parsing::Parser p{&at, Status::Ok()};
  int64_t us = 0;
  request_parsing::ParseInstant(p, field, text, *TimeZone::Utc(), 0, false, &us);
  return p.status;
}

Status ParseTrends(const json& body, const TimeZone& tz, int64_t now_us, TrendsRequest* out,
                   std::string* field) {
  Parser p{field, {}};
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "interval", "series",
                  "breakdown", "compare", "formula"}) ||
      !ParseInterval(p, body, "interval", true, &out->interval) ||
      !GetBool(p, body, "", "compare", &out->compare) ||
      !GetString(p, body, "", "formula", &out->formula)) {
    return p.status;
  }
  auto s = body.find("series");
  if (s == body.end() || !s->is_array() || s->empty()) {
    p.Fail("series", "must be a non-empty array");
    return p.status;
  }
  if (s->size() > 26) {
    p.Fail("series", "holds more than 26 series");
    return p.status;
  }
  for (size_t i = 0; i < s->size(); ++i) {
    const std::string path = Index("series", i);
    TrendSeries series;
    if (!ParseSelector(p, (*s)[i], path, {"math", "property", "name"}, &series.selector)) {
      return p.status;
    }
    std::string math;
    if (!GetString(p, (*s)[i], path, "math", &math) ||
        !GetString(p, (*s)[i], path, "property", &series.property)) {
      return p.status;
    }
    if (!math.empty() && !ParseMath(math, &series.math)) {
      p.Fail(Sub(path, "math"),
             "must be one of total, unique_persons, sum, avg, min, max, "
             "median, p90, dau, wau, mau, stickiness; not \"" +
                 math + "\"");
      return p.status;
    }
    if (NeedsProperty(series.math) && series.property.empty()) {
      p.Fail(Sub(path, "property"), "is required by math " + math);
      return p.status;
    }
    out->series.push_back(std::move(series));
  }
  auto b = body.find("breakdown");
  if (b != body.end() && !b->is_null()) {
    if (!b->is_object() || !CheckKeys(p, *b, "breakdown", {"property", "limit"})) {
      if (p.status.ok()) p.Fail("breakdown", "must be an object {property, limit}");
      return p.status;
    }
    int64_t limit = 10;
    if (!GetString(p, *b, "breakdown", "property", &out->breakdown, true) ||
        !GetInt(p, *b, "breakdown", "limit", 1, 1000, &limit)) {
      return p.status;
    }
    out->breakdown_limit = static_cast<size_t>(limit);
  }
  if (!out->formula.empty()) CheckFormula(p, out->formula, out->series.size());
  return p.status;
}

Status ParseFunnel(const json& body, const TimeZone& tz, int64_t now_us, FunnelRequest* out,
                   std::string* field) {
  Parser p{field, {}};
  int64_t window_s = 86'400;
  std::string order;
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "steps", "window_seconds",
                  "order", "exclusions", "breakdown", "conversion_over_time", "persons"}) ||
      !GetInt(p, body, "", "window_seconds", 1, kMaxWindowSeconds, &window_s) ||
      !GetString(p, body, "", "order", &order)) {
    return p.status;
  }
  out->window_us = window_s * 1'000'000;
  if (order.empty() || order == "ordered") {
    out->order = FunnelOrder::kOrdered;
  } else if (order == "strict") {
    out->order = FunnelOrder::kStrict;
  } else if (order == "any") {
    out->order = FunnelOrder::kAny;
  } else {
    p.Fail("order", "must be ordered, strict or any; not \"" + order + "\"");
    return p.status;
  }
  auto s = body.find("steps");
  if (s == body.end() || !s->is_array() || s->size() < 2 || s->size() > 32) {
    p.Fail("steps", "must be an array of 2 to 32 steps");
    return p.status;
  }
  for (size_t i = 0; i < s->size(); ++i) {
    const std::string path = Index("steps", i);
    FunnelStep step;
    int64_t within_s = 0;
    if (!ParseSelector(p, (*s)[i], path, {"within_seconds"}, &step.selector) ||
        !GetInt(p, (*s)[i], path, "within_seconds", 1, kMaxWindowSeconds, &within_s)) {
      return p.status;
    }
    if (within_s != 0 && out->order == FunnelOrder::kAny) {
      p.Fail(Sub(path, "within_seconds"),
             "is not taken by order any (steps have no previous step)");
      return p.status;
    }
    if (i == 0 && within_s != 0) {
      p.Fail(Sub(path, "within_seconds"), "is not taken by the first step");
      return p.status;
    }
    step.within_us = within_s * 1'000'000;
    out->steps.push_back(std::move(step));
  }
  const int64_t last_step = static_cast<int64_t>(out->steps.size()) - 1;
  auto b = body.find("breakdown");
  if (b != body.end() && !b->is_null()) {
    int64_t step = 0, limit = 10;
    std::string attribution;
    if (!b->is_object()) {
      p.Fail("breakdown", "must be an object {property, attribution, step, limit}");
      return p.status;
    }
    if (!CheckKeys(p, *b, "breakdown", {"property", "attribution", "step", "limit"}) ||
        !GetString(p, *b, "breakdown", "property", &out->breakdown, true) ||
        !GetString(p, *b, "breakdown", "attribution", &attribution) ||
        !GetInt(p, *b, "breakdown", "step", 0, last_step, &step) ||
        !GetInt(p, *b, "breakdown", "limit", 1, 1000, &limit)) {
      return p.status;
    }
    if (attribution.empty() || attribution == "first_touch") {
      if (b->contains("step")) {
        p.Fail("breakdown.step", "is taken only with attribution \"step\"");
        return p.status;
      }
    } else if (attribution != "step") {
      p.Fail("breakdown.attribution", "must be first_touch or step; not \"" + attribution + "\"");
      return p.status;
    }
    out->attribution_step = static_cast<size_t>(step);
    out->breakdown_limit = static_cast<size_t>(limit);
  }
  auto cot = body.find("conversion_over_time");
  if (cot != body.end() && !cot->is_null()) {
    if (!ParseInterval(p, body, "conversion_over_time", false, &out->conversion_interval)) {
      return p.status;
    }
    out->conversion_over_time = true;
  }
  auto pe = body.find("persons");
  if (pe != body.end() && !pe->is_null()) {
    int64_t step = -1, limit = 100;
    std::string status;
    if (!pe->is_object()) {
      p.Fail("persons", "must be an object {step, status, limit}");
      return p.status;
    }
    if (!CheckKeys(p, *pe, "persons", {"step", "status", "limit"}) ||
        !GetInt(p, *pe, "persons", "step", 0, last_step, &step) ||
        !GetString(p, *pe, "persons", "status", &status) ||
        !GetInt(p, *pe, "persons", "limit", 1, 100'000, &limit)) {
      return p.status;
    }
    if (step < 0) {
      p.Fail("persons.step", "is required");
      return p.status;
    }
    if (status.empty() || status == "reached") {
      out->persons_dropped = false;
    } else if (status == "dropped") {
      if (step == 0) {
        p.Fail("persons.step", "must be 1 or more for dropped persons");
        return p.status;
      }
      out->persons_dropped = true;
    } else {
      p.Fail("persons.status", "must be reached or dropped; not \"" + status + "\"");
      return p.status;
    }
    out->persons_step = static_cast<int>(step);
    out->persons_limit = static_cast<size_t>(limit);
  }
  auto e = body.find("exclusions");
  if (e != body.end() && !e->is_null()) {
    if (!e->is_array()) {
      p.Fail("exclusions", "must be an array");
      return p.status;
    }
    for (size_t i = 0; i < e->size(); ++i) {
      const std::string path = Index("exclusions", i);
      FunnelExclusion x;
      int64_t from = 0, to = static_cast<int64_t>(out->steps.size()) - 1;
      if (!ParseSelector(p, (*e)[i], path, {"from_step", "to_step"}, &x.selector) ||
          !GetInt(p, (*e)[i], path, "from_step", 0, static_cast<int64_t>(out->steps.size()) - 2,
                  &from) ||
          !GetInt(p, (*e)[i], path, "to_step", 1, static_cast<int64_t>(out->steps.size()) - 1,
                  &to)) {
        return p.status;
      }
      if (to <= from) {
        p.Fail(Sub(path, "to_step"), "must be after from_step");
        return p.status;
      }
      if (x.selector.event.empty()) {
        p.Fail(Sub(path, "event"), "is required");
        return p.status;
      }
      x.from_step = static_cast<size_t>(from);
      x.to_step = static_cast<size_t>(to);
      out->exclusions.push_back(std::move(x));
    }
  }
  return p.status;
}

Status ParseRetention(const json& body, const TimeZone& tz, int64_t now_us, RetentionRequest* out,
                      std::string* field) {
  Parser p{field, {}};
  std::string start, mode;
  int64_t periods = 14;
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "start_event", "return_event",
                  "start", "mode", "period", "periods", "breakdown", "value", "persons"}) ||
      !ParseInterval(p, body, "period", false, &out->period) ||
      !GetInt(p, body, "", "periods", 1, 365, &periods) ||
      !GetString(p, body, "", "start", &start) || !GetString(p, body, "", "mode", &mode)) {
    return p.status;
  }
  out->periods = static_cast<int>(periods);
  if (start.empty() || start == "first_time") {
    out->start = RetentionStart::kFirstTime;
  } else if (start == "recurring") {
    out->start = RetentionStart::kRecurring;
  } else {
    p.Fail("start", "must be first_time or recurring; not \"" + start + "\"");
    return p.status;
  }
  if (mode.empty() || mode == "on") {
    out->mode = RetentionMode::kOn;
  } else if (mode == "on_or_after") {
    out->mode = RetentionMode::kOnOrAfter;
  } else {
    p.Fail("mode", "must be on or on_or_after; not \"" + mode + "\"");
    return p.status;
  }
  auto se = body.find("start_event");
  if (se == body.end() || se->is_null()) {
    p.Fail("start_event", "is required");
    return p.status;
  }
  if (!ParseSelector(p, *se, "start_event", {}, &out->start_event)) return p.status;
  auto re = body.find("return_event");
  if (re != body.end() && !re->is_null()) {
    if (!ParseSelector(p, *re, "return_event", {}, &out->return_event)) return p.status;
  }
  auto b = body.find("breakdown");
  if (b != body.end() && !b->is_null()) {
    int64_t limit = 10;
    if (!b->is_object()) {
      p.Fail("breakdown", "must be an object {property, limit}");
      return p.status;
    }
    if (!CheckKeys(p, *b, "breakdown", {"property", "limit"}) ||
        !GetString(p, *b, "breakdown", "property", &out->breakdown, true) ||
        !GetInt(p, *b, "breakdown", "limit", 1, 1000, &limit)) {
      return p.status;
    }
    out->breakdown_limit = static_cast<size_t>(limit);
  }
  auto v = body.find("value");
  if (v != body.end() && !v->is_null()) {
    std::string math;
    if (!v->is_object()) {
      p.Fail("value", "must be an object {math: \"sum\", property}");
      return p.status;
    }
    if (!CheckKeys(p, *v, "value", {"math", "property"}) ||
        !GetString(p, *v, "value", "math", &math, true) ||
        !GetString(p, *v, "value", "property", &out->value_property, true)) {
      return p.status;
    }
    if (math != "sum") {
      p.Fail("value.math", "must be sum; not \"" + math + "\"");
      return p.status;
    }
  }
  auto pe = body.find("persons");
  if (pe != body.end() && !pe->is_null()) {
    int64_t period = -1, limit = 100;
    if (!pe->is_object()) {
      p.Fail("persons", "must be an object {cohort, period, limit}");
      return p.status;
    }
    if (!CheckKeys(p, *pe, "persons", {"cohort", "period", "limit"}) ||
        !GetString(p, *pe, "persons", "cohort", &out->persons_cohort, true) ||
        !GetInt(p, *pe, "persons", "period", 0, out->periods, &period) ||
        !GetInt(p, *pe, "persons", "limit", 1, 100'000, &limit)) {
      return p.status;
    }
    if (period < 0) {
      p.Fail("persons.period", "is required");
      return p.status;
    }
    if (!out->value_property.empty()) {
      p.Fail("persons", "is not taken with value (a revenue cell is a sum, not persons)");
      return p.status;
    }
    out->persons_period = static_cast<int>(period);
    out->persons_limit = static_cast<size_t>(limit);
  }
  return p.status;
}

Status ParseRfm(const json& body, const TimeZone& tz, int64_t now_us, RfmRequest* out,
                std::string* field) {
  Parser p{field, {}};
  std::string as_of;
  int64_t limit = 100;
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "as_of", "purchase_event",
                  "amount_property", "limit"}) ||
      !GetString(p, body, "", "as_of", &as_of) ||
      !GetString(p, body, "", "purchase_event", &out->purchase_event) ||
      !GetString(p, body, "", "amount_property", &out->amount_property) ||
      !GetInt(p, body, "", "limit", 0, 100'000, &limit)) {
    return p.status;
  }
  out->limit = static_cast<size_t>(limit);
  if (as_of.empty()) {
    out->as_of_day = tz.LocalDay(out->common.range.to_us - 1);
  } else if (!ParseCivilDate(as_of, &out->as_of_day).ok()) {
    p.Fail("as_of", "must be a date YYYY-MM-DD, not \"" + as_of + "\"");
  }
  if (p.status.ok() && out->purchase_event.empty()) p.Fail("purchase_event", "must not be empty");
  if (p.status.ok() && out->amount_property.empty()) {
    p.Fail("amount_property", "must not be empty");
  }
  return p.status;
}

}  // namespace growloop
