"""Find and parse the content files: YAML (or JSON, which is YAML) into the pydantic schema.

The files are edited by hand and may come from anywhere, so reading one is bounded before any
of it is built: its size is checked before it is read, then one pass over its YAML events
refuses what plain content never needs and a hostile file uses: anchors and aliases (a
"billion laughs" file expands a few lines into gigabytes), tags (they name objects to
construct), and nesting deeper than the format goes (libyaml's C composer recurses once per
level and crashes the process on a deep enough file). Only then is the data built.
"""

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from pydantic import BaseModel, ValidationError

from ladder.fixture_errors import FixtureError, errors_from_validation
from ladder.fixture_schema import FrameworkFile, RoleFile, ScalesFile

SUFFIXES = {".yaml", ".yml", ".json"}

# The deepest the format goes is 7 (positions[0].dimensions.<d>.aspects.<a>.text); the rest
# is headroom for hand-written flow style, far below where the composer's recursion is a risk.
MAX_DEPTH = 20

# libyaml's C parser is ~20x faster than the pure-Python one (it decides whether a x100 ladder
# loads in seconds or minutes); the construction, and so the duplicate-key check, is the same.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LIBYAML = _SafeLoader is not yaml.SafeLoader
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _where(mark: Any) -> str:
    """'line 3, column 1' from a mark of the C or the pure-Python parser (or '' without one)."""
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML keeps the last of two equal keys; in hand-edited content that hides a mistake.
    A merge key (`<<`) hides one the same way, and a key that is not text (a list, a number,
    `yes`) is never a field or slug of the format: all three are refused at their line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[str] = set()
        for key_node, _ in node.value:
            mark = key_node.start_mark
            if key_node.tag == _MERGE_TAG:
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys (<<) are not allowed; write each field out", mark
                )
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                what = (
                    f"{type(key).__name__} {key_node.value!r} (quote it)"
                    if isinstance(key_node, yaml.ScalarNode)
                    else f"a {type(key).__name__}"
                )
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be text, not {what}", mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (line {mark.line + 1})", mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        # A scalar the resolver takes for a number or date but Python cannot build (a 5,000
        # digit integer, 2024-13-45) raises a bare ValueError with no line: give it one.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = repr(value if len(value) <= 40 else value[:40] + "…")
            reason = str(error).split(";")[0]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {shown}: {reason}", node.start_mark
            ) from None


def refuse_unsafe_yaml(text: str, name: str) -> FixtureError | None:
    """The first anchor, alias, tag or too-deep nesting in the file, read as events only."""
    depth = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        where = _where(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            return FixtureError(
                name, where, f"aliases (*{event.anchor}) are not allowed; repeat the value"
            )
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            return FixtureError(
                name, where, f"anchors (&{event.anchor}) are not allowed; repeat the value"
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            return FixtureError(
                name, where, f"tags ({shown}) are not allowed; content files hold plain data"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return FixtureError(
                    name, where, f"nested more than {MAX_DEPTH} levels deep; the format needs 7"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


@dataclass
class LadderFiles:
    """Parsed content: one framework file, one scales file, the role files (by display name)."""

    framework: tuple[str, FrameworkFile] | None = None
    scales: tuple[str, ScalesFile] | None = None
    roles: list[tuple[str, RoleFile]] = field(default_factory=list)
    data_version: str = ""


def discover(paths: list[Path]) -> list[Path]:
    """The content files under the given files or folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in SUFFIXES and p.is_file() and not p.name.startswith(".")
            )
        elif path.exists():
            found.append(path)
    return found


def display_name(path: Path, roots: list[Path]) -> str:
    for root in roots:
        base = root if root.is_dir() else root.parent
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def kind_of(path: Path) -> type[BaseModel]:
    if path.stem == "framework":
        return FrameworkFile
    if path.stem == "scales":
        return ScalesFile
    return RoleFile


def _size(count: int) -> str:
    return f"{count / 1_000_000:.3g} MB" if count >= 1_000_000 else f"{count:,} bytes"


def read_bytes(path: Path, name: str, limit: int) -> bytes | FixtureError:
    """The file's bytes, never more than `limit`: a larger file is refused before it is read,
    and a device or pipe (`load_ladder /dev/zero`) is not read at all."""
    try:
        if not path.is_file():
            return FixtureError(name, "", "is not a regular file")
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as stream:
                raw = stream.read(limit + 1)  # the file may have grown since stat()
            size = len(raw)
    except OSError as error:
        return FixtureError(name, "", f"cannot be read: {error.strerror}")
    if size > limit:
        return FixtureError(
            name,
            "",
            f"file is {_size(size)}, the limit is {_size(limit)} (LADDER_FIXTURE_MAX_BYTES)",
        )
    return raw


def parse_file(raw: bytes, path: Path, name: str) -> tuple[BaseModel | None, list[FixtureError]]:
    data, errors = read_yaml(raw, name)
    if errors:
        return None, errors
    return validate_file(data, path, name)


def read_yaml(raw: bytes, name: str) -> tuple[dict[str, Any] | None, list[FixtureError]]:
    """The file's top-level mapping, or the errors that stop it being read. Plain data in and
    out, so that it can run in a worker process (read_all)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            FixtureError(
                name,
                f"line {line}",
                f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start})",
            )
        ]
    try:
        unsafe = refuse_unsafe_yaml(text, name)
        if unsafe:
            return None, [unsafe]
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.reader.ReaderError as error:
        # A raw control character: the reader gives no line, only an offset (in the UTF-8
        # bytes for libyaml, in characters for the pure-Python reader).
        before = (
            raw[: error.position].decode("utf-8", "ignore") if _LIBYAML else text[: error.position]
        )
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return None, [
            FixtureError(
                name,
                f"line {line}, column {column}",
                f"is not valid YAML/JSON: control character U+{error.character:04X} is not allowed",
            )
        ]
    except yaml.YAMLError as error:
        where = _where(getattr(error, "problem_mark", None))
        problem = getattr(error, "problem", None) or str(error)
        return None, [FixtureError(name, where, f"is not valid YAML/JSON: {problem}")]
    if data is None:
        return None, [FixtureError(name, "", "the file is empty")]
    if not isinstance(data, dict):
        return None, [
            FixtureError(
                name, "", f"expected a mapping at the top level, found {type(data).__name__}"
            )
        ]
    return data, []


def validate_file(
    data: dict[str, Any] | None, path: Path, name: str
) -> tuple[BaseModel | None, list[FixtureError]]:
    schema = kind_of(path)
    try:
        return schema.model_validate(data), []
    except ValidationError as error:
        return None, errors_from_validation(name, error)


# Reading YAML is most of a large load (~14 of ~55 s at x100, measured) and each file is read on
# its own, so many files are read by worker processes, one per core; a few are not worth
# starting them for (the shipped five: well under the ~0.1 s the workers take to start).
PARALLEL_FROM_FILES = 16
MAX_READ_WORKERS = 4


def read_all(
    jobs: list[tuple[bytes, str]], *, workers: int | None = None
) -> list[tuple[dict[str, Any] | None, list[FixtureError]]]:
    """read_yaml() of each (bytes, name), in order: in worker processes when there are many."""
    if workers is None:
        workers = min(len(os.sched_getaffinity(0)), MAX_READ_WORKERS)
    if workers < 2 or len(jobs) < PARALLEL_FROM_FILES:
        return [read_yaml(raw, name) for raw, name in jobs]
    # fork: the workers start with everything imported, and only call read_yaml (no database).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        raws, names = zip(*jobs, strict=True)
        return list(pool.map(read_yaml, raws, names, chunksize=4))


def read_files(paths: list[Path]) -> tuple[LadderFiles, list[FixtureError]]:
    """Parse every file, collecting the errors of all of them."""
    files = discover(paths)
    errors: list[FixtureError] = []
    result = LadderFiles()
    kinds = {kind_of(path) for path in files}
    digest = hashlib.sha256()
    for path in paths:
        if not path.exists():
            errors.append(FixtureError(path.as_posix(), "", "no such file or folder"))
    limit = settings.LADDER_FIXTURE_MAX_BYTES
    read: list[tuple[Path, str, bytes | FixtureError]] = []
    for path in files:
        name = display_name(path, paths)
        raw = read_bytes(path, name, limit)
        if not isinstance(raw, FixtureError):
            digest.update(name.encode() + b"\0" + raw + b"\0")
        read.append((path, name, raw))
    loaded = iter(read_all([(raw, name) for _, name, raw in read if isinstance(raw, bytes)]))
    for path, name, raw in read:
        if isinstance(raw, FixtureError):
            errors.append(raw)
            continue
        data, file_errors = next(loaded)
        parsed = None
        if not file_errors:
            parsed, file_errors = validate_file(data, path, name)
        errors.extend(file_errors)
        if isinstance(parsed, FrameworkFile):
            if result.framework:
                errors.append(
                    FixtureError(
                        name, "", f"a second framework file (the first is {result.framework[0]})"
                    )
                )
            result.framework = (name, parsed)
        elif isinstance(parsed, ScalesFile):
            if result.scales:
                errors.append(
                    FixtureError(
                        name, "", f"a second scales file (the first is {result.scales[0]})"
                    )
                )
            result.scales = (name, parsed)
        elif isinstance(parsed, RoleFile):
            result.roles.append((name, parsed))
    where = ", ".join(p.as_posix() for p in paths)
    if files and FrameworkFile not in kinds:
        errors.append(
            FixtureError(where, "", "framework.yaml is missing (sources, dimensions, regions)")
        )
    if files and ScalesFile not in kinds:
        errors.append(FixtureError(where, "", "scales.yaml is missing (scales and levels)"))
    if files and RoleFile not in kinds:
        errors.append(FixtureError(where, "", "no role files found (roles/<slug>.yaml)"))
    if not files and not errors:
        errors.append(FixtureError(where, "", "no content files found"))
    result.data_version = digest.hexdigest()[:16]
    return result, errors
