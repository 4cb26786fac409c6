"""The OpenAPI document: valid, warning-free, and declaring every answer the API can give."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

OPERATIONS = {
    "/api/v1/",
    "/api/v1/roles/",
    "/api/v1/roles/{slug}/",
    "/api/v1/scales/",
    "/api/v1/scales/{slug}/",
    "/api/v1/levels/",
    "/api/v1/levels/{code}/",
    "/api/v1/positions/",
    "/api/v1/positions/{key}/",
    "/api/v1/bands/",
    "/api/v1/bands/{id}/",
    "/api/v1/sources/",
    "/api/v1/sources/{slug}/",
    "/api/v1/search/",
    "/api/v1/titles/resolve/",
    "/api/v1/export/",
    "/api/v1/compare/",
}


def test_spectacular_validates_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


@pytest.fixture
def document(api: Client) -> dict:
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_served_document_is_the_generated_one(document: dict) -> None:
    generated = OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True))
    assert document == json.loads(generated)


def test_every_resource_is_documented_and_read_only(document: dict) -> None:
    assert set(document["paths"]) == OPERATIONS
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path


def test_every_operation_declares_its_answers(document: dict) -> None:
    for path, operations in document["paths"].items():
        responses = operations["get"]["responses"]
        codes = set(responses)
        assert {"200", "304", "401", "406", "429"} <= codes, path
        if "{" in path:
            assert "404" in codes, path
        if path not in {"/api/v1/", "/api/v1/export/"} and "{" not in path:
            assert "400" in codes, path
        for code in codes - {"200", "304"}:
            assert list(responses[code]["content"]) == ["application/problem+json"], (path, code)
        assert {"ETag", "Last-Modified", "Cache-Control", "X-Ladder-Data-Version"} <= set(
            responses["200"]["headers"]
        )
        assert "Retry-After" in responses["429"]["headers"]


def test_csv_is_documented_where_it_exists(document: dict) -> None:
    for path in ("/api/v1/bands/", "/api/v1/positions/"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert set(content) == {"application/json", "text/csv"}
        assert content["text/csv"]["schema"] == {"type": "string"}
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert {"format", "limit", "offset", "role", "level"} <= names


def test_filters_and_lookups_are_described(document: dict) -> None:
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/bands/"]["get"]["parameters"]}
    assert parameters["basis"]["schema"]["enum"] == [
        "base-salary",
        "total-cash",
        "total-compensation",
    ]
    assert parameters["region"]["example"] == "us"
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    [key] = document["paths"]["/api/v1/positions/{key}/"]["get"]["parameters"][:1]
    assert key["schema"]["pattern"] == "^[-a-zA-Z0-9_.]+$"
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "instance"}
