"""The Jinja2 environment Ladder's pages are rendered with.

Pages moved from the Django template language to Jinja2 for speed: under the DTL a position page
spent ~8 ms and a four-way comparison ~35 ms in templates alone, and templates are what every
uncached page (and every page the loader stores) is made of. The filters are Django's own, so
the pages' output did not change with the engine.
"""

from typing import Any

from django.template import defaultfilters
from jinja2 import ChainableUndefined, Environment, FileSystemBytecodeCache

from ladder.reversing import url
from ladder.static_urls import static_url


def environment(**options: Any) -> Environment:
    # ChainableUndefined: as in the DTL, `a.b.c` with no `b` renders "" rather than failing.
    options["undefined"] = ChainableUndefined
    # Compiled templates kept on disk (a private directory under the system's temp dir): each
    # process — every gunicorn worker, every `load_ladder` that renders the stored pages — would
    # otherwise compile them again (~0.3 s).
    options.setdefault("bytecode_cache", FileSystemBytecodeCache())
    env = Environment(keep_trailing_newline=True, **options)
    env.globals.update(url=url, static=static_url)
    env.filters.update(
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
