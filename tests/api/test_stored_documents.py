"""The documents built at load time are exactly what the views would build live, for whoever
calls; a load or an edit that changes content replaces every one of them."""

from pathlib import Path

import pytest
import yaml
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ladder.api.stored import (
    EXPORT_KEY,
    POSITION_COUNT_KEY,
    RUN,
    RUN_SEPARATOR,
    CurrentStored,
    csv_key,
    item_key,
    position_key,
    read_current_stored,
    read_stored_rows,
    run_key,
    stored_version,
)
from ladder.content_edits import mark_content_edited
from ladder.loader import load_ladder
from ladder.models import Framework, StoredDocument
from roles.models import Position
from tests.factories import build_role_with_ladder

P3 = "/api/v1/positions/technical-product-manager.p3/"
API_LIST_QUERIES = 1  # the data version, the stored count and the page's items, together
STORED_PATHS = [
    P3,
    "/api/v1/positions/technical-product-manager.tpm-ii/",
    "/api/v1/positions/?limit=5",
    "/api/v1/positions/?limit=3&offset=4",
    "/api/v1/positions/",
    "/api/v1/positions/?offset=15",  # the last page, shorter than its limit
    "/api/v1/positions/?offset=17",  # just past the end: an empty page
    "/api/v1/positions/?offset=500",
    "/api/v1/positions/?role=product-manager&level=p4",
    "/api/v1/positions/?scale=tpm-titles&limit=1000",
    "/api/v1/positions/?format=csv",
    "/api/v1/bands/?format=csv",
    "/api/v1/export/",
]


def answers(client: Client) -> list[tuple[int, str, str | None, bytes]]:
    result = []
    for path in STORED_PATHS:
        response = client.get(path)
        result.append(
            (
                response.status_code,
                response["Content-Type"],
                response.get("Content-Disposition"),
                response.content,
            )
        )
    return result


def current_version() -> str:
    return Framework.objects.get().data_version


@pytest.mark.parametrize("host", ["testserver", "localhost:8443"])
def test_stored_answers_are_the_live_answers_byte_for_byte(db: None, host: str) -> None:
    client = Client(HTTP_HOST=host)
    stored = answers(client)
    with transaction.atomic():
        StoredDocument.objects.all().delete()
        live = answers(client)
        transaction.set_rollback(True)
    assert [status for status, *_ in stored] == [200] * len(STORED_PATHS)
    assert stored == live
    # The caller's own origin is in every link, and the placeholder is nowhere.
    for _, _, _, body in stored:
        assert b"\\u0000" not in body
        assert b"\x00" not in body
    assert f"http://{host}/api/v1/".encode() in stored[0][3]


ACROSS_RUNS = [
    "/api/v1/positions/",
    "/api/v1/positions/?limit=20",
    "/api/v1/positions/?limit=20&offset=20",
    "/api/v1/positions/?limit=2&offset=19",  # the end of one run and the start of the next
    "/api/v1/positions/?limit=25&offset=10",
    "/api/v1/positions/?limit=45&offset=1",  # three runs
    "/api/v1/positions/?limit=1000",
    "/api/v1/positions/?offset=31",
]


def test_pages_across_the_lists_runs_are_the_live_pages(db: None, settings) -> None:
    for _ in range(3):  # 17 + 15 positions: two runs and a part
        build_role_with_ladder()
    mark_content_edited()
    middleware = "ladder.stored_answers.StoredAnswerMiddleware"
    stored = [Client().get(path) for path in ACROSS_RUNS]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != middleware]
    through_drf = [Client().get(path) for path in ACROSS_RUNS]
    with transaction.atomic():
        StoredDocument.objects.all().delete()
        live = [Client().get(path) for path in ACROSS_RUNS]
        transaction.set_rollback(True)
    for path, mine, drf, theirs in zip(ACROSS_RUNS, stored, through_drf, live, strict=True):
        assert mine.status_code == drf.status_code == theirs.status_code == 200, path
        assert mine.content == drf.content == theirs.content, path
    assert stored[-2].json()["count"] == 32
    assert [len(page.json()["results"]) for page in stored] == [32, 20, 12, 2, 22, 31, 32, 1]


def test_a_load_stores_every_document_of_its_version_and_nothing_else(db: None) -> None:
    keys = set(StoredDocument.objects.values_list("key", flat=True))
    positions = list(Position.objects.values_list("key", flat=True))
    assert keys == {
        *(position_key(key) for key in positions),
        *(item_key(key) for key in positions),
        *(run_key(run) for run in range(-(-len(positions) // RUN))),
        EXPORT_KEY,
        POSITION_COUNT_KEY,
        csv_key("ladder-bands.csv"),
        csv_key("ladder-positions.csv"),
    }
    assert set(StoredDocument.objects.values_list("data_version", flat=True)) == {
        stored_version(current_version())
    }


def test_the_lists_runs_hold_its_items_in_its_order(db: None) -> None:
    for _ in range(3):  # more than one run
        build_role_with_ladder()
    mark_content_edited()
    documents = dict(StoredDocument.objects.values_list("key", "body"))
    in_runs = [
        item
        for run in range(-(-Position.objects.count() // RUN))
        for item in bytes(documents[run_key(run)]).split(RUN_SEPARATOR)
    ]
    keys = Position.objects.ladder_order().values_list("key", flat=True)
    assert in_runs == [bytes(documents[item_key(key)]) for key in keys]
    assert int(bytes(documents[POSITION_COUNT_KEY])) == len(in_runs) > RUN  # runs of 20 and less


def test_a_load_that_changes_content_replaces_every_document(
    api: Client, fixtures_copy: Path
) -> None:
    before = {row.key: bytes(row.body) for row in StoredDocument.objects.all()}
    old_version = current_version()
    role_file = fixtures_copy / "roles" / "product-manager.yaml"
    data = yaml.safe_load(role_file.read_text())
    data["name"] = "Product Manager (renamed in a test)"
    role_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    load_ladder(paths=[fixtures_copy])

    assert current_version() != old_version
    assert not StoredDocument.objects.filter(data_version=stored_version(old_version)).exists()
    after = {row.key: bytes(row.body) for row in StoredDocument.objects.all()}
    assert after.keys() == before.keys()
    renamed = b"Product Manager (renamed in a test)"
    assert renamed in after[position_key("product-manager.p3")]
    assert renamed in after[EXPORT_KEY]
    assert renamed not in before[EXPORT_KEY]
    assert renamed in api.get("/api/v1/positions/product-manager.p3/").content
    assert renamed in api.get("/api/v1/export/").content


def test_an_unchanged_load_keeps_the_documents_and_rebuilds_missing_ones(db: None) -> None:
    ids = set(StoredDocument.objects.values_list("id", flat=True))
    load_ladder()
    assert set(StoredDocument.objects.values_list("id", flat=True)) == ids
    StoredDocument.objects.all().delete()
    load_ladder()
    stored = StoredDocument.objects.filter(data_version=stored_version(current_version()))
    assert stored.count() == len(ids)


def test_an_edit_rebuilds_the_documents_under_its_new_version(api: Client) -> None:
    position = Position.objects.get(key="technical-product-manager.p3")
    position.summary = "Edited in the admin."
    position.save()
    version = mark_content_edited()
    assert set(StoredDocument.objects.values_list("data_version", flat=True)) == {
        stored_version(version)
    }
    assert api.get(P3).json()["summary"] == "Edited in the admin."


def test_documents_of_another_version_are_never_served(api: Client) -> None:
    StoredDocument.objects.filter(key=position_key("technical-product-manager.p3")).update(
        data_version="some-other-version", body=b'{"stale": true}'
    )
    assert "stale" not in api.get(P3).json()


def test_documents_of_another_build_are_never_served(api: Client, monkeypatch) -> None:
    """A deploy that changes code, templates or static files without a load: the stored bytes
    of the old build are not the new build's, so they are rendered live until the next load."""
    StoredDocument.objects.filter(key=position_key("technical-product-manager.p3")).update(
        body=b'{"stale": true}'
    )
    assert "stale" in api.get(P3).json()
    monkeypatch.setattr("ladder.api.stored.build_fingerprint", lambda: "anotherbuild")
    assert "stale" not in api.get(P3).json()
    load_ladder()  # the same content: the new build stores its own documents
    assert set(StoredDocument.objects.values_list("data_version", flat=True)) == {
        f"{current_version()}+anotherbuild"
    }


def test_a_page_of_the_list_reads_its_own_places_whatever_the_size(
    api: Client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(API_LIST_QUERIES) as small:
        api.get("/api/v1/positions/?limit=2&offset=3")
    for _ in range(10):
        build_role_with_ladder()
    mark_content_edited()
    with django_assert_num_queries(API_LIST_QUERIES) as large:
        page = api.get("/api/v1/positions/?limit=2&offset=3").json()
    assert page["count"] == Position.objects.count()
    assert [item["key"] for item in page["results"]] == list(
        Position.objects.ladder_order().values_list("key", flat=True)[3:5]
    )
    read = [q["sql"] for q in large.captured_queries if "ladder_storeddocument" in q["sql"]]
    assert len(read) == len(
        [q for q in small.captured_queries if "ladder_storeddocument" in q["sql"]]
    )
    assert all("keys:positions" not in sql for sql in read)


def test_the_version_comes_with_what_is_stored_under_the_keys_asked_for(db: None) -> None:
    framework = Framework.objects.get()
    document = position_key("technical-product-manager.p3")
    with CaptureQueriesContext(connection) as queries:
        current = read_current_stored([document, "missing", document])
    assert len(queries) == 1
    assert (current.data_version, current.loaded_at) == (
        framework.data_version,
        framework.loaded_at,
    )
    assert list(current.stored) == [document]
    assert current.stored == read_stored_rows(framework.data_version, [document])
    # None of them stored: the version still comes back, from the same statement.
    nothing = read_current_stored(["missing"])
    assert (nothing.data_version, nothing.stored) == (framework.data_version, {})
    Framework.objects.all().delete()
    assert read_current_stored([document]) == CurrentStored("empty", None, {})
