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
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "components": {
    "securitySchemes": {
      "secretKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "A project's secret key (gls_...). Without a key, reads are accepted only from the loopback interface and only when server.require_auth is false."
      },
      "writeKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "A project's write key (glw_...), which SDKs send in their own way: Segment as HTTP Basic user name or writeKey, PostHog as api_key or token, Amplitude as api_key, Mixpanel as the token property. growloop keys prints it."
      }
    },
    "parameters": {
      "project": {
        "name": "project",
        "in": "query",
        "required": false,
        "description": "Project name or numeric id. Defaults to the key's project, or to \"default\" for keyless local reads.",
        "schema": {
          "type": "string"
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string",
                "enum": [
                  "invalid_argument",
                  "not_found",
                  "already_exists",
                  "corruption",
                  "io_error",
                  "no_space",
                  "unauthenticated",
                  "permission_denied",
                  "resource_exhausted",
                  "payload_too_large",
                  "unavailable",
                  "internal",
                  "cancelled",
                  "deadline_exceeded",
                  "failed_precondition"
                ]
              },
              "message": {
                "type": "string"
              },
              "field": {
                "type": "string",
                "description": "For a bad query: the field at fault, e.g. steps[2].within_seconds."
              }
            }
          }
        }
      },
      "Project": {
        "type": "object",
        "required": [
          "id",
          "name",
          "time_zone",
          "created",
          "write_keys"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "time_zone": {
            "type": "string",
            "description": "IANA time zone name, e.g. Asia/Shanghai"
          },
          "created": {
            "type": "string",
            "format": "date-time"
          },
          "write_keys": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "Stats": {
        "type": "object",
        "required": [
          "project",
          "events",
          "per_day",
          "per_event",
          "persons",
          "segments",
          "segment_bytes",
          "wal_bytes",
          "bytes_on_disk",
          "memtable_rows",
          "compactions"
        ],
        "properties": {
          "project": {
            "type": "string"
          },
          "events": {
            "type": "integer"
          },
          "per_day": {
            "type": "object",
            "description": "UTC day (YYYY-MM-DD) to event name to count",
            "additionalProperties": {
              "type": "object",
              "additionalProperties": {
                "type": "integer"
              }
            }
          },
          "per_event": {
            "type": "object",
            "additionalProperties": {
              "type": "integer"
            }
          },
          "persons": {
            "type": "integer",
            "nullable": true,
            "description": "distinct ids; null when persons=false"
          },
          "segments": {
            "type": "integer"
          },
          "segment_bytes": {
            "type": "integer"
          },
          "wal_bytes": {
            "type": "integer"
          },
          "bytes_on_disk": {
            "type": "integer",
            "description": "segment_bytes + wal_bytes"
          },
          "memtable_rows": {
            "type": "integer"
          },
          "compactions": {
            "type": "integer"
          }
        }
      },
      "Seen": {
        "type": "object",
        "required": [
          "first_seen",
          "last_seen",
          "volume"
        ],
        "properties": {
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "earliest event timestamp"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "latest event timestamp"
          },
          "volume": {
            "type": "integer",
            "description": "events recorded"
          }
        }
      },
      "SchemaProperty": {
        "allOf": [
          {
            "$ref": "#/components/schemas/Seen"
          },
          {
            "type": "object",
            "required": [
              "name",
              "type"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "type": {
                "type": "string",
                "enum": [
                  "string",
                  "number",
                  "bool",
                  "timestamp"
                ]
              }
            }
          }
        ]
      },
      "SchemaEvent": {
        "allOf": [
          {
            "$ref": "#/components/schemas/Seen"
          },
          {
            "type": "object",
            "required": [
              "name",
              "properties"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "properties": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/SchemaProperty"
                }
              }
            }
          }
        ]
      },
      "CaptureError": {
        "type": "object",
        "required": [
          "index",
          "code",
          "message"
        ],
        "properties": {
          "index": {
            "type": "integer",
            "description": "Position of the message in the request, from 0."
          },
          "code": {
            "type": "string",
            "description": "Reject reason (docs/formats/import.md, \"Reject reasons\")."
          },
          "message": {
            "type": "string"
          }
        }
      },
      "CaptureResult": {
        "type": "object",
        "required": [
          "accepted",
          "duplicates",
          "rejected",
          "errors"
        ],
        "properties": {
          "accepted": {
            "type": "integer",
            "description": "Events stored (durable: WAL fsynced) by this request."
          },
          "duplicates": {
            "type": "integer",
            "description": "Events skipped because their id was stored before on the same UTC day."
          },
          "rejected": {
            "type": "integer"
          },
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CaptureError"
            }
          }
        }
      },
      "QueryFilter": {
        "description": "One condition {property, op, value} or a combination {and: [...]} / {or: [...]}. op: eq, neq, in, not_in, contains, regex, gt, lt, gte, lte, between, is_set, is_not_set; property: an event property, $event or $distinct_id.",
        "type": "object",
        "additionalProperties": true
      },
      "EventSelector": {
        "type": "object",
        "properties": {
          "event": {
            "type": "string",
            "description": "Event name; $all or absent: any event."
          },
          "filters": {
            "$ref": "#/components/schemas/QueryFilter"
          }
        }
      },
      "QueryRequest": {
        "type": "object",
        "description": "The body of a query; fields by kind in docs/query-api.md. Common: from, to (dates YYYY-MM-DD in the project's time zone, inclusive; relative dates today, yesterday, -Nd, -Nw, -Nm; or RFC 3339 timestamps; default the last 7 days), timeout_ms (1..600000, default 30000), filters.",
        "properties": {
          "from": {
            "type": "string"
          },
          "to": {
            "type": "string"
          },
          "timeout_ms": {
            "type": "integer"
          },
          "filters": {
            "$ref": "#/components/schemas/QueryFilter"
          },
          "event": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "$ref": "#/components/schemas/EventSelector"
              }
            ],
            "description": "paths: the anchor event's name; persons: the events that count (any when missing)"
          },
          "interval": {
            "type": "string",
            "enum": [
              "hour",
              "day",
              "week",
              "month",
              "all"
            ],
            "description": "trends"
          },
          "series": {
            "type": "array",
            "description": "trends: {event, filters, math, property}; math: total, unique_persons, sum, avg, min, max, median, p90, dau, wau, mau, stickiness",
            "items": {
              "type": "object"
            }
          },
          "breakdown": {
            "type": "object",
            "description": "trends: {property, limit}",
            "properties": {
              "property": {
                "type": "string"
              },
              "limit": {
                "type": "integer"
              }
            }
          },
          "compare": {
            "type": "boolean",
            "description": "trends: add the previous period"
          },
          "formula": {
            "type": "string",
            "description": "trends: e.g. A / B"
          },
          "steps": {
            "type": "array",
            "description": "funnel: {event, filters, within_seconds}",
            "items": {
              "type": "object"
            }
          },
          "window_seconds": {
            "type": "integer",
            "description": "funnel, default 86400"
          },
          "order": {
            "type": "string",
            "enum": [
              "ordered",
              "strict",
              "any",
              "last_seen",
              "events"
            ],
            "description": "funnel: ordered, strict or any; persons: last_seen (default) or events"
          },
          "exclusions": {
            "type": "array",
            "description": "funnel: {event, filters, from_step, to_step}",
            "items": {
              "type": "object"
            }
          },
          "start_event": {
            "$ref": "#/components/schemas/EventSelector"
          },
          "return_event": {
            "$ref": "#/components/schemas/EventSelector"
          },
          "start": {
            "type": "string",
            "enum": [
              "first_time",
              "recurring"
            ],
            "description": "retention"
          },
          "mode": {
            "type": "string",
            "enum": [
              "on",
              "on_or_after"
            ],
            "description": "retention"
          },
          "period": {
            "type": "string",
            "enum": [
              "day",
              "week",
              "month"
            ],
            "description": "retention; ltv: the cohorts (default week)"
          },
          "periods": {
            "type": "integer",
            "description": "retention, 1..365"
          },
          "as_of": {
            "type": "string",
            "description": "rfm"
          },
          "purchase_event": {
            "type": "string",
            "description": "rfm"
          },
          "amount_property": {
            "type": "string",
            "description": "rfm, ltv (default amount)"
          },
          "limit": {
            "type": "integer",
            "description": "rfm: rows shown; persons: rows shown (0..10000, default 100); ltv: channels shown (1..1000, default 100), the rest as $other"
          },
          "channel_property": {
            "type": "string",
            "description": "ltv: the acquisition channel property (default channel)"
          },
          "attribution": {
            "type": "string",
            "enum": [
              "first_touch",
              "last_touch"
            ],
            "description": "ltv"
          },
          "acquisition_event": {
            "type": "string",
            "description": "ltv (default signup)"
          },
          "revenue_event": {
            "type": "string",
            "description": "ltv (default purchase)"
          },
          "cac_basis": {
            "type": "string",
            "enum": [
              "persons",
              "acquisition_event"
            ],
            "description": "ltv"
          },
          "curve_days": {
            "type": "integer",
            "description": "ltv: points of the revenue curve, 1..366, default 90"
          }
        }
      },
      "Cost": {
        "type": "object",
        "required": [
          "date",
          "channel",
          "spend"
        ],
        "description": "One day's spend on a channel and campaign (docs/formats/costs.md).",
        "properties": {
          "date": {
            "type": "string",
            "description": "YYYY-MM-DD, in the project's time zone"
          },
          "channel": {
            "type": "string",
            "description": "not empty, at most 256 bytes"
          },
          "campaign": {
            "type": "string",
            "description": "may be empty (the default)"
          },
          "spend": {
            "type": "number",
            "minimum": 0,
            "description": "kept to a millionth; a decimal string is accepted too"
          },
          "currency": {
            "type": "string",
            "description": "ISO 4217 code (CNY), or empty"
          }
        }
      },
      "DashboardItem": {
        "type": "object",
        "required": [
          "title",
          "kind"
        ],
        "properties": {
          "title": {
            "type": "string",
            "description": "1..256 bytes"
          },
          "kind": {
            "type": "string",
            "enum": [
              "trends",
              "funnel",
              "retention",
              "rfm",
              "paths",
              "ltv",
              "persons"
            ]
          },
          "query": {
            "$ref": "#/components/schemas/QueryRequest",
            "description": "missing: {} (every default)"
          }
        }
      },
      "DashboardInput": {
        "type": "object",
        "required": [
          "name"
        ],
        "description": "A dashboard to save: every query is checked as POST /api/v1/query/{kind} would check it.",
        "properties": {
          "name": {
            "type": "string",
            "description": "1..128 bytes, unique in the project, no control characters or '/', not all digits"
          },
          "description": {
            "type": "string",
            "description": "at most 4096 bytes"
          },
          "items": {
            "type": "array",
            "maxItems": 64,
            "items": {
              "$ref": "#/components/schemas/DashboardItem"
            }
          }
        }
      },
      "Dashboard": {
        "type": "object",
        "required": [
          "id",
          "name",
          "description",
          "created",
          "updated",
          "items",
          "project"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "created": {
            "type": "string",
            "format": "date-time"
          },
          "updated": {
            "type": "string",
            "format": "date-time"
          },
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/DashboardItem"
            }
          },
          "project": {
            "type": "string"
          }
        }
      },
      "Setting": {
        "type": "object",
        "description": "A named JSON object of the project (docs/http-api.md, Settings).",
        "properties": {
          "project": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "value": {
            "type": "object",
            "description": "what was stored, at most 64 KiB of JSON"
          },
          "updated": {
            "type": "string",
            "format": "date-time"
          },
          "revision": {
            "type": "integer",
            "description": "the time of the last write in microseconds, greater with every write; also the ETag of answers about one setting"
          }
        }
      },
      "ApiKey": {
        "type": "object",
        "required": [
          "id",
          "kind",
          "label",
          "created",
          "hint"
        ],
        "properties": {
          "id": {
            "type": "integer",
            "description": "never given to another key, also after this one is revoked"
          },
          "kind": {
            "type": "string",
            "enum": [
              "write",
              "secret"
            ]
          },
          "label": {
            "type": "string",
            "description": "what the key is for, at most 128 bytes"
          },
          "created": {
            "type": "string",
            "format": "date-time"
          },
          "hint": {
            "type": "string",
            "description": "the prefix and the last four characters, e.g. gls_…wXyZ"
          },
          "key": {
            "type": "string",
            "description": "the whole key: write keys always; a secret key only in the answer that creates it"
          },
          "revoked": {
            "type": "string",
            "format": "date-time",
            "description": "only in the answer of a revocation"
          },
          "project": {
            "type": "string",
            "description": "the project's name (answers of create and revoke)"
          }
        }
      }
    },
    "responses": {
      "Error": {
        "description": "Error; the status is the one of the error code (docs/http-api.md).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
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
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "status": {
                      "type": "string",
                      "enum": [
                        "ok"
                      ]
                    }
                  }
                }
              }
            }
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
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "summary": "This API described as an OpenAPI 3 document.",
        "x-mutates-state": false,
        "responses": {
          "200": {
            "description": "This document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/projects": {
      "get": {
        "summary": "Projects readable with the caller's credentials.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "responses": {
          "200": {
            "description": "With a key: its project. Keyless from loopback: every project, or the one named by project.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "projects"
                  ],
                  "properties": {
                    "projects": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Project"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "summary": "Creates a project with its keys (operator access: keyless from the server's machine).",
        "x-mutates-state": true,
        "security": [
          {}
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "description": "1..64 characters from [A-Za-z0-9_.-], not all digits"
                  },
                  "time_zone": {
                    "type": "string",
                    "description": "an IANA zone name, default UTC"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created: the project, with its write key (its secret key is shown by `growloop keys`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Project"
                }
              }
            }
          },
          "400": {
            "description": "A bad name, time zone or body: error.field names it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/stats": {
      "get": {
        "summary": "Event counts per day and per event, persons, storage sizes.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "persons",
            "in": "query",
            "required": false,
            "description": "Count distinct persons (costs a scan); default true.",
            "schema": {
              "type": "boolean",
              "default": true
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Statistics of the project's event store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Stats"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/schema": {
      "get": {
        "summary": "Event names and properties seen, with first/last seen and volumes.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "responses": {
          "200": {
            "description": "The project's schema registry, events by name.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "events"
                  ],
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "events": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/SchemaEvent"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/events": {
      "post": {
        "summary": "Store a batch of events (Growloop's own format); per-event errors in the answer.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "{\"events\":[event, ...]}, [event, ...] or one event; each event as a JSON Lines import row (docs/formats/import.md). Key: Authorization: Bearer <write key>.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/batch": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/track": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/identify": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/page": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/screen": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/group": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/alias": {
      "post": {
        "summary": "Segment / RudderStack HTTP tracking API.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Segment's tracking API: {\"batch\":[call, ...]} or one call (docs/capture.md). Key: HTTP Basic with the write key as user name, or writeKey in the body.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/batch/": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/capture/": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/capture": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/e/": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/e": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/i/v0/e/": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/i/v0/e": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/track/": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/batch": {
      "post": {
        "summary": "PostHog capture or Amplitude Batch API (by the body).",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog {\"batch\":[...]} or Amplitude {\"api_key\",\"events\":[...]}.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/flags": {
      "post": {
        "summary": "PostHog feature flags (none until experiments exist).",
        "x-mutates-state": false,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "No flags until experiments exist: {\"flags\":{},\"featureFlags\":{},\"featureFlagPayloads\":{},\"errorsWhileComputingFlags\":false}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/flags/": {
      "post": {
        "summary": "PostHog feature flags (none until experiments exist).",
        "x-mutates-state": false,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "No flags until experiments exist: {\"flags\":{},\"featureFlags\":{},\"featureFlagPayloads\":{},\"errorsWhileComputingFlags\":false}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/decide": {
      "post": {
        "summary": "PostHog feature flags (none until experiments exist).",
        "x-mutates-state": false,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "No flags until experiments exist: {\"flags\":{},\"featureFlags\":{},\"featureFlagPayloads\":{},\"errorsWhileComputingFlags\":false}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/decide/": {
      "post": {
        "summary": "PostHog feature flags (none until experiments exist).",
        "x-mutates-state": false,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "No flags until experiments exist: {\"flags\":{},\"featureFlags\":{},\"featureFlagPayloads\":{},\"errorsWhileComputingFlags\":false}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/flags/definitions": {
      "get": {
        "summary": "PostHog flag definitions for local evaluation.",
        "x-mutates-state": false,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "{\"flags\":[],\"group_type_mapping\":{},\"cohorts\":{}}",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/track": {
      "get": {
        "summary": "Mixpanel track (base64 JSON in data=).",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      },
      "post": {
        "summary": "Mixpanel track (base64 JSON in data=).",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      }
    },
    "/import": {
      "get": {
        "summary": "Mixpanel import (base64 JSON in data=).",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      },
      "post": {
        "summary": "Mixpanel import (base64 JSON in data=).",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      }
    },
    "/engage": {
      "get": {
        "summary": "Mixpanel people updates, stored as $engage events.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      },
      "post": {
        "summary": "Mixpanel people updates, stored as $engage events.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      }
    },
    "/sa": {
      "get": {
        "summary": "Sensors Data (base64, optionally gzipped, JSON in data_list=); ?project=NAME.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "project",
            "in": "query",
            "required": false,
            "description": "Project name (Sensors SDKs send no key); default \"default\".",
            "schema": {
              "type": "string"
            }
          }
        ]
      },
      "post": {
        "summary": "Sensors Data (base64, optionally gzipped, JSON in data_list=); ?project=NAME.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "project",
            "in": "query",
            "required": false,
            "description": "Project name (Sensors SDKs send no key); default \"default\".",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    },
    "/2/httpapi": {
      "post": {
        "summary": "Amplitude HTTP API v2.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "{\"api_key\",\"events\":[event, ...]}",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "{\"code\":200,\"events_ingested\":N,\"payload_size_bytes\":B,\"server_upload_time\":ms,...}: the Amplitude SDK reads the code field.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/groups": {
      "get": {
        "summary": "Mixpanel group profile updates, stored as group updates.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      },
      "post": {
        "summary": "Mixpanel group profile updates, stored as group updates.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "responses": {
          "200": {
            "description": "Body 1 (or {\"status\":1,\"error\":null} with verbose=1); 0 or {\"status\":0,\"error\":...} on failure, which is what the Mixpanel SDK reads.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        },
        "parameters": [
          {
            "name": "data",
            "in": "query",
            "required": false,
            "description": "base64 of the JSON event(s) (GET; POST sends it as a form field).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "verbose",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "0",
                "1"
              ]
            }
          }
        ]
      }
    },
    "/i/v1/analytics/events": {
      "post": {
        "summary": "PostHog capture.",
        "x-mutates-state": true,
        "tags": [
          "capture"
        ],
        "security": [
          {
            "writeKey": []
          }
        ],
        "requestBody": {
          "required": true,
          "description": "PostHog capture: {\"api_key\",\"batch\":[event, ...]}, one event, or a form data=<base64 JSON>; gzip accepted.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored; per-event errors listed. The SDK-specific fields are in docs/capture.md.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaptureResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "description": "The ingest queue is full; retry after the Retry-After header's seconds.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/events/tail": {
      "get": {
        "summary": "The latest events the project accepted since the server started, after a sequence number (a live tail).",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "description": "A sequence number: only events accepted after it (0, the default: the latest `limit`). Pass the previous answer's last_seq to poll for new events.",
            "schema": {
              "type": "integer",
              "default": 0,
              "minimum": 0
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Events at most, 1..1000 (default 100): the latest of those after `after`.",
            "schema": {
              "type": "integer",
              "default": 100,
              "minimum": 1,
              "maximum": 1000
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Events oldest first, each with its sequence number (1 for the first event accepted since the server started; the server keeps the latest 1000). Duplicates the store dropped are not listed. last_seq is the latest sequence number, whether listed or not; stream names this server run, whose numbering starts again at 1 after a restart (a client that sees another stream starts afresh with after=0).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "events",
                    "last_seq",
                    "stream"
                  ],
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "last_seq": {
                      "type": "integer"
                    },
                    "events": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "seq",
                          "id",
                          "event",
                          "distinct_id",
                          "timestamp",
                          "timestamp_us",
                          "properties"
                        ],
                        "properties": {
                          "seq": {
                            "type": "integer"
                          },
                          "id": {
                            "type": "string"
                          },
                          "event": {
                            "type": "string"
                          },
                          "distinct_id": {
                            "type": "string"
                          },
                          "timestamp": {
                            "type": "string"
                          },
                          "timestamp_us": {
                            "type": "integer"
                          },
                          "properties": {
                            "type": "object",
                            "additionalProperties": true
                          }
                        }
                      }
                    },
                    "stream": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/persons/{id}": {
      "get": {
        "summary": "A person: properties, groups, all its distinct ids, event counts, first/last seen, the recent timeline.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "Any distinct id of the person (anonymous or user id).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Events in the timeline, 1..1000 (default 50).",
            "schema": {
              "type": "integer",
              "default": 50
            }
          },
          {
            "name": "before",
            "in": "query",
            "required": false,
            "description": "Cursor \"<microseconds>:<event id>\": the previous page's next_before. Events come newest first, ties by event id descending.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The person. person_id is null for an id never linked to another; distinct_ids lists every id merged into the person; properties are the person's property updates (every SDK's syntax) folded in (time, event id) order over all its ids; groups maps a group type to the group the person's latest event of that type named; timeline is newest first; next_before is null on the last page.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "distinct_id",
                    "person_id",
                    "distinct_ids",
                    "events",
                    "first_seen",
                    "last_seen",
                    "event_counts",
                    "properties",
                    "groups",
                    "timeline",
                    "next_before"
                  ],
                  "properties": {
                    "properties": {
                      "type": "object",
                      "additionalProperties": true,
                      "description": "Person properties: strings, numbers, booleans, lists."
                    },
                    "properties_updated": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "description": "Time of the latest property update."
                    },
                    "groups": {
                      "type": "object",
                      "additionalProperties": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/groups": {
      "get": {
        "summary": "Groups (companies, accounts) with their update counts, paged.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "type",
            "in": "query",
            "required": false,
            "description": "Only this type.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Entries, 1..1000 (default 100).",
            "schema": {
              "type": "integer",
              "default": 100
            }
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "description": "Cursor \"<type>/<key>\": the previous page's next_after.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Groups by type and key; next_after is null on the last page.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "groups",
                    "next_after"
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/groups/{type}/{key}": {
      "get": {
        "summary": "A group's properties, folded from its updates.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "type",
            "in": "path",
            "required": true,
            "description": "Group type (\"company\"; \"group\" for Segment groups).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "key",
            "in": "path",
            "required": true,
            "description": "Group key.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The group: properties folded from every update in (time, id) order.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "type",
                    "key",
                    "properties",
                    "updates",
                    "first_update",
                    "last_update"
                  ],
                  "properties": {
                    "properties": {
                      "type": "object",
                      "additionalProperties": true
                    },
                    "updates": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/items": {
      "get": {
        "summary": "Items (Sensors item_set) with their update counts, paged.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "type",
            "in": "query",
            "required": false,
            "description": "Only this type.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Entries, 1..1000 (default 100).",
            "schema": {
              "type": "integer",
              "default": 100
            }
          },
          {
            "name": "after",
            "in": "query",
            "required": false,
            "description": "Cursor \"<type>/<key>\": the previous page's next_after.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Items by type and key; next_after is null on the last page.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "items",
                    "next_after"
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/items/{type}/{key}": {
      "get": {
        "summary": "An item's properties, folded from its updates.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "type",
            "in": "path",
            "required": true,
            "description": "Sensors item_type.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "key",
            "in": "path",
            "required": true,
            "description": "Sensors item_id.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The item: properties folded from every update in (time, id) order.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "type",
                    "key",
                    "properties",
                    "updates",
                    "first_update",
                    "last_update"
                  ],
                  "properties": {
                    "properties": {
                      "type": "object",
                      "additionalProperties": true
                    },
                    "updates": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/query/{kind}": {
      "post": {
        "summary": "Runs a query of the kind the path names (docs/query-api.md), described by the JSON body.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "kind",
            "in": "path",
            "required": true,
            "description": "trends, funnel, retention, rfm, paths, ltv or persons.",
            "schema": {
              "type": "string",
              "enum": [
                "trends",
                "funnel",
                "retention",
                "rfm",
                "paths",
                "ltv",
                "persons"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/QueryRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The answer, by kind: trends {buckets, series[{name, event, math, breakdown_value, values, total}]}; funnel {steps[{event, persons, conversion_from_first, conversion_from_previous, median_seconds_to_convert, time_to_convert}]}; retention {cohorts[{date, persons, values}]}; rfm {persons, sum_recency, sum_frequency, sum_monetary, rows}; persons {persons, events, rows[{person, events, first_seen, last_seen}], more}; ltv {channels[{channel, persons, acquisition_event_persons, revenue, ltv7, ltv30, ltv90 (with _persons and _cac), spend, cac, roi, cohorts[...], curve{persons, revenue_per_person}}]}. Each has kind, project, range {from, to, time_zone} (the instants the range resolved to) and stats (elapsed_ms, cached).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "kind"
                  ],
                  "properties": {
                    "kind": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "A bad query: error.field names the field at fault.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "Unknown project or query kind.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "504": {
            "description": "The query ran past timeout_ms (deadline_exceeded).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/costs": {
      "get": {
        "summary": "Marketing costs per date, channel and campaign; from, to and channel narrow the list.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "from",
            "in": "query",
            "required": false,
            "description": "First date, YYYY-MM-DD (inclusive).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "description": "Last date, YYYY-MM-DD (inclusive).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "channel",
            "in": "query",
            "required": false,
            "description": "Only this channel.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The costs by (date, channel, campaign), at most 100000, and their sum.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "costs",
                    "total_spend"
                  ],
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "costs": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Cost"
                      }
                    },
                    "total_spend": {
                      "type": "number"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "summary": "Stores marketing costs, all or none; a cost stored before gets the new spend.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "requestBody": {
          "required": true,
          "description": "{\"costs\": [Cost, ...]}. Needs the secret key (a write key is 403); every row is checked first and one bad row stores nothing.",
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "costs"
                ],
                "properties": {
                  "costs": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Cost"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored: rows received, added (new keys) and replaced (keys stored before).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "rows",
                    "added",
                    "replaced"
                  ],
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "rows": {
                      "type": "integer"
                    },
                    "added": {
                      "type": "integer"
                    },
                    "replaced": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/dashboards": {
      "get": {
        "summary": "Dashboards of the project: names and query counts.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "responses": {
          "200": {
            "description": "The dashboards by name.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "dashboards"
                  ],
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "dashboards": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "id": {
                            "type": "integer"
                          },
                          "name": {
                            "type": "string"
                          },
                          "description": {
                            "type": "string"
                          },
                          "queries": {
                            "type": "integer"
                          },
                          "created": {
                            "type": "string",
                            "format": "date-time"
                          },
                          "updated": {
                            "type": "string",
                            "format": "date-time"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "summary": "Saves a dashboard: a name and an ordered list of queries, each checked before storing.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "requestBody": {
          "required": true,
          "description": "Needs the secret key (a write key is 403).",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DashboardInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Stored; the dashboard with its id.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Dashboard"
                }
              }
            }
          },
          "400": {
            "description": "A bad dashboard or query: error.field names the field at fault, e.g. items[1].query.steps[0].event.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "description": "The name is taken (error.field is name).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/dashboards/{dashboard}": {
      "get": {
        "summary": "A dashboard's definition; {dashboard} is its id or its name.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "dashboard",
            "in": "path",
            "required": true,
            "description": "The dashboard's id, or its name (percent-encoded).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The dashboard.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Dashboard"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "put": {
        "summary": "Replaces a dashboard's name, description and queries.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "dashboard",
            "in": "path",
            "required": true,
            "description": "The dashboard's id, or its name (percent-encoded).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DashboardInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Replaced (the id and creation time are kept).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Dashboard"
                }
              }
            }
          },
          "400": {
            "description": "A bad dashboard or query: error.field names the field at fault.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "summary": "Deletes a dashboard.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "dashboard",
            "in": "path",
            "required": true,
            "description": "The dashboard's id, or its name (percent-encoded).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Deleted: {project, deleted: {id, name}}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/dashboards/{dashboard}/results": {
      "get": {
        "summary": "Answers every query of a dashboard in one call; from and to override their ranges.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "dashboard",
            "in": "path",
            "required": true,
            "description": "The dashboard's id, or its name (percent-encoded).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "from",
            "in": "query",
            "required": false,
            "description": "Replaces every query's from: a date, a relative date (-30d) or a timestamp.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "description": "Replaces every query's to.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "refresh",
            "in": "query",
            "required": false,
            "description": "true: compute every answer anew instead of reusing a cached one (as Cache-Control: no-cache).",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "results[i] is {title, kind, answer} (the answer of POST /api/v1/query/{kind}) or {title, kind, error {code, message, field}} when that query alone failed; stats {queries, cached, failed, elapsed_ms}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "project",
                    "dashboard",
                    "results",
                    "stats"
                  ],
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "dashboard": {
                      "type": "object"
                    },
                    "results": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "title",
                          "kind"
                        ],
                        "properties": {
                          "title": {
                            "type": "string"
                          },
                          "kind": {
                            "type": "string"
                          },
                          "answer": {
                            "type": "object"
                          },
                          "error": {
                            "type": "object"
                          }
                        }
                      }
                    },
                    "stats": {
                      "type": "object",
                      "properties": {
                        "queries": {
                          "type": "integer"
                        },
                        "cached": {
                          "type": "integer"
                        },
                        "failed": {
                          "type": "integer"
                        },
                        "elapsed_ms": {
                          "type": "number"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "A malformed from, to or refresh (error.field names it).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/settings": {
      "get": {
        "summary": "The project's settings (named JSON objects) with their values.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "responses": {
          "200": {
            "description": "{project, settings: [{name, value, updated}]}, by name.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "settings": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Setting"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/settings/{name}": {
      "get": {
        "summary": "One setting of the project.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "1..64 characters from a-z, 0-9, '_', '-' and '.', starting with a letter or a digit (e.g. console.kpi).",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The setting.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Setting"
                }
              }
            },
            "headers": {
              "ETag": {
                "description": "the setting's revision, quoted",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "A bad name or value: error.field names it (name, value or body).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "put": {
        "summary": "Stores a setting: a JSON object shared by everyone on the project.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "1..64 characters from a-z, 0-9, '_', '-' and '.', starting with a letter or a digit (e.g. console.kpi).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "If-Match",
            "in": "header",
            "required": false,
            "description": "store or delete only when the setting is at one of these revisions (its ETag, quoted or not; a comma-separated list), or, with *, only when it is set",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "If-None-Match",
            "in": "header",
            "required": false,
            "description": "* only: store only when the setting is not set yet",
            "schema": {
              "type": "string",
              "enum": [
                "*"
              ]
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "value"
                ],
                "properties": {
                  "value": {
                    "type": "object",
                    "description": "a JSON object, at most 64 KiB serialized"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored (replacing the setting before).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Setting"
                }
              }
            },
            "headers": {
              "ETag": {
                "description": "the setting's revision, quoted",
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "A bad name or value, or a malformed If-Match / If-None-Match: error.field names it (name, value, body, If-Match or If-None-Match).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "412": {
            "description": "failed_precondition: the setting is not as If-Match or If-None-Match expects; nothing was stored or deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "delete": {
        "summary": "Deletes a setting.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "1..64 characters from a-z, 0-9, '_', '-' and '.', starting with a letter or a digit (e.g. console.kpi).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "If-Match",
            "in": "header",
            "required": false,
            "description": "store or delete only when the setting is at one of these revisions (its ETag, quoted or not; a comma-separated list), or, with *, only when it is set",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Deleted: {project, deleted: {name}}.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "description": "A bad name or value, or a malformed If-Match / If-None-Match: error.field names it (name, value, body, If-Match or If-None-Match).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "412": {
            "description": "failed_precondition: the setting is not as If-Match or If-None-Match expects; nothing was stored or deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/import": {
      "post": {
        "summary": "Imports a JSON Lines or CSV file sent whole as the body, as growloop import does.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "format",
            "in": "query",
            "required": false,
            "description": "csv or jsonl; absent: JSON Lines when the first byte is '{', CSV otherwise",
            "schema": {
              "type": "string",
              "enum": [
                "csv",
                "jsonl"
              ]
            }
          },
          {
            "name": "name",
            "in": "query",
            "required": false,
            "description": "the file's name, shown in the rejections",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "description": "The file's bytes (gzip-compressed or not), at most limits.max_upload_bytes (4 GiB by default), written to disk as it arrives.",
          "content": {
            "application/octet-stream": {
              "schema": {
                "type": "string",
                "format": "binary"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The import summary: {project, files, rows_read, accepted, duplicates, rejected, rejected_by_reason, first_rejections[{file, line, reason, message}], bytes_read, seconds}; bad rows are listed, not refused.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "description": "A bad format, an empty body, or a file that cannot be read as a whole (a CSV header that cannot be used, a damaged gzip stream): error.field names format or body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/keys": {
      "get": {
        "summary": "The project's active API keys; write keys whole, secret keys by a hint only.",
        "x-mutates-state": false,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "responses": {
          "200": {
            "description": "Active keys, oldest first.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "project": {
                      "type": "string"
                    },
                    "keys": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ApiKey"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "description": "A write key: managing keys needs the secret key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "summary": "Creates a write or secret key; the answer is the only one that holds a secret key whole.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "type": "string",
                    "enum": [
                      "write",
                      "secret"
                    ]
                  },
                  "label": {
                    "type": "string",
                    "description": "at most 128 bytes, no control characters"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new key, whole; it opens the project at once.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApiKey"
                }
              }
            }
          },
          "400": {
            "description": "error.field names kind, label or body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/keys/{id}": {
      "delete": {
        "summary": "Revokes a key: from then on it opens nothing. A project keeps one secret key at least.",
        "x-mutates-state": true,
        "security": [
          {
            "secretKey": []
          },
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/project"
          },
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "the key's id (GET /api/v1/keys)",
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Revoked, with the time; the key is kept in meta.db so that its id is never reused.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ApiKey"
                }
              }
            }
          },
          "400": {
            "description": "error.field is id.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "description": "The project has no such active key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "failed_precondition: the project's last secret key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/projects/{project}": {
      "delete": {
        "summary": "Deletes a project, its keys and its data (operator only; not the default project).",
        "x-mutates-state": true,
        "security": [
          {}
        ],
        "parameters": [
          {
            "name": "project",
            "in": "path",
            "required": true,
            "description": "the project's name or id",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Deleted: nothing finds it from now on, its keys open nothing, its name is free; its files are removed when the server next opens the data directory.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "deleted": {
                      "type": "object",
                      "properties": {
                        "id": {
                          "type": "integer"
                        },
                        "name": {
                          "type": "string"
                        },
                        "time_zone": {
                          "type": "string"
                        },
                        "created": {
                          "type": "string",
                          "format": "date-time"
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "403": {
            "description": "Not the operator: a key was sent, the peer is not on the loopback interface, or server.require_auth is true.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "description": "failed_precondition: the default project cannot be deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  }
}
)openapi";
  return kDocument;
}

}  // namespace growloop
