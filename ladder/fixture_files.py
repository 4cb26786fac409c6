"""Find and parse the content files: YAML (or JSON, which is YAML) into the pydantic schema."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ladder.fixture_errors import FixtureError, errors_from_validation
from ladder.fixture_schema import FrameworkFile, RoleFile, ScalesFile

SUFFIXES = {".yaml", ".yml", ".json"}


# libyaml's C parser is ~20x faster than the pure-Python one (it decides whether a x100 ladder
# loads in seconds or minutes); the construction, and so the duplicate-key check, is the same.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML keeps the last of two equal keys; in hand-edited content that hides a mistake."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (line {mark.line + 1})", mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


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


def parse_file(path: Path, name: str) -> tuple[BaseModel | None, list[FixtureError]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [FixtureError(name, "", f"cannot be read: {error.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [FixtureError(name, "", f"is not UTF-8 text (byte {error.start})")]
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
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
    schema = kind_of(path)
    try:
        return schema.model_validate(data), []
    except ValidationError as error:
        return None, errors_from_validation(name, error)


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
    for path in files:
        name = display_name(path, paths)
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        parsed, file_errors = parse_file(path, name)
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
