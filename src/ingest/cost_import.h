// Marketing costs as they arrive: a CSV file (`growloop import-costs`) or the JSON body of
// POST /api/v1/costs, read into CostEntry rows for MetaStore::PutCosts. Both formats are specified
// in docs/formats/costs.md.
//
// Reading is all or nothing: the first bad row fails the whole input with InvalidArgument naming
// where (CSV: the file name and 1-based line; JSON: "costs[i].field") and what is wrong, and no
// row is returned. Two rows with the same key (date, channel, campaign) are an error too: in one
// input they are a mistake (a row pasted twice, or two accounts that should be summed), not an
// update.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "meta/meta_store.h"

namespace growloop {

// Parses a costs CSV: a header naming the columns `date`, `channel`, `spend` (required) and
// `campaign`, `currency` (optional), in any order, then one row per cost. `name` (the file
// name) prefixes every error: "costs.csv line 3: spend: must not be negative, got \"-5\"".
Status ParseCostsCsv(std::string_view text, std::string_view name, std::vector<CostEntry>* out);

// Parses {"costs": [{"date", "channel", "campaign", "spend", "currency"}, ...]}. Errors name
// the field: "costs[2].date: ...".
Status ParseCostsJson(const nlohmann::json& body, std::vector<CostEntry>* out);

// A spend written as a decimal ("1234.5", "0.125", "42"): no sign, no exponent, no thousands
// separators; digits past the sixth decimal are rounded (half up). False when `text` is not such
// a number or exceeds kMaxSpendMicros.
bool ParseSpendText(std::string_view text, int64_t* micros);

}  // namespace growloop
