"""A change of the data version, announced to the workers that keep it in memory, and waited for.
(On SQLite, where workers hold it for a lease instead, the change waits the lease out.)

The writer's half of `ladder/version_watch.py`: NOTIFY in the changing transaction, then, once
it has committed, wait until every watching connection reports the new version. A watcher that
has not reported within LADDER_VERSION_WATCH_WAIT seconds is disconnected, and the wait lasts
until its server process has ended: its worker then reads the version per request until it
watches again. Only then does the load (or the admin's save) return.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from ladder.version_lease import lease_seconds
from ladder.version_watch import CHANNEL, WATCHER, reporting_name

logger = logging.getLogger(__name__)

WATCHERS_SQL = """
    SELECT pid, application_name FROM pg_stat_activity
    WHERE datname = current_database() AND application_name LIKE %s AND pid <> pg_backend_pid()
"""
POLL_SECONDS = 0.002


@dataclass
class WatchReport:
    confirmed: int = 0
    disconnected: list[int] = field(default_factory=list)
    not_disconnected: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"Workers holding the new version: {self.confirmed}."]
        if self.disconnected:
            lines.append(
                f"Disconnected for not confirming it in time: {len(self.disconnected)} "
                "(they read the version per request until they watch again)."
            )
        if self.not_disconnected:
            lines.append(
                f"Could not disconnect: {len(self.not_disconnected)} (server processes "
                f"{', '.join(map(str, self.not_disconnected))}); they may answer from the "
                "previous version until they confirm."
            )
        return lines


@dataclass
class LeaseReport:
    seconds: float

    def lines(self) -> list[str]:
        return [f"Waited {self.seconds:g} s for every worker's held version to lapse."]


def announce_version_change(report: list[WatchReport | LeaseReport] | None = None) -> None:
    """Call inside the transaction that changes the data version. The waiting happens once it
    commits; its report is appended to `report` when one is given."""
    if connection.vendor != "postgresql":
        seconds = lease_seconds()  # SQLite: wait out the leases (ladder/version_lease.py)
        if seconds > 0:

            def lapse() -> None:
                time.sleep(seconds)
                if report is not None:
                    report.append(LeaseReport(seconds))

            transaction.on_commit(lapse)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])

    def wait() -> None:
        from ladder.response_cache import read_data_version

        outcome = wait_for_watchers(read_data_version)
        if report is not None:
            report.append(outcome)

    transaction.on_commit(wait)


def wait_for_watchers(
    current: Callable[[], str | None], *, timeout: float | None = None
) -> WatchReport:
    """`current` reads the version as it is now, each time it is compared: a watcher that
    reports a later load's version holds one at least as new as this one's."""
    if timeout is None:
        timeout = float(getattr(settings, "LADDER_VERSION_WATCH_WAIT", 5))
    deadline = time.monotonic() + timeout
    while True:
        watchers = current_watchers()
        expected = reporting_name(current())
        behind = sorted(pid for pid, name in watchers if name != expected)
        if not behind or time.monotonic() >= deadline:
            break
        time.sleep(POLL_SECONDS)
    report = WatchReport(confirmed=len(watchers) - len(behind))
    if behind:
        for pid in behind:
            disconnect(pid, wait_ms=max(int(timeout * 1000), 1))
        remaining = {pid for pid, _name in current_watchers()}
        report.disconnected = [pid for pid in behind if pid not in remaining]
        report.not_disconnected = [pid for pid in behind if pid in remaining]
        logger.warning("version watch: %s", " ".join(report.lines()[1:]))
    return report


def disconnect(pid: int, *, wait_ms: int) -> None:
    """End a watcher's server process and wait (up to `wait_ms`) until it has. Refused without
    the right to (another role's process, without pg_signal_backend): what is still there after
    is reported, not raised."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, %s)", [pid, wait_ms])
    except DatabaseError as refused:
        logger.warning("version watch: cannot disconnect %s: %s", pid, refused)


def current_watchers() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        # A transaction keeps its first look at pg_stat_activity: take a new one each time.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(WATCHERS_SQL, [f"{WATCHER}%"])
        return [(pid, name) for pid, name in cursor.fetchall()]
