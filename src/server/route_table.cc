#include "server/route_table.h"

#include <cassert>

namespace growloop {

namespace {

// Splits "/a/b/" into "a", "b", "" (the trailing empty segment keeps "/a/" distinct from "/a").
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  if (path.empty() || path.front() != '/') return false;
  std::vector<std::string_view> want = Segments(pattern);
  std::vector<std::string_view> got = Segments(path);
  if (want.size() != got.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    std::string_view w = want[i];
    if (w.size() >= 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found.emplace(std::string(w.substr(1, w.size() - 2)), std::string(got[i]));
    } else if (w != got[i]) {
      return false;
    }
  }
  if (params != nullptr) *params = std::move(found);
  return true;
}

void RouteTable::Add(Route route) {
  for ([[maybe_unused]] const Route& r : routes_) {
    assert(!(r.method == route.method && r.pattern == route.pattern));
  }
  latency_.push_back(MetricsRegistry::Global().GetHistogram(
      "growloop_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
      "route", route.method + " " + route.pattern));
  routes_.push_back(std::move(route));
}

Status RouteTable::Match(std::string_view method, std::string_view path, const Route** route,
                         std::map<std::string, std::string>* params) const {
  std::string allowed;
  for (const Route& r : routes_) {
    if (!MatchPattern(r.pattern, path, nullptr)) continue;
    if (r.method == method) {
      MatchPattern(r.pattern, path, params);
      *route = &r;
      return Status::Ok();
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += r.method;
  }
  if (!allowed.empty()) {
    return InvalidArgument("method " + std::string(method) + " is not allowed on " +
                           std::string(path) + "; allowed: " + allowed);
  }
  return NotFound("no route for " + std::string(method) + " " + std::string(path));
}

Histogram* RouteTable::LatencyOf(const Route* route) const {
  return latency_[static_cast<size_t>(route - routes_.data())];
}

}  // namespace growloop
