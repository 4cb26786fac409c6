"""Helpers for the malformed-file suites: edits that break a copy of the shipped content files,
and a load through the real command that must refuse it, in bounded time and memory, naming
the file and the place, with the database left as it was."""

import io
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from tests.conftest import database_fingerprint

PM = "roles/product-manager.yaml"
TPM = "roles/technical-product-manager.yaml"
PROGRAM = "roles/technical-program-manager.yaml"

Fault = Callable[[Path], None]


class _PlainDumper(yaml.CSafeDumper):
    """Writes shared sub-objects out in full: an edited file never gains anchors or aliases
    (which the loader refuses) just because a test copied part of a mapping."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def data_edit(change: Callable[[dict], None]) -> Fault:
    def apply(path: Path) -> None:
        data = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        change(data)
        path.write_text(yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False))

    return apply


def text(content: str | bytes) -> Fault:
    """Replace the whole file."""

    def apply(path: Path) -> None:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)

    return apply


def prepend(content: str | bytes) -> Fault:
    """Put lines before the file's own, so a fault's line and column are known in advance."""

    def apply(path: Path) -> None:
        start = content if isinstance(content, bytes) else content.encode()
        path.write_bytes(start + path.read_bytes())

    return apply


def first_band(d: dict) -> dict:
    return d["positions"][0]["bands"][0]


def title_level(d: dict) -> dict:
    return next(s for s in d["scales"] if s["kind"] == "title")["levels"][0]


@dataclass(frozen=True)
class Refusal:
    lines: list[str]  # what `load_ladder` wrote to stderr, one error a line
    seconds: float
    peak_bytes: int  # the most memory Python held at once while loading (tracemalloc)

    def line_for(self, file: str, path: str) -> str:
        prefix = f"{file}: {path}: " if path else f"{file}: "
        found = [line for line in self.lines if line.startswith(prefix)]
        assert found, f"no error at {prefix!r}; got:\n" + "\n".join(self.lines)
        return "\n".join(found)


def refused(*paths: Path) -> Refusal:
    """Run `manage.py load_ladder PATH…`; it must fail, write nothing and say why on stderr."""
    before = database_fingerprint()
    stderr = io.StringIO()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(CommandError, match="nothing was written"):
            call_command("load_ladder", *map(str, paths), stdout=io.StringIO(), stderr=stderr)
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert database_fingerprint() == before
    lines = stderr.getvalue().splitlines()
    # Whatever a file holds, the report is plain text: no escape sequence reaches the terminal.
    assert all(line.isprintable() for line in lines), lines
    return Refusal(lines, seconds, peak)
