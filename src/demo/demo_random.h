// Deterministic random numbers for the demo data generator.
//
// The generator must give byte-identical output for the same options on every run, so it never
// touches std::random_device or the standard distributions (whose algorithms differ between
// library versions). Everything here is a few lines of fixed arithmetic over SplitMix64.
//
// Not thread-safe; each simulated person owns one DemoRng.
#pragma once

#include <cmath>
#include <cstdint>

namespace growloop::demo {

// The SplitMix64 output function: a bijection on 64-bit values with good avalanche, so distinct
// inputs always give distinct outputs (the generator relies on that for unique event ids).
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Hash of (seed, a, b) for deriving independent streams and per-person constants.
inline uint64_t HashKey(uint64_t seed, uint64_t a, uint64_t b = 0) {
  return Mix64(Mix64(seed ^ 0x5851f42d4c957f2dULL) + Mix64(a + 0x9e3779b97f4a7c15ULL) * 31 + b);
}

class DemoRng {
 public:
  explicit DemoRng(uint64_t seed = 0) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix64(state_);
  }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n); n > 0. The modulo bias is below 2^-40 for the n used here.
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(double p) { return Uniform() < p; }
  // Uniform integer in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Standard normal by Box-Muller (one value per call, so the stream has no hidden cache).
  double Normal() {
    double u1 = 1.0 - Uniform();  // (0, 1]
    double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  // Poisson by multiplying uniforms; the generator only asks for small means (< 20).
  int Poisson(double mean) {
    if (mean <= 0) return 0;
    double limit = std::exp(-mean);
    double p = Uniform();
    int k = 0;
    while (p > limit && k < 1000) {
      p *= Uniform();
      ++k;
    }
    return k;
  }

 private:
  uint64_t state_;
};

}  // namespace growloop::demo
