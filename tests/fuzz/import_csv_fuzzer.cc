// Fuzzes the import of a CSV file (plain or gzip): the header row, chunking at record
// boundaries, the CSV chunk parser and the RowBuilder's validation; see import_fuzz.h.
#include "import_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return growloop::fuzz::FuzzImport("events.csv", true, data, size);
}
