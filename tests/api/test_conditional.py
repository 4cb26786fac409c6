"""Caching: ETag and Last-Modified on every GET, 304 for a current copy, Cache-Control that lets
a proxy keep open data (and not confidential data)."""

from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils.http import http_date

from ladder.models import Framework
from tests.api.paths import EVERY_GET


@pytest.mark.parametrize("path", EVERY_GET)
def test_every_get_has_validators_and_honours_if_none_match(api: Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('W/"')
    framework = Framework.objects.get()
    assert response["Last-Modified"] == http_date(framework.loaded_at.timestamp())
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Accept" in response["Vary"]
    assert response["X-Ladder-Data-Version"] == framework.data_version

    again = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=300"

    head = api.head(path, HTTP_IF_NONE_MATCH=etag)
    assert head.status_code == 304


def test_if_none_match_accepts_lists_strong_forms_and_star(api: Client) -> None:
    etag = api.get("/api/v1/roles/")["ETag"]
    strong = etag.removeprefix("W/")
    assert api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=strong).status_code == 304
    assert api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200
    assert api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH="garbage").status_code == 200


def test_if_modified_since(api: Client) -> None:
    last_modified = api.get("/api/v1/roles/")["Last-Modified"]
    assert api.get("/api/v1/roles/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert (
        api.get(
            "/api/v1/roles/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT"
        ).status_code
        == 200
    )
    assert api.get("/api/v1/roles/", HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    response = api.get(
        "/api/v1/roles/", HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=last_modified
    )
    assert response.status_code == 200


def test_etag_depends_on_the_request_and_its_format(api: Client) -> None:
    requests: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/bands/", {}),
        ("/api/v1/bands/?format=csv", {}),
        ("/api/v1/bands/", {"HTTP_ACCEPT": "text/csv"}),
        ("/api/v1/bands/?region=us", {}),
        ("/api/v1/bands/?limit=5", {}),
    ]
    etags = {api.get(path, **headers)["ETag"] for path, headers in requests}
    assert len(etags) == 5
    # HEAD describes the GET's representation: same validator.
    assert api.head("/api/v1/bands/")["ETag"] == api.get("/api/v1/bands/")["ETag"]


def test_a_new_data_version_changes_every_etag(api: Client) -> None:
    before = api.get("/api/v1/roles/")["ETag"]
    Framework.objects.update(data_version="a-new-load")
    response = api.get("/api/v1/roles/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before
    assert response["X-Ladder-Data-Version"] == "a-new-load"


@override_settings(LADDER_API_REQUIRE_KEY=True, LADDER_API_KEYS=["secret-key"])
def test_confidential_answers_are_private(api: Client) -> None:
    response = api.get("/api/v1/bands/", HTTP_AUTHORIZATION="Bearer secret-key")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert {"Accept", "Authorization", "X-API-Key"} <= {
        v.strip() for v in response["Vary"].split(",")
    }


def test_errors_are_not_marked_cacheable(api: Client) -> None:
    response = api.get("/api/v1/roles/nope/")
    assert response.status_code == 404
    assert not response.has_header("ETag")
    assert not response.has_header("Cache-Control")
    assert response.has_header("X-Ladder-Data-Version")


STORED = "/api/v1/positions/technical-product-manager.p3/"


def test_a_revalidation_reads_the_version_alone_and_a_stale_copy_the_document_with_it(
    api: Client, django_assert_num_queries
) -> None:
    etag = api.get(STORED)["ETag"]
    with django_assert_num_queries(1):  # the version: nothing else for a 304
        assert api.get(STORED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_num_queries(2):  # the version, then the document with its version
        stale = api.get(STORED, HTTP_IF_NONE_MATCH='W/"stale"')
    assert stale.status_code == 200
    assert stale["ETag"] == etag


def test_validators_follow_the_version_the_document_was_read_with(
    api: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A load commits between a revalidation's two reads: the first sees the version before it,
    # the document comes with the new one, which is the version the client already holds.
    current = api.get(STORED)
    monkeypatch.setattr("ladder.api.conditional.framework_state", lambda: ("before-the-load", None))
    again = api.get(STORED, HTTP_IF_NONE_MATCH=current["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == current["ETag"]
    assert again["X-Ladder-Data-Version"] == current["X-Ladder-Data-Version"]
