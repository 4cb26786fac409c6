"""Errors found in content files, each naming the file, the path inside it and what is wrong."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True, order=True)
class FixtureError:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.path}: {self.message}"
            if self.path
            else f"{self.file}: {self.message}"
        )


class FixtureInvalid(Exception):
    """The content files are not valid; nothing was written."""

    def __init__(self, errors: Sequence[FixtureError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the content files")


def format_path(loc: Iterable[str | int]) -> str:
    """('positions', 3, 'bands', 0, 'median') -> 'positions[3].bands[0].median'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            path += " (key)"
        else:
            path += f".{part}" if path else str(part)
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
