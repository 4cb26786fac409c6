"""Reads for pages that concern the ladder as a whole: home, sources and the comparison's
choice of positions."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from compensation.models import Band
from ladder.models import Framework, Source
from levels.selectors import ScaleMap, ladder_levels, scale_map
from roles.models import AliasKind, Position, Role, RoleAlias, RoleSkill, RoleStatement, Statement
from roles.selectors import position_url


@dataclass(frozen=True)
class PickerGroup:
    """An <optgroup> of the compare picker: one role on one scale."""

    label: str
    options: list[tuple[str, str]]  # (position key, label)


@dataclass(frozen=True)
class PositionChoice:
    """A position a comparison can choose: its key, a label for an <option>, its page."""

    key: str
    label: str  # "Technical Product Manager, P3"
    title: str
    url: str


@dataclass(frozen=True)
class ChoiceGroup:
    """The positions of one role on one scale (an <optgroup>), in ladder order."""

    label: str
    choices: list[PositionChoice]


def choice_groups(positions: Iterable[Position]) -> list[ChoiceGroup]:
    """Positions (with role and level__scale) grouped by role and scale, in the given order."""
    groups: dict[tuple[int, int], ChoiceGroup] = {}
    for p in positions:
        group = groups.setdefault(
            (p.role_id, p.level.scale_id),
            ChoiceGroup(label=f"{p.role.name} — {p.level.scale.name}", choices=[]),
        )
        group.choices.append(
            PositionChoice(
                key=p.key,
                label=f"{p.role.name}, {p.level.code}",
                title=p.title,
                url=position_url(p.role.slug, p.level.slug),
            )
        )
    return list(groups.values())


def position_choices() -> list[ChoiceGroup]:
    """Every position, grouped by role and scale, for the comparison's form. One query."""
    return choice_groups(Position.objects.select_related("role", "level__scale").ladder_order())


@dataclass(frozen=True)
class HomeOverview:
    framework: Framework | None
    roles: Sequence[Role]
    scale_map: ScaleMap
    picker: list[PickerGroup]
    picker_defaults: tuple[str, str]
    ambiguous: list[tuple[str, list[Role]]]


def home_overview() -> HomeOverview:
    """Four queries: framework, roles (+ abbreviations), positions, levels."""
    abbreviations = RoleAlias.objects.filter(kind=AliasKind.ABBREVIATION)
    roles = list(
        Role.objects.order_by("order").prefetch_related(
            Prefetch("aliases", queryset=abbreviations, to_attr="abbreviations")
        )
    )
    positions = list(Position.objects.select_related("role", "level__scale").ladder_order())
    picker = [
        PickerGroup(label=group.label, options=[(c.key, c.label) for c in group.choices])
        for group in choice_groups(positions)
    ]
    keys = [p.key for p in positions]
    first = next((p.key for p in positions if p.level.slug == "p3"), keys[0] if keys else "")
    second = next(
        (p.key for p in positions if p.level.slug == "p3" and p.key != first),
        keys[1] if len(keys) > 1 else first,
    )

    by_text: dict[str, list[Role]] = {}
    for role in roles:
        for alias in role.abbreviations:  # type: ignore[attr-defined]
            by_text.setdefault(alias.text, []).append(role)
    ambiguous = [(text, rs) for text, rs in by_text.items() if len(rs) > 1]

    return HomeOverview(
        framework=Framework.objects.first(),
        roles=roles,
        scale_map=scale_map(ladder_levels()),
        picker=picker,
        picker_defaults=(first, second),
        ambiguous=ambiguous,
    )


@dataclass(frozen=True)
class SourceEntry:
    number: int
    source: Source
    statements: int
    role_statements: int
    skills: int
    bands: int

    @property
    def anchor(self) -> str:
        return f"source-{self.source.slug}"


@dataclass(frozen=True)
class SourcesOverview:
    framework: Framework | None
    entries: list[SourceEntry]


def sources_overview() -> SourcesOverview:
    """Six queries: framework, sources, and how many facts of each kind cite each source."""

    def counts(model: type[Statement | RoleStatement | RoleSkill | Band]) -> dict[int, int]:
        rows = model.objects.order_by().values("source_id").annotate(n=Count("pk"))
        return {row["source_id"]: row["n"] for row in rows}

    statements, role_statements = counts(Statement), counts(RoleStatement)
    skills, bands = counts(RoleSkill), counts(Band)
    entries = [
        SourceEntry(
            number=n,
            source=source,
            statements=statements.get(source.pk, 0),
            role_statements=role_statements.get(source.pk, 0),
            skills=skills.get(source.pk, 0),
            bands=bands.get(source.pk, 0),
        )
        for n, source in enumerate(Source.objects.order_by("order"), start=1)
    ]
    return SourcesOverview(framework=Framework.objects.first(), entries=entries)
