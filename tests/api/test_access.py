"""Access: open by default; one setting makes reads require an API key."""

import os
import re
import subprocess
import sys
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, override_settings

from ladder.response_cache import ResponseCache
from tests.api.paths import EVERY_GET

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


# --- Every operation in the OpenAPI document, and revoked keys ----------------------------------

REVOKED = "k-revoked-0123456789"


def schema_operations(client: Client) -> list[tuple[str, str, list[str]]]:
    """(method, path template, real URLs from EVERY_GET) for each operation the schema lists."""
    schema = client.get("/api/schema/?format=json", HTTP_X_API_KEY=KEY).json()
    operations = []
    for template, methods in schema["paths"].items():
        parts = re.split(r"\{[^}]+\}", template)  # /api/v1/roles/{slug}/ -> literal parts
        pattern = re.compile("[^/?]+".join(map(re.escape, parts)) + r"(\?.*)?")
        urls = [url for url in EVERY_GET if pattern.fullmatch(url)]
        operations += [(method, template, urls) for method in methods]
    return operations


class TestEveryOperation:
    @pytest.fixture(autouse=True)
    def require_key(self, settings: Any) -> None:
        settings.LADDER_API_REQUIRE_KEY = True
        settings.LADDER_API_KEYS = [KEY, REVOKED]
        settings.LADDER_API_REVOKED_KEYS = [REVOKED]

    @pytest.fixture
    def operations(self, api: Client) -> list[tuple[str, str, list[str]]]:
        operations = schema_operations(api)
        assert len(operations) >= 17
        missing = [template for _, template, urls in operations if not urls]
        assert not missing, f"add a real URL for these to tests/api/paths.py: {missing}"
        return operations

    def test_without_a_key_every_operation_is_a_401_problem(
        self, api: Client, operations: list[tuple[str, str, list[str]]]
    ) -> None:
        for method, _, urls in operations:
            for url in urls:
                response = api.generic(method.upper(), url)
                assert response.status_code == 401, url
                assert response["Content-Type"] == "application/problem+json", url
                assert response["WWW-Authenticate"] == 'Bearer realm="ladder"'
                assert response.json()["status"] == 401

    @pytest.mark.parametrize("header", ["HTTP_X_API_KEY", "HTTP_AUTHORIZATION"])
    def test_a_revoked_key_gets_a_401_that_says_so_from_every_operation(
        self, api: Client, operations: list[tuple[str, str, list[str]]], header: str
    ) -> None:
        credentials: dict[str, Any] = {
            header: REVOKED if header == "HTTP_X_API_KEY" else f"Bearer {REVOKED}"
        }
        for method, _, urls in operations:
            for url in urls:
                response = api.generic(method.upper(), url, **credentials)
                assert response.status_code == 401, url
                assert response["Content-Type"] == "application/problem+json", url
                assert "revoked" in response.json()["detail"], url

    def test_a_valid_key_reads_every_operation(
        self, api: Client, operations: list[tuple[str, str, list[str]]]
    ) -> None:
        for method, _, urls in operations:
            for url in urls:
                response = api.generic(method.upper(), url, HTTP_AUTHORIZATION=f"Bearer {KEY}")
                assert response.status_code == 200, (url, response.content[:300])


def test_a_revoked_key_is_refused_even_while_reads_are_open(api: Client, settings: Any) -> None:
    settings.LADDER_API_KEYS = [KEY]
    settings.LADDER_API_REVOKED_KEYS = [REVOKED]
    assert api.get("/api/v1/roles/").status_code == 200
    response = api.get("/api/v1/roles/", HTTP_X_API_KEY=REVOKED)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_key_only_removed_from_the_list_is_merely_not_valid(api: Client, settings: Any) -> None:
    settings.LADDER_API_REQUIRE_KEY = True
    settings.LADDER_API_KEYS = [KEY]
    response = api.get("/api/v1/roles/", HTTP_X_API_KEY=REVOKED)
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key is not valid."


def test_revocation_takes_effect_on_the_next_request_through_the_response_cache(
    settings: Any, in_process_wsgi: None
) -> None:
    settings.LADDER_RESPONSE_CACHE = True
    settings.LADDER_API_REQUIRE_KEY = True
    settings.LADDER_API_KEYS = [KEY, REVOKED]
    caches["responses"].clear()
    app = ResponseCache(WSGIHandler())

    def status_for(key: str) -> str:
        environ: dict = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/api/v1/roles/",
            "QUERY_STRING": "",
            "HTTP_X_API_KEY": key,
        }
        setup_testing_defaults(environ)
        environ["SERVER_NAME"] = "testserver"
        answer: dict = {}
        b"".join(app(environ, lambda status, headers, exc_info=None: answer.update(s=status)))
        return answer["s"]

    assert status_for(REVOKED).startswith("200")
    assert status_for(REVOKED).startswith("200")
    settings.LADDER_API_REVOKED_KEYS = [REVOKED]
    assert status_for(REVOKED).startswith("401")
    assert status_for(KEY).startswith("200")


def test_a_required_key_with_every_key_revoked_refuses_to_start() -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_API_")}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "ladder.settings",
            "LADDER_API_REQUIRE_KEY": "true",
            "LADDER_API_KEYS": f"{REVOKED}",
            "LADDER_API_REVOKED_KEYS": f"{REVOKED}",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "holds no key that is not revoked" in result.stderr
