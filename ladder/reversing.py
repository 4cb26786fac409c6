"""`reverse`, memoised. Pages link to hundreds of roles and positions, and reversing was a third
of the time the loader spent rendering the x100 pages (profiled). The URL configuration does
not change while Ladder runs; the script prefix can, so it is part of the key."""

from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, reverse


def url(name: str, *args: Any) -> str:
    return _reverse(get_script_prefix(), name, *args)


@lru_cache(maxsize=8192)
def _reverse(prefix: str, name: str, *args: Any) -> str:
    return reverse(name, args=args or None)
