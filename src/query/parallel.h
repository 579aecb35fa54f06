// A parallel loop for the query engine's scans: items handed out one at a time to up to
// `threads` threads (the calling one included).
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace growloop {

// Runs fn(i, thread) for i in [0, n) on up to `threads` threads; `thread` is 0 .. threads - 1.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn&& fn) {
  if (threads <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i, 0);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](int t) {
    for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(i, t);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads && static_cast<size_t>(t) < n; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
}

}  // namespace growloop
