#include "server/admin_handlers.h"

#include "metrics/metrics.h"
#include "server/openapi_document.h"

namespace growloop {

Status HandleHealthz(const HttpRequest&, HttpResponse* response) {
  *response = JsonResponse({{"status", "ok"}});
  return Status::Ok();
}

Status HandleMetrics(const HttpRequest&, HttpResponse* response) {
  response->status = 200;
  response->content_type = "text/plain; version=0.0.4; charset=utf-8";
  response->body = MetricsRegistry::Global().RenderPrometheus();
  return Status::Ok();
}

Status HandleOpenApi(const HttpRequest&, HttpResponse* response) {
  response->status = 200;
  response->content_type = "application/json";
  response->body = std::string(OpenApiDocument());
  return Status::Ok();
}

}  // namespace growloop
