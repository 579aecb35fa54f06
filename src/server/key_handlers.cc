#include "server/key_handlers.h"

#include <charconv>

#include "server/read_auth.h"

namespace growloop {

namespace {

using nlohmann::json;

constexpr std::string_view kManaging = "managing API keys";

// "gls_…wXyZ": enough to tell keys apart in a list, far too little to guess one.
std::string KeyHint(const std::string& key) {
  constexpr size_t kPrefix = 4;  // "glw_" / "gls_"
  constexpr size_t kTail = 4;
  if (key.size() <= kPrefix + kTail) return key;
  return key.substr(0, kPrefix) + "\u2026" + key.substr(key.size() - kTail);
}

json KeyJson(const ApiKeyInfo& k, bool with_key) {
  json out = {{"id", k.id},
              {"kind", std::string(ApiKeyKindName(k.kind))},
              {"label", k.label},
              {"created", FormatTimestampUtc(k.created_us)},
              {"hint", KeyHint(k.key)}};
  if (with_key) out["key"] = k.key;
  if (k.revoked_us != 0) out["revoked"] = FormatTimestampUtc(k.revoked_us);
  return out;
}

}  // namespace

Status HandleListKeys(const ApiContext& context, const HttpRequest& request,
                      HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kManaging, &access));
  std::vector<ApiKeyInfo> keys;
  RETURN_IF_ERROR(context.catalog->ListApiKeys(access.project.id, &keys));
  json list = json::array();
  for (const ApiKeyInfo& k : keys) list.push_back(KeyJson(k, k.kind == ApiKeyKind::kWrite));
  *response = JsonResponse({{"project", access.project.name}, {"keys", std::move(list)}});
  return Status::Ok();
}

Status HandleCreateKey(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kManaging, &access));
  std::map<std::string, std::string> members;
  const Status parsed = ParseStringMembers(request.body, {"kind", "label"},
                                           "{\"kind\": \"write\"|\"secret\", \"label\"}", &members);
  if (!parsed.ok()) {
    *response = ErrorResponse(parsed, FieldOfMessage(parsed));
    return Status::Ok();
  }
  const std::string kind_name = members["kind"];
  const std::string label = members["label"];
  ApiKeyKind kind = ApiKeyKind::kWrite;
  if (kind_name == "secret") {
    kind = ApiKeyKind::kSecret;
  } else if (kind_name != "write") {
    *response = ErrorResponse(
        InvalidArgument(kind_name.empty()
                            ? "kind: is required (\"write\" or \"secret\")"
                            : "kind: must be \"write\" or \"secret\", got \"" + kind_name + "\""),
        "kind");
    return Status::Ok();
  }
  ApiKeyInfo created;
  const Status s = context.catalog->CreateApiKey(access.project.id, kind, label, &created);
  if (s.code() == ErrorCode::kInvalidArgument) {
    *response = ErrorResponse(s, FieldOfMessage(s));
    return Status::Ok();
  }
  RETURN_IF_ERROR(s);
  json out = KeyJson(created, /*with_key=*/true);
  out["project"] = access.project.name;
  *response = JsonResponse(out, 201);
  return Status::Ok();
}

Status HandleRevokeKey(const ApiContext& context, const HttpRequest& request,
                       HttpResponse* response) {
  ReadAccess access;
  RETURN_IF_ERROR(
      AuthorizeChange(request, *context.catalog, context.require_auth, kManaging, &access));
  const std::string& text = request.path_params.at("id");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    *response = ErrorResponse(
        InvalidArgument("id: must be a key's id (a positive integer), got \"" + text + "\""), "id");
    return Status::Ok();
  }
  ApiKeyInfo revoked;
  RETURN_IF_ERROR(context.catalog->RevokeApiKey(access.project.id, id, &revoked));
  json out = KeyJson(revoked, /*with_key=*/false);
  out["project"] = access.project.name;
  *response = JsonResponse(out);
  return Status::Ok();
}

}  // namespace growloop
