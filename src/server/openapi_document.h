// The OpenAPI 3 document of Growloop's HTTP API, served at /api/v1/openapi.json. Its source is
// docs/openapi.json; the copy compiled in here must stay identical (checked by a unit test,
// which also checks that it describes exactly the routes of StandardRoutes()).
#pragma once

#include <string_view>

namespace growloop {

std::string_view OpenApiDocument();

}  // namespace growloop
