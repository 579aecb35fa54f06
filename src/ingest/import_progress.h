// ImportProgress: one status line on stderr, redrawn at most about 4 times a second:
// rows, rows/s, MB/s, bytes done / total and the time left. Draws only when enabled and stderr
// is a terminal, so logs and pipes never see it. Used by the sink thread only.
#pragma once

#include <cstdint>

#include "env/env.h"

namespace growloop {

class ImportProgress {
 public:
  ImportProgress(Env* env, uint64_t total_bytes, bool enabled);

  // Redraws when 250 ms passed since the last draw. `bytes_done` counts file bytes as stored.
  void Update(uint64_t bytes_done, uint64_t rows);
  // Draws a final state and ends the line.
  void Finish(uint64_t bytes_done, uint64_t rows);

 private:
  void Draw(uint64_t bytes_done, uint64_t rows, int64_t now);

  Env* env_;
  uint64_t total_bytes_;
  bool enabled_;
  int64_t start_us_;
  int64_t last_draw_us_ = 0;
};

}  // namespace growloop
