// Undoing a request's Content-Encoding under a size limit. The limit applies to the decoded
// bytes, so a small compressed body cannot expand past it (a "zip bomb").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace growloop {

// Decodes `body` according to `content_encoding` ("", "identity", "gzip", "x-gzip",
// "deflate"; case-insensitive) into *out. PayloadTooLarge when the decoded body would exceed
// `max_bytes`; InvalidArgument for an unknown encoding or a corrupt stream.
Status DecodeBody(std::string_view content_encoding, std::string_view body, size_t max_bytes,
                  std::string* out);

}  // namespace growloop
