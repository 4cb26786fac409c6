"""On SQLite, the data version a hit is keyed on, held for a short lease instead of read per hit.

SQLite cannot tell other processes of a change, as PostgreSQL's LISTEN/NOTIFY does
(ladder/version_watch.py), and reading the version on every hit cost warm answers about a tenth
of the ceiling under load: in the bench of 2026-11-24 03:50 UTC, a warm position page was 75 %
of the ceiling with the read and 85 % without it. So each process keeps the version it read for
LADDER_VERSION_LEASE seconds (0.1), counted from before the read, and a change of the version
(a load, an admin save) waits that long once it has committed (`announce_version_change()`).
A read that began before the commit can be held until at most the lease after the commit, so
when `load_ladder` returns no process still answers from the older version. Off in tests
(LADDER_ENV=test), whose data changes without the loader.
"""

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connections


class VersionLease:
    """The version as `read` gave it, held for `seconds` from the moment the read began."""

    def __init__(self, read: Callable[[], str | None], seconds: float) -> None:
        self._read = read
        self._seconds = seconds
        # (version, until when it is held): replaced whole, so a thread sees one or the other.
        self._held: tuple[str | None, float] = (None, float("-inf"))

    def version(self) -> str | None:
        held, until = self._held
        began = time.monotonic()
        if began < until:
            return held
        version = self._read()
        # Not held when it could not be read (the database was down): read again next time.
        self._held = (version, began + self._seconds) if version is not None else (None, -1.0)
        return version


def lease_seconds() -> float:
    """How long a process may hold the version it read: 0 where it reads it on every hit."""
    if connections["default"].vendor != "sqlite":
        return 0.0
    return max(float(getattr(settings, "LADDER_VERSION_LEASE", 0.0)), 0.0)


class ProcessLease:
    """One lease per process, made by the first hit that asks and forgotten when the settings
    change (tests)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ready = False
        self.lease: VersionLease | None = None

    def get(self, read: Callable[[], str | None]) -> VersionLease | None:
        if self.ready:
            return self.lease
        with self.lock:
            if not self.ready:
                seconds = lease_seconds()
                self.lease = VersionLease(read, seconds) if seconds > 0 else None
                self.ready = True
        return self.lease

    def forget(self) -> None:
        self.lease, self.ready = None, False


process_lease = ProcessLease()


def forget_on_setting_change(*, setting: str, **kwargs: object) -> None:
    if setting in {"LADDER_VERSION_LEASE", "DATABASES"}:
        process_lease.forget()


setting_changed.connect(forget_on_setting_change, dispatch_uid="ladder.version_lease.forget")
