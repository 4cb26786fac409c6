"""The format of Ladder's content files, as pydantic models.

Three kinds of file (see fixtures/README.md):
- framework.yaml — the framework's version, sources, dimensions with their aspects, regions;
- scales.yaml — the P-scale and title scales with their levels and mappings;
- roles/<slug>.yaml — one role with its positions, statements and bands.

Checks that need only one file live here; references across files are checked by
`ladder.fixture_references`.
"""

import datetime
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_extra_types.currency_code import ISO4217

# Control characters (C0 but tab, newline and carriage return; DEL; C1) and lone surrogates
# are never content: PostgreSQL refuses NUL and surrogates mid-load, and an escape sequence in
# text is a terminal or log injection. YAML lets a double-quoted "\x00" or "\e" through.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _no_control_characters(value: object) -> object:
    # Before the string checks: pydantic refuses a surrogate without saying where, and
    # str.strip() would silently drop control characters at either end.
    found = _CONTROL.search(value) if isinstance(value, str) else None
    if found:
        raise ValueError(
            f"contains the control character U+{ord(found.group()):04X} "
            f"(at character {found.start() + 1}); text must be printable"
        )
    return value


# Slugs are not stripped: " p3" and "p3" must not become one key. Their length is the
# database column's (SlugField, 50); every length limit below is its column's, so text that
# fits the format always fits the database (tests/ladder/test_fixture_hostile.py checks).
Slug = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=50, strip_whitespace=False
    ),
]
_PRINTABLE = BeforeValidator(_no_control_characters)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), _PRINTABLE]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True), _PRINTABLE]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _PRINTABLE
]
Label = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300), _PRINTABLE]
Confidence = Literal["high", "medium", "low"]

# Pay is a whole, positive amount a year. The database column holds up to 2,147,483,647; the
# plausible ceiling is lower and depends on the currency (see `plausible_pay`).
Money = Annotated[int, Field(gt=0, le=2_147_483_647)]
PAY_CEILING = 10_000_000
# Currencies whose unit is worth far less than a US dollar (roughly 50 or more to the dollar):
# ten million of them is ordinary pay, so only the database column bounds them. Listing a
# currency here is an order-of-magnitude judgement, not an exchange rate.
SMALL_UNIT_CURRENCIES = frozenset(
    {
        "ARS", "BDT", "CLP", "COP", "HUF", "IDR", "INR", "IQD", "IRR", "ISK", "JPY", "KES",
        "KRW", "KZT", "LKR", "MMK", "NGN", "PHP", "PKR", "RUB", "TZS", "UGX", "UZS", "VND",
    }
)  # fmt: skip


def plausible_pay(value: int | None, info: ValidationInfo) -> int | None:
    """A figure above the ceiling is a typo (a zero too many) or a joke, not pay."""
    currency = info.data.get("currency")
    if value is None or currency is None or currency in SMALL_UNIT_CURRENCIES:
        return value  # an unknown currency is reported on its own field
    if value > PAY_CEILING:
        raise ValueError(
            f"{value:,} {currency} a year is not plausible pay (the ceiling is "
            f"{PAY_CEILING:,} {currency}; is there a zero too many?)"
        )
    return value


def _text_shorthand(value: object) -> object:
    # A bare string is the common case in the files: let authors write it as one.
    return {"text": value} if isinstance(value, str) else value


class Strict(BaseModel):
    # strict: a number written as text ("120000") or text written as a number is refused, not
    # converted; what the author wrote is what is loaded.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, strict=True)


class Citation(Strict):
    """Where a fact came from. Omitted values inherit from the enclosing position or role."""

    source: Slug | None = None
    confidence: Confidence | None = None


def unique(items: list, key, what: str) -> list:
    seen: set = set()
    for index, item in enumerate(items):
        value = key(item)
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r} at index {index}")
        seen.add(value)
    return items


# --- framework.yaml --------------------------------------------------------------------------


class FrameworkIn(Strict):
    slug: Slug
    name: Name
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$", max_length=40)]
    review_status: Literal["draft", "in-review", "approved"]
    # Not strict: YAML reads 2025-01-31 as a date, but a JSON file can only write a string.
    reviewed_on: Annotated[datetime.date, Field(strict=False)] | None = None
    description: Text


class DetailIn(Strict):
    label: Text
    value: Text


class SourceIn(Strict):
    slug: Slug
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), _PRINTABLE
    ]
    kind: Literal["seed", "editorial"]
    file_name: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=200), _PRINTABLE
    ] = ""
    publisher: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=200), _PRINTABLE
    ] = ""
    summary: Text
    confidence: Confidence
    contributed: list[Text] = []
    details: list[DetailIn] = []

    @model_validator(mode="after")
    def seed_names_its_file(self) -> "SourceIn":
        if self.kind == "seed" and not self.file_name:
            raise ValueError("a seed source must name its file_name")
        return self


class AspectIn(Strict):
    slug: Slug
    name: Name
    description: OptionalText = ""


class DimensionIn(Strict):
    slug: Slug
    name: Name
    description: Text
    aspects: list[AspectIn] = []

    @field_validator("aspects")
    @classmethod
    def aspects_unique(cls, value: list[AspectIn]) -> list[AspectIn]:
        return unique(value, lambda a: a.slug, "aspect slug")


class RegionIn(Strict):
    code: Slug
    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _PRINTABLE
    ]


class FrameworkFile(Strict):
    framework: FrameworkIn
    sources: list[SourceIn] = Field(min_length=1)
    dimensions: list[DimensionIn] = Field(min_length=1)
    regions: list[RegionIn] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def sources_unique(cls, value: list[SourceIn]) -> list[SourceIn]:
        return unique(value, lambda s: s.slug, "source slug")

    @field_validator("dimensions")
    @classmethod
    def dimensions_unique(cls, value: list[DimensionIn]) -> list[DimensionIn]:
        return unique(value, lambda d: d.slug, "dimension slug")

    @field_validator("regions")
    @classmethod
    def regions_unique(cls, value: list[RegionIn]) -> list[RegionIn]:
        return unique(value, lambda r: r.code, "region code")


# --- scales.yaml -----------------------------------------------------------------------------


class YearsIn(Strict):
    min: Annotated[int, Field(ge=0, le=60)]
    max: Annotated[int, Field(ge=0, le=60)] | None = None

    @model_validator(mode="after")
    def min_not_above_max(self) -> "YearsIn":
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class LevelDefinitionIn(Citation):
    scope: Text
    autonomy: Text
    complexity: Text
    impact: Text
    decision_rights: Text
    leadership: Text
    typical_experience: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), _PRINTABLE
    ]


class MappingIn(Citation):
    """The P-levels a title level corresponds to: `from` and `to` are P-level slugs."""

    from_level: Slug = Field(alias="from")
    to_level: Slug = Field(alias="to")
    note: Text
    source: Slug  # a mapping always says who made it


class LevelIn(Strict):
    slug: Slug
    code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20), _PRINTABLE
    ]
    name: Name
    summary: Text
    years: YearsIn | None = None
    definition: LevelDefinitionIn | None = None
    maps_to: MappingIn | None = None


class ScaleIn(Strict):
    slug: Slug
    name: Name
    kind: Literal["professional", "title"]
    description: Text
    levels: list[LevelIn] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def levels_unique(cls, value: list[LevelIn]) -> list[LevelIn]:
        unique(value, lambda level: level.slug, "level slug")
        return unique(value, lambda level: level.code, "level code")

    @model_validator(mode="after")
    def levels_fit_the_kind(self) -> "ScaleIn":
        for index, level in enumerate(self.levels):
            if self.kind == "professional":
                if level.definition is None:
                    raise ValueError(
                        f"levels[{index}] ({level.slug}): a professional level needs a definition"
                    )
                if level.maps_to is not None:
                    raise ValueError(
                        f"levels[{index}] ({level.slug}): a professional level maps to nothing"
                    )
            elif level.maps_to is None:
                raise ValueError(
                    f"levels[{index}] ({level.slug}): a title level must state maps_to"
                )
        return self


class ScalesFile(Strict):
    scales: list[ScaleIn] = Field(min_length=1)

    @field_validator("scales")
    @classmethod
    def scales_unique(cls, value: list[ScaleIn]) -> list[ScaleIn]:
        return unique(value, lambda s: s.slug, "scale slug")


# --- roles/<slug>.yaml -----------------------------------------------------------------------


class StatementIn(Citation):
    text: Text
    label: Label = ""


StatementLike = Annotated[StatementIn, BeforeValidator(_text_shorthand)]


class DimensionContentIn(Strict):
    """A position's content for one dimension: one statement per aspect, then bullets."""

    aspects: dict[Slug, StatementLike] = {}
    statements: list[StatementLike] = []


class BandIn(Citation):
    region: Slug
    currency: ISO4217
    basis: Literal["base-salary", "total-cash", "total-compensation"]
    minimum: Money | None = None
    median: Money | None = None
    maximum: Money | None = None
    maximum_is_open: bool = False
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    note: OptionalText = ""

    # Field validators (not one model validator) so an error names the figure that is wrong,
    # e.g. `bands[0].median`, rather than the whole band.
    _plausible = field_validator("minimum", "median", "maximum")(plausible_pay)

    @field_validator("median")
    @classmethod
    def median_not_below_minimum(cls, value: int | None, info: ValidationInfo) -> int | None:
        minimum = info.data.get("minimum")
        if value is not None and minimum is not None and minimum > value:
            raise ValueError(f"median ({value}) is below minimum ({minimum})")
        return value

    @field_validator("maximum")
    @classmethod
    def maximum_not_below_the_rest(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return value
        for name in ("median", "minimum"):
            lower = info.data.get(name)
            if lower is not None and lower > value:
                raise ValueError(f"maximum ({value}) is below {name} ({lower})")
        return value

    @model_validator(mode="after")
    def has_a_figure(self) -> "BandIn":
        if self.minimum is None and self.median is None and self.maximum is None:
            raise ValueError("a band needs at least one of minimum, median, maximum")
        if self.maximum_is_open and self.maximum is None:
            raise ValueError("maximum_is_open needs the maximum it is open above")
        return self


class PositionIn(Citation):
    level: Slug
    title: Name
    summary: Text
    dimensions: dict[Slug, DimensionContentIn]
    bands: list[BandIn] = []

    @field_validator("bands")
    @classmethod
    def bands_unique(cls, value: list[BandIn]) -> list[BandIn]:
        return unique(
            value, lambda b: (b.region, b.currency, b.basis), "band (region, currency, basis)"
        )


class ClassificationIn(Citation):
    system: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), _PRINTABLE
    ]
    code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), _PRINTABLE
    ]
    title: Name


class SkillIn(Citation):
    name: Name
    kind: Literal["skill", "tool"]
    description: OptionalText = ""


class CompetencyIn(Citation):
    name: Name
    weight: Annotated[int, Field(ge=0, le=100)]


class PayExampleIn(Strict):
    currency: ISO4217
    reference: Money
    minimum: Money
    maximum: Money

    _plausible = field_validator("reference", "minimum", "maximum")(plausible_pay)

    @model_validator(mode="after")
    def min_not_above_max(self) -> "PayExampleIn":
        if self.minimum > self.maximum:
            raise ValueError(f"minimum ({self.minimum}) is greater than maximum ({self.maximum})")
        return self


class PayRelationIn(Citation):
    relative_to: Slug
    premium_min_pct: Annotated[int, Field(ge=-100, le=1000)]
    premium_max_pct: Annotated[int, Field(ge=-100, le=1000)]
    example: PayExampleIn | None = None
    note: OptionalText = ""

    @model_validator(mode="after")
    def min_not_above_max(self) -> "PayRelationIn":
        if self.premium_min_pct > self.premium_max_pct:
            raise ValueError("premium_min_pct is greater than premium_max_pct")
        return self


RoleTopicSlug = Literal[
    "distinct-from",
    "snapshot",
    "responsibility",
    "kpi",
    "deliverable",
    "day-in-the-life",
    "when-to-hire",
    "hiring-signal",
    "collaboration",
    "transition",
    "career-outlook",
    "skill-building",
    "market-context",
    "job-description",
    "myth",
    "faq",
]


class RoleFile(Citation):
    """One role. Its `source` and `confidence` are the defaults for everything inside it."""

    slug: Slug
    name: Name
    family: Name
    summary: Text
    order: Annotated[int, Field(ge=0, le=10_000)]
    source: Slug
    confidence: Confidence
    abbreviations: list[Name] = []
    aliases: list[Name] = []
    classifications: list[ClassificationIn] = []
    skills: list[SkillIn] = []
    competencies: list[CompetencyIn] = []
    topics: dict[RoleTopicSlug, list[StatementLike]] = {}
    pay_relations: list[PayRelationIn] = []
    positions: list[PositionIn] = Field(min_length=1)

    @field_validator("positions")
    @classmethod
    def positions_unique(cls, value: list[PositionIn]) -> list[PositionIn]:
        return unique(value, lambda p: p.level, "position level")

    @field_validator("skills")
    @classmethod
    def skills_unique(cls, value: list[SkillIn]) -> list[SkillIn]:
        return unique(value, lambda s: s.name.casefold(), "skill name")

    @field_validator("competencies")
    @classmethod
    def competencies_unique(cls, value: list[CompetencyIn]) -> list[CompetencyIn]:
        return unique(value, lambda c: c.name.casefold(), "competency name")

    @field_validator("classifications")
    @classmethod
    def classifications_unique(cls, value: list[ClassificationIn]) -> list[ClassificationIn]:
        return unique(value, lambda c: (c.system, c.code), "classification")

    @field_validator("abbreviations", "aliases")
    @classmethod
    def names_unique(cls, value: list[str]) -> list[str]:
        return unique(value, str.casefold, "name")

    @field_validator("pay_relations")
    @classmethod
    def relations_unique(cls, value: list[PayRelationIn]) -> list[PayRelationIn]:
        return unique(value, lambda r: r.relative_to, "pay relation")
