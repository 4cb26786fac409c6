"""The query string of every request, checked once before any view reads it.

Ladder's parameters are slugs, codes, small numbers and searches of at most 200 characters, so a
query string that is very long, is not text, holds control characters or carries dozens of
parameters is a mistake or a probe. It is answered here with a 4xx that says what is wrong — a
page, or problem+json under /api/ (`ladder.error_views.bad_query_string`) — instead of
reaching a view that might stumble on it (PostgreSQL refuses a NUL character, for one).

What passes: at most MAX_QUERY_STRING_BYTES bytes (414 beyond), UTF-8 text whose `%` escapes
are well formed and decode to UTF-8, at most MAX_PARAMETERS parameters, and no control
character other than tab, line feed and carriage return in any name or value (400 otherwise,
naming the parameter). Which parameters a page or an operation takes is its own business.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse, QueryDict

from ladder.error_views import bad_query_string

# Below gunicorn's request-line limit (4094 bytes), so that Ladder, not the server, answers.
MAX_QUERY_STRING_BYTES = 2048
MAX_PARAMETERS = 100
ALLOWED_CONTROLS = frozenset("\t\n\r")
_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
# Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F) but those allowed;
# one regular expression rather than a category lookup per character (a comparison's query
# string is ~120 of them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc less ALLOWED_CONTROLS


@dataclass(frozen=True)
class QueryStringProblem:
    status: int
    detail: str
    parameter: str | None = None  # the parameter at fault, when there is one


def query_string_problem(raw: bytes) -> QueryStringProblem | None:
    """What is wrong with this raw query string, or None when it may be read."""
    if len(raw) > MAX_QUERY_STRING_BYTES:
        return QueryStringProblem(
            414,
            f"The query string is {len(raw):,} bytes long; "
            f"Ladder reads at most {MAX_QUERY_STRING_BYTES:,}.",
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return QueryStringProblem(
            400, "The query string is not UTF-8 text: percent-encode what is not plain text."
        )
    if _BAD_ESCAPE.search(raw):
        return QueryStringProblem(
            400,
            "The query string has a “%” that does not start an escape such as %20: "
            "write a literal “%” as %25.",
        )
    pieces = [piece for piece in raw.split(b"&") if piece]
    if len(pieces) > MAX_PARAMETERS:
        return QueryStringProblem(
            400,
            f"The query string has {len(pieces):,} parameters; Ladder reads at most "
            f"{MAX_PARAMETERS}.",
        )
    for piece in pieces:
        name, _, value = piece.partition(b"=")
        problem = _text_problem(_decoded(name), _decoded(value))
        if problem is not None:
            return problem
    return None


def _decoded(part: bytes) -> bytes:
    return unquote_to_bytes(part.replace(b"+", b" "))


def _text_problem(name: bytes, value: bytes) -> QueryStringProblem | None:
    for part, what in ((name, "name"), (value, "value")):
        try:
            text = part.decode("utf-8")
        except UnicodeDecodeError:
            shown = _shown(name)
            return QueryStringProblem(
                400, f"The {what} of parameter “{shown}” is not UTF-8 text.", shown
            )
        control = _CONTROL.search(text)
        if control is not None:
            shown = _shown(name)
            return QueryStringProblem(
                400,
                f"The {what} of parameter “{shown}” holds the control character "
                f"U+{ord(control.group()):04X}; only text is accepted.",
                shown,
            )
    return None


def _shown(name: bytes) -> str:
    """The name as a message may repeat it: its control characters shown as "�"."""
    return _CONTROL.sub("\ufffd", name.decode("utf-8", errors="replace")[:50])


def repeated_parameters(query: QueryDict, names: Iterable[str]) -> dict[str, int]:
    """The single-valued parameters among `names` given more than once, with their counts."""
    counts = {name: len(query.getlist(name)) for name in names}
    return {name: count for name, count in counts.items() if count > 1}


class QueryStringGuard:
    """Middleware: answers a query string that `query_string_problem` rejects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
        problem = query_string_problem(raw) if raw else None
        if problem is not None:
            return bad_query_string(request, problem.status, problem.detail, problem.parameter)
        return self.get_response(request)
