#include "ingest/import_progress.h"

#include <unistd.h>

#include <cstdio>

namespace growloop {
namespace {

constexpr int64_t kRedrawMicros = 250'000;

void FormatDuration(double seconds, char* out, size_t n) {
  auto s = static_cast<long long>(seconds + 0.5);
  std::snprintf(out, n, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
}

}  // namespace

ImportProgress::ImportProgress(Env* env, uint64_t total_bytes, bool enabled)
    : env_(env),
      total_bytes_(total_bytes),
      enabled_(enabled && ::isatty(STDERR_FILENO) == 1),
      start_us_(env->MonotonicMicros()) {}

void ImportProgress::Update(uint64_t bytes_done, uint64_t rows) {
  if (!enabled_) return;
  int64_t now = env_->MonotonicMicros();
  if (now - last_draw_us_ < kRedrawMicros) return;
  Draw(bytes_done, rows, now);
}

void ImportProgress::Finish(uint64_t bytes_done, uint64_t rows) {
  if (!enabled_) return;
  Draw(bytes_done, rows, env_->MonotonicMicros());
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

void ImportProgress::Draw(uint64_t bytes_done, uint64_t rows, int64_t now) {
  last_draw_us_ = now;
  double secs = static_cast<double>(now - start_us_) / 1e6;
  if (secs <= 0) secs = 1e-6;
  double mb_done = static_cast<double>(bytes_done) / 1e6;
  double mb_total = static_cast<double>(total_bytes_) / 1e6;
  double bytes_per_s = static_cast<double>(bytes_done) / secs;
  char eta[32] = "?";
  if (bytes_per_s > 0 && total_bytes_ >= bytes_done) {
    FormatDuration(static_cast<double>(total_bytes_ - bytes_done) / bytes_per_s, eta, sizeof(eta));
  }
  std::fprintf(stderr, "\r%llu rows  %.0f rows/s  %.1f MB/s  %.1f / %.1f MB  ETA %s\x1b[K",
               static_cast<unsigned long long>(rows), static_cast<double>(rows) / secs,
               bytes_per_s / 1e6, mb_done, mb_total, eta);
  std::fflush(stderr);
}

}  // namespace growloop
