// The manifest: the list of live segments and the first live WAL file of a store
// (docs/formats/manifest.md). Replaced as a whole, crash-safely, after every flush and compaction;
// files the manifest does not list are leftovers of an interrupted flush and are removed on open.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "env/env.h"

namespace growloop {

struct ManifestSegment {
  int32_t day = 0;
  uint64_t file_no = 0;
  uint64_t rows = 0;
  uint64_t bytes = 0;
};

struct Manifest {
  uint64_t wal_start = 0;  // WAL files numbered below this are fully in segments
  uint64_t last_lsn = 0;   // the highest LSN whose events are in segments
  std::vector<ManifestSegment> segments;
};

// Relative path of a segment inside the store directory: "segments/2026-01-05/000042.gls".
std::string SegmentRelativePath(int32_t day, uint64_t file_no);
// "wal/000017.log".
std::string WalRelativePath(uint64_t file_no);

Status WriteManifest(Env* env, const std::string& store_dir, const Manifest& manifest);
// Reads the manifest of `store_dir`; *exists is false (and *manifest empty) when there is none.
Status ReadManifest(Env* env, const std::string& store_dir, Manifest* manifest, bool* exists);

}  // namespace growloop
