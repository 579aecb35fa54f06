// The file upload of the web console's data import (docs/http-api.md, "POST /api/v1/import"): a
// JSON Lines or CSV file (gzip-compressed or not) sent whole as the request body, imported into
// the project as `growloop import` imports it (docs/formats/import.md), with the same summary.
// The body may reach limits.max_upload_bytes instead of limits.max_request_bytes (the server
// decides from the request's header), and the server writes it to disk as it arrives
// (HttpRequest::body_file); a body in memory (handlers called directly) is written out first.
// Needs what changing a project needs (read_auth.h).
#pragma once

#include "server/api_routes.h"
#include "server/http_types.h"

namespace growloop {

// POST /api/v1/import?project=P[&format=csv|jsonl][&name=FILE_NAME]: 200 and the import summary
// {"project", "files", "rows_read", "accepted", "duplicates", "rejected", "rejected_by_reason",
// "first_rejections": [{"file", "line", "reason", "message"}], "bytes_read", "seconds"}; bad rows
// are listed there, not refused. 400 naming `format` or `body` (empty, or a CSV header row that
// cannot be used); 413 past limits.max_upload_bytes.
Status HandleImport(const ApiContext& context, const HttpRequest& request, HttpResponse* response);

}  // namespace growloop
