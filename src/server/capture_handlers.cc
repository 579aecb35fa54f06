#include "server/capture_handlers.h"

#include <simdjson.h>

#include <chrono>

#include "common/base64.h"
#include "metrics/metrics.h"
#include "server/api_routes.h"
#include "server/body_decoder.h"

namespace growloop {
namespace {

using nlohmann::json;

// How an SDK reads the answer (docs/capture.md, "Answers").
enum class Answer {
  kNative,     // {"accepted","duplicates","rejected","errors":[...]}
  kSegment,    // any 2xx; {"success":true} for people reading it
  kPostHog,    // any 2xx; {"status":1}
  kMixpanel,   // the body only: "1" / "0", or {"status":1|0,"error":...} with verbose=1
  kAmplitude,  // the body's "code": {"code":200,"events_ingested":N,...}
  kSensors,    // any 2xx
};

struct Endpoint {
  CaptureFormat format;
  Answer answer;
  std::string_view default_event;  // for messages without an event name
  std::string_view sdk;            // metrics label
};

struct CaptureMetrics {
  Counter* Events(std::string_view sdk, std::string_view result) {
    return MetricsRegistry::Global().GetCounter(
        "growloop_capture_events_total", "Events received over the capture endpoints, by result.",
        "sdk_result", std::string(sdk) + "/" + std::string(result));
  }
  Counter* throttled = MetricsRegistry::Global().GetCounter(
      "growloop_capture_throttled_total", "Capture requests answered 429 (queue full).");
};

CaptureMetrics& Metrics() {
  static CaptureMetrics m;
  return m;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsGzip(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f &&
         static_cast<unsigned char>(s[1]) == 0x8b;
}

// Inflates `data` when it starts with the gzip magic bytes, whatever the headers said
// (RudderStack sends gzip labelled as a form; PostHog's browser SDK gzips without a header).
Status Inflate(std::string* data, size_t max_bytes) {
  if (!IsGzip(*data)) return Status::Ok();
  std::string out;
  RETURN_IF_ERROR(DecodeBody("gzip", *data, max_bytes, &out).WithContext("body"));
  *data = std::move(out);
  return Status::Ok();
}

Status ParseForm(std::string_view body, std::multimap<std::string, std::string>* fields) {
  std::string path;
  return ParseTarget("/?" + std::string(body), &path, fields).WithContext("form body");
}

bool LooksLikeForm(const HttpRequest& r) {
  return r.Header("content-type").find("application/x-www-form-urlencoded") != std::string::npos &&
         !r.body.empty() && r.body[0] != '{' && r.body[0] != '[';
}

// The first of `names` among the request's form fields (POST) or query parameters.
std::string FieldOrQuery(const HttpRequest& r, const std::multimap<std::string, std::string>& form,
                         std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    auto it = form.find(std::string(n));
    if (it != form.end()) return it->second;
    if (r.HasQuery(n)) return r.Query(n);
  }
  return {};
}

Status FromBase64(std::string_view field, const std::string& text, std::string* out) {
  if (!Base64Decode(text, out)) {
    return InvalidArgument(std::string(field) + ": not base64");
  }
  return Status::Ok();
}

// The JSON text of the request, unwrapped from gzip, form fields and base64 as its SDK sends it.
Status RequestJson(const Endpoint& e, const HttpRequest& r, size_t max_bytes, std::string* json) {
  std::multimap<std::string, std::string> form;
  switch (e.format) {
    case CaptureFormat::kMixpanel: {
      if (r.method == "POST") RETURN_IF_ERROR(ParseForm(r.body, &form));
      std::string data = FieldOrQuery(r, form, {"data"});
      if (data.empty()) return InvalidArgument("data: missing (base64 JSON in the query or form)");
      RETURN_IF_ERROR(FromBase64("data", data, json));
      break;
    }
    case CaptureFormat::kSensors: {
      if (r.method == "POST") RETURN_IF_ERROR(ParseForm(r.body, &form));
      std::string data = FieldOrQuery(r, form, {"data_list", "data"});
      if (data.empty()) return InvalidArgument("data_list: missing (base64 JSON in the form)");
      RETURN_IF_ERROR(FromBase64("data_list", data, json));
      break;
    }
    default:
      if (LooksLikeForm(r)) {
        // PostHog's browser SDK: data=<base64 JSON>, gzipped or not.
        RETURN_IF_ERROR(ParseForm(r.body, &form));
        std::string data = FieldOrQuery(r, form, {"data"});
        if (data.empty() && !IsGzip(r.body)) return InvalidArgument("data: missing in the form body");
        if (!data.empty()) {
          RETURN_IF_ERROR(FromBase64("data", data, json));
          break;
        }
      }
      *json = r.body;
  }
  return Inflate(json, max_bytes);
}

std::string BearerOrBasicKey(const HttpRequest& r) {
  std::string auth = r.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  if (auth.rfind("Basic ", 0) == 0) {
    std::string decoded;
    if (!Base64Decode(std::string_view(auth).substr(6), &decoded)) return {};
    return decoded.substr(0, decoded.find(':'));  // "writeKey:" — the key is the user name
  }
  return {};
}

Status FindProject(const Endpoint& e, const ApiContext& context, const HttpRequest& r,
                   const DecodedCapture& decoded, ProjectInfo* project) {
  if (e.format == CaptureFormat::kSensors) {
    // Sensors SDKs send no key: the project is named in the URL, as on a Sensors server.
    std::string name = r.Query("project", "default");
    return context.catalog->FindProject(name, project)
        .WithContext("project (the ?project= of the Sensors URL)");
  }
  std::string key = BearerOrBasicKey(r);
  if (key.empty()) key = decoded.credential;
  if (key.empty()) {
    return Unauthenticated("no key: send the project's write key as the SDK's write key, api key "
                           "or token (growloop keys prints it)");
  }
  ApiKeyInfo info;
  return context.catalog->Authenticate(key, &info, project);
}

json ErrorsJson(const std::vector<CaptureError>& errors) {
  json out = json::array();
  for (const CaptureError& e : errors) {
    out.push_back({{"index", e.index},
                   {"code", std::string(RejectReasonName(e.reason))},
                   {"message", e.message}});
  }
  return out;
}

void RenderFailure(const Endpoint& e, const HttpRequest& r, const Status& s, HttpResponse* out) {
  *out = ErrorResponse(s);
  switch (e.answer) {
    case Answer::kMixpanel:
      // The SDK ignores the status and reads the body.
      out->body = r.Query("verbose") == "1"
                      ? json{{"status", 0}, {"error", s.message()}}.dump()
                      : std::string("0");
      out->content_type = r.Query("verbose") == "1" ? "application/json" : "text/plain";
      break;
    case Answer::kAmplitude: {
      // The SDK reads "code": 400 with "Invalid API key" drops the batch instead of retrying.
      bool auth = s.code() == ErrorCode::kUnauthenticated || s.code() == ErrorCode::kPermissionDenied;
      int code = auth ? 400 : out->status;
      out->status = code;
      out->body = json{{"code", code},
                       {"error", auth ? "Invalid API key: " + s.message() : s.message()}}
                      .dump();
      break;
    }
    default:
      break;
  }
}

void RenderSuccess(const Endpoint& e, const HttpRequest& r, const DecodedCapture& d,
                   const AppendResult& stored, size_t body_bytes, HttpResponse* out) {
  out->status = 200;
  out->content_type = "application/json";
  const size_t rejected = d.errors.size();
  switch (e.answer) {
    case Answer::kNative:
      out->body = json{{"accepted", stored.accepted},
                       {"duplicates", stored.duplicates},
                       {"rejected", rejected},
                       {"errors", ErrorsJson(d.errors)}}
                      .dump();
      break;
    case Answer::kSegment:
      out->body = json{{"success", true}, {"accepted", stored.accepted},
                       {"duplicates", stored.duplicates}, {"rejected", rejected},
                       {"errors", ErrorsJson(d.errors)}}
                      .dump();
      break;
    case Answer::kPostHog:
      out->body = json{{"status", 1}, {"accepted", stored.accepted},
                       {"duplicates", stored.duplicates}, {"rejected", rejected},
                       {"errors", ErrorsJson(d.errors)}}
                      .dump();
      break;
    case Answer::kMixpanel:
      if (r.Query("verbose") == "1") {
        out->body = json{{"status", 1}, {"error", nullptr}}.dump();
      } else {
        out->content_type = "text/plain";
        out->body = "1";
      }
      break;
    case Answer::kAmplitude: {
      int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      out->body = json{{"code", 200},
                       {"events_ingested", stored.accepted + stored.duplicates},
                       {"payload_size_bytes", body_bytes},
                       {"server_upload_time", now_ms},
                       {"rejected", rejected},
                       {"errors", ErrorsJson(d.errors)}}
                      .dump();
      break;
    }
    case Answer::kSensors:
      out->body = json{{"code", 0}, {"accepted", stored.accepted}}.dump();
      break;
  }
}

Status HandleCapture(const Endpoint& e, const ApiContext& context, const HttpRequest& r,
                     HttpResponse* out) {
  auto fail = [&](const Status& s) {
    RenderFailure(e, r, s, out);
    return Status::Ok();  // rendered in the SDK's own shape
  };
  std::string body;
  Status s = RequestJson(e, r, context.capture.max_request_bytes, &body);
  if (!s.ok()) return fail(s);
  const int64_t received_us = NowMicros();
  CaptureDecoder decoder(context.capture.limits);
  DecodedCapture decoded;
  s = decoder.Decode(e.format, body, received_us, &decoded, e.default_event);
  if (!s.ok()) return fail(s);
  ProjectInfo project;
  s = FindProject(e, context, r, decoded, &project);
  if (!s.ok()) return fail(s);
  CaptureMetrics& m = Metrics();
  const int64_t n = static_cast<int64_t>(decoded.events.rows());
  if (n > 0 && !context.capture_gate->TryAdmit(n)) {
    m.throttled->Add();
    RenderFailure(e, r, Status(ErrorCode::kResourceExhausted, "the ingest queue is full"), out);
    out->status = 429;
    out->headers.emplace_back("Retry-After", "1");
    return Status::Ok();
  }
  AppendResult stored;
  if (n > 0) {
    s = context.catalog->Ingest(project.id, std::move(decoded.events), &stored);
    context.capture_gate->Release(n);
    // Nothing of a failed append is acknowledged: the SDK retries the whole request.
    if (!s.ok()) return fail(s);
  }
  if (!decoded.entities.empty()) {
    // Sensors items: stored after the events, acknowledged with them.
    s = context.catalog->StoreEntities(project.id, decoded.entities);
    if (!s.ok()) return fail(s);
    m.Events(e.sdk, "item_update")->Add(decoded.entities.size());
  }
  m.Events(e.sdk, "accepted")->Add(stored.accepted);
  m.Events(e.sdk, "duplicate")->Add(stored.duplicates);
  m.Events(e.sdk, "rejected")->Add(decoded.errors.size());
  if (decoded.messages > 0 && decoded.errors.size() == decoded.messages &&
      e.answer == Answer::kNative) {
    // Not one valid event: the request itself is wrong.
    *out = ErrorResponse(InvalidArgument("no valid event in the request: message 0: " +
                                         decoded.errors[0].message));
    json doc = json::parse(out->body);
    doc["errors"] = ErrorsJson(decoded.errors);
    out->body = doc.dump();
    return Status::Ok();
  }
  RenderSuccess(e, r, decoded, stored, body.size(), out);
  return Status::Ok();
}

// Mixpanel group profile updates: stored as group updates (they are not events).
Status HandleMixpanelGroups(const ApiContext& context, const HttpRequest& r, HttpResponse* out) {
  const Endpoint e{CaptureFormat::kMixpanel, Answer::kMixpanel, {}, "mixpanel"};
  std::string body;
  DecodedCapture decoded;
  ProjectInfo project;
  Status s = RequestJson(e, r, context.capture.max_request_bytes, &body);
  if (s.ok()) {
    CaptureDecoder decoder(context.capture.limits);
    s = decoder.DecodeMixpanelGroups(body, NowMicros(), &decoded);
  }
  if (s.ok()) s = FindProject(e, context, r, decoded, &project);
  if (s.ok()) s = context.catalog->StoreEntities(project.id, decoded.entities);
  if (!s.ok()) {
    RenderFailure(e, r, s, out);
    return Status::Ok();
  }
  Metrics().Events("mixpanel", "group_update")->Add(decoded.entities.size());
  Metrics().Events("mixpanel", "rejected")->Add(decoded.errors.size());
  RenderSuccess(e, r, decoded, AppendResult(), body.size(), out);
  return Status::Ok();
}

Status HandleFlags(const HttpRequest& r, HttpResponse* out) {
  // Growloop's feature flags come with experiments; until then every flag is off. Both the v2
  // shape (flags) and the v1 shape (featureFlags) are answered, as PostHog's SDKs accept either.
  (void)r;
  *out = JsonResponse(json{{"flags", json::object()},
                           {"featureFlags", json::object()},
                           {"featureFlagPayloads", json::object()},
                           {"errorsWhileComputingFlags", false}});
  return Status::Ok();
}

Status HandleFlagDefinitions(const HttpRequest& r, HttpResponse* out) {
  (void)r;
  *out = JsonResponse(
      json{{"flags", json::array()}, {"group_type_mapping", json::object()}, {"cohorts", json::object()}});
  return Status::Ok();
}

}  // namespace

bool CaptureGate::TryAdmit(int64_t events) {
  int64_t now = in_flight_.fetch_add(events, std::memory_order_relaxed) + events;
  if (now > max_events_ && now != events) {  // a single request larger than the bound still goes
    in_flight_.fetch_sub(events, std::memory_order_relaxed);
    return false;
  }
  return true;
}

void AddCaptureRoutes(const ApiContext& context, RouteTable* t) {
  auto add = [&](const char* method, const char* pattern, Endpoint e, const char* help) {
    t->Add({method, pattern, help, true, [context, e](const HttpRequest& r, HttpResponse* out) {
              return HandleCapture(e, context, r, out);
            }});
  };
  const Endpoint native{CaptureFormat::kNative, Answer::kNative, {}, "growloop"};
  add("POST", "/api/v1/events", native,
      "Store a batch of events (Growloop's own format); per-event errors in the answer.");

  struct SegmentCall {
    const char* path;
    const char* event;
  };
  for (SegmentCall c : {SegmentCall{"/v1/batch", ""}, {"/v1/track", ""},
                        {"/v1/identify", "$identify"}, {"/v1/page", "$page"},
                        {"/v1/screen", "$screen"}, {"/v1/group", "$group"},
                        {"/v1/alias", "$alias"}}) {
    add("POST", c.path, Endpoint{CaptureFormat::kSegment, Answer::kSegment, c.event, "segment"},
        "Segment / RudderStack HTTP tracking API.");
  }

  const Endpoint posthog{CaptureFormat::kPostHog, Answer::kPostHog, {}, "posthog"};
  for (const char* p : {"/batch/", "/capture/", "/capture", "/e/", "/e", "/i/v0/e/", "/i/v0/e",
                        "/track/", "/i/v1/analytics/events"}) {
    add("POST", p, posthog, "PostHog capture.");
  }
  // POST /batch is PostHog's and Amplitude's Batch API: told apart by the body.
  t->Add({"POST", "/batch", "PostHog capture or Amplitude Batch API (by the body).", true,
          [context](const HttpRequest& r, HttpResponse* out) {
            bool amplitude = r.body.find("\"events\"") != std::string::npos &&
                             r.body.find("\"batch\"") == std::string::npos;
            Endpoint e = amplitude ? Endpoint{CaptureFormat::kAmplitude, Answer::kAmplitude, {}, "amplitude"}
                                   : Endpoint{CaptureFormat::kPostHog, Answer::kPostHog, {}, "posthog"};
            return HandleCapture(e, context, r, out);
          }});
  for (const char* p : {"/flags", "/flags/", "/decide", "/decide/"}) {
    t->Add({"POST", p, "PostHog feature flags (none until experiments exist).", false, HandleFlags});
  }
  t->Add({"GET", "/flags/definitions", "PostHog flag definitions for local evaluation.", false,
          HandleFlagDefinitions});

  for (const char* method : {"GET", "POST"}) {
    add(method, "/track", Endpoint{CaptureFormat::kMixpanel, Answer::kMixpanel, {}, "mixpanel"},
        "Mixpanel track (base64 JSON in data=).");
    add(method, "/import", Endpoint{CaptureFormat::kMixpanel, Answer::kMixpanel, {}, "mixpanel"},
        "Mixpanel import (base64 JSON in data=).");
    add(method, "/engage",
        Endpoint{CaptureFormat::kMixpanel, Answer::kMixpanel, "$engage", "mixpanel"},
        "Mixpanel people updates, stored as $engage events.");
    t->Add({method, "/groups", "Mixpanel group profile updates, stored as group updates.", true,
            [context](const HttpRequest& r, HttpResponse* out) {
              return HandleMixpanelGroups(context, r, out);
            }});
    add(method, "/sa", Endpoint{CaptureFormat::kSensors, Answer::kSensors, {}, "sensors"},
        "Sensors Data (base64, optionally gzipped, JSON in data_list=); ?project=NAME.");
  }
  add("POST", "/2/httpapi",
      Endpoint{CaptureFormat::kAmplitude, Answer::kAmplitude, {}, "amplitude"},
      "Amplitude HTTP API v2.");
}

}  // namespace growloop
