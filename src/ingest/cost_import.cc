#include "ingest/cost_import.h"

#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "common/time_zone.h"
#include "ingest/csv_record_parser.h"

namespace growloop {
namespace {

using json = nlohmann::json;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Quote(std::string_view s) {
  constexpr size_t kShown = 40;
  std::string out = "\"";
  out += s.substr(0, kShown);
  if (s.size() > kShown) out += "...";
  return out + "\"";
}

// The checks every cost row gets, whatever the format: a date, a spend, then the stored
// entry's own rules.
Status FillDate(std::string_view text, CostEntry* c) {
  if (text.empty()) return InvalidArgument("date: is required");
  if (!ParseCivilDate(text, &c->day).ok()) {
    return InvalidArgument("date: must be an existing date YYYY-MM-DD, got " + Quote(text));
  }
  return Status::Ok();
}

Status FillSpend(std::string_view text, CostEntry* c) {
  if (text.empty()) return InvalidArgument("spend: is required");
  if (text.front() == '-') {
    return InvalidArgument("spend: must not be negative, got " + Quote(text));
  }
  if (!ParseSpendText(text, &c->spend_micros)) {
    return InvalidArgument(
        "spend: must be a number such as 1234.5 (no sign, exponent or "
        "thousands separator, at most 1000000000000), got " +
        Quote(text));
  }
  return Status::Ok();
}

// Rejects a second row with the same key; `where` says where each row is.
class KeyCheck {
 public:
  Status Add(const CostEntry& c, const std::string& where) {
    auto [it, added] = seen_.try_emplace({c.day, c.channel, c.campaign}, where);
    if (added) return Status::Ok();
    return InvalidArgument("has the same date, channel and campaign as " + it->second);
  }

 private:
  std::map<std::tuple<int32_t, std::string, std::string>, std::string> seen_;
};

}  // namespace

bool ParseSpendText(std::string_view text, int64_t* micros) {
  constexpr int kDecimals = 6;
  size_t i = 0;
  int64_t whole = 0;
  size_t whole_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    if (whole > kMaxSpendMicros / 10'000'000) return false;  // past 10^12 units long before
    whole = whole * 10 + (text[i] - '0');
  }
  int64_t fraction = 0;
  int fraction_digits = 0;
  bool round_up = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (fraction_digits < kDecimals) {
        fraction = fraction * 10 + (text[i] - '0');
        ++fraction_digits;
      } else if (i - start == kDecimals) {
        round_up = text[i] >= '5';  // the seventh decimal decides; later ones cannot change it
      }
    }
    if (i == start && whole_digits == 0) return false;  // "."
  }
  if (i != text.size() || (whole_digits == 0 && fraction_digits == 0)) return false;
  for (; fraction_digits < kDecimals; ++fraction_digits) fraction *= 10;
  const int64_t value = whole * 1'000'000 + fraction + (round_up ? 1 : 0);
  if (value > kMaxSpendMicros) return false;
  *micros = value;
  return true;
}

Status ParseCostsCsv(std::string_view text, std::string_view name, std::vector<CostEntry>* out) {
  out->clear();
  const std::string file(name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's BOM
  const char* p = text.data();
  const char* const end = p + text.size();
  std::vector<std::string_view> fields;
  std::string scratch;
  uint64_t line = 1;
  // Columns of the header: index of each known column, -1 when absent.
  int date_col = -1, channel_col = -1, campaign_col = -1, spend_col = -1, currency_col = -1;
  size_t columns = 0;
  bool header = true;
  std::vector<CostEntry> rows;
  KeyCheck keys;
  while (p < end) {
    const uint64_t row_line = line;
    auto fail = [&](const Status& s) {
      return Status(s.code(), file + " line " + std::to_string(row_line) + ": " + s.message());
    };
    const CsvRecordResult r = ParseCsvRecord(p, end, &fields, &scratch);
    if (!r.ok) return fail(InvalidArgument(std::string("is not valid CSV: ") + r.error));
    p = r.next;
    line += r.newlines;
    if (fields.size() == 1 && Trim(fields[0]).empty()) continue;  // a blank line
    if (header) {
      header = false;
      columns = fields.size();
      for (size_t c = 0; c < fields.size(); ++c) {
        const std::string_view col = Trim(fields[c]);
        int* slot = col == "date"       ? &date_col
                    : col == "channel"  ? &channel_col
                    : col == "campaign" ? &campaign_col
                    : col == "spend"    ? &spend_col
                    : col == "currency" ? &currency_col
                                        : nullptr;
        if (slot == nullptr) {
          return fail(
              InvalidArgument("header: unknown column " + Quote(col) +
                              "; the columns are date, channel, campaign, spend, currency"));
        }
        if (*slot >= 0) return fail(InvalidArgument("header: column " + Quote(col) + " twice"));
        *slot = static_cast<int>(c);
      }
      for (auto [col, slot] : {std::pair{"date", date_col}, std::pair{"channel", channel_col},
                               std::pair{"spend", spend_col}}) {
        if (slot < 0) {
          return fail(InvalidArgument(std::string("header: the column ") + col +
                                      " is missing (the header must name date, channel and "
                                      "spend; campaign and currency are optional)"));
        }
      }
      continue;
    }
    if (fields.size() != columns) {
      return fail(InvalidArgument("has " + std::to_string(fields.size()) + " fields, the header " +
                                  std::to_string(columns)));
    }
    auto field = [&](int col) {
      return col < 0 ? std::string_view() : Trim(fields[static_cast<size_t>(col)]);
    };
    CostEntry c;
    Status s = FillDate(field(date_col), &c);
    if (s.ok()) {
      c.channel = std::string(field(channel_col));
      c.campaign = std::string(field(campaign_col));
      c.currency = std::string(field(currency_col));
      s = FillSpend(field(spend_col), &c);
    }
    if (s.ok()) s = ValidateCostEntry(c);
    if (s.ok()) s = keys.Add(c, "line " + std::to_string(row_line));
    if (!s.ok()) return fail(s);
    rows.push_back(std::move(c));
  }
  if (header) return InvalidArgument(file + ": is empty; it needs a header line");
  *out = std::move(rows);
  return Status::Ok();
}

Status ParseCostsJson(const json& body, std::vector<CostEntry>* out) {
  out->clear();
  if (!body.is_object()) return InvalidArgument("body: must be a JSON object {\"costs\": [...]}");
  for (const auto& [key, value] : body.items()) {
    if (key != "costs") return InvalidArgument(key + ": unknown field");
  }
  auto list = body.find("costs");
  if (list == body.end() || !list->is_array()) {
    return InvalidArgument("costs: must be an array of {date, channel, campaign, spend, currency}");
  }
  std::vector<CostEntry> rows;
  KeyCheck keys;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string where = "costs[" + std::to_string(i) + "]";
    auto fail = [&](const Status& s) { return Status(s.code(), where + "." + s.message()); };
    const json& row = (*list)[i];
    if (!row.is_object()) return InvalidArgument(where + ": must be an object");
    for (const auto& [key, value] : row.items()) {
      if (key != "date" && key != "channel" && key != "campaign" && key != "spend" &&
          key != "currency") {
        return fail(InvalidArgument(key + ": unknown field"));
      }
    }
    auto text = [&](const char* key, std::string* v) -> Status {
      auto it = row.find(key);
      if (it == row.end() || it->is_null()) return Status::Ok();
      if (!it->is_string()) return InvalidArgument(std::string(key) + ": must be a string");
      *v = it->get<std::string>();
      return Status::Ok();
    };
    CostEntry c;
    std::string date;
    Status s = text("date", &date);
    if (s.ok()) s = FillDate(date, &c);
    if (s.ok()) s = text("channel", &c.channel);
    if (s.ok()) s = text("campaign", &c.campaign);
    if (s.ok()) s = text("currency", &c.currency);
    if (s.ok()) {
      auto spend = row.find("spend");
      if (spend == row.end() || spend->is_null()) {
        s = InvalidArgument("spend: is required");
      } else if (spend->is_string()) {
        s = FillSpend(spend->get<std::string>(), &c);
      } else if (spend->is_number()) {
        const double v = spend->get<double>();
        if (v < 0) {
          s = InvalidArgument("spend: must not be negative, got " + spend->dump());
        } else if (!std::isfinite(v) || v * 1e6 > static_cast<double>(kMaxSpendMicros)) {
          s = InvalidArgument("spend: must be at most 1000000000000, got " + spend->dump());
        } else {
          c.spend_micros = std::llround(v * 1e6);
        }
      } else {
        s = InvalidArgument("spend: must be a number");
      }
    }
    if (s.ok()) s = ValidateCostEntry(c);
    if (!s.ok()) return fail(s);
    s = keys.Add(c, where);
    if (!s.ok()) return Status(s.code(), where + ": " + s.message());
    rows.push_back(std::move(c));
  }
  *out = std::move(rows);
  return Status::Ok();
}

}  // namespace growloop
