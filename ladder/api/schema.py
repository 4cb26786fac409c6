"""drf-spectacular configuration: the conventions every operation shares are declared here once,
so the OpenAPI document states every status code the API can answer with."""

from copy import deepcopy
from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from ladder.api.access import API_KEY_HEADER, ApiKeyAuthentication
from ladder.query_strings import MAX_QUERY_STRING_BYTES

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "description": "A URI reference naming the problem type."},
        "title": {"type": "string", "example": "Invalid query parameter"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "example": 400},
        "detail": {"type": "string", "example": "region: 'mars' is not a known value"},
        "instance": {"type": "string", "example": "/api/v1/bands/?region=mars"},
        "invalid_params": {
            "type": "array",
            "description": "The query parameters (or `Accept`) that could not be answered.",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {
                    "name": {"type": "string", "example": "region"},
                    "reason": {"type": "string", "example": "'mars' is not a known value"},
                    "valid": {
                        "type": "array",
                        "items": {"type": "string"},
                        "example": ["us", "global"],
                    },
                },
            },
        },
    },
}

VALIDATOR_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "Weak validator of this representation (data version + request).",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When the content was loaded.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`public, max-age=…` while reads are open, `private, no-cache` otherwise.",
        "schema": {"type": "string"},
    },
    "X-Ladder-Data-Version": {
        "description": "Version of the loaded content; changes whenever the content does.",
        "schema": {"type": "string"},
    },
}

CONDITIONAL_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "An ETag from an earlier answer: 304 when it still matches.",
        "schema": {"type": "string"},
    },
    {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "description": "An HTTP date: 304 when the content has not been loaded since.",
        "schema": {"type": "string"},
    },
]


def _problem(description: str, **headers: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
    }
    if headers:
        response["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in headers.items()
        }
    return response


class LadderAutoSchema(AutoSchema):
    def get_auth(self) -> list[dict[str, Any]]:
        auths: list[dict[str, Any]] = super().get_auth()
        # Reads are open unless LADDER_API_REQUIRE_KEY: then a key is optional, not required.
        if not settings.LADDER_API_REQUIRE_KEY and {} not in auths:
            auths.append({})
        return auths

    def get_override_parameters(self) -> list[Any]:
        """The lookup of an item path, described with the view's `lookup_example` (so the docs
        and property-based tests start from a real item)."""
        parameters = list(super().get_override_parameters())
        example = getattr(self.view, "lookup_example", None)
        name = getattr(self.view, "lookup_url_kwarg", None) or getattr(
            self.view, "lookup_field", None
        )
        if example and name and f"{{{name}}}" in self.path:
            parameters.append(
                OpenApiParameter(
                    name,
                    str,
                    OpenApiParameter.PATH,
                    pattern=f"^{getattr(self.view, 'lookup_value_regex', '[^/]+')}$",
                    description=getattr(self.view, "lookup_description", ""),
                    examples=[OpenApiExample(example, value=example)],
                )
            )
        return parameters

    def get_tags(self) -> list[str]:
        tags = getattr(self.view, "schema_tags", None)
        return list(tags) if tags else super().get_tags()


def declare_api_conventions(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Postprocessing hook: add to every operation the answers every view can give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = deepcopy(
        PROBLEM_SCHEMA
    )
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method != "get":
                continue
            _declare_operation(path, operation)
    return result


def _declare_operation(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for code, response in responses.items():
        if code.startswith("2"):
            response.setdefault("headers", {}).update(deepcopy(VALIDATOR_HEADERS))
    parameters = operation.setdefault("parameters", [])
    names = {p["name"] for p in parameters}
    parameters.extend(deepcopy(p) for p in CONDITIONAL_PARAMETERS if p["name"] not in names)

    responses["304"] = {
        "description": "Not modified: the `If-None-Match`/`If-Modified-Since` copy is current.",
        "headers": deepcopy(VALIDATOR_HEADERS),
    }
    # Any operation: a parameter it does not take (ladder/api/parameters.py) or a query string
    # that is not text (ladder/query_strings.py); with parameters, a value it cannot answer for.
    responses.setdefault(
        "400",
        _problem(
            "A query parameter the operation does not take or that is given twice, a value it "
            "cannot answer for, or a query string that is not text; `invalid_params` names the "
            "parameter and lists the valid values (or the parameters the operation takes)."
        ),
    )
    responses["414"] = _problem(
        f"The query string is longer than {MAX_QUERY_STRING_BYTES:,} bytes."
    )
    responses["401"] = _problem(
        "An API key is required (LADDER_API_REQUIRE_KEY) and none, or a wrong one, was sent.",
        **{"WWW-Authenticate": "The scheme to use: Bearer."},
    )
    if "{" in path:
        responses["404"] = _problem("No such item.")
    responses["406"] = _problem("The `format` or `Accept` asked for is not available here.")
    responses["429"] = _problem(
        "Too many requests from this client.",
        **{"Retry-After": "Seconds to wait before trying again."},
    )
    operation["responses"] = dict(sorted(responses.items()))


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Declares both ways of sending a key; the schema marks them optional while reads are open
    (see LadderAutoSchema.get_auth)."""

    target_class = ApiKeyAuthentication
    name = ["ApiKeyBearer", "ApiKeyHeader"]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, Any]]:
        note = (
            "Needed only when the deployment sets LADDER_API_REQUIRE_KEY "
            "(companies whose pay data is confidential)."
        )
        return [
            {"type": "http", "scheme": "bearer", "description": note},
            {"type": "apiKey", "in": "header", "name": API_KEY_HEADER, "description": note},
        ]

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[str]]]:
        return [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}]
