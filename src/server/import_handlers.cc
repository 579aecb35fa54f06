#include "server/import_handlers.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "ingest/importer.h"
#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

// A file of the upload's bytes under the data directory, removed when this goes away.
class UploadFile {
 public:
  ~UploadFile() {
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }
  Status Write(const std::string& dir, std::string_view extension, const std::string& bytes) {
    static std::atomic<uint64_t> counter{0};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return IoError("cannot create " + dir + ": " + ec.message());
    path_ = dir + "/upload-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter.fetch_add(1)) + std::string(extension);
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return IoError("cannot write " + path_ + " (is the disk full?)");
    return Status::Ok();
  }
  // A hard link to `target` named like it plus `extension`.
  Status Link(const std::string& target, std::string_view extension) {
    const std::string link = target + std::string(extension);
    std::error_code ec;
    std::filesystem::create_hard_link(target, link, ec);
    if (ec) return IoError("cannot link " + link + ": " + ec.message());
    path_ = link;
    return Status::Ok();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

Status HandleImport(const ApiContext& context, const HttpRequest& request, HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(AuthorizeChange(request, *context.catalog, context.require_auth,
                                  "importing events", &access));
  const std::string format = request.Query("format");
  if (!format.empty() && format != "csv" && format != "jsonl") {
    *response = ErrorResponse(
        InvalidArgument("format: must be csv or jsonl (or absent: told from the content), not \"" +
                        format + "\""),
        "format");
    return Status::Ok();
  }
  std::error_code size_ec;
  const uint64_t size = request.body_file.empty()
                            ? request.body.size()
                            : std::filesystem::file_size(request.body_file, size_ec);
  if (size == 0 || size_ec) {
    *response = ErrorResponse(
        InvalidArgument("body: is empty; send the file's bytes (JSON Lines or CSV, gzip or not)"),
        "body");
    return Status::Ok();
  }
  // The importer tells the format from the file name, else from the first byte; gzip from the
  // magic bytes. A body the server wrote to disk while it arrived is read where it is (the
  // server removes it); one held in memory is written out first.
  const std::string extension = format == "csv" ? ".csv" : format == "jsonl" ? ".jsonl" : "";
  UploadFile file;
  std::string path = request.body_file;
  if (path.empty()) {
    RETURN_IF_ERROR(file.Write(context.catalog->data_dir() + "/uploads", extension, request.body));
    path = file.path();
  } else if (!extension.empty()) {
    // The format asked for is told by the name: a link to the body under that name.
    RETURN_IF_ERROR(file.Link(request.body_file, extension));
    path = file.path();
  }
  ImportOptions options;
  options.received_us = Env::Default()->NowMicros();
  ImportSummary summary;
  Catalog* catalog = context.catalog;
  const int64_t project_id = access.project.id;
  // Through the WAL, as capture's events: the server may be taking the same ids from SDKs.
  Status s = ImportFiles(
      Env::Default(), {path}, options,
      [catalog, project_id](EventBatch batch, AppendResult* result) {
        return catalog->Ingest(project_id, std::move(batch), result, Durability::kWal);
      },
      &summary);
  // Rejections name the file the client sent, not the copy.
  const std::string shown = request.Query("name").empty() ? "upload" : request.Query("name");
  for (Rejection& r : summary.first_rejections) r.file = shown;
  if (s.code() == ErrorCode::kInvalidArgument || s.code() == ErrorCode::kCorruption) {
    json body = json::parse(ErrorResponse(s, "body").body);
    body["summary"] = ImportSummaryToJson(summary);
    *response = JsonResponse(body, 400);
    return Status::Ok();
  }
  RETURN_IF_ERROR(s);
  json out = ImportSummaryToJson(summary);
  out["project"] = access.project.name;
  *response = JsonResponse(out);
  return Status::Ok();
}

}  // namespace growloop
