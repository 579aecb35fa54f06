#include "server/body_decoder.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace growloop {

namespace {

Status TooLarge(size_t max_bytes) {
  return {ErrorCode::kPayloadTooLarge,
          "request body exceeds limits.max_request_bytes (" + std::to_string(max_bytes) +
              " bytes) after decompression"};
}

// window_bits: 15 + 32 detects gzip or zlib headers; -15 is a raw deflate stream (some
// clients send that for "deflate").
Status Inflate(std::string_view body, int window_bits, size_t max_bytes, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return Internal("zlib: inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  out->clear();
  char chunk[64 * 1024];
  Status status;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      status = InvalidArgument(std::string("request body: corrupt compressed stream: ") +
                               (zs.msg != nullptr ? zs.msg : "truncated"));
      break;
    }
    size_t produced = sizeof(chunk) - zs.avail_out;
    if (out->size() + produced > max_bytes) {
      status = TooLarge(max_bytes);
      break;
    }
    out->append(chunk, produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) {
      status = InvalidArgument("request body: compressed stream ends early");
      break;
    }
  }
  inflateEnd(&zs);
  return status;
}

}  // namespace

Status DecodeBody(std::string_view content_encoding, std::string_view body, size_t max_bytes,
                  std::string* out) {
  std::string enc(content_encoding);
  std::transform(enc.begin(), enc.end(), enc.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (enc.empty() || enc == "identity") {
    if (body.size() > max_bytes) return TooLarge(max_bytes);
    out->assign(body);
    return Status::Ok();
  }
  if (enc == "gzip" || enc == "x-gzip") return Inflate(body, 15 + 32, max_bytes, out);
  if (enc == "deflate") {
    Status s = Inflate(body, 15 + 32, max_bytes, out);
    if (s.code() == ErrorCode::kInvalidArgument) s = Inflate(body, -15, max_bytes, out);
    return s;
  }
  return InvalidArgument("Content-Encoding: unsupported \"" + std::string(content_encoding) +
                         "\" (use gzip, deflate or identity)");
}

}  // namespace growloop
