"""The WSGI response cache: repeats cost one query, and nothing stored outlives a load."""

from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
import yaml
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from ladder.loader import load_ladder
from ladder.models import Framework
from ladder.response_cache import ResponseCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(settings, in_process_wsgi):
    settings.LADDER_RESPONSE_CACHE = True
    caches["responses"].clear()
    return ResponseCache(WSGIHandler())


def call(app, path: str = "/", method: str = "GET", **headers: str) -> tuple[str, dict, bytes]:
    path_info, _, query = path.partition("?")
    environ: dict = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        **headers,
    }
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    answer: dict = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_a_repeat_is_served_from_the_store_with_one_query(app, django_assert_num_queries):
    first = call(app)
    assert first[0].startswith("200")
    with django_assert_num_queries(1):  # the data version, nothing else
        again = call(app)
    assert again == first
    assert "ETag" in again[1]


def test_revalidation_answers_304_from_the_store(app, django_assert_num_queries):
    _, headers, _ = call(app)
    with django_assert_num_queries(1):
        status, not_modified, body = call(app, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status.startswith("304")
    assert body == b""
    assert not_modified["ETag"] == headers["ETag"]


def test_a_stale_etag_gets_the_full_response(app):
    status, _, body = call(app, HTTP_IF_NONE_MATCH='"not-the-current-one"')
    assert status.startswith("200")
    assert body


def test_a_load_that_changes_content_changes_every_stored_answer(app, fixtures_copy: Path):
    _, before_headers, before = call(app)
    role_file = fixtures_copy / "roles" / "product-manager.yaml"
    data = yaml.safe_load(role_file.read_text())
    data["name"] = "Product Manager (renamed in a test)"
    role_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    load_ladder(paths=[fixtures_copy])
    _, after_headers, after = call(app)
    assert b"Product Manager (renamed in a test)" in after
    assert b"Product Manager (renamed in a test)" not in before
    assert after_headers["ETag"] != before_headers["ETag"]
    status, _, _ = call(app, HTTP_IF_NONE_MATCH=before_headers["ETag"])
    assert status.startswith("200")


def test_head_gets_headers_without_a_body(app):
    status, headers, body = call(app, method="HEAD")
    assert status.startswith("200")
    assert body == b""
    assert "ETag" in headers


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/", "POST", {}),
        ("/admin/", "GET", {}),
        ("/", "GET", {"HTTP_AUTHORIZATION": "Bearer secret"}),
        ("/", "GET", {"HTTP_COOKIE": "sessionid=abc"}),
    ],
    ids=["post", "admin", "credentials", "session"],
)
def test_requests_it_leaves_to_django_are_never_stored(app, path, method, headers):
    call(app, path, method, **headers)
    call(app, path, method, **headers)
    assert not caches["responses"]._cache  # type: ignore[attr-defined]


def test_errors_are_not_stored(app):
    status, _, _ = call(app, "/roles/no-such-role/")
    assert status.startswith("404")
    assert not caches["responses"]._cache  # type: ignore[attr-defined]


def test_api_is_left_to_django_while_throttling_is_configured(app, settings):
    settings.LADDER_API_THROTTLE_RATE = "600/minute"
    call(app, "/api/v1/")
    assert not caches["responses"]._cache  # type: ignore[attr-defined]
    settings.LADDER_API_THROTTLE_RATE = None
    call(app, "/api/v1/")
    assert caches["responses"]._cache  # type: ignore[attr-defined]


def test_switched_off_it_stores_nothing(app, settings):
    settings.LADDER_RESPONSE_CACHE = False
    call(app)
    assert not caches["responses"]._cache  # type: ignore[attr-defined]


def test_the_version_read_is_the_same_through_the_driver_and_through_django(
    app, django_assert_num_queries
):
    from ladder.response_cache import read_data_version

    through_the_driver = read_data_version()  # no query logging: the driver's own cursor
    with django_assert_num_queries(1):  # logging queries: Django's cursor, counted
        through_django = read_data_version()
    assert through_the_driver is not None
    assert through_the_driver == through_django
    assert through_the_driver.startswith(Framework.objects.get().data_version + "@")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_inside_a_transaction_the_version_read_survives_its_statement_being_dropped(app) -> None:
    """The test's transaction stands for an atomic block: a read of a prepared statement gone
    missing would abort it (the prepared path outside one: tests/ladder/test_prepared_reads.py)."""
    from ladder.response_cache import read_data_version

    version = read_data_version()
    assert version is not None
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what psycopg sends after a rollback
    assert read_data_version() == version
    assert Framework.objects.get().data_version == version.split("@")[0]  # not aborted


def test_a_stored_answer_is_kept_unpickled_and_immutable(app):
    call(app)
    store = caches["responses"]
    (made_key,) = store._cache  # type: ignore[attr-defined]
    key = made_key.split(":", 2)[2]  # Django's prefix and version off
    stored = store.get(key)
    assert stored is store.get(key)  # the same object: no copy per hit
    _status, headers, body = stored
    assert isinstance(headers, tuple)
    assert all(isinstance(pair, tuple) for pair in headers)
    assert isinstance(body, bytes)


def test_the_process_local_store_refuses_what_could_be_mutated(app):
    store = caches["responses"]
    with pytest.raises(TypeError, match="list"):
        store.set("answer", ("200 OK", [("ETag", '"x"')], b""))
    assert store.get("answer") is None
    with pytest.raises(TypeError, match="not counters"):
        store.incr("answer")


def test_an_answer_larger_than_the_limit_is_built_each_time(app, settings):
    settings.LADDER_RESPONSE_CACHE_MAX_BODY = len(call(app)[2]) - 1
    caches["responses"].clear()
    call(app)
    assert not caches["responses"]._cache  # type: ignore[attr-defined]
    settings.LADDER_RESPONSE_CACHE_MAX_BODY += 1  # exactly the body's size: kept
    call(app)
    assert caches["responses"]._cache  # type: ignore[attr-defined]


def test_what_a_hit_reads_once_per_thread_follows_a_changed_setting(app, settings):
    call(app)
    assert caches["responses"]._cache  # type: ignore[attr-defined]
    caches["responses"].clear()
    settings.LADDER_RESPONSE_CACHE = False  # read before, by the first call: must be read again
    call(app)
    assert not caches["responses"]._cache  # type: ignore[attr-defined]


def test_a_revalidation_that_misses_stores_the_full_answer(app, django_assert_num_queries):
    path = "/api/v1/positions/technical-product-manager.p3/"
    _, headers, body = call(app, path)
    caches["responses"].clear()  # another process's store, which has not seen the plain GET
    status, _, empty = call(app, path, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status.startswith("304")
    assert empty == b""
    with django_assert_num_queries(1):  # kept as the 200 it is, not as the 304
        assert call(app, path, HTTP_IF_NONE_MATCH=headers["ETag"])[0].startswith("304")
    with django_assert_num_queries(1):
        assert call(app, path)[2] == body


def test_if_modified_since_is_answered_from_the_store(app, django_assert_num_queries):
    path = "/api/v1/positions/technical-product-manager.p3/"
    _, headers, _ = call(app, path)
    last_modified = headers["Last-Modified"]
    with django_assert_num_queries(1):
        assert call(app, path, HTTP_IF_MODIFIED_SINCE=last_modified)[0].startswith("304")
    earlier = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert call(app, path, HTTP_IF_MODIFIED_SINCE=earlier)[0].startswith("200")
    # If-None-Match decides whenever it is sent, even against a matching date.
    status = call(app, path, HTTP_IF_NONE_MATCH='W/"other"', HTTP_IF_MODIFIED_SINCE=last_modified)
    assert status[0].startswith("200")
