"""Reads for the levels pages: the scales, their levels and how title levels map onto the
P-scale. Levels know neither roles nor pay."""

from dataclasses import dataclass

from ladder.citations import Citation, Citations, CitedSource
from levels.models import Level, Scale, ScaleKind

DEFINITION_FIELDS = [
    ("scope", "Scope"),
    ("autonomy", "Autonomy"),
    ("complexity", "Complexity"),
    ("impact", "Impact"),
    ("decision_rights", "Decision rights"),
    ("leadership", "Leadership"),
    ("typical_experience", "Typical experience"),
]


def ladder_levels() -> list[Level]:
    """Every level of every scale, in ladder order, with its scale and mapping: one query."""
    return list(Level.objects.select_related("scale", "maps_to_min", "maps_to_max").ladder_order())


@dataclass(frozen=True)
class MapRow:
    """A title level laid over the P-scale: `before` empty columns, then `span` columns."""

    level: Level
    before: int
    span: int
    after: int
    citation: Citation | None = None

    @property
    def before_cells(self) -> range:
        return range(self.before)

    @property
    def after_cells(self) -> range:
        return range(max(self.after, 0))

    @property
    def maps_to(self) -> str:
        low, high = self.level.maps_to_min, self.level.maps_to_max
        if low is None or high is None:
            return ""
        return low.code if low.pk == high.pk else f"{low.code}–{high.code}"


@dataclass(frozen=True)
class TitleScale:
    scale: Scale
    rows: list[MapRow]


@dataclass(frozen=True)
class ScaleMap:
    professional: Scale | None
    p_levels: list[Level]
    title_scales: list[TitleScale]


def scale_map(levels: list[Level], citations: Citations | None = None) -> ScaleMap:
    """The P-scale at a glance with every title scale mapped onto it (no query of its own)."""
    p_levels = [lv for lv in levels if lv.scale.kind == ScaleKind.PROFESSIONAL]
    professional = p_levels[0].scale if p_levels else None
    p_levels = [lv for lv in p_levels if professional and lv.scale_id == professional.pk]
    column = {lv.pk: i for i, lv in enumerate(p_levels)}
    scales: dict[int, TitleScale] = {}
    for level in levels:
        if level.scale.kind != ScaleKind.TITLE:
            continue
        start = column.get(level.maps_to_min_id or 0)
        end = column.get(level.maps_to_max_id or 0)
        if start is None or end is None:
            start, end = 0, -1  # not mapped onto this P-scale: an empty row
        citation = None
        if citations is not None and level.mapping_source_id:
            citation = citations.cite(level.mapping_source_id, level.mapping_confidence)
        span = end - start + 1
        row = MapRow(
            level=level,
            before=start,
            span=span,
            after=len(p_levels) - start - max(span, 0),
            citation=citation,
        )
        scales.setdefault(level.scale_id, TitleScale(scale=level.scale, rows=[])).rows.append(row)
    return ScaleMap(
        professional=professional, p_levels=p_levels, title_scales=list(scales.values())
    )


@dataclass(frozen=True)
class RubricRow:
    label: str
    cells: list[str]


@dataclass(frozen=True)
class LevelRubric:
    scale_map: ScaleMap
    rows: list[RubricRow]
    citations: list[Citation | None]  # one per P-level column
    sources: list[CitedSource]


def level_rubric() -> LevelRubric:
    """The /levels/ page: the universal level definition as a matrix (definition dimensions ×
    P-levels) and each title scale's mapping. Two queries: levels, sources."""
    levels = ladder_levels()
    citations = Citations.load()
    mapped = scale_map(levels, citations)
    rows = [
        RubricRow(label=label, cells=[getattr(lv, name) or "" for lv in mapped.p_levels])
        for name, label in DEFINITION_FIELDS
    ]
    column_citations = [
        citations.cite(lv.definition_source_id, lv.definition_confidence)
        if lv.definition_source_id
        else None
        for lv in mapped.p_levels
    ]
    return LevelRubric(
        scale_map=mapped,
        rows=rows,
        citations=column_citations,
        sources=citations.cited,
    )
