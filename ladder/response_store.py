"""Where the response cache keeps its answers when they stay in the process (no REDIS_URL)."""

# The stubs do not declare LocMemCache's internals (_cache, _lock, _set...), which this extends.
# mypy: disable-error-code="attr-defined"

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class UnpickledMemoryCache(LocMemCache):
    """Django's local-memory cache without its pickling, for immutable values only.

    LocMemCache pickles every value so that a caller mutating what it got back cannot change
    the stored copy; for a stored answer — a tuple of a status, a tuple of header pairs and the
    body's bytes — that is a copy of up to megabytes on every hit, a sixth of a hit's cost.
    Immutable values need no such copy, so they are kept as they are. Keys are the response
    cache's own (hex digests), so Django's memcached-compatibility check is skipped too.
    """

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,  # type: ignore[assignment]
        version: int | None = None,
    ) -> None:
        require_immutable(value)
        key = self.make_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,  # type: ignore[assignment]
        version: int | None = None,
    ) -> bool:
        require_immutable(value)
        key = self.make_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        # LocMemCache's would unpickle a value that was never pickled: say what is wrong instead.
        raise TypeError("the response store keeps answers, not counters")


def require_immutable(value: Any) -> None:
    if isinstance(value, tuple):
        for item in value:
            require_immutable(item)
    elif not isinstance(value, str | bytes | int | float | bool | type(None)):
        raise TypeError(f"only immutable values can be kept unpickled, not {type(value).__name__}")
