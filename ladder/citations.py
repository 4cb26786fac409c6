"""Citations on a page: every fact shows its source and confidence, numbered like a bibliography.

A page loads the sources once (one query), cites them while its selector shapes the data, and
lists at the end the sources it cited with the confidences it cited them at. Numbers follow the
sources' display order, so source 6 is source 6 on every page and on /sources/.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from ladder.models import Confidence, Source, SourceKind

CONFIDENCE_LABELS = dict(Confidence.choices)
KIND_LABELS = dict(SourceKind.choices)
CONFIDENCE_RANK = {value: rank for rank, value in enumerate(Confidence.values)}


@dataclass(frozen=True)
class Citation:
    number: int
    source: Source
    confidence: str

    @property
    def is_editorial(self) -> bool:
        return self.source.kind == SourceKind.EDITORIAL

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS.get(self.confidence, self.confidence).lower()

    @property
    def anchor(self) -> str:
        return f"source-{self.source.slug}"

    @property
    def text(self) -> str:
        """What a screen reader hears for the citation mark."""
        return f"{self.source.title}, {self.confidence_label} confidence"


@dataclass
class CitedSource:
    number: int
    source: Source
    confidences: set[str] = field(default_factory=set)
    count: int = 0

    @property
    def is_editorial(self) -> bool:
        return self.source.kind == SourceKind.EDITORIAL

    @property
    def kind_label(self) -> str:
        # As get_kind_display(), which builds its lookup of the choices on every call.
        return str(KIND_LABELS.get(self.source.kind, self.source.kind))

    @property
    def anchor(self) -> str:
        return f"source-{self.source.slug}"

    @property
    def confidence_labels(self) -> list[str]:
        ordered = sorted(self.confidences, key=lambda c: CONFIDENCE_RANK.get(c, 99))
        return [CONFIDENCE_LABELS.get(c, c).lower() for c in ordered]


class Citations:
    def __init__(self, sources: Iterable[Source]) -> None:
        ordered = sorted(sources, key=lambda s: s.order)
        self._numbers = {source.pk: n for n, source in enumerate(ordered, start=1)}
        self._sources = {source.pk: source for source in ordered}
        self._cited: dict[int, CitedSource] = {}

    @classmethod
    def load(cls) -> "Citations":
        return cls(Source.objects.all())

    def cite(self, source_id: int, confidence: str, times: int = 1) -> Citation:
        """The citation's mark, counted `times` for the page's list of sources."""
        source = self._sources[source_id]
        number = self._numbers[source_id]
        cited = self._cited.setdefault(source_id, CitedSource(number=number, source=source))
        cited.confidences.add(confidence)
        cited.count += times
        return Citation(number=number, source=source, confidence=confidence)

    def all_sources(self) -> list[Source]:
        return list(self._sources.values())

    def number_of(self, source_id: int) -> int:
        return self._numbers[source_id]

    @property
    def cited(self) -> list[CitedSource]:
        return sorted(self._cited.values(), key=lambda c: c.number)


def sources_of(citations: Iterable[Citation]) -> list[Citation]:
    """One citation per source and confidence, in number order: a dimension's provenance line."""
    seen: dict[tuple[int, str], Citation] = {}
    for citation in citations:
        seen.setdefault((citation.number, citation.confidence), citation)
    return sorted(seen.values(), key=lambda c: (c.number, CONFIDENCE_RANK.get(c.confidence, 99)))
