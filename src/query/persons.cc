#include "query/persons.h"

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

#include "common/huge_memory.h"
#include "common/time_zone.h"
#include "query/query_exec.h"
#include "query/request_parsing.h"

namespace growloop {

using json = nlohmann::json;
using namespace request_parsing;

namespace {
constexpr int64_t kMaxLimit = 10'000;
}  // namespace

Status ParsePersons(const json& body, const TimeZone& tz, int64_t now_us, PersonsRequest* out,
                    std::string* field) {
  Parser p{field, {}};
  std::string order;
  int64_t limit = static_cast<int64_t>(out->limit);
  if (!ParseCommon(p, body, tz, now_us, &out->common) ||
      !CheckKeys(p, body, "",
                 {"project", "from", "to", "timeout_ms", "filters", "event", "order", "limit"}) ||
      !GetString(p, body, "", "order", &order) ||
      !GetInt(p, body, "", "limit", 0, kMaxLimit, &limit)) {
    return p.status;
  }
  out->limit = static_cast<size_t>(limit);
  if (order.empty() || order == "last_seen") {
    out->order = PersonsOrder::kLastSeen;
  } else if (order == "events") {
    out->order = PersonsOrder::kEvents;
  } else {
    p.Fail("order", "must be last_seen or events; not \"" + order + "\"");
    return p.status;
  }
  auto e = body.find("event");
  if (e != body.end() && !e->is_null()) ParseSelector(p, *e, "event", {}, &out->event);
  return p.status;
}

Status RunPersonsQuery(const QueryContext& ctx, const PersonsRequest& req, json* answer) {
  const auto started = std::chrono::steady_clock::now();
  const TimeRange range = req.common.range;
  const std::vector<const Chunk*> chunks = ctx.ChunksIn(range);
  std::set<std::string> props;
  CollectProperties(req.common.filter, &props);
  CollectProperties(req.event.filter, &props);
  RETURN_IF_ERROR(ctx.LoadProperties(chunks, props));
  CompiledSelector sel;
  RETURN_IF_ERROR(CompileSelector(req.event, req.common.filter, ctx.data(), &sel));

  const uint32_t slots = ctx.slots();
  HugeArray<uint32_t> events(slots, 0);
  HugeArray<int64_t> first(slots, std::numeric_limits<int64_t>::max());
  HugeArray<int64_t> last(slots, std::numeric_limits<int64_t>::min());
  std::vector<ChunkFilter> filters(chunks.size());
  std::vector<uint8_t> postings(chunks.size(), 0);
  RETURN_IF_ERROR(ctx.ForIndexes(chunks.size(), [&](size_t i, int) {
    postings[i] = ReadsPostings(*chunks[i], sel);
    return ChunkFilter::Bind(sel.filter, *chunks[i], ctx.data(), &filters[i]);
  }));
  auto count = [&](const Chunk& c, const RunPersons& rp) {
    return [&](uint32_t row, uint32_t run) {
      const int64_t ts = c.ts[row];
      if (ts < range.from_us || ts >= range.to_us) return;
      const uint32_t p = rp.person[run];
      ++events[p];
      first[p] = std::min(first[p], ts);
      last[p] = std::max(last[p], ts);
    };
  };
  const PersonTiles tiles(slots, sizeof(uint32_t) + 2 * sizeof(int64_t), ctx.threads());
  RETURN_IF_ERROR(tiles.ForEach(ctx, [&](uint32_t b0, uint32_t b1, int) {
    for (size_t i = 0; i < chunks.size(); ++i) {
      const Chunk& c = *chunks[i];
      const RunPersons& rp = ctx.Runs(c);
      ForSelectedRowsAtHome(c, rp, b0, b1, sel, filters[i], postings[i] != 0, count(c, rp));
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ForStrayChunks(ctx, chunks.size(), [&](size_t i, size_t t) {
    const Chunk& c = *chunks[i];
    const RunPersons& rp = ctx.Runs(c);
    ForSelectedStrayRows(c, rp, t, ctx.threads(), sel, filters[i], count(c, rp));
  }));

  // The persons shown: the first `limit` in the order asked.
  auto before = [&](uint32_t a, uint32_t b) {
    if (req.order == PersonsOrder::kEvents && events[a] != events[b]) return events[a] > events[b];
    if (last[a] != last[b]) return last[a] > last[b];
    if (events[a] != events[b]) return events[a] > events[b];
    return a < b;
  };
  uint64_t persons = 0, total = 0;
  for (uint32_t p = 0; p < slots; ++p) {
    persons += events[p] != 0;
    total += events[p];
  }
  const std::vector<uint32_t> listed = FirstPersons(
      slots, req.limit, [&](uint32_t p) { return events[p] != 0; }, before);
  json rows = json::array();
  for (uint32_t p : listed) {
    rows.push_back({{"person", ctx.data().PersonLabel(ctx.SlotQid(p))},
                    {"events", events[p]},
                    {"first_seen", FormatTimestampUtc(first[p])},
                    {"last_seen", FormatTimestampUtc(last[p])}});
  }
  *answer = {{"kind", "persons"},
             {"order", req.order == PersonsOrder::kEvents ? "events" : "last_seen"},
             {"persons", persons},
             {"events", total},
             {"rows", std::move(rows)},
             {"more", persons > listed.size()},
             {"stats", {{"elapsed_ms", ElapsedMs(started)}}}};
  return Status::Ok();
}

}  // namespace growloop
