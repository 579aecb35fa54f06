// API keys: random tokens that name a project and what they may do.
//
// A write key ("glw_…") is embedded in apps and SDKs and may only send events; it is not a
// secret, and it is stored as is so that the console can show it again. A secret key ("gls_…")
// reads a project's data. Both carry 190 bits from the operating system's random source.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace growloop {

enum class ApiKeyKind { kWrite, kSecret };

std::string_view ApiKeyKindName(ApiKeyKind kind);  // "write" / "secret"

// A new key of `kind`: its prefix and 32 base-62 characters read from /dev/urandom.
// Returns Unavailable when the random source cannot be read.
Status GenerateApiKey(ApiKeyKind kind, std::string* key);

// True when `key` has the shape of a Growloop key (prefix, length, alphabet). Lets the server
// reject garbage without a lookup.
bool LooksLikeApiKey(std::string_view key);

}  // namespace growloop
