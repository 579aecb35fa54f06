// Generated from docs/openapi.json, which is the one to edit; then regenerate this file as
// docs/http-api.md ("The OpenAPI document") says. A unit test fails when the two differ.
#include "server/openapi_document.h"

namespace growloop {

std::string_view OpenApiDocument() {
  static constexpr std::string_view kDocument = R"openapi({
  "openapi": "3.0.3",
  "info": {
    "title": "Growloop HTTP API",
    "version": "1",
    "description": "Growloop's HTTP API. Every error answer has the body {\"error\":{\"code\":\"...\",\"message\":\"...\"}}; see docs/http-api.md for the codes and their HTTP statuses."
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "components": {
    "securitySchemes": {
      "secretKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "A project's secret key (gls_...). Without a key, reads are accepted only from the loopback interface and only when server.require_auth is false."
      }
    },
    "parameters": {
      "project": {
        "name": "project",
        "in": "query",
        "required": false,
        "description": "Project name or numeric id. Defaults to the key's project, or to \"default\" for keyless local reads.",
        "schema": {"type": "string"}
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
              "code": {
                "type": "string",
                "enum": ["invalid_argument", "not_found", "already_exists", "corruption", "io_error", "no_space", "unauthenticated", "permission_denied", "resource_exhausted", "payload_too_large", "unavailable", "internal", "cancelled", "deadline_exceeded", "failed_precondition"]
              },
              "message": {"type": "string"}
            }
          }
        }
      },
      "Project": {
        "type": "object",
        "required": ["id", "name", "time_zone", "created", "write_keys"],
        "properties": {
          "id": {"type": "integer"},
          "name": {"type": "string"},
          "time_zone": {"type": "string", "description": "IANA time zone name, e.g. Asia/Shanghai"},
          "created": {"type": "string", "format": "date-time"},
          "write_keys": {"type": "array", "items": {"type": "string"}}
        }
      },
      "Stats": {
        "type": "object",
        "required": ["project", "events", "per_day", "per_event", "persons", "segments", "segment_bytes", "wal_bytes", "bytes_on_disk", "memtable_rows", "compactions"],
        "properties": {
          "project": {"type": "string"},
          "events": {"type": "integer"},
          "per_day": {
            "type": "object",
            "description": "UTC day (YYYY-MM-DD) to event name to count",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}
          },
          "per_event": {"type": "object", "additionalProperties": {"type": "integer"}},
          "persons": {"type": "integer", "nullable": true, "description": "distinct ids; null when persons=false"},
          "segments": {"type": "integer"},
          "segment_bytes": {"type": "integer"},
          "wal_bytes": {"type": "integer"},
          "bytes_on_disk": {"type": "integer", "description": "segment_bytes + wal_bytes"},
          "memtable_rows": {"type": "integer"},
          "compactions": {"type": "integer"}
        }
      },
      "Seen": {
        "type": "object",
        "required": ["first_seen", "last_seen", "volume"],
        "properties": {
          "first_seen": {"type": "string", "format": "date-time", "description": "earliest event timestamp"},
          "last_seen": {"type": "string", "format": "date-time", "description": "latest event timestamp"},
          "volume": {"type": "integer", "description": "events recorded"}
        }
      },
      "SchemaProperty": {
        "allOf": [
          {"$ref": "#/components/schemas/Seen"},
          {
            "type": "object",
            "required": ["name", "type"],
            "properties": {
              "name": {"type": "string"},
              "type": {"type": "string", "enum": ["string", "number", "bool", "timestamp"]}
            }
          }
        ]
      },
      "SchemaEvent": {
        "allOf": [
          {"$ref": "#/components/schemas/Seen"},
          {
            "type": "object",
            "required": ["name", "properties"],
            "properties": {
              "name": {"type": "string"},
              "properties": {"type": "array", "items": {"$ref": "#/components/schemas/SchemaProperty"}}
            }
          }
        ]
      }
    },
    "responses": {
      "Error": {
        "description": "Error; the status is the one of the error code (docs/http-api.md).",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      }
    }
  },
  "paths": {
    "/healthz": {
      "get": {
        "summary": "Liveness: 200 {\"status\":\"ok\"} while the server answers.",
        "x-mutates-state": false,
        "responses": {
          "200": {
            "description": "The server is up.",
            "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}}}}
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics of the process.",
        "x-mutates-state": false,
        "responses": {
          "200": {
            "description": "Prometheus text exposition format 0.0.4, including growloop_http_request_duration_seconds{route} and growloop_http_responses_total{status}.",
            "content": {"text/plain": {"schema": {"type": "string"}}}
          }
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "summary": "This API described as an OpenAPI 3 document.",
        "x-mutates-state": false,
        "responses": {
          "200": {"description": "This document.", "content": {"application/json": {"schema": {"type": "object"}}}}
        }
      }
    },
    "/api/v1/projects": {
      "get": {
        "summary": "Projects readable with the caller's credentials.",
        "x-mutates-state": false,
        "security": [{"secretKey": []}, {}],
        "parameters": [{"$ref": "#/components/parameters/project"}],
        "responses": {
          "200": {
            "description": "With a key: its project. Keyless from loopback: every project, or the one named by project.",
            "content": {"application/json": {"schema": {"type": "object", "required": ["projects"], "properties": {"projects": {"type": "array", "items": {"$ref": "#/components/schemas/Project"}}}}}}
          },
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/stats": {
      "get": {
        "summary": "Event counts per day and per event, persons, storage sizes.",
        "x-mutates-state": false,
        "security": [{"secretKey": []}, {}],
        "parameters": [
          {"$ref": "#/components/parameters/project"},
          {"name": "persons", "in": "query", "required": false, "description": "Count distinct persons (costs a scan); default true.", "schema": {"type": "boolean", "default": true}}
        ],
        "responses": {
          "200": {"description": "Statistics of the project's event store.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/schema": {
      "get": {
        "summary": "Event names and properties seen, with first/last seen and volumes.",
        "x-mutates-state": false,
        "security": [{"secretKey": []}, {}],
        "parameters": [{"$ref": "#/components/parameters/project"}],
        "responses": {
          "200": {
            "description": "The project's schema registry, events by name.",
            "content": {"application/json": {"schema": {"type": "object", "required": ["project", "events"], "properties": {"project": {"type": "string"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/SchemaEvent"}}}}}}
          },
          "401": {"$ref": "#/components/responses/Error"},
          "403": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    }
  }
}
)openapi";
  return kDocument;
}

}  // namespace growloop
