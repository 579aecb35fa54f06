// Process-wide metrics in the Prometheus text format: counters (optionally with one label) and
// histograms with fixed buckets. Updates are lock-free atomics, safe from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace growloop {

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Latency histogram in seconds with buckets from 50 µs to 10 s.
class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                                     0.0025,  0.005,  0.01,    0.025,  0.05,
                                                     0.1,     0.25,   1.0,     10.0};
  void ObserveMicros(int64_t us);
  void Render(const std::string& name, const std::string& labels, std::string* out) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

class MetricsRegistry {
 public:
  // The process-wide registry. Never deleted.
  static MetricsRegistry& Global();

  // Returns the counter `name` with label value `label` (empty: no label), creating it.
  // The pointer stays valid for the life of the process.
  Counter* GetCounter(const std::string& name, const std::string& help,
                      const std::string& label_name = "", const std::string& label_value = "");
  Histogram* GetHistogram(const std::string& name, const std::string& help,
                          const std::string& label_name = "", const std::string& label_value = "");

  // Every metric in the Prometheus text exposition format, version 0.0.4.
  std::string RenderPrometheus() const;

 private:
  struct Family {
    std::string help;
    bool histogram = false;
    std::map<std::string, std::unique_ptr<Counter>> counters;      // key: rendered labels
    std::map<std::string, std::unique_ptr<Histogram>> histograms;  // key: rendered labels
  };
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

}  // namespace growloop
