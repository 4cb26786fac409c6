"""Errors found in content files, each naming the file, the path inside it and what is wrong."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError


def printable(text: str) -> str:
    """Text safe to print to a terminal: a hostile file could put escape sequences in a key
    (which an error path repeats) or in its own name; they are shown escaped, never obeyed."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, order=True)
class FixtureError:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        parts = (self.file, self.path, self.message) if self.path else (self.file, self.message)
        return ": ".join(printable(part) for part in parts)


class FixtureInvalid(Exception):
    """The content files are not valid; nothing was written."""

    def __init__(self, errors: Sequence[FixtureError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the content files")


_NAME = re.compile(r"[A-Za-z0-9_-]+")


def format_path(loc: Iterable[str | int]) -> str:
    """('positions', 3, 'bands', 0, 'median') -> 'positions[3].bands[0].median'.

    A key that is not a plain name (a stray space, a dot, an escape sequence) is quoted,
    `aspects[' roadmap']`, so the path shows exactly what the file says."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += " (key)"
        elif not _NAME.fullmatch(part):
            path += f"[{part!r}]"
        else:
            path += f".{part}" if path else part
    return path


def errors_from_validation(file: str, error: ValidationError) -> list[FixtureError]:
    found = []
    for item in error.errors(include_url=False):
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (not part of the format; check its spelling)"
        elif item["type"] == "missing":
            message = "required field is missing"
        found.append(FixtureError(file, format_path(item["loc"]), message))
    return found
