#include "ingest/chunk_parser.h"

namespace growloop {

ChunkParser::ChunkParser(const ImportOptions& options, int64_t max_ts_us)
    : options_(options),
      builder_(options.limits, options.received_us, max_ts_us, options.batch_rows),
      csv_(options.limits, &builder_),
      json_(options.limits, &builder_) {}

void ChunkParser::Parse(const Chunk& chunk, ParseOutput* out) {
  out->max_listed = options_.max_listed_rejections;
  if (chunk.format == InputFormat::kCsv) {
    csv_.Parse(chunk, out);
  } else {
    json_.Parse(chunk, out);
  }
  if (chunk.oversize_tail) {
    ++out->rows;
    out->AddReject(out->lines, RejectReason::kOversizeEvent,
                   "row is longer than " + std::to_string(options_.limits.max_event_bytes) +
                       " bytes");
    ++out->lines;
  }
  builder_.FinishBatch();
  out->batches = std::move(builder_.finished());
  builder_.finished().clear();
}

}  // namespace growloop
