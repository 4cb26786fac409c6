"""The fixed pages the loader stores are exactly the pages the views render live; a query string
always reaches the view; a load or an edit that changes content replaces every stored page; and
a stored page costs two queries whatever the size of the ladder."""

from pathlib import Path

import pytest
import yaml
from django.db import transaction
from django.test import Client

from ladder.api.stored import stored_version
from ladder.content_edits import mark_content_edited
from ladder.loader import load_ladder
from ladder.models import Framework, StoredDocument
from ladder.stored_pages import page_key
from roles.models import Position, Role
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db
TPM = "technical-product-manager"
FIXED = ["/", "/roles/", "/levels/", "/compensation/", "/sources/", "/search/", "/compare/"]
STORED_PAGE_QUERIES = 1  # the data version and the page, in one statement


@pytest.fixture
def stored_pages(settings) -> None:
    """Pages stored, as in production: turn them on and store the current version's."""
    settings.LADDER_STORED_PAGES = True
    mark_content_edited()


def every_page() -> list[str]:
    roles = [f"/roles/{slug}/" for slug in Role.objects.values_list("slug", flat=True)]
    positions = [
        f"/roles/{role}/{level}/"
        for role, level in Position.objects.values_list("role__slug", "level__slug")
    ]
    return FIXED + roles + positions


def stored_keys() -> set[str]:
    return set(StoredDocument.objects.filter(key__startswith="page:").values_list("key", flat=True))


def test_every_fixed_page_is_stored_and_is_the_live_page_byte_for_byte(
    client: Client, stored_pages: None, settings
) -> None:
    paths = every_page()
    assert stored_keys() == {page_key(path) for path in paths}
    stored = [client.get(path) for path in paths]
    settings.LADDER_STORED_PAGES = False
    live = [client.get(path) for path in paths]
    for path, mine, theirs in zip(paths, stored, live, strict=True):
        assert mine.status_code == theirs.status_code == 200, path
        assert mine["Content-Type"] == theirs["Content-Type"], path
        assert mine.content == theirs.content, path


@pytest.mark.parametrize("path", ["/", f"/roles/{TPM}/", f"/roles/{TPM}/tpm-ii/", "/levels/"])
def test_a_stored_page_costs_one_query_at_any_size(
    client: Client, stored_pages: None, django_assert_num_queries, path: str
) -> None:
    with django_assert_num_queries(STORED_PAGE_QUERIES):
        small = client.get(path)
    for _ in range(10):
        build_role_with_ladder()
    mark_content_edited()
    with django_assert_num_queries(STORED_PAGE_QUERIES):
        large = client.get(path)
    assert small.status_code == large.status_code == 200
    if path == "/":
        assert len(large.content) > len(small.content)  # the new roles are on it


def test_a_query_string_reaches_the_view(
    client: Client, stored_pages: None, django_assert_max_num_queries
) -> None:
    page = client.get("/search/?q=roadmap")
    assert page.status_code == 200
    assert b"<mark>" in page.content  # results: not the stored empty form
    with django_assert_max_num_queries(STORED_PAGE_QUERIES) as captured:
        client.get("/search/")
    assert any("ladder_storeddocument" in q["sql"] for q in captured.captured_queries)


def test_a_missing_page_is_rendered_live(client: Client, stored_pages: None) -> None:
    path = f"/roles/{TPM}/p3/"
    stored = client.get(path).content
    StoredDocument.objects.filter(key=page_key(path)).delete()
    assert client.get(path).content == stored


def test_a_page_of_another_version_is_never_served(client: Client, stored_pages: None) -> None:
    path = f"/roles/{TPM}/"
    StoredDocument.objects.filter(key=page_key(path)).update(body=b"stale")
    with transaction.atomic():
        Framework.objects.update(data_version="someotherversion")
        assert client.get(path).content != b"stale"
        transaction.set_rollback(True)
    assert client.get(path).content == b"stale"  # the store is what was served before


def test_a_load_that_changes_content_replaces_every_page(
    client: Client, settings, fixtures_copy: Path
) -> None:
    settings.LADDER_STORED_PAGES = True
    role_file = fixtures_copy / "roles" / f"{TPM}.yaml"
    data = yaml.safe_load(role_file.read_text())
    data["positions"][0]["summary"] = "A summary only the second load knows."
    role_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    load_ladder()  # the shipped content: pages stored for its version
    before = Framework.objects.get().data_version
    first = data["positions"][0]["level"]
    path = f"/roles/{TPM}/{first}/"
    assert b"only the second load knows" not in client.get(path).content

    load_ladder(paths=[fixtures_copy])
    after = Framework.objects.get().data_version
    assert after != before
    assert b"only the second load knows" in client.get(path).content
    versions = StoredDocument.objects.filter(key__startswith="page:").values_list(
        "data_version", flat=True
    )
    assert set(versions) == {stored_version(after)}


def test_nothing_is_stored_when_stored_pages_are_off(settings) -> None:
    settings.LADDER_STORED_PAGES = False
    mark_content_edited()
    assert stored_keys() == set()


def test_a_load_before_collectstatic_stores_no_pages_and_succeeds(settings, monkeypatch) -> None:
    """Deployments may load content before collecting static files: pages rendered then would
    fail on their stylesheet link, so none is stored (and the next load stores them)."""
    settings.LADDER_STORED_PAGES = True
    monkeypatch.setattr("ladder.stored_pages.static_files_ready", lambda: False)
    mark_content_edited()
    assert stored_keys() == set()
    assert StoredDocument.objects.exists()  # the API's documents are stored all the same
    monkeypatch.undo()
    settings.LADDER_STORED_PAGES = True
    load_ladder()  # unchanged content, pages missing: stored now
    assert page_key("/") in stored_keys()
