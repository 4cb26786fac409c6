"""Each worker keeps the data version in memory, told of every change by PostgreSQL.

Reading the version from the database on every hit of the response cache is a round trip to
the server, and on a 2-core machine that round trip held warm answers to 65–77 % of the
precomputed-bytes ceiling (bench, 2026-11-24, with the read itself already down to ~25 µs of
CPU). Here each worker process LISTENs on a connection of its own and answers hits from memory.
It stays exact, because three things hold together:

- whoever changes the version NOTIFYs in the same transaction (delivered when it commits);
- a hit first looks, under the watch's lock, for anything that has arrived on the watching
  connection, and handles it (reads the version again) before it goes on;
- after its commit, the writer waits until every watching connection reports the new version
  (`ladder/version_barrier.py`). A watcher reports only after its worker holds the new version,
  and one that does not report in time is disconnected: its worker's next hit finds the
  connection closed and reads the version from the database until it watches again.

So once a load (or an admin edit) has returned, no worker answers from an older version.
"""

import hashlib
import logging
import os
import select
import threading
from collections.abc import Callable

import psycopg
from django.conf import settings
from django.core.signals import setting_changed
from django.db import connections
from psycopg.conninfo import make_conninfo
from psycopg.pq import ConnStatus, ExecStatus
from psycopg.pq.abc import PGconn, PGresult

from ladder.version_key import version_key

logger = logging.getLogger(__name__)

CHANNEL = "ladder_data_version"
WATCHER = "ladder-watch"  # application_name prefix: how the writer finds the watchers
RECONNECT_SECONDS = 1.0
# Django's own connection options that are not libpq's.
NOT_CONNINFO = {"context", "cursor_factory", "prepare_threshold", "server_side_binding"}


def version_tag(version: str | None) -> str:
    """A short, fixed-length name for a version (application_name holds at most 63 bytes)."""
    return hashlib.sha256((version or "").encode()).hexdigest()[:16]


def reporting_name(version: str | None) -> str:
    return f"{WATCHER} {version_tag(version)}"


def django_conninfo(alias: str = "default") -> str:
    params = connections[alias].get_connection_params()
    return make_conninfo(
        **{name: value for name, value in params.items() if name not in NOT_CONNINFO}
    )


class VersionWatch:
    """The data version as this process last learnt it, kept current by a LISTENing connection.
    `version()` is what a hit calls; a daemon thread handles notifications while no hit comes,
    so that an idle worker still reports promptly."""

    def __init__(
        self,
        conninfo: str,
        *,
        read_sql: bytes,
        fallback: Callable[[], str | None],
        reconnect_seconds: float = RECONNECT_SECONDS,
    ) -> None:
        self.conninfo = conninfo
        self.read_sql = read_sql
        self.fallback = fallback
        self.reconnect_seconds = reconnect_seconds
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.opened: psycopg.Connection | None = None  # owns the handle below
        self.pgconn: PGconn | None = None
        self.poller = select.poll()
        self.current: str | None = None
        self.thread: threading.Thread | None = None
        self.failing = False

    # --- what a hit asks ---------------------------------------------------------------------
    def version(self) -> str | None:
        with self.lock:
            if self.pgconn is not None and self.poller.poll(0):
                self._handle_input()
            if self.pgconn is None:
                return self.fallback()
            return self.current

    @property
    def watching(self) -> bool:
        with self.lock:  # not while connect() is still setting the connection up
            return self.pgconn is not None

    # --- the thread --------------------------------------------------------------------------
    def start(self) -> "VersionWatch":
        self.thread = threading.Thread(target=self.run, name="ladder-version-watch", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout=5)
        with self.lock:
            self._drop()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.step()
            except Exception:  # the thread must outlive anything: hits read meanwhile
                logger.exception("version watch: unexpected failure")
                with self.lock:
                    self._drop()
                self.stopped.wait(self.reconnect_seconds)

    def step(self) -> None:
        with self.lock:
            pgconn = self.pgconn
            socket = pgconn.socket if pgconn is not None else -1
        if pgconn is None:
            if not self.connect():
                self.stopped.wait(self.reconnect_seconds)
            return
        try:
            # Waits without the lock, so hits go on meanwhile (and may handle the input first);
            # select, because a poll object cannot be polled by two threads at once.
            pending, _, _ = select.select([socket], [], [], self.reconnect_seconds)
        except (OSError, ValueError):  # a hit dropped the connection meanwhile
            return
        if pending:
            with self.lock:
                if self.pgconn is pgconn and self.poller.poll(0):
                    self._handle_input()

    # --- under the lock ----------------------------------------------------------------------
    def connect(self) -> bool:
        """Open the watching connection: LISTEN first, then read, so that no change can fall
        between the two unseen."""
        try:
            # psycopg's connect waits without holding the GIL (libpq's own would stop every
            # thread of the worker, hits included, for as long as the server keeps it waiting).
            opened = psycopg.Connection.connect(self.conninfo, autocommit=True)
        except psycopg.Error as refused:
            if not self.failing:  # once per outage, not once a second
                logger.warning("version watch: cannot connect: %s", refused)
            self.failing = True
            return False
        self.failing = False
        pgconn = opened.pgconn
        with self.lock:
            self.opened, self.pgconn = opened, pgconn
            self.poller.register(pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
            ok = (
                self._run(f"SET application_name = '{WATCHER}'".encode(), ExecStatus.COMMAND_OK)
                and self._run(b"SET TIME ZONE 'UTC'", ExecStatus.COMMAND_OK)
                and self._run(f"LISTEN {CHANNEL}".encode(), ExecStatus.COMMAND_OK)
                and self._refresh()
            )
            if not ok:
                self._drop()
            return ok

    def _handle_input(self) -> None:
        pgconn = self.pgconn
        assert pgconn is not None
        try:
            pgconn.consume_input()
        except Exception:  # the server closed the connection (or the writer disconnected it)
            self._drop()
            return
        if pgconn.status != ConnStatus.OK:
            self._drop()
            return
        if self._drain():
            self._refresh()

    def _drain(self) -> bool:
        pgconn = self.pgconn
        assert pgconn is not None
        told = False
        while pgconn.notifies() is not None:
            told = True
        return told

    def _refresh(self) -> bool:
        """Read the version, then report it. A notification that arrives during either is
        taken in by libpq, off the socket, where no poll would see it: drain them after both,
        and go round again until none came."""
        while True:
            result = self._exec(self.read_sql)
            if result is None or result.status != ExecStatus.TUPLES_OK:
                self._drop()
                return False
            self.current = _version_from(result)
            name = reporting_name(self.current).encode()
            if not self._run(b"SET application_name = '" + name + b"'", ExecStatus.COMMAND_OK):
                return False
            if not self._drain():
                return True

    def _run(self, sql: bytes, expected: ExecStatus) -> bool:
        result = self._exec(sql)
        if result is None or result.status != expected:
            self._drop()
            return False
        return True

    def _exec(self, sql: bytes) -> PGresult | None:
        if self.pgconn is None:
            return None
        try:
            return self.pgconn.exec_(sql)
        except Exception:
            return None

    def _drop(self) -> None:
        if self.pgconn is None:
            return
        try:
            self.poller.unregister(self.pgconn.socket)
        except Exception:
            self.poller = select.poll()
        self.pgconn = None
        if self.opened is not None:
            self.opened.close()
            self.opened = None
        self.current = None


def _version_from(result: PGresult) -> str | None:
    if not result.ntuples:
        return None
    version, loaded_at = result.get_value(0, 0), result.get_value(0, 1)
    return version_key(
        bytes(version).decode() if version else None, bytes(loaded_at or b"").decode()
    )


class ProcessWatch:
    """One watch per process, started by the first hit that asks: after gunicorn's fork, since a
    thread does not survive one (a fork forgets the parent's), and forgotten when the settings
    change (tests)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = False
        self.watch: VersionWatch | None = None

    def get(self, fallback: Callable[[], str | None], read_sql: bytes) -> VersionWatch | None:
        if self.ready:
            return self.watch
        with self.lock:
            if not self.ready:
                if enabled():
                    self.watch = VersionWatch(
                        django_conninfo(), read_sql=read_sql, fallback=fallback
                    ).start()
                self.ready = True
        return self.watch

    def forget(self, *, stop: bool = True) -> None:
        watch, self.watch, self.ready = self.watch, None, False
        if watch is None:
            return
        if stop:
            watch.stop()
        else:
            # A forked child must not close its parent's connection (libpq would tell the
            # server the session is over): it keeps the inherited handle, unused, for good.
            inherited.append(watch)


inherited: list[VersionWatch] = []


def enabled() -> bool:
    return bool(getattr(settings, "LADDER_VERSION_WATCH", False)) and (
        connections["default"].vendor == "postgresql"
    )


process_watch = ProcessWatch()
# In the child the parent's thread is gone and its connection is not the child's to use.
os.register_at_fork(after_in_child=lambda: process_watch.forget(stop=False))


def forget_on_setting_change(*, setting: str, **kwargs: object) -> None:
    if setting in {"LADDER_VERSION_WATCH", "DATABASES"}:
        process_watch.forget()


setting_changed.connect(forget_on_setting_change, dispatch_uid="ladder.version_watch.forget")
