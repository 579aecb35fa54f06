#include "ingest/importer.h"

#include <array>

#include <algorithm>
#include <cstdint>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "ingest/chunk_parser.h"
#include "ingest/file_chunker.h"
#include "ingest/import_chunk.h"
#include "ingest/import_progress.h"
#include "ingest/input_file.h"
#include "metrics/metrics.h"

namespace growloop {
namespace {

constexpr int64_t kOneDayMicros = 86'400'000'000;

struct ImportMetrics {
  Counter* accepted;
  Counter* duplicates;
  Counter* rejected;
  std::array<Counter*, kNumRejectReasons> rejected_by_reason;
  static const ImportMetrics& Get() {
    static const ImportMetrics m = [] {
      auto& r = MetricsRegistry::Global();
      const char* help = "Rows read by bulk import, by outcome.";
      ImportMetrics im{r.GetCounter("growloop_import_rows_total", help, "result", "accepted"),
                       r.GetCounter("growloop_import_rows_total", help, "result", "duplicate"),
                       r.GetCounter("growloop_import_rows_total", help, "result", "rejected"),
                       {}};
      for (size_t i = 0; i < kNumRejectReasons; ++i) {
        im.rejected_by_reason[i] = r.GetCounter(
            "growloop_rows_rejected_total", "Rows rejected on input, by reason.", "reason",
            std::string(RejectReasonName(static_cast<RejectReason>(i))));
      }
      return im;
    }();
    return m;
  }
};

// State shared by the reader, the parsers and the sink thread, under one mutex: there are only
// a few operations per multi-megabyte chunk, so contention does not matter.
class Pipeline {
 public:
  Pipeline(Env* env, const std::vector<std::string>& paths, const ImportOptions& options,
           int64_t max_ts_us, int parse_threads)
      : env_(env),
        paths_(paths),
        options_(options),
        max_ts_us_(max_ts_us),
        parse_threads_(parse_threads),
        max_in_flight_(static_cast<uint64_t>(2 * parse_threads + 2)),
        buffer_bytes_(FileChunker::BufferBytes(options.block_bytes, options.limits.max_event_bytes)) {}

  void Start() {
    threads_.push_back(env_->StartThread("gl-import-read", [this] { ReaderMain(); }));
    for (int i = 0; i < parse_threads_; ++i) {
      threads_.push_back(env_->StartThread("gl-import-parse", [this] { ParserMain(); }));
    }
  }

  // Blocks until the parsed chunk `seq` is ready, or at most `timeout_us`. False on timeout.
  bool TakeParsed(uint64_t seq, int64_t timeout_us, ParsedChunk* out) {
    std::unique_lock<std::mutex> lock(mu_);
    auto ready = [&] { return parsed_.count(seq) > 0; };
    if (!cv_.wait_for(lock, std::chrono::microseconds(timeout_us), ready)) return false;
    auto it = parsed_.find(seq);
    *out = std::move(it->second);
    parsed_.erase(it);
    sunk_ = seq + 1;
    cv_.notify_all();
    return true;
  }

  void StopAndJoin() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

 private:
  std::unique_ptr<char[]> GetBuffer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_buffers_.empty()) {
        auto b = std::move(free_buffers_.back());
        free_buffers_.pop_back();
        return b;
      }
    }
    return std::unique_ptr<char[]>(new char[buffer_bytes_]);
  }

  // Queues a chunk for the parsers, waiting while too many chunks are ahead of the sink.
  // False when the import is stopping.
  bool Push(Chunk chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return stop_ || next_seq_ - sunk_ < max_in_flight_; });
    if (stop_) return false;
    chunk.seq = next_seq_++;
    work_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }

  void ReaderMain() {
    uint64_t done_before = 0;  // raw bytes of the files finished so far
    for (size_t i = 0; i < paths_.size(); ++i) {
      std::unique_ptr<InputFile> in;
      Status s = InputFile::Open(env_, paths_[i], &in);
      if (!s.ok()) return PushError(i, s);
      FileChunker chunker(std::move(in), paths_[i], options_.block_bytes,
                          options_.limits.max_event_bytes);
      while (true) {
        Chunk chunk;
        bool done = false;
        s = chunker.Next(GetBuffer(), &chunk, &done);
        if (!s.ok()) return PushError(i, s);
        if (done) break;
        chunk.file_index = i;
        chunk.raw_bytes_done = done_before + chunker.raw_bytes_consumed();
        if (!Push(std::move(chunk))) return;
      }
      done_before += chunker.raw_bytes_consumed();
    }
    Chunk end;
    end.last = true;
    end.raw_bytes_done = done_before;
    Push(std::move(end));
  }

  void PushError(size_t file_index, const Status& s) {
    Chunk c;
    c.file_index = file_index;
    c.error = s;
    c.last = true;
    Push(std::move(c));
  }

  void ParserMain() {
    ChunkParser parser(options_, max_ts_us_);
    while (true) {
      Chunk chunk;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !work_.empty(); });
        if (stop_) return;
        chunk = std::move(work_.front());
        work_.pop_front();
      }
      ParsedChunk parsed;
      parsed.seq = chunk.seq;
      parsed.file_index = chunk.file_index;
      parsed.raw_bytes_done = chunk.raw_bytes_done;
      parsed.lines_before = chunk.lines_before;
      parsed.oversize_tail = chunk.oversize_tail;
      parsed.error = chunk.error;
      parsed.last = chunk.last;
      if (chunk.error.ok() && chunk.buf != nullptr) parser.Parse(chunk, &parsed.out);
      std::lock_guard<std::mutex> lock(mu_);
      if (chunk.buf != nullptr) free_buffers_.push_back(std::move(chunk.buf));
      parsed_.emplace(parsed.seq, std::move(parsed));
      cv_.notify_all();
    }
  }

  Env* env_;
  const std::vector<std::string>& paths_;
  const ImportOptions options_;
  const int64_t max_ts_us_;
  const int parse_threads_;
  const uint64_t max_in_flight_;
  const size_t buffer_bytes_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  uint64_t next_seq_ = 0;  // seq of the next chunk the reader queues
  uint64_t sunk_ = 0;      // chunks taken by the sink thread
  std::deque<Chunk> work_;
  std::map<uint64_t, ParsedChunk> parsed_;
  std::vector<std::unique_ptr<char[]>> free_buffers_;
  std::vector<std::thread> threads_;
};

}  // namespace

Status ImportFiles(Env* env, const std::vector<std::string>& paths, const ImportOptions& options,
                   const EventSink& sink, ImportSummary* summary) {
  *summary = ImportSummary();
  const int64_t start_us = env->MonotonicMicros();
  uint64_t total_bytes = 0;
  for (const std::string& path : paths) {
    if (!env->FileExists(path)) return NotFound(path + ": no such file");
    uint64_t size = 0;
    RETURN_IF_ERROR(env->GetFileSize(path, &size));
    total_bytes += size;
  }
  summary->files = paths.size();
  if (paths.empty()) return Status::Ok();

  ImportOptions opts = options;
  // A block must hold a few maximal events for the chunker's boundary rules to work.
  opts.block_bytes = std::max(opts.block_bytes, 4 * opts.limits.max_event_bytes + 4096);
  if (opts.batch_rows == 0) opts.batch_rows = 1;
  int threads = opts.parse_threads;
  if (threads <= 0) {
    threads = static_cast<int>(std::min(4u, std::max(1u, std::thread::hardware_concurrency())));
  }
  const int64_t max_ts =
      opts.limits.max_ts_us != 0 ? opts.limits.max_ts_us : opts.received_us + kOneDayMicros;

  const ImportMetrics& metrics = ImportMetrics::Get();
  ImportProgress progress(env, total_bytes, opts.show_progress);
  Pipeline pipeline(env, paths, opts, max_ts, threads);
  pipeline.Start();

  Status result;
  uint64_t seq = 0;
  size_t line_file = SIZE_MAX;
  uint64_t line_base = 1;  // line number of the current chunk's first line
  while (true) {
    ParsedChunk parsed;
    if (!pipeline.TakeParsed(seq, 250'000, &parsed)) {
      progress.Update(summary->bytes_read, summary->rows_read);
      continue;
    }
    ++seq;
    if (!parsed.error.ok()) {
      result = parsed.error;
      break;
    }
    for (EventBatch& batch : parsed.out.batches) {
      AppendResult appended;
      result = sink(std::move(batch), &appended);
      if (!result.ok()) break;
      summary->accepted += appended.accepted;
      summary->duplicates += appended.duplicates;
      metrics.accepted->Add(appended.accepted);
      metrics.duplicates->Add(appended.duplicates);
    }
    if (!result.ok()) break;
    const ParseOutput& out = parsed.out;
    summary->rows_read += out.rows;
    summary->rejected += out.rejected;
    metrics.rejected->Add(out.rejected);
    for (size_t r = 0; r < kNumRejectReasons; ++r) {
      if (out.rejected_by_reason[r] != 0) {
        metrics.rejected_by_reason[r]->Add(out.rejected_by_reason[r]);
        summary->rejected_by_reason[std::string(RejectReasonName(static_cast<RejectReason>(r)))] +=
            out.rejected_by_reason[r];
      }
    }
    if (parsed.file_index != line_file) {
      line_file = parsed.file_index;
      line_base = 1;
    }
    line_base += parsed.lines_before;
    for (const ParseOutput::Reject& rej : out.rejections) {
      if (summary->first_rejections.size() >= opts.max_listed_rejections) break;
      summary->first_rejections.push_back({paths[parsed.file_index], line_base + rej.line,
                                           std::string(RejectReasonName(rej.reason)),
                                           rej.message});
    }
    line_base += out.lines;
    summary->bytes_read = parsed.raw_bytes_done;
    progress.Update(summary->bytes_read, summary->rows_read);
    if (parsed.last) break;
  }
  pipeline.StopAndJoin();
  progress.Finish(summary->bytes_read, summary->rows_read);
  summary->seconds = static_cast<double>(env->MonotonicMicros() - start_us) / 1e6;
  return result;
}

std::string RenderImportSummaryText(const ImportSummary& s) {
  std::string out;
  char line[256];
  double rate = s.seconds > 0 ? static_cast<double>(s.rows_read) / s.seconds : 0;
  std::snprintf(line, sizeof(line), "read %llu rows from %llu file(s), %.1f MB in %.2f s (%.0f rows/s)\n",
                static_cast<unsigned long long>(s.rows_read),
                static_cast<unsigned long long>(s.files), static_cast<double>(s.bytes_read) / 1e6,
                s.seconds, rate);
  out += line;
  std::snprintf(line, sizeof(line), "  accepted    %llu\n  duplicates  %llu\n  rejected    %llu\n",
                static_cast<unsigned long long>(s.accepted),
                static_cast<unsigned long long>(s.duplicates),
                static_cast<unsigned long long>(s.rejected));
  out += line;
  for (const auto& [reason, n] : s.rejected_by_reason) {
    std::snprintf(line, sizeof(line), "    %-24s %llu\n", reason.c_str(),
                  static_cast<unsigned long long>(n));
    out += line;
  }
  if (!s.first_rejections.empty()) {
    out += s.first_rejections.size() < s.rejected ? "first rejected rows:\n" : "rejected rows:\n";
    for (const Rejection& r : s.first_rejections) {
      out += "  " + r.file + ":" + std::to_string(r.line) + ": " + r.reason + ": " + r.message +
             "\n";
    }
  }
  return out;
}

nlohmann::json ImportSummaryToJson(const ImportSummary& s) {
  nlohmann::json j;
  j["files"] = s.files;
  j["rows_read"] = s.rows_read;
  j["accepted"] = s.accepted;
  j["duplicates"] = s.duplicates;
  j["rejected"] = s.rejected;
  j["rejected_by_reason"] = nlohmann::json::object();
  for (const auto& [reason, n] : s.rejected_by_reason) j["rejected_by_reason"][reason] = n;
  j["first_rejections"] = nlohmann::json::array();
  for (const Rejection& r : s.first_rejections) {
    j["first_rejections"].push_back(
        {{"file", r.file}, {"line", r.line}, {"reason", r.reason}, {"message", r.message}});
  }
  j["bytes_read"] = s.bytes_read;
  j["seconds"] = s.seconds;
  return j;
}

}  // namespace growloop
