"""Access: open by default; one setting makes reads require an API key."""

from typing import Any

import pytest
from django.test import Client, override_settings

KEY = "k-0123456789"


def test_reads_are_open_by_default(api: Client) -> None:
    assert api.get("/api/v1/bands/").status_code == 200


def test_credentials_are_ignored_while_no_keys_are_configured(api: Client) -> None:
    assert api.get("/api/v1/bands/", HTTP_AUTHORIZATION="Bearer anything").status_code == 200


@override_settings(LADDER_API_KEYS=[KEY])
def test_a_wrong_key_fails_loudly_even_when_reads_are_open(api: Client) -> None:
    assert api.get("/api/v1/bands/").status_code == 200
    assert api.get("/api/v1/bands/", HTTP_X_API_KEY=KEY).status_code == 200
    assert api.get("/api/v1/bands/", HTTP_X_API_KEY="wrong").status_code == 401


class TestKeyRequired:
    @pytest.fixture(autouse=True)
    def require_key(self, settings: Any) -> None:
        settings.LADDER_API_REQUIRE_KEY = True
        settings.LADDER_API_KEYS = [KEY, "second-key"]

    @pytest.mark.parametrize(
        "path", ["/api/v1/", "/api/v1/bands/", "/api/v1/export/", "/api/v1/roles/x/"]
    )
    def test_without_a_key_every_resource_is_a_401_problem(self, api: Client, path: str) -> None:
        response = api.get(path)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"] == 'Bearer realm="ladder"'
        assert "API key" in response.json()["detail"]

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_AUTHORIZATION": f"Bearer {KEY}"},
            {"HTTP_AUTHORIZATION": "bearer second-key"},
            {"HTTP_X_API_KEY": KEY},
        ],
    )
    def test_a_valid_key_reads(self, api: Client, headers: dict[str, Any]) -> None:
        assert api.get("/api/v1/bands/", **headers).status_code == 200

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_AUTHORIZATION": "Bearer nope"},
            {"HTTP_AUTHORIZATION": f"Basic {KEY}"},
            {"HTTP_X_API_KEY": KEY + "x"},
        ],
    )
    def test_a_wrong_key_is_refused(self, api: Client, headers: dict[str, Any]) -> None:
        assert api.get("/api/v1/bands/", **headers).status_code == 401

    def test_no_304_without_a_key(self, api: Client) -> None:
        etag = api.get("/api/v1/bands/", HTTP_X_API_KEY=KEY)["ETag"]
        assert api.get("/api/v1/bands/", HTTP_IF_NONE_MATCH=etag).status_code == 401
        assert (
            api.get("/api/v1/bands/", HTTP_IF_NONE_MATCH=etag, HTTP_X_API_KEY=KEY).status_code
            == 304
        )

    def test_the_schema_and_docs_stay_public_and_require_the_key(self, api: Client) -> None:
        schema = api.get("/api/schema/?format=json").json()
        operation = schema["paths"]["/api/v1/bands/"]["get"]
        assert operation["security"] == [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}]
        assert api.get("/api/docs/").status_code == 200


def test_the_schema_declares_the_key_as_optional_while_reads_are_open(api: Client) -> None:
    schema = api.get("/api/schema/?format=json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKeyBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["ApiKeyBearer"]["description"],
    }
    assert schemes["ApiKeyHeader"]["in"] == "header"
    assert schemes["ApiKeyHeader"]["name"] == "X-API-Key"
    operation = schema["paths"]["/api/v1/bands/"]["get"]
    assert operation["security"] == [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}, {}]


@override_settings(CORS_ALLOWED_ORIGINS=["https://hris.example.com"])
def test_cors_allows_configured_origins_only(api: Client) -> None:
    allowed = api.get("/api/v1/roles/", HTTP_ORIGIN="https://hris.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://hris.example.com"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = api.get("/api/v1/roles/", HTTP_ORIGIN="https://evil.example.com")
    assert not other.has_header("Access-Control-Allow-Origin")


def test_cors_is_off_by_default(api: Client) -> None:
    response = api.get("/api/v1/roles/", HTTP_ORIGIN="https://hris.example.com")
    assert not response.has_header("Access-Control-Allow-Origin")
