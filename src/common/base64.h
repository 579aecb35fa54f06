// Base64 decoding (RFC 4648), as SDKs use it in query strings and form fields: the standard and
// the URL-safe alphabets, with or without '=' padding; whitespace is ignored.
#pragma once

#include <string>
#include <string_view>

namespace growloop {

// False (with *out unspecified) when `in` has a byte outside both alphabets or a bad length.
bool Base64Decode(std::string_view in, std::string* out);

}  // namespace growloop
