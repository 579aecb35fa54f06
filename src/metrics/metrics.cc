#include "metrics/metrics.h"

#include <cstdio>

namespace growloop {

void Histogram::ObserveMicros(int64_t us) {
  if (us < 0) us = 0;
  double s = static_cast<double>(us) / 1e6;
  size_t i = 0;
  while (i < kBounds.size() && s > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<uint64_t>(us), std::memory_order_relaxed);
}

void Histogram::Render(const std::string& name, const std::string& labels,
                       std::string* out) const {
  char buf[512];
  uint64_t cumulative = 0;
  std::string sep = labels.empty() ? "" : labels + ",";
  for (size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    if (i < kBounds.size()) {
      std::snprintf(buf, sizeof(buf), "%s_bucket{%sle=\"%g\"} %llu\n", name.c_str(), sep.c_str(),
                    kBounds[i], static_cast<unsigned long long>(cumulative));
    } else {
      std::snprintf(buf, sizeof(buf), "%s_bucket{%sle=\"+Inf\"} %llu\n", name.c_str(),
                    sep.c_str(), static_cast<unsigned long long>(cumulative));
    }
    *out += buf;
  }
  std::string lb = labels.empty() ? "" : "{" + labels + "}";
  std::snprintf(buf, sizeof(buf), "%s_sum%s %.6f\n%s_count%s %llu\n", name.c_str(), lb.c_str(),
                static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6, name.c_str(),
                lb.c_str(), static_cast<unsigned long long>(count_.load(std::memory_order_relaxed)));
  *out += buf;
}

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry* registry = new MetricsRegistry();
  return *registry;
}

namespace {
std::string LabelKey(const std::string& name, const std::string& value) {
  if (name.empty()) return {};
  return name + "=\"" + value + "\"";
}
}  // namespace

Counter* MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     const std::string& label_name,
                                     const std::string& label_value) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = families_[name];
  f.help = help;
  auto& slot = f.counters[LabelKey(label_name, label_value)];
  if (!slot) slot = std::make_unique<Counter>();
  return slot.get();
}

Histogram* MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         const std::string& label_name,
                                         const std::string& label_value) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& f = families_[name];
  f.help = help;
  f.histogram = true;
  auto& slot = f.histograms[LabelKey(label_name, label_value)];
  if (!slot) slot = std::make_unique<Histogram>();
  return slot.get();
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + (f.histogram ? " histogram\n" : " counter\n");
    for (const auto& [labels, c] : f.counters) {
      out += name + (labels.empty() ? "" : "{" + labels + "}") + " " +
             std::to_string(c->Value()) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) h->Render(name, labels, &out);
  }
  return out;
}

}  // namespace growloop
