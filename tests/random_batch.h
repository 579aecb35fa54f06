// Random event batches for property-based storage tests: random schemas (property names, types,
// null rates, cardinalities), including empty, null-heavy and high-cardinality columns.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "event/event_batch.h"

namespace growloop::testing {

struct RandomBatchOptions {
  size_t rows = 100;
  int days = 3;                  // timestamps spread over this many UTC days from day0
  int64_t day0 = 20454;          // 2026-01-01
  size_t max_properties = 8;
  std::string id_prefix = "e";   // ids are prefix + sequence number: unique per generator
};

class RandomBatchGenerator {
 public:
  explicit RandomBatchGenerator(uint64_t seed) : rng_(seed) {}

  EventBatch Next(const RandomBatchOptions& o) {
    EventBatch b;
    std::uniform_int_distribution<size_t> nprops(0, o.max_properties);
    size_t np = nprops(rng_);
    struct Prop {
      std::string name;
      ValueType type;
      double null_rate;
      int cardinality;  // 0: unbounded
    };
    std::vector<Prop> props;
    for (size_t p = 0; p < np; ++p) {
      Prop pr;
      pr.name = "p" + std::to_string(rng_() % 12);
      pr.type = static_cast<ValueType>(1 + rng_() % 4);
      double rates[] = {0.0, 0.0, 0.5, 0.95, 1.0};
      pr.null_rate = rates[rng_() % 5];
      int cards[] = {1, 3, 50, 0};
      pr.cardinality = cards[rng_() % 4];
      bool repeat = false;
      for (const Prop& q : props) repeat |= q.name == pr.name && q.type == pr.type;
      if (!repeat) props.push_back(pr);
    }
    std::uniform_real_distribution<double> unit(0, 1);
    int64_t span = static_cast<int64_t>(o.days) * 86'400'000'000LL;
    for (size_t i = 0; i < o.rows; ++i) {
      int64_t ts = o.day0 * 86'400'000'000LL + static_cast<int64_t>(rng_() % static_cast<uint64_t>(span));
      if (rng_() % 2) ts -= ts % 1000;  // millisecond precision, like most SDKs
      std::string id = o.id_prefix + std::to_string(seq_++);
      std::string person = "u" + std::to_string(rng_() % 40);
      std::string anon = rng_() % 3 ? "a" + std::to_string(rng_() % 60) : "";
      const char* events[] = {"app_open", "view_item", "purchase", "signup", "事件"};
      b.BeginRow(id, ts, ts + static_cast<int64_t>(rng_() % 5'000'000), person, anon,
                 events[rng_() % 5]);
      for (const Prop& p : props) {
        if (unit(rng_) < p.null_rate) continue;
        size_t col = b.PropertyIndex(p.name, p.type);
        uint64_t pick = p.cardinality ? rng_() % static_cast<uint64_t>(p.cardinality) : rng_();
        switch (p.type) {
          case ValueType::kString:
            b.SetString(col, pick % 7 == 0 ? std::string() : "v" + std::to_string(pick) + "é");
            break;
          case ValueType::kNumber: {
            double choices[] = {static_cast<double>(pick % 1000) / 100.0,
                                static_cast<double>(pick) * 1e-7, -1.5 * static_cast<double>(pick % 9),
                                unit(rng_) * 1e12, 0.0};
            b.SetNumber(col, choices[pick % 5]);
            break;
          }
          case ValueType::kBool: b.SetBool(col, pick % 2); break;
          case ValueType::kTimestamp:
            b.SetTimestamp(col, ts - static_cast<int64_t>(pick % 1'000'000'000));
            break;
        }
      }
      b.EndRow();
    }
    return b;
  }

 private:
  std::mt19937_64 rng_;
  uint64_t seq_ = 0;
};

// A canonical text form of one row, for comparing rows across a store round trip.
inline std::string RowKey(const EventBatch& b, size_t i) {
  std::string s;
  s += b.id(i);
  s += '|' + std::to_string(b.ts(i)) + '|' + std::to_string(b.received(i)) + '|';
  s += b.distinct_id(i);
  s += '|';
  s += b.anonymous_id(i);
  s += '|';
  s += b.event(i);
  std::vector<std::string> props;
  for (const PropertyColumn& c : b.properties()) {
    if (!c.valid[i]) continue;
    std::string p = c.name + ":" + std::string(ValueTypeName(c.type)) + "=";
    switch (c.type) {
      case ValueType::kString: p += c.strings.Get(i); break;
      case ValueType::kNumber: {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "%.17g", c.numbers[i]);
        p += buf;
        break;
      }
      case ValueType::kBool:
      case ValueType::kTimestamp: p += std::to_string(c.ints[i]); break;
    }
    props.push_back(p);
  }
  std::sort(props.begin(), props.end());
  for (const std::string& p : props) s += "|" + p;
  return s;
}

}  // namespace growloop::testing
