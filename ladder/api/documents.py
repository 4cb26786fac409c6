"""The heavy documents — a position with everything, the whole ladder — built as plain dicts from
`.values()` rows in a fixed number of queries (no model instances, no per-row serializer work).
Their shapes are declared in ladder.api.serializers and checked against the schema in tests.

Queries: position documents for any number of positions, 6 (positions, sources, dimensions,
aspects, statements, bands); the export, 21.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet

from compensation.models import Band, PayRelation, Region
from compensation.serializers import band_id
from ladder.api import API_VERSION
from ladder.api.links import ApiLinks
from ladder.api.serializers import FrameworkSerializer, SourceSerializer
from ladder.models import Framework, Source
from levels.api import levels_shaped
from levels.models import Level, Scale
from levels.serializers import LevelSerializer
from roles.api import roles_shaped
from roles.models import Aspect, Dimension, Position, Role, Statement
from roles.serializers import RoleDetailSerializer

POSITION_FIELDS = (
    "id",
    "key",
    "title",
    "summary",
    "confidence",
    "source_id",
    "role_id",
    "role__slug",
    "role__name",
    "level__slug",
    "level__code",
    "level__name",
    "level__scale__slug",
    "level__scale__name",
    "level__scale__kind",
    "level__maps_to_min__slug",
    "level__maps_to_min__code",
    "level__maps_to_min__name",
    "level__maps_to_max__slug",
    "level__maps_to_max__code",
    "level__maps_to_max__name",
    "level__mapping_note",
    "level__mapping_source_id",
    "level__mapping_confidence",
)


class PositionDocuments:
    """Builds position documents for a queryset of positions, in the queryset's order."""

    def __init__(self, links: ApiLinks) -> None:
        self.links = links
        self._sources: dict[int, dict[str, str]] | None = None

    @property
    def sources(self) -> dict[int, dict[str, str]]:
        """Every source's reference by id, in the sources' own order (one query, once)."""
        if self._sources is None:
            self._sources = {
                row["id"]: {
                    "slug": row["slug"],
                    "title": row["title"],
                    "url": self.links.detail("source", row["slug"]),
                }
                for row in Source.objects.order_by("order").values("id", "slug", "title")
            }
        return self._sources

    def source_ref(self, source_id: int) -> dict[str, str]:
        return self.sources[source_id]

    def build(self, positions: QuerySet[Position]) -> list[dict[str, Any]]:
        rows = list(positions.values(*POSITION_FIELDS))
        if not rows:
            return []
        selected = positions.values("id")
        dimensions: list[dict[str, Any]] = [
            dict(d)
            for d in Dimension.objects.order_by("order").values("id", "slug", "name", "description")
        ]
        aspects_by_dimension: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for aspect in Aspect.objects.order_by("dimension__order", "order").values(
            "id", "dimension_id", "slug", "name", "description"
        ):
            aspects_by_dimension[aspect["dimension_id"]].append(dict(aspect))

        cells: dict[tuple[int, int], dict[str, Any]] = {}
        bullets: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        cited: dict[int, set[int]] = defaultdict(set)
        for s in (
            Statement.objects.filter(position__in=selected)
            .order_by("position_id", "dimension_id", "order", "id")
            .values(
                "position_id",
                "dimension_id",
                "aspect_id",
                "label",
                "text",
                "order",
                "source_id",
                "confidence",
            )
        ):
            statement = {
                "label": s["label"],
                "text": s["text"],
                "order": s["order"],
                "source": self.source_ref(s["source_id"]),
                "confidence": s["confidence"],
            }
            cited[s["position_id"]].add(s["source_id"])
            if s["aspect_id"] is None:
                bullets[s["position_id"], s["dimension_id"]].append(statement)
            else:
                cells[s["position_id"], s["aspect_id"]] = statement

        bands: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for b in (
            Band.objects.filter(position__in=selected)
            .order_by("position_id", "order")
            .values(
                "position_id",
                "position__key",
                "region__code",
                "region__name",
                "currency",
                "basis",
                "minimum",
                "median",
                "maximum",
                "maximum_is_open",
                "year",
                "note",
                "source_id",
                "confidence",
            )
        ):
            identifier = band_id(b["position__key"], b["region__code"], b["currency"], b["basis"])
            cited[b["position_id"]].add(b["source_id"])
            bands[b["position_id"]].append(
                {
                    "id": identifier,
                    "url": self.links.detail("band", identifier),
                    "region": {"code": b["region__code"], "name": b["region__name"]},
                    "currency": b["currency"],
                    "basis": b["basis"],
                    "minimum": b["minimum"],
                    "median": b["median"],
                    "maximum": b["maximum"],
                    "maximum_is_open": b["maximum_is_open"],
                    "year": b["year"],
                    "note": b["note"],
                    "source": self.source_ref(b["source_id"]),
                    "confidence": b["confidence"],
                }
            )

        return [
            self._document(row, dimensions, aspects_by_dimension, cells, bullets, bands, cited)
            for row in rows
        ]

    def _document(
        self,
        row: dict[str, Any],
        dimensions: list[dict[str, Any]],
        aspects_by_dimension: dict[int, list[dict[str, Any]]],
        cells: dict[tuple[int, int], dict[str, Any]],
        bullets: dict[tuple[int, int], list[dict[str, Any]]],
        bands: dict[int, list[dict[str, Any]]],
        cited: dict[int, set[int]],
    ) -> dict[str, Any]:
        links = self.links
        pid = row["id"]
        cited[pid].add(row["source_id"])
        sources = [self.source_ref(source_id) for source_id in self._in_source_order(cited[pid])]
        return {
            "key": row["key"],
            "title": row["title"],
            "url": links.detail("position", row["key"]),
            "html_url": links.position_page(row["role__slug"], row["level__slug"]),
            "summary": row["summary"],
            "role": {
                "slug": row["role__slug"],
                "name": row["role__name"],
                "url": links.detail("role", row["role__slug"]),
            },
            "level": {
                "slug": row["level__slug"],
                "code": row["level__code"],
                "name": row["level__name"],
                "url": links.detail("level", row["level__slug"]),
                "scale": {
                    "slug": row["level__scale__slug"],
                    "name": row["level__scale__name"],
                    "kind": row["level__scale__kind"],
                    "url": links.detail("scale", row["level__scale__slug"]),
                },
                "maps_to": self._mapping(row),
            },
            "source": self.source_ref(row["source_id"]),
            "confidence": row["confidence"],
            "dimensions": [
                {
                    "slug": d["slug"],
                    "name": d["name"],
                    "description": d["description"],
                    "aspects": [
                        {
                            "slug": a["slug"],
                            "name": a["name"],
                            "description": a["description"],
                            "statement": cells.get((pid, a["id"])),
                        }
                        for a in aspects_by_dimension[d["id"]]
                    ],
                    "statements": bullets.get((pid, d["id"]), []),
                }
                for d in dimensions
            ],
            "bands": bands.get(pid, []),
            "bands_url": links.collection("band", position=row["key"]),
            "sources": sources,
        }

    def _mapping(self, row: dict[str, Any]) -> dict[str, Any] | None:
        if row["level__maps_to_min__slug"] is None:
            return None
        links = self.links
        return {
            "minimum": {
                "slug": row["level__maps_to_min__slug"],
                "code": row["level__maps_to_min__code"],
                "name": row["level__maps_to_min__name"],
                "url": links.detail("level", row["level__maps_to_min__slug"]),
            },
            "maximum": {
                "slug": row["level__maps_to_max__slug"],
                "code": row["level__maps_to_max__code"],
                "name": row["level__maps_to_max__name"],
                "url": links.detail("level", row["level__maps_to_max__slug"]),
            },
            "note": row["level__mapping_note"],
            "source": self.source_ref(row["level__mapping_source_id"]),
            "confidence": row["level__mapping_confidence"],
        }

    def _in_source_order(self, source_ids: set[int]) -> list[int]:
        return [source_id for source_id in self.sources if source_id in source_ids]


def export_document(
    links: ApiLinks, context: dict[str, Any], positions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The whole ladder in one document, in a constant number of queries. `positions`: every
    position's document, when the caller has built them already."""
    framework = Framework.objects.first()
    documents = PositionDocuments(links)
    if positions is None:
        positions = documents.build(Position.objects.ladder_order())
    by_role: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for document in positions:
        by_role[document["role"]["slug"]].append(document)

    relations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in PayRelation.objects.order_by("role__order", "relative_to__order").values(
        "role_id",
        "relative_to__slug",
        "relative_to__name",
        "premium_min_pct",
        "premium_max_pct",
        "example_currency",
        "example_reference",
        "example_minimum",
        "example_maximum",
        "note",
        "source_id",
        "confidence",
    ):
        example = None
        if r["example_currency"]:
            example = {
                "currency": r["example_currency"],
                "reference": r["example_reference"],
                "minimum": r["example_minimum"],
                "maximum": r["example_maximum"],
            }
        relations[r["role_id"]].append(
            {
                "relative_to": {
                    "slug": r["relative_to__slug"],
                    "name": r["relative_to__name"],
                    "url": links.detail("role", r["relative_to__slug"]),
                },
                "premium_min_pct": r["premium_min_pct"],
                "premium_max_pct": r["premium_max_pct"],
                "example": example,
                "note": r["note"],
                "source": documents.source_ref(r["source_id"]),
                "confidence": r["confidence"],
            }
        )

    roles: list[Role] = list(roles_shaped(detail=True))
    role_data = RoleDetailSerializer(roles, many=True, context=context).data
    for role, data in zip(roles, role_data, strict=True):
        data["pay_relations"] = relations.get(role.pk, [])
        data["positions"] = by_role.get(role.slug, [])

    aspects: dict[int, list[dict[str, str]]] = defaultdict(list)
    for a in Aspect.objects.order_by("dimension__order", "order").values(
        "dimension_id", "slug", "name", "description"
    ):
        aspects[a["dimension_id"]].append(
            {"slug": a["slug"], "name": a["name"], "description": a["description"]}
        )
    scales = Scale.objects.prefetch_related(
        Prefetch("levels", queryset=levels_shaped(Level.objects.order_by("order")))
    ).order_by("order")

    return {
        "api_version": API_VERSION,
        "data_version": (framework.data_version if framework else "") or "empty",
        "framework": FrameworkSerializer(framework).data if framework else None,
        "sources": SourceSerializer(
            Source.objects.order_by("order"), many=True, context=context
        ).data,
        "dimensions": [
            {
                "slug": d["slug"],
                "name": d["name"],
                "description": d["description"],
                "aspects": aspects.get(d["id"], []),
            }
            for d in Dimension.objects.order_by("order").values("id", "slug", "name", "description")
        ],
        "scales": [
            {
                "slug": scale.slug,
                "name": scale.name,
                "url": links.detail("scale", scale.slug),
                "kind": scale.kind,
                "description": scale.description,
                "order": scale.order,
                "levels": LevelSerializer(scale.levels.all(), many=True, context=context).data,
            }
            for scale in scales
        ],
        "regions": list(Region.objects.order_by("order").values("code", "name")),
        "roles": role_data,
    }
