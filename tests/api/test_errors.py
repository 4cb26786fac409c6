"""Every error under /api/ is problem+json (RFC 9457) — never an HTML page, never a 500."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.api.paths import EVERY_GET

PROBLEM = "application/problem+json"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/roles/no-such-role/",
        "/api/v1/levels/p9/",
        "/api/v1/scales/nope/",
        "/api/v1/positions/product-manager.tpm-ii/",
        "/api/v1/bands/product-manager.p3.us.eur.base-salary/",
        "/api/v1/bands/not-a-band-id/",
        "/api/v1/sources/nope/",
        "/api/v1/no-such-resource/",
        "/api/v2/",
        "/api/v1/roles/has%20space/",
    ],
)
def test_unknown_resources_are_404_problems(api: Client, path: str) -> None:
    body = problem(api.get(path), 404)
    assert body["instance"].startswith("/api/")


def test_an_unknown_item_says_where_to_look(api: Client) -> None:
    body = problem(api.get("/api/v1/roles/no-such-role/"), 404)
    assert body["detail"] == "No role 'no-such-role'. The list at /api/v1/roles/ names every role."


@pytest.mark.parametrize(
    ("path", "name", "valid"),
    [
        ("/api/v1/bands/?region=mars", "region", ["us", "global"]),
        ("/api/v1/bands/?currency=EUR", "currency", ["USD"]),
        (
            "/api/v1/bands/?basis=hourly",
            "basis",
            ["base-salary", "total-cash", "total-compensation"],
        ),
        ("/api/v1/bands/?role=", "role", None),
        ("/api/v1/positions/?level=p9", "level", None),
        ("/api/v1/positions/?role=astronaut", "role", None),
        ("/api/v1/positions/?scale=z", "scale", ["p", "tpm-titles"]),
    ],
)
def test_bad_filter_values_name_the_parameter_and_the_valid_values(
    api: Client, path: str, name: str, valid: list[str] | None
) -> None:
    body = problem(api.get(path), 400)
    [param] = body["invalid_params"]
    assert param["name"] == name
    assert name in body["detail"]
    if valid is not None:
        assert param["valid"] == valid
    else:
        assert len(param["valid"]) >= 3


def test_several_bad_filters_are_reported_at_once(api: Client) -> None:
    body = problem(api.get("/api/v1/bands/?region=mars&level=p9&limit=0"), 400)
    # Paging is checked after the filters: the filters are reported together.
    assert [p["name"] for p in body["invalid_params"]] == ["level", "region"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=-1",
        "limit=0",
        "limit=1001",
        "limit=abc",
        "limit=1_0",
        "limit=%EF%BC%91",
        "offset=-5",
        "offset=99999999999",
    ],
)
def test_bad_paging_is_a_400_problem(api: Client, query: str) -> None:
    body = problem(api.get(f"/api/v1/roles/?{query}"), 400)
    assert body["invalid_params"][0]["name"] == query.split("=")[0]


@pytest.mark.parametrize(
    ("path", "headers", "name"),
    [
        ("/api/v1/bands/?format=xml", {}, "format"),
        ("/api/v1/roles/?format=csv", {}, "format"),
        ("/api/v1/positions/technical-product-manager.p3/?format=csv", {}, "format"),
        ("/api/v1/roles/", {"HTTP_ACCEPT": "text/csv"}, "Accept"),
        ("/api/v1/bands/", {"HTTP_ACCEPT": "application/xml"}, "Accept"),
        ("/api/v1/", {"HTTP_ACCEPT": "text/html"}, "Accept"),
    ],
)
def test_unsupported_formats_are_406_problems_listing_the_formats(
    api: Client, path: str, headers: dict[str, Any], name: str
) -> None:
    body = problem(api.get(path, **headers), 406)
    [param] = body["invalid_params"]
    assert param["name"] == name
    assert param["valid"] in (
        ["json"],
        ["json", "csv"],
        ["application/json"],
        ["application/json", "text/csv"],
    )


def test_format_wins_over_a_browser_accept_header(api: Client) -> None:
    response = api.get("/api/v1/bands/?format=csv", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/api/v1/roles/", "/api/v1/roles/product-manager/", "/api/v1/export/"]
)
def test_the_api_is_read_only(api: Client, method: str, path: str) -> None:
    body = problem(getattr(api, method)(path, data="{}", content_type="application/json"), 405)
    assert "read-only" in body["detail"]


def test_405_says_what_is_allowed(api: Client) -> None:
    response = api.post("/api/v1/bands/")
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api-anonymous": "3/minute", "api-key": "5/minute"},
    }
)
def test_throttled_clients_get_a_429_problem_with_retry_after(api: Client) -> None:
    for _ in range(3):
        assert api.get("/api/v1/roles/").status_code == 200
    response = api.get("/api/v1/levels/")
    body = problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in body["detail"]
    # Another client (IP address) has its own budget.
    assert api.get("/api/v1/roles/", REMOTE_ADDR="10.0.0.9").status_code == 200


@override_settings(
    LADDER_API_KEYS=["key-a"],
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api-anonymous": "1/minute", "api-key": "3/minute"},
    },
)
def test_a_key_has_its_own_budget(api: Client) -> None:
    assert api.get("/api/v1/roles/").status_code == 200
    assert api.get("/api/v1/roles/").status_code == 429
    for _ in range(3):
        assert api.get("/api/v1/roles/", HTTP_X_API_KEY="key-a").status_code == 200
    assert api.get("/api/v1/roles/", HTTP_X_API_KEY="key-a").status_code == 429


def test_a_forwarded_for_header_does_not_escape_the_throttle(api: Client) -> None:
    with override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"api-anonymous": "1/minute"},
        }
    ):
        assert api.get("/api/v1/roles/").status_code == 200
        assert api.get("/api/v1/roles/", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/search/",
        "/api/v1/search/?q=",
        "/api/v1/search/?q=%20%20",
        "/api/v1/search/?q=%00",
        "/api/v1/search/?q=roadmap&limit=0",
        "/api/v1/titles/resolve/",
        "/api/v1/titles/resolve/?title=",
        "/api/v1/titles/resolve/?title=" + "x" * 201,
    ],
)
def test_missing_or_bad_free_text_is_a_400_problem(api: Client, path: str) -> None:
    problem(api.get(path), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/search/?q=%00roadmap%00",
        "/api/v1/search/?q=" + "%E2%80%94" * 60,
        "/api/v1/search/?q=%27%3B--",
        "/api/v1/titles/resolve/?title=%00TPM",
        "/api/v1/titles/resolve/?title=%F0%9F%98%80",
        "/api/v1/bands/?region=%00",
        "/api/v1/positions/?level=%00&role=%FF",
        "/api/v1/levels/%00/",
        "/api/v1/bands/a.b.c.d.e/",
        "/api/v1/roles/?offset=2147483647",
    ],
)
def test_strange_input_never_causes_a_server_error(api: Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code < 500
    assert response["Content-Type"] in {"application/json", PROBLEM}


@pytest.mark.parametrize("path", [p for p in EVERY_GET if "format=csv" not in p])
def test_options_describes_every_resource(api: Client, path: str) -> None:
    response = api.options(path)
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_server_error_is_a_problem_too(api: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("roles.api.roles_shaped", broken)
    api.raise_request_exception = False
    body = problem(api.get("/api/v1/roles/"), 500)
    assert "boom" not in body["detail"]
