// Fuzzes the import of a JSON Lines file (plain or gzip): chunking, the JSON row parser and the
// RowBuilder's validation; see import_fuzz.h.
#include "import_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return growloop::fuzz::FuzzImport("events.jsonl", false, data, size);
}
