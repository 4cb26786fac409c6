"""The Jinja2 environment Ladder's pages are rendered with.

Pages moved from the Django template language to Jinja2 for speed: under the DTL a position page
spent ~8 ms and a four-way comparison ~35 ms in templates alone, and templates are what every
uncached page (and every page the loader stores) is made of. The filters are Django's own, so
the pages' output did not change with the engine.
"""

import re
from functools import lru_cache
from html import escape as html_escape  # Django's escape() is this behind a lazy wrapper
from typing import Any

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from jinja2 import ChainableUndefined, Environment, FileSystemBytecodeCache

from ladder.reversing import url


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape the text and wrap each occurrence of a search term in <mark>."""
    pattern = _terms_pattern(tuple(terms or ()))
    if pattern is None:
        return mark_safe(html_escape(text))
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(html_escape(text[last : match.start()]))
        parts.append(f"<mark>{html_escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(html_escape(text[last:]))
    return mark_safe("".join(parts))


@lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    # Longest first, so that "roadmaps" is marked whole rather than as "roadmap" and an "s".
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def environment(**options: Any) -> Environment:
    # ChainableUndefined: as in the DTL, `a.b.c` with no `b` renders "" rather than failing.
    options["undefined"] = ChainableUndefined
    # Compiled templates kept on disk (a private directory under the system's temp dir): each
    # process — every gunicorn worker, every `load_ladder` that renders the stored pages — would
    # otherwise compile them again (~0.3 s).
    options.setdefault("bytecode_cache", FileSystemBytecodeCache())
    env = Environment(keep_trailing_newline=True, **options)
    env.globals.update(url=url, static=static)
    env.filters.update(
        highlight=highlight,
        pluralize=defaultfilters.pluralize,
        truncatewords=defaultfilters.truncatewords,
        truncatechars=defaultfilters.truncatechars,
        date=defaultfilters.date,
        urlencode=defaultfilters.urlencode,
        # The DTL's `default` (any falsy value), which the templates were written against;
        # Jinja's own replaces only undefined values.
        default=defaultfilters.default,
    )
    return env
