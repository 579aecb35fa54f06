// CsvChunkParser: turns the records of one CSV chunk into events through a RowBuilder.
// Column mapping and value typing are specified in docs/formats/import.md ("CSV").
// Not thread-safe; one per parser thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/import_chunk.h"
#include "ingest/row_builder.h"

namespace growloop {

// The typing rule of CSV cells: true (and *out set) when `v` is entirely a decimal number
// ("-12", "3.5", "1e3"), without a '+' sign, surrounding spaces, or a leading zero followed by
// a digit (so codes such as "007" stay strings); "inf" and "nan" are not numbers.
bool ParseCsvNumber(std::string_view v, double* out);

class CsvChunkParser {
 public:
  CsvChunkParser(const ImportLimits& limits, RowBuilder* builder)
      : limits_(limits), builder_(builder) {}

  void Parse(const Chunk& chunk, ParseOutput* out);

 private:
  void BindSchema(const std::shared_ptr<const CsvSchema>& schema);

  const ImportLimits limits_;
  RowBuilder* builder_;
  std::shared_ptr<const CsvSchema> schema_;
  std::vector<std::unique_ptr<PropertyKey>> keys_;  // one per column
  std::vector<std::string_view> fields_;
  std::string scratch_;
  std::string message_;
};

}  // namespace growloop
