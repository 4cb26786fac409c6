"""The version lease (SQLite): a process holds the version it read for a lease, and a change of
the version waits the lease out once it has committed, so that no process answers from the
older version after the load has returned."""

import time

import pytest
from django.db import connection

from ladder.response_cache import current_version
from ladder.version_barrier import LeaseReport, announce_version_change
from ladder.version_lease import VersionLease, lease_seconds, process_lease

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's version lease")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("ladder.version_lease.time.monotonic", clock)
    return clock


def test_the_version_is_held_for_the_lease_from_before_the_read(clock: Clock) -> None:
    reads: list[float] = []

    def read() -> str:
        reads.append(clock.now)
        clock.now += 0.03  # the read itself takes time: the lease began before it
        return f"v{len(reads)}"

    lease = VersionLease(read, seconds=0.1)
    assert lease.version() == "v1"
    clock.now = 100.099
    assert lease.version() == "v1"
    assert reads == [100.0]
    clock.now = 100.1  # a lease after the read began, though only 0.07 s after it ended
    assert lease.version() == "v2"
    assert reads == [100.0, 100.1]


def test_a_version_that_could_not_be_read_is_not_held(clock: Clock) -> None:
    answers = iter([None, "v1"])
    lease = VersionLease(lambda: next(answers), seconds=10)
    assert lease.version() is None
    assert lease.version() == "v1"


def test_what_was_read_before_a_change_is_not_served_once_the_change_has_waited() -> None:
    # The real clock: a change, then the writer's wait, then every process's next hit.
    database = {"version": "before"}
    lease = VersionLease(lambda: database["version"], seconds=0.05)
    assert lease.version() == "before"
    database["version"] = "after"  # the load commits...
    time.sleep(0.05)  # ... and waits the lease out, as announce_version_change() does
    assert lease.version() == "after"


@sqlite_only
def test_switched_on_a_hit_within_the_lease_reads_nothing(
    settings, django_assert_num_queries
) -> None:
    settings.LADDER_VERSION_LEASE = 30  # the test settings leave it off
    try:
        with django_assert_num_queries(1):
            first = current_version()
        with django_assert_num_queries(0):
            assert current_version() == first
        assert process_lease.lease is not None
    finally:
        settings.LADDER_VERSION_LEASE = 0
    assert process_lease.lease is None  # forgotten with the setting
    with django_assert_num_queries(1):
        current_version()


@sqlite_only
def test_a_change_of_version_waits_the_lease_out_once_it_commits(
    settings, django_capture_on_commit_callbacks
) -> None:
    settings.LADDER_VERSION_LEASE = 0.2
    report: list = []
    with django_capture_on_commit_callbacks() as callbacks:
        announce_version_change(report)
    assert report == []  # nothing waits before the commit
    started = time.monotonic()
    for callback in callbacks:
        callback()
    assert time.monotonic() - started >= 0.2
    assert report == [LeaseReport(0.2)]
    assert report[0].lines() == ["Waited 0.2 s for every worker's held version to lapse."]


@sqlite_only
def test_the_loader_and_an_admin_edit_wait_the_lease_out(
    settings, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ladder.content_edits import mark_content_edited
    from ladder.loader import load_ladder
    from levels.models import Level

    settings.LADDER_VERSION_LEASE = 0.25
    slept: list[float] = []
    monkeypatch.setattr("ladder.version_barrier.time.sleep", slept.append)
    Level.objects.filter(pk=Level.objects.first().pk).update(summary="Edited.")  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=True):
        mark_content_edited()  # as the admin does after an edit
    assert slept == [0.25]
    with django_capture_on_commit_callbacks(execute=True):
        report = load_ladder()  # the edit undone: back to the files' version
    assert report.changed
    assert slept == [0.25, 0.25]
    assert "Waited 0.25 s for every worker's held version to lapse." in report.lines()


def test_no_lease_where_the_version_is_watched_or_switched_off(settings) -> None:
    settings.LADDER_VERSION_LEASE = 0
    assert lease_seconds() == 0
    settings.LADDER_VERSION_LEASE = 0.1
    expected = 0.1 if connection.vendor == "sqlite" else 0.0  # PostgreSQL watches instead
    assert lease_seconds() == expected
