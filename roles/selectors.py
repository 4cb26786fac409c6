"""Reads for the role pages: each selector shapes one queryset for one page and returns
everything the page shows, already cited, so templates never touch the database.

Band data reaches these pages through the relations' names ("positions__bands"): roles does not
import compensation.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from heapq import merge
from itertools import islice
from typing import Any

from django.db.models import Count, Prefetch, Q, Window
from django.utils.safestring import SafeString

from ladder.citations import Citation, Citations, CitedSource, sources_of
from ladder.models import Source
from ladder.reversing import url
from levels.models import Level, Scale
from levels.selectors import DEFINITION_FIELDS
from roles import jsonld
from roles.charts import (
    BarChart,
    PayRow,
    RangeChart,
    group_pay_rows,
    pay_row,
    range_chart,
    weight_chart,
)
from roles.models import (
    AliasKind,
    Dimension,
    Position,
    Role,
    RoleAlias,
    RoleTopic,
    SkillKind,
    Statement,
)

CAREER_DIMENSION, CAREER_ASPECT = "career-paths", "career-path"
RESPONSIBILITIES_DIMENSION = "responsibilities"
SKILLS_DIMENSION = "skills"


def statement_anchor(dimension_slug: str, aspect_slug: str | None, order: int) -> str:
    """The id of a statement on its position page: a cell by its aspect, a bullet by its place."""
    if aspect_slug:
        return f"{dimension_slug}-{aspect_slug}"
    return f"{dimension_slug}-item-{order + 1}"


def topic_anchor(topic: str, order: int) -> str:
    """The id of a role-wide statement on its role page."""
    return f"{topic}-{order + 1}"


def role_url(role_slug: str) -> str:
    return url("roles:profile", role_slug)


def position_url(role_slug: str, level_slug: str) -> str:
    return url("roles:position", role_slug, level_slug)


def level_years(level: Level) -> tuple[int | None, int | None]:
    """A level's typical years; a title level takes them from the P-levels it maps onto."""
    if level.years_min is not None or not level.is_title_level:
        return level.years_min, level.years_max
    low, high = level.maps_to_min, level.maps_to_max
    return (low.years_min if low else None), (high.years_max if high else None)


def years_label(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    return f"{low}+ yrs" if high is None else f"{low}–{high} yrs"


def mapping_label(level: Level) -> str:
    if not level.is_title_level or level.maps_to_min is None or level.maps_to_max is None:
        return ""
    low, high = level.maps_to_min.code, level.maps_to_max.code
    return low if low == high else f"{low}–{high}"


# --- roles index ----------------------------------------------------------------------------


def role_index() -> list[Role]:
    positions = Position.objects.select_related("level__scale").order_by(
        "level__scale__order", "level__order"
    )
    return list(
        Role.objects.order_by("order").prefetch_related(Prefetch("positions", queryset=positions))
    )


def existing_roles() -> list[dict[str, str]]:
    """What a 404 page lists: every role, by slug and name."""
    return [
        {"slug": slug, "name": name}
        for slug, name in Role.objects.order_by("order").values_list("slug", "name")
    ]


def existing_positions(role_slug: str) -> tuple[Role | None, list[Position]]:
    role = Role.objects.filter(slug=role_slug).first()
    if role is None:
        return None, []
    positions = list(
        role.positions.select_related("level__scale").order_by(
            "level__scale__order", "level__order"
        )
    )
    return role, positions


# --- shared pieces --------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A cited piece of prose: a role-wide statement, a skill, a bullet."""

    anchor: str
    label: str
    text: str
    citation: Citation


@dataclass(frozen=True)
class Classification:
    system: str
    code: str
    title: str
    citation: Citation


@dataclass(frozen=True)
class SharedAbbreviation:
    text: str
    roles: list[tuple[str, str]]  # (name, url) of the other roles it also means


def classifications_of(role: Role, citations: Citations) -> list[Classification]:
    return [
        Classification(c.system, c.code, c.title, citations.cite(c.source_id, c.confidence))
        for c in role.classifications.all()
    ]


def categories(classifications: Iterable[Classification]) -> list[jsonld.Category]:
    return [jsonld.Category(c.system, c.code, c.title) for c in classifications]


# --- role profile ---------------------------------------------------------------------------


# The order of the role page's sections of role-wide statements, after the fixed ones.
ROLE_TOPIC_SECTIONS = [
    RoleTopic.DAY_IN_THE_LIFE,
    RoleTopic.WHEN_TO_HIRE,
    RoleTopic.HIRING_SIGNAL,
    RoleTopic.COLLABORATION,
    RoleTopic.SKILL_BUILDING,
    RoleTopic.MARKET_CONTEXT,
    RoleTopic.JOB_DESCRIPTION,
    RoleTopic.MYTH,
    RoleTopic.FAQ,
]


@dataclass(frozen=True)
class LabelGroup:
    label: str
    items: list[Item]


@dataclass(frozen=True)
class TopicSection:
    slug: str
    title: str
    items: list[Item]

    @property
    def groups(self) -> list[LabelGroup]:
        """Consecutive items under one label ("Platform/APIs" × 6) share a single heading."""
        groups: list[LabelGroup] = []
        for item in self.items:
            if groups and groups[-1].label == item.label:
                groups[-1].items.append(item)
            else:
                groups.append(LabelGroup(label=item.label, items=[item]))
        return groups


@dataclass(frozen=True)
class Rung:
    position: Position
    url: str
    years: str
    maps_to: str
    career_path: Item | None


@dataclass(frozen=True)
class ScaleLadder:
    scale: Scale
    rungs: list[Rung]


@dataclass(frozen=True)
class PayRelationView:
    relative_to_name: str
    relative_to_url: str
    premium_min_pct: int
    premium_max_pct: int
    example: str
    note: str
    citation: Citation


@dataclass
class RoleProfile:
    role: Role
    url: str
    citation: Citation
    abbreviations: list[str]
    title_aliases: list[str]
    shared_abbreviations: list[SharedAbbreviation]
    classifications: list[Classification]
    topics: dict[str, list[Item]]
    skills: list[Item]
    tools: list[Item]
    competencies: BarChart | None
    competency_items: list[Item]
    ladders: list[ScaleLadder]
    pay_rows: list[PayRow]
    pay_charts: list[RangeChart]
    pay_relations: list[PayRelationView]
    more_topics: list[TopicSection]
    sources: list[CitedSource]
    jsonld: SafeString = field(default=SafeString(""))

    def topic(self, slug: str) -> list[Item]:
        return self.topics.get(slug, [])

    @property
    def distinct_from(self) -> list[Item]:
        return self.topic(RoleTopic.DISTINCT_FROM)

    @property
    def snapshot(self) -> list[Item]:
        return self.topic(RoleTopic.SNAPSHOT)

    @property
    def responsibilities(self) -> list[Item]:
        return self.topic(RoleTopic.RESPONSIBILITY)

    @property
    def kpis(self) -> list[Item]:
        return self.topic(RoleTopic.KPI)

    @property
    def deliverables(self) -> list[Item]:
        return self.topic(RoleTopic.DELIVERABLE)

    @property
    def transitions(self) -> list[Item]:
        return self.topic(RoleTopic.TRANSITION)

    @property
    def career_outlook(self) -> list[Item]:
        return self.topic(RoleTopic.CAREER_OUTLOOK)

    @property
    def rungs(self) -> list[Rung]:
        return [rung for ladder in self.ladders for rung in ladder.rungs]


def role_profile_queryset() -> Any:
    career_paths = Statement.objects.filter(
        dimension__slug=CAREER_DIMENSION, aspect__slug=CAREER_ASPECT
    )
    positions = (
        Position.objects.select_related("level__scale", "level__maps_to_min", "level__maps_to_max")
        .order_by("level__scale__order", "level__order")
        .prefetch_related(
            Prefetch("statements", queryset=career_paths, to_attr="career_paths"),
            "bands__region",
        )
    )
    return Role.objects.prefetch_related(
        "aliases",
        "classifications",
        "skills",
        "competencies",
        "statements",
        "pay_relations__relative_to",
        Prefetch("positions", queryset=positions),
    )


def role_profile(role_slug: str) -> RoleProfile:
    """Raises Role.DoesNotExist for an unknown role."""
    role = role_profile_queryset().get(slug=role_slug)
    abbreviations = [a.text for a in role.aliases.all() if a.kind == AliasKind.ABBREVIATION]
    # Which of this role's abbreviations other roles use too ("TPM"): one query.
    others = _abbreviation_rows(text__in=abbreviations) if abbreviations else []
    return _shape_role(role, Citations.load(), others)


def role_profiles() -> Iterator[RoleProfile]:
    """Every role's profile, in ladder order, from a constant number of queries: the loader
    renders every role page with it (the queries of one page, per role, were a sixth of the
    ×100 load: profiled)."""
    roles = list(role_profile_queryset().order_by("order"))
    sources = list(Source.objects.all())
    others = _abbreviation_rows()
    for role in roles:
        yield _shape_role(role, Citations(sources), others)


def _abbreviation_rows(**condition: Any) -> list[dict[str, Any]]:
    rows = (
        RoleAlias.objects.filter(kind=AliasKind.ABBREVIATION, **condition)
        .order_by("role__order")
        .values("text", "role_id", "role__slug", "role__name")
    )
    return [dict(row) for row in rows]


def _shape_role(role: Role, citations: Citations, others: list[dict[str, Any]]) -> RoleProfile:
    """`role` from role_profile_queryset(); `others`: abbreviation rows that may name it."""
    url = role_url(role.slug)
    aliases = list(role.aliases.all())
    abbreviations = [a.text for a in aliases if a.kind == AliasKind.ABBREVIATION]
    title_aliases = [a.text for a in aliases if a.kind == AliasKind.TITLE]

    shared: dict[str, list[tuple[str, str]]] = {}
    for other in others:
        if other["text"] in abbreviations and other["role_id"] != role.pk:
            shared.setdefault(other["text"], []).append(
                (other["role__name"], role_url(other["role__slug"]))
            )

    role_citation = citations.cite(role.source_id, role.confidence)
    classifications = classifications_of(role, citations)

    topics: dict[str, list[Item]] = {}
    statements = sorted(role.statements.all(), key=lambda s: s.order)
    for statement in statements:
        topics.setdefault(statement.topic, []).append(
            Item(
                anchor=topic_anchor(statement.topic, statement.order),
                label=statement.label,
                text=statement.text,
                citation=citations.cite(statement.source_id, statement.confidence),
            )
        )

    skills: list[Item] = []
    tools: list[Item] = []
    for skill in role.skills.all():
        item = Item(
            anchor=f"skill-{skill.order + 1}",
            label=skill.name,
            text=skill.description,
            citation=citations.cite(skill.source_id, skill.confidence),
        )
        (tools if skill.kind == SkillKind.TOOL else skills).append(item)

    competency_items = [
        Item(
            anchor=f"competency-{c.order + 1}",
            label=c.name,
            text=str(c.weight),
            citation=citations.cite(c.source_id, c.confidence),
        )
        for c in role.competencies.all()
    ]
    competencies = None
    if competency_items:
        competencies = weight_chart(
            [(i.label, int(i.text), i.citation) for i in competency_items],
            slug="competencies",
            title=f"Competency weights of the {role.name}",
            description=(
                "Horizontal bars on a scale of 0 to 100, one per competency: "
                + ", ".join(f"{i.label} {i.text}" for i in competency_items)
                + "."
            ),
        )

    ladders: dict[int, ScaleLadder] = {}
    pay_rows: list[PayRow] = []
    for position in role.positions.all():
        level = position.level
        career = next(iter(position.career_paths), None)  # type: ignore[attr-defined]
        rung = Rung(
            position=position,
            url=position_url(role.slug, level.slug),
            years=years_label(*level_years(level)),
            maps_to=mapping_label(level),
            career_path=Item(
                anchor=statement_anchor(CAREER_DIMENSION, CAREER_ASPECT, career.order),
                label=level.code,
                text=career.text,
                citation=citations.cite(career.source_id, career.confidence),
            )
            if career
            else None,
        )
        ladders.setdefault(level.scale_id, ScaleLadder(scale=level.scale, rungs=[])).rungs.append(
            rung
        )
        for band in position.bands.all():  # type: ignore[attr-defined]
            pay_rows.append(
                pay_row(
                    band,
                    label=level.code,
                    title=position.title,
                    url=rung.url + "#pay",
                    citation=citations.cite(band.source_id, band.confidence),
                )
            )

    pay_charts = [
        range_chart(
            group,
            slug=f"pay-{index}",
            subject=f"{role.name} at each level",
            label_width=110,
        )
        for index, group in enumerate(group_pay_rows(pay_rows), start=1)
    ]

    relations = []
    for relation in role.pay_relations.all():  # type: ignore[attr-defined]
        example = ""
        if relation.example_reference is not None:
            example = (
                f"{relation.relative_to.name}: about {relation.example_reference:,} "
                f"{relation.example_currency}; {role.name}: "
                f"{relation.example_minimum:,}–{relation.example_maximum:,} "
                f"{relation.example_currency}"
            )
        relations.append(
            PayRelationView(
                relative_to_name=relation.relative_to.name,
                relative_to_url=role_url(relation.relative_to.slug),
                premium_min_pct=relation.premium_min_pct,
                premium_max_pct=relation.premium_max_pct,
                example=example,
                note=relation.note,
                citation=citations.cite(relation.source_id, relation.confidence),
            )
        )

    labels = dict(RoleTopic.choices)
    more_topics = [
        TopicSection(slug=topic.value, title=labels[topic.value], items=topics[topic.value])
        for topic in ROLE_TOPIC_SECTIONS
        if topics.get(topic.value)
    ]

    profile = RoleProfile(
        role=role,
        url=url,
        citation=role_citation,
        abbreviations=abbreviations,
        title_aliases=title_aliases,
        shared_abbreviations=[SharedAbbreviation(t, r) for t, r in shared.items()],
        classifications=classifications,
        topics=topics,
        skills=skills,
        tools=tools,
        competencies=competencies,
        competency_items=competency_items,
        ladders=list(ladders.values()),
        pay_rows=pay_rows,
        pay_charts=pay_charts,
        pay_relations=relations,
        more_topics=more_topics,
        sources=citations.cited,
    )
    profile.jsonld = jsonld.script_json(role_occupation(profile))
    return profile


def role_occupation(profile: RoleProfile) -> dict[str, Any]:
    rungs = [r for r in profile.rungs if not r.position.level.is_title_level]
    first = rungs[0].position.level if rungs else None
    experience = ""
    if rungs:
        experience = "; ".join(f"{r.position.level.code}: {r.years}" for r in rungs if r.years)
    return jsonld.occupation(
        name=profile.role.name,
        description=profile.role.summary,
        url=profile.url,
        responsibilities=[item.text for item in profile.responsibilities],
        skills=[item.label for item in profile.skills],
        months_of_experience=first.years_min * 12 if first and first.years_min else None,
        experience_description=experience,
        categories=categories(profile.classifications),
        salaries=[
            (f"{row.label}, {row.basis_label.lower()}, {row.region}", row)
            for row in profile.pay_rows
        ],
    )


# --- position profile -----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One aspect of a dimension; `item` is None when the position does not state it."""

    anchor: str
    aspect_name: str
    aspect_description: str
    item: Item | None


@dataclass(frozen=True)
class DimensionSection:
    dimension: Dimension
    cells: list[Cell]
    bullets: list[Item]

    @property
    def provenance(self) -> list[Citation]:
        items = [c.item for c in self.cells if c.item] + self.bullets
        return sources_of(item.citation for item in items)

    @property
    def is_empty(self) -> bool:
        return not self.bullets and not any(c.item for c in self.cells)


@dataclass(frozen=True)
class LevelDefinition:
    level: Level
    rows: list[tuple[str, str]]
    citation: Citation | None


@dataclass(frozen=True)
class Neighbour:
    position: Position
    url: str
    relation: str  # "Level below", "TPM I maps onto P3"…


@dataclass
class PositionProfile:
    position: Position
    role: Role
    level: Level
    url: str
    citation: Citation
    years: str
    months_of_experience: int | None
    definitions: list[LevelDefinition]
    mapping_citation: Citation | None
    dimensions: list[DimensionSection]
    pay_rows: list[PayRow]
    classifications: list[Classification]
    previous: Neighbour | None
    next: Neighbour | None
    same_role: list[Neighbour]
    other_roles: list[Neighbour]
    more_roles: int  # other roles at this level beyond those listed
    sources: list[CitedSource]
    jsonld: SafeString = field(default=SafeString(""))

    @property
    def maps_to(self) -> str:
        return mapping_label(self.level)

    def dimension(self, slug: str) -> DimensionSection | None:
        return next((d for d in self.dimensions if d.dimension.slug == slug), None)


def definition_of(level: Level, citations: Citations) -> LevelDefinition:
    rows = [(label, getattr(level, name)) for name, label in DEFINITION_FIELDS]
    citation = None
    if level.definition_source_id:
        citation = citations.cite(level.definition_source_id, level.definition_confidence)
    return LevelDefinition(level=level, rows=[(k, v) for k, v in rows if v], citation=citation)


def _position_queryset() -> Any:
    return Position.objects.select_related(
        "role",
        "level__scale",
        "level__maps_to_min__scale",
        "level__maps_to_max",
    ).prefetch_related("statements", "role__classifications")


def _dimensions() -> list[Dimension]:
    """The framework's dimensions and aspects, ordered for display: two queries."""
    return list(Dimension.objects.prefetch_related("aspects").order_by("order"))


def position_profile(role_slug: str, level_slug: str) -> PositionProfile:
    """Raises Position.DoesNotExist for an unknown role or level."""
    position = _position_queryset().get(role__slug=role_slug, level__slug=level_slug)
    bands = list(position.bands.select_related("region").order_by("order"))  # type: ignore[attr-defined]
    return _shape_position(
        position,
        citations=Citations.load(),
        dimensions=_dimensions(),
        bands=bands,
        neighbours=neighbours_of(position),
    )


def position_profiles() -> Iterable[PositionProfile]:
    """Every position's profile, in ladder order, from a constant number of queries: the loader
    renders every position page with it (a query set per page would cost more than the pages)."""
    band_model = Position._meta.get_field("bands").related_model
    bands = band_model.objects.select_related("region").order_by("order")  # type: ignore[union-attr]
    positions = list(
        _position_queryset()
        .prefetch_related(Prefetch("bands", queryset=bands, to_attr="ordered_bands"))
        .ladder_order()
    )
    sources = list(Source.objects.all())
    dimensions = _dimensions()
    levels = list({p.level.pk: p.level for p in positions}.values())
    by_role: dict[int, list[Position]] = {}
    by_level: dict[int, list[Position]] = {}
    for position in positions:
        by_role.setdefault(position.role_id, []).append(position)
        by_level.setdefault(position.level_id, []).append(position)
    for position in positions:
        level = position.level
        at_level = {level.pk}
        if level.is_title_level and level.maps_to_min and level.maps_to_max:
            low, high = level.maps_to_min.order, level.maps_to_max.order
            at_level |= {
                other.pk
                for other in levels
                if other.scale_id == level.maps_to_min.scale_id and low <= other.order <= high
            }
        # Each level's positions are in ladder order already: merge, skip the role's own, and
        # read no further than the page shows.
        others = (
            other
            for other in merge(*(by_level.get(pk, []) for pk in at_level), key=_ladder_key)
            if other.role_id != position.role_id
        )
        own_there = sum(1 for p in by_role[position.role_id] if p.level_id in at_level)
        total = sum(len(by_level.get(pk, [])) for pk in at_level) - own_there
        yield _shape_position(
            position,
            citations=Citations(sources),
            dimensions=dimensions,
            bands=position.ordered_bands,  # type: ignore[attr-defined]
            neighbours=neighbours_from(
                position,
                by_role[position.role_id],
                list(islice(others, OTHER_ROLES_SHOWN)),
                total,
            ),
        )


def _ladder_key(position: Position) -> tuple[int, int, int]:
    return (position.role.order, position.level.scale.order, position.level.order)


def _shape_position(
    position: Position,
    *,
    citations: Citations,
    dimensions: list[Dimension],
    bands: list[Any],
    neighbours: "Neighbours",
) -> PositionProfile:
    role, level = position.role, position.level
    url = position_url(role.slug, level.slug)
    position_citation = citations.cite(position.source_id, position.confidence)

    definitions: list[LevelDefinition] = []
    mapping_citation = None
    if level.is_title_level and level.maps_to_min and level.maps_to_max:
        mapping_citation = citations.cite(level.mapping_source_id, level.mapping_confidence)  # type: ignore[arg-type]
        ends = [level.maps_to_min, level.maps_to_max]
        if ends[0].pk == ends[1].pk:
            ends = ends[:1]
        definitions = [definition_of(end, citations) for end in ends]
    else:
        definitions = [definition_of(level, citations)]

    by_dimension: dict[int, list[Statement]] = {}
    for statement in position.statements.all():
        by_dimension.setdefault(statement.dimension_id, []).append(statement)

    sections = []
    for dimension in dimensions:
        statements = by_dimension.get(dimension.pk, [])
        cells_by_aspect = {s.aspect_id: s for s in statements if s.aspect_id is not None}
        cells = []
        for aspect in dimension.aspects.all():
            cell = cells_by_aspect.get(aspect.pk)
            anchor = statement_anchor(dimension.slug, aspect.slug, aspect.order)
            cells.append(
                Cell(
                    anchor=anchor,
                    aspect_name=aspect.name,
                    aspect_description=aspect.description,
                    item=Item(
                        anchor=anchor,
                        label=cell.label,
                        text=cell.text,
                        citation=citations.cite(cell.source_id, cell.confidence),
                    )
                    if cell
                    else None,
                )
            )
        bullets = [
            Item(
                anchor=statement_anchor(dimension.slug, None, s.order),
                label=s.label,
                text=s.text,
                citation=citations.cite(s.source_id, s.confidence),
            )
            for s in sorted(statements, key=lambda s: s.order)
            if s.aspect_id is None
        ]
        sections.append(DimensionSection(dimension=dimension, cells=cells, bullets=bullets))

    pay_rows = [
        pay_row(
            band,
            label=band.region.name,
            title=position.title,
            url=url + "#pay",
            citation=citations.cite(band.source_id, band.confidence),
        )
        for band in bands
    ]

    classifications = classifications_of(role, citations)
    previous, following, same_role, other_roles, more_roles = neighbours
    low, high = level_years(level)
    profile = PositionProfile(
        position=position,
        role=role,
        level=level,
        url=url,
        citation=position_citation,
        years=years_label(low, high),
        months_of_experience=low * 12 if low is not None else None,
        definitions=definitions,
        mapping_citation=mapping_citation,
        dimensions=sections,
        pay_rows=pay_rows,
        classifications=classifications,
        previous=previous,
        next=following,
        same_role=same_role,
        other_roles=other_roles,
        more_roles=more_roles,
        sources=citations.cited,
    )
    profile.jsonld = jsonld.script_json(position_occupation(profile))
    return profile


# Other roles at a position's level, listed on its page: enough to move sideways, and a page
# that stays the same size (and cost) however many roles the ladder has.
OTHER_ROLES_SHOWN = 8


Neighbours = tuple[Neighbour | None, Neighbour | None, list[Neighbour], list[Neighbour], int]


def neighbours_of(position: Position) -> Neighbours:
    """The level below and above in the same scale; the same role's positions on the other
    scale that this level maps onto or from; the first OTHER_ROLES_SHOWN other roles at this
    level (or, for a title level, at the P-levels it maps onto), and how many more there are.
    Two queries, whatever the number of roles."""
    level = position.level
    at_level = Q(level_id=level.pk)
    if level.is_title_level and level.maps_to_min and level.maps_to_max:
        at_level |= Q(
            level__scale_id=level.maps_to_min.scale_id,
            level__order__gte=level.maps_to_min.order,
            level__order__lte=level.maps_to_max.order,
        )
    ordered = Position.objects.select_related(
        "role", "level__scale", "level__maps_to_min", "level__maps_to_max"
    ).ladder_order()
    own = list(ordered.filter(role_id=position.role_id))
    # The window counts every other role's position before the slice: no third query.
    shown = list(
        ordered.filter(at_level)
        .exclude(role_id=position.role_id)
        .annotate(total=Window(Count("pk")))[:OTHER_ROLES_SHOWN]
    )
    total = shown[0].total if shown else 0  # type: ignore[attr-defined]
    return neighbours_from(position, own, shown, total)


def neighbours_from(
    position: Position, own: list[Position], shown: list[Position], total: int
) -> Neighbours:
    """The neighbours, from the role's own positions (in ladder order) and the other roles'
    positions to show at this level (of `total`)."""
    level = position.level

    def link(other: Position, relation: str) -> Neighbour:
        return Neighbour(other, position_url(other.role.slug, other.level.slug), relation)

    same_scale = [p for p in own if p.level.scale_id == level.scale_id]
    index = next(i for i, p in enumerate(same_scale) if p.pk == position.pk)
    previous = link(same_scale[index - 1], "Level below") if index > 0 else None
    following = link(same_scale[index + 1], "Level above") if index + 1 < len(same_scale) else None

    same_role: list[Neighbour] = []
    for other in own:
        other_level = other.level
        if other_level.scale_id == level.scale_id:
            continue
        if level.is_title_level and _within(other_level, level):
            same_role.append(link(other, f"{level.code} maps onto {other_level.code}"))
        elif other_level.is_title_level and _within(level, other_level):
            same_role.append(
                link(other, f"{other_level.code} maps onto {mapping_label(other_level)}")
            )
    other_roles = [link(other, "") for other in shown]  # its title says the role and the level
    return previous, following, same_role, other_roles, total - len(shown)


def _within(p_level: Level, title_level: Level) -> bool:
    low, high = title_level.maps_to_min, title_level.maps_to_max
    if low is None or high is None or p_level.scale_id != low.scale_id:
        return False
    return low.order <= p_level.order <= high.order


def position_occupation(profile: PositionProfile) -> dict[str, Any]:
    responsibilities = profile.dimension(RESPONSIBILITIES_DIMENSION)
    skills = profile.dimension(SKILLS_DIMENSION)

    def texts(section: DimensionSection | None) -> list[str]:
        if section is None:
            return []
        return [c.item.text for c in section.cells if c.item] + [b.text for b in section.bullets]

    level = profile.level
    experience = ""
    if profile.years:
        experience = f"{profile.years} typical experience"
        if level.is_title_level:
            experience += f" (from its mapping onto {mapping_label(level)})"
    return jsonld.occupation(
        name=profile.position.title,
        description=profile.position.summary,
        url=profile.url,
        responsibilities=texts(responsibilities),
        skills=texts(skills),
        months_of_experience=profile.months_of_experience,
        experience_description=experience,
        categories=categories(profile.classifications),
        salaries=[(f"{row.basis_label}, {row.region}", row) for row in profile.pay_rows],
    )
