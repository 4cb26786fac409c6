"""Workers that keep the data version in memory (PostgreSQL's LISTEN/NOTIFY), and the writer's
wait for them. A test's own data is never committed, so a watching connection could not see it:
these watches read a scratch table that a connection of the test's own commits to."""

import select
import time
from collections.abc import Callable, Iterator
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from ladder.response_cache import ResponseCache
from ladder.version_barrier import current_watchers, wait_for_watchers
from ladder.version_watch import CHANNEL, VersionWatch, django_conninfo, reporting_name

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LISTEN/NOTIFY"),
    pytest.mark.django_db,
]

READ = b"SELECT data_version, loaded_at FROM ladder_watch_scratch"


def until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class Writer:
    """Changes the scratch version and commits, as a load would: with a NOTIFY."""

    def __init__(self, opened) -> None:  # type: ignore[no-untyped-def]
        self.opened = opened
        self.loads = 0

    def load(self, version: str = "v") -> str:
        self.loads += 1
        loaded_at = f"2026-11-24 00:00:{self.loads:02d}"
        self.opened.execute(
            "UPDATE ladder_watch_scratch SET data_version = %s, loaded_at = %s",
            [version, loaded_at],
        )
        self.opened.execute(f"NOTIFY {CHANNEL}")
        return f"{version}@{loaded_at.replace(' ', 'T')}"


@pytest.fixture
def writer() -> Iterator[Writer]:
    import psycopg

    with psycopg.connect(django_conninfo(), autocommit=True) as opened:
        opened.execute("CREATE TABLE ladder_watch_scratch (data_version text, loaded_at text)")
        opened.execute("INSERT INTO ladder_watch_scratch VALUES ('v', '2026-11-24 00:00:00')")
        try:
            yield Writer(opened)
        finally:
            opened.execute("DROP TABLE ladder_watch_scratch")


class Fallback:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return "read-from-the-database"


@pytest.fixture
def fallback() -> Fallback:
    return Fallback()


@pytest.fixture
def watches(fallback: Fallback) -> Iterator[Callable[..., VersionWatch]]:
    made: list[VersionWatch] = []

    def make(*, thread: bool = True) -> VersionWatch:
        watch = VersionWatch(
            django_conninfo(), read_sql=READ, fallback=fallback, reconnect_seconds=0.05
        )
        made.append(watch)
        if thread:
            watch.start()
            until(lambda: watch.watching)
        else:
            assert watch.connect()
        return watch

    yield make
    # A closed connection's server process ends a moment later: wait, so that the next test's
    # writer does not find it still listed, reporting an old version.
    listed = {pid for pid, _name in current_watchers()}
    for watch in made:
        watch.stop()
    until(lambda: not listed & {pid for pid, _name in current_watchers()})


FIRST = "v@2026-11-24T00:00:00"


def test_a_watch_answers_from_memory_what_the_database_holds(writer, watches, fallback) -> None:
    watch = watches()
    assert watch.version() == FIRST
    assert fallback.calls == 0


def test_once_the_writer_has_waited_every_watch_holds_the_new_version(
    writer, watches, fallback
) -> None:
    first, second = watches(), watches()
    loaded = writer.load("w")
    report = wait_for_watchers(lambda: loaded, timeout=5)
    assert report.confirmed == 2
    assert not report.disconnected
    assert first.version() == second.version() == loaded
    assert fallback.calls == 0


def test_a_watcher_already_on_a_later_loads_version_counts_as_confirmed(writer, watches) -> None:
    watch = watches()
    ours = writer.load("ours")
    later = writer.load("later")  # committed while ours still waits
    until(lambda: watch.current == later)
    reads = iter([ours])
    report = wait_for_watchers(lambda: next(reads, later), timeout=1)
    assert report.confirmed == 1
    assert not report.disconnected


def test_the_watchers_report_the_version_they_hold(writer, watches) -> None:
    watch = watches()
    assert watch.pgconn is not None
    names = dict(current_watchers())
    assert names[watch.pgconn.backend_pid] == reporting_name(FIRST)


def test_a_hit_handles_a_change_that_has_arrived_before_the_thread_does(
    writer, watches, fallback
) -> None:
    watch = watches(thread=False)
    loaded = writer.load("w")
    assert watch.pgconn is not None
    until(lambda: bool(select.select([watch.pgconn.socket], [], [], 0)[0]))  # type: ignore[union-attr]
    assert watch.version() == loaded
    assert fallback.calls == 0


def test_a_watch_that_does_not_confirm_in_time_is_disconnected_and_its_hits_read_the_database(
    writer, watches, fallback
) -> None:
    silent = watches(thread=False)  # nothing handles the notification: it never confirms
    assert silent.pgconn is not None
    pid = silent.pgconn.backend_pid
    loaded = writer.load("w")
    report = wait_for_watchers(lambda: loaded, timeout=0.2)
    assert report.disconnected == [pid]
    assert report.confirmed == 0
    assert silent.version() == "read-from-the-database"
    assert fallback.calls == 1
    assert pid not in dict(current_watchers())


def test_a_disconnected_watch_watches_again_and_catches_up(writer, watches, fallback) -> None:
    watch = watches()
    assert watch.pgconn is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [watch.pgconn.backend_pid])
    loaded = writer.load("w")  # while it is away: no notification reaches it
    until(lambda: watch.watching and watch.current == loaded)
    assert watch.version() == loaded


def test_with_no_watchers_the_writer_does_not_wait() -> None:
    started = time.monotonic()
    report = wait_for_watchers(lambda: "any@time", timeout=5)
    assert report.confirmed == 0
    assert time.monotonic() - started < 1


def test_a_stored_answer_is_served_without_a_query_while_watched(
    writer, watches, django_assert_num_queries, settings, in_process_wsgi
) -> None:
    settings.LADDER_RESPONSE_CACHE = True
    caches["responses"].clear()
    watch = watches()
    app = ResponseCache(WSGIHandler(), version=watch.version)

    def call() -> bytes:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/"}
        setup_testing_defaults(environ)
        return b"".join(app(environ, lambda status, headers, exc=None: None))

    first = call()
    with django_assert_num_queries(0):
        assert call() == first


def test_switched_on_each_process_watches_and_a_hit_reads_nothing(
    settings, django_assert_num_queries
) -> None:
    from ladder.response_cache import current_version
    from ladder.version_watch import process_watch

    settings.LADDER_VERSION_WATCH = True  # the test settings leave it off
    try:
        current_version()  # the first hit starts the watch, and reads meanwhile
        watch = process_watch.watch
        assert watch is not None
        until(lambda: watch.watching)
        with django_assert_num_queries(0):
            assert current_version() == watch.current
    finally:
        settings.LADDER_VERSION_WATCH = False
    assert process_watch.watch is None  # forgotten, and stopped, with the setting
    assert not watch.watching


def test_switched_off_a_hit_reads_the_version(settings, django_assert_num_queries) -> None:
    from ladder.response_cache import current_version

    settings.LADDER_VERSION_WATCH = False
    with django_assert_num_queries(1):
        current_version()


def test_a_load_announces_its_change_and_waits_for_the_watchers_once_it_commits(
    django_capture_on_commit_callbacks,
) -> None:
    from ladder.content_edits import mark_content_edited
    from ladder.loader import load_ladder

    notified: list[str] = []

    def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if "pg_notify" in sql:
            notified.append(sql)
        return execute(sql, params, many, context)

    from levels.models import Level

    Level.objects.filter(pk=Level.objects.first().pk).update(summary="Edited.")  # type: ignore[union-attr]
    with connection.execute_wrapper(record), django_capture_on_commit_callbacks() as waits:
        mark_content_edited()  # as the admin does after an edit
    assert len(notified) == 1
    assert len(waits) == 1

    with (
        connection.execute_wrapper(record),
        django_capture_on_commit_callbacks(execute=True) as waits,
    ):
        report = load_ladder()  # the edit undone: back to the files' version
    assert report.changed
    assert len(notified) == 2
    assert len(waits) == 1
    assert [watch.confirmed for watch in report.watchers] == [0]
    assert "Workers holding the new version: 0." in report.lines()
