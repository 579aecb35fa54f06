#include "server/http_types.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace growloop {

std::string HttpRequest::Query(std::string_view name, std::string_view fallback) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string(fallback) : it->second;
}

bool HttpRequest::HasQuery(std::string_view name) const {
  return query.count(std::string(name)) > 0;
}

std::string HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse JsonResponse(const nlohmann::json& body, int status) {
  HttpResponse r;
  r.status = status;
  // Replacing invalid UTF-8 keeps a stray byte in stored data from failing the whole answer.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

HttpResponse ErrorResponse(const Status& status, const std::string& field) {
  nlohmann::json body = {
      {"error",
       {{"code", std::string(ErrorCodeName(status.code()))}, {"message", status.message()}}}};
  if (!field.empty()) body["error"]["field"] = field;
  return JsonResponse(body, HttpStatusFor(status.code()));
}

std::string FieldOfMessage(const Status& status) {
  const std::string& m = status.message();
  return m.substr(0, m.find(':'));
}

Status ParseStringMembers(std::string_view body, const std::vector<std::string_view>& allowed,
                          std::string_view shape, std::map<std::string, std::string>* out) {
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return InvalidArgument("body: must be a JSON object " + std::string(shape));
  }
  out->clear();
  for (const auto& [key, value] : parsed.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return InvalidArgument(key + ": unknown field");
    }
    if (!value.is_string()) return InvalidArgument(key + ": must be a string");
    (*out)[key] = value.get<std::string>();
  }
  return Status::Ok();
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 2 < in.size() ? HexValue(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return InvalidArgument("request target: bad percent escape at offset " + std::to_string(i));
      }
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ParseTarget(std::string_view target, std::string* path,
                   std::multimap<std::string, std::string>* query) {
  size_t q = target.find('?');
  RETURN_IF_ERROR(PercentDecode(target.substr(0, q), false, path));
  query->clear();
  if (q == std::string_view::npos) return Status::Ok();
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name, value;
    RETURN_IF_ERROR(PercentDecode(pair.substr(0, eq), true, &name));
    if (eq != std::string_view::npos) {
      RETURN_IF_ERROR(PercentDecode(pair.substr(eq + 1), true, &value));
    }
    query->emplace(std::move(name), std::move(value));
  }
  return Status::Ok();
}

}  // namespace growloop
