"""Hostile content files: crafted to exhaust memory or time, construct objects, smuggle control
characters or contradict themselves. Each is refused by `manage.py load_ladder` in bounded
time and memory, naming the file and the place, and the database is left as it was."""

import os
import typing

import pytest
from django.apps import apps
from django.db import models
from pydantic import BaseModel, TypeAdapter, ValidationError

from compensation.models import Band, PayRelation, Region
from ladder import fixture_schema as schema
from ladder.models import Framework, SearchAlias, SearchEntry, Source, StoredDocument
from levels.models import Level, Scale
from roles.models import (
    Aspect,
    CompetencyWeight,
    Dimension,
    Position,
    Role,
    RoleAlias,
    RoleClassification,
    RoleSkill,
    RoleStatement,
    Statement,
)
from tests.ladder.fixture_cases import (
    PM,
    PROGRAM,
    TPM,
    data_edit,
    first_band,
    prepend,
    refused,
    text,
    title_level,
)

pytestmark = pytest.mark.django_db

# Generous bounds: the shipped content loads in well under a second. A loader that expanded
# an alias bomb or read a 50 MB file whole would blow through both.
SECONDS = 5
PEAK_BYTES = 64_000_000

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

ASPECTS = ("positions", 0, "dimensions", "responsibilities", "aspects")


def at(data: dict, *keys: str | int) -> typing.Any:
    for key in keys:
        data = data[key]
    return data


def block_nesting(levels: int) -> str:
    return "".join(f"{'  ' * i}a:\n" for i in range(levels)) + f"{'  ' * levels}b: 1\n"


HOSTILE = [
    # --- resource exhaustion: refused before it is built -----------------------------------
    (
        "200,000 nested flow lists",
        PM,
        text("[" * 200_000 + "]" * 200_000),
        "line 1, column 21",
        "nested more than 20 levels deep",
    ),
    (
        "30 nested block mappings",
        PM,
        prepend(block_nesting(30)),
        "line 21, column 41",
        "nested more than 20 levels deep",
    ),
    (
        "billion laughs",
        PM,
        text(BILLION_LAUGHS),
        "line 1, column 4",
        "anchors (&a) are not allowed",
    ),
    (
        "anchor and merge shared by positions",
        PM,
        prepend("defaults: &position {source: ladder-editorial}\n"),
        "line 1, column 11",
        "anchors (&position) are not allowed",
    ),
    ("alias", PM, prepend("again: *position\n"), "line 1, column 8", "aliases (*position)"),
    (
        "merge key hiding a field",
        "framework.yaml",
        prepend("<<: {framework: {}}\n"),
        "line 1, column 1",
        "merge keys (<<) are not allowed",
    ),
    (
        "5,000-digit number",
        PM,
        prepend("population: " + "9" * 5_000 + "\n"),
        "line 1, column 13",
        "Exceeds the limit (4300 digits)",
    ),
    # --- tags that construct objects ---------------------------------------------------------
    (
        "python object tag",
        PM,
        prepend("hook: !!python/object/apply:os.system ['touch pwned']\n"),
        "line 1, column 7",
        "tags (!!python/object/apply:os.system) are not allowed",
    ),
    (
        "custom include tag",
        "scales.yaml",
        prepend("more: !include /etc/passwd\n"),
        "line 1, column 7",
        "tags (!include) are not allowed",
    ),
    (
        "binary tag",
        PM,
        prepend("blob: !!binary aGVsbG8=\n"),
        "line 1, column 7",
        "tags (!!binary) are not allowed",
    ),
    # --- encodings and control characters ----------------------------------------------------
    (
        "Latin-1 byte in a comment",
        PM,
        prepend(b"# written on a caf\xe9 terminal\n"),
        "line 1",
        "is not UTF-8 text (byte 0xe9 at offset 18)",
    ),
    (
        "UTF-16 file",
        "scales.yaml",
        lambda path: path.write_bytes(path.read_text().encode("utf-16")),
        "line 1",
        "is not UTF-8 text (byte 0xff at offset 0)",
    ),
    (
        "raw control character",
        PM,
        prepend("# café\nnote: ring \x07 the bell\n"),
        "line 2, column 12",
        "control character U+0007 is not allowed",
    ),
    (
        "escaped NUL in a statement",
        PM,
        data_edit(lambda d: at(d, *ASPECTS).update({"roadmap-ownership": "Owns\x00 it"})),
        "positions[0].dimensions.responsibilities.aspects.roadmap-ownership.text",
        "control character U+0000 (at character 5)",
    ),
    (
        "terminal escape in a label",
        PM,
        data_edit(lambda d: d["topics"]["snapshot"][0].update(label="\x1b[2JCleared")),
        "topics.snapshot[0].label",
        "control character U+001B (at character 1)",
    ),
    (
        "control character hidden at the end of a name",
        "scales.yaml",
        data_edit(lambda d: d["scales"][0].update(name="Professional scale\x1f")),
        "scales[0].name",
        "control character U+001F",
    ),
    (
        "terminal escape in an unknown key",
        PM,
        data_edit(lambda d: d["positions"][0].update({"\x1b[31mred": "x"})),
        "positions[0]['\\x1b[31mred']",
        "unknown field",
    ),
    (
        "lone surrogate escape",
        PM,
        prepend('surrogate: "\\ud800"\n'),
        "line 1, column 15",
        "invalid Unicode character escape code",
    ),
    # --- keys --------------------------------------------------------------------------------
    (
        "duplicate key inside a position",
        PM,
        text("slug: product-manager\npositions:\n  - level: p2\n    title: A\n    title: B\n"),
        "line 5, column 5",
        "duplicate key 'title'",
    ),
    (
        "duplicate key hidden by a space",
        PM,
        data_edit(lambda d: at(d, *ASPECTS).update({" roadmap-ownership": "Owns it twice."})),
        "positions[0].dimensions.responsibilities.aspects[' roadmap-ownership'] (key)",
        "should match pattern",
    ),
    ("list as a key", PM, prepend("? [a, b]\n: c\n"), "line 1, column 3", "not a list"),
    ("number as a key", PM, prepend("2024: a good year\n"), "line 1, column 1", "not int '2024'"),
    ("yes as a key", PM, prepend("yes: please\n"), "line 1, column 1", "not bool 'yes'"),
    # --- numbers as strings, strings as numbers ----------------------------------------------
    (
        "pay as a string",
        PM,
        data_edit(lambda d: first_band(d).update(minimum="83000")),
        "positions[0].bands[0].minimum",
        "valid integer",
    ),
    (
        "year as a string",
        PM,
        data_edit(lambda d: first_band(d).update(year="2024")),
        "positions[0].bands[0].year",
        "valid integer",
    ),
    (
        "years of experience as a string",
        "scales.yaml",
        data_edit(lambda d: d["scales"][0]["levels"][0]["years"].update(min="1")),
        "scales[0].levels[0].years.min",
        "valid integer",
    ),
    (
        "flag as a string",
        PM,
        data_edit(lambda d: first_band(d).update(maximum_is_open="yes")),
        "positions[0].bands[0].maximum_is_open",
        "valid boolean",
    ),
    (
        "competency weight as a string",
        PM,
        data_edit(lambda d: d["competencies"][0].update(weight="95")),
        "competencies[0].weight",
        "valid integer",
    ),
    (
        "title as a number",
        PM,
        data_edit(lambda d: d["positions"][0].update(title=12345)),
        "positions[0].title",
        "valid string",
    ),
    (
        "name as a boolean",
        PM,
        data_edit(lambda d: d.update(name=True)),
        "name",
        "valid string",
    ),
    (
        "statement as a number",
        PM,
        data_edit(lambda d: at(d, *ASPECTS).update({"roadmap-ownership": 42})),
        "positions[0].dimensions.responsibilities.aspects.roadmap-ownership",
        "valid dictionary",
    ),
    (
        "impossible date",
        "framework.yaml",
        prepend("founded: 2024-13-45\n"),
        "line 1, column 10",
        "cannot read '2024-13-45': month must be in 1..12",
    ),
    # --- pay ---------------------------------------------------------------------------------
    (
        "zero pay",
        PM,
        data_edit(lambda d: first_band(d).update(minimum=0)),
        "positions[0].bands[0].minimum",
        "greater than 0",
    ),
    (
        "fractional pay",
        PM,
        data_edit(lambda d: first_band(d).update(minimum=83000.5)),
        "positions[0].bands[0].minimum",
        "valid integer",
    ),
    (
        "absurd pay",
        PM,
        data_edit(lambda d: first_band(d).update(maximum=104_000_000)),
        "positions[0].bands[0].maximum",
        "104,000,000 USD a year is not plausible pay",
    ),
    (
        "absurd pay in an example",
        TPM,
        data_edit(lambda d: d["pay_relations"][0]["example"].update(reference=1_200_000_000)),
        "pay_relations[0].example.reference",
        "not plausible pay",
    ),
    (
        "pay beyond the database column",
        PM,
        data_edit(lambda d: first_band(d).update(currency="JPY", maximum=3_000_000_000)),
        "positions[0].bands[0].maximum",
        "less than or equal to 2147483647",
    ),
    # --- lengths beyond the database columns -------------------------------------------------
    (
        "slug longer than its column",
        "framework.yaml",
        data_edit(lambda d: d["regions"][0].update(code="r" * 51)),
        "regions[0].code",
        "at most 50 characters",
    ),
    (
        "name longer than its column",
        PM,
        data_edit(lambda d: d.update(name="Product Manager " * 13)),
        "name",
        "at most 200 characters",
    ),
    # --- references in a cycle ---------------------------------------------------------------
    (
        "pay relations in a cycle of two",
        PM,
        data_edit(
            lambda d: d.update(
                pay_relations=[
                    {
                        "relative_to": "technical-product-manager",
                        "premium_min_pct": -15,
                        "premium_max_pct": -5,
                    }
                ]
            )
        ),
        "pay_relations[0].relative_to",
        "go round in a circle (product-manager → technical-product-manager → product-manager)",
    ),
    (
        "title level mapped onto a title level",
        "scales.yaml",
        data_edit(lambda d: title_level(d)["maps_to"].update({"to": "tpm-ii"})),
        "scales[1].levels[0].maps_to.to",
        "'tpm-ii' is not a level of a professional scale",
    ),
]


@pytest.mark.parametrize(
    ("file", "fault", "path", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_file_is_refused_in_bounded_time_and_memory(
    fixtures_copy, file, fault, path, message
):
    fault(fixtures_copy / file)
    refusal = refused(fixtures_copy)
    assert message in refusal.line_for(file, path)
    assert refusal.seconds < SECONDS
    assert refusal.peak_bytes < PEAK_BYTES


def test_a_50_mb_file_is_refused_before_it_is_read(fixtures_copy):
    role = fixtures_copy / PM
    statement = "  - " + "A statement long enough to make the file large, " * 20 + "\n"
    with role.open("a") as stream:
        stream.write("padding:\n")
        for _ in range(50_000_000 // len(statement) + 1):
            stream.write(statement)
    size = role.stat().st_size
    refusal = refused(fixtures_copy)
    line = refusal.line_for(PM, "")
    assert f"file is {size / 1_000_000:.3g} MB, the limit is 8 MB" in line
    # Reading it alone would hold 50 MB; parsing it, many times that.
    assert refusal.peak_bytes < 20_000_000
    assert refusal.seconds < SECONDS


def test_the_size_limit_is_a_setting(fixtures_copy, settings):
    settings.LADDER_FIXTURE_MAX_BYTES = 100_000
    size = (fixtures_copy / TPM).stat().st_size
    refusal = refused(fixtures_copy)
    assert (
        f"{TPM}: file is {size:,} bytes, the limit is 100,000 bytes (LADDER_FIXTURE_MAX_BYTES)"
        in refusal.lines
    )
    assert not any(line.startswith(PM) for line in refusal.lines)  # a smaller file still loads


def test_a_pipe_is_not_read(fixtures_copy, tmp_path):
    # Opening a FIFO with no writer blocks for ever; /dev/zero never ends. Neither is read.
    pipe = tmp_path / "roles.yaml"
    os.mkfifo(pipe)
    refusal = refused(fixtures_copy, pipe)
    assert "is not a regular file" in refusal.line_for("roles.yaml", "")
    assert refusal.seconds < SECONDS


def test_a_python_tag_constructs_nothing(fixtures_copy, tmp_path):
    marker = tmp_path / "constructed"
    prepend(f"hook: !!python/object/apply:os.system ['touch {marker}']\n")(fixtures_copy / PM)
    refused(fixtures_copy)
    assert not marker.exists()


def test_a_cycle_of_three_pay_relations_is_named_once(fixtures_copy):
    def relative_to(slug: str):
        relation = {"relative_to": slug, "premium_min_pct": 0, "premium_max_pct": 10}
        return data_edit(lambda d: d.update(pay_relations=[relation]))

    relative_to("technical-program-manager")(fixtures_copy / PM)
    relative_to("technical-product-manager")(fixtures_copy / PROGRAM)
    # The shipped technical product manager file is relative to the product manager.
    refusal = refused(fixtures_copy)
    cycles = [line for line in refusal.lines if "go round in a circle" in line]
    assert cycles == [
        f"{PM}: pay_relations[0].relative_to: pay relations go round in a circle "
        "(product-manager → technical-program-manager → technical-product-manager → "
        "product-manager); one of these roles must be the one the others are measured against"
    ]


def test_hostile_and_malformed_cases_are_at_least_forty():
    from tests.ladder.test_fixture_faults import FAULTS

    names = [name for name, *_ in FAULTS] + [name for name, *_ in HOSTILE]
    separate = 5  # the 50 MB file, the lowered limit, the pipe, the python tag, the 3-cycle
    assert len(set(names)) == len(names)
    assert len(names) + separate >= 40


# --- every text the files give fits the database column it is written to -------------------

# (schema model, field) -> the column it is loaded into (see ladder/loader.py).
COLUMNS: list[tuple[type[BaseModel], str, type[models.Model], str]] = [
    (schema.FrameworkIn, "slug", Framework, "slug"),
    (schema.FrameworkIn, "name", Framework, "name"),
    (schema.FrameworkIn, "version", Framework, "version"),
    (schema.SourceIn, "slug", Source, "slug"),
    (schema.SourceIn, "title", Source, "title"),
    (schema.SourceIn, "file_name", Source, "file_name"),
    (schema.SourceIn, "publisher", Source, "publisher"),
    (schema.DimensionIn, "slug", Dimension, "slug"),
    (schema.DimensionIn, "name", Dimension, "name"),
    (schema.AspectIn, "slug", Aspect, "slug"),
    (schema.AspectIn, "name", Aspect, "name"),
    (schema.RegionIn, "code", Region, "code"),
    (schema.RegionIn, "name", Region, "name"),
    (schema.ScaleIn, "slug", Scale, "slug"),
    (schema.ScaleIn, "name", Scale, "name"),
    (schema.LevelIn, "slug", Level, "slug"),
    (schema.LevelIn, "code", Level, "code"),
    (schema.LevelIn, "name", Level, "name"),
    (schema.LevelDefinitionIn, "typical_experience", Level, "typical_experience"),
    (schema.RoleFile, "slug", Role, "slug"),
    (schema.RoleFile, "name", Role, "name"),
    (schema.RoleFile, "family", Role, "family"),
    (schema.RoleFile, "abbreviations", RoleAlias, "text"),
    (schema.RoleFile, "aliases", RoleAlias, "text"),
    (schema.ClassificationIn, "system", RoleClassification, "system"),
    (schema.ClassificationIn, "code", RoleClassification, "code"),
    (schema.ClassificationIn, "title", RoleClassification, "title"),
    (schema.SkillIn, "name", RoleSkill, "name"),
    (schema.CompetencyIn, "name", CompetencyWeight, "name"),
    (schema.StatementIn, "label", RoleStatement, "label"),
    (schema.StatementIn, "label", Statement, "label"),
    (schema.PositionIn, "title", Position, "title"),
]
# Columns of limited length not filled with free text from the files, and why.
NOT_FROM_FILE_TEXT = {
    (Framework, "data_version"),  # a digest of the files
    (Position, "key"),  # role slug + "." + level slug: 50 + 1 + 50 characters at most
    (Band, "currency"),  # ISO 4217: three letters
    (PayRelation, "example_currency"),
    (StoredDocument, "data_version"),  # built by the app, not read from the files
    (StoredDocument, "key"),
    (StoredDocument, "content_type"),
    (SearchEntry, "role"),  # a role's slug (50 characters at most), copied by the index's builder
    (SearchAlias, "role"),
}


@pytest.mark.parametrize(
    ("model", "field", "column_model", "column"),
    COLUMNS,
    ids=[f"{m.__name__}.{f}" for m, f, *_ in COLUMNS],
)
def test_text_the_format_accepts_fits_its_column(model, field, column_model, column):
    length = column_model._meta.get_field(column).max_length
    hint = typing.get_type_hints(model, include_extras=True)[field]
    adapter = TypeAdapter(hint)

    def value(size: int) -> object:
        filled = "0.0." + "0" * (size - 4) if field == "version" else "a" * size
        return [filled] if typing.get_origin(hint) is list else filled

    adapter.validate_python(value(length))  # the whole column is usable…
    with pytest.raises(ValidationError, match=f"at most {length} characters"):
        adapter.validate_python(value(length + 1))  # …and nothing longer gets through


def test_every_limited_column_is_checked():
    limited = {
        (model, field.name)
        for label in ("ladder", "levels", "roles", "compensation")
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.max_length and not field.choices
    }
    checked = {(m, c) for *_, m, c in COLUMNS}
    assert limited - checked - NOT_FROM_FILE_TEXT == set()
